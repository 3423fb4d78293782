//! 2.3.3, CKEditor warning silenced: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.3.3",
    "CKEditor warning silenced",
    &[value(&["SILENCED_SYSTEM_CHECKS"], "ckeditor.W001")
        .generic()
        .until("2.4.0")
        .optional()],
);
