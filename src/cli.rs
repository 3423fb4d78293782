//! The command line: arguments in, reports out, exit status.
//!
//! `upgrade`, `detect`, `plan` and `transforms`. Scripts, CI jobs and pre-commit hooks depend on
//! the flags, output and exit statuses here: 0 nothing to change, 1 something changed (or would,
//! or is pending, or was skipped), 2 an error.

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, once per file, so its size does not matter.
#![allow(clippy::result_large_err)]

use std::io::Write;
use std::path::Path;

use clap::{Parser, Subcommand, ValueEnum};

use crate::engine::{self, Request};
use crate::error::render;
use crate::error::Error;
use crate::release::{self, Options, Release, RELEASES};
use crate::report::{self, Colors, FileReport};
use crate::text::load::load;
use crate::{config, discover, text::encoding, text::write};
use crate::{detect, drift};

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
    /// How each file differs from a fresh install of its release (or of --to): what the
    /// deploy template has that the file lacks, and what the file still has that it dropped.
    Drift(DriftArgs),
    /// The checklist of an upgrade: automated and manual steps, in release order.
    Plan(PlanArgs),
    /// List the releases and their steps.
    Transforms(TransformsArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout: `modoboa-settings man | man -l -`.
    Man,
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
    /// Target release, `latest` (the default) or `next-stop` (the first migration stop after
    /// the file's release).
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
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// The server's fully qualified host name (1.0.0's ALLOWED_HOSTS)
    /// [env: MODOBOA_SETTINGS_HOSTNAME; pyproject.toml: hostname].
    #[arg(long, value_name = "FQDN")]
    pub hostname: Option<String>,
    /// The mail domain, where a release asks for one
    /// [env: MODOBOA_SETTINGS_MAIL_DOMAIN; pyproject.toml: mail-domain].
    #[arg(long, value_name = "DOMAIN")]
    pub mail_domain: Option<String>,
    /// Where Dovecot may be installed (repeatable; default the manual's two paths)
    /// [env: MODOBOA_SETTINGS_DOVECOT_PATH, separated by ':'; pyproject.toml: dovecot-path].
    #[arg(long = "dovecot-path", value_name = "PATH")]
    pub dovecot_path: Vec<String>,
    /// Print the values (--hostname, --mail-domain, --dovecot-path) each file would get and
    /// where they come from (flag, environment, pyproject.toml), and do nothing else.
    #[arg(long)]
    pub show_settings: bool,
    /// Print only the diff (nothing with --check) and errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the evidence of detection and where each value came from.
    #[arg(short, long)]
    pub verbose: bool,
    /// Also add what a fresh install of the target has and the file lacks, where that is
    /// safe and the value known (steps `drift/...`; `modoboa-settings drift` lists them all).
    #[arg(long)]
    pub with_drift: bool,
    /// Run only these steps or releases (repeatable).
    #[arg(long, value_name = "ID|RELEASE")]
    pub only: Vec<String>,
    /// Do not run these steps or releases (repeatable).
    #[arg(long, value_name = "ID|RELEASE")]
    pub skip: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Colour: auto uses it on a terminal; FORCE_COLOR and CLICOLOR_FORCE force it, NO_COLOR
    /// and TERM=dumb disable it; this flag wins over all.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// The name to show for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Exit 0 when files changed or would change (errors still exit 2).
    #[arg(long)]
    pub exit_zero_even_if_changed: bool,
    /// With --write, keep the previous file as PATH.orig (or PATH<SUFFIX>).
    #[arg(long, value_name = "SUFFIX", num_args = 0..=1, require_equals = true, default_missing_value = ".orig", requires = "write")]
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
pub struct DriftArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Compare with a fresh install of this release (default: the file's own release).
    #[arg(long, value_name = "RELEASE")]
    pub to: Option<String>,
    /// Exit 1 when a file drifts (by default drift is advice: exit 0).
    #[arg(long)]
    pub strict: bool,
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
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// A settings file to detect the starting release from.
    pub path: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct TransformsArgs {
    #[arg(long, default_value = "latest", value_name = "RELEASE")]
    pub to: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Run the command line; returns the exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Upgrade(a) => upgrade(&a),
        Command::Detect(a) => detect_cmd(&a),
        Command::Drift(a) => drift_cmd(&a),
        Command::Plan(a) => plan_cmd(&a),
        Command::Transforms(a) => transforms_cmd(&a),
        Command::Completions(a) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(a.shell, &mut cmd, "modoboa-settings", &mut buf);
            out(&buf);
            0
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            match clap_mangen::Man::new(cmd).render(&mut buf) {
                Ok(()) => {
                    out(&buf);
                    0
                }
                Err(e) => {
                    eprint(&format!("error: cannot render the manual page: {e}\n"));
                    2
                }
            }
        }
    }
}

/// Whether to colour stdout and stderr: `--color always|never` wins; with `auto`, the rules of
/// the ecosystem as `supports-color` reads them (FORCE_COLOR and CLICOLOR_FORCE force colour,
/// NO_COLOR and TERM=dumb disable it, otherwise a colour terminal).
fn colors(choice: ColorChoice) -> (Colors, Colors) {
    use supports_color::Stream;
    match choice {
        ColorChoice::Always => (Colors(true), Colors(true)),
        ColorChoice::Never => (Colors(false), Colors(false)),
        ColorChoice::Auto => (
            Colors(supports_color::on(Stream::Stdout).is_some()),
            Colors(supports_color::on(Stream::Stderr).is_some()),
        ),
    }
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

/// The outcome of one file of `upgrade`.
struct FileResult {
    report: FileReport,
    status: i32,
    /// The diff or the new file, for stdout.
    stdout: Vec<u8>,
    /// Messages for stderr.
    stderr: String,
}

impl FileResult {
    /// A file that could not be upgraded: exit 2, the error in the report and on stderr.
    fn error(path: String, e: &Error, colors: Colors) -> FileResult {
        FileResult {
            report: FileReport {
                path,
                error: Some(e.to_string()),
                ..FileReport::default()
            },
            status: 2,
            stdout: Vec::new(),
            stderr: render(e, colors),
        }
    }
}

/// One path to upgrade: as given, or found below a directory given.
struct Target {
    path: String,
    /// Found by walking a directory: upgraded only when it is Modoboa's, listed as ignored
    /// otherwise.
    found: bool,
    /// A directory given that cannot be walked or holds no settings file: why.
    problem: Option<String>,
}

/// The paths given, with each directory replaced by the `settings.py` files below it.
fn targets(paths: &[String]) -> Vec<Target> {
    let mut out = Vec::new();
    for p in paths {
        let given = |problem| Target {
            path: p.clone(),
            found: false,
            problem,
        };
        if p == "-" || !Path::new(p).is_dir() {
            out.push(given(None));
            continue;
        }
        match discover::settings_files(Path::new(p)) {
            Err(e) => out.push(given(Some(format!("it is a directory, and {e}")))),
            Ok(found) if found.is_empty() => out.push(given(Some(format!(
                "it is a directory with no {} below it",
                discover::SETTINGS_NAME
            )))),
            Ok(found) => out.extend(found.into_iter().map(|f| Target {
                path: f.to_string_lossy().into_owned(),
                found: true,
                problem: None,
            })),
        }
    }
    out
}

/// What `-q` and `-v` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn upgrade(a: &UpgradeArgs) -> i32 {
    let (out_colors, err_colors) = colors(a.color);
    let next_stop = a.to == NEXT_STOP;
    let to = match find_release(if next_stop { "latest" } else { &a.to }) {
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
    let flags = config::Flags {
        hostname: a.hostname.clone(),
        mail_domain: a.mail_domain.clone(),
        dovecot_paths: a.dovecot_path.clone(),
    };
    let env = match config::Env::from_process() {
        Ok(e) => e,
        Err(e) => return fail(&config_error(e), err_colors),
    };
    // A bad host name given for every file (flag or environment) stops everything at once.
    for (h, origin) in [
        (&flags.hostname, "--hostname"),
        (&env.hostname, config::ENV_HOSTNAME),
    ] {
        if let Some(h) = h.as_deref().filter(|h| !is_hostname(h)) {
            eprint(&format!("error: '{h}' is not a host name ({origin})\n"));
            return 2;
        }
    }
    let verbosity = if a.quiet {
        Verbosity::Quiet
    } else if a.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let targets = targets(&a.paths);
    // The values of each file (a pyproject.toml is read once per directory).
    let mut finder = config::Finder::default();
    let values: Vec<Result<config::Values, config::ConfigError>> = targets
        .iter()
        .map(|t| {
            let anchor = if t.path == "-" {
                a.stdin_filename.clone().unwrap_or_else(|| ".".into())
            } else {
                t.path.clone()
            };
            let table = finder.for_file(Path::new(&anchor))?;
            let v = config::resolve(&flags, &env, table.as_ref());
            if let Some(h) = v.hostname.as_ref().filter(|h| !is_hostname(&h.value)) {
                return Err(config::ConfigError {
                    origin: h.source.to_string(),
                    message: format!("'{}' is not a host name", h.value),
                });
            }
            Ok(v)
        })
        .collect();
    if a.show_settings {
        return show_settings(a, &targets, &values);
    }
    let base = Request {
        from: release::RELEASES[0],
        to,
        options: Options::default(),
        only: a.only.clone(),
        skip: a.skip.clone(),
    };
    let jobs: Vec<(&Target, &Result<config::Values, config::ConfigError>)> =
        targets.iter().zip(values.iter()).collect();
    let ctx = Context {
        args: a,
        from,
        base: &base,
        to_latest: a.to == "latest" || next_stop,
        next_stop,
        verbosity,
        out_colors,
        err_colors,
    };
    // Standard input is read by one file only; keep the simple path then.
    let stdin = a.paths.iter().any(|p| p == "-");
    let results = run_parallel(
        &jobs,
        stdin,
        |(t, v)| upgrade_target(&ctx, t, v),
        |(t, _), message| {
            let display = display_name(a, &t.path);
            let e = Error::Panic {
                path: display.clone(),
                message,
            };
            FileResult::error(display, &e, err_colors)
        },
    );
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

fn is_hostname(h: &str) -> bool {
    !h.is_empty()
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | '_'))
}

fn config_error(e: config::ConfigError) -> Error {
    Error::Config {
        origin: e.origin,
        message: e.message,
    }
}

fn display_name(a: &UpgradeArgs, path: &str) -> String {
    if path == "-" {
        a.stdin_filename.clone().unwrap_or_else(|| "-".into())
    } else {
        path.to_string()
    }
}

/// `--show-settings`: each file's values and where they came from.
fn show_settings(
    a: &UpgradeArgs,
    targets: &[Target],
    values: &[Result<config::Values, config::ConfigError>],
) -> i32 {
    let (_, err_colors) = colors(a.color);
    let mut status = 0;
    let mut text = String::new();
    let mut files = Vec::new();
    for (t, v) in targets.iter().zip(values) {
        let display = display_name(a, &t.path);
        match v {
            Ok(v) => {
                text.push_str(&format!("{display}:\n"));
                for (name, value, source) in value_lines(v) {
                    match source {
                        Some(s) => text.push_str(&format!("  {name} = {value}  (from {s})\n")),
                        None => text.push_str(&format!("  {name}: {value}\n")),
                    }
                }
                files.push(report::settings_json(&display, v));
            }
            Err(e) => {
                status = 2;
                let e = config_error(e.clone());
                eprint(&render(&e, err_colors));
                files.push(report::error_json(&display, &e.to_string()));
            }
        }
    }
    match a.format {
        Format::Text => out(text.as_bytes()),
        Format::Json => out(report::files_json(files).as_bytes()),
    }
    status
}

/// `(name, value, source)` of each value, for people.
fn value_lines(v: &config::Values) -> Vec<(&'static str, String, Option<String>)> {
    let line = |name, s: Option<(String, &config::Source)>, unset: &str| match s {
        Some((value, source)) => (name, value, Some(source.to_string())),
        None => (name, unset.to_string(), None),
    };
    vec![
        line(
            "hostname",
            v.hostname
                .as_ref()
                .map(|s| (format!("{:?}", s.value), &s.source)),
            "not set",
        ),
        line(
            "mail-domain",
            v.mail_domain
                .as_ref()
                .map(|s| (format!("{:?}", s.value), &s.source)),
            "not set",
        ),
        line(
            "dovecot-path",
            v.dovecot_paths
                .as_ref()
                .map(|s| (format!("{:?}", s.value), &s.source)),
            "not set (the manual's two paths)",
        ),
    ]
}

/// Run `f` over the items, in parallel when there are many; results keep the items' order. A
/// panic while handling one item becomes `on_panic(item, message)` for that item alone (the
/// other items go on), never a lost result.
fn run_parallel<I: Sync, T: Send>(
    items: &[I],
    sequential: bool,
    f: impl Fn(&I) -> T + Sync,
    on_panic: impl Fn(&I, String) -> T + Sync,
) -> Vec<T> {
    let one = |item: &I| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item)))
            .unwrap_or_else(|p| on_panic(item, panic_message(p.as_ref())))
    };
    // (Asked only when there are many: on Linux the answer costs a dozen system calls.)
    let threads = || {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    };
    if sequential || items.len() < 8 {
        return items.iter().map(one).collect();
    }
    let threads = threads();
    if threads < 2 {
        return items.iter().map(one).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| (c, s.spawn(|| c.iter().map(one).collect::<Vec<T>>())))
            .collect();
        handles
            .into_iter()
            .flat_map(|(c, h)| {
                // `one` catches every panic of `f`; a thread can only fail in `on_panic` itself.
                h.join().unwrap_or_else(|p| {
                    let message = panic_message(p.as_ref());
                    c.iter().map(|i| on_panic(i, message.clone())).collect()
                })
            })
            .collect()
    })
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

fn known_pattern(p: &str) -> bool {
    release::find(p).is_some()
        || RELEASES.iter().any(|r| r.steps.iter().any(|s| s.id == p))
        || release::drift::STEPS.iter().any(|d| d.step.id == p)
}

fn fail(e: &Error, colors: Colors) -> i32 {
    eprint(&render(e, colors));
    2
}

/// What every file of one `upgrade` shares.
#[derive(Clone, Copy)]
struct Context<'a> {
    args: &'a UpgradeArgs,
    from: Option<&'static Release>,
    base: &'a Request,
    to_latest: bool,
    /// `--to next-stop`: each file goes to the first migration stop after its release.
    next_stop: bool,
    verbosity: Verbosity,
    out_colors: Colors,
    err_colors: Colors,
}

/// A target of `upgrade`: an empty directory and a configuration error are errors of their own;
/// a file goes to [`upgrade_one`].
fn upgrade_target(
    ctx: &Context,
    target: &Target,
    values: &Result<config::Values, config::ConfigError>,
) -> FileResult {
    let display = display_name(ctx.args, &target.path);
    let e = match (values, &target.problem) {
        (_, Some(problem)) => Error::Read {
            path: display.clone(),
            message: problem.clone(),
        },
        (Err(e), None) => config_error(e.clone()),
        (Ok(values), None) => return upgrade_one(ctx, &target.path, values, target.found),
    };
    FileResult::error(display, &e, ctx.err_colors)
}

/// Upgrade one file; `found` when it was found below a directory (then upgraded only when it
/// is Modoboa's).
fn upgrade_one(ctx: &Context, path: &str, values: &config::Values, found: bool) -> FileResult {
    let Context {
        args: a,
        from,
        base,
        to_latest,
        next_stop,
        verbosity,
        out_colors,
        err_colors,
    } = *ctx;
    let display = display_name(a, path);
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
    let detection = detect::detect(&loaded.file);
    // Found below a directory: only Modoboa's files, even with --from.
    if found && detection.release.is_none() {
        let reason = detection.reason.clone().unwrap_or_default();
        return ignored(report, &reason, verbosity, a.format);
    }
    let from = match (from, detection.release) {
        (Some(f), at) => {
            // A forced start older than the file runs steps again: name them.
            if let Some(at) = at.filter(|at| release::index_of(at) > release::index_of(f)) {
                let again: Vec<&str> = release::between(f, at)
                    .iter()
                    .flat_map(|r| r.steps.iter().map(|s| s.id))
                    .collect();
                if !again.is_empty() {
                    report.notes.push(format!(
                        "warning: --from {} is older than the detected release {}; these steps run again: {}",
                        f.version,
                        at.version,
                        again.join(", ")
                    ));
                }
            }
            f
        }
        (None, Some(at)) => at,
        (None, None) => {
            // Not Modoboa's (a plain Django project): left alone, which is no error, so that
            // a hook matching every settings*.py never rewrites another project's file.
            let reason = detection.reason.clone().unwrap_or_default();
            report.detected = Some(detection);
            return ignored(report, &reason, verbosity, a.format);
        }
    };
    // `latest` is the newest release the tool automates, or the file's own when it is newer:
    // a 2.x file is then up to date as far as the tool goes. A release named by --to that is
    // older than the file is an error: the tool never goes back.
    let target = if next_stop {
        release::next_stop(from).unwrap_or(base.to)
    } else {
        base.to
    };
    let to = if to_latest && release::index_of(from) > release::index_of(target) {
        report.notes.push(format!(
            "the tool automates releases up to {}; this file is at {}",
            base.to.version, from.version
        ));
        from
    } else {
        target
    };
    if release::index_of(from) > release::index_of(to) {
        return err(
            report,
            Error::NewerThanTarget {
                path: display,
                at: from.version.into(),
                to: to.version.into(),
            },
        );
    }
    report.from = Some(from.version);
    report.to = Some(to.version);
    // A settings file carried past a migration stop in one jump does not match the code that
    // must be installed at the stop: said, with the way to go one stop at a time.
    // (A stop the file already matches, nothing changing settings.py up to it, is not one the
    // file goes past: see `release::next_stop`.)
    let stops: Vec<_> = engine::stops_crossed(from, to)
        .into_iter()
        .filter(|s| release::changes_settings(from, s))
        .collect();
    if !stops.is_empty() {
        report.notes.push(format!(
            "this upgrade goes past the migration stop{} at {}: install and migrate there first (`--to next-stop` brings the file to {}; `modoboa-settings plan` lists the commands)",
            if stops.len() == 1 { "" } else { "s" },
            stops.iter().map(|r| r.version).collect::<Vec<_>>().join(", "),
            stops[0].version
        ));
        report.stops = stops.iter().map(|r| r.version).collect();
    }
    if a.from.is_none() {
        report.detected = Some(detection);
    }
    let req = Request {
        from,
        to,
        options: Options {
            drift: a.with_drift,
            ..values.options()
        },
        ..base.clone()
    };
    let original = loaded.file.text().to_string();
    let mut up = match engine::upgrade(loaded.file, &req) {
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
    // With --write, the lines of the report are those of the file as written.
    if a.write && report.changed {
        up.relocate();
        report.lines_of_output = true;
    }
    report.applied = up.applied;
    report.pending = up.pending;
    report.skipped = up.skipped;
    report.manual = up.manual;
    report.not_automated = up.not_automated;
    let mut stdout = Vec::new();
    let mut stderr = notes;
    let show_diff = a.diff || (!a.write && !a.check);
    if show_diff && a.format == Format::Text {
        let diff = report::diff_kept(&display, &original, &up.output, &up.kept, out_colors);
        stdout = diff_bytes(diff, &loaded.encoding);
    }
    if a.diff && a.format == Format::Json {
        let diff = report::diff_kept(&display, &original, &up.output, &up.kept, Colors(false));
        report.diff = Some(Some(diff).filter(|d| !d.is_empty()));
    }
    // Last, before anything is written: the whole new text goes through the parser itself (the
    // edits were checked region by region, partly by the fast parser). A file that parsed before
    // and would not now is not written. (A Python 2-era file the parser refuses whole was
    // checked by the model's own reading, which neutralizes that syntax.)
    if a.write && report.changed {
        if let Err(e) = crate::syntax::parse::parse_exact(&up.output) {
            if crate::syntax::parse::parse_exact(&original).is_ok() {
                let line = up.output[..e.offset.min(up.output.len())]
                    .matches('\n')
                    .count()
                    + 1;
                return err(
                    report,
                    Error::UnparsableOutput {
                        path: display,
                        line,
                        message: e.message,
                    },
                );
            }
        }
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
    if a.format == Format::Text {
        match verbosity {
            Verbosity::Quiet => {
                if !a.check {
                    stderr.push_str(&report::folded_manual(&report));
                }
            }
            Verbosity::Normal | Verbosity::Verbose => {
                if a.check && report.changed {
                    stderr.push_str(&format!("would rewrite {display}\n"));
                }
                if verbosity == Verbosity::Verbose {
                    let mut sources = String::new();
                    for (name, value, source) in value_lines(values) {
                        sources.push_str(&match source {
                            Some(s) => format!("{display}: {name} = {value} (from {s})\n"),
                            None => format!("{display}: {name}: {value}\n"),
                        });
                    }
                    stderr.push_str(&report::text_verbose(&report, err_colors, &sources));
                } else {
                    stderr.push_str(&report::text(&report, err_colors));
                }
            }
        }
    } else if a.check && report.changed && verbosity != Verbosity::Quiet {
        stderr.push_str(&format!("would rewrite {display}\n"));
    }
    FileResult {
        report,
        status: i32::from(attention),
        stdout,
        stderr,
    }
}

/// A file found below a directory and passed over: listed (not with `-q` nor in JSON, where
/// the file's object says `ignored`), exit status 0.
fn ignored(
    mut report: FileReport,
    reason: &str,
    verbosity: Verbosity,
    format: Format,
) -> FileResult {
    let stderr = if verbosity == Verbosity::Quiet || format == Format::Json {
        String::new()
    } else {
        format!("{}: left alone: {reason}\n", report.path)
    };
    report.ignored = Some(reason.into());
    FileResult {
        report,
        status: 0,
        stdout: Vec::new(),
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
fn diff_bytes(diff: String, encoding: &encoding::Encoding) -> Vec<u8> {
    // UTF-8 (nearly every file): the diff's bytes as they are, not copied.
    if matches!(encoding, encoding::Encoding::Utf8 { .. }) {
        return diff.into_bytes();
    }
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
                text.push_str(&report::detect_text(path, &d));
                files.push(report::detect_json(path, &d));
            }
            Err(e) => {
                status = 2;
                eprint(&render(&e, err_colors));
                files.push(report::detect_error_json(path, &e.to_string()));
            }
        }
    }
    match a.format {
        Format::Text => out(text.as_bytes()),
        Format::Json => out(report::files_json(files).as_bytes()),
    }
    status
}

fn drift_cmd(a: &DriftArgs) -> i32 {
    let (_, err_colors) = colors(a.color);
    let to = match a.to.as_deref().map(find_release).transpose() {
        Ok(t) => t,
        Err(e) => return fail(&e, err_colors),
    };
    let mut status = 0;
    let mut files = Vec::new();
    let mut text = String::new();
    for path in &a.paths {
        let loaded = match load(path, path) {
            Ok(l) => l,
            Err(e) => {
                status = 2;
                eprint(&render(&e, err_colors));
                files.push(report::detect_error_json(path, &e.to_string()));
                continue;
            }
        };
        let release = match to.or_else(|| detect::detect(&loaded.file).release) {
            Some(r) => r,
            None => {
                text.push_str(&format!(
                    "{path}: left alone: not a Modoboa settings file\n"
                ));
                files.push(serde_json::json!({"path": path, "release": null, "ignored": "not a Modoboa settings file", "error": null}));
                continue;
            }
        };
        match drift::drift(&loaded.file, release) {
            Some(d) => {
                if a.strict && (!d.missing.is_empty() || !d.dropped.is_empty()) && status == 0 {
                    status = 1;
                }
                text.push_str(&drift::text(path, &d));
                files.push(drift::json(path, &d));
            }
            None => {
                text.push_str(&format!(
                    "{path}: no template facts for {} (the deploy command appeared in 0.9.3)\n",
                    release.version
                ));
                files.push(serde_json::json!({"path": path, "release": release.version, "template": null, "missing": [], "dropped": [], "error": null}));
            }
        }
    }
    match a.format {
        Format::Text => out(text.as_bytes()),
        Format::Json => out(report::files_json(files).as_bytes()),
    }
    status
}

fn plan_cmd(a: &PlanArgs) -> i32 {
    let (_, err_colors) = colors(a.color);
    let next_stop = a.to == NEXT_STOP;
    let to = match find_release(if next_stop { "latest" } else { &a.to }) {
        Ok(r) => r,
        Err(e) => return fail(&e, err_colors),
    };
    let loaded = match &a.path {
        Some(p) => match load(p, p) {
            Ok(l) => Some(l),
            Err(e) => return fail(&e, err_colors),
        },
        None => None,
    };
    let from = match (&a.from, &loaded) {
        (Some(f), _) => match find_release(f) {
            Ok(r) => r,
            Err(e) => return fail(&e, err_colors),
        },
        (None, Some(l)) => {
            let d = detect::detect(&l.file);
            match d.release {
                Some(r) => r,
                None => {
                    return fail(
                        &Error::NotModoboa {
                            path: a.path.clone().unwrap_or_default(),
                            reason: d.reason.unwrap_or_default(),
                        },
                        err_colors,
                    )
                }
            }
        }
        (None, None) => {
            eprint("error: plan needs --from <RELEASE> or a settings file to detect it from\n");
            return 2;
        }
    };
    // As for `upgrade`: `latest` is the file's own release when that is newer than what the
    // tool automates (nothing to do), never a step back; `next-stop` the first migration stop
    // after the starting release.
    let to = if next_stop {
        release::next_stop(from).unwrap_or(to)
    } else {
        to
    };
    let to = if (a.to == "latest" || next_stop) && release::index_of(from) > release::index_of(to) {
        from
    } else {
        to
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
    let file = loaded.as_ref().map(|l| &l.file);
    let text = match a.format {
        Format::Text => report::plan_text(from, to, file),
        Format::Json => report::plan_json(from, to, file),
    };
    out(text.as_bytes());
    0
}

/// `--to next-stop`: the first migration stop after the file's release (or the newest
/// automated release when none is left).
const NEXT_STOP: &str = "next-stop";

fn transforms_cmd(a: &TransformsArgs) -> i32 {
    let (_, err_colors) = colors(a.color);
    let to = match find_release(&a.to) {
        Ok(r) => r,
        Err(e) => return fail(&e, err_colors),
    };
    // `latest` is the newest automated release; the list goes on with the releases known by
    // their marks, so that nobody wonders whether the tool knows them.
    let upto = if a.to == "latest" {
        RELEASES
    } else {
        &RELEASES[..=release::index_of(to)]
    };
    let text = match a.format {
        Format::Text => report::transforms_text(upto),
        Format::Json => report::transforms_json(upto),
    };
    out(text.as_bytes());
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: a panic in one chunk of `run_parallel` once dropped that chunk's files from the
    /// report (`join().unwrap_or_default()`). Every item now has a result, in order, and only
    /// the item that panicked carries the panic.
    #[test]
    fn run_parallel_keeps_every_item_when_one_panics() {
        let items: Vec<String> = (0..40).map(|i| format!("f{i}")).collect();
        let results = run_parallel(
            &items,
            false,
            |p| {
                assert!(p != "f13", "boom on {p}");
                format!("ok {p}")
            },
            |p, message| format!("panic {p}: {message}"),
        );
        assert_eq!(results.len(), items.len());
        for (i, r) in results.iter().enumerate() {
            if i == 13 {
                assert_eq!(r, "panic f13: boom on f13");
            } else {
                assert_eq!(r, &format!("ok f{i}"));
            }
        }
    }

    #[test]
    fn run_parallel_keeps_order_with_few_items() {
        let items = ["a", "b", "c"];
        let results = run_parallel(&items, true, |p| p.to_uppercase(), |_, m| m);
        assert_eq!(results, ["A", "B", "C"]);
    }
}
