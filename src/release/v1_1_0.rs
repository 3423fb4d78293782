//! 1.1.0, relay domains and better password hashing: the core application and a new
//! MODOBOA_APPS layout, the core user model and the core SQL log handler.

use super::marks::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::{At, Place};

use super::names::MODOBOA_APPS;
use crate::ops::special::v1_1_0::*;

pub static RELEASE: Release = Release::new("1.1.0", "relay domains and better password hashing")
    .steps(&[
        Step::new(
            "1.1.0/modoboa-apps",
            "MODOBOA_APPS: modoboa.core replaces auth and userprefs; admin becomes an extension",
            &[
                Op::Remove { target: Target::Name(MODOBOA_APPS), value: "modoboa.auth" },
                Op::Remove { target: Target::Name(MODOBOA_APPS), value: "modoboa.userprefs" },
                Op::Ensure { target: Target::Name(MODOBOA_APPS), value: "modoboa.core", at: At { first: true, ..At::after(&["modoboa"]) } },
                Op::Remove { target: Target::Name(MODOBOA_APPS), value: "modoboa.admin" },
                Op::Custom(admin_extension),
            ],
        ),
        Step::new(
            "1.1.0/relay-domains",
            "add modoboa.extensions.postfix_relay_domains before limits",
            &[Op::Ensure {
                target: Target::Name(MODOBOA_APPS),
                value: "modoboa.extensions.postfix_relay_domains",
                at: At::before(&["modoboa.extensions.limits"]),
            }],
        ),
        Step::new(
            "1.1.0/auth-user-model",
            "set AUTH_USER_MODEL = 'core.User'",
            &[Op::Set {
                name: "AUTH_USER_MODEL",
                value: "'core.User'",
                place: Place::after(&["AUTHENTICATION_BACKENDS", "INSTALLED_APPS"]),
            }],
        ),
        Step::new(
            "1.1.0/sql-handler",
            "LOGGING handlers: modoboa.lib.logutils.SQLHandler becomes modoboa.core.loggers.SQLHandler",
            &[Op::Custom(sql_handler)],
        ),
    ])
    .manual(&[
        task("1.1.0 has a dedicated procedure that replaces the common one: follow these steps instead of `syncdb --migrate`"),
        task("python manage.py syncdb"),
        task("python manage.py migrate core 0001 --fake"),
        task("python manage.py migrate"),
        task("python manage.py collectstatic"),
        task("update the Dovecot authentication queries and the Postfix queries"),
    ])
    .marks(&[
        app("modoboa.core"),
        app("modoboa.extensions.admin").until("1.3.0"),
        app("modoboa.extensions.postfix_relay_domains").until("1.3.0").optional(),
        value(&["AUTH_USER_MODEL"], "core.User").generic(),
        value(&["LOGGING"], "modoboa.core.loggers.SQLHandler").optional(),
    ])
    .own_procedure();
