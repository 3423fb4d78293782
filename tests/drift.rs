//! `drift`: how a file differs from a fresh install of its release, from the template facts of
//! every deploy template (`src/release/template_facts.json`). Every generated shape shows none
//! against its own release; a hand-edited 2.9.3 file shows each kind once; `upgrade
//! --with-drift` settles the additions it knows, and only those.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn bin() -> Command {
    common::binary()
}

/// `drift --format json <args> <path>`: the exit code and the file's object.
fn drift(path: &Path, args: &[&str]) -> (i32, Value) {
    let out = bin()
        .args(["drift", "--format", "json"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v["files"][0].clone())
}

fn names(file: &Value, list: &str) -> Vec<(String, String)> {
    file[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn generated_shapes_show_no_drift_against_their_own_release() {
    let mut checked = 0;
    for entry in fs::read_dir(fixture("generated")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "py") {
            continue;
        }
        let (code, file) = drift(&path, &[]);
        assert_eq!(code, 0, "{}: {file:#}", path.display());
        // Before 0.9.3 there was no deploy command, so no template to compare with.
        if file["template"].is_null() {
            continue;
        }
        checked += 1;
        assert!(
            names(&file, "missing").is_empty() && names(&file, "dropped").is_empty(),
            "{}: {file:#}",
            path.display()
        );
    }
    assert!(checked >= 35, "{checked} files compared");
}

/// A 2.9.3 file edited by hand: one drift of each kind, each with its release; the additions
/// name the step that makes them.
#[test]
fn a_hand_edited_file_shows_each_kind_of_drift() {
    let src = fs::read_to_string(fixture("generated/2.9.3.py")).unwrap();
    let edited = src
        .replace("CSRF_COOKIE_SECURE = True\n", "")
        .replace("    'django_filters',\n", "    'ckeditor',\n")
        .replace(
            "    'privileged': {'HOST': REDIS_HOST, 'PORT': REDIS_PORT, 'DB': REDIS_QUOTA_DB, 'URL': REDIS_URL},\n",
            "",
        )
        .replace(
            "            'formatter': 'syslog',\n            'address': '/dev/log'\n",
            "            'formatter': 'syslog'\n",
        )
        + "\nSTATICFILES_DIRS = ('/srv/theme/static',)\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    fs::write(&path, &edited).unwrap();

    let (code, file) = drift(&path, &["--to", "2.9.3"]);
    assert_eq!(code, 0, "drift is advice: {file:#}");
    let missing = names(&file, "missing");
    let want = [
        ("app", "django_filters"),
        ("setting", "CSRF_COOKIE_SECURE"),
        ("RQ queue", "privileged"),
        ("handler address", "syslog-auth"),
    ];
    for (kind, name) in want {
        let n = missing
            .iter()
            .filter(|(k, n2)| k == kind && n2 == name)
            .count();
        assert_eq!(n, 1, "{kind} {name}: {file:#}");
    }
    assert_eq!(missing.len(), want.len(), "{file:#}");
    let by_name = |list: &str, name: &str| -> Value {
        file[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_name("missing", "django_filters")["release"], "2.6.3");
    assert_eq!(
        by_name("missing", "django_filters")["fix"],
        "drift/django-filters"
    );
    assert_eq!(
        by_name("missing", "CSRF_COOKIE_SECURE")["release"],
        "1.13.0"
    );
    assert!(by_name("missing", "CSRF_COOKIE_SECURE")["why"]
        .as_str()
        .unwrap()
        .contains("HTTPS"));
    assert_eq!(by_name("missing", "privileged")["release"], "2.7.0");
    assert!(by_name("missing", "syslog-auth")["why"]
        .as_str()
        .unwrap()
        .contains("localhost:514"));
    let dropped = names(&file, "dropped");
    assert_eq!(
        dropped,
        [
            ("app".to_string(), "ckeditor".to_string()),
            ("setting".to_string(), "STATICFILES_DIRS".to_string()),
        ],
        "{file:#}"
    );
    assert_eq!(by_name("dropped", "STATICFILES_DIRS")["release"], "2.4.0");

    // --strict makes drift a failure.
    assert_eq!(drift(&path, &["--to", "2.9.3", "--strict"]).0, 1);

    // upgrade --with-drift adds what it knows; the user's own settings stay.
    let upgrade = |mode: &str| {
        let out = bin()
            .args(["upgrade", mode, "--with-drift", "--to", "2.9.3"])
            .args([
                "--hostname",
                "mail.example.com",
                "--mail-domain",
                "example.com",
            ])
            .arg(&path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), err)
    };
    let (code, err) = upgrade("--write");
    assert_eq!(code, Some(1), "{err}");
    let (_, after) = drift(&path, &["--to", "2.9.3"]);
    assert!(names(&after, "missing").is_empty(), "{after:#}");
    assert_eq!(names(&after, "dropped"), dropped);
    // And a second run has nothing left to add.
    let (code, err) = upgrade("--check");
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_file_that_is_not_modoboa_s_is_left_alone() {
    let (code, file) = drift(&fixture("generated/not-modoboa/django-5-project.py"), &[]);
    assert_eq!(code, 0);
    assert!(file["release"].is_null(), "{file:#}");
}
