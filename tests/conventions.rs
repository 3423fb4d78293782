//! What pre-commit, Ansible and shell users expect (issue 15), pinned end to end: flags that
//! conflict, binary input, the diff in the JSON, values from the environment and pyproject.toml,
//! quiet and verbose output, the colour rules of the ecosystem, completions and the manual
//! page, and directories.
//!
//! Every test runs the real binary on copies in a temporary directory.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const HOST: &str = "mail.example.com";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn release_bytes(v: &str) -> Vec<u8> {
    fs::read(fixture(&format!("releases/{v}.py"))).expect("fixture")
}

/// The binary, with an environment that does not depend on the caller's.
fn bin() -> Command {
    let mut c = Command::from(common::binary());
    // These tests were written for writes that go to the newest release in one run: they give
    // that target (a write without one stops at the first migration stop: tests/target.rs).
    c.env("MODOBOA_SETTINGS_TO", "latest");
    c
}

fn upgrade() -> Command {
    let mut c = bin();
    c.args(["upgrade", "--color", "never"]);
    c
}

/// A temporary directory holding `name` (subdirectories made) with the given bytes.
fn temp_with(name: &str, bytes: impl AsRef<[u8]>) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = put(dir.path(), name, bytes);
    (dir, path)
}

fn put(root: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(name);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, bytes).expect("write");
    path
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout_of(out),
            stderr_of(out)
        )
    })
}

// ---------------------------------------------------------------------------------------------
// 1. --check never writes; --check/--write and --backup without --write are usage errors
// ---------------------------------------------------------------------------------------------

#[test]
fn check_with_write_is_a_usage_error_and_writes_nothing() {
    let (_dir, path) = temp_with("settings.py", release_bytes("0.9.4"));
    let out = upgrade()
        .args(["--check", "--write", "--hostname", HOST])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("'--check' cannot be used with '--write'"),
        "{err}"
    );
    assert!(!err.contains("would rewrite"), "{err}");
    assert_eq!(fs::read(&path).expect("read"), release_bytes("0.9.4"));
}

#[test]
fn write_with_backup_still_keeps_the_previous_file() {
    let (dir, path) = temp_with("settings.py", release_bytes("1.1.0"));
    upgrade()
        .args(["--write", "--backup"])
        .arg(&path)
        .assert()
        .code(1);
    assert_eq!(
        fs::read(dir.path().join("settings.py.orig")).expect("backup"),
        release_bytes("1.1.0")
    );
}

// ---------------------------------------------------------------------------------------------
// 4. A BOM directly followed by a statement
// ---------------------------------------------------------------------------------------------

/// The edit that adds 1.0.0's import lands before the BOM (`ops::insert_in_import_block`
/// inserts at `source::line_start` of the first statement, which is 0, not after the BOM).
/// That code belongs to the write-safety work (ops.rs/source.rs), which fixes it.
#[test]
fn bom_directly_followed_by_a_statement_upgrades() {
    let (_dir, path) = temp_with("f.py", b"\xef\xbb\xbfX = 1\n");
    // As it is, the file shows no Modoboa mark: left alone, no error.
    let out = upgrade()
        .args(["--write", "--hostname", HOST])
        .arg(&path)
        .output()
        .expect("runs");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("left alone"), "{err}");
    // Forced from 0.7, every step runs: the import goes after the BOM.
    let out = upgrade()
        .args(["--write", "--hostname", HOST, "--from", "0.7"])
        .arg(&path)
        .output()
        .expect("runs");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("internal error"), "{err}");
    let written = fs::read(&path).expect("read");
    assert!(written.starts_with(b"\xef\xbb\xbf"), "the BOM stays first");
    assert_eq!(
        written.windows(3).filter(|w| w == b"\xef\xbb\xbf").count(),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// 6. Binary input is not a text file
// ---------------------------------------------------------------------------------------------

#[test]
fn an_executable_is_not_a_text_file_and_gets_no_encoding_advice() {
    let exe = fs::read(env!("CARGO_BIN_EXE_modoboa-settings")).expect("the binary");
    let (_dir, path) = temp_with("settings.py", &exe);
    let out = upgrade().arg(&path).output().expect("runs");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is not a text file"), "{err}");
    assert!(!err.contains("coding"), "{err}");
    assert!(!err.contains("latin-1"), "{err}");
    assert_eq!(fs::read(&path).expect("read"), exe);
}

#[test]
fn nul_bytes_or_control_characters_are_not_a_text_file() {
    for (name, bytes) in [
        ("nul", b"DEBUG = True\x00\nX = 1\n".to_vec()),
        ("controls", (1u8..9).cycle().take(400).collect::<Vec<u8>>()),
    ] {
        let (_dir, path) = temp_with("settings.py", &bytes);
        let out = upgrade().arg(&path).output().expect("runs");
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains("is not a text file"), "{name}: {err}");
    }
}

#[test]
fn a_latin_1_file_without_declaration_still_gets_the_encoding_advice() {
    let (_dir, path) = temp_with("settings.py", b"# caf\xe9\nX = 1\n");
    let out = upgrade().arg(&path).output().expect("runs");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("not a text file"), "{err}");
    assert!(err.contains("coding"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// 8. --format json --diff carries the diff
// ---------------------------------------------------------------------------------------------

#[test]
fn json_with_diff_carries_the_unified_diff_per_file() {
    let old = fixture("releases/0.9.4.py");
    let new = fixture("releases/1.1.1.py");
    // To 1.1.1, the release of the second file: it has nothing to change.
    let out = upgrade()
        .args([
            "--format",
            "json",
            "--diff",
            "--hostname",
            HOST,
            "--to",
            "1.1.1",
        ])
        .arg(&old)
        .arg(&new)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let v = json_of(&out);
    let files = v["files"].as_array().expect("files");
    let diff = files[0]["diff"].as_str().expect("a diff for the old file");
    assert!(diff.starts_with("--- a/"), "{diff}");
    assert!(diff.contains("\n+ALLOWED_HOSTS = ["), "{diff}");
    assert!(!diff.contains('\x1b'));
    assert!(
        files[1]["diff"].is_null(),
        "nothing to change: {:#}",
        files[1]
    );
    // The diff is the one the text format prints.
    let text = upgrade()
        .args(["--hostname", HOST, "--to", "1.1.1"])
        .arg(&old)
        .output()
        .expect("runs");
    assert_eq!(diff, stdout_of(&text));
}

#[test]
fn json_without_diff_has_no_diff_key() {
    let out = upgrade()
        .args(["--format", "json"])
        .arg(fixture("releases/0.9.4.py"))
        .output()
        .expect("runs");
    let v = json_of(&out);
    assert!(v["files"][0].get("diff").is_none(), "{v:#}");
}

#[test]
fn json_check_diff_carries_the_diff_and_writes_nothing() {
    let (_dir, path) = temp_with("settings.py", release_bytes("1.1.0"));
    let out = upgrade()
        .args(["--format", "json", "--check", "--diff"])
        .arg(&path)
        .output()
        .expect("runs");
    let v = json_of(&out);
    assert!(v["files"][0]["diff"]
        .as_str()
        .is_some_and(|d| d.contains("+DOVECOT_LOOKUP_PATH")));
    assert_eq!(v["files"][0]["written"], false);
    assert_eq!(fs::read(&path).expect("read"), release_bytes("1.1.0"));
}

// ---------------------------------------------------------------------------------------------
// Values from the environment and pyproject.toml
// ---------------------------------------------------------------------------------------------

fn allowed_hosts(text: &str) -> Option<String> {
    text.lines()
        .find(|l| l.starts_with("ALLOWED_HOSTS"))
        .map(str::to_string)
}

#[test]
fn hostname_comes_from_the_environment() {
    let (_dir, path) = temp_with("settings.py", release_bytes("0.9.4"));
    // (To 2.5.0: 2.6.0 asks for the mail domain too.)
    upgrade()
        .args(["--write", "--to", "2.5.0"])
        .arg(&path)
        .env("MODOBOA_SETTINGS_HOSTNAME", "env.example.com")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pending").not());
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(
        allowed_hosts(&text).as_deref(),
        Some("ALLOWED_HOSTS = ['env.example.com', ]")
    );
}

#[test]
fn hostname_comes_from_the_nearest_pyproject_with_the_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(
        dir.path(),
        "pyproject.toml",
        "[tool.modoboa-settings]\nhostname = \"file.example.com\"\n",
    );
    // A nearer pyproject.toml without the table is passed over, as ruff does.
    put(
        dir.path(),
        "instance/pyproject.toml",
        "[tool.black]\nline-length = 100\n",
    );
    let path = put(
        dir.path(),
        "instance/app/settings.py",
        release_bytes("0.9.4"),
    );
    upgrade().arg("--write").arg(&path).assert().code(1);
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(
        allowed_hosts(&text).as_deref(),
        Some("ALLOWED_HOSTS = ['file.example.com', ]")
    );
}

#[test]
fn flag_beats_environment_beats_pyproject_and_show_settings_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pyproject = put(
        dir.path(),
        "pyproject.toml",
        "[tool.modoboa-settings]\nhostname = \"file.example.com\"\nmail-domain = \"file.example\"\ndovecot-path = [\"/opt/dovecot\"]\n",
    );
    let path = put(dir.path(), "settings.py", release_bytes("0.9.4"));
    let out = upgrade()
        .args(["--show-settings", "--hostname", "flag.example.com"])
        .arg(&path)
        .env("MODOBOA_SETTINGS_HOSTNAME", "env.example.com")
        .env(
            "MODOBOA_SETTINGS_DOVECOT_PATH",
            "/usr/sbin/dovecot:/srv/dovecot",
        )
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_eq!(
        text,
        format!(
            "{}:\n  hostname = \"flag.example.com\"  (from --hostname)\n  mail-domain = \"file.example\"  (from {} [tool.modoboa-settings])\n  dovecot-path = [\"/usr/sbin/dovecot\", \"/srv/dovecot\"]  (from $MODOBOA_SETTINGS_DOVECOT_PATH)\n",
            path.display(),
            pyproject.display()
        )
    );
    // --show-settings does nothing else.
    assert_eq!(fs::read(&path).expect("read"), release_bytes("0.9.4"));
}

#[test]
fn environment_beats_pyproject_on_a_real_upgrade() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(
        dir.path(),
        "pyproject.toml",
        "[tool.modoboa-settings]\nhostname = \"file.example.com\"\n",
    );
    let path = put(dir.path(), "settings.py", release_bytes("0.9.4"));
    let out = upgrade()
        .args(["--format", "json", "--write"])
        .arg(&path)
        .env("MODOBOA_SETTINGS_HOSTNAME", "env.example.com")
        .env(
            "MODOBOA_SETTINGS_DOVECOT_PATH",
            "/usr/sbin/dovecot:/srv/dovecot",
        )
        .output()
        .expect("runs");
    assert_eq!(json_of(&out)["files"][0]["written"], true);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains("'env.example.com'"), "{text}");
    assert!(!text.contains("file.example.com"), "{text}");
    assert!(text.contains("'/srv/dovecot'"), "{text}");
}

#[test]
fn show_settings_without_values_says_not_set() {
    let (_dir, path) = temp_with("settings.py", release_bytes("0.9.4"));
    upgrade()
        .arg("--show-settings")
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("  hostname: not set\n"))
        .stdout(predicate::str::contains(
            "  dovecot-path: not set (the manual's two paths)\n",
        ));
}

#[test]
fn a_broken_pyproject_is_an_error_naming_it_and_nothing_is_written() {
    for (bad, says) in [
        ("[tool.modoboa-settings\n", "pyproject.toml"),
        (
            "[tool.modoboa-settings]\nhost = \"x\"\n",
            "unknown key 'host'",
        ),
        (
            "[tool.modoboa-settings]\nhostname = \"not a host\"\n",
            "'not a host' is not a host name",
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        put(dir.path(), "pyproject.toml", bad);
        let path = put(dir.path(), "settings.py", release_bytes("0.9.4"));
        let out = upgrade().arg("--write").arg(&path).output().expect("runs");
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains(says), "{bad}: {err}");
        assert_eq!(fs::read(&path).expect("read"), release_bytes("0.9.4"));
    }
}

#[test]
fn a_bad_hostname_in_the_environment_exits_2_naming_the_variable() {
    let (_dir, path) = temp_with("settings.py", release_bytes("0.9.4"));
    upgrade()
        .arg(&path)
        .env("MODOBOA_SETTINGS_HOSTNAME", "no spaces please")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("MODOBOA_SETTINGS_HOSTNAME"));
}

#[test]
fn stdin_finds_the_pyproject_of_its_stdin_filename() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(
        dir.path(),
        "pyproject.toml",
        "[tool.modoboa-settings]\nhostname = \"file.example.com\"\n",
    );
    let name = dir.path().join("settings.py");
    let out = upgrade()
        .args(["--write", "-", "--stdin-filename"])
        .arg(&name)
        .write_stdin(release_bytes("0.9.4"))
        .output()
        .expect("runs");
    assert!(
        stdout_of(&out).contains("ALLOWED_HOSTS = ['file.example.com', ]"),
        "{}",
        stderr_of(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// -q and -v
// ---------------------------------------------------------------------------------------------

#[test]
fn quiet_prints_the_diff_and_folds_the_manual_checklist_to_a_pointer_to_plan() {
    let path = fixture("releases/0.9.4.py");
    let quiet = upgrade()
        .args(["-q", "--hostname", HOST, "--to", "1.1.1"])
        .arg(&path)
        .output()
        .expect("runs");
    let normal = upgrade()
        .args(["--hostname", HOST, "--to", "1.1.1"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(quiet.status.code(), Some(1));
    assert_eq!(stdout_of(&quiet), stdout_of(&normal), "the same diff");
    let n = stderr_of(&normal)
        .lines()
        .filter(|l| l.starts_with("    ") && l.contains(". ["))
        .count();
    assert!(n > 3, "{}", stderr_of(&normal));
    assert_eq!(
        stderr_of(&quiet),
        format!(
            "{}: {n} manual steps to do after the upgrade: see `modoboa-settings plan --from 0.9.4 --to 1.1.1`\n",
            path.display()
        )
    );
}

#[test]
fn quiet_check_names_what_needs_attention_and_exits_1() {
    // Issue 23: quiet, not silent (it printed nothing and exited 1): one line per file that
    // would be rewritten, one for its pending steps, one for its skipped steps.
    let path = fixture("releases/0.9.4.py");
    let p = path.display();
    upgrade()
        .args(["-q", "--check", "--to", "2.12.0"])
        .env_remove("MODOBOA_SETTINGS_HOSTNAME")
        .env_remove("MODOBOA_SETTINGS_MAIL_DOMAIN")
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!(
            "would rewrite {p}\n\
             {p}: 4 steps pending: 1.0.0/allowed-hosts (needs hostname), 1.17.0/totp-issuer (needs hostname), 2.6.0/allowed-hosts (needs mail-domain), 2.6.0/email-client-settings (needs hostname)\n\
             {p}: 1 step skipped: 1.17.0/locale-middleware\n"
        ));
}

#[test]
fn quiet_still_prints_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    upgrade()
        .arg("-q")
        .arg(dir.path().join("missing.py"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"));
}

#[test]
fn default_output_keeps_the_summary_and_the_manual_checklist() {
    upgrade()
        .args(["--to", "1.1.1"])
        .arg(fixture("releases/0.9.4.py"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("detected release 0.9.4"))
        .stderr(predicate::str::contains("0.9.4 -> 1.1.1"))
        .stderr(predicate::str::contains("  manual steps, in order:\n"))
        .stderr(predicate::str::contains("evidence:").not());
}

#[test]
fn verbose_adds_the_evidence_of_detection_and_the_sources_of_values() {
    let path = fixture("releases/0.9.4.py");
    let out = upgrade()
        .args(["-v", "--hostname", HOST])
        .arg(&path)
        .output()
        .expect("runs");
    let err = stderr_of(&out);
    let p = path.display();
    assert!(
        // (0.9.5 changes nothing in settings.py: the file's state spans both.)
        err.contains(&format!("{p}: detected release 0.9.4 to 0.9.5\n")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{p}:   evidence: 0.9.4: ")),
        "one line per mark: {err}"
    );
    assert!(
        err.contains(&format!("{p}: mail-domain: not set\n")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{p}: hostname = \"{HOST}\" (from --hostname)\n")),
        "{err}"
    );
    assert!(err.contains("  manual steps, in order:\n"), "{err}");
}

#[test]
fn quiet_and_verbose_conflict() {
    upgrade()
        .args(["-q", "-v"])
        .arg(fixture("releases/0.9.4.py"))
        .assert()
        .code(2);
}

// ---------------------------------------------------------------------------------------------
// Colour
// ---------------------------------------------------------------------------------------------

fn colour_run(envs: &[(&str, &str)], flag: Option<&str>) -> std::process::Output {
    let mut c = bin();
    c.arg("upgrade");
    if let Some(f) = flag {
        c.args(["--color", f]);
    }
    c.arg(fixture("releases/0.9.4.py"));
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("runs")
}

fn coloured(out: &std::process::Output) -> bool {
    out.stdout.contains(&0x1b)
}

#[test]
fn force_color_and_clicolor_force_colour_a_pipe() {
    assert!(!coloured(&colour_run(&[], None)), "a pipe: no colour");
    assert!(coloured(&colour_run(&[("FORCE_COLOR", "1")], None)));
    assert!(coloured(&colour_run(&[("CLICOLOR_FORCE", "1")], None)));
}

#[test]
fn the_color_flag_wins_over_the_environment() {
    assert!(!coloured(&colour_run(
        &[("FORCE_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
        Some("never")
    )));
    assert!(coloured(&colour_run(
        &[("NO_COLOR", "1"), ("TERM", "dumb")],
        Some("always")
    )));
}

/// `script` gives the tool a terminal, where TERM and NO_COLOR decide.
#[test]
fn on_a_terminal_term_dumb_and_no_color_disable_colour() {
    if StdCommand::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED on_a_terminal_term_dumb_and_no_color_disable_colour: `script` (util-linux) is not installed");
        return;
    }
    let run = |env: &[(&str, &str)]| {
        let cmd = format!(
            "{} upgrade {}",
            env!("CARGO_BIN_EXE_modoboa-settings"),
            fixture("releases/0.9.4.py").display()
        );
        let mut c = StdCommand::new("script");
        c.args(["-qec", &cmd, "/dev/null"]);
        for v in [
            "NO_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
            "FORCE_COLOR",
            "CI",
        ] {
            c.env_remove(v);
        }
        c.env("TERM", "xterm-256color");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().expect("script runs")
    };
    assert!(coloured(&run(&[])), "a colour terminal");
    assert!(!coloured(&run(&[("TERM", "dumb")])), "TERM=dumb");
    assert!(!coloured(&run(&[("NO_COLOR", "1")])), "NO_COLOR");
}

#[test]
fn detect_plan_and_transforms_take_color() {
    let p = fixture("releases/0.9.4.py");
    bin()
        .args(["detect", "--color", "never"])
        .arg(&p)
        .assert()
        .code(0);
    bin()
        .args(["plan", "--color", "always", "--from", "0.9.4"])
        .assert()
        .code(0);
    bin()
        .args(["transforms", "--color", "never"])
        .assert()
        .code(0);
    // Errors follow the flag.
    let out = bin()
        .args(["plan", "--color", "always", "--from", "9.9"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.contains(&0x1b), "{}", stderr_of(&out));
}

// ---------------------------------------------------------------------------------------------
// Completions and the manual page
// ---------------------------------------------------------------------------------------------

// Moved to tests/completions.rs (driven through bash) and tests/man.rs.

// ---------------------------------------------------------------------------------------------
// Directories
// ---------------------------------------------------------------------------------------------

const DJANGO: &str = "import os\n\nDEBUG = False\nINSTALLED_APPS = (\n    'django.contrib.auth',\n    'south',\n    'blog',\n)\nSECRET_KEY = 'x'\n";

/// A fleet repository: two instances, a plain Django project, and places never searched.
fn fleet() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    put(root, "alpha/alpha/settings.py", release_bytes("0.9.4"));
    put(root, "beta/beta/settings.py", release_bytes("1.1.0"));
    put(root, "blog/blog/settings.py", DJANGO);
    put(root, ".git/settings.py", release_bytes("0.9.4"));
    put(root, "venv/pyvenv.cfg", "home = /usr/bin\n");
    put(root, "venv/lib/modoboa/settings.py", release_bytes("0.9.4"));
    put(root, "node_modules/x/settings.py", release_bytes("0.9.4"));
    dir
}

#[test]
fn upgrade_dir_upgrades_the_modoboa_settings_below_and_lists_the_others_as_skipped() {
    let dir = fleet();
    let root = dir.path();
    let out = upgrade()
        .args([
            "--write",
            "--hostname",
            HOST,
            "--mail-domain",
            "example.com",
        ])
        .arg(root)
        .output()
        .expect("runs");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let alpha = root.join("alpha/alpha/settings.py");
    let beta = root.join("beta/beta/settings.py");
    let blog = root.join("blog/blog/settings.py");
    assert!(fs::read_to_string(&alpha)
        .expect("read")
        .contains("ALLOWED_HOSTS"));
    assert!(fs::read_to_string(&beta)
        .expect("read")
        .contains("DOVECOT_LOOKUP_PATH"));
    assert_eq!(fs::read_to_string(&blog).expect("read"), DJANGO);
    assert!(
        err.contains(&format!(
            "{}: left alone: no mark of any Modoboa release (no mailng or modoboa application, MODOBOA_APPS or Modoboa middleware): not a Modoboa settings file\n",
            blog.display()
        )),
        "{err}"
    );
    for untouched in [
        ".git/settings.py",
        "venv/lib/modoboa/settings.py",
        "node_modules/x/settings.py",
    ] {
        assert_eq!(
            fs::read(root.join(untouched)).expect("read"),
            release_bytes("0.9.4"),
            "{untouched}"
        );
        assert!(!err.contains(untouched), "{untouched} named: {err}");
    }
    // A second run: nothing left to do, the Django file still skipped, exit 0.
    upgrade()
        .args([
            "--check",
            "--hostname",
            HOST,
            "--mail-domain",
            "example.com",
        ])
        .arg(root)
        .assert()
        .code(0);
}

#[test]
fn upgrade_dir_in_json_marks_the_others_ignored() {
    let dir = fleet();
    let out = upgrade()
        .args(["--format", "json", "--check"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let v = json_of(&out);
    let files = v["files"].as_array().expect("files");
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            let p = f["path"].as_str().expect("path");
            Path::new(p)
                .strip_prefix(dir.path())
                .expect("below")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "alpha/alpha/settings.py",
            "beta/beta/settings.py",
            "blog/blog/settings.py"
        ]
    );
    assert!(files[2]["ignored"]
        .as_str()
        .expect("a reason")
        .ends_with("not a Modoboa settings file"));
    assert_eq!(files[2]["changed"], false);
    assert!(files[0]["ignored"].is_null());
    assert_eq!(files[0]["changed"], true);
}

#[test]
fn upgrade_dir_without_settings_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    put(dir.path(), "a/other.py", "X = 1\n");
    upgrade()
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no settings.py below it"));
}

#[test]
fn an_explicit_file_is_upgraded_whatever_its_name() {
    let (_dir, path) = temp_with("prod.py", release_bytes("1.1.0"));
    upgrade().arg(&path).assert().code(1);
}

// ---------------------------------------------------------------------------------------------
// 3. What the Ansible example keys on: `written`, not exit 1
// ---------------------------------------------------------------------------------------------

/// Exit 1 also means "pending": a second run without the host name writes nothing, exits 1,
/// and says `"written": false`, which is what the README's Ansible task keys "changed" on.
#[test]
fn a_pending_step_exits_1_with_written_false_on_the_second_run() {
    let (_dir, path) = temp_with("settings.py", release_bytes("0.9.4"));
    let run = || {
        let out = upgrade()
            .args(["--write", "--backup", "--format", "json"])
            .arg(&path)
            .output()
            .expect("runs");
        (out.status.code(), json_of(&out))
    };
    let (code, first) = run();
    assert_eq!(code, Some(1));
    assert_eq!(first["files"][0]["written"], true);
    let (code, second) = run();
    assert_eq!(code, Some(1), "pending keeps exit 1");
    assert_eq!(second["files"][0]["written"], false, "{second:#}");
    assert_eq!(
        second["files"][0]["pending"][0]["id"],
        "1.0.0/allowed-hosts"
    );
}
