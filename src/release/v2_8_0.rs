//! 2.8.0, the API schema is public.

use super::marks::*;
use super::{Op, Release, Step};

pub static RELEASE: Release = Release::new("2.8.0", "the API schema is public")
    .steps(&[Step::new(
        "2.8.0/serve-permissions",
        "SPECTACULAR_SETTINGS: 'SERVE_PERMISSIONS' becomes ['rest_framework.permissions.AllowAny'] (prevents HTTP 401)",
        &[Op::SetKey {
            path: "SPECTACULAR_SETTINGS",
            key: "SERVE_PERMISSIONS",
            value: "['rest_framework.permissions.AllowAny']",
        }],
    )])
    .marks(&[value(
        &["SPECTACULAR_SETTINGS"],
        "rest_framework.permissions.AllowAny",
    )
    .generic()]);
