//! 0.8.3: no settings change; database and Postfix/Dovecot queries only.

use super::{quiet, task, Release};

pub static RELEASE: Release = quiet(
    "0.8.3",
    "domain aliases handled by Postfix",
    &[
        task("python manage.py migrate admin"),
        task("update the Postfix and Dovecot SQL queries"),
        task("let Postfix handle domain aliases"),
    ],
    false,
);
