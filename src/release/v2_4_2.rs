//! 2.4.2, webmail in the core.

use super::marks::*;
use super::{Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release {
    version: "2.4.2",
    title: "webmail in the core",
    steps: &[Step {
        id: "2.4.2/webmail",
        summary: "MODOBOA_APPS: make sure modoboa.webmail is listed (a commented-out entry stays disabled)",
        ops: &[Op::EnsureUnlessDisabled {
            target: Target::Apps,
            value: "modoboa.webmail",
            at: At::after(&["modoboa.calendars", "modoboa.contacts", "modoboa.sievefilters", "modoboa.autoreply"]),
        }],
    }],
    manual: &[],
    marks: &[app("modoboa.webmail").optional()],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
