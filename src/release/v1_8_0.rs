//! 1.8.0, Django's password validators: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.8.0",
    "Django's password validators",
    &[
        value(
            &["AUTH_PASSWORD_VALIDATORS"],
            "modoboa.core.password_validation.ComplexityValidator",
        ),
        name("AUTH_PASSWORD_VALIDATORS").generic(),
    ],
);
