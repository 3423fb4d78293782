//! 1.1.1, bug fixes: DOVECOT_LOOKUP_PATH tells Modoboa where Dovecot is installed.

use super::{is_assigned, Ctx, Op, Release, Step, DEFAULT_DOVECOT_PATHS};
use crate::ops::{self, Outcome, Place};

pub static RELEASE: Release = Release {
    version: "1.1.1",
    title: "bug fixes",
    steps: &[Step {
        id: "1.1.1/dovecot-lookup-path",
        summary: "add DOVECOT_LOOKUP_PATH (the places Modoboa looks for Dovecot)",
        op: Op::Custom(dovecot_lookup_path),
    }],
    manual: &[],
    fingerprint: Some(|f| is_assigned(f, "DOVECOT_LOOKUP_PATH")),
    migration_stop: false,
    own_procedure: false,
};

fn dovecot_lookup_path(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let paths: Vec<String> = if ctx.options.dovecot_paths.is_empty() {
        DEFAULT_DOVECOT_PATHS
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        ctx.options.dovecot_paths.clone()
    };
    let quote = f.quote();
    let items: Vec<String> = paths.iter().map(|p| ops::quoted(p, quote)).collect();
    let value = if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(", "))
    };
    ops::add_assignment(f, "DOVECOT_LOOKUP_PATH", &value, &Place::END)
}
