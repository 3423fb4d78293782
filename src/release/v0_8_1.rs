//! 0.8.1: the project is renamed from mailng to modoboa; the messages framework arrives.

use super::marks::*;
use super::names::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::special::v0_8_1::*;
use crate::ops::At;

pub static RELEASE: Release = Release::new("0.8.1", "mailng becomes modoboa")
    .steps(&[
        Step::new(
            "0.8.1/rename-mailng",
            "rename mailng to modoboa everywhere but the database settings",
            &[Op::Custom(rename_mailng)],
        ),
        Step::new(
            "0.8.1/messages-middleware",
            "add MessageMiddleware after AuthenticationMiddleware",
            &[Op::Ensure { target: Target::Name(MIDDLEWARE_CLASSES), value: MESSAGES, at: At::after(&[AUTH]) }],
        ),
        Step::new(
            "0.8.1/messages-app",
            "add django.contrib.messages after django.contrib.sites",
            &[Op::Ensure {
                target: Target::Name(INSTALLED_APPS),
                value: "django.contrib.messages",
                at: At::after(&["django.contrib.sites", "django.contrib.sessions"]),
            }],
        ),
    ])
    .manual(&[
        task("rename the mailng directory to modoboa"),
        task("python manage.py syncdb"),
        task("for each activated extension: PYTHONPATH=<modoboa_dir>/.. DJANGO_SETTINGS_MODULE=modoboa.settings <modoboa_dir>/scripts/extension.py <extension> on"),
        task("update the web server configuration (paths now say modoboa) and restart it"),
    ])
    .marks(&[app("modoboa"), name("MODOBOA_DIR").dropped("1.2.0")]);
