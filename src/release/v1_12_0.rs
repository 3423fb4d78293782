//! 1.12.0: no change to settings.py and no specific instruction in the upgrade guide.

use super::{Release};

pub static RELEASE: Release = Release::new("1.12.0", "no settings change");
