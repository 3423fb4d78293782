//! Errors a user can meet, as values with a place in the source, rendered by miette.
//!
//! Every variant maps to exit status 2. Those that point into the file carry the source text and
//! a span so that the report shows the file, the line and a code frame; the usage errors of the
//! command line are one line, `error: ...` ([`Error::is_usage`]). [`render`] is the one way
//! any of them reaches stderr.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, SourceSpan};
use thiserror::Error;

use crate::colors::Colors;

#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error("cannot read {path}: {message}")]
    #[diagnostic(code(modoboa_settings::read))]
    Read { path: String, message: String },

    #[error("{path}: {message}")]
    #[diagnostic(
        code(modoboa_settings::text::encoding),
        help("the file was not changed")
    )]
    Encoding {
        path: String,
        message: String,
        offset: usize,
    },

    #[error("{path}:{line}:{column}: syntax error: {message}")]
    #[diagnostic(
        code(modoboa_settings::syntax),
        help("fix the syntax error first; the file was not changed")
    )]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{message}")]
        span: SourceSpan,
    },

    #[error("{path}:{line}: {}", too_deep_message(*.chain, *.limit))]
    #[diagnostic(
        code(modoboa_settings::too_deep),
        help("{}", too_deep_help(*.chain))
    )]
    TooDeep {
        path: String,
        line: usize,
        /// The operator chain bound, not the bracket one.
        chain: bool,
        limit: usize,
        #[source_code]
        src: NamedSource<String>,
        #[label("too deep here")]
        span: SourceSpan,
    },

    #[error("{path} holds no settings ({what})")]
    #[diagnostic(
        code(modoboa_settings::empty),
        help("point the tool at Modoboa's settings.py")
    )]
    Empty { path: String, what: &'static str },

    #[error("unknown release '{version}'")]
    #[diagnostic(
        code(modoboa_settings::unknown_release),
        help("known releases: {known}, or latest")
    )]
    UnknownRelease { version: String, known: String },

    #[error("cannot go back from {from} to {to}")]
    #[diagnostic(
        code(modoboa_settings::downgrade),
        help("the tool only upgrades; check --from and --to")
    )]
    Downgrade { from: String, to: String },

    #[error("{path} is at {at}, newer than the target {to}")]
    #[diagnostic(
        code(modoboa_settings::newer_than_target),
        help("the tool only upgrades: leave out --to (or pass --to latest), or pass --from to force a starting release")
    )]
    NewerThanTarget {
        path: String,
        at: String,
        to: String,
    },

    #[error("{path} is not a Modoboa settings file: {reason}")]
    #[diagnostic(
        code(modoboa_settings::not_modoboa),
        help("pass --from <RELEASE> if it is one all the same")
    )]
    NotModoboa { path: String, reason: String },

    #[error("internal error in step {step}: {message}")]
    #[diagnostic(
        code(modoboa_settings::internal),
        help("this is a bug in modoboa-settings; nothing was written. Use --skip {step} to go on without it")
    )]
    Internal { step: String, message: String },

    #[error(
        "{path}: the upgraded file would not parse (line {line}: {message}); nothing was written"
    )]
    #[diagnostic(
        code(modoboa_settings::unparsable_output),
        help("this is a bug in modoboa-settings: please report it with the file")
    )]
    UnparsableOutput {
        path: String,
        line: usize,
        message: String,
    },

    #[error("{path} is not a text file ({why})")]
    #[diagnostic(
        code(modoboa_settings::binary),
        help("point the tool at Modoboa's settings.py, a Python source file; the file was not changed")
    )]
    Binary { path: String, why: &'static str },

    #[error("{origin}: {message}")]
    #[diagnostic(
        code(modoboa_settings::config),
        help("values come from the flags, then MODOBOA_SETTINGS_* variables, then [tool.modoboa-settings] in the nearest pyproject.toml that has it; nothing was written")
    )]
    Config { origin: String, message: String },

    #[error("internal error on {path}: {message}")]
    #[diagnostic(
        code(modoboa_settings::panic),
        help("this is a bug in modoboa-settings; nothing was written to this file, the other files were processed")
    )]
    Panic { path: String, message: String },

    #[error("{}", write_message(.path, .message))]
    #[diagnostic(
        code(modoboa_settings::text::write),
        help("the original file was left untouched")
    )]
    Write { path: String, message: String },

    #[error("{message}")]
    #[diagnostic(
        code(modoboa_settings::text::write::conflict),
        help("the upgraded file is in place; compare the change kept beside it with it, merge what you want, and remove the kept copy")
    )]
    WriteConflict { path: String, message: String },

    #[error("--format json prints the report on stdout; it cannot be combined with --write on standard input")]
    #[diagnostic(code(modoboa_settings::usage))]
    JsonWriteStdin,

    #[error("unknown step or release '{pattern}' (see `modoboa-settings transforms`)")]
    #[diagnostic(code(modoboa_settings::usage))]
    UnknownStep { pattern: String },

    #[error("'{value}' is not a host name ({origin})")]
    #[diagnostic(code(modoboa_settings::usage))]
    NotHostname { value: String, origin: String },

    #[error("plan needs --from <RELEASE> or a settings file to detect it from")]
    #[diagnostic(code(modoboa_settings::usage))]
    PlanWithoutStart,

    #[error("cannot render the manual page: {message}")]
    #[diagnostic(code(modoboa_settings::usage))]
    ManPage { message: String },
}

impl Error {
    /// An error of the command line itself (flags that do not go together, a value that is
    /// not one): one line, `error: ...`, without a frame.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::JsonWriteStdin
                | Error::UnknownStep { .. }
                | Error::NotHostname { .. }
                | Error::PlanWithoutStart
                | Error::ManPage { .. }
        )
    }
}

/// A span that miette can draw: at end of input, the last non-blank character.
pub fn visible_span(src: &str, offset: usize) -> SourceSpan {
    let mut at = offset.min(src.len());
    if at >= src.trim_end().len() {
        at = src.trim_end().len();
        if at > 0 {
            at = src[..at].char_indices().last().map_or(0, |(i, _)| i);
        }
    }
    while at > 0 && !src.is_char_boundary(at) {
        at -= 1;
    }
    let len = src[at..].chars().next().map_or(0, char::len_utf8);
    SourceSpan::new(at.into(), len)
}

/// Render an error for stderr: a usage error as one line, any other with miette.
pub fn render(err: &Error, colors: Colors) -> String {
    if err.is_usage() {
        return format!("error: {err}\n");
    }
    let theme = if colors.0 {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Wrapped for a person at a terminal; one line a message for a script or a log (where the
    // wrap would depend on the length of the file's path).
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_wrap_lines(terminal);
    let mut out = String::new();
    if handler
        .render_report(&mut out, err as &dyn Diagnostic)
        .is_err()
    {
        out = format!("error: {err}\n");
    }
    out
}

/// The message of [`Error::TooDeep`].
fn too_deep_message(chain: bool, limit: usize) -> String {
    if chain {
        format!("operators chained more than {limit} deep (1 + 1 + ... or a.b.c...)")
    } else {
        format!("code nested more than {limit} levels deep")
    }
}

/// The help of [`Error::TooDeep`].
fn too_deep_help(chain: bool) -> &'static str {
    if chain {
        "each operator of a chain nests the expression one level deeper; split the expression over several statements; the file was not changed"
    } else {
        "brackets and indented blocks count as levels (Python itself refuses more than 200 nested brackets); the file was not changed"
    }
}

/// The message of [`Error::Write`]: the path once, even when the cause names it already.
fn write_message(path: &str, message: &str) -> String {
    if message.contains(path) {
        message.to_string()
    } else {
        format!("cannot write {path}: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_error_says_the_path_once() {
        let e = Error::Write {
            path: "conf/settings.py".into(),
            message: "cannot write conf/settings.py: Permission denied (os error 13); the original file was left unchanged".into(),
        };
        assert_eq!(e.to_string().matches("conf/settings.py").count(), 1, "{e}");
        let e = Error::Write {
            path: "conf/settings.py".into(),
            message: "invalid encoding".into(),
        };
        assert_eq!(
            e.to_string(),
            "cannot write conf/settings.py: invalid encoding"
        );
    }
}
