//! 1.3.5, password policy: django-passwords' PASSWORD_MIN_LENGTH and PASSWORD_COMPLEXITY. A
//! stop: 1.4.0 asks for 1.3.5 with an up-to-date database before it.

use super::marks::*;
use super::{Op, Release, Step};
use crate::ops::Place;

pub static RELEASE: Release = Release::new("1.3.5", "password policy")
    .steps(&[Step::new(
        "1.3.5/password-policy",
        "add django-passwords' PASSWORD_MIN_LENGTH = 8 and PASSWORD_COMPLEXITY (1 upper, 1 lower, 1 digit)",
        &[
            Op::AddBlock {
                block: "# django-passwords\n\nPASSWORD_MIN_LENGTH = 8\n\nPASSWORD_COMPLEXITY = {\n    'UPPER': 1,\n    'LOWER': 1,\n    'DIGITS': 1\n}",
                place: Place::END,
            },
            Op::Add { name: "PASSWORD_MIN_LENGTH", value: "8", place: Place::after(&["PASSWORD_COMPLEXITY"]) },
            Op::Add {
                name: "PASSWORD_COMPLEXITY",
                value: "{\n    'UPPER': 1,\n    'LOWER': 1,\n    'DIGITS': 1\n}",
                place: Place::after(&["PASSWORD_MIN_LENGTH"]),
            },
        ],
    )])
    .marks(&[
        name("PASSWORD_MIN_LENGTH").generic().until("1.8.0"),
        name("PASSWORD_COMPLEXITY").generic().until("1.8.0"),
    ])
    .migration_stop();
