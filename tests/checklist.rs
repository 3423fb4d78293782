//! The administrator's checklist and the small things of issue 23: the order of the manual
//! steps within a release (install, settings, migrations, static files, restarts), the values
//! filled in, `plan --format markdown`, the summary line of a run over several files, `-q`
//! that still names what needs attention, empty settings files left alone, directories for
//! `detect` and `plan`, the `detected` and `needs` keys, `--color` on every subcommand.
//!
//! Every test runs the real binary with the environment it needs set or removed; files are
//! copied into temporary directories before anything may write.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const HOST: &str = "mail.example.com";
const DOMAIN: &str = "example.com";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// The binary, with an environment that decides nothing.
fn bin() -> Command {
    Command::from(common::binary())
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = bin().args(args).output().expect("run the binary");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// A copy of a fixture as `<dir>/<name>`.
fn copy(dir: &Path, fixture_name: &str, name: &str) -> PathBuf {
    let to = dir.join(name);
    fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    fs::copy(fixture(fixture_name), &to).expect("copy fixture");
    to
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The position of the first item of `items` starting with `prefix`.
fn pos(items: &[String], prefix: &str) -> usize {
    items
        .iter()
        .position(|i| i.starts_with(prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` in {items:#?}"))
}

// ---------------------------------------------------------------------------------------------
// The order of the checklist
// ---------------------------------------------------------------------------------------------

#[test]
fn every_stop_installs_then_upgrades_settings_then_migrates_then_collects_static() {
    let first = modoboa_settings::release::RELEASES[0].version;
    let v = json(&run(&[
        "plan", "--format", "json", "--from", first, "--to", "latest",
    ]));
    let mut stops = 0;
    for r in v["releases"].as_array().expect("releases") {
        let version = r["version"].as_str().expect("version");
        let items: Vec<String> = r["checklist"]
            .as_array()
            .expect("checklist")
            .iter()
            .map(|i| i.as_str().expect("text").to_string())
            .collect();
        let last_install = items
            .iter()
            .rposition(|i| i.contains("pip install") || i.starts_with("pip uninstall"));
        let collect = items
            .iter()
            .position(|i| i.starts_with("python manage.py collectstatic"));
        if r["stop"] == true {
            stops += 1;
            let install = pos(&items, &format!("pip install modoboa=={version}"));
            let settings = pos(&items, "modoboa-settings upgrade --write --to");
            let migrate = items
                .iter()
                .rposition(|i| {
                    i.starts_with("python manage.py migrate")
                        || i.starts_with("python manage.py syncdb")
                })
                .expect("a migration");
            assert!(
                install < settings && settings < migrate,
                "{version}: {items:#?}"
            );
            // pip install modoboa==X first of the installs, every install before the settings.
            assert!(
                items[..install].iter().all(|i| !i.contains("pip install")),
                "{version}: {items:#?}"
            );
            assert!(last_install < Some(settings), "{version}: {items:#?}");
            if let Some(c) = collect {
                assert!(migrate < c, "{version}: {items:#?}");
            }
        }
        // In every release, the extension installs come before collectstatic.
        if let (Some(i), Some(c)) = (last_install, collect) {
            assert!(i < c, "{version}: {items:#?}");
        }
    }
    assert!(stops >= 5, "{v:#}");
}

#[test]
fn the_common_procedure_names_the_target_and_the_settings_command() {
    let v = json(&run(&[
        "plan", "--format", "json", "--from", "2.2.3", "--to", "2.7.0",
    ]));
    let common: Vec<String> = v["common"]
        .as_array()
        .expect("common")
        .iter()
        .map(|c| c.as_str().expect("text").to_string())
        .collect();
    assert!(
        common.iter().all(|c| !c.contains("<target release>")),
        "{common:#?}"
    );
    let install = pos(&common, "pip install --upgrade modoboa==2.7.0");
    let settings = pos(
        &common,
        "modoboa-settings upgrade --write --to 2.7.0 settings.py",
    );
    let migrate = pos(&common, "python manage.py migrate");
    let collect = pos(&common, "python manage.py collectstatic");
    let restart = pos(&common, "restart");
    assert!(install < settings && settings < migrate && migrate < collect && collect < restart);
    // The same steps close the target's checklist, its install first of the installs.
    let last = v["releases"]
        .as_array()
        .and_then(|r| r.last())
        .expect("a release");
    assert_eq!(last["version"], "2.7.0");
    let items: Vec<String> = last["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .map(|i| i.as_str().expect("text").to_string())
        .collect();
    assert_eq!(
        pos(&items, "pip install --upgrade modoboa==2.7.0"),
        0,
        "{items:#?}"
    );
    for c in &common {
        assert!(items.contains(c), "{c} missing from {items:#?}");
    }
    let text = run(&[
        "plan", "--color", "never", "--from", "2.2.3", "--to", "2.7.0",
    ]);
    assert!(!text.stdout.contains("Common procedure"), "{}", text.stdout);
}

#[test]
fn plan_of_a_file_names_the_file_in_its_commands() {
    let dir = TempDir::new().expect("temp dir");
    let file = copy(dir.path(), "generated/2.2.3.py", "instance/settings.py");
    let r = run(&["plan", "--color", "never", s(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = format!("modoboa-settings upgrade --write --to 2.3.0 {}", s(&file));
    assert!(r.stdout.contains(&want), "{}", r.stdout);
    assert!(!r.stdout.contains("--to 2.3.0 settings.py"), "{}", r.stdout);
}

#[test]
fn upgrade_fills_in_the_file_and_the_values_of_the_run() {
    let dir = TempDir::new().expect("temp dir");
    let file = copy(dir.path(), "generated/2.2.3.py", "settings.py");
    let r = run(&[
        "upgrade",
        "--format",
        "json",
        "--to",
        "2.5.0",
        "--hostname",
        HOST,
        "--mail-domain",
        DOMAIN,
        s(&file),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    let manual: Vec<String> = v["files"][0]["manual"]
        .as_array()
        .expect("manual")
        .iter()
        .map(|m| m["text"].as_str().expect("text").to_string())
        .collect();
    let want = format!(
        "modoboa-settings upgrade --write --to 2.3.0 --hostname {HOST} --mail-domain {DOMAIN} {}",
        s(&file)
    );
    let settings = manual
        .iter()
        .position(|m| *m == want)
        .unwrap_or_else(|| panic!("no `{want}` in {manual:#?}"));
    assert!(pos(&manual, "pip install modoboa==2.3.0") < settings);
    assert!(settings < pos(&manual, "python manage.py migrate"));
    assert!(manual.iter().all(|m| !m.contains("<target release>")));
}

/// A file whose state spans releases (2.9.0 to 2.10.0): the steps of the state are marked
/// "if not done yet" (a field, `if_not_done` in the JSON, the text as the release gives it),
/// and the settings command of the common procedure still names the file and the values.
#[test]
fn steps_to_do_if_not_done_yet_still_name_the_file_and_the_values() {
    let dir = TempDir::new().expect("temp dir");
    let file = copy(dir.path(), "generated/2.9.0.py", "instance/settings.py");
    let args = [
        "upgrade",
        "--color",
        "never",
        "--to",
        "2.9.3",
        "--hostname",
        HOST,
        s(&file),
    ];
    let r = run(&args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let want = format!(
        "[common] if not done yet: modoboa-settings upgrade --write --to 2.9.3 --hostname {HOST} {}\n",
        s(&file)
    );
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    assert!(!r.stderr.contains("--to 2.9.3 settings.py"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("[2.9.1] if not done yet: after the upgrade: python manage.py"),
        "{}",
        r.stderr
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let v = json(&run(&json_args));
    let manual = v["files"][0]["manual"].as_array().expect("manual");
    let settings = format!(
        "modoboa-settings upgrade --write --to 2.9.3 --hostname {HOST} {}",
        s(&file)
    );
    assert!(
        manual
            .iter()
            .any(|m| m["text"] == settings.as_str() && m["if_not_done"] == true),
        "{manual:#?}"
    );
    assert!(
        manual.iter().all(|m| m["if_not_done"] == true),
        "{manual:#?}"
    );
    assert!(
        manual
            .iter()
            .all(|m| !m["text"].as_str().unwrap().starts_with("if not done yet")),
        "{manual:#?}"
    );
    // Past the state, the later releases' steps are not marked, and say so in the JSON.
    let v = json(&run(&[
        "upgrade",
        "--format",
        "json",
        "--to",
        "2.10.1",
        "--hostname",
        HOST,
        s(&file),
    ]));
    let manual = v["files"][0]["manual"].as_array().expect("manual");
    let marked = |rel: &str| {
        manual
            .iter()
            .filter(|m| m["release"] == rel)
            .map(|m| m["if_not_done"].as_bool().expect("a boolean"))
            .collect::<Vec<_>>()
    };
    assert!(marked("2.9.1").iter().all(|b| *b), "{manual:#?}");
    assert!(!marked("common").is_empty(), "{manual:#?}");
    assert!(marked("common").iter().all(|b| !b), "{manual:#?}");
}

#[test]
fn a_write_names_the_plan_of_the_whole_upgrade() {
    let dir = TempDir::new().expect("temp dir");
    let file = copy(dir.path(), "generated/2.2.3.py", "settings.py");
    let r = run(&[
        "upgrade",
        "--write",
        "--color",
        "never",
        "--to",
        "2.3.0",
        s(&file),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let want = format!("modoboa-settings plan --from 2.2.3 --to 2.3.0 {}", s(&file));
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    // And that command gives the whole checklist back, while `plan FILE` starts at 2.3.0.
    let full = run(&["plan", "--from", "2.2.3", "--to", "2.3.0", s(&file)]);
    assert!(
        full.stdout
            .starts_with("Upgrade plan from 2.2.3 to 2.3.0\n"),
        "{}",
        full.stdout
    );
    assert!(
        full.stdout.contains("python manage.py modo repair"),
        "{}",
        full.stdout
    );
    let left = run(&["plan", s(&file)]);
    assert!(
        left.stdout.starts_with("Upgrade plan from 2.3.0"),
        "{}",
        left.stdout
    );
}

#[test]
fn plan_prints_a_markdown_checklist() {
    let r = run(&[
        "plan", "--format", "markdown", "--from", "2.2.3", "--to", "2.5.0",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = &r.stdout;
    assert!(
        md.starts_with("# Modoboa upgrade from 2.2.3 to 2.5.0\n"),
        "{md}"
    );
    assert!(md.contains("\n## 2.3.0 ("), "{md}");
    assert!(md.contains("- [ ] `pip install modoboa==2.3.0`\n"), "{md}");
    assert!(
        md.contains("- [ ] `modoboa-settings upgrade --write --to 2.3.0 settings.py`\n"),
        "{md}"
    );
    // The common procedure within the target's checklist, in its places.
    let target = &md[md.find("\n## 2.5.0 (").expect("the target's section")..];
    assert!(
        target.contains("\n- [ ] before the update (PostgreSQL, as root)"),
        "{md}"
    );
    assert!(
        target.contains(
            "\n- [ ] `pip install --upgrade modoboa==2.5.0` (and the extension packages settings.py enables)\n"
        ),
        "{md}"
    );
    assert!(
        target.contains("- [ ] `python manage.py collectstatic`\n"),
        "{md}"
    );
    // Angle brackets outside code spans are escaped (they would vanish as HTML).
    assert!(md.contains("\\<instance>"), "{md}");
    assert!(!md.contains("[manual]"), "{md}");
    // A step that shows a file's lines keeps them in a code block inside its item.
    let r = run(&[
        "plan", "--format", "markdown", "--from", "1.6.2", "--to", "1.7.0",
    ]);
    assert!(
        r.stdout.contains(
            "- [ ] replace the content of the instance's urls.py by:\n\n  ```python\n  from django.conf.urls import include, url\n\n  urlpatterns = [\n      url(r'', include('modoboa.urls')),\n  ]\n  ```\n"
        ),
        "{}",
        r.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// The small things
// ---------------------------------------------------------------------------------------------

#[test]
fn a_run_over_several_files_ends_with_one_summary_line() {
    let dir = TempDir::new().expect("temp dir");
    copy(dir.path(), "generated/2.2.3.py", "a/settings.py");
    let done = copy(dir.path(), "generated/2.12.0.py", "b/settings.py");
    copy(
        dir.path(),
        "generated/not-modoboa/django-5-project.py",
        "c/settings.py",
    );
    let values = ["--hostname", HOST, "--mail-domain", DOMAIN];
    let first = run(&[
        &["upgrade", "--write", "--color", "never"][..],
        &values,
        &[s(&done)],
    ]
    .concat());
    assert!(first.code < 2, "{}", first.stderr);
    let r = run(&[
        &["upgrade", "--write", "--color", "never"][..],
        &values,
        &[s(dir.path())],
    ]
    .concat());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("3 files: 1 rewritten, 1 unchanged, 1 left alone\n"),
        "{}",
        r.stderr
    );
    // One file: no summary line, as black.
    let one = run(&[
        &["upgrade", "--check", "--color", "never"][..],
        &values,
        &[s(&done)],
    ]
    .concat());
    assert!(!one.stderr.contains("1 files"), "{}", one.stderr);
}

#[test]
fn quiet_still_names_what_needs_attention() {
    let file = fixture("generated/2.5.0.py");
    let r = run(&["upgrade", "-q", "--check", s(&file)]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let path = s(&file);
    assert!(
        r.stderr.contains(&format!("would rewrite {path}\n")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "{path}: 2 steps pending: 2.6.0/allowed-hosts (needs mail-domain), 2.6.0/email-client-settings (needs hostname)\n"
        )),
        "{}",
        r.stderr
    );
    // Nothing left to do: still silent.
    let dir = TempDir::new().expect("temp dir");
    let done = copy(dir.path(), "generated/2.5.0.py", "settings.py");
    let values = ["--hostname", HOST, "--mail-domain", DOMAIN];
    run(&[&["upgrade", "--write"][..], &values, &[s(&done)]].concat());
    let again = run(&[&["upgrade", "-q", "--check"][..], &values, &[s(&done)]].concat());
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.is_empty(), "{}", again.stderr);
}

#[test]
fn empty_and_comment_only_settings_files_are_left_alone() {
    let dir = TempDir::new().expect("temp dir");
    let empty = dir.path().join("a/settings.py");
    let comments = dir.path().join("b/settings.py");
    fs::create_dir_all(empty.parent().expect("parent")).expect("mkdir");
    fs::create_dir_all(comments.parent().expect("parent")).expect("mkdir");
    fs::write(&empty, "").expect("write");
    fs::write(&comments, "# settings come later\n").expect("write");
    for (path, what) in [(&empty, "the file is empty"), (&comments, "only comments")] {
        let r = run(&["upgrade", "--write", s(path)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("left alone: it holds no settings ({what})")),
            "{}",
            r.stderr
        );
        let d = run(&["detect", "--format", "json", s(path)]);
        assert_eq!(d.code, 0, "{}", d.stderr);
        assert_eq!(json(&d)["files"][0]["version"], Value::Null);
    }
    // Found below a directory, beside a Modoboa file: the run goes on.
    copy(dir.path(), "generated/2.12.0.py", "c/settings.py");
    let r = run(&["upgrade", "--check", "--color", "never", s(dir.path())]);
    assert!(r.code < 2, "{}", r.stderr);
    assert_eq!(fs::read(&empty).expect("read"), b"");
    assert_eq!(
        fs::read(&comments).expect("read"),
        b"# settings come later\n"
    );
}

#[test]
fn detect_and_plan_accept_directories() {
    let dir = TempDir::new().expect("temp dir");
    let file = copy(dir.path(), "generated/2.2.3.py", "instance/settings.py");
    copy(
        dir.path(),
        "generated/not-modoboa/django-5-project.py",
        "other/settings.py",
    );
    let d = run(&["detect", "--format", "json", s(dir.path())]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let files = json(&d)["files"].as_array().expect("files").clone();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], s(&file));
    assert_eq!(files[0]["version"], "2.2.3");
    assert_eq!(files[1]["version"], Value::Null);
    let from_dir = run(&["plan", s(dir.path())]);
    let from_file = run(&["plan", s(&file)]);
    assert_eq!(from_dir.code, 0, "{}", from_dir.stderr);
    assert_eq!(from_dir.stdout, from_file.stdout);
    // Two Modoboa files: which one to plan is the user's to say.
    copy(dir.path(), "generated/2.5.0.py", "second/settings.py");
    let two = run(&["plan", "--color", "never", s(dir.path())]);
    assert_eq!(two.code, 2);
    assert!(two.stderr.contains("plan one of them"), "{}", two.stderr);
}

#[test]
fn detect_json_says_detected_as_upgrade_does() {
    let file = fixture("generated/2.2.3.py");
    let d = json(&run(&["detect", "--format", "json", s(&file)]));
    assert_eq!(d["files"][0]["detected"], "2.2.3");
    assert_eq!(d["files"][0]["version"], "2.2.3");
    let u = json(&run(&["upgrade", "--format", "json", s(&file)]));
    assert_eq!(u["files"][0]["detected"], d["files"][0]["detected"]);
}

#[test]
fn a_pending_step_names_the_value_it_needs() {
    let file = fixture("generated/2.5.0.py");
    let v = json(&run(&["upgrade", "--format", "json", s(&file)]));
    let pending = v["files"][0]["pending"].as_array().expect("pending");
    let needs: Vec<(&str, &str)> = pending
        .iter()
        .map(|p| {
            (
                p["id"].as_str().expect("id"),
                p["needs"].as_str().expect("needs"),
            )
        })
        .collect();
    assert_eq!(
        needs,
        vec![
            ("2.6.0/allowed-hosts", "mail-domain"),
            ("2.6.0/email-client-settings", "hostname"),
        ]
    );
    let old = fixture("releases/0.9.4.py");
    let v = json(&run(&[
        "upgrade",
        "--format",
        "json",
        "--to",
        "1.1.1",
        s(&old),
    ]));
    let p = &v["files"][0]["pending"][0];
    assert_eq!(p["id"], "1.0.0/allowed-hosts");
    assert_eq!(p["needs"], "hostname");
}

#[test]
fn color_colours_detect_plan_and_transforms() {
    let file = fixture("generated/2.2.3.py");
    for args in [
        vec!["detect", s(&file)],
        vec!["plan", s(&file)],
        vec!["transforms", "--to", "1.0.0"],
    ] {
        let always = run(&[&args[..], &["--color", "always"]].concat());
        assert!(
            always.stdout.contains("\x1b["),
            "{args:?}: {}",
            always.stdout
        );
        let never = run(&[&args[..], &["--color", "never"]].concat());
        assert!(!never.stdout.contains('\x1b'), "{args:?}");
        // auto on a pipe: none, and FORCE_COLOR forces it.
        let auto = bin().args(&args).output().expect("run");
        assert!(!String::from_utf8_lossy(&auto.stdout).contains('\x1b'));
        let forced = bin()
            .args(&args)
            .env("FORCE_COLOR", "1")
            .output()
            .expect("run");
        assert!(
            String::from_utf8_lossy(&forced.stdout).contains("\x1b["),
            "{args:?}"
        );
    }
}

#[test]
fn an_empty_value_counts_as_unset_as_in_the_environment() {
    // An Ansible host without a domain passes `--mail-domain ""`: the step stays pending (it
    // wrote 'autoconfig.' and 'autodiscover.', and was never pending again).
    let file = fixture("generated/2.5.0.py");
    let r = run(&[
        "upgrade",
        "--format",
        "json",
        "--hostname",
        HOST,
        "--mail-domain",
        "",
        "--diff",
        s(&file),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    let f = &v["files"][0];
    assert_eq!(f["pending"][0]["id"], "2.6.0/allowed-hosts");
    assert_eq!(f["pending"][0]["needs"], "mail-domain");
    assert!(
        !f["diff"].as_str().unwrap_or("").contains("'autoconfig.'"),
        "{f:#}"
    );
    let blank_host = run(&["upgrade", "--format", "json", "--hostname", "", s(&file)]);
    assert_eq!(blank_host.code, 1, "{}", blank_host.stderr);
    assert_eq!(
        json(&blank_host)["files"][0]["pending"][1]["needs"],
        "hostname"
    );
}
