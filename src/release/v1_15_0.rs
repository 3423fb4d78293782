//! 1.15.0, Python 3 only, Django 2.2: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.15.0",
    "Python 3 only, Django 2.2",
    &[
        name("DISABLE_DASHBOARD_EXTERNAL_QUERIES"),
        name("PHONENUMBER_DB_FORMAT").generic().optional(),
        app("phonenumber_field").generic().optional(),
    ],
);
