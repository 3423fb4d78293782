//! 2.12.0: comments of the template only (the autoconfig placeholders).

use super::{Release};

pub static RELEASE: Release = Release::new("2.12.0", "no settings change");
