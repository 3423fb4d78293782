//! The operations of their own shape of release 1.1.1 (see `src/release/v1_1_1.rs`).

use crate::ops::{self, Outcome, Place};
use crate::ops::{Ctx, DEFAULT_DOVECOT_PATHS};

pub(crate) fn dovecot_lookup_path(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    // The 1.1.1 deploy template writes it commented out: the administrator has seen it and
    // needs it only for a Dovecot outside the standard places, which --dovecot-path tells.
    if ctx.options.dovecot_paths.is_empty()
        && f.commented_assignment("DOVECOT_LOOKUP_PATH").is_some()
    {
        return Outcome::none();
    }
    let paths: Vec<String> = if ctx.options.dovecot_paths.is_empty() {
        DEFAULT_DOVECOT_PATHS
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        ctx.options.dovecot_paths.clone()
    };
    let quote = crate::model::style::file_quote(f);
    let items: Vec<String> = paths.iter().map(|p| ops::quoted(p, quote)).collect();
    let value = if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(", "))
    };
    ops::statements::add(f, "DOVECOT_LOOKUP_PATH", &value, &Place::END)
}
