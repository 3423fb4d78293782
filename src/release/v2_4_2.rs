//! 2.4.2, webmail in the core: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.4.2",
    "webmail in the core",
    &[app("modoboa.webmail").optional()],
);
