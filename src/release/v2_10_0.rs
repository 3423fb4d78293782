//! 2.10.0: its deploy template is 2.9.3's; no settings change.

use super::{Release};

pub static RELEASE: Release = Release::new("2.10.0", "no settings change");
