//! Migration stops and conditional manual steps, as a user meets them: `plan` prints each stop
//! with its commands in order, `upgrade` across a stop says so (text and JSON), `--to next-stop`
//! brings a file exactly to the first stop after its release, and a manual step meant for an
//! extension is listed only for the files that enable it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use modoboa_settings::engine;
use modoboa_settings::release::{self, RELEASES};
use serde_json::Value;

const HOST: &str = "mail.example.com";
const DOMAIN: &str = "example.com";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn bin() -> Command {
    common::binary()
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
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// The stops of the table, oldest first.
fn stops() -> Vec<&'static str> {
    RELEASES
        .iter()
        .filter(|r| r.migration_stop)
        .map(|r| r.version)
        .collect()
}

#[test]
fn plan_prints_every_stop_with_its_commands_in_order() {
    let first = RELEASES[0].version;
    let last = release::newest().version;
    let out = run(&["plan", "--color", "never", "--from", first, "--to", last]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let crossed: Vec<&str> = stops().into_iter().filter(|v| *v != last).collect();
    assert!(!crossed.is_empty());
    let mut at = 0;
    for v in &crossed {
        let r = release::find(v).unwrap();
        let migrate = engine::migrate_command(r);
        // The guide's order (issue 23): install, then the settings, then the migrations.
        let expected = [
            format!("STOP at {v}:"),
            format!("pip install modoboa=={v}"),
            format!("modoboa-settings upgrade --write --to {v} settings.py"),
            format!("python manage.py {migrate}"),
        ];
        for e in expected {
            let pos = text[at..].find(&e).unwrap_or_else(|| {
                panic!("`{e}` missing or out of order after byte {at}:\n{text}")
            });
            at += pos + e.len();
        }
    }
    // The migrations of South's releases and Django's.
    assert!(text.contains("python manage.py syncdb --migrate"));
}

#[test]
fn plan_json_marks_the_stops_and_gives_their_commands() {
    let first = RELEASES[0].version;
    let last = release::newest().version;
    let v = json(&run(&[
        "plan", "--format", "json", "--from", first, "--to", last,
    ]));
    let rels = v["releases"].as_array().unwrap();
    for r in rels {
        let version = r["version"].as_str().unwrap();
        let is_stop = stops().contains(&version) && version != last;
        assert_eq!(r["stop"].as_bool(), Some(is_stop), "{version}");
        let commands = r["stop_commands"].as_array().unwrap();
        if is_stop {
            assert_eq!(
                commands[1].as_str().unwrap(),
                format!("modoboa-settings upgrade --write --to {version} settings.py")
            );
            assert_eq!(commands.len(), 3);
        } else {
            assert!(commands.is_empty(), "{version}");
        }
    }
}

#[test]
fn upgrade_across_a_stop_says_so_and_next_stop_brings_the_file_exactly_there() {
    let file = fixture("releases/0.7.py");
    let first_stop = release::next_stop(RELEASES[0]).unwrap().version;
    // One jump past the stop: reported in the text and in the JSON.
    let out = bin()
        .args(["upgrade", "--color", "never", "--hostname", HOST])
        .args(["--mail-domain", DOMAIN, "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let v = json(&out);
    let stops_json: Vec<&str> = v["files"][0]["stops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(stops_json.first(), Some(&first_stop), "{v:#}");
    let out = bin()
        .args(["upgrade", "--color", "never", "--hostname", HOST, "--check"])
        .arg(&file)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("goes past the migration stop") && err.contains(first_stop),
        "{err}"
    );
    // --to next-stop: the same file as --to <the stop>, and no stop crossed.
    let piped = |to: &str| {
        let o = bin()
            .args(["upgrade", "--color", "never", "--hostname", HOST, "--write"])
            .args(["--to", to, "--stdin-filename", "settings.py", "-"])
            .stdin(std::fs::File::open(&file).unwrap())
            .output()
            .unwrap();
        (stdout(&o), stderr(&o))
    };
    let (next, next_err) = piped("next-stop");
    let (named, _) = piped(first_stop);
    assert_eq!(next, named);
    assert!(
        !next_err.contains("goes past the migration stop"),
        "{next_err}"
    );
    // Run again, `--to next-stop` moves on: never the same stop twice (a stop without a mark
    // of its own is detected as the release before it).
    let again = bin()
        .args([
            "upgrade",
            "--color",
            "never",
            "--hostname",
            HOST,
            "--format",
            "json",
        ])
        .args(["--to", "next-stop", "-"])
        .stdin_from_str(&next)
        .output()
        .unwrap();
    let v = json(&again);
    let to = v["files"][0]["to"].as_str().unwrap();
    assert!(
        release::version_key(to) > release::version_key(first_stop),
        "{v:#}"
    );
}

#[test]
fn plan_to_next_stop_ends_at_the_first_stop() {
    let first_stop = release::next_stop(RELEASES[0]).unwrap().version;
    let v = json(&run(&[
        "plan",
        "--format",
        "json",
        "--from",
        RELEASES[0].version,
        "--to",
        "next-stop",
    ]));
    assert_eq!(v["to"].as_str(), Some(first_stop));
    // From the last stop on, next-stop is the newest automated release.
    let last_stop = *stops().last().unwrap();
    let v = json(&run(&[
        "plan",
        "--format",
        "json",
        "--from",
        last_stop,
        "--to",
        "next-stop",
    ]));
    let newest = release::newest().version;
    let after = release::next_stop(release::find(last_stop).unwrap())
        .map(|r| r.version)
        .unwrap_or(newest);
    assert_eq!(v["to"].as_str(), Some(after));
}

/// Piping a string into a command.
trait StdinFromStr {
    fn stdin_from_str(&mut self, s: &str) -> &mut Self;
}

impl StdinFromStr for Command {
    fn stdin_from_str(&mut self, s: &str) -> &mut Self {
        let dir = std::env::temp_dir().join(format!("stops-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(format!("{}.py", s.len()));
        std::fs::write(&p, s).unwrap();
        self.stdin(std::fs::File::open(p).unwrap())
    }
}

#[test]
fn conditional_manual_steps_follow_the_file() {
    // Every conditional manual step of the table: without a file, `plan` prints it with its
    // condition; with a file that does not meet it, it is left out.
    let conditional: Vec<(&str, &str, String)> = RELEASES
        .iter()
        .flat_map(|r| {
            r.manual
                .iter()
                .filter_map(move |m| m.when.as_ref().map(|c| (r.version, m.text, c.describe())))
        })
        .collect();
    assert!(
        !conditional.is_empty(),
        "releases declare conditional steps"
    );
    let first = RELEASES[0].version;
    let last = release::newest().version;
    let text = stdout(&run(&[
        "plan", "--color", "never", "--from", first, "--to", last,
    ]));
    for (v, t, cond) in &conditional {
        assert!(
            text.contains(&format!("{t} (only {cond})")),
            "{v}: `{t}` without its condition:\n{text}"
        );
    }
    // A plain 0.7 site enables no extension package of the later releases: a plan for it
    // leaves out every step meant for one it does not enable.
    let out = bin()
        .args(["plan", "--color", "never", "--to", last])
        .arg(fixture("releases/0.7.py"))
        .output()
        .unwrap();
    let with_file = stdout(&out);
    for (_, _, cond) in &conditional {
        assert!(
            !with_file.contains(&format!("(only {cond})")),
            "{with_file}"
        );
    }
}
