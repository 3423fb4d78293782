//! 0.8.3: no settings change; database and Postfix/Dovecot queries only.

use super::{quiet, Release};

pub static RELEASE: Release = quiet(
    "0.8.3",
    "domain aliases handled by Postfix",
    &[
        "python manage.py migrate admin",
        "update the Postfix and Dovecot SQL queries",
        "let Postfix handle domain aliases",
    ],
    false,
);
