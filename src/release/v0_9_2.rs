//! 0.9.2: no settings change.

use super::{quiet, Release};

pub static RELEASE: Release = quiet("0.9.2", "bug fixes", &[], false);
