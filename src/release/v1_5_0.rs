//! 1.5.0, Django 1.9, API documentation: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.5.0",
    "Django 1.9, API documentation",
    &[
        app("rest_framework_swagger")
            .generic()
            .until("1.7.2")
            .optional(),
        app("rest_framework.swagger")
            .generic()
            .until("1.7.2")
            .optional(),
        name("SWAGGER_SETTINGS").generic().until("1.7.2"),
    ],
);
