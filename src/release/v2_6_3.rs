//! 2.6.3, API filters: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.6.3",
    "API filters",
    &[
        app("django_filters").generic().optional(),
        value(&["SPECTACULAR_SETTINGS"], "DEFAULT_FILTER_INSPECTORS")
            .generic()
            .optional(),
    ],
);
