//! 1.3.5, password policy: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.3.5",
    "password policy",
    &[
        name("PASSWORD_MIN_LENGTH").generic().until("1.8.0"),
        name("PASSWORD_COMPLEXITY").generic().until("1.8.0"),
    ],
);
