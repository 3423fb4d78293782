//! 0.8.6, quarantine through the ORM: the amavis database joins DATABASES; a database router.

use super::marks::*;
use super::{Op, Release, Step};
use crate::ops::special::v0_8_6::*;
use crate::ops::Place;

pub static RELEASE: Release = Release::new("0.8.6", "quarantine through the ORM")
    .steps(&[
        Step::new(
            "0.8.6/amavis-database",
            "move the amavis connection from DB_CONNECTIONS into DATABASES['amavis']",
            &[Op::Custom(amavis_database)],
        ),
        Step::new(
            "0.8.6/router",
            "add DATABASE_ROUTERS with the amavis router after DATABASES",
            &[Op::Add {
                name: "DATABASE_ROUTERS",
                value: "['modoboa.extensions.amavis_quarantine.dbrouter.AmavisRouter']",
                place: Place::after(&["DATABASES"]),
            }],
        ),
    ])
    .marks(&[
        name("DATABASE_ROUTERS").generic().optional(),
        value(
            &["DATABASE_ROUTERS"],
            "modoboa.extensions.amavis_quarantine.dbrouter.AmavisRouter",
        )
        .until("0.9.1")
        .optional(),
    ]);
