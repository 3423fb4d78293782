//! Releases, states and stops as an administrator meets them: every published release is a
//! release the tool knows; a file is in a *state* that may span releases (`2.9.0 to 2.10.0`),
//! reported as such by `detect` and `upgrade`; an upgrade to a target inside the state changes
//! nothing; and `--to next-stop`, run again and again, reaches the target in one run per stop
//! plus one, from every generated shape.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use modoboa_settings::release::{self, RELEASES};
use serde_json::Value;

const HOST: &str = "mail.example.com";
const DOMAIN: &str = "example.com";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// The binary, with none of the caller's environment that changes what it does.
fn bin() -> Command {
    let mut c = common::binary();
    c.env("TERM", "dumb");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)))
}

/// Every version `pip index versions modoboa` listed (December 2026), oldest first; the
/// releases before 1.2.0 other than 0.7.0 were never on the index (the manual's).
const PUBLISHED: &str = "0.7.0 1.2.0 1.2.1 1.2.2 1.3.0 1.3.1 1.3.2 1.3.3 1.3.4 1.3.5 1.4.1 1.4.2 \
    1.4.3 1.4.4 1.4.5 1.5.0 1.5.1 1.5.2 1.5.3 1.6.0 1.6.1 1.6.2 1.6.3 1.7.0 1.7.1 1.7.2 1.7.3 \
    1.7.4 1.8.0 1.8.1 1.8.2 1.8.3 1.9.0 1.9.1 1.10.0 1.10.1 1.10.2 1.10.3 1.10.4 1.10.5 1.10.6 \
    1.10.7 1.11.0 1.11.1 1.12.0 1.12.1 1.12.2 1.13.0 1.13.1 1.14.0 1.15.0 1.16.0 1.16.1 1.17.0 \
    2.0.0 2.0.1 2.0.2 2.0.3 2.0.4 2.0.5 2.1.0 2.1.1 2.1.2 2.2.0 2.2.1 2.2.2 2.2.3 2.2.4 2.3.0 \
    2.3.1 2.3.2 2.3.3 2.3.4 2.3.5 2.3.6 2.4.0 2.4.1 2.4.2 2.4.3 2.4.4 2.4.5 2.4.6 2.4.7 2.4.8 \
    2.4.9 2.4.10 2.4.11 2.5.0 2.5.1 2.6.0 2.6.1 2.6.2 2.6.3 2.6.4 2.6.5 2.7.0 2.7.1 2.7.2 2.8.0 \
    2.8.1 2.8.2 2.9.0 2.9.1 2.9.2 2.9.3 2.10.0 2.10.1 2.11.0 2.11.1 2.12.0";

#[test]
fn every_published_release_is_known_in_order() {
    for v in PUBLISHED.split_whitespace() {
        assert!(release::find(v).is_some(), "{v} is not a known release");
    }
    let keys: Vec<_> = RELEASES
        .iter()
        .map(|r| release::version_key(r.version))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "RELEASES out of order"
    );
}

#[test]
fn a_release_without_settings_changes_is_accepted_everywhere() {
    let f = fixture("generated/2.0.0.py");
    let f = f.to_str().unwrap();
    // --from and --to name releases that change nothing in settings.py.
    let o = run(&[
        "upgrade",
        "--from",
        "2.0.2",
        "--to",
        "2.2.1",
        f,
        "--hostname",
        HOST,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("2.0.2 -> 2.2.1"), "{}", stderr(&o));
    let o = run(&["plan", "--from", "1.16.1", "--to", "2.0.1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("from 1.16.1 to 2.0.1"),
        "{}",
        stdout(&o)
    );
    // Such a release has no steps of its own: the checklist names it with nothing to do.
    let r = release::find("2.4.7").unwrap();
    assert!(r.steps.is_empty() && r.manual.is_empty() && r.marks.is_empty());
}

#[test]
fn detect_reports_the_state_as_a_range() {
    let f = fixture("generated/2.9.3.py");
    let f = f.to_str().unwrap();
    let o = run(&["detect", f]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with(&format!("{f}: 2.9.0 to 2.10.0\n")),
        "{}",
        stdout(&o)
    );
    let v = json(&run(&["detect", "--format", "json", f]));
    let file = &v["files"][0];
    assert_eq!(file["version"], "2.9.0");
    assert_eq!(file["range"], serde_json::json!(["2.9.0", "2.10.0"]));
    // A state of one release is a range of one.
    let v = json(&run(&[
        "detect",
        "--format",
        "json",
        fixture("generated/2.6.0.py").to_str().unwrap(),
    ]));
    assert_eq!(
        v["files"][0]["range"],
        serde_json::json!(["2.6.0", "2.6.0"])
    );
    // Not Modoboa's: no range.
    let v = json(&run(&[
        "detect",
        "--format",
        "json",
        fixture("generated/not-modoboa/django-5-project.py")
            .to_str()
            .unwrap(),
    ]));
    assert_eq!(v["files"][0]["range"], Value::Null);
}

#[test]
fn an_upgrade_to_a_target_inside_the_state_changes_nothing() {
    // A 2.9.3 file whose autoconfig host names are listed (nothing owed).
    let f = fixture("generated/variants/2.9.3-hand-edited.py");
    let f = f.to_str().unwrap();
    let args = [
        "upgrade",
        "--to",
        "2.9.3",
        f,
        "--hostname",
        HOST,
        "--mail-domain",
        DOMAIN,
    ];
    let o = run(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(err.contains("detected release 2.9.0 to 2.10.0"), "{err}");
    assert!(err.contains("2.9.0 -> 2.9.3: nothing to change"), "{err}");
    // 2.9.1's manual step is listed once, as to do only if not done yet.
    let reencrypt: Vec<_> = err
        .lines()
        .filter(|l| l.contains("reencrypt_pdf_credentials"))
        .collect();
    assert_eq!(reencrypt.len(), 1, "{err}");
    assert!(reencrypt[0].contains("[2.9.1] if not done yet: "), "{err}");
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let v = json(&run(&json_args));
    let file = &v["files"][0];
    assert_eq!(file["range"], serde_json::json!(["2.9.0", "2.10.0"]));
    assert_eq!(file["changed"], false);
    // Past the state, the steps of the state are still marked, the later ones are not.
    let o = run(&[
        "upgrade",
        "--to",
        "2.10.1",
        f,
        "--hostname",
        HOST,
        "--mail-domain",
        DOMAIN,
    ]);
    let err = stderr(&o);
    assert!(err.contains("[2.9.1] if not done yet: "), "{err}");
    assert!(!err.contains("[common] if not done yet"), "{err}");
}

/// The migration stops after `release`, up to (not including) the newest release.
fn stops_after(v: &str) -> Vec<&'static str> {
    let from = release::index_of(release::find(v).unwrap());
    RELEASES[(from + 1).min(RELEASES.len() - 1)..RELEASES.len() - 1]
        .iter()
        .filter(|r| r.migration_stop)
        .map(|r| r.version)
        .collect()
}

/// Every settings file of `fixtures/generated/` and its variants.
fn generated_shapes() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["generated", "generated/variants"] {
        for e in std::fs::read_dir(fixture(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn next_stop_again_and_again_reaches_the_target_one_run_per_stop_plus_one() {
    let latest = RELEASES[RELEASES.len() - 1].version;
    let mut failures = Vec::new();
    for shape in generated_shapes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        std::fs::copy(&shape, &path).unwrap();
        let p = path.to_str().unwrap();
        let d = json(&run(&["detect", "--format", "json", p]));
        let end = d["files"][0]["range"][1].as_str().unwrap().to_string();
        // One run per stop after the file's state, and one to the target.
        let mut expected: Vec<String> = stops_after(&end).iter().map(|s| s.to_string()).collect();
        expected.push(latest.to_string());
        let name = shape.file_name().unwrap().to_string_lossy().into_owned();
        let next_stop = || {
            json(&run(&[
                "upgrade",
                "--write",
                "--to",
                "next-stop",
                "--format",
                "json",
                p,
                "--hostname",
                HOST,
                "--mail-domain",
                DOMAIN,
            ]))["files"][0]
                .clone()
        };
        let mut reached = Vec::new();
        // (Bounded: a loop would repeat a stop and fail the comparison below.)
        for _ in 0..=expected.len() {
            let to = next_stop()["to"].as_str().unwrap_or("?").to_string();
            reached.push(to.clone());
            if to == latest {
                break;
            }
        }
        if reached != expected {
            failures.push(format!(
                "{name}: reached {reached:?}, expected {expected:?}"
            ));
        }
        // At the target, the next run has nothing left to do.
        let again = next_stop();
        if again["changed"] != false || again["to"] != latest {
            failures.push(format!("{name}: once at the target, {again}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `plan FILE` of a file whose state spans releases (2.9.0 to 2.10.0) says so in its header and
/// marks the manual steps of the releases of the state as `upgrade` does (the common procedure
/// too when the whole target is inside the state), in every format and for `plan DIR`.
#[test]
fn plan_of_a_file_marks_the_steps_of_its_state() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("instance/settings.py");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::copy(fixture("generated/2.9.0.py"), &file).unwrap();
    let f = file.to_str().unwrap();
    let o = run(&["plan", "--color", "never", "--to", "2.10.1", f]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        out.starts_with(
            "Upgrade plan from 2.9.0 (the file's state spans 2.9.0 to 2.10.0) to 2.10.1\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  [manual] if not done yet: after the upgrade: python manage.py reencrypt"),
        "{out}"
    );
    assert!(
        out.contains("  [manual] create WEBMAIL_ATTACHMENTS_ROOT"),
        "{out}"
    );
    let settings = format!("  [manual] modoboa-settings upgrade --write --to 2.10.1 {f}\n");
    assert!(out.contains(&settings), "{out}");
    assert_eq!(out.matches("if not done yet").count(), 3, "{out}");
    // `plan DIR` plans the same file the same way.
    let o = run(&[
        "plan",
        "--color",
        "never",
        "--to",
        "2.10.1",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(stdout(&o), out);
    // Markdown: the same header, the same marks in the boxes.
    let o = run(&["plan", "--format", "markdown", "--to", "2.10.1", f]);
    let md = stdout(&o);
    assert!(
        md.starts_with(
            "# Modoboa upgrade from 2.9.0 (the file's state spans 2.9.0 to 2.10.0) to 2.10.1\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("- [ ] if not done yet: after the upgrade: python manage.py"),
        "{md}"
    );
    assert_eq!(md.matches("if not done yet").count(), 3, "{md}");
    // JSON: the state's range, and whether each release is to do if not done yet.
    let v = json(&run(&["plan", "--format", "json", "--to", "2.10.1", f]));
    assert_eq!(v["range"], serde_json::json!(["2.9.0", "2.10.0"]));
    let marked: Vec<(&str, bool)> = v["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let version = r["version"].as_str().unwrap();
            (version, r["if_not_done"].as_bool().unwrap())
        })
        .collect();
    assert_eq!(
        marked,
        [
            ("2.9.1", true),
            ("2.9.2", true),
            ("2.9.3", true),
            ("2.10.0", true),
            ("2.10.1", false)
        ]
    );
    // A target inside the state: everything, the common procedure too, if not done yet.
    let o = run(&["plan", "--color", "never", "--to", "2.9.3", f]);
    let out = stdout(&o);
    let settings =
        format!("  [manual] if not done yet: modoboa-settings upgrade --write --to 2.9.3 {f}\n");
    assert!(out.contains(&settings), "{out}");
    assert!(
        out.lines()
            .filter(|l| l.contains("[manual]"))
            .all(|l| l.contains("[manual] if not done yet: ")),
        "{out}"
    );
}

/// A file whose state is one release, and any plan given `--from`, print as they did before
/// plans knew the file's state: no range, no mark.
#[test]
fn plan_of_a_file_in_one_release_or_from_a_release_marks_nothing() {
    let single = fixture("generated/2.6.0.py");
    let ranged = fixture("generated/2.9.0.py");
    let (single, ranged) = (single.to_str().unwrap(), ranged.to_str().unwrap());
    let o = run(&["plan", "--color", "never", "--to", "2.10.1", single]);
    let out = stdout(&o);
    assert!(
        out.starts_with("Upgrade plan from 2.6.0 to 2.10.1\n"),
        "{out}"
    );
    for format in ["text", "json", "markdown"] {
        for args in [
            vec!["--to", "2.10.1", single],
            vec!["--from", "2.9.0", "--to", "2.10.1", ranged],
            vec!["--from", "2.9.0", "--to", "2.10.1"],
        ] {
            let mut all = vec!["plan", "--color", "never", "--format", format];
            all.extend(&args);
            let out = stdout(&run(&all));
            assert!(!out.is_empty(), "{all:?}");
            for word in ["if not done", "if_not_done", "spans", "\"range\""] {
                assert!(!out.contains(word), "{all:?}: {out}");
            }
        }
    }
}
