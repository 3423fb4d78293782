//! 0.8.3: no settings change; database and Postfix/Dovecot queries only.

use super::{task, Release};

pub static RELEASE: Release = Release::new("0.8.3", "domain aliases handled by Postfix")
    .manual(&[
        task("python manage.py migrate admin"),
        task("update the Postfix and Dovecot SQL queries"),
        task("let Postfix handle domain aliases"),
    ]);
