//! 0.9.2: no settings change.

use super::{Release};

pub static RELEASE: Release = Release::new("0.9.2", "bug fixes");
