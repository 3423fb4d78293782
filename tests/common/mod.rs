//! What every test that runs the binary shares: an environment that does not depend on the
//! caller's. Colour, terminal and width variables and every `MODOBOA_SETTINGS_*` value are
//! removed, so `NO_COLOR=1 COLUMNS=40 MODOBOA_SETTINGS_HOSTNAME=x cargo test` passes; a test
//! that needs one of them sets it itself.

// (Each test crate includes this module and uses part of it.)
#![allow(dead_code)]

use std::ffi::OsString;
use std::process::Command;

/// The variables of the caller's environment that change what the binary prints or does.
pub fn foreign_env() -> Vec<OsString> {
    let fixed = [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "FORCE_COLOR",
        "TERM",
        "COLUMNS",
        "LINES",
        "CI",
        "_MODOBOA_SETTINGS_COMPLETE",
    ];
    let mut out: Vec<OsString> = fixed.iter().map(OsString::from).collect();
    out.extend(
        std::env::vars_os()
            .map(|(k, _)| k)
            .filter(|k| k.to_string_lossy().starts_with("MODOBOA_SETTINGS_")),
    );
    out
}

/// The tool's binary, without the variables of [`foreign_env`] (assert_cmd's `Command` is
/// made from it with `Command::from`).
pub fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modoboa-settings"));
    for v in foreign_env() {
        c.env_remove(v);
    }
    c
}
