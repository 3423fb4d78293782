//! 2.4.0, Django 5.2, autoreply, contacts and calendars in the core: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.4.0",
    "Django 5.2, autoreply, contacts and calendars in the core",
    &[
        app("modoboa.autoreply").optional(),
        app("modoboa.contacts").optional(),
        app("modoboa.calendars").optional(),
        app("modoboa.rspamd").optional(),
    ],
);
