//! 0.9.3: no settings change asked (`modoboa-admin.py deploy` appears). The files it generates
//! are the first with LOGGING, WSGI_APPLICATION and the staticfiles finders, and the first
//! without LOGIN_URL.

use super::marks::*;
use super::Release;

pub static RELEASE: Release = Release::new("0.9.3", "deploy command")
    .marks(&[
        name("WSGI_APPLICATION").generic().optional(),
        name("STATICFILES_FINDERS").generic().optional(),
        name("USE_TZ").generic().optional(),
        name("LOGGING").generic().optional(),
    ]);
