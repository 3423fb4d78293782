//! 0.9.3: no settings change (`modoboa-admin.py deploy` appears).

use super::{quiet, Release};

pub static RELEASE: Release = quiet("0.9.3", "deploy command", &[], false);
