//! 0.8.7, per-user language: LocaleMiddleware.

use super::marks::*;
use super::names::*;
use super::{Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release {
    version: "0.8.7",
    title: "per-user language",
    steps: &[Step {
        id: "0.8.7/locale-middleware",
        summary: "add LocaleMiddleware right after MessageMiddleware",
        ops: &[Op::Ensure {
            target: Target::Name(MIDDLEWARE_CLASSES),
            value: LOCALE,
            at: At::after(&[MESSAGES]),
        }],
    }],
    manual: &[],
    marks: &[mw(LOCALE).generic().optional()],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
