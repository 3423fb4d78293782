//! 0.9.1, a standard Django application: amavis renamed, MODOBOA_WEBPATH gone, LOGIN_URL.
//!
//! The manual asks for a new instance; these steps are the in-place equivalent.

use super::marks::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::Place;

pub static RELEASE: Release = Release::new("0.9.1", "standard Django application")
    .steps(&[
        Step::new(
            "0.9.1/amavis-rename",
            "amavis_quarantine becomes amavis (application and router)",
            &[
                Op::Rename {
                    target: Target::Name("INSTALLED_APPS"),
                    from: "modoboa.extensions.amavis_quarantine",
                    to: "modoboa.extensions.amavis",
                },
                Op::Rename {
                    target: Target::Name("DATABASE_ROUTERS"),
                    from: "modoboa.extensions.amavis_quarantine.dbrouter.AmavisRouter",
                    to: "modoboa.extensions.amavis.dbrouter.AmavisRouter",
                },
            ],
        ),
        Step::new(
            "0.9.1/drop-webpath",
            "delete MODOBOA_WEBPATH",
            &[Op::Delete {
                name: "MODOBOA_WEBPATH",
            }],
        ),
        Step::new(
            "0.9.1/login-url",
            "add LOGIN_URL = '/accounts/login/' after LOGIN_REDIRECT_URL",
            &[Op::Add {
                name: "LOGIN_URL",
                value: "'/accounts/login/'",
                place: Place::after(&["LOGIN_REDIRECT_URL"]),
            }],
        ),
    ])
    .manual(&[
        task("copy the media directory (and the stats extension's RRD directory) to the new instance"),
        task("update the cron jobs of amavis_frontend, postfix_ar and stats"),
        task("ROOT_URLCONF now points at the instance's own urls module"),
    ])
    .marks(&[
        app("modoboa.extensions.amavis").until("1.3.0").optional(),
        value(
            &["DATABASE_ROUTERS"],
            "modoboa.extensions.amavis.dbrouter.AmavisRouter",
        )
        .until("1.3.0")
        .optional(),
        // Hand-edited 0.7 files set it too, and generated files lost it at 0.9.3: it never
        // places a file, and is expected only in between.
        name("LOGIN_URL").generic().check_only().dropped("0.9.3"),
    ]);
