//! The operations of their own shape of release 0.9 (see `src/release/v0_9.rs`).

use crate::ops::names::*;
use crate::ops::Ctx;
use crate::ops::{self, Outcome};

pub(crate) const BACKENDS: &str = "AUTHENTICATION_BACKENDS";

pub(crate) fn backends(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let seq = match f.seq(BACKENDS) {
        Ok(Some(s)) => s,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let (Some(simple), Some(model)) = (seq.find(SIMPLE_BACKEND), seq.find(MODEL_BACKEND)) else {
        return Outcome::none();
    };
    if simple < model {
        return Outcome::none();
    }
    Outcome::Edits(ops::containers::swap_items(
        f,
        &seq.container,
        model,
        simple,
    ))
}

pub(crate) fn mysql_options(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let default = match ops::dict(f, "DATABASES['default']") {
        Ok(Some(d)) => d,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let is_mysql = default
        .get("ENGINE")
        .and_then(|e| crate::model::str_value(&e))
        .is_some_and(|e| e.contains("mysql"));
    if !is_mysql {
        return Outcome::none();
    }
    ops::dicts::merge_template(
        f,
        "DATABASES['default']",
        "{'OPTIONS': {'init_command': 'SET foreign_key_checks = 0;'}}",
    )
}
