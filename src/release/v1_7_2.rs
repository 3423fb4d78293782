//! 1.7.2, CKEditor, REST framework: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.7.2",
    "CKEditor, REST framework",
    &[
        app("ckeditor").generic().until("2.4.0"),
        app("ckeditor_uploader").generic().until("2.4.0"),
        name("CKEDITOR_UPLOAD_PATH")
            .generic()
            .until("2.4.0")
            .optional(),
        name("CKEDITOR_CONFIGS").generic().until("2.4.0").optional(),
        app("rest_framework").generic(),
    ],
);
