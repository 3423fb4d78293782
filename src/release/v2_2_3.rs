//! 2.2.3, Redis cache: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.2.3",
    "Redis cache",
    &[value(&["RQ_QUEUES"], "modoboa").optional()],
);
