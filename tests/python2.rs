//! Python 2 settings files read by Python 2's grammar (issue #24): what Python 2 accepts is
//! accepted while the file is Python 2, what it rejects is a syntax error (exit 2, with the
//! line), and the Python 3 rewrite of 1.15.0 settles in one run.

mod common;

use std::process::{Command, Output};

/// The command with none of the caller's environment that changes its output.
fn bin() -> Command {
    let mut c = common::binary();
    c.env("NO_GRAPHICS", "1");
    c
}

/// `upgrade --from 1.14.0 --to <to> --write -` on `text` (hostname and mail domain given).
fn upgrade(text: &str, to: &str) -> Output {
    use std::io::Write;
    let mut child = bin()
        .args([
            "upgrade", "--from", "1.14.0", "--to", to, "--write", "--color", "never",
        ])
        .args([
            "--hostname",
            "mail.example.com",
            "--mail-domain",
            "example.com",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn backticks_python_2_rejects_are_syntax_errors_with_their_line() {
    for (text, line) in [
        ("SITE_ID = 1\nX = ````\n", "-:2:"),
        ("SITE_ID = 1\nX = ``\n", "-:2:"),
        ("SITE_ID = 1\nX = SITE_ID`1`\n", "-:2:"),
    ] {
        let o = upgrade(text, "1.15.0");
        assert_eq!(o.status.code(), Some(2), "{text:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("syntax error"),
            "{text:?}: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains(line), "{text:?}: {}", stderr(&o));
    }
}

#[test]
fn a_python_2_byte_string_with_backslash_u_is_read_before_1_15_0() {
    let text = "HOME = 'D:\\users\\modoboa'\n";
    let o = upgrade(text, "1.14.0");
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).contains(text), "{}", stdout(&o));
}

#[test]
fn the_python_3_rewrite_settles_in_one_run() {
    let text = "import sys\nSITE_ID = 1\nprint `SITE_ID`\nprint`SITE_ID`\nprint >>sys.stderr, \"x\",\nprint\nX = ur'\\u00e9\\\nx'\nHOME = 'D:\\users'\n";
    let first = upgrade(text, "1.15.0");
    let once = stdout(&first);
    assert!(
        once.contains("print(repr(SITE_ID))\nprint(repr(SITE_ID))\n"),
        "{once}"
    );
    assert!(
        once.contains("print(\"x\", file=sys.stderr, end=\" \")\nprint()\n"),
        "{once}"
    );
    assert!(once.contains("X = '\\u00e9\\\\\\nx'\n"), "{once}");
    assert!(once.contains("HOME = 'D:\\\\users'\n"), "{once}");
    let second = upgrade(&once, "1.15.0");
    assert_eq!(stdout(&second), once, "{}", stderr(&second));
}

#[test]
fn print_is_left_alone_when_the_file_imports_print_function() {
    let text = "from __future__ import print_function\nimport sys\nprint\nprint -1\n";
    let o = upgrade(text, "1.15.0");
    assert!(stdout(&o).starts_with(text), "{}", stdout(&o));
    assert!(!stderr(&o).contains("python3-syntax"), "{}", stderr(&o));
}
