//! 2.9.3: the 2.8.0 template wrote the public-schema permission under the wrong key.

use crate::ops::dicts::{remove_key, rename_key};
use crate::ops::statements::same_value;
use crate::ops::{Ctx, Outcome};

const ALLOW_ANY: &str = "['rest_framework.permissions.AllowAny']";

/// `'SERVE_AUTHENTICATION': ['rest_framework.permissions.AllowAny']` (a permission class in
/// the list of authentication classes, as the 2.8.0 to 2.9.1 templates wrote it) becomes the
/// `'SERVE_PERMISSIONS'` entry the 2.8.0 note asks for; where SERVE_PERMISSIONS is already
/// there, the stray entry goes. Any other SERVE_AUTHENTICATION (`[]`, the administrator's own
/// classes) stays.
pub fn serve_authentication(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let d = match crate::ops::dict(f, "SPECTACULAR_SETTINGS") {
        Ok(Some(d)) => d,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    match d.get("SERVE_AUTHENTICATION") {
        Some(v) if same_value(f, v, ALLOW_ANY) => {}
        _ => return Outcome::none(),
    }
    if d.get("SERVE_PERMISSIONS").is_some() {
        remove_key(f, "SPECTACULAR_SETTINGS", "SERVE_AUTHENTICATION")
    } else {
        rename_key(
            f,
            "SPECTACULAR_SETTINGS",
            "SERVE_AUTHENTICATION",
            "SERVE_PERMISSIONS",
        )
    }
}
