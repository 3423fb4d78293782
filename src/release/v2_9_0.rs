//! 2.9.0, themes.

use super::marks::*;
use super::names::PROCESSORS;
use super::{Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release::new("2.9.0", "themes")
    .steps(&[Step::new(
        "2.9.0/theme-processor",
        "TEMPLATES context processors: add modoboa.core.context_processors.theme at the end",
        &[Op::Ensure {
            target: Target::Path("TEMPLATES[0]['OPTIONS']['context_processors']"),
            value: "modoboa.core.context_processors.theme",
            at: At::LAST,
        }],
    )])
    .marks(&[value(PROCESSORS, "modoboa.core.context_processors.theme")]);
