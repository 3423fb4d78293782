//! Which steps a run covers besides its releases' own: the owed steps of the releases the file
//! has passed, the steps that edit a sequence the file does not let the tool read, the
//! additions of `--with-drift`, the steps `--only`/`--skip` leave out, and the names that later
//! steps replace.

use super::Request;
use crate::model::SettingsFile;
use crate::release::{self, Release, Step};

/// The owed steps ([`Release::owed`]) of the releases up to `from` (and not past `to`): a
/// value they wait for may have been given since the file moved on, whatever release it is at.
pub fn owed_steps(
    from: &Release,
    to: &Release,
) -> impl Iterator<Item = (&'static Release, &'static Step)> {
    let last = release::index_of(from).min(release::index_of(to));
    release::RELEASES[..=last]
        .iter()
        .flat_map(|r| r.steps.iter().filter(|s| s.owed).map(move |s| (*r, s)))
}

/// The steps of the releases up to `req.from` (not owed ones: those run as such) that edit a
/// sequence the file does not let the tool read, with the reason and where.
pub(super) fn unverifiable(
    file: &SettingsFile,
    req: &Request,
) -> Vec<(&'static Release, &'static Step, String, usize)> {
    let last = release::index_of(req.from).min(release::index_of(req.to));
    let mut targets = Vec::new();
    let mut unreadable: Vec<(crate::ops::Target, crate::model::Unsafe)> = Vec::new();
    let mut checked: Vec<crate::ops::Target> = Vec::new();
    let mut out = Vec::new();
    for r in &release::RELEASES[..=last] {
        for s in r.steps.iter().filter(|s| !s.owed) {
            targets.clear();
            s.ops.iter().for_each(|o| o.targets(&mut targets));
            for t in &targets {
                if !checked.contains(t) {
                    checked.push(*t);
                    if let Err(u) = t.seq(file) {
                        unreadable.push((*t, u));
                    }
                }
            }
            if let Some((_, u)) = unreadable.iter().find(|(t, _)| targets.contains(t)) {
                out.push((*r, s, u.reason.clone(), u.offset));
            }
        }
    }
    out
}

/// The additions of `--with-drift` for a target: those of its release and before.
pub fn drift_steps(to: &Release) -> impl Iterator<Item = (&'static Release, &'static Step)> {
    let to = release::version_key(to.version);
    release::drift::STEPS.iter().filter_map(move |d| {
        let r = release::find(d.since)?;
        (release::version_key(d.since) <= to).then_some((r, &d.step))
    })
}

pub(super) fn excluded(req: &Request, rel: &Release, step: &Step) -> bool {
    let only = !req.only.is_empty() && !req.only.iter().any(|p| release::matches(p, rel, step.id));
    only || req.skip.iter().any(|p| release::matches(p, rel, step.id))
}

/// The names each step sets again or deletes ([`Op::replaces`]), with the step's index: an
/// earlier `Set`/`Add` of them is not run, so that values do not flip back and forth.
pub(super) fn replaced_names(
    steps: &[(&Release, &Step)],
    req: &Request,
) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    let mut names = Vec::new();
    for (i, (rel, step)) in steps.iter().enumerate() {
        if excluded(req, rel, step) {
            continue;
        }
        names.clear();
        step.ops.iter().for_each(|o| o.replaces(&mut names));
        out.extend(names.iter().map(|n| (i, *n)));
    }
    out
}
