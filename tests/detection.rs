//! Detection as a user meets it on the command line: files of every Modoboa release are placed
//! where they are and never taken back, files that are not Modoboa's are left alone, missing
//! marks are reported, owed steps come back once their value is given.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const HOST: &str = "mail.example.com";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modoboa-settings"));
    c.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR");
    c
}

fn run(args: &[&str], path: &Path) -> Output {
    bin()
        .arg(args[0])
        .args(["--color", "never"])
        .args(&args[1..])
        .arg(path)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A copy of a fixture (optionally edited) in a temporary directory.
fn copy(rel: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    let src = fs::read_to_string(fixture(rel)).unwrap();
    fs::write(&path, edit(src)).unwrap();
    (dir, path)
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn plain_django_settings_pass_through_both_hooks_and_write_unchanged() {
    for name in [
        "django-1.4-project.py",
        "django-1.11-project.py",
        "django-5-project.py",
    ] {
        let (_dir, path) = copy(&format!("generated/not-modoboa/{name}"), |s| s);
        let before = fs::read(&path).unwrap();
        // The two entries of .pre-commit-hooks.yaml, then a plain --write.
        for args in [
            &["upgrade", "--write"][..],
            &["upgrade", "--check", "--diff"][..],
            &["upgrade", "--write", "--hostname", HOST][..],
        ] {
            let out = run(args, &path);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{name} {args:?}: {}",
                stderr(&out)
            );
            assert!(out.stdout.is_empty(), "{name} {args:?}");
            assert!(stderr(&out).contains("left alone: no mark of any Modoboa release"));
            assert_eq!(fs::read(&path).unwrap(), before, "{name} {args:?}");
        }
        let out = run(&["upgrade", "--format", "json"], &path);
        assert_eq!(out.status.code(), Some(0));
        let f = &json(&out)["files"][0];
        assert!(f["detected"].is_null(), "{f:#}");
        assert!(f["ignored"]
            .as_str()
            .unwrap()
            .contains("not a Modoboa settings file"));
        assert_eq!(f["changed"], false);
        assert_eq!(f["written"], false);
        let d = json(&run(&["detect", "--format", "json"], &path));
        assert!(d["files"][0]["version"].is_null());
        assert!(d["files"][0]["reason"].is_string());
        // --from still forces an upgrade.
        let out = run(&["upgrade", "--from", "1.1.0", "--to", "1.1.1"], &path);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("+DOVECOT_LOOKUP_PATH"));
    }
}

#[test]
fn the_real_1_1_1_shape_upgraded_to_1_1_1_changes_nothing() {
    let path = fixture("generated/variants/1.1.1-commented-dovecot.py");
    let out = run(&["upgrade", "--to", "1.1.1", "--hostname", HOST], &path);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("1.1.1 -> 1.1.1: nothing to change"),
        "{}",
        stderr(&out)
    );
    // Given --dovecot-path, the setting is written after all.
    let out = run(
        &[
            "upgrade",
            "--from",
            "1.1.0",
            "--to",
            "1.1.1",
            "--dovecot-path",
            "/opt/dovecot/sbin/dovecot",
        ],
        &path,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("+DOVECOT_LOOKUP_PATH = ('/opt/dovecot/sbin/dovecot',)"));
}

/// Whatever --to says, a 2.x file keeps ModelBackend, gains no `modoboa.extensions.*` app and
/// is never written: an older target is an error naming both releases, a newer one lists the
/// releases the tool does not automate.
#[test]
fn a_2x_shape_is_never_taken_back_whatever_to_says() {
    let releases: Vec<&str> = modoboa_settings::release::RELEASES
        .iter()
        .map(|r| r.version)
        .collect();
    for rel in [
        "generated/2.4.0.py",
        "generated/variants/2.4.0-plugin-disabled.py",
    ] {
        let (_dir, path) = copy(rel, |s| s);
        let before = fs::read(&path).unwrap();
        for to in releases.iter().chain(&["latest"]) {
            let out = run(
                &["upgrade", "--write", "--to", to, "--hostname", HOST],
                &path,
            );
            assert_eq!(fs::read(&path).unwrap(), before, "{rel} --to {to}");
            let err = stderr(&out);
            let older =
                modoboa_settings::release::index_of(modoboa_settings::release::find(to).unwrap())
                    < modoboa_settings::release::index_of(
                        modoboa_settings::release::find("2.4.0").unwrap(),
                    );
            if *to != "latest" && older {
                assert_eq!(out.status.code(), Some(2), "{rel} --to {to}: {err}");
                assert!(
                    err.contains(&format!(
                        "is at 2.4.0, newer than the target {}",
                        modoboa_settings::release::find(to).unwrap().version
                    )),
                    "{err}"
                );
            } else if *to == "latest" || *to == "2.4.0" {
                assert_eq!(out.status.code(), Some(0), "{rel} --to {to}: {err}");
            } else {
                assert_eq!(out.status.code(), Some(1), "{rel} --to {to}: {err}");
                assert!(err.contains("not automated"), "{err}");
            }
        }
    }
}

#[test]
fn latest_on_a_file_past_the_tool_says_how_far_the_tool_goes() {
    let out = run(
        &["upgrade", "--hostname", HOST],
        &fixture("generated/2.9.3.py"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("detected release 2.9.0"), "{err}");
    let newest = modoboa_settings::release::newest_automated().version;
    assert!(
        err.contains(&format!(
            "the tool automates releases up to {newest}; this file is at 2.9.0"
        )),
        "{err}"
    );
    assert!(err.contains("2.9.0 -> 2.9.0: nothing to change"), "{err}");
}

#[test]
fn a_target_older_than_a_1_1_1_file_is_an_error() {
    let out = run(&["upgrade", "--to", "0.8"], &fixture("releases/1.1.1.py"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is at 1.1.1, newer than the target 0.8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn from_older_than_the_file_warns_and_names_the_steps_run_again() {
    let out = run(
        &["upgrade", "--from", "1.0.0", "--to", "1.1.1"],
        &fixture("releases/1.1.1.py"),
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning: --from 1.0.0 is older than the detected release 1.1.1; these steps run again: 1.1.0/modoboa-apps"),
        "{err}"
    );
    assert!(err.contains("1.1.1/dovecot-lookup-path"), "{err}");
    assert!(out.status.code().is_some_and(|c| c < 2), "{err}");
}

/// 1.0.0's ALLOWED_HOSTS stays owed: a 2.x file without it is pending without --hostname
/// (nothing written), and gets it once the host name is given.
#[test]
fn allowed_hosts_stays_owed_until_the_host_name_is_given() {
    let (_dir, path) = copy("generated/2.4.0.py", |s| {
        s.replace("ALLOWED_HOSTS = [\n    'mail.example.com',\n]\n", "")
    });
    let before = fs::read(&path).unwrap();
    let out = run(&["upgrade", "--write", "--format", "json"], &path);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let f = &json(&out)["files"][0];
    assert_eq!(ids(&f["pending"]), ["1.0.0/allowed-hosts"], "{f:#}");
    assert_eq!(f["written"], false);
    assert!(
        f["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "1.0.0: ALLOWED_HOSTS is not set"),
        "{f:#}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);

    let out = run(
        &["upgrade", "--write", "--format", "json", "--hostname", HOST],
        &path,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let f = &json(&out)["files"][0];
    assert_eq!(ids(&f["applied"]), ["1.0.0/allowed-hosts"], "{f:#}");
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("ALLOWED_HOSTS = ['mail.example.com', ]"));

    // Satisfied: another host name does not add itself to an existing list.
    let after = fs::read(&path).unwrap();
    let out = run(
        &["upgrade", "--write", "--hostname", "other.example.org"],
        &path,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), after);
}

#[test]
fn detect_lists_missing_marks_and_contradictions() {
    let (_dir, path) = copy("releases/0.9.1.py", |s| {
        s.lines()
            .filter(|l| !l.starts_with("LOGIN_URL"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    let out = run(&["detect"], &path);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(": 0.9.1\n"), "{text}");
    assert!(
        text.contains("  missing: 0.9.1: LOGIN_URL is not set\n"),
        "{text}"
    );
    // The same file given MIDDLEWARE beside MIDDLEWARE_CLASSES and a 1.10.0 app.
    let (_dir, path) = copy("generated/1.3.0.py", |s| {
        s + "\nMIDDLEWARE = MIDDLEWARE_CLASSES\nMODOBOA_APPS += ('modoboa.transport',)\n"
    });
    let d = json(&run(&["detect", "--format", "json"], &path));
    let f = &d["files"][0];
    assert_eq!(f["version"], "1.10.0", "{f:#}");
    let ev: Vec<&str> = f["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        ev.iter()
            .any(|e| e.starts_with("contradiction: MIDDLEWARE_CLASSES is set")),
        "{ev:#?}"
    );
}

#[test]
fn releases_without_steps_are_named_not_automated() {
    use modoboa_settings::release::{self, RELEASES};
    let newest = RELEASES[RELEASES.len() - 1].version;
    // Every release the table does not automate, in order (the file is at 1.1.0).
    let owed: Vec<&str> = release::between(
        release::find("1.1.0").unwrap(),
        RELEASES[RELEASES.len() - 1],
    )
    .iter()
    .filter(|r| !r.automated)
    .map(|r| r.version)
    .collect();
    assert!(
        !owed.is_empty(),
        "every release is automated: nothing to check"
    );
    let out = run(
        &[
            "upgrade",
            "--to",
            newest,
            "--hostname",
            HOST,
            "--format",
            "json",
        ],
        &fixture("generated/1.1.0.py"),
    );
    assert_eq!(out.status.code(), Some(1));
    let f = &json(&out)["files"][0];
    let not: Vec<&str> = f["not_automated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(not, owed);
    let plan = bin()
        .args(["plan", "--from", "1.1.1", "--to", newest])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&plan.stdout);
    assert!(
        text.contains("2.3.0 (OAuth2 and OpenID Connect, CORS)\n  [guide]  not automated yet"),
        "{text}"
    );
    let t = bin().arg("transforms").output().unwrap();
    let text = String::from_utf8_lossy(&t.stdout);
    assert!(
        text.contains("2.9.3  no settings mark (not automated yet)\n"),
        "{text}"
    );
    assert!(text.contains("1.1.1  bug fixes\n"), "{text}");
}

#[test]
fn plan_of_a_file_past_the_tool_has_nothing_to_do() {
    let out = bin()
        .args(["plan"])
        .arg(fixture("generated/2.6.0.py"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Upgrade plan from 2.6.0 to 2.6.0\n\nNothing to do."),
        "{text}"
    );
    let out = bin()
        .args(["plan", "--to", "1.1.1"])
        .arg(fixture("generated/2.6.0.py"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
