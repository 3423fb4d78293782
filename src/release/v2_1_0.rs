//! 2.1.0, DMARC, PDF credentials and IMAP migration in the core: the plugins become core
//! applications, renamed with django-rename-app.

use super::marks::*;
use super::{task, task_if, Cond, Op, Release, Step, Target};
use crate::ops::At;

const PLUGINS: Cond = Cond::Any(&[
    Cond::AppEnabled("modoboa_dmarc"),
    Cond::AppEnabled("modoboa_pdfcredentials"),
    Cond::AppEnabled("modoboa_imap_migration"),
]);

// Owed steps: A loader of a package merged into the core is a leftover on every later file.
pub static RELEASE: Release = Release::new("2.1.0", "DMARC, PDF credentials and IMAP migration in the core")
    .steps(&[
        Step::new(
            "2.1.0/rename-app",
            "INSTALLED_APPS: add django_rename_app at the end",
            &[Op::Ensure { target: Target::Name("INSTALLED_APPS"), value: "django_rename_app", at: At::LAST }],
        ),
        Step::new(
            "2.1.0/merged-plugins",
            "MODOBOA_APPS: modoboa_dmarc, modoboa_pdfcredentials and modoboa_imap_migration become modoboa.dmarc, modoboa.pdfcredentials and modoboa.imap_migration (renamed in place; added after modoboa.maillog where missing, as the guide says; a disabled plugin stays disabled)",
            &[
                Op::Rename { target: Target::Apps, from: "modoboa_dmarc", to: "modoboa.dmarc" },
                Op::Rename { target: Target::Apps, from: "modoboa_pdfcredentials", to: "modoboa.pdfcredentials" },
                Op::Rename { target: Target::Apps, from: "modoboa_imap_migration", to: "modoboa.imap_migration" },
                Op::EnsureUnlessDisabled { target: Target::Apps, value: "modoboa.dmarc", at: At::after(&["modoboa.maillog", "modoboa.policyd"]) },
                Op::EnsureUnlessDisabled { target: Target::Apps, value: "modoboa.pdfcredentials", at: At::after(&["modoboa.dmarc", "modoboa.maillog"]) },
                Op::EnsureUnlessDisabled { target: Target::Apps, value: "modoboa.imap_migration", at: At::after(&["modoboa.pdfcredentials", "modoboa.dmarc", "modoboa.maillog"]) },
            ],
        ),
        Step::new(
            "2.1.0/plugin-blocks",
            "delete the settings loaders of modoboa_dmarc, modoboa_pdfcredentials and modoboa_imap_migration (merged into the core)",
            &[
                Op::DeleteBlock { module: "modoboa_dmarc" },
                Op::DeleteBlock { module: "modoboa_pdfcredentials" },
                Op::DeleteBlock { module: "modoboa_imap_migration" },
            ],
        ).owed(),
        Step::new(
            "2.1.0/imap-backend",
            "AUTHENTICATION_BACKENDS: add modoboa.imap_migration.auth_backends.IMAPBackend at the end",
            &[Op::Ensure {
                target: Target::Name("AUTHENTICATION_BACKENDS"),
                value: "modoboa.imap_migration.auth_backends.IMAPBackend",
                at: At::LAST,
            }],
        ),
    ])
    .manual(&[
        task("apply the migrations of 2.1.0 only after the settings changes (the migration stop below)"),
        task_if(PLUGINS, "pip uninstall modoboa-dmarc modoboa-pdfcredentials modoboa-imap-migration (those installed)"),
        task_if(Cond::AppEnabled("modoboa_dmarc"), "once modoboa 2.1.0 is installed, before `migrate`: python manage.py rename_app modoboa_dmarc dmarc"),
        task_if(Cond::AppEnabled("modoboa_imap_migration"), "once modoboa 2.1.0 is installed, before `migrate`: python manage.py rename_app modoboa_imap_migration imap_migration"),
    ])
    .marks(&[
        app("django_rename_app").generic().optional(),
        app("modoboa.dmarc").optional(),
        app("modoboa.pdfcredentials").optional(),
        app("modoboa.imap_migration").optional(),
        value(
            &["AUTHENTICATION_BACKENDS"],
            "modoboa.imap_migration.auth_backends.IMAPBackend",
        )
        .optional(),
    ])
    .migration_stop();
