//! 2.6.0, autoconfig and autodiscover: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.6.0",
    "autoconfig and autodiscover",
    &[
        app("modoboa.autoconfig"),
        name("EMAIL_CLIENT_CONNECTION_SETTINGS"),
    ],
);
