//! The target follows the installed or pinned Modoboa: without `--to`, `MODOBOA_SETTINGS_TO`,
//! then `to` in `[tool.modoboa-settings]`, then the `modoboa==X` pinned beside or above the
//! file, else the newest release; `-v` and the JSON say which. A write without a target given
//! never goes past a migration stop: it stops there, exits 1 and says what to run.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const HOST: &str = "mail.example.com";

/// The binary, with none of the caller's environment that changes what it does.
fn bin() -> Command {
    let mut c = common::binary();
    c.env("TERM", "dumb");
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The JSON object of the one file of a run.
fn file_json(o: &Output) -> Value {
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", String::from_utf8_lossy(&o.stdout), stderr(o)));
    v["files"][0].clone()
}

/// A configuration repository (its root holds `.git`, which ends the search for a pin) with
/// a 1.1.0 settings file in `instance/`.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    settings: PathBuf,
}

fn repo() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("config");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("instance")).unwrap();
    let settings = root.join("instance").join("settings.py");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generated/1.1.0.py");
    std::fs::copy(fixture, &settings).unwrap();
    Repo {
        _dir: dir,
        root,
        settings,
    }
}

fn upgrade(r: &Repo, extra: &[&str]) -> Output {
    bin()
        .args(["upgrade", "--write", "--format", "json", "--hostname", HOST])
        .args(extra)
        .arg(&r.settings)
        .output()
        .unwrap()
}

#[test]
fn a_write_without_a_target_stops_at_the_first_stop_and_says_what_to_run() {
    let r = repo();
    let o = upgrade(&r, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let f = file_json(&o);
    assert_eq!(f["target_source"], "latest");
    assert_eq!(f["stopped_at"], "1.2.2");
    assert_eq!(f["to"], "1.2.2");
    assert_eq!(f["written"], true);
    // Text: where it stopped and the commands to run there.
    let o = bin()
        .args(["upgrade", "--write", "--hostname", HOST])
        .arg(&r.settings)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("stopped at 1.2.2, a migration stop"), "{err}");
    assert!(err.contains("`pip install modoboa==1.2.2`"), "{err}");
    // Run again and again: the file stays at the stop until a target is given.
    let f = file_json(&upgrade(&r, &[]));
    assert_eq!(
        (&f["to"], &f["changed"], &f["stopped_at"]),
        (
            &Value::from("1.2.2"),
            &Value::from(false),
            &Value::from("1.2.2")
        )
    );
    // Without --write, the diff still shows the way to the newest release.
    let o = bin()
        .args(["upgrade", "--format", "json", "--hostname", HOST])
        .arg(&r.settings)
        .output()
        .unwrap();
    let f = file_json(&o);
    assert_eq!(f["stopped_at"], Value::Null);
    assert_ne!(f["to"], "1.2.2");
}

#[test]
fn the_pinned_modoboa_is_the_target_and_bumping_the_pin_moves_the_file() {
    let r = repo();
    let requirements = r.root.join("requirements.txt");
    std::fs::write(&requirements, "django<2\nmodoboa==1.2.2  # the server\n").unwrap();
    let o = upgrade(&r, &[]);
    let f = file_json(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(f["to"], "1.2.2");
    assert_eq!(
        f["target_source"],
        format!("pin:{}", requirements.display())
    );
    assert_eq!(f["stopped_at"], Value::Null);
    // Up to date with the pin: nothing to do.
    let o = upgrade(&r, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(file_json(&o)["changed"], false);
    // The pin moves on, past a stop: a given target may cross it (the stop is said).
    std::fs::write(&requirements, "modoboa==1.4.0\n").unwrap();
    let f = file_json(&upgrade(&r, &[]));
    assert_eq!(f["to"], "1.4.0");
    assert_eq!(f["stops"], serde_json::json!(["1.3.5"]));
    assert_eq!(f["stopped_at"], Value::Null);
    // -v says where the target came from.
    std::fs::write(&requirements, "modoboa==1.5.0\n").unwrap();
    let o = bin()
        .args(["upgrade", "-v", "--hostname", HOST])
        .arg(&r.settings)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "target 1.5.0 (from pin:{})",
            requirements.display()
        )),
        "{err}"
    );
}

#[test]
fn flag_beats_environment_beats_pyproject_beats_pin() {
    let r = repo();
    std::fs::write(r.root.join("constraints.txt"), "modoboa==1.3.0\n").unwrap();
    let check = |envs: &[(&str, &str)], args: &[&str]| {
        let mut c = bin();
        c.args(["upgrade", "--format", "json", "--hostname", HOST]);
        c.args(args).arg(&r.settings);
        for (k, v) in envs {
            c.env(k, v);
        }
        file_json(&c.output().unwrap())
    };
    let f = check(&[], &[]);
    assert_eq!(
        (
            &f["to"],
            f["target_source"].as_str().map(|s| s.starts_with("pin:"))
        ),
        (&Value::from("1.3.0"), Some(true))
    );
    std::fs::write(
        r.root.join("pyproject.toml"),
        "[tool.modoboa-settings]\nto = \"1.3.2\"\n",
    )
    .unwrap();
    let f = check(&[], &[]);
    assert_eq!(
        (&f["to"], &f["target_source"]),
        (&Value::from("1.3.2"), &Value::from("config"))
    );
    let f = check(&[("MODOBOA_SETTINGS_TO", "1.3.5")], &[]);
    assert_eq!(
        (&f["to"], &f["target_source"]),
        (&Value::from("1.3.5"), &Value::from("env"))
    );
    let f = check(&[("MODOBOA_SETTINGS_TO", "1.3.5")], &["--to", "1.4.0"]);
    assert_eq!(
        (&f["to"], &f["target_source"]),
        (&Value::from("1.4.0"), &Value::from("flag"))
    );
}

#[test]
fn a_pin_the_tool_does_not_know_is_an_error_naming_it() {
    let r = repo();
    let requirements = r.root.join("requirements.txt");
    std::fs::write(&requirements, "modoboa==9.9.9\n").unwrap();
    let before = std::fs::read(&r.settings).unwrap();
    let o = bin()
        .args(["upgrade", "--write", "--hostname", HOST])
        .arg(&r.settings)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o).replace('\n', " ");
    assert!(err.contains("9.9.9"), "{err}");
    assert!(err.contains("requirements.txt"), "{err}");
    assert_eq!(std::fs::read(&r.settings).unwrap(), before);
}
