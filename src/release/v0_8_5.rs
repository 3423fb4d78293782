//! 0.8.5, sieve filters: the auth application and the sievefilters extension.

use super::marks::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::{At, Near};

pub static RELEASE: Release = Release {
    version: "0.8.5",
    title: "sieve filters",
    steps: &[
        Step {
            id: "0.8.5/auth-app",
            summary: "add modoboa.auth right after modoboa",
            ops: &[Op::Ensure {
                target: Target::Apps,
                value: "modoboa.auth",
                at: At::after(&["modoboa"]),
            }],
        },
        Step {
            id: "0.8.5/sievefilters",
            summary: "add the sievefilters extension after the last extension",
            ops: &[Op::Ensure {
                target: Target::Apps,
                value: "modoboa.extensions.sievefilters",
                at: At::after(&["modoboa.userprefs"]).near_extensions(Near::AfterLast),
            }],
        },
    ],
    manual: &[
        task("python manage.py migrate lib"),
        task("python manage.py migrate admin"),
        task("in the Settings/Extensions panel, deactivate then reactivate every extension"),
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
