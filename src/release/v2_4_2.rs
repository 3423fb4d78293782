//! 2.4.2, webmail in the core.

use super::marks::*;
use super::{Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release::new("2.4.2", "webmail in the core")
    .steps(&[Step::new(
        "2.4.2/webmail",
        "MODOBOA_APPS: make sure modoboa.webmail is listed (a commented-out entry stays disabled)",
        &[Op::EnsureUnlessDisabled {
            target: Target::Apps,
            value: "modoboa.webmail",
            at: At::after(&["modoboa.calendars", "modoboa.contacts", "modoboa.sievefilters", "modoboa.autoreply"]),
        }],
    )])
    // (A 2.4.0 or 2.4.1 file that enabled the webmail extension lists modoboa.webmail too: the
    // mark never places a file; the state of such a file runs through 2.4.2.)
    .marks(&[app("modoboa.webmail").optional().check_only()]);
