//! 1.7.0, Django 1.10, parameters application, TEMPLATES: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::names::LOCAL_CONFIG;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.7.0",
    "Django 1.10, parameters application, TEMPLATES",
    &[app("modoboa.parameters"), mw(LOCAL_CONFIG)],
);
