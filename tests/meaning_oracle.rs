//! The meaning oracle (`tests/meaning_oracle/oracle.py`): settings the tool does not govern keep their
//! text and their value, whatever the layout and the target. Canary settings go between the
//! statements of the fixtures at random places; each file is upgraded with `--write` to a random
//! later release; the output must keep every canary's text, compile under Python 3 from 1.15.0,
//! run (imports the machine lacks are stubs) with every canary at its value, and settle.

use std::process::Command;

#[test]
fn canary_settings_keep_their_text_and_value_on_random_layouts_and_targets() {
    let root = env!("CARGO_MANIFEST_DIR");
    // A bounded run for every test run; a wider one by hand:
    // `python3 tests/meaning_oracle/oracle.py --bin target/debug/modoboa-settings --cases 500 --seed 7`.
    let out = Command::new("python3")
        .arg(format!("{root}/tests/meaning_oracle/oracle.py"))
        .args(["--bin", env!("CARGO_BIN_EXE_modoboa-settings")])
        .args(["--cases", "80", "--seed", "1", "--root", root])
        .env_remove("NO_COLOR")
        .env_remove("MODOBOA_SETTINGS_TO")
        .env_remove("MODOBOA_SETTINGS_HOSTNAME")
        .env_remove("MODOBOA_SETTINGS_MAIL_DOMAIN")
        .env_remove("MODOBOA_SETTINGS_DOVECOT_PATH")
        .output()
        .expect("python3 runs the oracle");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("0 failed"), "{stdout}");
}
