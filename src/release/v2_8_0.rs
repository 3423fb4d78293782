//! 2.8.0, the API schema is public.

use super::marks::*;
use super::{Op, Release, Step};

pub static RELEASE: Release = Release {
    version: "2.8.0",
    title: "the API schema is public",
    steps: &[Step {
        id: "2.8.0/serve-permissions",
        summary: "SPECTACULAR_SETTINGS: 'SERVE_PERMISSIONS' becomes ['rest_framework.permissions.AllowAny'] (prevents HTTP 401)",
        ops: &[Op::SetKey {
            path: "SPECTACULAR_SETTINGS",
            key: "SERVE_PERMISSIONS",
            value: "['rest_framework.permissions.AllowAny']",
        }],
    }],
    manual: &[],
    marks: &[value(
        &["SPECTACULAR_SETTINGS"],
        "rest_framework.permissions.AllowAny",
    )
    .generic()],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
