//! 2.7.0, Dovecot and privileged RQ queues, cron_config.py: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.7.0",
    "Dovecot and privileged RQ queues, cron_config.py",
    &[
        value(&["RQ_QUEUES"], "dovecot"),
        value(&["RQ_QUEUES"], "privileged"),
    ],
);
