//! 1.3.2, atomic requests: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.3.2",
    "atomic requests",
    &[value(&["DATABASES"], "ATOMIC_REQUESTS").generic()],
);
