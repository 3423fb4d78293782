//! The manual pages: one per subcommand, each naming every option of its subcommand (read from
//! the command-line definition itself, so an option added later without a page fails here),
//! with its exit statuses, environment and examples; `man --dir` writes them all; `man -l`
//! renders each where `man` is installed.

mod common;

use std::process::{Command, Output};

use clap::CommandFactory;
use modoboa_settings::cli::Cli;

/// The binary, with an environment that does not depend on the caller's.
fn bin() -> Command {
    common::binary()
}

fn stdout_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The subcommands with a page (every one `--help` lists, `help` aside).
fn subcommands() -> Vec<clap::Command> {
    let mut cmd = Cli::command();
    cmd.build();
    cmd.get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
        .cloned()
        .collect()
}

/// The page of `man [sub]`, exit 0.
fn page(sub: Option<&str>) -> String {
    let out = bin().arg("man").args(sub).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{sub:?}: {out:?}");
    stdout_of(&out)
}

/// Roff escapes `-` as `\-` and marks fonts with `\fB`, `\fI`, `\fR`: the text as a reader
/// sees it.
fn plain(roff: &str) -> String {
    roff.replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
}

#[test]
fn every_subcommand_has_a_page_with_every_option_and_the_exit_statuses() {
    let subs = subcommands();
    assert!(subs.len() >= 7, "{}", subs.len());
    for sub in subs {
        let name = sub.get_name();
        let text = plain(&page(Some(name)));
        assert!(
            text.contains(&format!(".TH modoboa-settings-{name} 1")),
            "{name}: {text}"
        );
        assert!(
            text.contains(&format!("modoboa-settings {name}")),
            "{name}: synopsis"
        );
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            let shown = match (arg.get_long(), arg.get_short()) {
                (Some(long), _) => format!("--{long}"),
                (None, Some(short)) => format!("-{short}"),
                (None, None) => {
                    let v = arg
                        .get_value_names()
                        .expect("a positional has a value name")[0]
                        .to_string();
                    let shown = [format!("<{v}>"), format!("[{v}]")];
                    assert!(
                        shown.iter().any(|s| text.contains(s)),
                        "{name}: the page lacks {v}"
                    );
                    continue;
                }
            };
            assert!(text.contains(&shown), "{name}: the page lacks {shown}");
        }
        for section in [
            ".SH OPTIONS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH EXAMPLES",
        ] {
            assert!(text.contains(section), "{name}: the page lacks {section}");
        }
        let exit = &text[text.find(".SH \"EXIT STATUS\"").unwrap()..];
        let exit = &exit[..exit.find(".SH ENVIRONMENT").unwrap()];
        for code in ["0", "2"] {
            assert!(
                exit.contains(&format!(".TP\n{code}\n")),
                "{name}: exit {code}"
            );
        }
    }
}

#[test]
fn the_pages_of_upgrade_and_drift_have_exit_status_1_and_the_others_do_not() {
    for (name, has_one) in [
        ("upgrade", true),
        ("drift", true),
        ("detect", false),
        ("plan", false),
    ] {
        let text = page(Some(name));
        assert_eq!(text.contains(".TP\n\\fB1\\fR\n"), has_one, "{name}");
    }
    let upgrade = plain(&page(Some("upgrade")));
    for word in [
        "MODOBOA_SETTINGS_HOSTNAME",
        "MODOBOA_SETTINGS_MAIL_DOMAIN",
        "MODOBOA_SETTINGS_DOVECOT_PATH",
        "NO_COLOR",
        "pyproject.toml",
        "--exit-zero-even-if-changed",
        "next-stop",
    ] {
        assert!(upgrade.contains(word), "upgrade's page lacks {word}");
    }
}

#[test]
fn the_main_page_lists_every_subcommand_page() {
    let text = plain(&page(None));
    assert!(text.starts_with(".ie"), "{}", &text[..text.len().min(200)]);
    assert!(text.contains(".TH modoboa-settings 1"), "{text}");
    for sub in subcommands() {
        let name = format!("modoboa-settings-{}(1)", sub.get_name());
        assert!(text.contains(&name), "the main page lacks {name}");
    }
    for section in [
        ".SH WORKFLOW",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH EXAMPLES",
    ] {
        assert!(text.contains(section), "the main page lacks {section}");
    }
}

#[test]
fn man_dir_writes_every_page_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("share/man/man1");
    let out = bin()
        .args(["man", "--dir"])
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut want = vec!["modoboa-settings.1".to_owned()];
    want.extend(
        subcommands()
            .iter()
            .map(|s| format!("modoboa-settings-{}.1", s.get_name())),
    );
    let listed: Vec<String> = stdout_of(&out).lines().map(str::to_owned).collect();
    assert_eq!(listed.len(), want.len(), "{listed:?}");
    for file in &want {
        let path = target.join(file);
        assert!(
            listed.contains(&path.display().to_string()),
            "{file} not listed"
        );
        let written = std::fs::read_to_string(&path).expect("written");
        let sub = file
            .strip_prefix("modoboa-settings-")
            .and_then(|f| f.strip_suffix(".1"));
        assert_eq!(written, page(sub), "{file}");
    }
}

#[test]
fn man_refuses_an_unknown_subcommand_and_an_unwritable_directory() {
    let out = bin().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = bin().args(["man", "--dir"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a-file"),
        "{out:?}"
    );
}

/// `man -l` renders each page without a warning, where `man` is installed.
#[test]
#[ignore = "needs man (man-db); .ci/run installs it and runs the ignored tests"]
fn man_renders_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for path in stdout_of(&out).lines() {
        let shown = Command::new("man")
            .args(["-l", "--warnings", path])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("MANWIDTH", "80")
            .output()
            .expect("man is installed");
        assert!(shown.status.success(), "{path}: {shown:?}");
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(
            text.contains("EXIT STATUS") && text.contains("EXAMPLES"),
            "{path}: {text}"
        );
        let warnings = String::from_utf8_lossy(&shown.stderr);
        assert!(warnings.trim().is_empty(), "{path}: {warnings}");
    }
}
