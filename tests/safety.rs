//! Nothing lost (issue 4): safe writes, hostile input, Python 2-era files, dynamic settings.
//!
//! Every test but one runs the real binary on copies in a temporary directory; the repository is
//! never written to. A test that expects an error also checks that the process exited with 2 by
//! itself (not killed by a signal: a stack overflow aborts) and that the file kept its bytes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const HOST: &str = "mail.example.com";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn release_bytes(v: &str) -> Vec<u8> {
    fs::read(fixture(&format!("releases/{v}.py"))).unwrap()
}

fn bin() -> Command {
    let mut c = Command::from(common::binary());
    // These tests were written for writes that go to the newest release in one run: they give
    // that target (a write without one stops at the first migration stop: tests/target.rs).
    c.env("MODOBOA_SETTINGS_TO", "latest");
    c
}

/// `modoboa-settings upgrade --color never`.
fn upgrade() -> Command {
    let mut c = bin();
    c.args(["upgrade", "--color", "never"]);
    c
}

/// A temporary directory holding `name` with the given bytes.
fn temp_with(name: &str, bytes: impl AsRef<[u8]>) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit status 2, reached by the process itself, without a panic; returns stderr.
fn assert_error(out: &Output) -> String {
    let err = stderr_of(out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "want exit 2 (None means killed by a signal: {:?})\nstderr:\n{}",
        out.status,
        truncated(&err)
    );
    assert!(!err.contains("panicked"), "the tool panicked:\n{err}");
    assert!(!err.contains("overflow"), "{}", truncated(&err));
    err
}

fn truncated(s: &str) -> &str {
    let mut end = s.len().min(2000);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The names in a directory, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// `upgrade --write --hostname HOST` on a copy of `bytes`; returns the exit status and the
/// bytes written.
fn write_run(bytes: &[u8], extra: &[&str]) -> (i32, Vec<u8>) {
    let (_dir, path) = temp_with("settings.py", bytes);
    let out = upgrade()
        .args(["--write", "--hostname", HOST])
        .args(extra)
        .arg(&path)
        .output()
        .unwrap();
    let code = out.status.code().expect("exited by itself");
    assert!(code == 0 || code == 1, "stderr:\n{}", stderr_of(&out));
    (code, fs::read(&path).unwrap())
}

fn json_run(path: &Path, extra: &[&str]) -> (Value, i32) {
    let out = upgrade()
        .args(["--format", "json", "--hostname", HOST])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            stderr_of(&out)
        )
    });
    (v, out.status.code().expect("exited by itself"))
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &[u8], needle: &str) -> usize {
    let at = text
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    text[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// 1-based line of the last line of the first occurrence of `needle`.
fn last_line_of(text: &[u8], needle: &str) -> usize {
    line_of(text, needle) + needle.matches('\n').count()
}

/// Insert `line` (plus a newline) right after the first line equal to `after`.
fn insert_after(bytes: &[u8], after: &str, line: &[u8]) -> Vec<u8> {
    let needle = format!("\n{after}\n");
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap_or_else(|| panic!("{after:?} not found"))
        + needle.len();
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(line);
    out.push(b'\n');
    out.extend_from_slice(&bytes[at..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn has_tool(name: &str) -> bool {
    StdCommand::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn write_keeps_permission_bits_0640() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_with("settings.py", release_bytes("0.9.4"));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    upgrade()
        .args(["--write", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    assert_eq!(mode(&path), 0o640);
    assert_ne!(fs::read(&path).unwrap(), release_bytes("0.9.4"));
    assert_eq!(names_in(dir.path()), ["settings.py"]);
}

#[cfg(unix)]
#[test]
fn write_through_a_symlink_updates_the_target_and_keeps_the_link() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let real_dir = tempfile::tempdir().unwrap();
    let link_dir = tempfile::tempdir().unwrap();
    let real = real_dir.path().join("settings.py");
    let link = link_dir.path().join("settings.py");
    fs::write(&real, release_bytes("0.9.4")).unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
    symlink(&real, &link).unwrap();
    let (_, expected) = write_run(&release_bytes("0.9.4"), &[]);
    upgrade()
        .args(["--write", "--backup", "--hostname", HOST])
        .arg(&link)
        .assert()
        .code(1);
    let meta = fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(fs::read_link(&link).unwrap(), real);
    assert_eq!(fs::read(&real).unwrap(), expected);
    assert_eq!(mode(&real), 0o600);
    // The backup and any temporary file belong beside the target, not the link.
    assert_eq!(names_in(link_dir.path()), ["settings.py"]);
    assert_eq!(
        names_in(real_dir.path()),
        ["settings.py", "settings.py.orig"]
    );
    assert_eq!(
        fs::read(real_dir.path().join("settings.py.orig")).unwrap(),
        release_bytes("0.9.4")
    );
}

#[test]
fn backup_keeps_the_previous_file_as_settings_py_orig() {
    let (dir, path) = temp_with("settings.py", release_bytes("0.9.4"));
    upgrade()
        .args(["--write", "--backup", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    assert_eq!(
        fs::read(dir.path().join("settings.py.orig")).unwrap(),
        release_bytes("0.9.4")
    );
    assert_ne!(fs::read(&path).unwrap(), release_bytes("0.9.4"));
    assert_eq!(names_in(dir.path()), ["settings.py", "settings.py.orig"]);
}

#[test]
fn backup_with_a_suffix_uses_it() {
    let (dir, path) = temp_with("settings.py", release_bytes("0.9.4"));
    upgrade()
        .args(["--write", "--backup=.bak", "--hostname", HOST])
        .arg(&path)
        .assert()
        .code(1);
    assert_eq!(
        fs::read(dir.path().join("settings.py.bak")).unwrap(),
        release_bytes("0.9.4")
    );
    assert_eq!(names_in(dir.path()), ["settings.py", "settings.py.bak"]);
}

#[test]
fn backup_is_not_made_when_nothing_changes() {
    let (dir, path) = temp_with("settings.py", release_bytes("1.1.1"));
    upgrade()
        .args(["--write", "--backup", "--hostname", HOST, "--to", "1.1.1"])
        .arg(&path)
        .assert()
        .code(0);
    assert_eq!(names_in(dir.path()), ["settings.py"]);
    assert_eq!(fs::read(&path).unwrap(), release_bytes("1.1.1"));
}

#[test]
fn write_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    // Every release fixture there is, under its own name.
    let mut names: Vec<String> = names_in(&fixture("releases"))
        .into_iter()
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(names.len() > 1, "release fixtures: {names:?}");
    for n in &names {
        fs::copy(fixture(&format!("releases/{n}")), dir.path().join(n)).unwrap();
    }
    let out = upgrade()
        .args(["--write", "--hostname", HOST])
        .args(&names)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(names_in(dir.path()), names);
}

/// A directory nobody but root may write to: the tool cannot create its temporary file there,
/// exits 2 and leaves the file as it was. As root (which ignores the mode), the binary runs as
/// `nobody` through `setpriv` when it can; otherwise the test has nothing to check.
#[cfg(unix)]
#[test]
fn file_in_a_read_only_directory_exits_2_and_is_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let outer = tempfile::tempdir().unwrap();
    fs::set_permissions(outer.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let dir = outer.path().join("instance");
    fs::create_dir(&dir).unwrap();
    let path = dir.join("settings.py");
    fs::write(&path, release_bytes("0.9.4")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let privileged = fs::write(dir.join("probe"), b"").is_ok();
    let _ = fs::remove_file(dir.join("probe"));
    let bin = env!("CARGO_BIN_EXE_modoboa-settings");
    let args = ["upgrade", "--color", "never", "--write", "--hostname", HOST];
    let out = if !privileged {
        StdCommand::new(bin)
            .env("MODOBOA_SETTINGS_TO", "latest")
            .args(args)
            .arg(&path)
            .output()
            .unwrap()
    } else if has_tool("setpriv")
        && StdCommand::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                bin,
                "--version",
            ])
            .output()
            .is_ok_and(|o| o.status.success())
    {
        StdCommand::new("setpriv")
            .env("MODOBOA_SETTINGS_TO", "latest")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin])
            .args(args)
            .arg(&path)
            .output()
            .unwrap()
    } else {
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: running as root without setpriv, the directory is writable anyway");
        return;
    };
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let err = assert_error(&out);
    assert!(err.contains("settings.py"), "{err}");
    assert!(err.contains("ermission denied"), "{err}");
    assert!(
        err.contains("left unchanged") || err.contains("untouched"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), release_bytes("0.9.4"));
    assert_eq!(names_in(&dir), ["settings.py"]);
}

fn one_bad_among_good(count: usize) {
    let dir = tempfile::tempdir().unwrap();
    let bad: &[u8] = b"DEBUG = True\nINSTALLED_APPS = (\n    'south',,\n)\n";
    let good = ["0.8.4", "0.9.4", "1.0.0"];
    let mut paths = Vec::new();
    for i in 0..count {
        let name = format!("settings{i}.py");
        let bytes = if i == count / 2 {
            bad.to_vec()
        } else {
            release_bytes(good[i % good.len()])
        };
        fs::write(dir.path().join(&name), bytes).unwrap();
        paths.push(name);
    }
    let out = upgrade()
        .args(["--write", "--hostname", HOST])
        .args(&paths)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = assert_error(&out);
    let bad_name = &paths[count / 2];
    assert!(err.contains(&format!("{bad_name}:3:")), "{err}");
    for (i, name) in paths.iter().enumerate() {
        let now = fs::read(dir.path().join(name)).unwrap();
        if i == count / 2 {
            assert_eq!(now, bad, "the bad file was touched");
        } else {
            let (_, expected) = write_run(&release_bytes(good[i % good.len()]), &[]);
            assert_eq!(now, expected, "{name} was not upgraded");
        }
    }
    let mut want = paths.clone();
    want.sort();
    assert_eq!(names_in(dir.path()), want);
}

#[test]
fn several_files_one_with_a_syntax_error_the_good_ones_are_written_exit_2() {
    one_bad_among_good(3);
}

#[test]
fn many_files_in_parallel_one_with_a_syntax_error_the_good_ones_are_written_exit_2() {
    // Eight paths or more run on worker threads.
    one_bad_among_good(11);
}

#[test]
fn replace_file_refuses_a_file_changed_since_it_was_read() {
    use modoboa_settings::text::write::{replace_file, WriteError, WriteOptions};
    let (dir, path) = temp_with("settings.py", b"DEBUG = True  # edited by a colleague\n");
    let opts = WriteOptions {
        backup_suffix: Some(".orig".into()),
    };
    let err = replace_file(&path, b"DEBUG = True\n", b"DEBUG = False\n", &opts).unwrap_err();
    assert!(matches!(err, WriteError::ChangedOnDisk { .. }), "{err:?}");
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert_eq!(
        fs::read(&path).unwrap(),
        b"DEBUG = True  # edited by a colleague\n"
    );
    // Neither a backup nor a temporary file.
    assert_eq!(names_in(dir.path()), ["settings.py"]);
}

#[test]
fn replace_file_refuses_a_file_removed_since_it_was_read() {
    use modoboa_settings::text::write::{replace_file, WriteOptions};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    assert!(replace_file(&path, b"A = 1\n", b"A = 2\n", &WriteOptions::default()).is_err());
    assert!(names_in(dir.path()).is_empty(), "nothing created");
}

// ---------------------------------------------------------------------------------------------
// Syntax errors
// ---------------------------------------------------------------------------------------------

#[test]
fn syntax_error_exits_2_with_file_line_col_and_a_code_frame_and_the_file_is_untouched() {
    let bytes = insert_after(
        &release_bytes("0.9.4"),
        "TEMPLATE_DEBUG = DEBUG",
        b"SITE_ID = = 1",
    );
    let (dir, path) = temp_with("settings.py", &bytes);
    let out = upgrade()
        .args(["--write", "--backup", "--hostname", HOST, "settings.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(
        err.contains("settings.py:13:11"),
        "file:line:col missing:\n{err}"
    );
    assert!(
        err.contains("13 │ SITE_ID = = 1"),
        "code frame missing:\n{err}"
    );
    assert!(err.contains("syntax error"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(names_in(dir.path()), ["settings.py"]);
}

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

#[test]
fn utf8_bom_is_kept_and_the_edits_are_the_same_as_without_it() {
    let plain = release_bytes("0.9.4");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(&plain);
    let (code, out_plain) = write_run(&plain, &[]);
    assert_eq!(code, 1);
    let (code, out_bom) = write_run(&bom, &[]);
    assert_eq!(code, 1);
    let mut want = b"\xEF\xBB\xBF".to_vec();
    want.extend(&out_plain);
    assert_eq!(out_bom, want);
}

/// The 0.9.4 fixture declared latin-1, with `é` (0xE9) in a comment, in a string and in a
/// comment inside a tuple the upgrade edits.
fn latin1_settings(declaration: &str, e_acute: &[u8]) -> Vec<u8> {
    let base = release_bytes("0.9.4");
    let mut out = format!("# -*- coding: {declaration} -*-\n").into_bytes();
    out.extend(&base);
    let mut line = b"# R".to_vec();
    line.extend(e_acute);
    line.extend(b"glages du serveur de messagerie");
    let out = insert_after(&out, "import os", &line);
    let mut line = b"SITE_NAME = 'Caf".to_vec();
    line.extend(e_acute);
    line.extend(b" Mail'");
    let out = insert_after(&out, "TEMPLATE_DEBUG = DEBUG", &line);
    let mut line = b"    # ajout".to_vec();
    line.extend(e_acute);
    line.extend(b" en 2012");
    insert_after(&out, "MIDDLEWARE_CLASSES = (", &line)
}

fn latin1_to_string(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[test]
fn latin1_file_is_written_back_in_latin1_with_the_same_edits_as_its_utf8_twin() {
    let latin1 = latin1_settings("latin-1", b"\xE9");
    let utf8 = latin1_settings("utf-8", "\u{e9}".as_bytes());
    let (code, out) = write_run(&latin1, &[]);
    assert_eq!(code, 1);
    let (_, out_utf8) = write_run(&utf8, &[]);
    // Still latin-1: the three é are single 0xE9 bytes, none became UTF-8.
    assert_eq!(out.iter().filter(|&&b| b == 0xE9).count(), 3);
    assert!(!out.windows(2).any(|w| w == b"\xC3\xA9"));
    // Every line holding a non-ASCII byte is there, byte for byte.
    for line in latin1.split(|&b| b == b'\n').filter(|l| !l.is_ascii()) {
        let count = out.split(|&b| b == b'\n').filter(|l| *l == line).count();
        assert_eq!(count, 1, "{:?}", latin1_to_string(line));
    }
    // And the edits are exactly those made to the same file in UTF-8.
    let text = latin1_to_string(&out).replacen("coding: latin-1", "coding: utf-8", 1);
    assert_eq!(text, String::from_utf8(out_utf8).unwrap());
}

#[test]
fn latin1_file_lines_outside_the_edits_are_byte_identical() {
    let latin1 = latin1_settings("latin-1", b"\xE9");
    let (_, out) = write_run(&latin1, &["--to", "1.1.1"]);
    // Each byte maps to one char, so the line diff below is a diff of the bytes.
    let (old, new) = (latin1_to_string(&latin1), latin1_to_string(&out));
    let diff = similar::TextDiff::from_lines(&old, &new);
    let mut kept = 0;
    for op in diff.ops() {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            for i in 0..len {
                let a = diff.old_slice(old_index + i).unwrap();
                let b = diff.new_slice(new_index + i).unwrap();
                assert_eq!(a, b);
                kept += 1;
            }
        }
    }
    let removed = old.lines().count() - kept;
    // 0.9.4 to 1.1.1 removes or rewrites a handful of lines, keeps the rest.
    assert!(kept > 130 && removed < 20, "kept {kept}, removed {removed}");
    // The lines the upgrade removes are all ASCII: the é lines stayed.
    assert_eq!(new.matches('\u{e9}').count(), 3);
}

#[test]
fn latin1_diff_is_in_latin1_and_applies_to_the_file() {
    let latin1 = latin1_settings("latin-1", b"\xE9");
    let (dir, path) = temp_with("settings.py", &latin1);
    let out = upgrade()
        .args(["--hostname", HOST, "settings.py"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let diff = out.stdout;
    assert!(diff.starts_with(b"--- a/settings.py\n+++ b/settings.py\n"));
    // The context line inside MIDDLEWARE_CLASSES holds the é, as the file's own byte.
    assert!(
        contains(&diff, b"     # ajout\xE9 en 2012\n"),
        "{}",
        latin1_to_string(&diff)
    );
    assert!(!diff.windows(2).any(|w| w == b"\xC3\xA9"));
    assert_eq!(fs::read(&path).unwrap(), latin1, "diff mode writes nothing");
    assert!(
        has_tool("patch"),
        "patch is not installed; .ci/run installs it"
    );
    fs::write(dir.path().join("change.diff"), &diff).unwrap();
    let st = StdCommand::new("patch")
        .args(["-p1", "--quiet", "-i", "change.diff"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(st.success(), "patch -p1 failed");
    let (_, written) = write_run(&latin1, &[]);
    assert_eq!(fs::read(&path).unwrap(), written);
}

#[test]
fn latin1_on_stdin_with_write_prints_latin1() {
    let latin1 = latin1_settings("latin-1", b"\xE9");
    let out = upgrade()
        .args(["--write", "--hostname", HOST, "-"])
        .write_stdin(latin1.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let (_, written) = write_run(&latin1, &[]);
    assert_eq!(out.stdout, written);
}

#[test]
fn undecodable_byte_without_a_declaration_exits_2_with_its_offset_and_the_file_is_untouched() {
    let bytes: &[u8] = b"DEBUG = True\n# caf\xE9\nSITE_ID = 1\n";
    let (_dir, path) = temp_with("settings.py", bytes);
    let out = upgrade()
        .args(["--write", "--backup"])
        .arg(&path)
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert!(err.contains("byte offset 18"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("settings.py"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(names_in(path.parent().unwrap()), ["settings.py"]);
}

#[test]
fn undecodable_byte_despite_a_latin1_looking_file_with_utf8_declared_exits_2() {
    let bytes: &[u8] = b"# -*- coding: utf-8 -*-\nNAME = 'caf\xE9'\n";
    let (_dir, path) = temp_with("settings.py", bytes);
    let out = upgrade().arg("--write").arg(&path).output().unwrap();
    let err = assert_error(&out);
    assert!(err.contains("byte offset 35"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

// ---------------------------------------------------------------------------------------------
// Python 2-era syntax
// ---------------------------------------------------------------------------------------------

/// Put `line` in a copy of the 0.9.4 fixture (after `after`) and upgrade both with `--write`
/// to 1.14.0 (1.15.0 rewrites Python 2 syntax): the line stays byte for byte and the rest of
/// the output is what the file without it gives.
fn py2_construct_survives(after: &str, line: &str) {
    let base = release_bytes("0.9.4");
    let with = insert_after(&base, after, line.as_bytes());
    let (code, out_with) = write_run(&with, &["--to", "1.14.0"]);
    assert_eq!(code, 1);
    let (_, out_without) = write_run(&base, &["--to", "1.14.0"]);
    let out_with = String::from_utf8(out_with).unwrap();
    let own_line = format!("\n{line}\n");
    assert_eq!(
        out_with.matches(&own_line).count(),
        1,
        "{line:?} is not in the output as it was:\n{out_with}"
    );
    assert_eq!(
        out_with.replacen(&own_line, "\n", 1),
        String::from_utf8(out_without).unwrap(),
        "the other changes differ with {line:?}"
    );
}

#[test]
fn python2_octal_literal_0644_does_not_block_the_upgrade() {
    py2_construct_survives("TEMPLATE_DEBUG = DEBUG", "FILE_UPLOAD_PERMISSIONS = 0644");
    py2_construct_survives(
        "LOGIN_URL = '/accounts/login/'",
        "FILE_UPLOAD_PERMISSIONS = 0644",
    );
}

#[test]
fn python2_print_statement_does_not_block_the_upgrade() {
    py2_construct_survives("TEMPLATE_DEBUG = DEBUG", "print \"x\"");
    py2_construct_survives("import os", "print \"loading settings from\", __file__");
}

#[test]
fn python2_ur_string_prefix_does_not_block_the_upgrade() {
    py2_construct_survives("TEMPLATE_DEBUG = DEBUG", "SITE_NAME = ur\"x\"");
    py2_construct_survives("TEMPLATE_DEBUG = DEBUG", "ur\"x\"");
}

#[test]
fn python2_long_integer_suffix_does_not_block_the_upgrade() {
    py2_construct_survives(
        "TEMPLATE_DEBUG = DEBUG",
        "FILE_UPLOAD_MAX_MEMORY_SIZE = 10L",
    );
}

#[test]
fn python2_backticks_do_not_block_the_upgrade() {
    py2_construct_survives("TEMPLATE_DEBUG = DEBUG", "DEBUG_TEXT = `DEBUG`");
}

#[test]
fn python2_not_equal_operator_does_not_block_the_upgrade() {
    py2_construct_survives("TEMPLATE_DEBUG = DEBUG", "SHOW_TOOLBAR = DEBUG <> False");
}

#[test]
fn python2_constructs_all_together_do_not_block_the_upgrade() {
    py2_construct_survives(
        "TEMPLATE_DEBUG = DEBUG",
        "X = (0644, 10L, `1`, 1 <> 2, ur\"x\"); print \"x\"",
    );
}

// ---------------------------------------------------------------------------------------------
// Deep nesting
// ---------------------------------------------------------------------------------------------

fn assert_too_deep(bytes: &[u8]) -> String {
    let (_dir, path) = temp_with("settings.py", bytes);
    let out = upgrade().arg("--write").arg(&path).output().unwrap();
    let err = assert_error(&out);
    assert!(err.contains("nested more than 200"), "{}", truncated(&err));
    assert!(err.contains("settings.py:"), "{}", truncated(&err));
    // One line of a megabyte is not printed whole in the code frame.
    assert!(err.len() < 4000, "stderr is {} bytes", err.len());
    assert_eq!(fs::read(&path).unwrap(), bytes);
    err
}

#[test]
fn hundred_thousand_open_parentheses_exit_2_without_a_crash() {
    let mut bytes = b"X = ".to_vec();
    bytes.extend(std::iter::repeat_n(b'(', 100_000));
    assert_too_deep(&bytes);
}

#[test]
fn a_million_open_brackets_exit_2_without_a_crash() {
    let mut bytes = b"X = ".to_vec();
    bytes.extend(std::iter::repeat_n(b'[', 1_000_000));
    bytes.push(b'\n');
    assert_too_deep(&bytes);
}

#[test]
fn closed_deep_brackets_exit_2_without_a_crash() {
    let mut bytes = b"DEBUG = True\nX = ".to_vec();
    bytes.extend(std::iter::repeat_n(b'(', 50_000));
    bytes.push(b'1');
    bytes.extend(std::iter::repeat_n(b')', 50_000));
    bytes.push(b'\n');
    let err = assert_too_deep(&bytes);
    assert!(err.contains("settings.py:2:"), "{}", truncated(&err));
}

/// Long chains of operators nest the parser's tree as deep as brackets do (`1+1+1...` is
/// `((1+1)+1)...`): they used to overflow the stack. They have their own bound, far past
/// CPython's 200 nested brackets, and its own message.
#[test]
fn long_operator_chains_exit_2_without_a_crash() {
    let n = 100_000;
    let cases: Vec<(&str, String)> = vec![
        ("additions", format!("X = 1{}\n", "+1".repeat(n))),
        ("powers", format!("X = 2{}\n", "**2".repeat(n))),
        ("attributes", format!("X = a{}\n", ".b".repeat(n))),
        ("calls", format!("X = f{}\n", "()".repeat(n))),
        ("subscripts", format!("X = a{}\n", "[0]".repeat(n))),
        ("unary minus", format!("X = {}1\n", "-".repeat(10 * n))),
        ("not", format!("X = {}1\n", "not ".repeat(n))),
        ("lambdas", format!("X = {}1\n", "lambda a, b: ".repeat(n))),
        (
            "conditionals",
            format!("X = {}1\n", "1 if 1 else ".repeat(n)),
        ),
        ("f-string", format!("X = f\"{{1{}}}\"\n", "+1".repeat(n))),
        (
            "backticks",
            format!("X = {}1{}\n", "`1 + ".repeat(n / 10), "`".repeat(n / 10)),
        ),
    ];
    for (what, src) in cases {
        let (_dir, path) = temp_with("settings.py", &src);
        let out = upgrade().arg(&path).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{what}: {:?}\n{}",
            out.status,
            truncated(&stderr_of(&out))
        );
        assert!(
            stderr_of(&out).contains("operators chained more than"),
            "{what}: {}",
            truncated(&stderr_of(&out))
        );
    }
}

/// Issue 24: operator chains are not what CPython limits. A 201-term sum, a 202-term `or` and
/// 201 chained subscripts load in Python and are upgraded; 201 nested brackets stay refused.
#[test]
fn operator_chains_past_200_are_accepted_and_upgraded() {
    let pre = "SITE_ID = 1\nA = [0]\n";
    for (what, line) in [
        ("sum", format!("LIMIT = 0{}\n", " + 0".repeat(200))),
        ("or", format!("LIMIT = A{}\n", " or A".repeat(201))),
        ("subscripts", format!("LIMIT = A{}\n", "[0]".repeat(201))),
    ] {
        let src = format!("{pre}{line}");
        let (_dir, path) = temp_with("settings.py", &src);
        let out = upgrade()
            .args(["--write", "--from", "1.14.0", "--to", "1.15.0"])
            .args([
                "--hostname",
                "mail.example.com",
                "--mail-domain",
                "example.com",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{what}: {}",
            truncated(&stderr_of(&out))
        );
        let written = fs::read_to_string(&path).unwrap();
        assert!(written.contains(&line), "{what}");
        assert!(
            written.contains("DISABLE_DASHBOARD_EXTERNAL_QUERIES"),
            "{what}"
        );
    }
    let src = format!("X = {}1{}\n", "(".repeat(201), ")".repeat(201));
    assert!(assert_too_deep(src.as_bytes()).contains("nested more than 200"));
}

#[test]
fn deeply_nested_blocks_exit_2_without_a_crash() {
    let mut src = String::new();
    for i in 0..300 {
        src.push_str(&" ".repeat(i));
        src.push_str("if DEBUG:\n");
    }
    src.push_str(&" ".repeat(300));
    src.push_str("X = 1\n");
    assert_too_deep(src.as_bytes());
}

/// Worker threads (eight paths or more) have smaller stacks than the main thread: nesting just
/// under the limit still upgrades there, and nesting past it is still a clean exit 2.
#[test]
fn nesting_at_the_limit_upgrades_on_worker_threads_and_past_it_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let chain = |n: usize| format!("X = 1{}\n", "+1".repeat(n));
    let calls = |n: usize| format!("X = f{}\n", "(a).b".repeat(n / 2));
    let parens = |n: usize| format!("X = {}1{}\n", "(".repeat(n), ")".repeat(n));
    use modoboa_settings::syntax::depth::MAX_CHAIN;
    let mut paths = Vec::new();
    let chained = MAX_CHAIN - 10;
    for (i, src) in [chain(chained), calls(chained), parens(190)]
        .iter()
        .cycle()
        .take(9)
        .enumerate()
    {
        let name = format!("ok{i}.py");
        fs::write(dir.path().join(&name), src).unwrap();
        paths.push(name);
    }
    // Forced: these files are not Modoboa's, and would be left alone.
    let out = upgrade()
        .args(["--from", "0.7"])
        .args(&paths)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        truncated(&stderr_of(&out))
    );
    let mut paths = Vec::new();
    for (i, src) in [chain(100_000), calls(100_000), parens(100_000)]
        .iter()
        .cycle()
        .take(9)
        .enumerate()
    {
        let name = format!("deep{i}.py");
        fs::write(dir.path().join(&name), src).unwrap();
        paths.push(name);
    }
    let out = upgrade()
        .args(&paths)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = assert_error(&out);
    assert_eq!(
        err.matches("nested more than 200").count(),
        3,
        "{}",
        truncated(&err)
    );
    assert_eq!(
        err.matches(&format!("operators chained more than {MAX_CHAIN}"))
            .count(),
        6,
        "{}",
        truncated(&err)
    );
}

#[test]
fn nesting_limit_counts_only_what_nests() {
    use modoboa_settings::syntax::depth::{too_deep, LIMITS, MAX_CHAIN, MAX_DEPTH};
    let too_deep = |text: &str| too_deep(text, LIMITS);
    // Siblings do not nest: a long tuple, a long dict, many statements, many strings.
    let tuple = format!("X = ({})\n", "os.path.join(A, 'b'), ".repeat(5000));
    assert_eq!(too_deep(&tuple), None);
    let dict = format!("X = {{{}}}\n", "'k': a.b.c + 1, ".repeat(5000));
    assert_eq!(too_deep(&dict), None);
    let lines = "X = a.b.c.d + e - f * g\n".repeat(5000);
    assert_eq!(too_deep(&lines), None);
    let crlf = "X = a.b.c.d + e - f * g\r\n".repeat(5000);
    assert_eq!(too_deep(&crlf), None);
    let semicolons = "X = a.b + c; ".repeat(5000);
    assert_eq!(too_deep(&semicolons), None);
    let strings = format!(
        "X = '{}' \"{}\" # {}\n",
        "+".repeat(5000),
        "(".repeat(5000),
        "[".repeat(5000)
    );
    assert_eq!(too_deep(&strings), None);
    let blocks = "if A:\n    X = 1\nelse:\n    X = 2\n".repeat(5000);
    assert_eq!(too_deep(&blocks), None);
    // What nests, does.
    // Operator chains are not brackets: CPython takes thousands; they have their own bound.
    let chain = |n: usize| format!("X = 1{}\n", "+1".repeat(n));
    assert!(too_deep(&chain(MAX_DEPTH + 1)).is_none());
    assert!(too_deep(&chain(MAX_CHAIN + 1)).is_some_and(|d| d.chain));
    assert!(too_deep(&chain(MAX_CHAIN - 1)).is_none());
    let parens = |n: usize| format!("X = {}1{}\n", "(".repeat(n), ")".repeat(n));
    assert!(too_deep(&parens(MAX_DEPTH + 1)).is_some_and(|d| !d.chain));
    assert!(too_deep(&parens(MAX_DEPTH)).is_none());
    let lambdas = format!("X = {}1\n", "lambda a, b: ".repeat(MAX_CHAIN + 1));
    assert!(too_deep(&lambdas).is_some());
    let continued = format!("X = 1{}\n", " \\\n+ 1".repeat(MAX_CHAIN + 1));
    assert!(too_deep(&continued).is_some());
    let fstring = format!("X = f'{{{}}}'\n", "a.".repeat(MAX_CHAIN + 1));
    assert!(too_deep(&fstring).is_some());
}

// ---------------------------------------------------------------------------------------------
// Files that are not settings files
// ---------------------------------------------------------------------------------------------

// Issue 23: an empty or comment-only file is nobody's settings: left alone, exit 0 (it was
// exit 2, which blocked a pre-commit commit), never written.

/// `upgrade --write` on `path`: exit 0, and what it said on stderr.
fn left_alone(path: &std::path::Path) -> String {
    let out = upgrade().arg("--write").arg(path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn empty_file_is_left_alone_with_a_clear_message() {
    let (_dir, path) = temp_with("settings.py", "");
    let err = left_alone(&path);
    assert!(
        err.contains("settings.py: left alone: it holds no settings (the file is empty)"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), b"");
}

#[test]
fn blank_file_with_only_a_bom_is_left_alone_with_a_clear_message() {
    let bytes = b"\xEF\xBB\xBF\n\n  \n";
    let (_dir, path) = temp_with("settings.py", bytes);
    let err = left_alone(&path);
    assert!(err.contains("the file is empty"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn comment_only_file_is_left_alone_with_a_clear_message() {
    let bytes = b"# Django settings for modoboa project.\n#\n# DEBUG = True\n";
    let (_dir, path) = temp_with("settings.py", bytes);
    let err = left_alone(&path);
    assert!(
        err.contains("settings.py: left alone: it holds no settings (only comments)"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn directory_exits_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let err = assert_error(&upgrade().arg("--write").arg(dir.path()).output().unwrap());
    assert!(err.contains("it is a directory"), "{err}");
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn missing_path_exits_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("settings.py");
    let err = assert_error(&upgrade().arg("--write").arg(&missing).output().unwrap());
    assert!(err.contains("settings.py: no such file"), "{err}");
    assert!(names_in(dir.path()).is_empty(), "nothing created");
}

// ---------------------------------------------------------------------------------------------
// Dynamic settings
// ---------------------------------------------------------------------------------------------

fn skipped_entry<'a>(file: &'a Value, id: &str) -> &'a Value {
    file["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("{id} not skipped: {file:#}"))
}

#[test]
fn dynamic_fixture_skips_what_it_cannot_edit_with_lines_and_applies_the_rest() {
    let src = fs::read(fixture("variants/0.8-dynamic.py")).unwrap();
    let (dir, path) = temp_with("settings.py", &src);
    let (v, code) = json_run(&path, &["--write"]);
    assert_eq!(code, 1);
    let file = &v["files"][0];
    assert_eq!(file["error"], Value::Null);
    assert_eq!(file["written"], true);
    // With --write, the lines are those of the file as written.
    assert_eq!(file["lines"], "written");
    let written = fs::read(&path).unwrap();
    // INSTALLED_APPS = BASE_APPS + (...): skipped at its line.
    let apps = skipped_entry(file, "0.8.1/messages-app");
    assert_eq!(
        apps["line"],
        line_of(&written, "INSTALLED_APPS = BASE_APPS + (")
    );
    assert!(apps["reason"]
        .as_str()
        .unwrap()
        .contains("built dynamically"));
    // MIDDLEWARE_CLASSES assigned twice: skipped at the second assignment.
    let mw = skipped_entry(file, "0.8.1/messages-middleware");
    let text = String::from_utf8(written.clone()).unwrap();
    let second_line = text
        .lines()
        .enumerate()
        // (1.10.0 renamed the setting MIDDLEWARE.)
        .filter(|(_, l)| l.starts_with("MIDDLEWARE = ("))
        .nth(1)
        .map(|(i, _)| i + 1)
        .unwrap();
    assert_eq!(mw["line"], second_line);
    assert!(mw["reason"]
        .as_str()
        .unwrap()
        .contains("assigned more than once"));
    // Every skipped step names its line; the rest was applied.
    for s in file["skipped"].as_array().unwrap() {
        assert!(s["line"].as_u64().is_some_and(|l| l > 0), "{s}");
    }
    let applied = ids(&file["applied"]);
    for id in [
        "0.8.4/databases-dict",
        "0.9.4/drop-model-backend",
        "1.0.0/logging",
    ] {
        assert!(
            applied.contains(&id.to_string()),
            "{id} not applied: {applied:?}"
        );
    }
    // The written file parses, and a second run applies nothing more: the file is detected at
    // its new release, and what the skipped steps would have added is reported as missing. The
    // steps that could not edit the dynamic INSTALLED_APPS stay owed (exit 1) until it is done.
    let (v, code) = json_run(&path, &[]);
    assert_eq!(code, 1, "{v:#}");
    assert!(ids(&v["files"][0]["applied"]).is_empty(), "{v:#}");
    let owed: Vec<&Value> = v["files"][0]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["owed"] == true)
        .collect();
    assert!(
        owed.iter().any(|s| s["id"] == "1.3.0/drop-south"
            && s["line"] == line_of(&fs::read(&path).unwrap(), "INSTALLED_APPS = BASE_APPS + (")),
        "{v:#}"
    );
    let missing = v["files"][0]["missing"].as_array().unwrap();
    assert!(
        missing
            .iter()
            .any(|m| m.as_str().unwrap().contains("CsrfViewMiddleware")),
        "{v:#}"
    );
    assert_eq!(names_in(dir.path()), ["settings.py"]);
}

/// A reason that names other lines (a setting assigned twice) names them in the file the user
/// has, never in a text some earlier step left: the lines given with --check, the lines
/// written with --write, the same in every step's message.
#[test]
fn lines_inside_skip_reasons_are_those_of_the_file_given_or_written() {
    let src = fs::read(fixture("variants/0.8-dynamic.py")).unwrap();
    let (_dir, path) = temp_with("settings.py", &src);
    let twice = |file: &Value| -> Vec<String> {
        file["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["reason"].as_str())
            .filter(|r| r.contains("assigned more than once"))
            .map(str::to_string)
            .collect()
    };
    let starts = |text: &[u8], prefix: &str| -> Vec<usize> {
        String::from_utf8_lossy(text)
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with(prefix))
            .map(|(i, _)| i + 1)
            .collect()
    };
    let given = starts(&src, "MIDDLEWARE_CLASSES = (");
    assert_eq!(given.len(), 2);
    let (v, _) = json_run(&path, &["--check"]);
    let reasons = twice(&v["files"][0]);
    assert!(reasons.len() > 3, "{v:#}");
    let want = format!("lines {} and {}", given[0], given[1]);
    for r in &reasons {
        assert!(r.contains(&want), "{r:?}, want {want:?}");
    }
    let (v, _) = json_run(&path, &["--write"]);
    let written = starts(&fs::read(&path).unwrap(), "MIDDLEWARE = (");
    assert_eq!(written.len(), 2);
    assert_ne!(written, given, "the steps moved the assignments");
    let want = format!("lines {} and {}", written[0], written[1]);
    for r in twice(&v["files"][0]) {
        assert!(r.contains(&want), "{r:?}, want {want:?}");
    }
}

/// The 0.9.4 fixture with `MIDDLEWARE_CLASSES` replaced by something the tool cannot edit.
fn with_middleware(replacement: &str) -> Vec<u8> {
    let text = String::from_utf8(release_bytes("0.9.4")).unwrap();
    let start = text.find("MIDDLEWARE_CLASSES = (").unwrap();
    let end = start + text[start..].find("\n)\n").unwrap() + 3;
    format!("{}{replacement}{}", &text[..start], &text[end..]).into_bytes()
}

/// Upgrade `src` (JSON, `--write`): both middleware steps of 1.0.0 are skipped at the line where
/// `statement` is when they run, which is its line in the written file (the two lines 1.0.0 adds
/// above it, the SysLogHandler import and ALLOWED_HOSTS, come first), and the rest is applied.
fn assert_middleware_steps_skipped(src: &[u8], statement: &str, reason: &str) {
    let (_dir, path) = temp_with("settings.py", src);
    // The releases these assertions are about (1.10.0 renames MIDDLEWARE_CLASSES).
    let (v, code) = json_run(&path, &["--write", "--to", "1.1.1"]);
    assert_eq!(code, 1, "{v:#}");
    let file = &v["files"][0];
    let written = fs::read(&path).unwrap();
    let line = last_line_of(&written, statement);
    assert_eq!(line, last_line_of(src, statement) + 2);
    for id in ["1.0.0/csrf-middleware", "1.0.0/revision-middleware"] {
        let s = skipped_entry(file, id);
        assert_eq!(s["line"], line, "{s}");
        assert!(s["reason"].as_str().unwrap().contains(reason), "{s}");
    }
    let applied = ids(&file["applied"]);
    for id in [
        "1.0.0/allowed-hosts",
        "1.0.0/reversion-app",
        "1.1.1/dovecot-lookup-path",
    ] {
        assert!(
            applied.contains(&id.to_string()),
            "{id} not applied: {applied:?}"
        );
    }
    let text = String::from_utf8(written).unwrap();
    assert!(text.contains("'reversion',"), "{text}");
    assert!(!text.contains("CsrfViewMiddleware"), "{text}");
}

#[test]
fn middleware_from_a_function_call_is_skipped_with_its_line_and_the_rest_applied() {
    let src = with_middleware("MIDDLEWARE_CLASSES = build_middleware(DEBUG)\n");
    assert_middleware_steps_skipped(&src, "MIDDLEWARE_CLASSES = build_", "built dynamically");
}

#[test]
fn middleware_built_from_another_name_is_skipped_with_its_line_and_the_rest_applied() {
    let src = with_middleware(
        "BASE_MIDDLEWARE = ('django.middleware.common.CommonMiddleware',)\n\
         MIDDLEWARE_CLASSES = BASE_MIDDLEWARE + (\n    'modoboa.lib.middleware.AjaxLoginRedirect',\n)\n",
    );
    assert_middleware_steps_skipped(&src, "MIDDLEWARE_CLASSES = BASE_", "built dynamically");
}

#[test]
fn middleware_assigned_twice_is_skipped_at_the_second_assignment_and_the_rest_applied() {
    let twice = "MIDDLEWARE_CLASSES = (\n    'django.middleware.common.CommonMiddleware',\n)\n\
                 SITE_ID = 1\n\
                 MIDDLEWARE_CLASSES = (\n    'django.middleware.gzip.GZipMiddleware',\n)\n";
    let src = with_middleware(twice);
    assert_middleware_steps_skipped(&src, "SITE_ID = 1\nMIDDLEWARE_CLASSES", "more than once");
}

// ---------------------------------------------------------------------------------------------
// Regressions found by tests/properties.rs and the fuzzer
// ---------------------------------------------------------------------------------------------

/// `--write`, then a second run: nothing left to apply, the file as the first run left it.
fn converges(src: &[u8]) -> Vec<u8> {
    let (dir, path) = temp_with("settings.py", src);
    let out = upgrade()
        .args(["--write", "--hostname", HOST])
        .arg(&path)
        .output()
        .unwrap();
    // 0 when `src` is already the output of a run (detected at its new release).
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        stderr_of(&out)
    );
    let first = fs::read(&path).unwrap();
    let (v, _) = json_run(&path, &["--write"]);
    let file = &v["files"][0];
    assert_eq!(file["error"], Value::Null, "{v:#}");
    assert!(
        ids(&file["applied"]).is_empty(),
        "second run applied: {v:#}"
    );
    assert_eq!(file["changed"], false, "{v:#}");
    assert_eq!(
        fs::read(&path).unwrap(),
        first,
        "the second run changed the file"
    );
    assert_eq!(names_in(dir.path()), ["settings.py"]);
    first
}

/// With MIDDLEWARE_CLASSES assigned twice, detection stays at 0.8.1 after the upgrade, so a
/// second run goes through the 0.8.2 to 1.1.0 steps again: renaming amavis_quarantine (added
/// again by 0.8.2) to amavis, already in MODOBOA_APPS, listed it twice in INSTALLED_APPS.
#[test]
fn second_run_on_a_file_detected_behind_does_not_duplicate_renamed_apps() {
    let mut src = b"MIDDLEWARE_CLASSES = ()\n".to_vec();
    src.extend(release_bytes("0.7"));
    let out = String::from_utf8(converges(&src)).unwrap();
    // The amavis extension, under whichever name the newest release gives it, listed once.
    let names = [
        "'modoboa.extensions.amavis'",
        "'modoboa_amavis'",
        "'modoboa.amavis'",
    ];
    let count: usize = names.iter().map(|n| out.matches(n).count()).sum();
    assert_eq!(count, 1, "{out}");
}

/// A duplicated entry that a step renames: both occurrences go in one run.
#[test]
fn a_renamed_entry_listed_twice_is_handled_in_one_run() {
    let text = String::from_utf8(release_bytes("0.7")).unwrap();
    let line = "    'django.template.loaders.filesystem.load_template_source',\n";
    let src = format!(
        "MIDDLEWARE_CLASSES = ()\n{}",
        text.replacen(line, &line.repeat(2), 1)
    );
    let out = String::from_utf8(converges(src.as_bytes())).unwrap();
    assert!(!out.contains("load_template_source"), "{out}");
}

/// Adding an item and a later step removing it again leaves the trailing-comma habit as it was.
#[test]
fn removing_the_last_item_keeps_the_no_trailing_comma_habit() {
    let src: &[u8] = concat!(
        "INSTALLED_APPS = (\n",
        "    'south',\n",
        "    'django.contrib.staticfiles'\n",
        ")\n",
        "MODOBOA_APPS = (\n",
        "    'modoboa.extensions.postfix_autoreply',\n",
        "    'modoboa.extensions.webmail',\n",
        "    'modoboa.extensions.stats',\n",
        "    'modoboa.extensions.amavis',\n",
        ")\n",
        "INSTALLED_APPS += MODOBOA_APPS\n",
    )
    .as_bytes();
    let (_dir, path) = temp_with("settings.py", src);
    let out = upgrade()
        .args([
            "--write",
            "--from",
            "0.8.1",
            "--to",
            "0.9.1",
            "--only",
            "0.8.2/all-extensions",
            "--only",
            "0.9.1/amavis-rename",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(fs::read(&path).unwrap(), src);
}

/// `LOGGING = {}` on one line: the 1.0.0 merge put its keys side by side without commas (an
/// internal error, nothing written).
#[test]
fn logging_merge_into_an_empty_one_line_dict() {
    for logging in ["LOGGING = {}", "LOGGING = {'handlers': {}}"] {
        let src = insert_after(
            &release_bytes("0.9.4"),
            "TEMPLATE_DEBUG = DEBUG",
            logging.as_bytes(),
        );
        let out = String::from_utf8(converges(&src)).unwrap();
        for key in [
            "'version': 1",
            "'mail_admins'",
            "'syslog-auth'",
            "'loggers'",
        ] {
            assert!(out.contains(key), "{logging}: {key} missing:\n{out}");
        }
    }
}

/// Found by the fuzzer: `'a'  # note` then `'b',` on the next line, a missing comma, is one
/// string in Python. The steps took the pieces for elements, added one again, and the second
/// run changed the file. Now the sequence is reported and left alone.
#[test]
fn strings_with_a_missing_comma_in_installed_apps_are_reported_not_edited() {
    let base = String::from_utf8(release_bytes("0.9.4")).unwrap();
    let src = base.replacen(
        "    'modoboa.extensions.stats',\n",
        "    'modoboa.extensions.stats'  # no comma\n",
        1,
    );
    assert_ne!(src, base);
    let (_dir, path) = temp_with("settings.py", &src);
    // The lines counted below are those of the releases up to 1.1.1.
    let (v, code) = json_run(&path, &["--write", "--to", "1.1.1"]);
    assert_eq!(code, 1, "{v:#}");
    let file = &v["files"][0];
    let skipped = skipped_entry(file, "1.0.0/reversion-app");
    // Its line when the step ran: the four lines 1.0.0 adds above it came first.
    let written = fs::read(&path).unwrap();
    assert_eq!(skipped["line"], line_of(&written, "# no comma"));
    assert_eq!(skipped["line"], line_of(src.as_bytes(), "# no comma") + 4);
    assert!(
        skipped["reason"]
            .as_str()
            .unwrap()
            .contains("no comma between them"),
        "{skipped}"
    );
    converges(&written);
}

#[test]
fn every_hostile_fixture_is_upgraded_safely_or_refused() {
    let mut paths: Vec<PathBuf> = fs::read_dir(fixture("hostile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "{paths:?}");
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let src = fs::read(&p).unwrap();
        let (dir, path) = temp_with("settings.py", &src);
        let out = upgrade()
            .args(["--write", "--hostname", HOST])
            .arg(&path)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert!(!err.contains("panicked"), "{name}: {}", truncated(&err));
        match out.status.code() {
            Some(2) => {
                assert_eq!(fs::read(&path).unwrap(), src, "{name}: refused but touched");
                assert!(
                    !err.contains("internal error"),
                    "{name}: {}",
                    truncated(&err)
                );
            }
            Some(0 | 1) => {
                let first = fs::read(&path).unwrap();
                let (v, _) = json_run(&path, &["--write"]);
                let file = &v["files"][0];
                assert!(ids(&file["applied"]).is_empty(), "{name}: {v:#}");
                assert_eq!(
                    fs::read(&path).unwrap(),
                    first,
                    "{name}: second run changed it"
                );
            }
            other => panic!("{name}: {other:?} {:?}\n{}", out.status, truncated(&err)),
        }
        assert_eq!(names_in(dir.path()), ["settings.py"], "{name}");
    }
}

#[test]
fn a_device_is_refused_not_read_forever() {
    let out = bin()
        .args(["upgrade", "--color", "never", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn a_save_made_in_place_between_the_comparison_and_the_rename_is_kept_beside() {
    use modoboa_settings::text::write::{replace_file_with_hooks, WriteError, WriteOptions};
    let (dir, path) = temp_with("settings.py", b"DEBUG = True\n");
    // An editor saving in place: the same file (inode), rewritten after the comparison.
    let save = || {
        use std::io::Write;
        let mut f = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        f.write_all(b"DEBUG = True\nSAVED = 1  # by an editor\n")
            .unwrap();
    };
    let err = replace_file_with_hooks(
        &path,
        b"DEBUG = True\n",
        b"DEBUG = False\n",
        &WriteOptions::default(),
        &|| {},
        &save,
    )
    .unwrap_err();
    let kept = dir.path().join("settings.py.conflict");
    assert!(
        matches!(&err, WriteError::Conflict { kept: k, .. } if k == &kept),
        "{err:?}"
    );
    assert!(err.to_string().contains("settings.py.conflict"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"DEBUG = False\n");
    assert_eq!(
        fs::read(&kept).unwrap(),
        b"DEBUG = True\nSAVED = 1  # by an editor\n"
    );
    // A second conflict takes the next free name.
    fs::write(&path, b"A = 1\n").unwrap();
    let save2 = || {
        use std::io::Write;
        let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"B = 2\n").unwrap();
    };
    let err = replace_file_with_hooks(
        &path,
        b"A = 1\n",
        b"A = 2\n",
        &WriteOptions::default(),
        &|| {},
        &save2,
    )
    .unwrap_err();
    assert!(matches!(err, WriteError::Conflict { .. }), "{err:?}");
    assert_eq!(
        fs::read(dir.path().join("settings.py.conflict.1")).unwrap(),
        b"A = 1\nB = 2\n"
    );
    assert_eq!(
        names_in(dir.path()),
        [
            "settings.py",
            "settings.py.conflict",
            "settings.py.conflict.1"
        ]
    );
}
