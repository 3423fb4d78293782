//! 1.0.0, production ready: MODOBOA_APPS, the admin user model, reversion, CSRF and LOGGING.

use super::marks::*;
use super::names::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::special::v1_0_0::*;
use crate::ops::{At, Place};

pub static RELEASE: Release = Release {
    version: "1.0.0",
    title: "production ready",
    steps: &[
        Step {
            id: "1.0.0/syslog-import",
            summary: "import SysLogHandler for the LOGGING configuration",
            ops: &[Op::Import { module: "logging.handlers", name: "SysLogHandler" }],
        },
        Step {
            id: "1.0.0/allowed-hosts",
            summary: "set ALLOWED_HOSTS to the server's host name",
            ops: &[Op::Custom(allowed_hosts)],
        },
        Step {
            id: "1.0.0/csrf-middleware",
            summary: "enable CsrfViewMiddleware right after SessionMiddleware",
            ops: &[Op::Ensure { target: Target::Name(MIDDLEWARE_CLASSES), value: CSRF, at: At::between(&[SESSION], &[AUTH]) }],
        },
        Step {
            id: "1.0.0/revision-middleware",
            summary: "add RevisionMiddleware after LocaleMiddleware",
            ops: &[Op::Ensure { target: Target::Name(MIDDLEWARE_CLASSES), value: REVISION, at: At::between(&[LOCALE], &[AJAX_LOGIN]) }],
        },
        Step {
            id: "1.0.0/reversion-app",
            summary: "add 'reversion' to INSTALLED_APPS",
            ops: &[Op::Ensure { target: Target::Name(INSTALLED_APPS), value: "reversion", at: At::after(&["south"]) }],
        },
        Step {
            id: "1.0.0/modoboa-apps",
            summary: "move Modoboa's applications into MODOBOA_APPS",
            ops: &[Op::Custom(modoboa_apps)],
        },
        Step {
            id: "1.0.0/auth-user-model",
            summary: "set AUTH_USER_MODEL = 'admin.User'",
            ops: &[Op::Set {
                name: "AUTH_USER_MODEL",
                value: "'admin.User'",
                place: Place::after(&["AUTHENTICATION_BACKENDS", "INSTALLED_APPS"]),
            }],
        },
        Step {
            id: "1.0.0/logging",
            summary: "add the LOGGING configuration (missing keys only)",
            ops: &[Op::MergeDict { path: "LOGGING", template: LOGGING }],
        },
    ],
    manual: &[
        task("run `python manage.py postfix_maps --dbtype <mysql|postgres|sqlite> <tempdir>` and compare the files with the maps Postfix uses"),
        task("in dovecot-sql.conf, update user_query (see the Dovecot MySQL/PostgreSQL queries)"),
        task("activate the new quota features of Dovecot"),
        task("while running `python manage.py syncdb --migrate`: answer \"no\" when asked to remove stale content types"),
        task("if South fails to migrate reversion: remove 'reversion' from INSTALLED_APPS, migrate, put it back and migrate again"),
    ],
    // ALLOWED_HOSTS too: a file upgraded without --hostname stays before 1.0.0 until it is set.
    marks: &[
        name("MODOBOA_APPS"),
        mw(REVISION).generic().until("1.1.2"),
        value(&["AUTH_USER_MODEL"], "admin.User").generic().until("1.1.0"),
        // Settings a Django user may have added before 1.0.0: they never place a file.
        name("ALLOWED_HOSTS").generic().check_only(),
        mw(CSRF).generic().check_only(),
        name("LOGGING").generic().check_only(),
    ],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    // Django refuses every request without it once DEBUG is off; the host name is the
    // administrator's, so the step waits for --hostname and stays owed until it is given.
    owed: &["1.0.0/allowed-hosts"],
};
