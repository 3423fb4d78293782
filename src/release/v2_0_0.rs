//! 2.0.0, Django 3, the new admin interface, API v2: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.0.0",
    "Django 3, the new admin interface, API v2",
    &[
        name("SPECTACULAR_SETTINGS").generic(),
        app("drf_spectacular").generic(),
        name("DEFAULT_AUTO_FIELD").generic(),
        value(
            &["REST_FRAMEWORK"],
            "modoboa.core.drf_authentication.JWTAuthenticationWith2FA",
        )
        .until("2.3.0"),
    ],
);
