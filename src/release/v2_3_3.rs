//! 2.3.3, CKEditor warning silenced.

use super::marks::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release::new("2.3.3", "CKEditor warning silenced")
    .steps(&[Step::new(
        "2.3.3/silence-ckeditor",
        "SILENCED_SYSTEM_CHECKS: add \"ckeditor.W001\"",
        &[Op::Ensure {
            target: Target::Name("SILENCED_SYSTEM_CHECKS"),
            value: "ckeditor.W001",
            at: At::LAST,
        }],
    )])
    .manual(&[task(
        "the crypt ({CRYPT}) password scheme is deprecated and gone in 2.4.0: installations still using it cannot install 2.4 or later; switch to a safer scheme now",
    )])
    .marks(&[value(&["SILENCED_SYSTEM_CHECKS"], "ckeditor.W001")
        .generic()
        .until("2.4.0")
        .optional()]);
