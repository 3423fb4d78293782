//! 2.9.0, themes: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::names::PROCESSORS;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.9.0",
    "themes",
    &[value(PROCESSORS, "modoboa.core.context_processors.theme")],
);
