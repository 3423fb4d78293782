//! 0.8: South arrives and the core applications are listed one by one (SQL migration needed).

use super::marks::*;
use super::names::*;
use super::{Ctx, Op, Release, Step, Target};
use crate::ops::{self, At, Outcome};

pub static RELEASE: Release = Release {
    version: "0.8",
    title: "South migrations",
    steps: &[
        Step {
            id: "0.8/remove-mailng-main",
            summary: "remove 'mailng.main' from INSTALLED_APPS",
            ops: &[Op::Remove {
                target: Target::Name(APPS),
                value: "mailng.main",
            }],
        },
        Step {
            id: "0.8/core-apps",
            summary:
                "add south, mailng, mailng.lib, mailng.admin and mailng.userprefs to INSTALLED_APPS",
            ops: &[
                Op::Custom(|c| core_app(c, 0)),
                Op::Custom(|c| core_app(c, 1)),
                Op::Custom(|c| core_app(c, 2)),
                Op::Custom(|c| core_app(c, 3)),
                Op::Custom(|c| core_app(c, 4)),
            ],
        },
    ],
    manual: &[
        "python manage.py syncdb",
        "python manage.py convert_to_south",
        "python manage.py migrate --all 0001 --fake",
        "python manage.py migrate --all 0002",
    ],
    marks: &[app("south").generic().until("1.3.0")],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};

/// The core applications, each after the one before it.
const CORE: [(&str, &[&str]); 5] = [
    (
        "south",
        &[
            "django.contrib.messages",
            "django.contrib.sites",
            "django.contrib.sessions",
            "django.contrib.contenttypes",
            "django.contrib.auth",
        ],
    ),
    ("mailng", &["south"]),
    ("mailng.lib", &["mailng"]),
    ("mailng.admin", &["mailng.lib"]),
    ("mailng.userprefs", &["mailng.admin"]),
];

/// Ensure the `n`th core application, unless the file already uses modoboa's names.
fn core_app(ctx: &Ctx, n: usize) -> Outcome {
    let f = ctx.file;
    let seq = match f.seq(APPS) {
        Ok(Some(s)) => s,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let renamed = seq.items().iter().any(|i| {
        i.value
            .is_some_and(|v| v == "modoboa" || v.starts_with("modoboa."))
    }) || !f.bindings("MODOBOA_APPS").is_empty();
    if renamed {
        return Outcome::none();
    }
    let (value, after) = CORE[n];
    ops::ensure_in_seq(f, &seq, value, &At::after(after))
}
