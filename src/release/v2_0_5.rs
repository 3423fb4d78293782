//! 2.0.5: no settings change the guide asks for (its template only reorders MIDDLEWARE, which
//! 2.3.0's new MIDDLEWARE covers).

use super::{Release};

pub static RELEASE: Release = Release::new("2.0.5", "no settings change");
