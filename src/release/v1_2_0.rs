//! 1.2.0, Django 1.6, BASE_DIR, the Modoboa API: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::names::PROCESSORS;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.2.0",
    "Django 1.6, BASE_DIR, the Modoboa API",
    &[
        name("MODOBOA_API_URL"),
        value(
            PROCESSORS,
            "modoboa.core.context_processors.top_notifications",
        )
        .until("2.4.0"),
        import("django.conf", "global_settings")
            .generic()
            .optional()
            .dropped("1.4.0"),
        app("modoboa.extensions.radicale").until("1.3.0").optional(),
    ],
);
