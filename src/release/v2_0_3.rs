//! 2.0.3, DEFAULT_AUTO_FIELD back to AutoField: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.0.3",
    "DEFAULT_AUTO_FIELD back to AutoField",
    &[value(&["DEFAULT_AUTO_FIELD"], "django.db.models.AutoField")
        .generic()
        .optional()],
);
