//! 2.12.0: comments of the template only (the autoconfig placeholders).

use super::{quiet, Release};

pub static RELEASE: Release = quiet("2.12.0", "no settings change", &[], false);
