//! 2.8.0, the API schema is public: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.8.0",
    "the API schema is public",
    &[value(
        &["SPECTACULAR_SETTINGS"],
        "rest_framework.permissions.AllowAny",
    )
    .generic()],
);
