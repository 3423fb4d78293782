//! 2.9.2: no settings change the guide asks for.

use super::{quiet, Release};

pub static RELEASE: Release = quiet("2.9.2", "no settings change", &[], false);
