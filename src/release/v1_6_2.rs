//! 1.6.2, bug fixes: no settings change, no manual step in the guide.

use super::{quiet, Release};

pub static RELEASE: Release = quiet("1.6.2", "bug fixes", &[], false);
