//! 1.4.0, Django 1.8, admin back in the core, the REST API: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.4.0",
    "Django 1.8, admin back in the core, the REST API",
    &[
        app("modoboa.relaydomains"),
        app("modoboa.limits"),
        app("rest_framework.authtoken").generic(),
        name("REST_FRAMEWORK").generic(),
        name("TEMPLATES").generic(),
    ],
);
