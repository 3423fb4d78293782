//! 0.8.7, per-user language: LocaleMiddleware.

use super::names::*;
use super::{has_element, Op, Release, Step};
use crate::ops::At;

pub static RELEASE: Release = Release {
    version: "0.8.7",
    title: "per-user language",
    steps: &[Step {
        id: "0.8.7/locale-middleware",
        summary: "add LocaleMiddleware right after MessageMiddleware",
        op: Op::Ensure {
            seq: MW,
            value: LOCALE,
            at: At::after(&[MESSAGES]),
        },
    }],
    manual: &[],
    fingerprint: Some(|f| has_element(f, MW, LOCALE)),
    migration_stop: false,
    own_procedure: false,
};
