//! 2.9.3, no settings mark: known by its marks; its steps are not automated yet.

use super::{known, Release};

pub static RELEASE: Release = known("2.9.3", "no settings mark", &[]);
