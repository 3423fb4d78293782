//! 0.8.5, sieve filters: the auth application and the sievefilters extension.

use super::marks::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::{At, Near};

pub static RELEASE: Release = Release::new("0.8.5", "sieve filters")
    .steps(&[
        Step::new(
            "0.8.5/auth-app",
            "add modoboa.auth right after modoboa",
            &[Op::Ensure {
                target: Target::Apps,
                value: "modoboa.auth",
                at: At::after(&["modoboa"]),
            }],
        ),
        Step::new(
            "0.8.5/sievefilters",
            "add the sievefilters extension after the last extension",
            &[Op::Ensure {
                target: Target::Apps,
                value: "modoboa.extensions.sievefilters",
                at: At::after(&["modoboa.userprefs"]).near_extensions(Near::AfterLast),
            }],
        ),
    ])
    .manual(&[
        task("python manage.py migrate lib"),
        task("python manage.py migrate admin"),
        task("in the Settings/Extensions panel, deactivate then reactivate every extension"),
    ])
    .marks(&[
        app("modoboa.auth").until("1.1.0"),
        app("modoboa.extensions.sievefilters")
            .until("1.3.0")
            .optional(),
    ]);
