//! 1.16.0, Redis, policy daemon, mail log: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.16.0",
    "Redis, policy daemon, mail log",
    &[
        name("REDIS_HOST").generic(),
        name("REDIS_URL").generic().optional(),
        app("modoboa.maillog").optional(),
        app("modoboa.policyd").optional(),
    ],
);
