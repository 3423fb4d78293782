//! The command line: arguments in, reports out, exit status.
//!
//! `upgrade`, `detect`, `drift`, `plan` and `transforms`, one file each, and `completions`
//! (with `candidates.rs`, what TAB offers) and `man`; the arguments in [`args`], the parallel
//! runner in `runner.rs`. Scripts, CI jobs and pre-commit hooks depend
//! on the flags, output and exit statuses here: 0 nothing to change, 1 something changed (or
//! would, or is pending, or was skipped), 2 an error. The decisions belong to the engine, the
//! words to the report; this layer only calls them in order and writes to stdout and stderr.

use std::io::Write;

use crate::error::{render, Error};
use crate::report::Colors;

pub mod args;
mod candidates;
mod completions;
mod detect;
mod drift;
mod man;
mod plan;
mod runner;
mod settings;
mod transforms;
mod upgrade;
mod upgrade_file;

pub use args::{
    Cli, ColorChoice, Command, CompletionsArgs, DetectArgs, DriftArgs, Format, ManArgs, PlanArgs,
    TransformsArgs, UpgradeArgs,
};

/// Run the command line; returns the exit status.
pub fn main() -> i32 {
    completions::answer_if_asked();
    let cli = <Cli as clap::Parser>::parse();
    match cli.command {
        Command::Upgrade(a) => upgrade::upgrade(&a),
        Command::Detect(a) => detect::detect(&a),
        Command::Drift(a) => drift::drift(&a),
        Command::Plan(a) => plan::plan(&a),
        Command::Transforms(a) => transforms::transforms(&a),
        Command::Completions(a) => completions::completions(&a),
        Command::Man(a) => man::man(&a),
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

/// Text on stderr, as it is.
fn eprint(s: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(s.as_bytes());
}

/// Bytes on stdout, flushed.
fn out(s: &[u8]) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(s);
    let _ = o.flush();
}

/// An error that stops the command: rendered on stderr, exit status 2.
fn fail(e: &Error, colors: Colors) -> i32 {
    eprint(&render(e, colors));
    2
}

/// The report of one format: `text` or `json`, on stdout.
fn print(format: Format, text: &str, json: impl FnOnce() -> String) {
    match format {
        Format::Text => out(text.as_bytes()),
        Format::Json => out(json().as_bytes()),
    }
}
