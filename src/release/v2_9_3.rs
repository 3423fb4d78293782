//! 2.9.3: the guide asks for no settings change; its template writes the API schema's
//! permission under 'SERVE_PERMISSIONS' again, where the 2.8.0 to 2.9.1 templates had put it
//! under 'SERVE_AUTHENTICATION'.

use super::{Op, Release, Step};
use crate::ops::special::v2_9_3::serve_authentication;

pub static RELEASE: Release = Release {
    version: "2.9.3",
    title: "the API schema permission under its own key",
    steps: &[Step {
        id: "2.9.3/serve-authentication",
        summary: "SPECTACULAR_SETTINGS: 'SERVE_AUTHENTICATION': ['rest_framework.permissions.AllowAny'] (a permission in the authentication list) becomes 'SERVE_PERMISSIONS'",
        ops: &[Op::Custom(serve_authentication)],
    }],
    manual: &[],
    marks: &[],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
