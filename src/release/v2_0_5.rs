//! 2.0.5: no settings change the guide asks for (its template only reorders MIDDLEWARE, which
//! 2.3.0's new MIDDLEWARE covers).

use super::{quiet, Release};

pub static RELEASE: Release = quiet("2.0.5", "no settings change", &[], false);
