//! 2.1.0, DMARC, PDF credentials and IMAP migration in the core: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.1.0",
    "DMARC, PDF credentials and IMAP migration in the core",
    &[
        app("django_rename_app").generic().optional(),
        app("modoboa.dmarc").optional(),
        app("modoboa.pdfcredentials").optional(),
        app("modoboa.imap_migration").optional(),
        value(
            &["AUTHENTICATION_BACKENDS"],
            "modoboa.imap_migration.auth_backends.IMAPBackend",
        )
        .optional(),
    ],
);
