//! 1.7.1, bug fixes: initial data missing from fresh 1.7.0 installations.

use super::{quiet, task, Release};

pub static RELEASE: Release = quiet(
    "1.7.1",
    "bug fixes",
    &[task(
        "only for an installation made fresh with 1.7.0: python manage.py load_initial_data",
    )],
    false,
);
