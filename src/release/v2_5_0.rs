//! 2.5.0, amavis in the core.

use super::marks::*;
use super::{task_if, Cond, Op, Release, Step, Target};
use crate::ops::Place;

const AMAVIS_PLUGIN: Cond = Cond::AppEnabled("modoboa_amavis");

// Owed steps: A loader of a package merged into the core is a leftover on every later file.
pub static RELEASE: Release = Release::new("2.5.0", "amavis in the core")
    .steps(&[
        Step::new(
            "2.5.0/amavis",
            "MODOBOA_APPS: modoboa_amavis becomes modoboa.amavis; where amavis is enabled, DATABASE_ROUTERS = [\"modoboa.amavis.dbrouter.AmavisRouter\"] and AMAVIS_DEFAULT_DATABASE_ENCODING = \"LATIN1\" (the guide's default: match it to your amavis database)",
            &[
                Op::Rename { target: Target::Apps, from: "modoboa_amavis", to: "modoboa.amavis" },
                Op::When {
                    cond: Cond::AppEnabled("modoboa.amavis"),
                    ops: &[
                        Op::Rename { target: Target::Name("DATABASE_ROUTERS"), from: "modoboa_amavis.dbrouter.AmavisRouter", to: "modoboa.amavis.dbrouter.AmavisRouter" },
                        Op::Add { name: "DATABASE_ROUTERS", value: "[\"modoboa.amavis.dbrouter.AmavisRouter\"]", place: Place::after(&["DATABASES"]) },
                        Op::Add { name: "AMAVIS_DEFAULT_DATABASE_ENCODING", value: "\"LATIN1\"", place: Place::after(&["DATABASE_ROUTERS", "DATABASES"]) },
                    ],
                },
            ],
        ),
        Step::new(
            "2.5.0/plugin-block",
            "delete the settings loader of modoboa_amavis at the end of the file (`try: ... except AttributeError:` blocks included)",
            &[Op::DeleteBlock { module: "modoboa_amavis" }],
        ).owed(),
    ])
    .manual(&[
        task_if(AMAVIS_PLUGIN, "before the update (PostgreSQL, as root): sudo -u postgres -i psql -d \"modoboa\" -c \"UPDATE django_content_type SET app_label='amavis' WHERE app_label='modoboa_amavis'\" and -c \"UPDATE django_migrations SET app='amavis' WHERE app='modoboa_amavis'\" (MySQL: the same two statements through `mysql -u root -p modoboa`)"),
        task_if(AMAVIS_PLUGIN, "after the update: pip uninstall modoboa_amavis"),
    ])
    .marks(&[
        app("modoboa.amavis").optional(),
        // The amavis extension (1.3 to 2.4) already asked for it at the end of the file:
        // present in older files, it places none.
        name("AMAVIS_DEFAULT_DATABASE_ENCODING")
            .optional()
            .check_only(),
        value(
            &["DATABASE_ROUTERS"],
            "modoboa.amavis.dbrouter.AmavisRouter",
        )
        .optional(),
    ])
    .migration_stop();
