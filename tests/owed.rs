//! Nothing forgotten: a step that was skipped, waited for a value, or was left out with `--skip`
//! stays owed once the file has moved on. Every later run reports it (with the release it
//! belongs to and `"owed": true`), `--check` exits 1 while it stands, and `upgrade` does it as
//! soon as it can. A removal whose target is still in a newer file (a merged extension's
//! loader) is a leftover, reported and removed the same way.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const HOST: &str = "mail.example.com";
const DOMAIN: &str = "example.com";

/// The amavis loader of the 1.7.4 to 2.4 deploy templates.
const AMAVIS_LOADER: &str = "
try:
    from modoboa_amavis import settings as modoboa_amavis_settings
    modoboa_amavis_settings.apply(globals())
except AttributeError:
    from modoboa_amavis.settings import *  # noqa
";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// The command with none of the caller's environment that changes its output.
fn bin() -> Command {
    let mut c = common::binary();
    // These tests were written for writes that go to the newest release in one run: they give
    // that target (a write without one stops at the first migration stop: tests/target.rs).
    c.env("MODOBOA_SETTINGS_TO", "latest");
    c
}

/// `upgrade --format json <args> <path>`: the exit code and the file's object.
fn upgrade(path: &Path, args: &[&str]) -> (i32, Value) {
    let out: Output = bin()
        .args(["upgrade", "--format", "json"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v["files"][0].clone())
}

fn entry<'a>(file: &'a Value, list: &str, id: &str) -> &'a Value {
    file[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {list}: {file:#}"))
}

fn has(file: &Value, list: &str, id: &str) -> bool {
    file[list].as_array().unwrap().iter().any(|e| e["id"] == id)
}

/// A 2.3.3 deploy with the amavis extension: listed, and its loader at the end of the file,
/// followed by `extra` inside the `try` when given.
fn amavis_site(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let src = fs::read_to_string(fixture("generated/2.3.3.py")).unwrap();
    let src = src.replace(
        "    # Extensions\n",
        "    # Extensions\n    'modoboa_amavis',\n",
    );
    let loader = AMAVIS_LOADER.replace(
        "    modoboa_amavis_settings.apply(globals())\n",
        &format!("    modoboa_amavis_settings.apply(globals())\n{extra}"),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    fs::write(&path, format!("{src}{loader}")).unwrap();
    (dir, path)
}

fn values() -> [&'static str; 4] {
    ["--hostname", HOST, "--mail-domain", DOMAIN]
}

/// Skipped: the loader holds a setting of the administrator's, so 2.5.0 cannot delete it. The
/// file moves on to the latest release, but every later `--check` says 2.5.0's step is still
/// owed, until the block is edited by hand; the next run then deletes it.
#[test]
fn a_skipped_step_stays_owed_until_it_is_done() {
    let (_dir, path) = amavis_site("    AMAVIS_DEFAULT_DATABASE_ENCODING = 'UTF-8'\n");
    let (code, first) = upgrade(&path, &[&["--write"][..], &values()].concat());
    assert_eq!(code, 1, "{first:#}");
    assert_eq!(first["written"], true);
    let s = entry(&first, "skipped", "2.5.0/plugin-block");
    assert_eq!(s["owed"], false);
    assert!(s["reason"]
        .as_str()
        .unwrap()
        .contains("AMAVIS_DEFAULT_DATABASE_ENCODING"));

    for _ in 0..2 {
        let (code, later) = upgrade(&path, &[&["--check"][..], &values()].concat());
        assert_eq!(code, 1, "{later:#}");
        assert_eq!(later["changed"], false);
        let s = entry(&later, "skipped", "2.5.0/plugin-block");
        assert_eq!(s["owed"], true);
        assert_eq!(s["release"], "2.5.0");
        // The line is the block's, in the file as it is now.
        let text = fs::read_to_string(&path).unwrap();
        let line = text.lines().position(|l| l == "try:").unwrap() + 1;
        assert_eq!(s["line"], line, "{s}");
    }

    // Done by hand: the setting moves out of the block; the leftover block is then removed.
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("    AMAVIS_DEFAULT_DATABASE_ENCODING = 'UTF-8'\n", "")
            + "AMAVIS_DEFAULT_DATABASE_ENCODING = 'UTF-8'\n",
    )
    .unwrap();
    let (code, fixed) = upgrade(&path, &[&["--write"][..], &values()].concat());
    assert_eq!(code, 1, "{fixed:#}");
    assert_eq!(entry(&fixed, "applied", "2.5.0/plugin-block")["owed"], true);
    assert!(!fs::read_to_string(&path)
        .unwrap()
        .contains("modoboa_amavis"));
    let (code, done) = upgrade(&path, &[&["--check"][..], &values()].concat());
    assert_eq!(code, 0, "{done:#}");
}

/// Pending: 2.6.0's autoconfig host names wait for --mail-domain. Upgraded without it, the file
/// moves on; every later run says the step is owed (`--check` exits 1) until the value comes,
/// and the run that has it writes the host names.
#[test]
fn a_pending_value_stays_owed_until_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    fs::copy(fixture("generated/2.5.0.py"), &path).unwrap();
    let (code, first) = upgrade(&path, &["--write", "--hostname", HOST]);
    assert_eq!(code, 1);
    assert_eq!(first["written"], true);
    assert_eq!(
        entry(&first, "pending", "2.6.0/allowed-hosts")["owed"],
        false
    );

    let (code, later) = upgrade(&path, &["--check", "--hostname", HOST]);
    assert_eq!(code, 1, "{later:#}");
    let p = entry(&later, "pending", "2.6.0/allowed-hosts");
    assert_eq!(p["owed"], true);
    assert_eq!(p["release"], "2.6.0");
    assert!(p["reason"].as_str().unwrap().contains("--mail-domain"));

    let (code, given) = upgrade(&path, &["--write", "--mail-domain", DOMAIN]);
    assert_eq!(code, 1, "{given:#}");
    assert_eq!(
        entry(&given, "applied", "2.6.0/allowed-hosts")["owed"],
        true
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("'autoconfig.example.com'"), "{text}");
    assert!(text.contains("'autodiscover.example.com'"), "{text}");
    // Done: nothing owed, with or without the value.
    assert_eq!(upgrade(&path, &["--check"]).0, 0);
    assert_eq!(upgrade(&path, &[&["--check"][..], &values()].concat()).0, 0);
}

/// Left out with --skip: the loader stays; the next run without --skip finds it (a leftover of
/// 2.5.0 in a newer file), `--check` exits 1, and `upgrade` removes it.
#[test]
fn a_step_left_out_with_skip_stays_owed() {
    let (_dir, path) = amavis_site("");
    let args = [&["--write", "--skip", "2.5.0/plugin-block"][..], &values()].concat();
    let (code, first) = upgrade(&path, &args);
    assert_eq!(code, 1);
    assert_eq!(
        entry(&first, "skipped", "2.5.0/plugin-block")["reason"],
        "excluded by --skip"
    );
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("modoboa_amavis"));

    let (code, later) = upgrade(&path, &[&["--check"][..], &values()].concat());
    assert_eq!(code, 1, "{later:#}");
    let a = entry(&later, "applied", "2.5.0/plugin-block");
    assert_eq!(a["owed"], true);
    assert_eq!(a["release"], "2.5.0");
    // Still excluded when --skip is given again: reported, not done.
    let (code, again) = upgrade(&path, &args);
    assert_eq!(code, 1);
    assert!(has(&again, "skipped", "2.5.0/plugin-block"), "{again:#}");

    let (code, _) = upgrade(&path, &[&["--write"][..], &values()].concat());
    assert_eq!(code, 1);
    assert!(!fs::read_to_string(&path)
        .unwrap()
        .contains("modoboa_amavis"));
    assert_eq!(upgrade(&path, &[&["--check"][..], &values()].concat()).0, 0);
}

/// A leftover in a file the tool never upgraded: a 2.9.3 file that still loads the amavis
/// package (gone since 2.5.0) is not up to date, whatever release it is detected at.
#[test]
fn a_leftover_loader_in_a_newer_file_is_reported_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    let src = fs::read_to_string(fixture("generated/2.9.3.py")).unwrap();
    fs::write(&path, format!("{src}{AMAVIS_LOADER}")).unwrap();
    let (code, check) = upgrade(&path, &[&["--check"][..], &values()].concat());
    assert_eq!(code, 1, "{check:#}");
    let a = entry(&check, "applied", "2.5.0/plugin-block");
    assert_eq!(a["owed"], true);
    let (code, _) = upgrade(&path, &[&["--write"][..], &values()].concat());
    assert_eq!(code, 1);
    let text = fs::read_to_string(&path).unwrap();
    assert!(!text.contains("modoboa_amavis"), "{text}");
}
