//! 2.0.5, no settings mark: known by its marks; its steps are not automated yet.

use super::{known, Release};

pub static RELEASE: Release = known("2.0.5", "no settings mark", &[]);
