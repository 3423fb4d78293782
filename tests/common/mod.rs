//! What every test that runs the binary shares: an environment that does not depend on the
//! caller's. Colour, terminal and width variables and every `MODOBOA_SETTINGS_*` value are
//! removed, so `NO_COLOR=1 COLUMNS=40 MODOBOA_SETTINGS_HOSTNAME=x cargo test` passes; a test
//! that needs one of them sets it itself.

use std::ffi::OsString;

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
