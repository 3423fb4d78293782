//! 2.6.1, DNS checks logged to syslog: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.6.1",
    "DNS checks logged to syslog",
    &[value(&["LOGGING"], "modoboa.dns").optional()],
);
