//! Before/after fixtures for every operation of the vocabulary, run through the real binary.
//!
//! A case is a pair of files in `fixtures/ops/`:
//!
//! - `<name>.py`, the input. Its first line is a comment with the command-line arguments,
//!   `# args: --from 0.9.5 --to 1.0.0 --only 1.0.0/csrf-middleware`; the tool leaves that line
//!   alone like any other comment (but for `0.8.1/rename-mailng`, which renames `mailng` in
//!   comments too: line 1 of its expected output says `rename-modoboa`). The arguments are read
//!   from the input only.
//! - `<name>.expected.py`, the exact output, byte for byte (first line included).
//!
//! `# pending` on line 2 marks a case whose `--check` exits 1 even when nothing changes: a step
//! waits for a value only the administrator knows (pending), or meets a setting it cannot edit
//! safely and is skipped (`INSTALLED_APPS = BASE + (...)`, a name assigned twice). Without the
//! marker, a case whose input equals its expected output must make `--check` exit 0.
//!
//! Each case runs as written and, when it is LF-only, as two derived variants: CRLF (input and
//! expected converted `\n` -> `\r\n`) and BOM (input and expected prefixed with EF BB BF). For each
//! variant the harness checks:
//!
//! 1. `upgrade <args> --write --color never -` prints the expected file;
//! 2. that output parses;
//! 3. running the same command on the output changes nothing (idempotence);
//! 4. `upgrade <args> --check -` agrees: on the input it exits 1 and says `would rewrite` exactly
//!    when the input differs from the expected output (else exit 0, or 1 without `would rewrite`
//!    for a `# pending` case); on the expected output it never says `would rewrite`;
//! 5. a CRLF variant's output has no lone `\n`; a BOM variant's output starts with the BOM.
//!
//! Every failure of every case is collected and reported at the end, each with a readable diff.
//!
//! Coverage: every step of every automated release of `RELEASES` needs a case that names it with
//! `--only <step-id>` and changes its input (see [`every_automated_step_has_a_case`]).

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use modoboa_settings::model::SettingsFile;
use modoboa_settings::release::{self, RELEASES};

const BOM: &[u8] = b"\xEF\xBB\xBF";
const MIN_CASES: usize = 40;

fn ops_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ops")
}

/// One before/after pair as written in `fixtures/ops/`.
struct Case {
    name: String,
    args: Vec<String>,
    pending: bool,
    input: Vec<u8>,
    expected: Vec<u8>,
}

/// A case as run: the file as written, or one of its CRLF and BOM variants.
struct Variant<'a> {
    case: &'a Case,
    kind: Kind,
    input: Vec<u8>,
    expected: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    AsWritten,
    Crlf,
    Bom,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::AsWritten => "as written",
            Kind::Crlf => "CRLF variant",
            Kind::Bom => "BOM variant",
        }
    }
}

/// Every case of `fixtures/ops/`, sorted by name; a malformed case is an error message.
fn load_cases() -> (Vec<Case>, Vec<String>) {
    let dir = ops_dir();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for file in &names {
        if let Some(name) = file.strip_suffix(".expected.py") {
            if !names.iter().any(|n| *n == format!("{name}.py")) {
                errors.push(format!("{file}: no input file {name}.py"));
            }
            continue;
        }
        let Some(name) = file.strip_suffix(".py") else {
            continue;
        };
        let input = fs::read(dir.join(file)).expect("read the input");
        let expected = match fs::read(dir.join(format!("{name}.expected.py"))) {
            Ok(e) => e,
            Err(_) => {
                errors.push(format!("{file}: no expected file {name}.expected.py"));
                continue;
            }
        };
        let text = String::from_utf8_lossy(&input);
        let mut lines = text.lines();
        let Some(args) = lines.next().and_then(|l| l.strip_prefix("# args:")) else {
            errors.push(format!("{file}: the first line must be `# args: ...`"));
            continue;
        };
        let pending = lines.next().is_some_and(|l| l.trim_end() == "# pending");
        cases.push(Case {
            name: name.to_string(),
            args: args.split_whitespace().map(str::to_string).collect(),
            pending,
            input,
            expected,
        });
    }
    (cases, errors)
}

fn to_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 20);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

fn with_bom(bytes: &[u8]) -> Vec<u8> {
    [BOM, bytes].concat()
}

fn variants(case: &Case) -> Vec<Variant<'_>> {
    let mut out = vec![Variant {
        case,
        kind: Kind::AsWritten,
        input: case.input.clone(),
        expected: case.expected.clone(),
    }];
    let lf_only = |b: &[u8]| !b.contains(&b'\r') && !b.starts_with(BOM);
    if lf_only(&case.input) && lf_only(&case.expected) {
        out.push(Variant {
            case,
            kind: Kind::Crlf,
            input: to_crlf(&case.input),
            expected: to_crlf(&case.expected),
        });
        out.push(Variant {
            case,
            kind: Kind::Bom,
            input: with_bom(&case.input),
            expected: with_bom(&case.expected),
        });
    }
    out
}

/// `modoboa-settings upgrade <args> <mode...> -` with `stdin`.
fn upgrade(args: &[String], mode: &[&str], stdin: &[u8]) -> Output {
    let mut c = Command::cargo_bin("modoboa-settings").expect("the binary is built");
    for v in common::foreign_env() {
        c.env_remove(v);
    }
    c.arg("upgrade")
        .args(args)
        .args(mode)
        .arg("-")
        .write_stdin(stdin.to_vec())
        .output()
        .expect("the binary runs")
}

fn write_mode(args: &[String], stdin: &[u8]) -> Output {
    upgrade(args, &["--write", "--color", "never"], stdin)
}

fn check_mode(args: &[String], stdin: &[u8]) -> Output {
    upgrade(args, &["--check", "--color", "never"], stdin)
}

/// Bytes made readable for a diff: `\r` and the BOM become visible.
fn visible(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.replace('\u{feff}', "<BOM>").replace('\r', "\\r")
}

fn diff(old: &[u8], new: &[u8], labels: (&str, &str)) -> String {
    let (o, n) = (visible(old), visible(new));
    similar::TextDiff::from_lines(&o, &n)
        .unified_diff()
        .context_radius(3)
        .header(labels.0, labels.1)
        .to_string()
}

fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn status_of(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The first lines of stderr, for failure messages.
fn stderr_head(o: &Output) -> String {
    stderr_of(o)
        .lines()
        .take(12)
        .map(|l| format!("    | {l}\n"))
        .collect()
}

/// Run every check on one variant; returns its failures.
fn run_variant(v: &Variant) -> Vec<String> {
    let args = &v.case.args;
    let mut failures = Vec::new();

    // 1. The new file.
    let first = write_mode(args, &v.input);
    if status_of(&first) == 2 {
        failures.push(format!("--write failed (exit 2):\n{}", stderr_head(&first)));
        return failures;
    }
    let output = first.stdout;
    if output != v.expected {
        failures.push(format!(
            "output differs from {}.expected.py:\n{}",
            v.case.name,
            diff(&v.expected, &output, ("expected", "actual"))
        ));
    }

    // 2. It parses.
    match String::from_utf8(output.clone()) {
        Ok(text) => {
            if SettingsFile::parse(text).is_err() {
                failures.push("the output does not parse".into());
            }
        }
        Err(_) => failures.push("the output is not UTF-8".into()),
    }

    // 3. Idempotence.
    let again = write_mode(args, &output);
    if again.stdout != output {
        failures.push(format!(
            "not idempotent: a second run changes the output (exit {}):\n{}",
            status_of(&again),
            diff(&output, &again.stdout, ("first run", "second run"))
        ));
    }

    // 4. --check agrees, on the input...
    let check = check_mode(args, &v.input);
    let (status, says) = (
        status_of(&check),
        stderr_of(&check).contains("would rewrite"),
    );
    let changes = v.input != v.expected;
    let want_status = if changes || v.case.pending { 1 } else { 0 };
    if status != want_status || says != changes {
        let what = if changes {
            "exit 1 and `would rewrite` (the input differs from the expected output)"
        } else if v.case.pending {
            "exit 1 without `would rewrite` (# pending, no change)"
        } else {
            "exit 0 without `would rewrite` (no change)"
        };
        failures.push(format!(
            "--check on the input: expected {what}, got exit {status}{}:\n{}",
            if says { " with `would rewrite`" } else { "" },
            stderr_head(&check)
        ));
    }
    if v.case.pending && !changes {
        // A step of its own, not one left out by --only.
        let reported = stderr_of(&check).lines().any(|l| {
            let l = l.trim_start();
            (l.starts_with("pending ") || l.starts_with("skipped "))
                && !l.contains("not selected by --only")
                && !l.contains("excluded by --skip")
        });
        if !reported {
            failures.push(format!(
                "--check on the input: a # pending case must report a pending or skipped step:\n{}",
                stderr_head(&check)
            ));
        }
    }
    // ... and on the expected output.
    let check_done = check_mode(args, &v.expected);
    if stderr_of(&check_done).contains("would rewrite") || status_of(&check_done) == 2 {
        failures.push(format!(
            "--check on the expected output: says `would rewrite` or fails (exit {}):\n{}",
            status_of(&check_done),
            stderr_head(&check_done)
        ));
    }

    // 5. Line endings and BOM.
    match v.kind {
        Kind::Crlf => {
            let lone = output
                .iter()
                .enumerate()
                .filter(|(i, b)| **b == b'\n' && (*i == 0 || output[i - 1] != b'\r'))
                .count();
            if lone > 0 {
                failures.push(format!("{lone} lone `\\n` in the CRLF output"));
            }
        }
        Kind::Bom => {
            if !output.starts_with(BOM) {
                failures.push("the output lost the BOM".into());
            }
        }
        Kind::AsWritten => {}
    }
    failures
}

#[test]
fn every_ops_fixture_upgrades_as_expected() {
    let (cases, mut report) = load_cases();
    let mut failed_cases = Vec::new();
    let mut runs = 0;
    for case in &cases {
        let mut case_failed = false;
        for v in variants(case) {
            runs += 1;
            let failures = run_variant(&v);
            if failures.is_empty() {
                continue;
            }
            case_failed = true;
            let mut msg = format!(
                "=== {} ({}) :: {}\n",
                case.name,
                v.kind.label(),
                case.args.join(" ")
            );
            for f in failures {
                let _ = writeln!(msg, "  - {}", f.trim_end().replace('\n', "\n    "));
            }
            report.push(msg);
        }
        if case_failed {
            failed_cases.push(case.name.as_str());
        }
    }
    if !report.is_empty() {
        panic!(
            "{}\n{} of {} cases failed ({} runs): {}\n",
            report.join("\n"),
            failed_cases.len(),
            cases.len(),
            runs,
            failed_cases.join(", ")
        );
    }
}

#[test]
fn there_are_enough_ops_fixtures() {
    let (cases, errors) = load_cases();
    assert!(errors.is_empty(), "malformed cases:\n{}", errors.join("\n"));
    assert!(
        cases.len() >= MIN_CASES,
        "only {} cases in fixtures/ops (at least {MIN_CASES} expected)",
        cases.len()
    );
}

/// The step ids a case selects by name: the values of its `--only` arguments (`--only ID` or
/// `--only=ID`). A release (`--only 1.0.0`) names no step here, and a case without `--only`
/// covers nothing: coverage counts what a case pins by name, never a step that merely happens to
/// run in its window.
fn selected_steps(case: &Case) -> Vec<&str> {
    let mut out = Vec::new();
    let mut args = case.args.iter();
    while let Some(a) = args.next() {
        if a == "--only" {
            if let Some(v) = args.next() {
                out.push(v.as_str());
            }
        } else if let Some(v) = a.strip_prefix("--only=") {
            out.push(v);
        }
    }
    out
}

/// Every step of every automated release has a before/after case in `fixtures/ops/`: a case
/// that selects it with `--only <step-id>` and whose expected output differs from its input (a
/// case that only shows the step leaving a file alone, or skipping it, is not enough on its
/// own). Steps are taken from `RELEASES`, so a new step fails here until it has its case.
/// A `--only` value that names no step of the table is reported too (a misspelt id covers
/// nothing).
#[test]
fn every_automated_step_has_a_case() {
    let (cases, errors) = load_cases();
    assert!(errors.is_empty(), "malformed cases:\n{}", errors.join("\n"));
    let steps: Vec<&str> = RELEASES
        .iter()
        .flat_map(|r| r.steps.iter().map(|s| s.id))
        .collect();
    assert!(!steps.is_empty(), "no automated step in RELEASES");
    let known: BTreeSet<&str> = RELEASES
        .iter()
        .flat_map(|r| r.steps.iter().map(|s| s.id))
        .collect();
    let mut changing = BTreeSet::new();
    let mut named = BTreeSet::new();
    let mut unknown = Vec::new();
    for case in &cases {
        for id in selected_steps(case) {
            if !known.contains(id) && release::find(id).is_none() {
                unknown.push(format!("{}: --only {id}", case.name));
            }
            named.insert(id);
            if case.input != case.expected {
                changing.insert(id);
            }
        }
    }
    let mut report = Vec::new();
    let no_case: Vec<&str> = steps
        .iter()
        .copied()
        .filter(|id| !named.contains(id))
        .collect();
    if !no_case.is_empty() {
        report.push(format!(
            "{} step(s) without a case (`--only <id>`) in fixtures/ops:\n  {}",
            no_case.len(),
            no_case.join("\n  ")
        ));
    }
    let unchanged_only: Vec<&str> = steps
        .iter()
        .copied()
        .filter(|id| named.contains(id) && !changing.contains(id))
        .collect();
    if !unchanged_only.is_empty() {
        report.push(format!(
            "{} step(s) whose cases all leave the input unchanged (add one that shows the edit):\n  {}",
            unchanged_only.len(),
            unchanged_only.join("\n  ")
        ));
    }
    if !unknown.is_empty() {
        report.push(format!(
            "`--only` values that name no step of RELEASES:\n  {}",
            unknown.join("\n  ")
        ));
    }
    assert!(report.is_empty(), "{}", report.join("\n\n"));
}
