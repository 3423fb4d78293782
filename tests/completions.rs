//! Shell completion, driven for real: the script `completions bash` prints is sourced in a
//! clean `bash --norc --noprofile`, its completion function is called the way readline calls
//! it (`COMP_WORDS`, `COMP_CWORD`, `COMP_LINE`, `COMP_POINT`), and the candidates it leaves in
//! `COMPREPLY` are checked. The script asks the binary itself at each TAB (clap_complete's
//! dynamic completion), so the binary's answer is checked directly too.
//!
//! bash is required (every system the tool targets has it): a missing bash fails loudly.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_modoboa-settings");

/// The binary, with an environment that does not depend on the caller's.
fn bin() -> Command {
    let mut c = Command::new(BIN);
    for v in common::foreign_env() {
        c.env_remove(v);
    }
    c
}

fn stdout_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The script `completions SHELL` prints (exit 0).
fn script(shell: &str) -> String {
    let out = bin().args(["completions", shell]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{shell}: {out:?}");
    stdout_of(&out)
}

/// Source the bash script in a clean bash, find the function `complete -p` registered for
/// `modoboa-settings`, and call it on `line` with the cursor at its end, as readline does.
/// Returns the candidates (`COMPREPLY`), one per element.
fn bash_complete(line: &str, cwd: &Path) -> Vec<String> {
    let driver = r#"
set -u
source <("$BIN" completions bash) || exit 90
spec=$(complete -p modoboa-settings) || exit 91
fn=${spec##*-F }
fn=${fn%% *}
COMP_LINE=$LINE
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<<"$COMP_LINE"
if [[ $COMP_LINE == *" " ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_TYPE=9
COMPREPLY=()
cur=${COMP_WORDS[COMP_CWORD]}
prev=${COMP_WORDS[COMP_CWORD-1]}
"$fn" modoboa-settings "$cur" "$prev"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", driver])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("BIN", BIN)
        .env("LINE", line)
        .current_dir(cwd)
        .output()
        .expect("bash is required for this test (the completion script is a bash script)");
    assert!(
        out.status.success(),
        "{line:?}: {}{}",
        stdout_of(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout_of(&out)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn has(got: &[String], want: &str) -> bool {
    got.iter().any(|g| g == want)
}

/// A directory with a file whose name a file completion would offer.
fn dir_with_a_file() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("settings.py"), "DEBUG = False\n").unwrap();
    dir
}

#[test]
fn bash_completes_the_subcommands() {
    let dir = dir_with_a_file();
    let got = bash_complete("modoboa-settings ", dir.path());
    for sub in [
        "upgrade",
        "detect",
        "drift",
        "plan",
        "transforms",
        "completions",
        "man",
    ] {
        assert!(has(&got, sub), "{sub} not offered: {got:?}");
    }
    let got = bash_complete("modoboa-settings up", dir.path());
    assert_eq!(got, ["upgrade"]);
}

#[test]
fn bash_completes_the_options_of_upgrade() {
    let dir = dir_with_a_file();
    let got = bash_complete("modoboa-settings upgrade --", dir.path());
    for flag in [
        "--write",
        "--check",
        "--diff",
        "--to",
        "--from",
        "--hostname",
        "--mail-domain",
        "--dovecot-path",
        "--format",
        "--color",
        "--backup",
        "--exit-zero-even-if-changed",
    ] {
        assert!(has(&got, flag), "{flag} not offered: {got:?}");
    }
    assert!(
        !has(&got, "settings.py"),
        "files offered for a flag: {got:?}"
    );
    // After a path, the flags are still offered.
    let got = bash_complete("modoboa-settings upgrade settings.py --wr", dir.path());
    assert_eq!(got, ["--write"]);
}

#[test]
fn bash_completes_the_values_of_format_and_color_not_files() {
    let dir = dir_with_a_file();
    for sub in ["upgrade", "detect", "drift", "plan", "transforms"] {
        let got = bash_complete(&format!("modoboa-settings {sub} --format "), dir.path());
        let formats: &[&str] = if sub == "plan" {
            &["text", "json", "markdown"]
        } else {
            &["text", "json"]
        };
        assert_eq!(got, formats, "{sub} --format");
        let got = bash_complete(&format!("modoboa-settings {sub} --color "), dir.path());
        assert_eq!(got, ["auto", "always", "never"], "{sub} --color");
    }
    let got = bash_complete("modoboa-settings upgrade --format j", dir.path());
    assert_eq!(got, ["json"]);
}

#[test]
fn bash_completes_the_releases_of_to_and_from() {
    let dir = dir_with_a_file();
    let releases: Vec<&str> = modoboa_settings::release::RELEASES
        .iter()
        .map(|r| r.version)
        .collect();
    let newest = *releases.last().expect("a release");
    let got = bash_complete("modoboa-settings upgrade --to ", dir.path());
    assert_eq!(&got[..2], ["latest", "next-stop"], "{got:?}");
    for r in &releases {
        assert!(has(&got, r), "upgrade --to: {r} not offered");
    }
    assert!(!has(&got, "settings.py"), "files offered for --to: {got:?}");
    assert_eq!(got[2], newest, "newest release first");
    let got = bash_complete("modoboa-settings upgrade --to 1.1", dir.path());
    assert!(
        has(&got, "1.1.1") && got.iter().all(|g| g.starts_with("1.1")),
        "{got:?}"
    );
    let got = bash_complete("modoboa-settings upgrade --from ", dir.path());
    assert!(has(&got, "0.9.4") && !has(&got, "latest"), "{got:?}");
    let got = bash_complete("modoboa-settings plan --to ", dir.path());
    assert!(has(&got, "latest") && has(&got, newest), "{got:?}");
    let got = bash_complete("modoboa-settings drift --to ", dir.path());
    assert!(has(&got, newest) && !has(&got, "next-stop"), "{got:?}");
}

#[test]
fn bash_completes_step_ids_for_only_and_skip() {
    let dir = dir_with_a_file();
    let got = bash_complete("modoboa-settings upgrade --only 1.0.0/", dir.path());
    let want: Vec<&str> = modoboa_settings::release::RELEASES
        .iter()
        .flat_map(|r| r.steps.iter().map(|s| s.id))
        .filter(|id| id.starts_with("1.0.0/"))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    let got = bash_complete("modoboa-settings upgrade --skip 2.6", dir.path());
    assert!(has(&got, "2.6.0"), "{got:?}");
}

#[test]
fn bash_completes_paths_where_a_path_goes() {
    let dir = dir_with_a_file();
    let got = bash_complete("modoboa-settings upgrade sett", dir.path());
    assert_eq!(got, ["settings.py"]);
    let got = bash_complete("modoboa-settings detect --format json sett", dir.path());
    assert_eq!(got, ["settings.py"]);
}

#[test]
fn bash_completes_the_shells_of_completions() {
    let dir = dir_with_a_file();
    let got = bash_complete("modoboa-settings completions ", dir.path());
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        assert!(has(&got, shell), "{shell} not offered: {got:?}");
    }
}

/// What the script asks at each TAB, asked directly: the binary answers only when the variable
/// is set, and otherwise runs as usual.
#[test]
fn the_binary_answers_the_completion_request() {
    let out = bin()
        .env("_MODOBOA_SETTINGS_COMPLETE", "fish")
        .args(["--", "modoboa-settings", "upgrade", "--format", ""])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout_of(&out), "text\njson\n");
    // Unset (or COMPLETE, clap's default name, set): an ordinary run.
    let out = bin()
        .env("COMPLETE", "bash")
        .args(["upgrade", "--format"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn bash_script_is_valid_bash_and_registers_the_binary() {
    let text = script("bash");
    assert!(text.contains("complete -o nospace"), "{text}");
    assert!(text.contains(" modoboa-settings\n"), "{text}");
    assert!(text.contains(BIN), "the script calls this binary: {text}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.bash");
    std::fs::write(&path, &text).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(check.status.success(), "{check:?}");
}

#[test]
fn zsh_fish_elvish_and_powershell_scripts_register_the_binary() {
    for (shell, marker) in [
        ("zsh", "#compdef modoboa-settings"),
        (
            "zsh",
            "compdef _clap_dynamic_completer_modoboa_settings modoboa-settings",
        ),
        (
            "fish",
            "complete --keep-order --exclusive --command modoboa-settings",
        ),
        (
            "elvish",
            "set edit:completion:arg-completer[modoboa-settings]",
        ),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName modoboa-settings",
        ),
    ] {
        let text = script(shell);
        assert!(text.contains(marker), "{shell}: {text}");
        assert!(
            text.contains("_MODOBOA_SETTINGS_COMPLETE"),
            "{shell}: {text}"
        );
    }
}

#[test]
fn unknown_shell_exits_2() {
    let out = bin().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
