//! 2.5.0, amavis in the core: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.5.0",
    "amavis in the core",
    &[
        app("modoboa.amavis").optional(),
        name("AMAVIS_DEFAULT_DATABASE_ENCODING").optional(),
        value(
            &["DATABASE_ROUTERS"],
            "modoboa.amavis.dbrouter.AmavisRouter",
        )
        .optional(),
    ],
);
