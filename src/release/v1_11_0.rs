//! 1.11.0: no change to settings.py and no specific instruction in the upgrade guide.

use super::{quiet, Release};

pub static RELEASE: Release = quiet("1.11.0", "no settings change", &[], false);
