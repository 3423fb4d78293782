//! The operations of their own shape of release 1.3.0 (see `src/release/v1_3_0.rs`).

use crate::ops::Ctx;
use crate::ops::{self, Outcome, Target};

/// The router of the amavis extension before 1.3.0 (`modoboa.extensions.amavis`).
pub(crate) const OLD_ROUTER: &str = "modoboa.extensions.amavis.dbrouter.AmavisRouter";
/// The router of the modoboa_amavis package.
pub(crate) const NEW_ROUTER: &str = "modoboa_amavis.dbrouter.AmavisRouter";

/// Where amavis is not enabled, the old router names a module that no longer exists (Django
/// would fail to import it): DATABASE_ROUTERS goes when it holds only that router (as in the
/// 1.3.0 template, which has none), else the router alone goes and the user's own stay.
pub(crate) fn drop_amavis_router(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let seq = match f.seq("DATABASE_ROUTERS") {
        Ok(Some(s)) => s,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    if !seq.contains(OLD_ROUTER) {
        return Outcome::none();
    }
    let only_old = seq.extra.is_empty()
        && seq.container.commented.is_empty()
        && seq.items().iter().all(|i| i.value == Some(OLD_ROUTER));
    if only_old && f.bindings("DATABASE_ROUTERS").len() == 1 {
        ops::statements::delete(f, "DATABASE_ROUTERS")
    } else {
        ops::sequences::remove(f, &Target::Name("DATABASE_ROUTERS"), OLD_ROUTER)
    }
}
