//! 2.9.2: no settings change the guide asks for.

use super::{Release};

pub static RELEASE: Release = Release::new("2.9.2", "no settings change");
