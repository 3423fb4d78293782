//! 1.1.2, RevisionMiddleware replaced by RequestCatcherMiddleware: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::names::REQUEST_CATCHER;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.1.2",
    "RevisionMiddleware replaced by RequestCatcherMiddleware",
    &[mw(REQUEST_CATCHER)],
);
