//! 0.8.7, per-user language: LocaleMiddleware.

use super::marks::*;
use super::names::*;
use super::{Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release::new("0.8.7", "per-user language")
    .steps(&[Step::new(
        "0.8.7/locale-middleware",
        "add LocaleMiddleware right after MessageMiddleware",
        &[Op::Ensure {
            target: Target::Name(MIDDLEWARE_CLASSES),
            value: LOCALE,
            at: At::after(&[MESSAGES]),
        }],
    )])
    .marks(&[mw(LOCALE).generic().optional()]);
