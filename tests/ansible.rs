//! The README's Ansible tasks (`tests/ansible/tasks.yml`, in a local play:
//! `tests/ansible/playbook.yml`), run for real by `ansible-playbook` on a copy of a fixture: a
//! `--check` run changes nothing and says what would change, a normal run writes, a second run
//! is unchanged, and a step that waits for a value stops the play on every run (issue 23).
//!
//! Ignored by default: it needs `ansible-playbook` (`pip install ansible-core`), found on PATH
//! or named by `ANSIBLE_PLAYBOOK`. Run it with `cargo test --test ansible -- --ignored`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const HOST: &str = "mail.example.com";
const DOMAIN: &str = "example.com";

fn ansible_playbook() -> PathBuf {
    if let Some(p) = std::env::var_os("ANSIBLE_PLAYBOOK") {
        return PathBuf::from(p);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join("ansible-playbook"))
        .find(|p| p.is_file())
        .expect("ansible-playbook on PATH (pip install ansible-core), or ANSIBLE_PLAYBOOK")
}

/// What a run of the play said: its exit status, its output, the recap's counts.
struct Play {
    ok: bool,
    output: String,
    changed: u32,
    failed: u32,
}

/// The play on `settings` with the values given, `--check` when asked, in `dir` (its own
/// Ansible home, no configuration file of the caller's).
fn play(dir: &Path, settings: &Path, mail_domain: &str, check: bool) -> Play {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ansible/playbook.yml");
    let mut cmd = Command::new(ansible_playbook());
    cmd.current_dir(dir)
        .args(["-i", "localhost,"])
        .arg(&book)
        .arg("-e")
        .arg(format!(
            "modoboa_settings={}",
            env!("CARGO_BIN_EXE_modoboa-settings")
        ))
        .arg("-e")
        .arg(format!("modoboa_settings_path={}", settings.display()))
        .args(["-e", &format!("modoboa_hostname={HOST}")])
        .args(["-e", &format!("modoboa_mail_domain={mail_domain}")])
        .env("ANSIBLE_HOME", dir.join(".ansible"))
        .env("ANSIBLE_NOCOLOR", "1")
        .env("ANSIBLE_LOCALHOST_WARNING", "false")
        .env("ANSIBLE_INVENTORY_UNPARSED_WARNING", "false")
        .env_remove("ANSIBLE_CONFIG");
    for v in [
        "MODOBOA_SETTINGS_HOSTNAME",
        "MODOBOA_SETTINGS_MAIL_DOMAIN",
        "MODOBOA_SETTINGS_DOVECOT_PATH",
        "MODOBOA_SETTINGS_TO",
    ] {
        cmd.env_remove(v);
    }
    if check {
        cmd.arg("--check");
    }
    let out = cmd.output().expect("run ansible-playbook");
    let output =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let recap = output
        .lines()
        .find(|l| l.starts_with("localhost") && l.contains("changed="))
        .unwrap_or_else(|| panic!("no recap in:\n{output}"))
        .to_string();
    let count = |key: &str| -> u32 {
        recap
            .split_whitespace()
            .find_map(|w| w.strip_prefix(key))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in {recap}"))
    };
    Play {
        ok: out.status.success(),
        changed: count("changed="),
        failed: count("failed="),
        output,
    }
}

fn copy_fixture(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generated/2.5.0.py"),
        &to,
    )
    .expect("copy fixture");
    to
}

#[test]
#[ignore = "needs ansible-playbook (pip install ansible-core)"]
fn check_mode_then_a_run_then_a_second_run_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = copy_fixture(dir.path(), "settings.py");
    let before = fs::read(&settings).expect("read");

    // --check: the tool runs with its own --check, says it would change, writes nothing.
    let p = play(dir.path(), &settings, DOMAIN, true);
    assert!(p.ok && p.failed == 0 && p.changed == 1, "{}", p.output);
    assert_eq!(fs::read(&settings).expect("read"), before);
    assert!(!dir.path().join("settings.py.orig").exists());

    // A run writes (and keeps a backup).
    let p = play(dir.path(), &settings, DOMAIN, false);
    assert!(p.ok && p.failed == 0 && p.changed == 1, "{}", p.output);
    let after = fs::read(&settings).expect("read");
    assert_ne!(after, before);
    assert_eq!(
        fs::read(dir.path().join("settings.py.orig")).expect("backup"),
        before
    );

    // A second run, and --check after it: nothing to change.
    for check in [false, true] {
        let p = play(dir.path(), &settings, DOMAIN, check);
        assert!(p.ok && p.failed == 0 && p.changed == 0, "{}", p.output);
        assert_eq!(fs::read(&settings).expect("read"), after);
    }
}

#[test]
#[ignore = "needs ansible-playbook (pip install ansible-core)"]
fn a_missing_value_stops_the_play_on_every_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = copy_fixture(dir.path(), "settings.py");
    // A host without a domain: `ansible_domain` is empty, so is the value.
    for check in [false, false, true] {
        let p = play(dir.path(), &settings, "", check);
        assert!(!p.ok && p.failed == 1, "{}", p.output);
        assert!(
            p.output
                .contains("settings.py waits for: mail-domain (2.6.0/allowed-hosts)"),
            "{}",
            p.output
        );
    }
    let text = fs::read_to_string(&settings).expect("read");
    assert!(!text.contains("'autoconfig.'"), "{text}");
}

#[test]
fn the_readme_shows_the_tasks_that_are_tested() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tasks = fs::read_to_string(root.join("tests/ansible/tasks.yml")).expect("tasks.yml");
    // The tasks without their opening comment (up to the first blank line).
    let (_, body) = tasks.split_once("\n\n").expect("a comment, then the tasks");
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    assert!(
        readme.contains(&format!("```yaml\n{body}```\n")),
        "the README's Ansible tasks differ from tests/ansible/tasks.yml"
    );
}
