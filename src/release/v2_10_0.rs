//! 2.10.0: its deploy template is 2.9.3's; no settings change.

use super::{quiet, Release};

pub static RELEASE: Release = quiet("2.10.0", "no settings change", &[], false);
