//! 1.13.0, DNS tools, secure cookies: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.13.0",
    "DNS tools, secure cookies",
    &[app("modoboa.dnstools")],
);
