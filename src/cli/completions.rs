//! Shell completion, answered by the binary itself: `completions SHELL` prints a short script
//! that asks `modoboa-settings` for the candidates at each TAB (clap_complete's dynamic
//! completion, through the variable [`VAR`]), so the flags, values and releases offered are
//! always the binary's own.

use std::ffi::OsString;

use clap_complete::env::Shells;
use clap_complete::CompleteEnv;

use super::args::{Cli, CompletionsArgs};

/// The variable the script sets when it asks the binary for candidates. Named after the tool
/// (not clap's default `COMPLETE`) so that no unrelated environment turns a run into a
/// completion answer.
pub const VAR: &str = "_MODOBOA_SETTINGS_COMPLETE";

/// The binary's name, as the shell sees it.
const BIN: &str = "modoboa-settings";

/// When the shell asks for candidates ([`VAR`] set), answer on stdout and exit 0.
pub fn answer_if_asked() {
    CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(VAR)
        .bin(BIN)
        .complete();
}

/// `completions SHELL`: the registration script of SHELL on stdout.
pub fn completions(a: &CompletionsArgs) -> i32 {
    let name = a.shell.to_string();
    let shells = Shells::builtins();
    let Some(shell) = shells.completer(&name) else {
        super::eprint(&format!("error: no completion for the shell {name}\n"));
        return 2;
    };
    let mut buf = Vec::new();
    match shell.write_registration(VAR, BIN, BIN, &completer(), &mut buf) {
        Ok(()) => {
            super::out(&buf);
            0
        }
        Err(e) => {
            super::eprint(&format!("error: {e}\n"));
            2
        }
    }
}

/// The command the script runs at each TAB: this binary as it was called (a bare name is
/// looked up in `PATH` by the shell; a relative path is made absolute), as `CompleteEnv`
/// itself does.
fn completer() -> String {
    let arg0 = std::env::args_os()
        .next()
        .unwrap_or_else(|| OsString::from(BIN));
    let mut path = std::path::PathBuf::from(arg0);
    if path.components().count() > 1 && path.is_relative() {
        if let Ok(cwd) = std::env::current_dir() {
            path = cwd.join(path);
        }
    }
    path.to_string_lossy().into_owned()
}
