//! 1.1.2: RevisionMiddleware leaves MIDDLEWARE_CLASSES, RequestCatcherMiddleware closes it.

use super::marks::*;
use super::names::*;
use super::{Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release {
    version: "1.1.2",
    title: "RevisionMiddleware replaced by RequestCatcherMiddleware",
    steps: &[
        Step {
            id: "1.1.2/drop-revision-middleware",
            summary: "remove reversion's RevisionMiddleware from MIDDLEWARE_CLASSES",
            ops: &[Op::Remove {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: REVISION,
            }],
        },
        Step {
            id: "1.1.2/request-catcher-middleware",
            summary: "add RequestCatcherMiddleware at the end of MIDDLEWARE_CLASSES",
            ops: &[Op::Ensure {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: REQUEST_CATCHER,
                at: At::LAST,
            }],
        },
    ],
    manual: &[],
    marks: &[mw(REQUEST_CATCHER)],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
