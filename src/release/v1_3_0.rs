//! 1.3.0, extensions become packages, Django migrations: South and ExtControlMiddleware go,
//! every `modoboa.extensions.X` takes the module name of its new package, and the amavis
//! router follows its package. Its procedure is its own (Django 1.7's migrate).

use super::marks::*;
use super::names::*;
use super::{task, task_if, Cond, Op, Release, Step, Target};
use crate::ops::special::v1_3_0::*;
use crate::ops::{At, Place};

/// Old module, new module of each extension (the guide's table; amavis from its router).
macro_rules! renames {
    ($($from:literal => $to:literal),* $(,)?) => {
        &[$(Op::Rename { target: Target::Apps, from: $from, to: $to }),*]
    };
}

/// The amavis extension, before or after its rename.
const AMAVIS: Cond = Cond::Any(&[
    Cond::AppEnabled("modoboa_amavis"),
    Cond::AppEnabled("modoboa.extensions.amavis"),
]);

pub static RELEASE: Release = Release::new("1.3.0", "extensions become packages, Django migrations")
    .steps(&[
        Step::new(
            "1.3.0/drop-south",
            "remove 'south' from INSTALLED_APPS and South's SOUTH_TESTS_MIGRATE (Django 1.7 migrates by itself)",
            &[
                Op::Remove { target: Target::Name(INSTALLED_APPS), value: "south" },
                Op::DeleteGroup { names: &["SOUTH_TESTS_MIGRATE"] },
            ],
        ),
        Step::new(
            "1.3.0/drop-extcontrol-middleware",
            "remove ExtControlMiddleware from MIDDLEWARE_CLASSES",
            &[Op::Remove { target: Target::Name(MIDDLEWARE_CLASSES), value: EXTCONTROL }],
        ),
        Step::new(
            "1.3.0/extension-packages",
            "MODOBOA_APPS: each modoboa.extensions.X takes the module name of its package (disabled entries too)",
            renames![
                "modoboa.extensions.admin" => "modoboa_admin",
                "modoboa.extensions.limits" => "modoboa_admin_limits",
                "modoboa.extensions.postfix_autoreply" => "modoboa_postfix_autoreply",
                "modoboa.extensions.postfix_relay_domains" => "modoboa_admin_relaydomains",
                "modoboa.extensions.radicale" => "modoboa_radicale",
                "modoboa.extensions.sievefilters" => "modoboa_sievefilters",
                "modoboa.extensions.stats" => "modoboa_stats",
                "modoboa.extensions.webmail" => "modoboa_webmail",
                "modoboa.extensions.amavis" => "modoboa_amavis",
            ],
        ),
        Step::new(
            "1.3.0/amavis-router",
            "DATABASE_ROUTERS: the router of modoboa_amavis where amavis is enabled; the old router dropped elsewhere",
            &[
                Op::When {
                    cond: AMAVIS,
                    ops: &[
                        Op::Rename { target: Target::Name("DATABASE_ROUTERS"), from: OLD_ROUTER, to: NEW_ROUTER },
                        Op::AddBlock {
                            block: "DATABASE_ROUTERS = ['modoboa_amavis.dbrouter.AmavisRouter']",
                            place: Place::after(&["DATABASES"]),
                        },
                        Op::Ensure { target: Target::Name("DATABASE_ROUTERS"), value: NEW_ROUTER, at: At::FIRST },
                    ],
                },
                Op::When { cond: Cond::Not(&AMAVIS), ops: &[Op::Custom(drop_amavis_router)] },
            ],
        ),
    ])
    .manual(&[
        task("1.3.0 has a procedure of its own (Django 1.7's migrations replace South's): follow these steps"),
        task_if(Cond::Any(&[Cond::AppEnabled("modoboa.extensions.admin"), Cond::AppEnabled("modoboa_admin")]), "pip install modoboa-admin"),
        task_if(Cond::Any(&[Cond::AppEnabled("modoboa.extensions.limits"), Cond::AppEnabled("modoboa_admin_limits")]), "pip install modoboa-admin-limits"),
        task_if(Cond::Any(&[Cond::AppEnabled("modoboa.extensions.postfix_autoreply"), Cond::AppEnabled("modoboa_postfix_autoreply")]), "pip install modoboa-postfix-autoreply"),
        task_if(Cond::Any(&[Cond::AppEnabled("modoboa.extensions.postfix_relay_domains"), Cond::AppEnabled("modoboa_admin_relaydomains")]), "pip install modoboa-admin-relaydomains"),
        task_if(Cond::Any(&[Cond::AppEnabled("modoboa.extensions.radicale"), Cond::AppEnabled("modoboa_radicale")]), "pip install modoboa-radicale"),
        task_if(Cond::Any(&[Cond::AppEnabled("modoboa.extensions.sievefilters"), Cond::AppEnabled("modoboa_sievefilters")]), "pip install modoboa-sievefilters"),
        task_if(Cond::Any(&[Cond::AppEnabled("modoboa.extensions.stats"), Cond::AppEnabled("modoboa_stats")]), "pip install modoboa-stats"),
        task_if(Cond::Any(&[Cond::AppEnabled("modoboa.extensions.webmail"), Cond::AppEnabled("modoboa_webmail")]), "pip install modoboa-webmail"),
        task_if(AMAVIS, "pip install modoboa-amavis"),
        task("python manage.py migrate (in the instance directory), and reply `yes` to the question it asks"),
        task("python manage.py load_initial_data"),
        task("python manage.py collectstatic"),
        task("crontab: the cleanup job is renamed in Django: replace `<modoboa_site>/manage.py cleanup` by `<modoboa_site>/manage.py clearsessions`"),
    ])
    .marks(&[
        app("modoboa_admin").until("1.4.0"),
        app("modoboa_admin_limits").until("1.4.0").optional(),
        app("modoboa_admin_relaydomains").until("1.4.0").optional(),
        app("modoboa_amavis").until("2.5.0").optional(),
        app("modoboa_webmail").until("2.4.0").optional(),
        app("modoboa_stats").until("1.16.0").optional(),
        app("modoboa_postfix_autoreply").until("2.3.0").optional(),
        app("modoboa_sievefilters").until("2.3.0").optional(),
        app("modoboa_radicale").until("2.4.0").optional(),
        app("modoboa_contacts").until("2.4.0").optional(),
        app("modoboa_pdfcredentials").until("2.1.0").optional(),
        app("modoboa_dmarc").until("2.1.0").optional(),
        app("modoboa_imap_migration").until("2.1.0").optional(),
        value(
            &["DATABASE_ROUTERS"],
            "modoboa_amavis.dbrouter.AmavisRouter",
        )
        .until("2.5.0")
        .optional(),
    ])
    .own_procedure();
