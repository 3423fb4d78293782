//! `plan`: the checklist of an upgrade, from `--from` or the release of a settings file.

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, so its size does not matter.
#![allow(clippy::result_large_err)]

use crate::engine::{self, Wanted};
use crate::error::Error;
use crate::load::{load, Loaded};
use crate::release::Release;
use crate::report;

use super::{colors, fail, out, Format, PlanArgs};

pub(super) fn plan(a: &PlanArgs) -> i32 {
    let (_, err_colors) = colors(a.color);
    match checklist(a) {
        Ok(plan) => {
            let text = match a.format {
                Format::Text => report::plan_text(&plan),
                Format::Json => report::plan_json(&plan),
            };
            out(text.as_bytes());
            0
        }
        Err(e) => fail(&e, err_colors),
    }
}

/// The checklist `plan` asks for, decided by the engine.
fn checklist(a: &PlanArgs) -> Result<engine::Plan, Error> {
    let wanted = Wanted::parse(&a.to)?;
    let loaded = a.path.as_deref().map(|p| load(p, p)).transpose()?;
    let from = start(a, loaded.as_ref())?;
    // As for `upgrade`: `latest` is the file's own release when that is newer than what the
    // tool automates (nothing to do), never a step back; `next-stop` the first migration stop
    // after the starting release.
    let range = engine::resolve_range(from, &wanted, None)?;
    Ok(engine::plan(
        range.from,
        range.to,
        loaded.as_ref().map(|l| &l.file),
    ))
}

/// The starting release: `--from`, else the release of the settings file.
fn start(a: &PlanArgs, loaded: Option<&Loaded>) -> Result<&'static Release, Error> {
    match (&a.from, loaded) {
        (Some(f), _) => engine::find_release(f),
        (None, Some(l)) => {
            let d = crate::detect::detect(&l.file);
            d.release.ok_or_else(|| Error::NotModoboa {
                path: a.path.clone().unwrap_or_default(),
                reason: d.reason.unwrap_or_default(),
            })
        }
        (None, None) => Err(Error::PlanWithoutStart),
    }
}
