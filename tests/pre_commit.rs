//! The two hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit framework (issue 15).
//!
//! The repository's files (what git tracks, plus new files not ignored) are committed into a
//! snapshot repository at a fixed path with fixed dates, so that the same sources give the same
//! commit: pre-commit installs the hooks (`language: rust`: `cargo install --path .`) once and
//! reuses the install while the sources do not change. The install builds into its own target
//! directory under `target/tmp` without LTO or optimisation, to keep a first build to a few
//! minutes on a small machine (about 4 minutes on 2 shared cores, 15 seconds after that).
//!
//! Ignored by a plain `cargo test` (they need `pre-commit`, and a first build of the hook takes
//! minutes): `.ci/run` installs pre-commit and runs them with `cargo test --test pre_commit --
//! --ignored`. Asked for where pre-commit is not installed, they fail and say so (a test that
//! did nothing never reports `ok`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const HOST: &str = "mail.example.com";

/// A plain Django project's settings: not Modoboa's, so both hooks must leave it alone.
const DJANGO: &str = "import os\n\nDEBUG = False\nINSTALLED_APPS = (\n    'django.contrib.auth',\n    'south',\n    'blog',\n)\nSECRET_KEY = 'x'\n";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn work_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit")
}

/// Git with a fixed identity and fixed dates (the snapshot's commit depends on its files only).
fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The repository as it is now, committed at a fixed path: `(path, commit)`.
struct Snapshot {
    repo: PathBuf,
    rev: String,
}

fn pre_commit_installed() -> bool {
    Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The snapshot the hooks are installed from; fails the test when pre-commit is missing.
fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    assert!(
        pre_commit_installed(),
        "pre-commit is not installed: pip install pre-commit (.ci/run installs it)"
    );
    SNAPSHOT.get_or_init(|| {
        let repo = work_dir().join("snapshot");
        if repo.exists() {
            fs::remove_dir_all(&repo).expect("remove the old snapshot");
        }
        fs::create_dir_all(&repo).expect("mkdir");
        let listed = git(
            manifest_dir(),
            &[
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
        );
        for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
            let name = String::from_utf8_lossy(name).into_owned();
            let from = manifest_dir().join(&name);
            // Deleted but still in the index: not part of the sources.
            if !from.is_file() {
                continue;
            }
            let to = repo.join(&name);
            fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            fs::copy(&from, &to).expect("copy");
        }
        git(&repo, &["init", "-q", "-b", "main"]);
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-q", "-m", "snapshot"]);
        let rev = String::from_utf8_lossy(&git(&repo, &["rev-parse", "HEAD"]).stdout)
            .trim()
            .to_string();
        Snapshot { repo, rev }
    })
}

/// A git repository with `.pre-commit-config.yaml` using both hooks of the snapshot, with
/// `args` for both when given.
fn project(s: &Snapshot, args: Option<&[&str]>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    let args = args
        .map(|a| {
            format!(
                "\n        args: [{}]",
                a.iter()
                    .map(|x| format!("'{x}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .unwrap_or_default();
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: modoboa-settings-check{args}\n      - id: modoboa-settings{args}\n",
        s.repo.display(),
        s.rev
    );
    fs::write(dir.path().join(".pre-commit-config.yaml"), config).expect("write config");
    git(dir.path(), &["add", ".pre-commit-config.yaml"]);
    dir
}

/// `pre-commit run HOOK --files FILE` in `dir`.
fn run_hook(dir: &Path, hook: &str, file: &str) -> Output {
    let target = work_dir().join("cargo-target");
    let mut c = Command::new("pre-commit");
    for v in common::foreign_env() {
        c.env_remove(v);
    }
    c.current_dir(dir)
        .args(["run", hook, "--color", "never", "--files", file])
        .env_remove("MODOBOA_SETTINGS_TO")
        .env("PRE_COMMIT_HOME", work_dir().join("home"))
        // The hook install: its own target directory, kept between runs, a quick build.
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_STRIP", "false")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("pre-commit runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn release(v: &str) -> String {
    fs::read_to_string(manifest_dir().join(format!("fixtures/releases/{v}.py"))).expect("fixture")
}

/// The session both ways of giving the host name must give: the check hook fails on the old
/// file, the rewriting hook modifies it once and then passes, and the check hook passes.
fn hooks_upgrade_once_then_pass(dir: &Path) {
    let path = dir.join("settings.py");
    fs::write(&path, release("0.9.4")).expect("write");
    // The Modoboa the server installs, pinned: the target of both hooks (without one, a write
    // stops at the first migration stop).
    fs::write(dir.join("requirements.txt"), "modoboa==1.1.1\n").expect("write");
    git(dir, &["add", "settings.py", "requirements.txt"]);

    let check = run_hook(dir, "modoboa-settings-check", "settings.py");
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(text(&check).contains("Failed"), "{}", text(&check));
    assert!(
        text(&check).contains("+ALLOWED_HOSTS"),
        "the diff: {}",
        text(&check)
    );
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        release("0.9.4"),
        "check wrote"
    );

    let first = run_hook(dir, "modoboa-settings", "settings.py");
    assert_eq!(first.status.code(), Some(1), "{}", text(&first));
    assert!(
        text(&first).contains("files were modified by this hook"),
        "{}",
        text(&first)
    );
    let upgraded = fs::read_to_string(&path).expect("read");
    assert!(
        upgraded.contains(&format!("ALLOWED_HOSTS = ['{HOST}'")),
        "{upgraded}"
    );
    assert!(upgraded.contains("DOVECOT_LOOKUP_PATH"), "{upgraded}");

    let second = run_hook(dir, "modoboa-settings", "settings.py");
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    assert!(text(&second).contains("Passed"), "{}", text(&second));
    assert_eq!(fs::read_to_string(&path).expect("read"), upgraded);

    let check = run_hook(dir, "modoboa-settings-check", "settings.py");
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    assert!(text(&check).contains("Passed"), "{}", text(&check));
}

#[test]
#[ignore = "needs pre-commit (pip install pre-commit); .ci/run installs it and runs these"]
fn hooks_take_the_host_name_from_pyproject_toml() {
    let s = snapshot();
    let dir = project(s, None);
    fs::write(
        dir.path().join("pyproject.toml"),
        format!("[tool.modoboa-settings]\nhostname = \"{HOST}\"\nmail-domain = \"example.com\"\n"),
    )
    .expect("write");
    hooks_upgrade_once_then_pass(dir.path());
}

#[test]
#[ignore = "needs pre-commit (pip install pre-commit); .ci/run installs it and runs these"]
fn hooks_take_the_host_name_from_args() {
    let s = snapshot();
    // (The host name for 1.0.0, the mail domain for 2.6.0's autoconfig host names.)
    let dir = project(
        s,
        Some(&["--hostname", HOST, "--mail-domain", "example.com"]),
    );
    hooks_upgrade_once_then_pass(dir.path());
}

#[test]
#[ignore = "needs pre-commit (pip install pre-commit); .ci/run installs it and runs these"]
fn without_the_host_name_the_check_hook_keeps_failing_on_the_pending_step() {
    let s = snapshot();
    let dir = project(s, None);
    let path = dir.path().join("settings.py");
    fs::write(&path, release("0.9.4")).expect("write");
    git(dir.path(), &["add", "settings.py"]);
    let check = run_hook(dir.path(), "modoboa-settings-check", "settings.py");
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(
        text(&check).contains("pending 1.0.0/allowed-hosts"),
        "{}",
        text(&check)
    );
}

#[test]
#[ignore = "needs pre-commit (pip install pre-commit); .ci/run installs it and runs these"]
fn hooks_leave_a_plain_django_settings_file_alone() {
    let s = snapshot();
    let dir = project(s, Some(&["--hostname", HOST]));
    let path = dir.path().join("settings.py");
    fs::write(&path, DJANGO).expect("write");
    git(dir.path(), &["add", "settings.py"]);
    for hook in ["modoboa-settings-check", "modoboa-settings"] {
        let out = run_hook(dir.path(), hook, "settings.py");
        assert_eq!(out.status.code(), Some(0), "{hook}: {}", text(&out));
        assert_eq!(fs::read_to_string(&path).expect("read"), DJANGO, "{hook}");
    }
}
