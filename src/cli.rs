//! The command line: arguments in, reports out, exit status.
//!
//! `upgrade`, `detect`, `plan` and `transforms`. Scripts, CI jobs and pre-commit hooks depend on
//! the flags, output and exit statuses here: 0 nothing to change, 1 something changed (or would,
//! or is pending, or was skipped), 2 an error.

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, once per file, so its size does not matter.
#![allow(clippy::result_large_err)]

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use clap::{Parser, Subcommand, ValueEnum};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource};
use serde_json::json;

use crate::detect::{self, Detection};
use crate::engine::{self, Request};
use crate::error::{visible_span, Error};
use crate::model::{ParseFailure, SettingsFile};
use crate::release::{self, Options, Release, RELEASES};
use crate::report::{self, Colors, FileReport};
use crate::{encoding, source, write};

#[derive(Debug, Parser)]
#[command(
    name = "modoboa-settings",
    version,
    about = "Upgrade a Modoboa settings.py from one release to another"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Upgrade settings files (shows a diff unless --write or --check).
    Upgrade(UpgradeArgs),
    /// Tell which release each file is at, with the evidence.
    Detect(DetectArgs),
    /// The checklist of an upgrade: automated and manual steps, in release order.
    Plan(PlanArgs),
    /// List the releases and their steps.
    Transforms(TransformsArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct UpgradeArgs {
    /// Settings files; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Target release (or `latest`).
    #[arg(long, default_value = "latest", value_name = "RELEASE")]
    pub to: String,
    /// Starting release (default: detected per file).
    #[arg(long, value_name = "RELEASE")]
    pub from: Option<String>,
    /// Print a unified diff (the default unless --write or --check).
    #[arg(long)]
    pub diff: bool,
    /// Rewrite the files in place (with `-`, print the new file).
    #[arg(short = 'w', long)]
    pub write: bool,
    /// Write nothing; report the files that would change.
    #[arg(long)]
    pub check: bool,
    /// The server's fully qualified host name (1.0.0's ALLOWED_HOSTS).
    #[arg(long, value_name = "FQDN")]
    pub hostname: Option<String>,
    /// The mail domain, where a release asks for one.
    #[arg(long, value_name = "DOMAIN")]
    pub mail_domain: Option<String>,
    /// Where Dovecot may be installed (repeatable; default the manual's two paths).
    #[arg(long = "dovecot-path", value_name = "PATH")]
    pub dovecot_path: Vec<String>,
    /// Run only these steps or releases (repeatable).
    #[arg(long, value_name = "ID|RELEASE")]
    pub only: Vec<String>,
    /// Do not run these steps or releases (repeatable).
    #[arg(long, value_name = "ID|RELEASE")]
    pub skip: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Colour: auto uses it on a terminal, unless NO_COLOR is set.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// The name to show for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Exit 0 when files changed or would change (errors still exit 2).
    #[arg(long)]
    pub exit_zero_even_if_changed: bool,
    /// With --write, keep the previous file as PATH.orig (or PATH<SUFFIX>).
    #[arg(long, value_name = "SUFFIX", num_args = 0..=1, require_equals = true, default_missing_value = ".orig")]
    pub backup: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct DetectArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Starting release (default: detected from PATH).
    #[arg(long, value_name = "RELEASE")]
    pub from: Option<String>,
    #[arg(long, default_value = "latest", value_name = "RELEASE")]
    pub to: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// A settings file to detect the starting release from.
    pub path: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct TransformsArgs {
    #[arg(long, default_value = "latest", value_name = "RELEASE")]
    pub to: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Run the command line; returns the exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Upgrade(a) => upgrade(&a),
        Command::Detect(a) => detect_cmd(&a),
        Command::Plan(a) => plan_cmd(&a),
        Command::Transforms(a) => transforms_cmd(&a),
    }
}

/// Whether to colour stdout and stderr.
fn colors(choice: ColorChoice) -> (Colors, Colors) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => (Colors(true), Colors(true)),
        ColorChoice::Never => (Colors(false), Colors(false)),
        ColorChoice::Auto => (
            Colors(!no_color && std::io::stdout().is_terminal()),
            Colors(!no_color && std::io::stderr().is_terminal()),
        ),
    }
}

/// Render an error with miette, for stderr.
pub fn render(err: &Error, colors: Colors) -> String {
    let theme = if colors.0 {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    if handler
        .render_report(&mut out, err as &dyn Diagnostic)
        .is_err()
    {
        out = format!("error: {err}\n");
    }
    out
}

fn eprint(s: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(s.as_bytes());
}

fn out(s: &[u8]) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(s);
    let _ = o.flush();
}

fn find_release(v: &str) -> Result<&'static Release, Error> {
    release::find(v).ok_or_else(|| Error::UnknownRelease {
        version: v.to_string(),
        known: release::known_versions(),
    })
}

/// A file read and parsed, ready for the engine.
pub struct Loaded {
    pub display: String,
    pub bytes: Vec<u8>,
    pub encoding: encoding::Encoding,
    pub file: SettingsFile,
}

/// Read, decode and parse one path (`-` is standard input).
pub fn load(path: &str, display: &str) -> Result<Loaded, Error> {
    let bytes = if path == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| Error::Read {
                path: display.into(),
                message: e.to_string(),
            })?;
        b
    } else {
        let p = Path::new(path);
        if p.is_dir() {
            return Err(Error::Read {
                path: display.into(),
                message: "it is a directory".into(),
            });
        }
        // A device or a FIFO could be read forever (`/dev/zero`): only regular files.
        if std::fs::metadata(p).is_ok_and(|m| !m.is_file()) {
            return Err(Error::Read {
                path: display.into(),
                message: "not a regular file".into(),
            });
        }
        std::fs::read(p).map_err(|e| Error::Read {
            path: display.into(),
            message: io_message(&e),
        })?
    };
    load_bytes(bytes, display)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Decode and parse bytes.
pub fn load_bytes(bytes: Vec<u8>, display: &str) -> Result<Loaded, Error> {
    let decoded = encoding::decode(&bytes).map_err(|e| Error::Encoding {
        path: display.into(),
        message: e.message.clone(),
        offset: e.offset,
    })?;
    let text = decoded.text;
    let body = text.trim_start_matches('\u{feff}');
    if body.trim().is_empty() {
        return Err(Error::Empty {
            path: display.into(),
            what: "the file is empty",
        });
    }
    let file = SettingsFile::parse(text.clone()).map_err(|e| parse_error(display, &text, e))?;
    if file.statements().is_empty() {
        return Err(Error::Empty {
            path: display.into(),
            what: "only comments",
        });
    }
    Ok(Loaded {
        display: display.into(),
        bytes,
        encoding: decoded.encoding,
        file,
    })
}

fn parse_error(display: &str, text: &str, e: ParseFailure) -> Error {
    let lines = source::LineIndex::new(text);
    match e {
        ParseFailure::Syntax {
            offset, message, ..
        } => {
            let span = visible_span(text, offset);
            let (line, column) = lines.line_col(span.offset());
            Error::Syntax {
                path: display.into(),
                line,
                column,
                message,
                src: NamedSource::new(display, framed(text, span.offset())),
                span,
            }
        }
        ParseFailure::TooDeep { offset } => {
            let span = visible_span(text, offset);
            Error::TooDeep {
                path: display.into(),
                line: lines.line(offset),
                limit: source::MAX_DEPTH,
                src: NamedSource::new(display, framed(text, span.offset())),
                span,
            }
        }
    }
}

/// The text a code frame needs: up to the end of the line after the error, and at most 200
/// bytes past the error (a hostile file may hold one line of a megabyte).
fn framed(text: &str, offset: usize) -> String {
    let after = source::next_line(text, offset);
    let mut end = source::line_end(text, after).min(offset.saturating_add(200));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end.max(offset.min(text.len()))].to_string()
}

/// The outcome of one file of `upgrade`.
struct FileResult {
    report: FileReport,
    status: i32,
    /// The diff or the new file, for stdout.
    stdout: Vec<u8>,
    /// Messages for stderr.
    stderr: String,
}

fn upgrade(a: &UpgradeArgs) -> i32 {
    let (out_colors, err_colors) = colors(a.color);
    let to = match find_release(&a.to) {
        Ok(r) => r,
        Err(e) => return fail(&e, err_colors),
    };
    let from = match a.from.as_deref().map(find_release).transpose() {
        Ok(r) => r,
        Err(e) => return fail(&e, err_colors),
    };
    if let Some(f) = from {
        if release::index_of(f) > release::index_of(to) {
            return fail(
                &Error::Downgrade {
                    from: f.version.into(),
                    to: to.version.into(),
                },
                err_colors,
            );
        }
    }
    if a.format == Format::Json && a.write && a.paths.iter().any(|p| p == "-") {
        eprint("error: --format json prints the report on stdout; it cannot be combined with --write on standard input\n");
        return 2;
    }
    for p in a.only.iter().chain(&a.skip) {
        if !known_pattern(p) {
            eprint(&format!(
                "error: unknown step or release '{p}' (see `modoboa-settings transforms`)\n"
            ));
            return 2;
        }
    }
    if let Some(h) = &a.hostname {
        if h.is_empty()
            || !h
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | '_'))
        {
            eprint(&format!("error: '{h}' is not a host name\n"));
            return 2;
        }
    }
    let options = Options {
        hostname: a.hostname.clone(),
        mail_domain: a.mail_domain.clone(),
        dovecot_paths: a.dovecot_path.clone(),
    };
    let base = Request {
        from: release::RELEASES[0],
        to,
        options,
        only: a.only.clone(),
        skip: a.skip.clone(),
    };
    let results = run_parallel(&a.paths, |path| {
        upgrade_one(a, path, from, &base, out_colors, err_colors)
    });
    let mut status = 0;
    let mut reports = Vec::new();
    for r in results {
        status = status.max(r.status);
        if a.format == Format::Text || a.write {
            out(&r.stdout);
        }
        eprint(&r.stderr);
        reports.push(r.report);
    }
    if a.format == Format::Json {
        out(report::json(&reports).as_bytes());
    }
    if status == 1 && a.exit_zero_even_if_changed {
        status = 0;
    }
    status
}

/// Run `f` over the paths, in parallel when there are many; results keep the paths' order.
fn run_parallel<T: Send>(paths: &[String], f: impl Fn(&str) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if paths.len() < 8 || threads < 2 || paths.iter().any(|p| p == "-") {
        return paths.iter().map(|p| f(p)).collect();
    }
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|c| s.spawn(|| c.iter().map(|p| f(p)).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn known_pattern(p: &str) -> bool {
    release::find(p).is_some() || RELEASES.iter().any(|r| r.steps.iter().any(|s| s.id == p))
}

fn fail(e: &Error, colors: Colors) -> i32 {
    eprint(&render(e, colors));
    2
}

fn upgrade_one(
    a: &UpgradeArgs,
    path: &str,
    from: Option<&'static Release>,
    base: &Request,
    out_colors: Colors,
    err_colors: Colors,
) -> FileResult {
    let display = if path == "-" {
        a.stdin_filename.clone().unwrap_or_else(|| "-".into())
    } else {
        path.to_string()
    };
    let mut report = FileReport {
        path: display.clone(),
        ..FileReport::default()
    };
    let err = |report: FileReport, e: Error| {
        let mut report = report;
        report.error = Some(e.to_string());
        FileResult {
            report,
            status: 2,
            stdout: Vec::new(),
            stderr: render(&e, err_colors),
        }
    };
    // With --write, the file's lock is held from before the read until after the write: a
    // concurrent run waits, then reads what this one wrote (src/write.rs).
    let mut notes = String::new();
    let _lock = if a.write && path != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        match write::lock(Path::new(path)) {
            Ok(lock) => {
                for t in &lock.removed_temps {
                    notes.push_str(&format!(
                        "note: removed {}, a temporary file left by an interrupted run\n",
                        t.display()
                    ));
                }
                Some(lock)
            }
            Err(e) => {
                let message = e.to_string();
                return err(
                    report,
                    Error::Write {
                        path: display,
                        message,
                    },
                );
            }
        }
    } else {
        None
    };
    let loaded = match load(path, &display) {
        Ok(l) => l,
        Err(e) => return err(report, e),
    };
    let (from, detection) = match from {
        Some(f) => (f, None),
        None => {
            let d = detect::detect(&loaded.file);
            (d.release, Some(d))
        }
    };
    report.from = Some(from.version);
    report.to = Some(base.to.version);
    report.detected = detection;
    let req = Request {
        from,
        ..base.clone()
    };
    let original = loaded.file.text().to_string();
    let up = match engine::upgrade(loaded.file, &req) {
        Ok(u) => u,
        Err(e) => {
            return err(
                report,
                Error::Internal {
                    step: e.step.into(),
                    message: e.message,
                },
            )
        }
    };
    report.changed = up.output != original;
    let attention = up.needs_attention(&original);
    report.applied = up.applied;
    report.pending = up.pending;
    report.skipped = up.skipped;
    report.manual = up.manual;
    let mut stdout = Vec::new();
    let mut stderr = notes;
    let show_diff = a.diff || (!a.write && !a.check);
    if show_diff && a.format == Format::Text {
        let diff = report::diff_kept(&display, &original, &up.output, &up.kept, out_colors);
        stdout.extend(diff_bytes(&diff, &loaded.encoding));
    }
    if a.write {
        let new_bytes = match encoding::encode(&up.output, &loaded.encoding) {
            Ok(b) => b,
            Err(e) => {
                return err(
                    report,
                    Error::Write {
                        path: display,
                        message: e.to_string(),
                    },
                )
            }
        };
        if path == "-" {
            stdout.extend(new_bytes);
        } else if report.changed {
            let opts = write::WriteOptions {
                backup_suffix: a.backup.clone(),
            };
            let written =
                match write::replace_file(Path::new(path), &loaded.bytes, &new_bytes, &opts) {
                    Ok(w) => w,
                    Err(e) => {
                        return err(
                            report,
                            Error::Write {
                                path: display,
                                message: e.to_string(),
                            },
                        )
                    }
                };
            report.written = true;
            stderr.push_str(&write_notes(&display, &written, a.backup.as_deref()));
        }
    }
    if a.check && report.changed {
        stderr.push_str(&format!("would rewrite {display}\n"));
    }
    if a.format == Format::Text {
        stderr.push_str(&report::text(&report, err_colors));
    }
    FileResult {
        report,
        status: i32::from(attention),
        stdout,
        stderr,
    }
}

/// What a write did that the user should know: a backup under another name than asked (an
/// earlier one was kept), hard links whose other names still hold the previous content.
fn write_notes(display: &str, w: &write::Written, suffix: Option<&str>) -> String {
    let mut out = String::new();
    if let (Some(b), Some(suffix)) = (&w.backup, suffix) {
        let name = b.file_name().map(|n| n.to_string_lossy().into_owned());
        if !name.is_some_and(|n| n.ends_with(suffix)) {
            out.push_str(&format!(
                "note: an earlier backup of {display} exists and was kept; the previous file was \
                 kept as {}\n",
                b.display()
            ));
        }
    }
    if let Some(n) = w.hard_links {
        out.push_str(&format!(
            "warning: {display} had {n} hard links; it was replaced, not edited in place, so its \
             other names still hold the previous content\n"
        ));
    }
    out
}

/// A diff in the file's own encoding, so that `patch` applies it to the file's bytes; the two
/// header lines keep the path as given (UTF-8). A line the encoding cannot hold stays UTF-8.
fn diff_bytes(diff: &str, encoding: &encoding::Encoding) -> Vec<u8> {
    let mut out = Vec::with_capacity(diff.len());
    for (i, line) in diff.split_inclusive('\n').enumerate() {
        match encoding::encode(line, encoding) {
            Ok(bytes) if i >= 2 => out.extend(bytes),
            _ => out.extend(line.as_bytes()),
        }
    }
    out
}

fn detect_cmd(a: &DetectArgs) -> i32 {
    let (_, err_colors) = colors(a.color);
    let mut status = 0;
    let mut files = Vec::new();
    let mut text = String::new();
    for path in &a.paths {
        match load(path, path) {
            Ok(l) => {
                let d = detect::detect(&l.file);
                text.push_str(&format!("{path}: {}\n", d.release.version));
                for e in &d.evidence {
                    text.push_str(&format!("  evidence: {e}\n"));
                }
                for e in &d.ahead {
                    text.push_str(&format!("  points further: {e}\n"));
                }
                files.push(
                    json!({"path": path, "version": d.release.version, "evidence": evidence(&d)}),
                );
            }
            Err(e) => {
                status = 2;
                eprint(&render(&e, err_colors));
                files.push(
                    json!({"path": path, "version": null, "evidence": [], "error": e.to_string()}),
                );
            }
        }
    }
    match a.format {
        Format::Text => out(text.as_bytes()),
        Format::Json => out(pretty(&json!({ "files": files })).as_bytes()),
    }
    status
}

fn evidence(d: &Detection) -> Vec<String> {
    d.evidence
        .iter()
        .cloned()
        .chain(d.ahead.iter().map(|a| format!("points further: {a}")))
        .collect()
}

fn pretty(v: &serde_json::Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(v).unwrap_or_default())
}

fn plan_cmd(a: &PlanArgs) -> i32 {
    let (_, err_colors) = colors(ColorChoice::Auto);
    let to = match find_release(&a.to) {
        Ok(r) => r,
        Err(e) => return fail(&e, err_colors),
    };
    let from = match (&a.from, &a.path) {
        (Some(f), _) => match find_release(f) {
            Ok(r) => r,
            Err(e) => return fail(&e, err_colors),
        },
        (None, Some(p)) => match load(p, p) {
            Ok(l) => detect::detect(&l.file).release,
            Err(e) => return fail(&e, err_colors),
        },
        (None, None) => {
            eprint("error: plan needs --from <RELEASE> or a settings file to detect it from\n");
            return 2;
        }
    };
    if release::index_of(from) > release::index_of(to) {
        return fail(
            &Error::Downgrade {
                from: from.version.into(),
                to: to.version.into(),
            },
            err_colors,
        );
    }
    let range = release::between(from, to);
    let stop = range
        .iter()
        .find(|r| r.migration_stop && !std::ptr::eq(**r, to));
    match a.format {
        Format::Text => {
            let mut s = format!("Upgrade plan from {} to {}\n", from.version, to.version);
            if range.is_empty() {
                s.push_str("\nNothing to do.\n");
            }
            for rel in range {
                s.push_str(&format!("\n{} ({})\n", rel.version, rel.title));
                for st in rel.steps {
                    s.push_str(&format!("  [auto]   {}: {}\n", st.id, st.summary));
                }
                for m in rel.manual {
                    s.push_str(&format!("  [manual] {m}\n"));
                }
                if rel.steps.is_empty() && rel.manual.is_empty() {
                    s.push_str("  no change to settings.py\n");
                }
                if stop.is_some_and(|r| std::ptr::eq(*r, *rel)) {
                    s.push_str(&format!(
                        "  [STOP]   stop here: install {} and run its migrations (`python manage.py syncdb --migrate`) before going further\n",
                        rel.version
                    ));
                }
            }
            if !range.is_empty() {
                s.push_str("\nCommon procedure, after the upgrade\n");
                for m in engine::common_procedure(range) {
                    s.push_str(&format!("  [manual] {m}\n"));
                }
            }
            out(s.as_bytes());
        }
        Format::Json => {
            let releases: Vec<_> = range
                .iter()
                .map(|r| {
                    json!({
                        "version": r.version,
                        "title": r.title,
                        "steps": r.steps.iter().map(|s| json!({"id": s.id, "summary": s.summary})).collect::<Vec<_>>(),
                        "manual": r.manual,
                        "stop": stop.is_some_and(|x| std::ptr::eq(*x, *r)),
                    })
                })
                .collect();
            let common = engine::common_procedure(range);
            let v = json!({"from": from.version, "to": to.version, "releases": releases, "common": common});
            out(pretty(&v).as_bytes());
        }
    }
    0
}

fn transforms_cmd(a: &TransformsArgs) -> i32 {
    let (_, err_colors) = colors(ColorChoice::Auto);
    let to = match find_release(&a.to) {
        Ok(r) => r,
        Err(e) => return fail(&e, err_colors),
    };
    let upto = &RELEASES[..=release::index_of(to)];
    match a.format {
        Format::Text => {
            let mut s = String::new();
            for r in upto {
                s.push_str(&format!("{}  {}\n", r.version, r.title));
                for st in r.steps {
                    s.push_str(&format!("  {:<34} {}\n", st.id, st.summary));
                }
            }
            out(s.as_bytes());
        }
        Format::Json => {
            let releases: Vec<_> = upto
                .iter()
                .map(|r| {
                    json!({
                        "version": r.version,
                        "title": r.title,
                        "steps": r.steps.iter().map(|s| json!({"id": s.id, "summary": s.summary})).collect::<Vec<_>>(),
                        "manual": r.manual,
                    })
                })
                .collect();
            out(pretty(&json!({ "releases": releases })).as_bytes());
        }
    }
    0
}
