//! 2.4.1: no settings change the guide asks for.

use super::{quiet, Release};

pub static RELEASE: Release = quiet("2.4.1", "no settings change", &[], false);
