//! 1.1.2: RevisionMiddleware leaves MIDDLEWARE_CLASSES, RequestCatcherMiddleware closes it.

use super::marks::*;
use super::names::*;
use super::{Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release::new("1.1.2", "RevisionMiddleware replaced by RequestCatcherMiddleware")
    .steps(&[
        Step::new(
            "1.1.2/drop-revision-middleware",
            "remove reversion's RevisionMiddleware from MIDDLEWARE_CLASSES",
            &[Op::Remove {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: REVISION,
            }],
        ),
        Step::new(
            "1.1.2/request-catcher-middleware",
            "add RequestCatcherMiddleware at the end of MIDDLEWARE_CLASSES",
            &[Op::Ensure {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: REQUEST_CATCHER,
                at: At::LAST,
            }],
        ),
    ])
    .marks(&[mw(REQUEST_CATCHER)]);
