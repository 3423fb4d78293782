//! Detection as a user meets it on the command line: files of every Modoboa release are placed
//! where they are and never taken back, files that are not Modoboa's are left alone, missing
//! marks are reported, owed steps come back once their value is given.

mod common;

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
    let mut c = common::binary();
    // These tests were written for writes that go to the newest release in one run: they give
    // that target (a write without one stops at the first migration stop: tests/target.rs).
    c.env("MODOBOA_SETTINGS_TO", "latest");
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

/// Whatever --to says, a 2.x file is never taken back: an older target is an error naming both
/// releases (nothing written), the file's own release changes nothing, and a newer one only
/// moves the file forward (detected at least where it was, no `modoboa.extensions.*` app).
#[test]
fn a_2x_shape_is_never_taken_back_whatever_to_says() {
    use modoboa_settings::release::{find, index_of, RELEASES};
    let releases: Vec<&str> = RELEASES.iter().map(|r| r.version).collect();
    let at = index_of(find("2.4.0").unwrap());
    for rel in [
        "generated/2.4.0.py",
        "generated/variants/2.4.0-plugin-disabled.py",
    ] {
        for to in releases.iter().chain(&["latest"]) {
            let (_dir, path) = copy(rel, |s| s);
            let before = fs::read(&path).unwrap();
            let out = run(
                &["upgrade", "--write", "--to", to, "--hostname", HOST],
                &path,
            );
            let err = stderr(&out);
            let target = index_of(find(to).unwrap());
            if *to != "latest" && target < at {
                assert_eq!(out.status.code(), Some(2), "{rel} --to {to}: {err}");
                assert!(
                    err.contains(&format!(
                        "is at 2.4.0, newer than the target {}",
                        find(to).unwrap().version
                    )),
                    "{err}"
                );
                assert_eq!(fs::read(&path).unwrap(), before, "{rel} --to {to}");
            } else if target == at {
                assert_eq!(out.status.code(), Some(0), "{rel} --to {to}: {err}");
                assert_eq!(fs::read(&path).unwrap(), before, "{rel} --to {to}");
            } else {
                assert!(
                    matches!(out.status.code(), Some(0 | 1)),
                    "{rel} --to {to}: {err}"
                );
                let after = fs::read_to_string(&path).unwrap();
                assert!(!after.contains("modoboa.extensions."), "{rel} --to {to}");
                let d = run(&["detect"], &path);
                let placed = String::from_utf8_lossy(&d.stdout).to_string();
                let v = placed
                    .split(": ")
                    .nth(1)
                    .unwrap()
                    .lines()
                    .next()
                    .unwrap()
                    .trim();
                // The state's first release (`2.4.2 to 2.5.1` names 2.4.2).
                let v = v.split(" to ").next().unwrap();
                assert!(
                    index_of(find(v).unwrap()) >= at,
                    "{rel} --to {to}: {placed}"
                );
            }
        }
    }
}

/// A 2.9.3 file is left alone at its own release: nothing to change, exit 0, not written (its
/// ALLOWED_HOSTS lists the autoconfig host names 2.6.0 asks for).
#[test]
fn a_2_9_3_file_at_2_9_3_changes_nothing() {
    let (_dir, path) = copy("generated/2.9.3.py", |s| {
        s.replace(
            "    'mail.example.com',\n]",
            "    'mail.example.com',\n    'autoconfig.example.com',\n    'autodiscover.example.com',\n]",
        )
    });
    let before = fs::read(&path).unwrap();
    let out = run(
        &["upgrade", "--write", "--to", "2.9.3", "--hostname", HOST],
        &path,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("detected release 2.9.0"), "{err}");
    assert!(err.contains("2.9.0 -> 2.9.3: nothing to change"), "{err}");
    assert!(!err.contains("the tool automates releases up to"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
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

/// 1.0.0's ALLOWED_HOSTS stays owed: a 2.x file without it, upgraded to its own release, is
/// pending without --hostname (nothing written), and gets it once the host name is given.
#[test]
fn allowed_hosts_stays_owed_until_the_host_name_is_given() {
    let (_dir, path) = copy("generated/2.4.0.py", |s| {
        s.replace("ALLOWED_HOSTS = [\n    'mail.example.com',\n]\n", "")
    });
    let before = fs::read(&path).unwrap();
    let out = run(
        &["upgrade", "--write", "--format", "json", "--to", "2.4.0"],
        &path,
    );
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
        &[
            "upgrade",
            "--write",
            "--format",
            "json",
            "--hostname",
            HOST,
            "--to",
            "2.4.0",
        ],
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
        &[
            "upgrade",
            "--write",
            "--hostname",
            "other.example.org",
            "--to",
            "2.4.0",
        ],
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
    // (0.9.2 and 0.9.3 change nothing in settings.py: the state spans them.)
    assert!(text.contains(": 0.9.1 to 0.9.3\n"), "{text}");
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

/// Every release of the table is automated: `transforms` and `plan` name none "not automated".
#[test]
fn every_release_is_automated_and_listed() {
    use modoboa_settings::release::RELEASES;
    let t = bin().arg("transforms").output().unwrap();
    let text = String::from_utf8_lossy(&t.stdout);
    for r in RELEASES {
        assert!(
            text.contains(&format!("{}  {}", r.version, r.title)),
            "{text}"
        );
    }
    assert!(!text.contains("not automated"), "{text}");
    let plan = bin()
        .args(["plan", "--from", "1.1.1", "--to", "latest"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&plan.stdout);
    assert!(
        text.starts_with("Upgrade plan from 1.1.1 to 2.12.0\n"),
        "{text}"
    );
    assert!(!text.contains("not automated"), "{text}");
}

#[test]
fn plan_of_a_2_9_3_file_lists_the_releases_it_cannot_be_told_from() {
    let out = bin()
        .args(["plan"])
        .arg(fixture("generated/2.9.3.py"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(
            "Upgrade plan from 2.9.0 (the file's state spans 2.9.0 to 2.10.0) to 2.12.0\n"
        ),
        "{text}"
    );
    // The releases 2.9.0's marks cannot tell apart are listed; their steps have nothing to do
    // on the file (`upgrade` leaves it alone: `a_2_9_3_file_at_2_9_3_changes_nothing`).
    assert!(text.contains("2.9.3/serve-authentication"), "{text}");
    let out = bin()
        .args(["plan", "--to", "1.1.1"])
        .arg(fixture("generated/2.9.3.py"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
