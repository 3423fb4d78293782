//! 1.10.0, Django 1.11, MIDDLEWARE, transports: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.10.0",
    "Django 1.11, MIDDLEWARE, transports",
    &[name("MIDDLEWARE").generic(), app("modoboa.transport")],
);
