//! `plan`: the checklist of an upgrade, from `--from` or the release of a settings file (or of
//! the one settings file below a directory).

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, so its size does not matter.
#![allow(clippy::result_large_err)]

use crate::discover;
use crate::engine::{self, Known, Wanted};
use crate::error::Error;
use crate::load::{load, Loaded};
use crate::release::Release;
use crate::report;

use super::args::PlanFormat;
use super::{colors, fail, out, PlanArgs};

pub(super) fn plan(a: &PlanArgs) -> i32 {
    let (out_colors, err_colors) = colors(a.color);
    match checklist(a) {
        Ok(plan) => {
            let text = match a.format {
                PlanFormat::Text => report::plan_text(&plan, out_colors),
                PlanFormat::Json => report::plan_json(&plan),
                PlanFormat::Markdown => report::plan_markdown(&plan),
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
    let path = a.path.as_deref().map(settings_path).transpose()?;
    let loaded = path.as_deref().map(|p| load(p, p)).transpose()?;
    let (from, until) = start(a, path.as_deref(), loaded.as_ref())?;
    // As for `upgrade`: `latest` is the file's own release when that is newer than what the
    // tool automates (nothing to do), never a step back; `next-stop` the first migration stop
    // after the file's state; the releases of the file's state are to do if not done yet.
    let end = engine::start_state_end(from, a.from.is_some(), until);
    let range = engine::resolve_state_range(from, end, &wanted, None)?;
    let known = Known {
        path: path.clone(),
        values: Vec::new(),
    };
    Ok(engine::plan(
        &range,
        loaded.as_ref().map(|l| &l.file),
        known,
    ))
}

/// The settings file of PATH: PATH itself, or the one Modoboa settings file below the
/// directory PATH (found as `upgrade` finds them).
fn settings_path(path: &str) -> Result<String, Error> {
    let targets = discover::targets(&[path.to_string()]);
    let problem = |message: String| Error::Read {
        path: path.into(),
        message,
    };
    if let [t] = targets.as_slice() {
        if let Some(p) = &t.problem {
            return Err(problem(p.clone()));
        }
        if !t.found {
            return Ok(t.path.clone());
        }
    }
    let modoboa: Vec<&str> = targets
        .iter()
        .filter(|t| {
            load(&t.path, &t.path).is_ok_and(|l| crate::detect::detect(&l.file).release.is_some())
        })
        .map(|t| t.path.as_str())
        .collect();
    match modoboa.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(problem(format!(
            "it is a directory with no Modoboa {} below it",
            discover::SETTINGS_NAME
        ))),
        many => Err(problem(format!(
            "it is a directory with {} Modoboa settings files below it ({}): plan one of them",
            many.len(),
            many.join(", ")
        ))),
    }
}

/// The starting release: `--from`, else the release of the settings file, with the last
/// release of its state ([`crate::detect::Detection::until`]).
fn start(
    a: &PlanArgs,
    path: Option<&str>,
    loaded: Option<&Loaded>,
) -> Result<(&'static Release, Option<&'static Release>), Error> {
    match (&a.from, loaded) {
        (Some(f), _) => Ok((engine::find_release(f)?, None)),
        (None, Some(l)) => {
            let d = crate::detect::detect(&l.file);
            match d.release {
                Some(r) => Ok((r, d.until)),
                None => Err(Error::NotModoboa {
                    path: path.unwrap_or_default().to_string(),
                    reason: d.reason.unwrap_or_default(),
                }),
            }
        }
        (None, None) => Err(Error::PlanWithoutStart),
    }
}
