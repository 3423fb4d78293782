//! 2.5.0, amavis in the core: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.5.0",
    "amavis in the core",
    &[
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
    ],
);
