//! The operations of their own shape of release 1.1.0 (see `src/release/v1_1_0.rs`).

use crate::model::Unsafe;
use crate::ops::names::MODOBOA_APPS;
use crate::ops::Ctx;
use crate::ops::{self, Outcome, Slot};

pub(crate) const OLD_HANDLER: &str = "modoboa.lib.logutils.SQLHandler";
pub(crate) const NEW_HANDLER: &str = "modoboa.core.loggers.SQLHandler";

/// `modoboa.admin` (removed by the step's `Remove`, every copy of it) comes back as
/// `modoboa.extensions.admin`, first extension.
pub(crate) fn admin_extension(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let seq = match f.seq(MODOBOA_APPS) {
        Ok(Some(s)) => s,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let mut edits = Vec::new();
    if !seq.contains("modoboa.extensions.admin")
        && seq.commented("modoboa.extensions.admin").is_none()
    {
        let is_ext = |v: &str| v.starts_with("modoboa.extensions.");
        let first_item = seq.items().iter().position(|i| i.value.is_some_and(is_ext));
        let first_comment = seq
            .container
            .commented
            .iter()
            .position(|c| is_ext(&c.value));
        let slot = match (first_item, first_comment) {
            (Some(i), Some(c))
                if seq.container.commented[c].comment.start < seq.items()[i].range.start =>
            {
                Slot::BeforeCommented(c)
            }
            (Some(i), _) => Slot::BeforeItem(i),
            (None, Some(c)) => Slot::BeforeCommented(c),
            (None, None) => Slot::End,
        };
        let text = ops::quoted(
            "modoboa.extensions.admin",
            ops::container_quote(f, &seq.container),
        );
        edits.extend(ops::containers::insert_item(
            f,
            &seq.container,
            slot,
            &text,
            seq.is_tuple,
        ));
    }
    Outcome::Edits(edits)
}

/// In LOGGING['handlers'], every `'class'` naming the old SQL handler gets the new one.
pub(crate) fn sql_handler(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let handlers = match ops::dict(f, "LOGGING['handlers']") {
        Ok(Some(d)) => d,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let mut edits = Vec::new();
    for (_, handler) in &handlers.entries {
        let Some(h) = f.dict_of(*handler) else {
            continue;
        };
        let Some(class) = h.get("class") else {
            continue;
        };
        if crate::model::str_value(&class).as_deref() == Some(OLD_HANDLER) {
            match ops::containers::replace_string(f, &class.range(), NEW_HANDLER) {
                Ok(e) => edits.push(e),
                Err(u) => {
                    return Outcome::Skip(Unsafe {
                        reason: u.reason,
                        offset: u.offset,
                    })
                }
            }
        }
    }
    Outcome::Edits(edits)
}
