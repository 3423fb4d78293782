//! 0.8: South arrives and the core applications are listed one by one (SQL migration needed).

use super::marks::*;
use super::names::*;
use super::{task, Cond, Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release::new("0.8", "South migrations")
    .steps(&[
        Step::new(
            "0.8/remove-mailng-main",
            "remove 'mailng.main' from INSTALLED_APPS",
            &[Op::Remove {
                target: Target::Name(INSTALLED_APPS),
                value: "mailng.main",
            }],
        ),
        Step::new(
            "0.8/core-apps",
            "add south, mailng, mailng.lib, mailng.admin and mailng.userprefs to INSTALLED_APPS",
            // Each after the one before it, unless the file already uses modoboa's names.
            &[Op::When {
                cond: Cond::Not(&Cond::Any(&[
                    Cond::Lists {
                        target: Target::Name(INSTALLED_APPS),
                        family: "modoboa",
                    },
                    Cond::Assigned("MODOBOA_APPS"),
                ])),
                ops: &[
                    Op::Ensure {
                        target: Target::Name(INSTALLED_APPS),
                        value: "south",
                        at: At::after(&[
                            "django.contrib.messages",
                            "django.contrib.sites",
                            "django.contrib.sessions",
                            "django.contrib.contenttypes",
                            "django.contrib.auth",
                        ]),
                    },
                    Op::Ensure {
                        target: Target::Name(INSTALLED_APPS),
                        value: "mailng",
                        at: At::after(&["south"]),
                    },
                    Op::Ensure {
                        target: Target::Name(INSTALLED_APPS),
                        value: "mailng.lib",
                        at: At::after(&["mailng"]),
                    },
                    Op::Ensure {
                        target: Target::Name(INSTALLED_APPS),
                        value: "mailng.admin",
                        at: At::after(&["mailng.lib"]),
                    },
                    Op::Ensure {
                        target: Target::Name(INSTALLED_APPS),
                        value: "mailng.userprefs",
                        at: At::after(&["mailng.admin"]),
                    },
                ],
            }],
        ),
    ])
    .manual(&[
        task("python manage.py syncdb"),
        task("python manage.py convert_to_south"),
        task("python manage.py migrate --all 0001 --fake"),
        task("python manage.py migrate --all 0002"),
    ])
    .marks(&[app("south").generic().until("1.3.0")]);
