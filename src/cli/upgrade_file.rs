//! `upgrade` on one file, in order: lock, load, detect, the range of releases, the engine's
//! run, the diff, the final parse, the write, the summary. Each stage is a function; an
//! [`Error`] at any stage is the file's error (exit 2, nothing written).

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, once per file, so its size does not matter.
#![allow(clippy::result_large_err)]

use std::path::Path;

use crate::config::{self, ConfigError};
use crate::detect::Detection;
use crate::discover::Target;
use crate::engine::{self, Known, Range, Request, Upgrade, Wanted};
use crate::error::{render, Error};
use crate::load::{load, Loaded};
use crate::release::{Options, Release};
use crate::report::{self, Colors, FileReport};
use crate::text::{encoding, write};

use super::upgrade::{Context, Verbosity};
use super::{Format, UpgradeArgs};

/// The outcome of one file of `upgrade`.
pub(super) struct FileResult {
    pub report: FileReport,
    pub status: i32,
    /// The diff or the new file, for stdout.
    pub stdout: Vec<u8>,
    /// Messages for stderr.
    pub stderr: String,
}

impl FileResult {
    /// A file that could not be upgraded: exit 2, the error in the report and on stderr.
    pub fn error(path: String, e: &Error, colors: Colors) -> FileResult {
        let report = FileReport {
            path,
            ..FileReport::default()
        };
        FileResult::failed(report, e, colors)
    }

    /// The same, with what the report held when the error came.
    fn failed(mut report: FileReport, e: &Error, colors: Colors) -> FileResult {
        report.error = Some(e.to_string());
        FileResult {
            report,
            status: 2,
            stdout: Vec::new(),
            stderr: render(e, colors),
        }
    }

    /// A file found below a directory and passed over: listed (not with `-q` nor in JSON,
    /// where the file's object says `ignored`), exit status 0.
    fn ignored(
        mut report: FileReport,
        reason: &str,
        verbosity: Verbosity,
        format: Format,
    ) -> FileResult {
        let stderr = if verbosity == Verbosity::Quiet || format == Format::Json {
            String::new()
        } else {
            report::left_alone(&report.path, reason)
        };
        report.ignored = Some(reason.into());
        FileResult {
            report,
            status: 0,
            stdout: Vec::new(),
            stderr,
        }
    }
}

/// The name a path is shown under (`--stdin-filename` for `-`).
pub(super) fn display_name(a: &UpgradeArgs, path: &str) -> String {
    if path == "-" {
        a.stdin_filename.clone().unwrap_or_else(|| "-".into())
    } else {
        path.to_string()
    }
}

/// A target of `upgrade`: an empty directory and a configuration error are errors of their own;
/// a file goes to [`upgrade_one`].
pub(super) fn upgrade_target(
    ctx: &Context,
    target: &Target,
    values: &Result<config::Values, ConfigError>,
) -> FileResult {
    let display = display_name(ctx.args, &target.path);
    let e = match (values, &target.problem) {
        (_, Some(problem)) => Error::Read {
            path: display.clone(),
            message: problem.clone(),
        },
        (Err(e), None) => Error::from(e.clone()),
        (Ok(values), None) => return upgrade_one(ctx, &target.path, values, target.found),
    };
    FileResult::error(display, &e, ctx.err_colors)
}

/// How the stages of one file ended, short of an error.
enum Done {
    /// Upgraded (or not): the exit status.
    Status(i32),
    /// Not Modoboa's: left alone, and why.
    Ignored(String),
}

/// Upgrade one file; `found` when it was found below a directory (then upgraded only when it
/// is Modoboa's).
fn upgrade_one(ctx: &Context, path: &str, values: &config::Values, found: bool) -> FileResult {
    let mut result = FileResult {
        report: FileReport {
            path: display_name(ctx.args, path),
            ..FileReport::default()
        },
        status: 0,
        stdout: Vec::new(),
        stderr: String::new(),
    };
    match stages(ctx, path, values, found, &mut result) {
        Ok(Done::Status(status)) => FileResult { status, ..result },
        Ok(Done::Ignored(reason)) => {
            FileResult::ignored(result.report, &reason, ctx.verbosity, ctx.args.format)
        }
        Err(e) => FileResult::failed(result.report, &e, ctx.err_colors),
    }
}

/// The stages of one file, filling `r` as they go.
fn stages(
    ctx: &Context,
    path: &str,
    values: &config::Values,
    found: bool,
    r: &mut FileResult,
) -> Result<Done, Error> {
    let a = ctx.args;
    let display = r.report.path.clone();
    // With --write, the file's lock is held from before the read until after the write: a
    // concurrent run waits, then reads what this one wrote (src/text/write.rs).
    let _lock = lock(a, path, &display, &mut r.stderr)?;
    let loaded = match load(path, &display) {
        // An empty or comment-only file is nobody's settings: left alone, like another
        // project's (a hook matching every settings*.py must not fail on it).
        Err(Error::Empty { what, .. }) => return Ok(Done::Ignored(report::empty_reason(what))),
        loaded => loaded?,
    };
    let detection = crate::detect::detect(&loaded.file);
    // Found below a directory: only Modoboa's files, even with --from.
    if found && detection.release.is_none() {
        return Ok(Done::Ignored(detection.reason.unwrap_or_default()));
    }
    let Some(from) = starting_release(ctx, &detection, &mut r.report) else {
        // Not Modoboa's (a plain Django project): left alone, which is no error, so that a
        // hook matching every settings*.py never rewrites another project's file.
        let reason = detection.reason.clone().unwrap_or_default();
        r.report.detected = Some(detection);
        return Ok(Done::Ignored(reason));
    };
    // The file's state runs to `end` (the same release when `--from` is given).
    let end = engine::start_state_end(from, ctx.from.is_some(), detection.until);
    let (wanted, given) = target(ctx, values, &mut r.report)?;
    let range = range(ctx, from, end, &wanted, given, &display, &mut r.report)?;
    if a.from.is_none() {
        r.report.detected = Some(detection);
    }
    let Loaded {
        bytes,
        encoding,
        file,
        ..
    } = loaded;
    let original = file.text().to_string();
    let mut up = run(ctx, range, values, file)?;
    engine::mark_if_not_done(&mut up.manual, &range);
    let (attention, output) = record(ctx, up, &original, &encoding, r);
    engine::fill_in(&mut r.report.manual, &known(ctx, path, values));
    // Last, before anything is written: the whole new text goes through the parser itself.
    if a.write && r.report.changed {
        check_parses(&display, &original, &output)?;
    }
    if a.write {
        write_output(a, path, &display, &bytes, &output, &encoding, r)?;
    }
    summary(ctx, values, r);
    Ok(Done::Status(i32::from(
        attention || r.report.stopped_at.is_some(),
    )))
}

/// `--write` on a file: its lock, and a note for each temporary file of an interrupted run it
/// removed.
fn lock(
    a: &UpgradeArgs,
    path: &str,
    display: &str,
    stderr: &mut String,
) -> Result<Option<write::FileLock>, Error> {
    if !(a.write && path != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file())) {
        return Ok(None);
    }
    let lock = write::lock(Path::new(path)).map_err(|e| Error::Write {
        path: display.into(),
        message: e.to_string(),
    })?;
    for t in &lock.removed_temps {
        stderr.push_str(&report::removed_temp_note(t));
    }
    Ok(Some(lock))
}

/// The release the file starts from: `--from`, else the detected one (`None`: not Modoboa's).
/// A forced start older than the file runs steps again: they are named.
fn starting_release(
    ctx: &Context,
    detection: &Detection,
    report: &mut FileReport,
) -> Option<&'static Release> {
    let Some(from) = ctx.from else {
        return detection.release;
    };
    if let Some(at) = detection.release {
        let again = engine::steps_run_again(from, at);
        if !again.is_empty() {
            report.notes.push(report::run_again_note(from, at, &again));
        }
    }
    Some(from)
}

/// The target of the file and whether it was given: `--to`, else `MODOBOA_SETTINGS_TO`, the
/// `to` of `[tool.modoboa-settings]` or the `modoboa==X` pinned beside the file
/// ([`config::values_for`]), else `latest` (not given). Its source goes into the report.
fn target(
    ctx: &Context,
    values: &config::Values,
    report: &mut FileReport,
) -> Result<(Wanted, bool), Error> {
    let (wanted, source) = match (&ctx.args.to, &values.to) {
        (Some(_), _) => (ctx.wanted, "flag".to_string()),
        (None, Some(to)) => {
            let wanted = Wanted::parse(&to.value).map_err(|_| Error::Config {
                origin: to.source.to_string(),
                message: format!(
                    "'{}' is not a release this tool knows (known: {})",
                    to.value,
                    crate::release::known_versions()
                ),
            })?;
            let source = match &to.source {
                config::Source::Env(_) => "env".to_string(),
                config::Source::Pin(p) => format!("pin:{}", p.display()),
                _ => "config".to_string(),
            };
            (wanted, source)
        }
        (None, None) => (ctx.wanted, "latest".to_string()),
    };
    let given = source != "latest";
    report.target_source = Some(source);
    Ok((wanted, given))
}

/// The range of releases the file gets ([`engine::resolve_range`]), with the remarks on it: a
/// file newer than what the tool automates, migration stops gone past. A write whose target
/// was not `given` stops at the first migration stop after the file's release.
fn range(
    ctx: &Context,
    from: &'static Release,
    end: &'static Release,
    wanted: &Wanted,
    given: bool,
    display: &str,
    report: &mut FileReport,
) -> Result<Range, Error> {
    let mut range = engine::resolve_state_range(from, end, wanted, Some(display))?;
    // Counted from the first release of the file's state: the server may be at any release of
    // it, so a stop inside the state is one it may not have made yet (the write then changes
    // nothing, and says what to run there).
    if ctx.args.write && !given {
        if let Some(stop) = engine::stops_crossed(range.from, range.to).first() {
            range.to = stop;
            report.stopped_at = Some(stop.version);
            report
                .notes
                .push(report::stopped_note(stop, engine::migrate_command(stop)));
        }
    }
    if range.past_automated {
        report
            .notes
            .push(report::past_automated_note(wanted.to, from));
    }
    report.from = Some(range.from.version);
    report.to = Some(range.to.version);
    // A settings file carried past a migration stop in one jump does not match the code that
    // must be installed at the stop: said, with the way to go one stop at a time.
    // (The stops of the file's own state are ones it is ready for, not gone past.)
    let stops = engine::stops_gone_past(range.state_end, range.to);
    if !stops.is_empty() {
        report.notes.push(report::stops_note(&stops));
        report.stops = stops.iter().map(|r| r.version).collect();
    }
    Ok(range)
}

/// What the checklist of a file knows: its name and the values the run used.
fn known(ctx: &Context, path: &str, values: &config::Values) -> Known {
    let path = if path == "-" {
        ctx.args.stdin_filename.clone()
    } else {
        Some(path.to_string())
    };
    let mut given = Vec::new();
    if let Some(h) = &values.hostname {
        given.push(("--hostname", h.value.clone()));
    }
    if let Some(d) = &values.mail_domain {
        given.push(("--mail-domain", d.value.clone()));
    }
    for p in values.dovecot_paths.iter().flat_map(|d| &d.value) {
        given.push(("--dovecot-path", p.clone()));
    }
    Known {
        path,
        values: given,
    }
}

/// The engine's run over the file.
fn run(
    ctx: &Context,
    range: Range,
    values: &config::Values,
    file: crate::model::SettingsFile,
) -> Result<Upgrade, Error> {
    let req = Request {
        from: range.from,
        to: range.to,
        options: Options {
            drift: ctx.args.with_drift,
            ..values.options()
        },
        ..ctx.base.clone()
    };
    engine::upgrade(file, &req).map_err(|e| Error::Internal {
        step: e.step.into(),
        message: e.message,
    })
}

/// The run into the report, and the diff into stdout (text) or the report (`--diff` in JSON).
/// Returns whether the file needs attention, and the new text.
fn record(
    ctx: &Context,
    mut up: Upgrade,
    original: &str,
    encoding: &encoding::Encoding,
    r: &mut FileResult,
) -> (bool, String) {
    let a = ctx.args;
    let report = &mut r.report;
    let display = report.path.as_str();
    report.changed = up.output != original;
    let attention = up.needs_attention(original);
    // With --write, the lines of the report are those of the file as written.
    if a.write && report.changed {
        up.relocate();
        report.lines_of_output = true;
    }
    report.applied = up.applied;
    report.pending = up.pending;
    report.skipped = up.skipped;
    report.manual = up.manual;
    let show_diff = a.diff || (!a.write && !a.check);
    if show_diff && a.format == Format::Text {
        let diff = report::diff_kept(display, original, &up.output, &up.kept, ctx.out_colors);
        r.stdout = report::diff_bytes(diff, encoding);
    }
    if a.diff && a.format == Format::Json {
        let diff = report::diff_kept(display, original, &up.output, &up.kept, Colors(false));
        report.diff = Some(Some(diff).filter(|d| !d.is_empty()));
    }
    (attention, up.output)
}

/// The whole new text through the parser itself (the edits were checked region by region,
/// partly by the fast parser): a file that parsed before and would not now is not written. (A
/// Python 2-era file the parser refuses whole was checked by the model's own reading, which
/// neutralizes that syntax.)
fn check_parses(display: &str, original: &str, output: &str) -> Result<(), Error> {
    use crate::syntax::parse::parse_exact;
    if let Err(e) = parse_exact(output) {
        if parse_exact(original).is_ok() {
            let line = output[..e.offset.min(output.len())].matches('\n').count() + 1;
            return Err(Error::UnparsableOutput {
                path: display.into(),
                line,
                message: e.message,
            });
        }
    }
    Ok(())
}

/// `--write`: the new file replaces the old one (keeping a backup when asked), or goes to
/// stdout for `-`.
fn write_output(
    a: &UpgradeArgs,
    path: &str,
    display: &str,
    bytes: &[u8],
    output: &str,
    encoding: &encoding::Encoding,
    r: &mut FileResult,
) -> Result<(), Error> {
    let write_error = |message: String| Error::Write {
        path: display.into(),
        message,
    };
    let new_bytes = encoding::encode(output, encoding).map_err(|e| write_error(e.to_string()))?;
    if path == "-" {
        r.stdout.extend(new_bytes);
    } else if r.report.changed {
        let opts = write::WriteOptions {
            backup_suffix: a.backup.clone(),
        };
        let written = write::replace_file(Path::new(path), bytes, &new_bytes, &opts).map_err(
            |e| match e {
                write::WriteError::Conflict { .. } => Error::WriteConflict {
                    path: display.into(),
                    message: e.to_string(),
                },
                e => write_error(e.to_string()),
            },
        )?;
        r.report.written = true;
        r.stderr
            .push_str(&report::write_notes(display, &written, a.backup.as_deref()));
    }
    Ok(())
}

/// The summary on stderr, as `-q` and `-v` ask.
fn summary(ctx: &Context, values: &config::Values, r: &mut FileResult) {
    let a = ctx.args;
    let report = &r.report;
    let display = &report.path;
    if a.format == Format::Text {
        match ctx.verbosity {
            Verbosity::Quiet => {
                // Quiet, not silent: a file that needs attention says so in one line.
                if a.check && report.changed {
                    r.stderr.push_str(&report::would_rewrite(display));
                }
                r.stderr.push_str(&report::quiet_attention(report));
                if !a.check {
                    r.stderr.push_str(&report::folded_manual(report));
                }
            }
            Verbosity::Normal | Verbosity::Verbose => {
                if a.check && report.changed {
                    r.stderr.push_str(&report::would_rewrite(display));
                }
                if ctx.verbosity == Verbosity::Verbose {
                    let mut sources = report::value_sources(display, values);
                    sources.push_str(&report::target_note(
                        display,
                        report.to,
                        report.target_source.as_deref(),
                    ));
                    r.stderr
                        .push_str(&report::text_verbose(report, ctx.err_colors, &sources));
                } else {
                    r.stderr.push_str(&report::text(report, ctx.err_colors));
                }
            }
        }
    } else if a.check && report.changed && ctx.verbosity != Verbosity::Quiet {
        r.stderr.push_str(&report::would_rewrite(display));
    }
}
