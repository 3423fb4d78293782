//! 1.0.0, production ready: MODOBOA_APPS, the admin user model, reversion, CSRF and LOGGING.

use super::marks::*;
use super::names::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::special::v1_0_0::*;
use crate::ops::{At, Place};

// Owed steps: Django refuses every request without it once DEBUG is off; the host name is the
// administrator's, so the step waits for --hostname and stays owed until it is given.
pub static RELEASE: Release = Release::new("1.0.0", "production ready")
    .steps(&[
        Step::new(
            "1.0.0/syslog-import",
            "import SysLogHandler for the LOGGING configuration",
            &[Op::Import { module: "logging.handlers", name: "SysLogHandler" }],
        ),
        Step::new(
            "1.0.0/allowed-hosts",
            "set ALLOWED_HOSTS to the server's host name",
            &[Op::Custom(allowed_hosts)],
        ).owed(),
        Step::new(
            "1.0.0/csrf-middleware",
            "enable CsrfViewMiddleware right after SessionMiddleware",
            &[Op::Ensure { target: Target::Name(MIDDLEWARE_CLASSES), value: CSRF, at: At::between(&[SESSION], &[AUTH]) }],
        ),
        Step::new(
            "1.0.0/revision-middleware",
            "add RevisionMiddleware after LocaleMiddleware",
            &[Op::Ensure { target: Target::Name(MIDDLEWARE_CLASSES), value: REVISION, at: At::between(&[LOCALE], &[AJAX_LOGIN]) }],
        ),
        Step::new(
            "1.0.0/reversion-app",
            "add 'reversion' to INSTALLED_APPS",
            &[Op::Ensure { target: Target::Name(INSTALLED_APPS), value: "reversion", at: At::after(&["south"]) }],
        ),
        Step::new(
            "1.0.0/modoboa-apps",
            "move Modoboa's applications into MODOBOA_APPS",
            &[Op::Custom(modoboa_apps)],
        ),
        Step::new(
            "1.0.0/auth-user-model",
            "set AUTH_USER_MODEL = 'admin.User'",
            &[Op::Set {
                name: "AUTH_USER_MODEL",
                value: "'admin.User'",
                place: Place::after(&["AUTHENTICATION_BACKENDS", "INSTALLED_APPS"]),
            }],
        ),
        Step::new(
            "1.0.0/logging",
            "add the LOGGING configuration (missing keys only)",
            &[Op::MergeDict { path: "LOGGING", template: LOGGING }],
        ),
    ])
    .manual(&[
        task("run `python manage.py postfix_maps --dbtype <mysql|postgres|sqlite> <tempdir>` and compare the files with the maps Postfix uses"),
        task("in dovecot-sql.conf, update user_query (see the Dovecot MySQL/PostgreSQL queries)"),
        task("activate the new quota features of Dovecot"),
        task("while running `python manage.py syncdb --migrate`: answer \"no\" when asked to remove stale content types"),
        task("if South fails to migrate reversion: remove 'reversion' from INSTALLED_APPS, migrate, put it back and migrate again"),
    ])
    // ALLOWED_HOSTS too: a file upgraded without --hostname stays before 1.0.0 until it is set.
    .marks(&[
        name("MODOBOA_APPS"),
        mw(REVISION).generic().until("1.1.2"),
        value(&["AUTH_USER_MODEL"], "admin.User").generic().until("1.1.0"),
        // Settings a Django user may have added before 1.0.0: they never place a file.
        name("ALLOWED_HOSTS").generic().check_only(),
        mw(CSRF).generic().check_only(),
        name("LOGGING").generic().check_only(),
    ]);
