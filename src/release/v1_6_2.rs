//! 1.6.2, bug fixes: no settings change, no manual step in the guide.

use super::{Release};

pub static RELEASE: Release = Release::new("1.6.2", "bug fixes");
