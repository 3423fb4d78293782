//! 2.2.0 moves to Django 4.2, which no longer has the python-memcached cache backend.

use crate::model::str_ref;
use crate::ops::{container_quote, dict, quoted, Ctx, Outcome};
use crate::text::edit::Edit;

/// The backend Django 4.1 removed, and the one Django's release note points to.
pub(crate) const OLD_MEMCACHED: &str = "django.core.cache.backends.memcached.MemcachedCache";
const PYMEMCACHE: &str = "django.core.cache.backends.memcached.PyMemcacheCache";

/// Every cache of CACHES whose BACKEND is python-memcached's gets pymemcache's (the same
/// LOCATION works): Django 4.1 removed the old class, and the settings no longer load.
pub fn memcached_backend(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    if !f.text().contains(OLD_MEMCACHED) {
        return Outcome::none();
    }
    let caches = match dict(f, "CACHES") {
        Ok(Some(d)) => d,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let mut edits = Vec::new();
    for (_, cache) in &caches.entries {
        let Some(d) = f.dict_of(*cache) else {
            continue;
        };
        if let Some(b) = d.get("BACKEND") {
            if str_ref(b.expr) == Some(OLD_MEMCACHED) {
                let quote = container_quote(f, &d.container);
                edits.push(Edit::replace(b.range(), quoted(PYMEMCACHE, quote)));
            }
        }
    }
    Outcome::Edits(edits)
}
