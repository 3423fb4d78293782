//! 0.7: the state before 0.8, when the project was called mailng. Nothing to apply.

use super::marks::*;
use super::names::MIDDLEWARE_CLASSES;
use super::Release;

pub static RELEASE: Release = Release::new("0.7", "mailng, before 0.8")
    .marks(&[
        app("mailng.main").until("0.8").optional(),
        name("MAILNG_DIR").until("0.8.1"),
        value(&["ROOT_URLCONF"], "mailng.urls")
            .until("0.8.1")
            .optional(),
        name("DATABASE_ENGINE")
            .generic()
            .check_only()
            .optional()
            .until("0.8.4"),
        name(MIDDLEWARE_CLASSES).generic().check_only().until("1.10.0"),
    ]);
