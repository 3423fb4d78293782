//! 0.8.8, CSV import: AjaxLoginRedirect, and the amavis router's right name.

use super::marks::*;
use super::names::*;
use super::{Op, Release, Step, Target};
use crate::ops::{At, Place};

const ROUTER: &str = "modoboa.extensions.amavis_quarantine.dbrouter.AmavisRouter";

pub static RELEASE: Release = Release::new("0.8.8", "CSV import")
    .steps(&[
        Step::new(
            "0.8.8/ajax-login-redirect",
            "add AjaxLoginRedirect right after LocaleMiddleware",
            &[Op::Ensure {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: AJAX_LOGIN,
                at: At::after(&[LOCALE]),
            }],
        ),
        Step::new(
            "0.8.8/router",
            "fix the amavis router's name in DATABASE_ROUTERS",
            &[
                Op::Rename {
                    target: Target::Name("DATABASE_ROUTERS"),
                    from: "extensions.amavis_quarantine.lib.AmavisRouter",
                    to: ROUTER,
                },
                Op::Add {
                    name: "DATABASE_ROUTERS",
                    value: "['modoboa.extensions.amavis_quarantine.dbrouter.AmavisRouter']",
                    place: Place::after(&["DATABASES"]),
                },
            ],
        ),
    ])
    .marks(&[mw(AJAX_LOGIN).until("2.4.0")]);
