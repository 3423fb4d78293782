//! 1.7.1, bug fixes: initial data missing from fresh 1.7.0 installations.

use super::{task, Release};

pub static RELEASE: Release = Release::new("1.7.1", "bug fixes")
    .manual(&[task(
        "only for an installation made fresh with 1.7.0: python manage.py load_initial_data",
    )]);
