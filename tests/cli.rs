//! The command-line contract of `modoboa-settings` (issue 2), pinned end to end.
//!
//! Every test runs the real binary. Files are copied into a temporary directory before anything
//! that may write; the repository is never written to. `--color never` unless colour is the point.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const DOMAIN: &str = "example.com";
const HOST: &str = "mail.example.com";

/// Every release the tool knows, oldest first (`0.7` is the state before 0.8), from the
/// library's table: the releases known only by their marks are listed too.
fn releases() -> Vec<&'static str> {
    modoboa_settings::release::RELEASES
        .iter()
        .map(|r| r.version)
        .collect()
}

/// Every step id, in release order, from the library's table.
fn step_ids() -> Vec<&'static str> {
    modoboa_settings::release::RELEASES
        .iter()
        .flat_map(|r| r.steps.iter().map(|s| s.id))
        .collect()
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn release_fixture(v: &str) -> PathBuf {
    fixture(&format!("releases/{v}.py"))
}

fn release_text(v: &str) -> String {
    fs::read_to_string(release_fixture(v)).unwrap()
}

/// The binary, with an environment that does not depend on the caller's.
fn bin() -> Command {
    let mut c = Command::from(common::binary());
    // These tests were written for writes that go to the newest release in one run: they give
    // that target (a write without one stops at the first migration stop: tests/target.rs).
    c.env("MODOBOA_SETTINGS_TO", "latest");
    c
}

/// `modoboa-settings upgrade --color never`.
fn upgrade() -> Command {
    let mut c = bin();
    c.args(["upgrade", "--color", "never"]);
    c
}

/// A temporary directory holding `name` with the given bytes.
fn temp_with(name: &str, bytes: impl AsRef<[u8]>) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// A temporary directory holding a copy of a release fixture as `settings.py`.
fn temp_release(v: &str) -> (TempDir, PathBuf) {
    temp_with("settings.py", fs::read(release_fixture(v)).unwrap())
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// What `upgrade --write` makes of a release fixture, with extra arguments.
fn written(v: &str, extra: &[&str]) -> String {
    let (_dir, path) = temp_release(v);
    let out = upgrade()
        .arg("--write")
        .args(extra)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "--write failed: {}",
        stderr_of(&out)
    );
    fs::read_to_string(&path).unwrap()
}

/// Run `upgrade --format json` and return the parsed stdout and the exit code.
fn json_upgrade(args: &[&str]) -> (Value, i32) {
    let out = bin()
        .args(["upgrade", "--color", "never", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}):\n{}\nstderr:\n{}",
            stdout_of(&out),
            stderr_of(&out)
        )
    });
    (v, out.status.code().unwrap())
}

fn only_file(v: &Value) -> &Value {
    let files = v["files"].as_array().expect("files is an array");
    assert_eq!(files.len(), 1, "{v:#}");
    &files[0]
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

fn no_panic(stderr: &str) {
    assert!(!stderr.contains("panicked"), "the tool panicked:\n{stderr}");
}

/// Assert an exit status of 2 without a panic; returns stderr.
fn assert_error(out: &std::process::Output) -> String {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(2), "stderr:\n{err}");
    no_panic(&err);
    err
}

/// The diff tests need `patch` and `git` (`.ci/run` installs `patch`): fail, never skip.
fn require_tool(name: &str) {
    let found = StdCommand::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{name} is not installed; .ci/run installs what the tests need"
    );
}

fn pos(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} missing from:\n{haystack}"))
}

/// Where a step id occurs as a whole word (`0.9/static` is not found in `0.9/staticfiles-app`).
fn pos_id(haystack: &str, id: &str) -> usize {
    haystack
        .match_indices(id)
        .map(|(i, _)| i)
        .find(|&i| {
            let after = haystack[i + id.len()..].chars().next();
            let before = haystack[..i].chars().next_back();
            !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
                && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
        })
        .unwrap_or_else(|| panic!("step {id:?} missing from:\n{haystack}"))
}

// ---------------------------------------------------------------------------------------------
// upgrade: default mode (diff)
// ---------------------------------------------------------------------------------------------

#[test]
fn upgrade_default_prints_unified_diff_with_a_b_headers_and_exits_1() {
    let (dir, _) = temp_release("0.9.4");
    let out = upgrade()
        .arg("settings.py")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let diff = stdout_of(&out);
    assert!(
        diff.starts_with("--- a/settings.py\n+++ b/settings.py\n"),
        "{diff}"
    );
    assert!(diff.contains("\n@@ -"), "{diff}");
    assert!(diff.contains("\n+MODOBOA_APPS = ("), "{diff}");
    // The default mode writes nothing.
    assert_eq!(
        fs::read_to_string(dir.path().join("settings.py")).unwrap(),
        release_text("0.9.4")
    );
}

#[test]
fn upgrade_diff_header_names_the_path_as_given() {
    let (dir, _) = temp_with("conf/settings.py", release_text("0.9.4"));
    upgrade()
        .arg("conf/settings.py")
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "--- a/conf/settings.py\n+++ b/conf/settings.py\n",
        ));
}

#[test]
fn upgrade_up_to_date_file_exits_0_with_empty_stdout() {
    upgrade()
        .args(["--to", "1.1.1"])
        .arg(release_fixture("1.1.1"))
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
}

#[test]
fn upgrade_up_to_date_file_ignores_irrelevant_hostname() {
    upgrade()
        .args(["--hostname", HOST, "--to", "1.1.1"])
        .arg(release_fixture("1.1.1"))
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
}

#[test]
fn upgrade_explicit_diff_flag_equals_default_mode() {
    let default = upgrade().arg(release_fixture("0.9.4")).output().unwrap();
    let diff = upgrade()
        .arg("--diff")
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    assert_eq!(default.stdout, diff.stdout);
}

// ---------------------------------------------------------------------------------------------
// The diff applies with patch -p1 and git apply
// ---------------------------------------------------------------------------------------------

/// Diff `bytes` (as `settings.py` in a temp dir) with `args`, apply it with `apply`, compare with
/// what `--write` produces.
fn assert_diff_applies(bytes: &[u8], args: &[&str], apply: &[&str]) {
    let (dir, path) = temp_with("settings.py", bytes);
    let out = upgrade()
        .args(args)
        .arg("settings.py")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let diff = out.stdout;
    assert!(!diff.is_empty());

    let (wdir, wpath) = temp_with("settings.py", bytes);
    upgrade()
        .arg("--write")
        .args(args)
        .arg("settings.py")
        .current_dir(wdir.path())
        .assert()
        .code(1);
    let expected = fs::read(&wpath).unwrap();

    let mut child = StdCommand::new(apply[0])
        .args(&apply[1..])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&diff).unwrap();
    }
    let res = child.wait_with_output().unwrap();
    assert!(
        res.status.success(),
        "{apply:?} failed:\n{}{}\ndiff:\n{}",
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr),
        String::from_utf8_lossy(&diff)
    );
    let patched = fs::read(&path).unwrap();
    assert!(
        patched == expected,
        "patched file differs from the --write output\npatched:\n{}\nwritten:\n{}",
        String::from_utf8_lossy(&patched),
        String::from_utf8_lossy(&expected)
    );
}

#[test]
fn diff_applies_with_patch_p1_and_equals_write_output() {
    require_tool("patch");
    let bytes = fs::read(release_fixture("0.9.4")).unwrap();
    assert_diff_applies(&bytes, &["--hostname", HOST], &["patch", "-p1"]);
}

#[test]
fn diff_applies_with_patch_p1_on_an_old_release() {
    require_tool("patch");
    let bytes = fs::read(release_fixture("0.7")).unwrap();
    assert_diff_applies(&bytes, &["--hostname", HOST], &["patch", "-p1"]);
}

#[test]
fn diff_applies_with_patch_p1_on_a_crlf_file() {
    require_tool("patch");
    let bytes = fs::read(fixture("variants/0.8.4-user-apps-crlf.py")).unwrap();
    assert_diff_applies(&bytes, &["--hostname", HOST], &["patch", "-p1"]);
}

#[test]
fn diff_applies_with_patch_p1_on_a_file_without_final_newline() {
    require_tool("patch");
    let text = release_text("1.1.0");
    let bytes = text.trim_end().as_bytes().to_vec();
    assert_diff_applies(&bytes, &[], &["patch", "-p1"]);
}

#[test]
fn diff_applies_with_git_apply() {
    require_tool("git");
    let bytes = fs::read(release_fixture("0.9.4")).unwrap();
    assert_diff_applies(&bytes, &["--hostname", HOST], &["git", "apply", "-"]);
}

// ---------------------------------------------------------------------------------------------
// --write, --check, and their combinations
// ---------------------------------------------------------------------------------------------

#[test]
fn write_rewrites_in_place_exit_1_then_second_run_exit_0_unchanged() {
    let (_dir, path) = temp_release("0.9.4");
    upgrade()
        .args(["--write", "--hostname", HOST, "--mail-domain", DOMAIN])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let first = fs::read_to_string(&path).unwrap();
    assert_ne!(first, release_text("0.9.4"));
    assert!(first.contains("MODOBOA_APPS = ("));

    upgrade()
        .args(["--write", "--hostname", HOST, "--mail-domain", DOMAIN])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
    assert_eq!(fs::read_to_string(&path).unwrap(), first);

    // And a diff on the result is empty.
    upgrade()
        .args(["--hostname", HOST, "--mail-domain", DOMAIN])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
}

#[test]
fn write_short_flag_w_rewrites_in_place() {
    let (_dir, path) = temp_release("1.1.0");
    upgrade().arg("-w").arg(&path).assert().code(1);
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("DOVECOT_LOOKUP_PATH"));
}

#[test]
fn write_with_stdin_prints_the_whole_new_file_on_stdout() {
    let expected = written("0.9.4", &["--hostname", HOST]);
    upgrade()
        .args(["--write", "--hostname", HOST, "-"])
        .write_stdin(release_text("0.9.4"))
        .assert()
        .code(1)
        .stdout(predicate::eq(expected));
}

#[test]
fn check_reports_would_rewrite_and_exits_1_writing_nothing() {
    let (dir, path) = temp_release("0.9.4");
    let out = upgrade()
        .args(["--check", "settings.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("would rewrite settings.py"),
        "{}",
        stderr_of(&out)
    );
    assert!(out.stdout.is_empty(), "--check alone prints no diff");
    assert_eq!(fs::read_to_string(&path).unwrap(), release_text("0.9.4"));
}

#[test]
fn check_on_up_to_date_file_exits_0_silently() {
    let out = upgrade()
        .args(["--check", "--to", "1.1.1"])
        .arg(release_fixture("1.1.1"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(!stderr_of(&out).contains("would rewrite"));
}

#[test]
fn check_with_diff_prints_diff_and_would_rewrite() {
    let (dir, path) = temp_release("0.9.4");
    let out = upgrade()
        .args(["--check", "--diff", "settings.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).starts_with("--- a/settings.py\n+++ b/settings.py\n"));
    assert!(stderr_of(&out).contains("would rewrite settings.py"));
    assert_eq!(fs::read_to_string(&path).unwrap(), release_text("0.9.4"));
}

#[test]
fn diff_with_write_both_writes_and_prints_the_diff() {
    let (dir, path) = temp_release("0.9.4");
    let expected_diff = upgrade()
        .args(["--hostname", HOST, "settings.py"])
        .current_dir(dir.path())
        .output()
        .unwrap()
        .stdout;
    let out = upgrade()
        .args(["--diff", "--write", "--hostname", HOST, "settings.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, expected_diff);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        written("0.9.4", &["--hostname", HOST])
    );
}

// ---------------------------------------------------------------------------------------------
// --from / --to
// ---------------------------------------------------------------------------------------------

#[test]
fn to_unknown_release_exits_2_and_names_it() {
    let out = upgrade()
        .args(["--to", "9.9.9"])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(err.contains("9.9.9"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn from_unknown_release_exits_2_and_names_it() {
    let out = upgrade()
        .args(["--from", "0.6.1"])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(err.contains("0.6.1"), "{err}");
}

#[test]
fn to_latest_equals_default() {
    let a = upgrade().arg(release_fixture("0.9.4")).output().unwrap();
    let b = upgrade()
        .args(["--to", "latest"])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    let c = upgrade()
        .args(["--to", modoboa_settings::release::newest().version])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    assert_eq!(a.status.code(), b.status.code());
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stdout, c.stdout);
}

#[test]
fn from_later_than_to_is_a_downgrade_and_exits_2() {
    let out = upgrade()
        .args(["--from", "1.0.0", "--to", "0.9"])
        .arg(release_fixture("1.0.0"))
        .output()
        .unwrap();
    assert_error(&out);
    assert!(out.stdout.is_empty());
}

#[test]
fn to_1_0_0_stops_at_that_release() {
    let out = written("0.9.4", &["--to", "1.0.0", "--hostname", HOST]);
    assert!(out.contains("MODOBOA_APPS = ("), "{out}");
    assert!(out.contains("AUTH_USER_MODEL = 'admin.User'"), "{out}");
    assert!(!out.contains("core.User"), "{out}");
    assert!(!out.contains("DOVECOT_LOOKUP_PATH"), "{out}");
    assert!(!out.contains("modoboa.core"), "{out}");
    assert!(out.contains("modoboa.lib.logutils.SQLHandler"), "{out}");
}

#[test]
fn to_1_0_0_then_to_latest_equals_direct_upgrade() {
    let (_dir, path) = temp_release("0.9.4");
    upgrade()
        .args(["--write", "--to", "1.0.0", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    upgrade()
        .args(["--write", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        written("0.9.4", &["--hostname", HOST])
    );
}

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

#[test]
fn upgrade_without_from_reports_detected_release_on_stderr() {
    upgrade()
        .arg(release_fixture("0.9.4"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("detected release 0.9.4"));
}

#[test]
fn upgrade_with_from_does_not_detect() {
    upgrade()
        .args(["--from", "0.9.4"])
        .arg(release_fixture("0.9.4"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("detected").not());
}

#[test]
fn upgrade_with_from_equals_detected_run() {
    let a = upgrade().arg(release_fixture("0.9.4")).output().unwrap();
    let b = upgrade()
        .args(["--from", "0.9.4"])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
}

// ---------------------------------------------------------------------------------------------
// --hostname, pending, --dovecot-path
// ---------------------------------------------------------------------------------------------

#[test]
fn hostname_sets_allowed_hosts_from_0_9_4() {
    let out = written("0.9.4", &["--hostname", HOST]);
    assert!(
        out.contains("ALLOWED_HOSTS = ['mail.example.com', ]"),
        "{out}"
    );
}

#[test]
fn without_hostname_allowed_hosts_is_pending_in_json() {
    let (v, code) = json_upgrade(&[release_fixture("0.9.4").to_str().unwrap()]);
    assert_eq!(code, 1);
    let f = only_file(&v);
    let pending = f["pending"].as_array().unwrap();
    let p = pending
        .iter()
        .find(|p| p["id"] == "1.0.0/allowed-hosts")
        .unwrap_or_else(|| panic!("allowed-hosts not pending: {f:#}"));
    assert!(
        p["reason"].as_str().unwrap().contains("--hostname"),
        "{p:#}"
    );
    assert!(!ids(&f["applied"]).contains(&"1.0.0/allowed-hosts".to_string()));
}

#[test]
fn without_hostname_nothing_is_written_for_allowed_hosts() {
    let out = written("0.9.4", &[]);
    assert!(!out.contains("ALLOWED_HOSTS"), "{out}");
}

#[test]
fn pending_step_keeps_exit_1_when_everything_else_is_applied() {
    let (_dir, path) = temp_release("0.9.4");
    upgrade()
        .args(["--write", "--to", "1.1.1"])
        .arg(&path)
        .assert()
        .code(1);
    let after = fs::read_to_string(&path).unwrap();
    // Everything else is done: the second run changes nothing but is still pending.
    upgrade()
        .args(["--write", "--to", "1.1.1"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    assert_eq!(fs::read_to_string(&path).unwrap(), after);
    let (v, code) = json_upgrade(&["--to", "1.1.1", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let f = only_file(&v);
    assert_eq!(f["changed"], false);
    assert!(f["applied"].as_array().unwrap().is_empty(), "{f:#}");
    assert_eq!(ids(&f["pending"]), vec!["1.0.0/allowed-hosts"]);
    // --check agrees.
    upgrade()
        .args(["--check", "--to", "1.1.1"])
        .arg(&path)
        .assert()
        .code(1);
}

#[test]
fn pending_step_is_resolved_by_a_later_run_with_hostname() {
    let (_dir, path) = temp_release("0.9.4");
    upgrade().arg("--write").arg(&path).assert().code(1);
    upgrade()
        .args(["--write", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("ALLOWED_HOSTS = ['mail.example.com', ]"),
        "{text}"
    );
    // 2.6.0's autoconfig host names still wait for the mail domain: --check says so until it
    // is given, whatever the host name.
    upgrade()
        .args(["--check", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    upgrade()
        .args(["--write", "--mail-domain", DOMAIN])
        .arg(&path)
        .assert()
        .code(1);
    upgrade().arg("--check").arg(&path).assert().code(0);
}

#[test]
fn invalid_hostname_exits_2() {
    let out = upgrade()
        .args(["--hostname", "not a host/name"])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    assert_error(&out);
}

#[test]
fn dovecot_path_replaces_the_default_lookup_path() {
    let out = written("1.1.0", &["--dovecot-path", "/opt/dovecot/sbin/dovecot"]);
    let line = out
        .lines()
        .find(|l| l.starts_with("DOVECOT_LOOKUP_PATH"))
        .unwrap_or_else(|| panic!("no DOVECOT_LOOKUP_PATH:\n{out}"));
    assert!(line.contains("/opt/dovecot/sbin/dovecot"), "{line}");
    assert!(!line.contains("/usr/sbin/dovecot"), "{line}");
}

#[test]
fn dovecot_path_is_repeatable() {
    let out = written(
        "1.1.0",
        &[
            "--dovecot-path",
            "/opt/dovecot/sbin/dovecot",
            "--dovecot-path",
            "/srv/bin/dovecot",
        ],
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("DOVECOT_LOOKUP_PATH"))
        .unwrap_or_else(|| panic!("no DOVECOT_LOOKUP_PATH:\n{out}"));
    let a = pos(line, "/opt/dovecot/sbin/dovecot");
    let b = pos(line, "/srv/bin/dovecot");
    assert!(a < b, "paths keep their order: {line}");
    assert!(!line.contains("/usr/local/sbin/dovecot"), "{line}");
}

#[test]
fn default_dovecot_paths_are_the_manuals_two() {
    let out = written("1.1.0", &[]);
    let line = out
        .lines()
        .find(|l| l.starts_with("DOVECOT_LOOKUP_PATH"))
        .unwrap_or_else(|| panic!("no DOVECOT_LOOKUP_PATH:\n{out}"));
    assert!(line.contains("/usr/sbin/dovecot"), "{line}");
    assert!(line.contains("/usr/local/sbin/dovecot"), "{line}");
}

// ---------------------------------------------------------------------------------------------
// --only / --skip
// ---------------------------------------------------------------------------------------------

#[test]
fn only_step_id_applies_just_that_step() {
    let p = release_fixture("0.9.4");
    let (v, code) = json_upgrade(&["--only", "1.0.0/csrf-middleware", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    let f = only_file(&v);
    assert_eq!(ids(&f["applied"]), vec!["1.0.0/csrf-middleware"]);
    assert_eq!(f["changed"], true);

    let out = written(
        "0.9.4",
        &["--only", "1.0.0/csrf-middleware", "--hostname", HOST],
    );
    assert!(out.contains("'django.middleware.csrf.CsrfViewMiddleware',"));
    assert!(!out.contains("MODOBOA_APPS"));
    assert!(!out.contains("ALLOWED_HOSTS"));
    assert!(!out.contains("DOVECOT_LOOKUP_PATH"));
}

#[test]
fn only_step_id_does_not_report_unselected_steps_as_pending() {
    let p = release_fixture("0.9.4");
    let (v, _) = json_upgrade(&["--only", "1.0.0/csrf-middleware", p.to_str().unwrap()]);
    let f = only_file(&v);
    assert!(
        f["pending"].as_array().unwrap().is_empty(),
        "allowed-hosts was not selected by --only, so it is not pending: {:#}",
        f["pending"]
    );
}

#[test]
fn only_release_applies_only_that_releases_steps() {
    let p = release_fixture("0.9.4");
    let (v, code) = json_upgrade(&["--only", "1.0.0", "--hostname", HOST, p.to_str().unwrap()]);
    assert_eq!(code, 1);
    let f = only_file(&v);
    let applied = ids(&f["applied"]);
    assert!(!applied.is_empty());
    assert!(
        applied.iter().all(|id| id.starts_with("1.0.0/")),
        "{applied:?}"
    );
    assert!(applied.contains(&"1.0.0/modoboa-apps".to_string()));
    assert!(applied.contains(&"1.0.0/allowed-hosts".to_string()));
    for a in f["applied"].as_array().unwrap() {
        assert_eq!(a["release"], "1.0.0");
    }

    let out = written("0.9.4", &["--only", "1.0.0", "--hostname", HOST]);
    assert!(out.contains("AUTH_USER_MODEL = 'admin.User'"), "{out}");
    assert!(!out.contains("DOVECOT_LOOKUP_PATH"), "{out}");
    assert!(!out.contains("modoboa.core"), "{out}");
}

#[test]
fn only_is_repeatable() {
    let p = release_fixture("0.9.4");
    let (v, _) = json_upgrade(&[
        "--only",
        "1.0.0/csrf-middleware",
        "--only",
        "1.1.1/dovecot-lookup-path",
        p.to_str().unwrap(),
    ]);
    let f = only_file(&v);
    assert_eq!(
        ids(&f["applied"]),
        vec!["1.0.0/csrf-middleware", "1.1.1/dovecot-lookup-path"]
    );
}

#[test]
fn skip_step_leaves_it_out_and_reports_it_skipped_with_reason() {
    let p = release_fixture("0.9.4");
    let (v, code) = json_upgrade(&[
        "--skip",
        "1.1.1/dovecot-lookup-path",
        "--hostname",
        HOST,
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let f = only_file(&v);
    assert!(!ids(&f["applied"]).contains(&"1.1.1/dovecot-lookup-path".to_string()));
    let s = f["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "1.1.1/dovecot-lookup-path")
        .unwrap_or_else(|| panic!("not in skipped: {f:#}"));
    assert!(!s["reason"].as_str().unwrap().is_empty());

    let out = written(
        "0.9.4",
        &["--skip", "1.1.1/dovecot-lookup-path", "--hostname", HOST],
    );
    assert!(!out.contains("DOVECOT_LOOKUP_PATH"), "{out}");
    assert!(out.contains("AUTH_USER_MODEL = 'core.User'"), "{out}");
}

#[test]
fn skip_only_remaining_step_writes_nothing_but_exits_1() {
    let (_dir, path) = temp_release("1.1.0");
    upgrade()
        .args([
            "--write",
            "--to",
            "1.1.1",
            "--skip",
            "1.1.1/dovecot-lookup-path",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    assert_eq!(fs::read_to_string(&path).unwrap(), release_text("1.1.0"));
    let (v, code) = json_upgrade(&[
        "--to",
        "1.1.1",
        "--skip",
        "1.1.1/dovecot-lookup-path",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let f = only_file(&v);
    assert_eq!(f["changed"], false);
    assert_eq!(ids(&f["skipped"]), vec!["1.1.1/dovecot-lookup-path"]);
}

#[test]
fn skip_pending_step_reports_it_skipped_not_pending() {
    let p = release_fixture("0.9.4");
    let (v, _) = json_upgrade(&["--skip", "1.0.0/allowed-hosts", p.to_str().unwrap()]);
    let f = only_file(&v);
    assert!(
        !ids(&f["pending"]).contains(&"1.0.0/allowed-hosts".to_string()),
        "a skipped step is not pending: {f:#}"
    );
    assert!(
        ids(&f["skipped"]).contains(&"1.0.0/allowed-hosts".to_string()),
        "{f:#}"
    );
}

#[test]
fn skip_release_leaves_all_its_steps_out() {
    let out = written("0.9.4", &["--skip", "1.1.1", "--hostname", HOST]);
    assert!(!out.contains("DOVECOT_LOOKUP_PATH"), "{out}");
    assert!(out.contains("AUTH_USER_MODEL = 'core.User'"), "{out}");
}

#[test]
fn only_unknown_id_exits_2_and_names_it() {
    let out = upgrade()
        .args(["--only", "1.0.0/no-such-step"])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(err.contains("1.0.0/no-such-step"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn skip_unknown_id_exits_2_and_names_it() {
    let out = upgrade()
        .args(["--skip", "bogus"])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(err.contains("bogus"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// --format json
// ---------------------------------------------------------------------------------------------

fn assert_file_object_shape(f: &Value) {
    let obj = f.as_object().expect("file entry is an object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        vec![
            "applied",
            "changed",
            "detected",
            "error",
            "from",
            "ignored",
            "lines",
            "manual",
            "missing",
            "not_automated",
            "path",
            "pending",
            "range",
            "skipped",
            "stopped_at",
            "stops",
            "target_source",
            "to",
            "written"
        ],
        "{f:#}"
    );
    assert!(f["path"].is_string());
    for k in ["from", "to", "detected", "error"] {
        assert!(f[k].is_string() || f[k].is_null(), "{k}: {f:#}");
    }
    assert!(f["changed"].is_boolean());
    assert!(f["written"].is_boolean());
    assert!(f["lines"] == "given" || f["lines"] == "written", "{f:#}");
    for a in f["applied"].as_array().unwrap() {
        let mut k: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        assert_eq!(k, vec!["id", "line", "owed", "release", "summary"]);
        assert!(a["id"].is_string() && a["release"].is_string() && a["summary"].is_string());
        assert!(a["line"].as_u64().is_some_and(|l| l >= 1), "{a}");
    }
    for p in f["pending"].as_array().unwrap() {
        let mut k: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        assert_eq!(k, vec!["id", "needs", "owed", "reason", "release"]);
        assert!(p["id"].is_string() && p["reason"].is_string());
        assert!(p["needs"].is_string() || p["needs"].is_null(), "{p}");
    }
    for s in f["skipped"].as_array().unwrap() {
        let mut k: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        assert_eq!(k, vec!["id", "line", "owed", "reason", "release"]);
        assert!(s["id"].is_string() && s["reason"].is_string());
        assert!(s["line"].is_u64() || s["line"].is_null(), "{s}");
    }
    for m in f["manual"].as_array().unwrap() {
        let mut k: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        assert_eq!(k, vec!["if_not_done", "release", "text"]);
        assert!(m["release"].is_string() && m["text"].is_string());
        assert!(m["if_not_done"].is_boolean(), "{m}");
    }
}

/// A pending operation says which value it waits for (the `needs` of the report), not only in
/// its reason: every operation of every step that waits for a value on a file without any
/// names the option, and its reason names that option's flag.
#[test]
fn a_pending_operation_names_the_option_it_needs() {
    use modoboa_settings::model::SettingsFile;
    use modoboa_settings::ops::{Opt, Options, Outcome};
    let f = SettingsFile::parse(
        "DEBUG = False\nALLOWED_HOSTS = []\nMODOBOA_APPS = ('modoboa', 'modoboa.autoconfig')\n"
            .to_string(),
    )
    .unwrap();
    let mut seen = Vec::new();
    for r in modoboa_settings::release::RELEASES {
        for s in r.steps {
            for op in s.ops {
                if let Outcome::Pending { reason, needs } = op.evaluate(&f, &Options::default()) {
                    let needs = needs.unwrap_or_else(|| panic!("{}: {reason}", s.id));
                    assert!(reason.contains(&format!("--{} ", needs.key())), "{reason}");
                    seen.push(needs);
                }
            }
        }
    }
    assert!(seen.contains(&Opt::Hostname), "{seen:?}");
    assert!(seen.contains(&Opt::MailDomain), "{seen:?}");
}

#[test]
fn json_output_is_one_object_with_files_and_exact_keys() {
    let p = release_fixture("0.9.4");
    let (v, code) = json_upgrade(&["--to", "1.1.1", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(top, vec!["files"]);
    let f = only_file(&v);
    assert_file_object_shape(f);
    assert_eq!(f["path"], p.to_str().unwrap());
    assert_eq!(f["from"], "0.9.4");
    assert_eq!(f["to"], "1.1.1");
    assert_eq!(f["detected"], "0.9.4");
    assert_eq!(f["changed"], true);
    assert_eq!(f["written"], false);
    assert!(f["error"].is_null());
    let applied = ids(&f["applied"]);
    assert!(applied.contains(&"1.0.0/modoboa-apps".to_string()));
    assert!(applied.contains(&"1.1.1/dovecot-lookup-path".to_string()));
    // Releases in order: every applied 1.0.0 step before any 1.1.x one.
    let rels: Vec<&str> = f["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["release"].as_str().unwrap())
        .collect();
    let mut sorted = rels.clone();
    sorted.sort_by_key(|r| {
        r.split('.')
            .map(|p| p.parse::<u32>().unwrap())
            .collect::<Vec<_>>()
    });
    assert_eq!(rels, sorted);
    assert!(!f["manual"].as_array().unwrap().is_empty());
}

#[test]
fn json_prints_no_diff_and_detected_is_null_with_from() {
    let p = release_fixture("0.9.4");
    let (v, _) = json_upgrade(&["--from", "0.9.4", p.to_str().unwrap()]);
    let f = only_file(&v);
    assert_file_object_shape(f);
    assert!(f["detected"].is_null(), "{f:#}");
    assert_eq!(f["from"], "0.9.4");
}

#[test]
fn json_with_write_reports_written_true() {
    let (_dir, path) = temp_release("1.1.0");
    let (v, code) = json_upgrade(&["--write", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let f = only_file(&v);
    assert_file_object_shape(f);
    assert_eq!(f["written"], true);
    assert_eq!(f["changed"], true);
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("DOVECOT_LOOKUP_PATH"));
}

#[test]
fn json_with_check_reports_changed_but_not_written() {
    let (_dir, path) = temp_release("1.1.0");
    let (v, code) = json_upgrade(&["--check", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let f = only_file(&v);
    assert_eq!(f["written"], false);
    assert_eq!(f["changed"], true);
    assert_eq!(fs::read_to_string(&path).unwrap(), release_text("1.1.0"));
}

#[test]
fn json_up_to_date_file_has_empty_lists() {
    let p = release_fixture("1.1.1");
    let (v, code) = json_upgrade(&["--to", "1.1.1", p.to_str().unwrap()]);
    assert_eq!(code, 0);
    let f = only_file(&v);
    assert_file_object_shape(f);
    assert_eq!(f["changed"], false);
    for k in ["applied", "pending", "skipped", "manual"] {
        assert!(f[k].as_array().unwrap().is_empty(), "{k}: {f:#}");
    }
}

#[test]
fn json_unreadable_file_has_error_and_exit_2_while_good_file_is_processed() {
    let good = release_fixture("1.1.0");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.py");
    let (v, code) = json_upgrade(&[
        "--to",
        "1.1.1",
        good.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{v:#}");
    for f in files {
        assert_file_object_shape(f);
    }
    let g = &files[0];
    assert_eq!(g["path"], good.to_str().unwrap());
    assert!(g["error"].is_null());
    assert_eq!(g["changed"], true);
    assert_eq!(g["from"], "1.1.0");
    assert_eq!(ids(&g["applied"]), vec!["1.1.1/dovecot-lookup-path"]);
    let m = &files[1];
    assert_eq!(m["path"], missing.to_str().unwrap());
    assert!(m["error"].as_str().is_some_and(|e| !e.is_empty()), "{m:#}");
    assert_eq!(m["changed"], false);
}

#[test]
fn json_syntax_error_file_has_error() {
    let (_dir, path) = temp_with("settings.py", "INSTALLED_APPS = (\n 'a',\n");
    let (v, code) = json_upgrade(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    let f = only_file(&v);
    assert_file_object_shape(f);
    assert!(f["error"].as_str().is_some_and(|e| !e.is_empty()));
}

// ---------------------------------------------------------------------------------------------
// Colour
// ---------------------------------------------------------------------------------------------

fn color_run(choice: &str, no_color: bool) -> std::process::Output {
    let mut c = bin();
    c.args(["upgrade", "--color", choice])
        .arg(release_fixture("0.9.4"));
    if no_color {
        c.env("NO_COLOR", "1");
    }
    c.output().unwrap()
}

#[test]
fn color_always_puts_ansi_escapes_in_the_diff() {
    let out = color_run("always", false);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).contains("\x1b["));
}

#[test]
fn color_always_diff_still_has_plain_headers_after_escapes_removed() {
    let out = color_run("always", false);
    let plain = upgrade().arg(release_fixture("0.9.4")).output().unwrap();
    let stripped = strip_ansi(&stdout_of(&out));
    assert_eq!(stripped, stdout_of(&plain));
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn color_never_has_no_ansi_escapes() {
    let out = color_run("never", false);
    assert!(!stdout_of(&out).contains('\x1b'));
    assert!(!stderr_of(&out).contains('\x1b'));
}

#[test]
fn color_auto_without_terminal_has_no_ansi_escapes() {
    let out = color_run("auto", false);
    assert!(!stdout_of(&out).contains('\x1b'));
    assert!(!stderr_of(&out).contains('\x1b'));
}

#[test]
fn color_default_is_auto_and_plain_without_terminal() {
    let out = bin()
        .arg("upgrade")
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    assert!(!stdout_of(&out).contains('\x1b'));
}

#[test]
fn no_color_env_with_auto_has_no_ansi_escapes() {
    let out = color_run("auto", true);
    assert!(!stdout_of(&out).contains('\x1b'));
    assert!(!stderr_of(&out).contains('\x1b'));
}

#[test]
fn bad_color_value_exits_2() {
    let out = bin()
        .args(["upgrade", "--color", "sometimes"])
        .arg(release_fixture("0.9.4"))
        .output()
        .unwrap();
    assert_error(&out);
}

// ---------------------------------------------------------------------------------------------
// Standard input
// ---------------------------------------------------------------------------------------------

#[test]
fn stdin_dash_reads_standard_input() {
    let out = upgrade()
        .arg("-")
        .write_stdin(release_text("0.9.4"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = stdout_of(&out);
    assert!(diff.contains("\n+MODOBOA_APPS = ("), "{diff}");
    // Same body as the diff of the file.
    let file = upgrade().arg(release_fixture("0.9.4")).output().unwrap();
    let body = |s: &str| s.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&diff), body(&stdout_of(&file)));
}

#[test]
fn stdin_filename_names_the_diff_headers() {
    upgrade()
        .args(["--stdin-filename", "conf/settings.py", "-"])
        .write_stdin(release_text("0.9.4"))
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "--- a/conf/settings.py\n+++ b/conf/settings.py\n",
        ));
}

#[test]
fn stdin_filename_names_the_json_path() {
    let out = bin()
        .args([
            "upgrade",
            "--format",
            "json",
            "--stdin-filename",
            "conf/settings.py",
            "-",
        ])
        .write_stdin(release_text("1.1.0"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(only_file(&v)["path"], "conf/settings.py");
}

#[test]
fn stdin_up_to_date_exits_0() {
    upgrade()
        .args(["--to", "1.1.1", "-"])
        .write_stdin(release_text("1.1.1"))
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
}

#[test]
fn stdin_check_reports_stdin_filename() {
    upgrade()
        .args(["--check", "--stdin-filename", "conf/settings.py", "-"])
        .write_stdin(release_text("0.9.4"))
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("would rewrite conf/settings.py"));
}

#[test]
fn stdin_syntax_error_names_stdin_filename() {
    let out = upgrade()
        .args(["--stdin-filename", "conf/settings.py", "-"])
        .write_stdin("X = = 1\n")
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(err.contains("conf/settings.py"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// --exit-zero-even-if-changed
// ---------------------------------------------------------------------------------------------

#[test]
fn exit_zero_even_if_changed_turns_1_into_0() {
    upgrade()
        .arg("--exit-zero-even-if-changed")
        .arg(release_fixture("0.9.4"))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("--- a/"));
}

#[test]
fn exit_zero_even_if_changed_with_check_exits_0() {
    upgrade()
        .args(["--exit-zero-even-if-changed", "--check"])
        .arg(release_fixture("0.9.4"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("would rewrite"));
}

#[test]
fn exit_zero_even_if_changed_still_exits_2_on_syntax_error() {
    let (_dir, path) = temp_with("settings.py", "INSTALLED_APPS = (\n 'a',\n");
    let out = upgrade()
        .arg("--exit-zero-even-if-changed")
        .arg(&path)
        .output()
        .unwrap();
    assert_error(&out);
}

// ---------------------------------------------------------------------------------------------
// Errors: syntax, encoding, empty, directory, missing
// ---------------------------------------------------------------------------------------------

#[test]
fn syntax_error_exits_2_with_path_line_col_and_code_frame() {
    let src = "DEBUG = True\nX = = 1\nY = 2\n";
    let (dir, path) = temp_with("settings.py", src);
    let out = upgrade()
        .args(["--write", "settings.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(
        predicate::str::is_match(r"settings\.py:2:\d+")
            .unwrap()
            .eval(&err),
        "path:line:col missing:\n{err}"
    );
    assert!(err.contains("X = = 1"), "code frame missing:\n{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read_to_string(&path).unwrap(), src, "file untouched");
}

#[test]
fn syntax_error_at_end_of_file_labels_the_last_real_character() {
    let src = "INSTALLED_APPS = (\n 'a',\n";
    let (dir, path) = temp_with("settings.py", src);
    let out = upgrade()
        .args(["--write", "settings.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(
        predicate::str::is_match(r"settings\.py:\d+:\d+")
            .unwrap()
            .eval(&err),
        "path:line:col missing:\n{err}"
    );
    assert!(err.contains(" 'a',"), "last line not framed:\n{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), src, "file untouched");
}

#[test]
fn python2_syntax_is_not_a_syntax_error_and_stays_as_it_is() {
    let bytes = fs::read(fixture("variants/py2/0.9.1-python2.py")).unwrap();
    let (_dir, path) = temp_with("settings.py", &bytes);
    upgrade()
        .args(["--write", "--hostname", HOST, "--to", "1.14.0"])
        .arg(&path)
        .assert()
        .code(1);
    let out = fs::read_to_string(&path).unwrap();
    assert!(out.contains("FILE_UPLOAD_PERMISSIONS = 0644"), "{out}");
    assert!(out.contains("MODOBOA_APPS = ("), "{out}");
}

#[test]
fn invalid_encoding_exits_2_and_leaves_file() {
    let bytes: &[u8] = b"DEBUG = True\nNAME = 'caf\xe9'\n";
    let (_dir, path) = temp_with("settings.py", bytes);
    let out = upgrade().arg("--write").arg(&path).output().unwrap();
    let err = assert_error(&out);
    assert!(err.contains("settings.py"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn empty_file_is_left_alone_with_a_clear_message() {
    // Issue 23: an empty file is nobody's settings; a hook must not fail on it (was exit 2).
    let (_dir, path) = temp_with("settings.py", "");
    let out = upgrade().arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("settings.py: left alone"), "{err}");
    assert!(err.to_lowercase().contains("empty"), "{err}");
}

#[test]
fn comment_only_file_is_left_alone() {
    let (_dir, path) = temp_with("settings.py", "# nothing here\n");
    let out = upgrade().arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("settings.py: left alone"), "{err}");
}

#[test]
fn directory_exits_2_with_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = upgrade().arg(dir.path()).output().unwrap();
    let err = assert_error(&out);
    assert!(err.contains("directory"), "{err}");
}

#[test]
fn missing_path_exits_2_with_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.py");
    let out = upgrade().arg(&missing).output().unwrap();
    let err = assert_error(&out);
    assert!(err.contains("nope.py"), "{err}");
    assert!(
        err.contains("no such file") || err.contains("not found") || err.contains("cannot read"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Several paths
// ---------------------------------------------------------------------------------------------

#[test]
fn several_paths_status_is_the_worst_changed_over_clean() {
    upgrade()
        .arg(release_fixture("1.1.1"))
        .arg(release_fixture("1.1.0"))
        .assert()
        .code(1);
}

#[test]
fn several_paths_status_is_the_worst_error_over_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out = upgrade()
        .arg(release_fixture("1.1.0"))
        .arg(dir.path().join("missing.py"))
        .arg(release_fixture("1.1.1"))
        .output()
        .unwrap();
    assert_error(&out);
    // The good file was still diffed.
    assert!(stdout_of(&out).contains("+DOVECOT_LOOKUP_PATH"));
}

#[test]
fn several_paths_each_file_is_written_independently() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.py");
    let b = dir.path().join("b.py");
    let c = dir.path().join("c.py");
    let bad = dir.path().join("bad.py");
    fs::copy(release_fixture("1.1.0"), &a).unwrap();
    fs::copy(release_fixture("1.1.1"), &b).unwrap();
    fs::copy(release_fixture("1.0.0"), &c).unwrap();
    fs::write(&bad, "X = = 1\n").unwrap();
    let out = upgrade()
        .args(["--write", "--to", "1.1.1"])
        .args([&a, &bad, &b, &c])
        .output()
        .unwrap();
    assert_error(&out);
    assert_eq!(
        fs::read_to_string(&a).unwrap(),
        written("1.1.0", &["--to", "1.1.1"])
    );
    assert_eq!(fs::read_to_string(&b).unwrap(), release_text("1.1.1"));
    assert_eq!(
        fs::read_to_string(&c).unwrap(),
        written("1.0.0", &["--to", "1.1.1"])
    );
    assert_eq!(fs::read_to_string(&bad).unwrap(), "X = = 1\n");
}

#[test]
fn several_paths_each_gets_its_own_diff_and_detection() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(release_fixture("1.1.0"), dir.path().join("a.py")).unwrap();
    fs::copy(release_fixture("0.9.4"), dir.path().join("b.py")).unwrap();
    let out = upgrade()
        .args(["a.py", "b.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = stdout_of(&out);
    let a = pos(&diff, "--- a/a.py\n+++ b/a.py\n");
    let b = pos(&diff, "--- a/b.py\n+++ b/b.py\n");
    assert!(a < b, "diffs in argument order");
    let err = stderr_of(&out);
    assert!(err.contains("detected release 1.1.0"), "{err}");
    assert!(err.contains("detected release 0.9.4"), "{err}");
}

#[test]
fn many_paths_keep_argument_order() {
    // Enough files for the tool to go parallel: output still follows the arguments.
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 0..12 {
        let v = if i % 2 == 0 { "1.1.0" } else { "1.0.0" };
        let name = format!("s{i:02}.py");
        fs::copy(release_fixture(v), dir.path().join(&name)).unwrap();
        names.push(name);
    }
    let out = bin()
        .args(["upgrade", "--format", "json"])
        .args(&names)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, names.iter().map(String::as_str).collect::<Vec<_>>());
}

// ---------------------------------------------------------------------------------------------
// --backup
// ---------------------------------------------------------------------------------------------

#[test]
fn backup_with_write_keeps_orig_with_old_content() {
    let (dir, path) = temp_release("1.1.0");
    upgrade()
        .args(["--write", "--backup"])
        .arg(&path)
        .assert()
        .code(1);
    let orig = dir.path().join("settings.py.orig");
    assert!(orig.exists(), "settings.py.orig missing");
    assert_eq!(fs::read_to_string(&orig).unwrap(), release_text("1.1.0"));
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("DOVECOT_LOOKUP_PATH"));
}

#[test]
fn backup_with_suffix_uses_that_suffix() {
    let (dir, path) = temp_release("1.1.0");
    upgrade()
        .args(["--write", "--backup=.bak"])
        .arg(&path)
        .assert()
        .code(1);
    let bak = dir.path().join("settings.py.bak");
    assert!(bak.exists(), "settings.py.bak missing");
    assert_eq!(fs::read_to_string(&bak).unwrap(), release_text("1.1.0"));
    assert!(!dir.path().join("settings.py.orig").exists());
}

#[test]
fn backup_is_not_made_when_nothing_changes() {
    let (dir, path) = temp_release("1.1.1");
    upgrade()
        .args(["--write", "--backup", "--to", "1.1.1"])
        .arg(&path)
        .assert()
        .code(0);
    assert!(!dir.path().join("settings.py.orig").exists());
}

#[test]
fn backup_without_write_is_a_usage_error_and_creates_nothing() {
    let (dir, path) = temp_release("1.1.0");
    upgrade()
        .args(["--backup"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--write"));
    assert!(!dir.path().join("settings.py.orig").exists());
    assert_eq!(fs::read_to_string(&path).unwrap(), release_text("1.1.0"));
}

// ---------------------------------------------------------------------------------------------
// Writing keeps the file's bytes
// ---------------------------------------------------------------------------------------------

#[test]
fn write_keeps_crlf_line_endings() {
    let bytes = fs::read(fixture("variants/0.8.4-user-apps-crlf.py")).unwrap();
    let (_dir, path) = temp_with("settings.py", &bytes);
    upgrade()
        .args(["--write", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    let out = fs::read(&path).unwrap();
    let lone_lf = out
        .windows(2)
        .filter(|w| w[1] == b'\n' && w[0] != b'\r')
        .count()
        + usize::from(out.first() == Some(&b'\n'));
    assert_eq!(lone_lf, 0, "every new line uses CRLF");
}

#[test]
fn write_keeps_the_bom() {
    let bytes = fs::read(fixture("variants/0.9.4-bom-tabs.py")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"));
    let (_dir, path) = temp_with("settings.py", &bytes);
    upgrade()
        .args(["--write", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    let out = fs::read(&path).unwrap();
    assert!(out.starts_with(b"\xef\xbb\xbf"));
    assert!(!out[3..].starts_with(b"\xef\xbb\xbf"), "BOM not doubled");
}

#[cfg(unix)]
#[test]
fn write_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_release("1.1.0");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    upgrade().arg("--write").arg(&path).assert().code(1);
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn write_through_a_symlink_keeps_the_link() {
    let (dir, target) = temp_release("1.1.0");
    let link = dir.path().join("link.py");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    upgrade().arg("--write").arg(&link).assert().code(1);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&target)
        .unwrap()
        .contains("DOVECOT_LOOKUP_PATH"));
}

#[test]
fn write_with_stdin_prints_nothing_on_syntax_error() {
    let out = upgrade()
        .args(["--write", "-"])
        .write_stdin("X = = 1\n")
        .output()
        .unwrap();
    assert_error(&out);
    assert!(
        out.stdout.is_empty(),
        "a pipeline must not get a partial file"
    );
}

#[test]
fn write_with_stdin_up_to_date_prints_the_file_unchanged() {
    upgrade()
        .args(["--write", "--to", "1.1.1", "-"])
        .write_stdin(release_text("1.1.1"))
        .assert()
        .code(0)
        .stdout(predicate::eq(release_text("1.1.1")));
}

// ---------------------------------------------------------------------------------------------
// detect
// ---------------------------------------------------------------------------------------------

/// True when detection may report `reported` for a fixture of `fixture_version`: the same
/// release, or one of its twins (see [`twins`]).
fn detect_accepts(fixture_version: &str, reported: &str) -> bool {
    reported == fixture_version || twins(fixture_version).contains(&reported)
}

/// The releases that share the settings of `v`, from the library's table: an automated release
/// without steps looks like the release before it (0.8.3 like 0.8.2, 0.9.2 and 0.9.3 like 0.9.1).
fn twins(v: &str) -> Vec<&'static str> {
    use modoboa_settings::release::{self, RELEASES};
    let Some(at) = release::find(v).map(release::index_of) else {
        return Vec::new();
    };
    let twin_of_previous = |i: usize| RELEASES[i].steps.is_empty();
    let mut first = at;
    while first > 0 && twin_of_previous(first) {
        first -= 1;
    }
    let mut last = at;
    while last + 1 < RELEASES.len() && twin_of_previous(last + 1) {
        last += 1;
    }
    RELEASES[first..=last].iter().map(|r| r.version).collect()
}

/// The releases that have a fixture in `fixtures/releases/`, oldest first.
fn fixture_releases() -> Vec<String> {
    let dir = fixture("releases");
    let mut out: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    out.sort_by_key(|v| modoboa_settings::release::version_key(v));
    assert!(
        out.iter()
            .all(|v| modoboa_settings::release::find(v).is_some()),
        "a release fixture names an unknown release: {out:?}"
    );
    out
}

#[test]
fn detect_text_reports_each_release_fixture_version() {
    let fixture_releases = fixture_releases();
    let out = bin()
        .arg("detect")
        .args(fixture_releases.iter().map(|v| release_fixture(v)))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    for v in &fixture_releases {
        let p = release_fixture(v);
        let prefix = format!("{}: ", p.display());
        let line = text
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no line for {v}:\n{text}"));
        let reported = line[prefix.len()..].split_whitespace().next().unwrap();
        assert!(detect_accepts(v, reported), "{v} reported as {reported}");
    }
}

#[test]
fn detect_json_reports_version_and_evidence_for_each_fixture() {
    let fixture_releases = fixture_releases();
    let out = bin()
        .args(["detect", "--format", "json"])
        .args(fixture_releases.iter().map(|v| release_fixture(v)))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), fixture_releases.len());
    for (f, ver) in files.iter().zip(&fixture_releases) {
        let mut k: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        assert_eq!(
            k,
            vec!["detected", "evidence", "missing", "path", "range", "version"],
            "{f:#}"
        );
        assert_eq!(f["detected"], f["version"]);
        assert_eq!(f["path"], release_fixture(ver).to_str().unwrap());
        let reported = f["version"].as_str().unwrap();
        assert!(
            detect_accepts(ver, reported),
            "{ver} reported as {reported}"
        );
        let ev = f["evidence"].as_array().unwrap();
        assert!(!ev.is_empty());
        assert!(ev.iter().all(Value::is_string));
    }
}

#[test]
fn detect_variants_report_their_release() {
    for (name, v) in [
        ("0.8.4-user-apps-crlf.py", "0.8.4"),
        ("0.9.4-bom-tabs.py", "0.9.4"),
        ("1.0.0-existing-logging.py", "1.0.0"),
        ("1.0.0-dict-key-spacing.py", "1.0.0"),
    ] {
        let out = bin()
            .args(["detect", "--format", "json"])
            .arg(fixture(&format!("variants/{name}")))
            .output()
            .unwrap();
        let j: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(j["files"][0]["version"], v, "{name}: {j:#}");
    }
}

#[test]
fn detect_missing_file_exits_2_but_reports_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("detect")
        .arg(release_fixture("1.0.0"))
        .arg(dir.path().join("missing.py"))
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(err.contains("missing.py"), "{err}");
    assert!(stdout_of(&out).contains(": 1.0.0"));
}

#[test]
fn detect_reads_stdin() {
    bin()
        .args(["detect", "-"])
        .write_stdin(release_text("1.0.0"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1.0.0"));
}

// ---------------------------------------------------------------------------------------------
// plan
// ---------------------------------------------------------------------------------------------

#[test]
fn plan_lists_steps_in_release_order_with_ids() {
    let out = bin()
        .args(["plan", "--from", "0.9", "--to", "1.1.1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    let order = [
        "0.9.1/amavis-rename",
        "0.9.4/drop-model-backend",
        "1.0.0/syslog-import",
        "1.0.0/modoboa-apps",
        "1.1.0/modoboa-apps",
        "1.1.0/sql-handler",
        "1.1.1/dovecot-lookup-path",
    ];
    let positions: Vec<usize> = order.iter().map(|id| pos_id(&text, id)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(
        !text.contains("0.9/middleware"),
        "steps of --from itself are done: {text}"
    );
    assert!(!text.contains("0.8.8/"), "{text}");
}

#[test]
fn plan_shows_manual_steps() {
    let text = stdout_of(
        &bin()
            .args(["plan", "--from", "0.9", "--to", "1.1.1"])
            .output()
            .unwrap(),
    );
    assert!(text.contains("postfix_maps"), "{text}");
    assert!(text.contains("collectstatic"), "{text}");
}

#[test]
fn plan_from_before_0_9_5_has_a_stop_marker_at_0_9_5() {
    let text = stdout_of(
        &bin()
            .args(["plan", "--from", "0.9", "--to", "1.1.1"])
            .output()
            .unwrap(),
    );
    let stop = text
        .find("STOP")
        .or_else(|| text.to_lowercase().find("stop here"))
        .unwrap_or_else(|| panic!("no stop marker:\n{text}"));
    let at = pos(&text, "\n0.9.5");
    let next = pos(&text, "\n1.0.0");
    assert!(at < stop && stop < next, "the stop sits in 0.9.5:\n{text}");
}

#[test]
fn plan_from_0_9_5_or_later_has_no_stop_marker() {
    let text = stdout_of(
        &bin()
            .args(["plan", "--from", "0.9.5", "--to", "1.1.1"])
            .output()
            .unwrap(),
    );
    assert!(!text.contains("STOP"), "{text}");
}

#[test]
fn plan_shows_1_1_0_dedicated_procedure() {
    let text = stdout_of(
        &bin()
            .args(["plan", "--from", "1.0.0", "--to", "1.1.1"])
            .output()
            .unwrap(),
    );
    let rel = pos(&text, "\n1.1.0");
    assert!(text[rel..].contains("migrate core 0001 --fake"), "{text}");
    assert!(text.contains("dedicated procedure"), "{text}");
}

#[test]
fn plan_detects_the_start_from_a_file() {
    let out = bin()
        .args(["plan", "--to", "1.1.1"])
        .arg(release_fixture("1.0.0"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_of(&out);
    // (The 1.0.0 template's state runs to 1.0.1: the header says so.)
    assert!(
        text.contains("from 1.0.0 (the file's state spans 1.0.0 to 1.0.1) to 1.1.1"),
        "{text}"
    );
    assert!(text.contains("1.1.0/modoboa-apps"));
    assert!(!text.contains("1.0.0/modoboa-apps"), "{text}");

    let j = bin()
        .args(["plan", "--format", "json"])
        .arg(release_fixture("1.0.0"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(v["from"], "1.0.0");
}

#[test]
fn plan_json_has_from_to_releases_and_common() {
    let out = bin()
        .args(["plan", "--from", "0.9", "--to", "1.1.1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    assert_eq!(k, vec!["common", "from", "releases", "to"]);
    assert_eq!(v["from"], "0.9");
    assert_eq!(v["to"], "1.1.1");
    assert!(v["common"].as_array().unwrap().iter().all(Value::is_string));
    assert!(!v["common"].as_array().unwrap().is_empty());
    let rels = v["releases"].as_array().unwrap();
    let versions: Vec<&str> = rels
        .iter()
        .map(|r| r["version"].as_str().unwrap())
        .collect();
    assert_eq!(
        versions,
        vec!["0.9.1", "0.9.2", "0.9.3", "0.9.4", "0.9.5", "1.0.0", "1.0.1", "1.1.0", "1.1.1"]
    );
    for r in rels {
        let mut k: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        assert_eq!(
            k,
            vec![
                "automated",
                "checklist",
                "manual",
                "steps",
                "stop",
                "stop_commands",
                "title",
                "version"
            ],
            "{r:#}"
        );
        assert!(r["title"].is_string());
        assert!(r["stop"].is_boolean());
        // A stop carries its commands, in the guide's order (issue 23): the install, this tool
        // to the stop, the migrations.
        let commands = r["stop_commands"].as_array().unwrap();
        assert_eq!(r["stop"].as_bool().unwrap(), !commands.is_empty());
        assert!(r["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_string));
        if r["version"] == "0.9.5" {
            assert_eq!(
                commands,
                &vec![
                    json!("pip install modoboa==0.9.5"),
                    json!("modoboa-settings upgrade --write --to 0.9.5 settings.py"),
                    json!("python manage.py syncdb --migrate"),
                ]
            );
        }
        assert!(r["manual"].as_array().unwrap().iter().all(Value::is_string));
        for s in r["steps"].as_array().unwrap() {
            let mut k: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
            k.sort_unstable();
            assert_eq!(k, vec!["id", "summary"]);
            assert!(s["id"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{}/", r["version"].as_str().unwrap())));
        }
        assert_eq!(r["stop"], r["version"] == "0.9.5", "{r:#}");
    }
    let r110 = rels.iter().find(|r| r["version"] == "1.1.0").unwrap();
    assert!(r110["manual"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m.as_str().unwrap().contains("migrate core 0001 --fake")));
    let r100 = rels.iter().find(|r| r["version"] == "1.0.0").unwrap();
    assert!(ids(&r100["steps"]).contains(&"1.0.0/modoboa-apps".to_string()));
}

#[test]
fn plan_without_from_or_path_exits_2() {
    let out = bin().arg("plan").output().unwrap();
    let err = assert_error(&out);
    assert!(err.contains("--from"), "{err}");
}

#[test]
fn plan_unknown_release_exits_2() {
    let out = bin().args(["plan", "--from", "0.42"]).output().unwrap();
    let err = assert_error(&out);
    assert!(err.contains("0.42"), "{err}");
}

#[test]
fn plan_downgrade_exits_2() {
    let out = bin()
        .args(["plan", "--from", "1.1.0", "--to", "1.0.0"])
        .output()
        .unwrap();
    assert_error(&out);
}

// ---------------------------------------------------------------------------------------------
// transforms
// ---------------------------------------------------------------------------------------------

#[test]
fn transforms_lists_every_release_and_step_id() {
    let out = bin().arg("transforms").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_of(&out);
    let mut last = 0;
    for v in releases() {
        let at = text
            .lines()
            .scan(0usize, |off, l| {
                let here = *off;
                *off += l.len() + 1;
                Some((here, l))
            })
            .find(|(_, l)| l.split_whitespace().next() == Some(v))
            .map(|(o, _)| o)
            .unwrap_or_else(|| panic!("release {v} missing:\n{text}"));
        assert!(at >= last, "release {v} out of order");
        last = at;
    }
    let mut last = 0;
    let ids = step_ids();
    assert!(!ids.is_empty(), "the table lists no step");
    for id in ids {
        let at = pos_id(&text, id);
        assert!(at >= last, "step {id} out of order");
        last = at;
    }
}

#[test]
fn transforms_to_1_0_0_stops_at_1_0_0() {
    let text = stdout_of(
        &bin()
            .args(["transforms", "--to", "1.0.0"])
            .output()
            .unwrap(),
    );
    assert!(text.contains("1.0.0/modoboa-apps"));
    assert!(!text.contains("1.0.1"), "{text}");
    assert!(!text.contains("1.1.0"), "{text}");
    assert!(!text.contains("1.1.1"), "{text}");
}

#[test]
fn transforms_json_lists_releases_with_steps() {
    let out = bin()
        .args(["transforms", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rels = v["releases"].as_array().unwrap();
    let versions: Vec<&str> = rels
        .iter()
        .map(|r| r["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, releases());
    let all: Vec<String> = rels.iter().flat_map(|r| ids(&r["steps"])).collect();
    assert_eq!(
        all,
        step_ids().iter().map(|s| s.to_string()).collect::<Vec<_>>()
    );
}

#[test]
fn transforms_unknown_release_exits_2() {
    let out = bin().args(["transforms", "--to", "3.0"]).output().unwrap();
    let err = assert_error(&out);
    assert!(err.contains("3.0"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Usage
// ---------------------------------------------------------------------------------------------

#[test]
fn help_exits_0() {
    bin()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("upgrade"));
    bin()
        .args(["upgrade", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--stdin-filename"));
}

#[test]
fn bad_flag_exits_2() {
    let out = bin()
        .args(["upgrade", "--no-such-flag"])
        .arg(release_fixture("1.1.1"))
        .output()
        .unwrap();
    assert_error(&out);
}

#[test]
fn upgrade_without_path_exits_2() {
    let out = bin().arg("upgrade").output().unwrap();
    assert_error(&out);
}

#[test]
fn unknown_subcommand_exits_2() {
    let out = bin().arg("frobnicate").output().unwrap();
    assert_error(&out);
}
