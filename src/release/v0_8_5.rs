//! 0.8.5, sieve filters: the auth application and the sievefilters extension.

use super::marks::*;
use super::{after_last_extension, ensure_app_at, Ctx, Op, Release, Step};
use crate::ops::{At, Outcome};

pub static RELEASE: Release = Release {
    version: "0.8.5",
    title: "sieve filters",
    steps: &[
        Step {
            id: "0.8.5/auth-app",
            summary: "add modoboa.auth right after modoboa",
            op: Op::Custom(|ctx: &Ctx| {
                ensure_app_at(ctx.file, "modoboa.auth", |_| None, &At::after(&["modoboa"]))
            }),
        },
        Step {
            id: "0.8.5/sievefilters",
            summary: "add the sievefilters extension after the last extension",
            op: Op::Custom(sievefilters),
        },
    ],
    manual: &[
        "python manage.py migrate lib",
        "python manage.py migrate admin",
        "in the Settings/Extensions panel, deactivate then reactivate every extension",
    ],
    marks: &[
        app("modoboa.auth").until("1.1.0"),
        app("modoboa.extensions.sievefilters")
            .until("1.3.0")
            .optional(),
    ],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};

fn sievefilters(ctx: &Ctx) -> Outcome {
    ensure_app_at(
        ctx.file,
        "modoboa.extensions.sievefilters",
        after_last_extension,
        &At::after(&["modoboa.userprefs"]),
    )
}
