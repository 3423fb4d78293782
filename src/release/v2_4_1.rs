//! 2.4.1: no settings change the guide asks for.

use super::{Release};

pub static RELEASE: Release = Release::new("2.4.1", "no settings change");
