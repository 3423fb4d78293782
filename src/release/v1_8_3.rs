//! 1.8.3, BASE_DIR resolves links: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.8.3",
    "BASE_DIR resolves links",
    &[ident("BASE_DIR", "realpath").generic().optional()],
);
