//! 1.3.0, extensions become packages, Django migrations: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.3.0",
    "extensions become packages, Django migrations",
    &[
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
    ],
);
