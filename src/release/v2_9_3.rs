//! 2.9.3: the guide asks for no settings change; its template writes the API schema's
//! permission under 'SERVE_PERMISSIONS' again, where the 2.8.0 to 2.9.1 templates had put it
//! under 'SERVE_AUTHENTICATION'.

use super::{Op, Release, Step};
use crate::ops::special::v2_9_3::serve_authentication;

pub static RELEASE: Release = Release::new("2.9.3", "the API schema permission under its own key")
    .steps(&[Step::new(
        "2.9.3/serve-authentication",
        "SPECTACULAR_SETTINGS: 'SERVE_AUTHENTICATION': ['rest_framework.permissions.AllowAny'] (a permission in the authentication list) becomes 'SERVE_PERMISSIONS'",
        &[Op::Custom(serve_authentication)],
    )]);
