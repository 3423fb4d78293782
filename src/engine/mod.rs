//! The engine: run the steps of a range of releases over one settings file.
//!
//! Steps run in release order, each on the file as the previous steps left it. A step's edits
//! are applied in one pass and the result is parsed again at once: a step that would break the
//! file is an internal error naming that step, and nothing is written. Steps excluded with
//! `--only`/`--skip` are still evaluated, so that a change they would have made is reported.
//!
//! Around the run, the decisions of the application: the range of releases a file gets
//! (`engine/range.rs`, [`resolve_range`]), the manual steps and migration stops
//! (`engine/manual.rs`), the checklist that `plan` prints (`engine/plan.rs`, [`Plan`]); the
//! lines of the report are followed through the edits in `engine/anchors.rs`.

use crate::model::{EditFailure, SettingsFile, Snapshot};
use crate::ops::Outcome;
use crate::ops::{Cond, Op, Opt, Options};
use crate::release::{self, Release, Step};
use crate::text::edit::Kept;

mod anchors;
mod manual;
mod meaning;
mod plan;
mod range;
mod selection;

use anchors::{follow_refs, lines_of, map_refs, original_offset, original_offset_of_kept, Anchors};
pub use manual::{
    common_procedure, fill_in, listed, manual_steps, manual_steps_known, migrate_command,
    only_where, release_checklist, shell_word, stop_commands, stop_headline, stops_crossed, Known,
    COMMON, COMMON_DJANGO,
};
pub use plan::{catalogue, plan, Plan, Planned};
pub use range::{
    check_patterns, find_release, mark_if_not_done, releases_up_to, resolve_range,
    resolve_state_range, start_state_end, state_end, steps_run_again, stops_gone_past, Range,
    Wanted, IF_NOT_DONE, NEXT_STOP,
};
pub use selection::{drift_steps, owed_steps};
use selection::{excluded, replaced_names, unverifiable};

/// What to do with a file.
#[derive(Debug, Clone)]
pub struct Request {
    pub from: &'static Release,
    pub to: &'static Release,
    pub options: Options,
    /// Step ids or releases to run (all when empty).
    pub only: Vec<String>,
    /// Step ids or releases not to run.
    pub skip: Vec<String>,
}

/// A step that changed the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub id: &'static str,
    pub release: &'static str,
    /// 1-based line of the first edit in the file given ([`Upgrade::relocate`] makes it the
    /// line in the output, for a file that is written).
    pub line: usize,
    pub summary: &'static str,
    /// A step of a release at or before the file's own, still owed (a leftover, a value given
    /// at last): see [`owed_steps`].
    pub owed: bool,
}

/// A step waiting for a value only the administrator knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub id: &'static str,
    pub release: &'static str,
    pub reason: String,
    /// The value it waits for, as its key in `pyproject.toml` (`hostname`, `mail-domain`):
    /// the option the step's operation named ([`crate::ops::Opt::key`]).
    pub needs: Option<&'static str>,
    /// Owed by a release at or before the file's own ([`owed_steps`]).
    pub owed: bool,
}

/// A step not applied: the setting cannot be edited safely, or the user excluded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub id: &'static str,
    pub release: &'static str,
    pub reason: String,
    /// 1-based line of what could not be edited, in the file given (see [`Applied::line`]).
    pub line: Option<usize>,
    /// Owed by a release at or before the file's own ([`owed_steps`]).
    pub owed: bool,
}

/// A manual step of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manual {
    pub release: &'static str,
    pub text: String,
    /// A step of a release inside the file's state: to do only if not done yet (the reports
    /// print [`IF_NOT_DONE`] before the text; see [`mark_if_not_done`]).
    pub if_not_done: bool,
}

/// The result of running a request over a file.
#[derive(Debug, Clone)]
pub struct Upgrade {
    pub output: String,
    /// The stretches of `output` that are the input text, byte for byte (the text of the file
    /// given to [`upgrade`]): the diff aligns them without searching.
    pub kept: Vec<Kept>,
    pub applied: Vec<Applied>,
    pub pending: Vec<Pending>,
    pub skipped: Vec<Skipped>,
    pub manual: Vec<Manual>,
    /// The offsets of `applied` and `skipped` in `output` (the same order): their lines once
    /// the output is written ([`Upgrade::relocate`]).
    offsets_after: Vec<Option<usize>>,
    /// Skip reasons that name lines: the skipped step's index and its text with each line
    /// given as an index into `offsets_after` ([`Upgrade::render_refs`]).
    reason_refs: Vec<(usize, String)>,
}

impl Upgrade {
    /// Make the lines of the report those of the output (the file as written), not those of
    /// the file given.
    pub fn relocate(&mut self) {
        let lines = lines_of(&self.output, &self.offsets_after);
        let mut after = lines.iter().copied();
        for a in &mut self.applied {
            a.line = after.next().flatten().unwrap_or(a.line);
        }
        for s in &mut self.skipped {
            s.line = after.next().flatten().or(s.line);
        }
        self.render_refs(&lines);
    }

    /// The skip reasons that refer to lines, with those lines taken from `lines` (those of
    /// the file given, or of the output).
    fn render_refs(&mut self, lines: &[Option<usize>]) {
        for (i, template) in &self.reason_refs {
            self.skipped[*i].reason = map_refs(template, |k| {
                lines
                    .get(k)
                    .copied()
                    .flatten()
                    .map_or_else(|| "?".to_string(), |l| l.to_string())
            });
        }
    }

    /// True when the file differs, or would once pending and skipped steps are dealt with, or
    /// releases of the range still need the changes the tool does not make.
    pub fn needs_attention(&self, original: &str) -> bool {
        self.output != original || !self.pending.is_empty() || !self.skipped.is_empty()
    }
}

/// A step produced edits that overlap or break the file: a bug in the tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalError {
    pub step: &'static str,
    pub message: String,
}

/// Run every step of the releases after `req.from` up to `req.to`, after the steps still owed
/// by the releases up to `req.from` (see [`owed_steps`]).
pub fn upgrade(file: SettingsFile, req: &Request) -> Result<Upgrade, InternalError> {
    let mut file = file;
    file.rebase_kept();
    let original = file.text().to_string();
    // Conditional manual steps hold on the file before or after the upgrade (an extension
    // renamed by a step is still the extension the file enabled).
    let apps_before = crate::ops::enabled_apps(&file);
    let held_before: Vec<&Cond> = release::between(req.from, req.to)
        .iter()
        .flat_map(|r| r.manual.iter().filter_map(|m| m.when.as_ref()))
        .filter(|c| c.holds_among(&file, &apps_before))
        .collect();
    let mut up = Upgrade {
        output: String::new(),
        kept: Vec::new(),
        applied: Vec::new(),
        pending: Vec::new(),
        skipped: Vec::new(),
        manual: Vec::new(),
        offsets_after: Vec::new(),
        reason_refs: Vec::new(),
    };
    // Where each applied and skipped step is, followed through the later edits (the report
    // gives lines of the file given, or of the file written: never of a text in between).
    let mut anchors = Anchors::default();
    let mut applied_at: Vec<usize> = Vec::new();
    let mut skipped_at: Vec<Option<usize>> = Vec::new();
    let owed = owed_steps(req.from, req.to).count();
    let mut steps: Vec<(&Release, &Step)> = owed_steps(req.from, req.to)
        .chain(
            release::between(req.from, req.to)
                .iter()
                .flat_map(|r| r.steps.iter().map(move |s| (*r, s))),
        )
        .collect();
    // `--with-drift`: what a fresh install of the target has and the file may lack, last.
    if req.options.drift {
        steps.extend(drift_steps(req.to));
    }
    // A sequence the file builds in a way the tool does not read (`BASE_APPS + (...)`): the
    // steps of the releases up to the file's that edit it could not be checked, then or now.
    // They stay reported (owed) on every run until the setting can be read, so that a file
    // whose skipped steps were forgotten never looks up to date; they do not run again.
    for (rel, step, reason, at) in unverifiable(&file, req) {
        if !req.only.is_empty() && excluded(req, rel, step) {
            continue;
        }
        skipped_at.push(Some(anchors.add(at)));
        up.skipped.push(Skipped {
            id: step.id,
            release: rel.version,
            reason: follow_refs(reason, &mut anchors),
            line: None,
            owed: true,
        });
    }
    let replaced = replaced_names(&steps, req);
    for (i, (rel, step)) in steps.iter().copied().enumerate() {
        // An owed step has work only where its setting is still missing (it would wait for
        // a value) or where it still cannot be applied safely (skipped, reported again):
        // elsewhere the release's own run, or the administrator, settled it. A step whose
        // result must hold from its release on (1.15.0's Python 3 syntax, the loader of a
        // package merged into the core) runs whole: what it finds is a leftover.
        if i < owed
            && !step.ops.iter().all(Op::holds_from_its_release)
            && !matches!(
                would_change(&file, step, &Options::default()),
                StepOutcome::Pending { .. } | StepOutcome::Skipped { .. }
            )
        {
            continue;
        }
        // An owed step of an older release is no part of a run narrowed with --only.
        if i < owed && !req.only.is_empty() && excluded(req, rel, step) {
            continue;
        }
        if excluded(req, rel, step) {
            // Not run; reported when it would have changed something or waits for a value.
            let how = if req.only.is_empty() {
                "excluded by --skip"
            } else {
                "not selected by --only"
            };
            let at = match would_change(&file, step, &req.options) {
                StepOutcome::Changed { at } => Some(anchors.add(at)),
                StepOutcome::Pending { .. } => None,
                _ => continue,
            };
            skipped_at.push(at);
            up.skipped.push(Skipped {
                id: step.id,
                release: rel.version,
                reason: how.into(),
                line: None,
                owed: i < owed,
            });
            continue;
        }
        // (`replaced` is in step order: the later steps' names are its tail.)
        let superseded = &replaced[replaced.partition_point(|(j, _)| *j <= i)..];
        match run_step(&mut file, step, &req.options, superseded, &mut anchors)? {
            StepOutcome::Changed { at } => {
                applied_at.push(at);
                up.applied.push(Applied {
                    id: step.id,
                    release: rel.version,
                    line: 0,
                    summary: step.summary,
                    owed: i < owed,
                })
            }
            StepOutcome::Unchanged => {}
            StepOutcome::Pending { reason, needs } => up.pending.push(Pending {
                id: step.id,
                release: rel.version,
                needs: needs.map(|o| o.key()),
                reason,
                owed: i < owed,
            }),
            StepOutcome::Skipped { reason, at } => {
                skipped_at.push(at);
                up.skipped.push(Skipped {
                    id: step.id,
                    release: rel.version,
                    reason: follow_refs(reason, &mut anchors),
                    line: None,
                    owed: i < owed,
                })
            }
        }
    }
    let apps_after = crate::ops::enabled_apps(&file);
    let held_after = |c: &Cond| {
        held_before.iter().any(|h| std::ptr::eq(*h, c)) || c.holds_among(&file, &apps_after)
    };
    up.manual = manual_steps(req.from, req.to, Some(&held_after));
    (up.output, up.kept) = file.into_text_and_kept();
    let mut at: Vec<Option<usize>> = applied_at
        .iter()
        .map(|&a| Some(a))
        .chain(skipped_at.iter().copied())
        .collect();
    // The lines a skip reason refers to are followed like the steps' own: each reference
    // becomes the index of its offset in `at` (and so in `offsets_after`, for `relocate`).
    for (i, s) in up.skipped.iter().enumerate() {
        if s.reason.contains(crate::model::LINE_REF) {
            let template = map_refs(&s.reason, |anchor| {
                at.push(Some(anchor));
                format!(
                    "{}{}{}",
                    crate::model::LINE_REF,
                    at.len() - 1,
                    crate::model::LINE_REF
                )
            });
            up.reason_refs.push((i, template));
        }
    }
    // (An edit that adds lines after a line starts with its line break: the line is the next.)
    let past_breaks = |text: &str, o: usize| {
        o + text.as_bytes()[o.min(text.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count()
    };
    let raw: Vec<Option<usize>> = at.iter().map(|a| a.map(|a| anchors.0[a])).collect();
    let after: Vec<Option<usize>> = raw
        .iter()
        .map(|a| a.map(|a| past_breaks(&up.output, a)))
        .collect();
    // (The steps' places first, then the statements their reasons refer to.)
    let places = applied_at.len() + skipped_at.len();
    let before: Vec<Option<usize>> = raw
        .iter()
        .enumerate()
        .map(|(i, a)| {
            a.map(|a| {
                let o = if i < places {
                    original_offset(&up.kept, a)
                } else {
                    original_offset_of_kept(&up.kept, &up.output, a)
                };
                past_breaks(&original, o)
            })
        })
        .collect();
    let lines_before = lines_of(&original, &before);
    up.offsets_after = after;
    for (a, l) in up.applied.iter_mut().zip(&lines_before) {
        a.line = l.unwrap_or(1);
    }
    for (s, l) in up.skipped.iter_mut().zip(&lines_before[up.applied.len()..]) {
        s.line = *l;
    }
    up.render_refs(&lines_before);
    // Every region a step changed was parsed again as it was spliced in (and debug builds
    // compare each splice with a full parse), so the result is known to parse.
    // Steps that undo each other (a file whose detection stays behind runs older steps again,
    // and a later step takes back what they add) leave the file as it was: nothing was applied.
    if up.output == original {
        up.applied.clear();
    }
    Ok(up)
}

enum StepOutcome {
    /// `at` is an offset (from [`would_change`]) or an anchor (from [`run_step`]).
    Changed {
        at: usize,
    },
    Unchanged,
    Pending {
        reason: String,
        needs: Option<Opt>,
    },
    Skipped {
        reason: String,
        at: Option<usize>,
    },
}

/// What a step would do to the file as it is, without doing it: the first change or pending
/// value, else the first operation that cannot be applied safely.
fn would_change(file: &SettingsFile, step: &Step, options: &Options) -> StepOutcome {
    let mut skipped = None;
    for op in step.ops {
        match op.evaluate(file, options) {
            Outcome::Edits(edits) => {
                if let Some(at) = edits.iter().map(|e| e.range.start).min() {
                    return StepOutcome::Changed { at };
                }
            }
            Outcome::Pending { reason, needs } => return StepOutcome::Pending { reason, needs },
            Outcome::Skip(u) => {
                skipped.get_or_insert(StepOutcome::Skipped {
                    reason: u.reason,
                    at: Some(u.offset),
                });
            }
        }
    }
    skipped.unwrap_or(StepOutcome::Unchanged)
}

/// Run one step on the file, in place, all or nothing: a step that is skipped (an operation
/// that cannot be applied safely, or edits that would leave a name read where it is not bound:
/// see `engine/meaning.rs`) leaves the file as it was. When part of a step applied and the rest
/// waits for a value (pending), the part is kept.
fn run_step(
    file: &mut SettingsFile,
    step: &Step,
    options: &Options,
    superseded: &[(usize, &str)],
    anchors: &mut Anchors,
) -> Result<StepOutcome, InternalError> {
    let mut first: Option<usize> = None;
    let mut blocked: Option<StepOutcome> = None;
    let anchors_before = anchors.0.len();
    let mut run = Run {
        options,
        superseded,
        first: &mut first,
        blocked: &mut blocked,
        anchors,
        before: None,
    };
    run_ops(file, step, step.ops, &mut run)?;
    let Some(before) = run.before.take() else {
        return Ok(match (first, blocked) {
            (_, Some(b)) => b,
            (Some(at), None) => StepOutcome::Changed { at },
            (None, None) => StepOutcome::Unchanged,
        });
    };
    // The file before the step is parsed again only when the check or an undo needs it.
    // (Rebuilt from the file after the step: its edits, undone.)
    let parsed = std::cell::OnceCell::new();
    let before_file = |now: &SettingsFile| {
        parsed
            .get_or_init(|| now.restore(&before.file))
            .as_ref()
            .map_err(|e| InternalError {
                step: step.id,
                message: format!("the file before the step no longer parses ({e:?})"),
            })
    };
    let broken = meaning::check(
        &|| before_file(file),
        file,
        &before.names,
        before.first_edit,
    )?;
    let undo = |file: &mut SettingsFile, anchors: &mut Anchors, offset: usize| {
        let restored = before_file(file)?.clone();
        *file = restored;
        anchors.0.truncate(anchors_before);
        anchors.0.clone_from(&before.anchors);
        Ok::<usize, InternalError>(anchors.add(offset))
    };
    Ok(match (blocked, broken) {
        (Some(StepOutcome::Skipped { reason, at }), _) => {
            // The offset was taken on the text as the step's earlier edits left it.
            let offset = at.map_or(before.first_edit, |a| {
                before
                    .edits
                    .iter()
                    .rev()
                    .fold(anchors.0[a], |o, es| meaning::unshift(es, o))
            });
            StepOutcome::Skipped {
                reason,
                at: Some(undo(file, anchors, offset)?),
            }
        }
        (_, Some(b)) => StepOutcome::Skipped {
            reason: b.reason,
            at: Some(undo(file, anchors, b.offset)?),
        },
        (Some(b), None) => b,
        (None, None) => StepOutcome::Changed {
            at: first.unwrap_or_default(),
        },
    })
}

/// The file as it was before a step's first edit, and what the step's edits touched.
struct BeforeStep {
    file: Snapshot,
    anchors: Vec<usize>,
    /// The names the edits write or replace, each with whether the file bound it before.
    names: Vec<(String, bool)>,
    /// The edits of each operation, in order (offsets are taken back through them).
    edits: Vec<Vec<crate::text::edit::Edit>>,
    /// Where the first edit was, in `file`.
    first_edit: usize,
}

/// What the operations of one step share as they run.
struct Run<'a> {
    options: &'a Options,
    superseded: &'a [(usize, &'a str)],
    /// The anchor of the step's first edit.
    first: &'a mut Option<usize>,
    blocked: &'a mut Option<StepOutcome>,
    anchors: &'a mut Anchors,
    /// Taken at the step's first edit.
    before: Option<BeforeStep>,
}

/// Apply `ops` one after the other, each on the file as the one before left it; a group
/// ([`Op::When`]) is opened where its condition holds.
fn run_ops(
    file: &mut SettingsFile,
    step: &Step,
    ops: &[Op],
    run: &mut Run,
) -> Result<(), InternalError> {
    for op in ops {
        if let Op::When { cond, ops: inner } = op {
            if cond.holds(file) {
                run_ops(file, step, inner, run)?;
            }
            continue;
        }
        if op
            .sets()
            .is_some_and(|n| run.superseded.iter().any(|(_, m)| *m == n))
        {
            continue;
        }
        // Every operation gives all its edits at once (`Remove` and `Rename` take every
        // occurrence in one call): one evaluation each, no rounds.
        match op.evaluate(file, run.options) {
            Outcome::Edits(edits) if edits.is_empty() => {}
            Outcome::Edits(edits) => {
                let at = edits.iter().map(|e| e.range.start).min().unwrap_or(0);
                let before = run.before.get_or_insert_with(|| BeforeStep {
                    file: file.snapshot(),
                    anchors: run.anchors.0.clone(),
                    names: Vec::new(),
                    edits: Vec::new(),
                    first_edit: at,
                });
                meaning::touched(file, &edits, &mut before.names);
                before.file.record(file, &edits);
                before.edits.push(edits.clone());
                run.anchors.shift(&edits);
                file.apply_edits(edits).map_err(|e| InternalError {
                    step: step.id,
                    message: match e {
                        EditFailure::Overlap(o) => {
                            format!(
                                "overlapping edits at bytes {:?} and {:?}",
                                o.first, o.second
                            )
                        }
                        EditFailure::Parse(p) => {
                            format!("the edited file no longer parses ({p:?})")
                        }
                    },
                })?;
                // (No edit starts before the first: its offset holds in the new text.)
                if run.first.is_none() {
                    *run.first = Some(run.anchors.add(at));
                }
            }
            Outcome::Pending { reason, needs } => {
                run.blocked
                    .get_or_insert(StepOutcome::Pending { reason, needs });
            }
            Outcome::Skip(u) => match &mut run.blocked {
                // Every operation of the step that could not be applied is named.
                Some(StepOutcome::Skipped { reason, .. }) => {
                    reason.push_str("; ");
                    reason.push_str(&u.reason);
                }
                Some(_) => {}
                None => {
                    *run.blocked = Some(StepOutcome::Skipped {
                        reason: u.reason,
                        at: Some(run.anchors.add(u.offset)),
                    })
                }
            },
        }
    }
    Ok(())
}
