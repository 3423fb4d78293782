//! 2.0.4, throttling, PID files, the new admin URL: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::names::PROCESSORS;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.0.4",
    "throttling, PID files, the new admin URL",
    &[
        name("PID_FILE_STORAGE_PATH"),
        value(&["REST_FRAMEWORK"], "DEFAULT_THROTTLE_RATES").generic(),
        value(PROCESSORS, "modoboa.core.context_processors.new_admin_url").until("2.4.0"),
    ],
);
