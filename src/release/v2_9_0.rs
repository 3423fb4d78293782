//! 2.9.0, themes.

use super::marks::*;
use super::names::PROCESSORS;
use super::{Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release {
    version: "2.9.0",
    title: "themes",
    steps: &[Step {
        id: "2.9.0/theme-processor",
        summary:
            "TEMPLATES context processors: add modoboa.core.context_processors.theme at the end",
        ops: &[Op::Ensure {
            target: Target::Path("TEMPLATES[0]['OPTIONS']['context_processors']"),
            value: "modoboa.core.context_processors.theme",
            at: At::LAST,
        }],
    }],
    manual: &[],
    marks: &[value(PROCESSORS, "modoboa.core.context_processors.theme")],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
