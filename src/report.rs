//! Printers over one report value: unified diff, human text and JSON.
//!
//! The command line builds a [`FileReport`] per file and hands it to these functions; nothing
//! here decides anything about the upgrade itself.

use serde_json::{json, Value};

use similar::DiffOp;

use crate::detect::Detection;
use crate::engine;
use crate::engine::{Applied, Manual, Pending, Skipped};
use crate::model::SettingsFile;
use crate::release::{self, Release};
use crate::text::edit::Kept;

/// Everything the tool has to say about one file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub path: String,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    /// The detection, when the starting release was detected rather than given.
    pub detected: Option<Detection>,
    pub changed: bool,
    pub written: bool,
    /// The lines of applied and skipped steps are those of the output (the file written), not
    /// those of the file given.
    pub lines_of_output: bool,
    pub applied: Vec<Applied>,
    pub pending: Vec<Pending>,
    pub skipped: Vec<Skipped>,
    pub manual: Vec<Manual>,
    /// Releases of the range whose changes the tool does not make yet.
    pub not_automated: Vec<&'static str>,
    /// The migration stops the upgrade goes past (`--to next-stop` stops at the first).
    pub stops: Vec<&'static str>,
    /// Why the file was left alone (not a Modoboa settings file), when it was.
    pub ignored: Option<String>,
    /// Remarks on the run (a target beyond what the tool automates, steps run again).
    pub notes: Vec<String>,
    pub error: Option<String>,
    /// With `--diff`: the unified diff (`Some(None)` when nothing changed). The JSON carries the
    /// key `diff` only when the diff was asked for.
    pub diff: Option<Option<String>>,
}

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy)]
pub struct Colors(pub bool);

impl Colors {
    /// `s` in the style `code`, appended to `out`.
    fn paint_into(&self, out: &mut String, code: &str, s: &str) {
        if self.0 {
            out.push_str("\x1b[");
            out.push_str(code);
            out.push('m');
            out.push_str(s);
            out.push_str("\x1b[0m");
        } else {
            out.push_str(s);
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// A unified diff with `a/PATH` and `b/PATH` headers (empty when nothing changed).
pub fn diff(path: &str, old: &str, new: &str, colors: Colors) -> String {
    painted(path, old, new, None, colors)
}

/// The same diff, for a `new` made from `old` by edits that left the stretches `kept` of it
/// untouched (as [`crate::engine::Upgrade::kept`] tells): the lines inside those stretches are
/// aligned as they are, and only the lines between them are searched. Stretches that do not
/// hold (wrong offsets, other text) only cost the alignment, never the diff's correctness.
pub fn diff_kept(path: &str, old: &str, new: &str, kept: &[Kept], colors: Colors) -> String {
    painted(path, old, new, Some(kept), colors)
}

fn painted(path: &str, old: &str, new: &str, kept: Option<&[Kept]>, colors: Colors) -> String {
    if old == new {
        return String::new();
    }
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let text = unified(path, old, new, kept);
    if !colors.0 {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let painted = if body.starts_with("+++") || body.starts_with("---") {
            colors.paint("1", body)
        } else if body.starts_with('+') {
            colors.paint("32", body)
        } else if body.starts_with('-') {
            colors.paint("31", body)
        } else if body.starts_with("@@") {
            colors.paint("36", body)
        } else {
            body.to_string()
        };
        out.push_str(&painted);
        out.push_str(end);
    }
    out
}

/// A unified diff with three lines of context, as `diff -u` and `patch` know it. With `kept`,
/// Myers runs only between the lines those stretches align; without, over the whole texts.
fn unified(path: &str, old: &str, new: &str, kept: Option<&[Kept]>) -> String {
    use similar::DiffTag;
    let (old_lines, new_lines) = (lines(old), lines(new));
    let ops = match kept {
        Some(kept) => anchored(&old_lines, &new_lines, kept),
        None => myers(&old_lines, &new_lines),
    };
    use std::fmt::Write;
    let groups = similar::group_diff_ops(ops, 3);
    // The size of the diff, so that the text is allocated once: the lines with their signs,
    // the headers, and the markers of a missing final newline.
    let bytes = |ls: &[&str]| ls.iter().map(|l| l.len() + 1).sum::<usize>();
    let size: usize = groups
        .iter()
        .flatten()
        .map(|op| {
            let (tag, o, n) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal | DiffTag::Delete => bytes(&old_lines[o]),
                DiffTag::Insert => bytes(&new_lines[n]),
                DiffTag::Replace => bytes(&old_lines[o]) + bytes(&new_lines[n]),
            }
        })
        .sum();
    let mut out = String::with_capacity(size + 64 * (groups.len() + 2) + 2 * path.len());
    for group in groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        if out.is_empty() {
            let _ = write!(out, "--- a/{path}\n+++ b/{path}\n");
        }
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            HunkRange(&old_range),
            HunkRange(&new_range)
        );
        for op in &group {
            let (tag, o, n) = op.as_tag_tuple();
            let mut emit = |sign: char, line: &str| {
                out.push(sign);
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            };
            match tag {
                DiffTag::Equal => old_lines[o].iter().for_each(|l| emit(' ', l)),
                DiffTag::Delete => old_lines[o].iter().for_each(|l| emit('-', l)),
                DiffTag::Insert => new_lines[n].iter().for_each(|l| emit('+', l)),
                DiffTag::Replace => {
                    old_lines[o].iter().for_each(|l| emit('-', l));
                    new_lines[n].iter().for_each(|l| emit('+', l));
                }
            }
        }
    }
    out
}

/// The lines of a text with their line endings, as `split_inclusive('\n')` gives them (a byte
/// search: `\n` never occurs inside another UTF-8 character, so every cut is a char boundary).
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = 0;
    for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(&text[start..at + 1]);
        start = at + 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Myers over two runs of lines. Lines are numbered first (each distinct line gets an id), so
/// the diff compares integers, not strings.
fn myers(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut old_ids = Vec::with_capacity(old.len());
    for l in old {
        let next = ids.len() as u32;
        old_ids.push(*ids.entry(l).or_insert(next));
    }
    let mut new_ids = Vec::with_capacity(new.len());
    for l in new {
        let next = ids.len() as u32;
        new_ids.push(*ids.entry(l).or_insert(next));
    }
    similar::capture_diff_slices(similar::Algorithm::Myers, &old_ids, &new_ids)
}

/// The pairs of lines (old index, new index) that the stretches `kept` align: a line of `old`
/// that lies whole inside a stretch, with the line of `new` at the same place in the stretch.
/// The pairs are checked to be equal lines and to rise on both sides, whatever `kept` says.
fn anchors(old: &[&str], new: &[&str], kept: &[Kept]) -> Vec<(usize, usize)> {
    fn starts(lines: &[&str]) -> Vec<usize> {
        let mut at = 0;
        let mut out = Vec::with_capacity(lines.len() + 1);
        for l in lines {
            out.push(at);
            at += l.len();
        }
        out.push(at);
        out
    }
    let (old_at, new_at) = (starts(old), starts(new));
    let mut out = Vec::with_capacity(old.len().min(new.len()));
    let (mut min_i, mut min_j) = (0, 0);
    for k in kept {
        let end = k.old.saturating_add(k.len);
        let mut i = old_at[..old.len()]
            .partition_point(|&s| s < k.old)
            .max(min_i);
        let mut j = new_at[..new.len()]
            .partition_point(|&s| s < k.new)
            .max(min_j);
        while i < old.len() && old_at[i + 1] <= end {
            let at = k.new.saturating_add(old_at[i] - k.old);
            while j < new.len() && new_at[j] < at {
                j += 1;
            }
            if j == new.len() {
                break;
            }
            if new_at[j] == at && old[i] == new[j] {
                out.push((i, j));
                (min_i, min_j) = (i + 1, j + 1);
                j += 1;
            }
            i += 1;
        }
    }
    out
}

/// The ops of the diff: the anchored lines are equal, Myers aligns the lines between them.
fn anchored(old: &[&str], new: &[&str], kept: &[Kept]) -> Vec<DiffOp> {
    let mut ops: Vec<DiffOp> = Vec::new();
    let (mut i0, mut j0) = (0, 0);
    let anchors = anchors(old, new, kept);
    for (i, j) in anchors.into_iter().chain([(old.len(), new.len())]) {
        match (i - i0, j - j0) {
            (0, 0) => {}
            (old_len, 0) => ops.push(DiffOp::Delete {
                old_index: i0,
                old_len,
                new_index: j0,
            }),
            (0, new_len) => ops.push(DiffOp::Insert {
                old_index: i0,
                new_index: j0,
                new_len,
            }),
            // One line for another, the most common edit: what Myers would say.
            (1, 1) if old[i0] != new[j0] => ops.push(DiffOp::Replace {
                old_index: i0,
                old_len: 1,
                new_index: j0,
                new_len: 1,
            }),
            _ => {
                // Gaps are short: comparing their lines costs less than numbering them.
                let gap = (&old[i0..i], &new[j0..j]);
                for op in similar::capture_diff_slices(similar::Algorithm::Myers, gap.0, gap.1) {
                    push_op(&mut ops, moved(op, i0, j0));
                }
            }
        }
        if i < old.len() {
            push_op(
                &mut ops,
                DiffOp::Equal {
                    old_index: i,
                    new_index: j,
                    len: 1,
                },
            );
        }
        (i0, j0) = (i + 1, j + 1);
    }
    ops
}

/// An op of a diff of two runs, moved to where the runs start.
fn moved(op: DiffOp, di: usize, dj: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + di,
            new_index: new_index + dj,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + di,
            old_len,
            new_index: new_index + dj,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + di,
            new_index: new_index + dj,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + di,
            old_len,
            new_index: new_index + dj,
            new_len,
        },
    }
}

/// Append an op, joining an equal run to the one it continues (hunks are cut on the length of
/// whole equal runs).
fn push_op(ops: &mut Vec<DiffOp>, op: DiffOp) {
    if let (
        Some(DiffOp::Equal {
            old_index,
            new_index,
            len,
        }),
        DiffOp::Equal {
            old_index: i,
            new_index: j,
            len: more,
        },
    ) = (ops.last_mut(), &op)
    {
        if *old_index + *len == *i && *new_index + *len == *j {
            *len += more;
            return;
        }
    }
    ops.push(op);
}

/// `start,len` of a hunk (1-based; `start` alone for one line; the line before for none).
struct HunkRange<'a>(&'a std::ops::Range<usize>);

impl std::fmt::Display for HunkRange<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = self.0;
        match r.end - r.start {
            1 => write!(f, "{}", r.start + 1),
            0 => write!(f, "{},0", r.start),
            len => write!(f, "{},{}", r.start + 1, len),
        }
    }
}

/// The human summary of one file, for stderr.
pub fn text(r: &FileReport, colors: Colors) -> String {
    let mut out = String::new();
    if let Some(reason) = &r.ignored {
        out.push_str(&format!("{}: left alone: {reason}\n", r.path));
    }
    if let Some(d) = &r.detected {
        if let Some(v) = d.version() {
            out.push_str(&format!(
                "{}: detected release {v} ({})\n",
                r.path,
                d.evidence.join("; ")
            ));
        }
    }
    out.push_str(&missing_and_notes(r));
    out.push_str(&steps_text(r, colors));
    out
}

/// `-v`: the summary with the evidence of detection one mark a line, and `extra` lines
/// (where the values came from) after it.
pub fn text_verbose(r: &FileReport, colors: Colors, extra: &str) -> String {
    let mut out = String::new();
    if let Some(reason) = &r.ignored {
        out.push_str(&format!("{}: left alone: {reason}\n", r.path));
    }
    if let Some(d) = &r.detected {
        if let Some(v) = d.version() {
            out.push_str(&format!("{}: detected release {v}\n", r.path));
        }
        for e in &d.evidence {
            out.push_str(&format!("{}:   evidence: {e}\n", r.path));
        }
    }
    out.push_str(&missing_and_notes(r));
    out.push_str(extra);
    out.push_str(&steps_text(r, colors));
    out
}

/// The marks detection found missing, and the remarks on the run.
fn missing_and_notes(r: &FileReport) -> String {
    let mut out = String::new();
    if let Some(d) = &r.detected {
        for m in &d.missing {
            out.push_str(&format!("{}:   missing: {m}\n", r.path));
        }
    }
    for n in &r.notes {
        out.push_str(&format!("{}: {n}\n", r.path));
    }
    out
}

/// The part of the summary after detection: releases, steps, manual checklist. Built with
/// `push_str` (a summary runs to hundreds of lines; `format!` per line cost more than the rest).
fn steps_text(r: &FileReport, colors: Colors) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(128 * (r.applied.len() + r.manual.len() + 2));
    if let (Some(from), Some(to)) = (r.from, r.to) {
        let _ = write!(out, "{}: {from} -> {to}", r.path);
        if r.applied.is_empty()
            && r.pending.is_empty()
            && r.skipped.is_empty()
            && r.not_automated.is_empty()
        {
            out.push_str(": nothing to change");
        } else if r.lines_of_output {
            out.push_str(" (lines of the file as written)");
        }
        out.push('\n');
    }
    for a in &r.applied {
        out.push_str("  ");
        colors.paint_into(&mut out, "32", "applied");
        out.push(' ');
        out.push_str(a.id);
        out.push_str(" (line ");
        push_number(&mut out, a.line);
        if a.owed {
            out.push_str(", owed since ");
            out.push_str(a.release);
        }
        out.push_str("): ");
        out.push_str(a.summary);
        out.push('\n');
    }
    for p in &r.pending {
        out.push_str("  ");
        colors.paint_into(&mut out, "33", "pending");
        out.push(' ');
        out.push_str(p.id);
        if p.owed {
            out.push_str(" (owed since ");
            out.push_str(p.release);
            out.push(')');
        }
        out.push_str(": ");
        out.push_str(&p.reason);
        out.push('\n');
    }
    for s in &r.skipped {
        out.push_str("  ");
        colors.paint_into(&mut out, "33", "skipped");
        out.push(' ');
        out.push_str(s.id);
        match (s.line, s.owed) {
            (Some(l), false) => {
                let _ = write!(out, " (line {l})");
            }
            (Some(l), true) => {
                let _ = write!(out, " (line {l}, owed since {})", s.release);
            }
            (None, true) => {
                let _ = write!(out, " (owed since {})", s.release);
            }
            (None, false) => {}
        }
        out.push_str(": ");
        out.push_str(&s.reason);
        out.push('\n');
    }
    if !r.not_automated.is_empty() {
        out.push_str("  ");
        colors.paint_into(&mut out, "33", "not automated");
        out.push(' ');
        out.push_str(&r.not_automated.join(", "));
        out.push_str(": the tool does not make these releases' changes yet; make them by hand (Modoboa's upgrade guide)\n");
    }
    if !r.manual.is_empty() {
        out.push_str("  manual steps, in order:\n");
        for (i, m) in r.manual.iter().enumerate() {
            out.push_str(if i + 1 < 10 { "     " } else { "    " });
            push_number(&mut out, i + 1);
            out.push_str(". [");
            out.push_str(m.release);
            out.push_str("] ");
            out.push_str(&m.text);
            out.push('\n');
        }
    }
    out
}

/// The decimal digits of `n`, appended (a summary writes hundreds of line numbers).
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// `-q`: the manual checklist folded to one line, with the command that prints it.
pub fn folded_manual(r: &FileReport) -> String {
    match (r.manual.len(), r.from, r.to) {
        (0, _, _) | (_, None, _) | (_, _, None) => String::new(),
        (n, Some(from), Some(to)) => format!(
            "{}: {n} manual step{} to do after the upgrade: see `modoboa-settings plan --from {from} --to {to}`\n",
            r.path,
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// The JSON object of one file.
pub fn json_file(r: &FileReport) -> Value {
    let mut v = json!({
        "path": r.path,
        "from": r.from,
        "to": r.to,
        "detected": r.detected.as_ref().and_then(|d| d.version()),
        "missing": r.detected.as_ref().map(|d| d.missing.clone()).unwrap_or_default(),
        "not_automated": r.not_automated,
        "stops": r.stops,
        "ignored": r.ignored,
        "changed": r.changed,
        "written": r.written,
        "lines": if r.lines_of_output { "written" } else { "given" },
        "applied": r.applied.iter().map(|a| json!({"id": a.id, "release": a.release, "line": a.line, "summary": a.summary, "owed": a.owed})).collect::<Vec<_>>(),
        "pending": r.pending.iter().map(|p| json!({"id": p.id, "release": p.release, "reason": p.reason, "owed": p.owed})).collect::<Vec<_>>(),
        "skipped": r.skipped.iter().map(|s| json!({"id": s.id, "release": s.release, "reason": s.reason, "line": s.line, "owed": s.owed})).collect::<Vec<_>>(),
        "manual": manual_json(&r.manual),
        "error": r.error,
    });
    if let Some(obj) = v.as_object_mut() {
        if let Some(diff) = &r.diff {
            obj.insert("diff".into(), json!(diff));
        }
    }
    v
}

/// The text of `detect` for one file: the release (or `not Modoboa`), then its evidence and
/// the marks it lacks.
pub fn detect_text(path: &str, d: &Detection) -> String {
    let mut out = match (d.version(), &d.reason) {
        (Some(v), _) => format!("{path}: {v}\n"),
        (None, Some(reason)) => format!("{path}: not Modoboa ({reason})\n"),
        (None, None) => format!("{path}: not Modoboa\n"),
    };
    for e in &d.evidence {
        out.push_str(&format!("  evidence: {e}\n"));
    }
    for m in &d.missing {
        out.push_str(&format!("  missing: {m}\n"));
    }
    out
}

/// The JSON object of `detect` for one file. `version` is null for a file that is not
/// Modoboa's, with the `reason`.
pub fn detect_json(path: &str, d: &Detection) -> Value {
    let mut v = json!({
        "path": path,
        "version": d.version(),
        "evidence": d.evidence,
        "missing": d.missing,
    });
    if let Some(reason) = &d.reason {
        v["reason"] = json!(reason);
    }
    v
}

pub fn manual_json(m: &[Manual]) -> Value {
    Value::Array(
        m.iter()
            .map(|m| json!({"release": m.release, "text": m.text}))
            .collect(),
    )
}

/// `{"files": [...]}` with one object per file.
pub fn json(files: &[FileReport]) -> String {
    let v = json!({ "files": files.iter().map(json_file).collect::<Vec<_>>() });
    format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
}

/// `{"files": [...]}`, pretty-printed, from objects built here.
pub fn files_json(files: Vec<Value>) -> String {
    pretty(&json!({ "files": files }))
}

fn pretty(v: &Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(v).unwrap_or_default())
}

/// The object of a file that could not be read: its path and the error.
pub fn error_json(path: &str, error: &str) -> Value {
    json!({"path": path, "error": error})
}

/// The object of `detect` for a file that could not be read.
pub fn detect_error_json(path: &str, error: &str) -> Value {
    json!({"path": path, "version": null, "evidence": [], "missing": [], "error": error})
}

/// `upgrade --show-settings`: each value with where it came from.
pub fn settings_json(path: &str, v: &crate::config::Values) -> Value {
    let item = |value: Value, source: Option<String>| json!({"value": value, "source": source});
    json!({
        "path": path,
        "hostname": item(json!(v.hostname.as_ref().map(|s| &s.value)), v.hostname.as_ref().map(|s| s.source.to_string())),
        "mail-domain": item(json!(v.mail_domain.as_ref().map(|s| &s.value)), v.mail_domain.as_ref().map(|s| s.source.to_string())),
        "dovecot-path": item(json!(v.dovecot_paths.as_ref().map(|s| &s.value)), v.dovecot_paths.as_ref().map(|s| s.source.to_string())),
    })
}

/// The text of `plan`: every release of the range with its automated and manual steps.
///
/// With the settings file, the manual steps for extensions it does not enable are left out;
/// without it, they are printed with their condition.
pub fn plan_text(from: &Release, to: &Release, file: Option<&SettingsFile>) -> String {
    let range = release::between(from, to);
    let stops = engine::stops_crossed(from, to);
    let mut s = format!("Upgrade plan from {} to {}\n", from.version, to.version);
    if range.is_empty() {
        s.push_str("\nNothing to do.\n");
    }
    for rel in range {
        s.push_str(&format!("\n{} ({})\n", rel.version, rel.title));
        if !rel.automated {
            s.push_str(&format!(
                "  [guide]  not automated yet: make this release's changes to settings.py by hand (Modoboa's upgrade guide, version {})\n",
                rel.version
            ));
        }
        for st in rel.steps {
            s.push_str(&format!("  [auto]   {}: {}\n", st.id, st.summary));
        }
        for m in rel.manual {
            match (&m.when, file) {
                (None, _) => s.push_str(&format!("  [manual] {}\n", m.text)),
                (Some(c), None) => {
                    s.push_str(&format!("  [manual] {} (only {})\n", m.text, c.describe()))
                }
                (Some(c), Some(f)) if c.holds(f) => s.push_str(&format!("  [manual] {}\n", m.text)),
                (Some(_), Some(_)) => {}
            }
        }
        if rel.automated && rel.steps.is_empty() && rel.manual.is_empty() {
            s.push_str("  no change to settings.py\n");
        }
        if stops.iter().any(|r| std::ptr::eq(*r, *rel)) {
            let mut cmds = engine::stop_commands(rel).into_iter();
            if let Some(head) = cmds.next() {
                s.push_str(&format!("  [STOP]   {head}:\n"));
            }
            for c in cmds {
                s.push_str(&format!("             {c}\n"));
            }
        }
    }
    let common = engine::common_procedure(range);
    if !common.is_empty() {
        s.push_str("\nCommon procedure, after the upgrade\n");
        for m in common {
            s.push_str(&format!("  [manual] {m}\n"));
        }
    }
    s
}

/// A release as `plan` and `transforms` print it in JSON.
fn release_json(r: &Release) -> Value {
    json!({
        "version": r.version,
        "title": r.title,
        "steps": r.steps.iter().map(|s| json!({"id": s.id, "summary": s.summary})).collect::<Vec<_>>(),
        "manual": r.manual.iter().map(|m| match &m.when {
            None => m.text.to_string(),
            Some(c) => format!("{} (only {})", m.text, c.describe()),
        }).collect::<Vec<_>>(),
        "automated": r.automated,
    })
}

/// The JSON of `plan`.
pub fn plan_json(from: &Release, to: &Release, file: Option<&SettingsFile>) -> String {
    let range = release::between(from, to);
    let stops = engine::stops_crossed(from, to);
    let releases: Vec<_> = range
        .iter()
        .map(|r| {
            let mut v = release_json(r);
            if let (Some(f), Some(list)) = (file, v["manual"].as_array_mut()) {
                // With a file: only the steps that apply to it, without conditions.
                let kept: Vec<Value> = r
                    .manual
                    .iter()
                    .filter(|m| m.when.as_ref().is_none_or(|c| c.holds(f)))
                    .map(|m| json!(m.text))
                    .collect();
                *list = kept;
            }
            let stop = stops.iter().any(|x| std::ptr::eq(*x, *r));
            v["stop"] = json!(stop);
            let commands = if stop {
                engine::stop_commands(r).split_off(1)
            } else {
                Vec::new()
            };
            v["stop_commands"] = json!(commands);
            v
        })
        .collect();
    let common = engine::common_procedure(range);
    pretty(&json!({"from": from.version, "to": to.version, "releases": releases, "common": common}))
}

/// The text of `transforms`: every release with its steps.
pub fn transforms_text(releases: &[&Release]) -> String {
    let mut s = String::new();
    for r in releases {
        let not = if r.automated {
            ""
        } else {
            " (not automated yet)"
        };
        s.push_str(&format!("{}  {}{not}\n", r.version, r.title));
        for st in r.steps {
            s.push_str(&format!("  {:<34} {}\n", st.id, st.summary));
        }
    }
    s
}

/// The JSON of `transforms`.
pub fn transforms_json(releases: &[&Release]) -> String {
    let releases: Vec<_> = releases.iter().map(|r| release_json(r)).collect();
    pretty(&json!({ "releases": releases }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same text as similar's own unified diff, for the shapes that matter.
    #[test]
    fn lines_split_as_split_inclusive() {
        for t in ["", "a", "\n", "a\nb", "a\r\nb\r\n", "\n\nx\n", "é\nà"] {
            let want: Vec<&str> = t.split_inclusive('\n').collect();
            assert_eq!(lines(t), want, "{t:?}");
        }
    }

    #[test]
    fn unified_matches_similar() {
        let cases = [
            ("a\nb\nc\n", "a\nB\nc\n"),
            ("a\nb\nc", "a\nb\nc\nd"),
            ("x\n", ""),
            ("", "x\ny\n"),
            (
                "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
                "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
            ),
            ("a\r\nb\r\n", "a\r\nc\r\nb\r\n"),
            ("same\nsame\nx\n", "same\nx\nsame\n"),
        ];
        for (old, new) in cases {
            let want = similar::TextDiff::from_lines(old, new)
                .unified_diff()
                .context_radius(3)
                .header("a/f", "b/f")
                .to_string();
            assert_eq!(unified("f", old, new, None), want, "{old:?} -> {new:?}");
        }
    }

    /// The ops cover both texts in order, and their equal lines are equal.
    fn check_ops(old: &str, new: &str, ops: &[DiffOp]) {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
        let (mut i, mut j) = (0, 0);
        for op in ops {
            let (tag, o, n) = op.as_tag_tuple();
            assert_eq!((o.start, n.start), (i, j), "{ops:?}");
            if tag == similar::DiffTag::Equal {
                assert_eq!(old_lines[o.clone()], new_lines[n.clone()], "{ops:?}");
            }
            (i, j) = (o.end, n.end);
        }
        assert_eq!((i, j), (old_lines.len(), new_lines.len()), "{ops:?}");
    }

    fn kept_ops(old: &str, new: &str, kept: &[Kept]) -> Vec<DiffOp> {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
        anchored(&old_lines, &new_lines, kept)
    }

    /// Edits tracked through `keep_through` give the same diff as Myers over the whole texts.
    #[test]
    fn kept_diff_of_edits() {
        use crate::text::edit::{apply, keep_through, Edit};
        let cases: Vec<(&str, Vec<Edit>)> = vec![
            ("a\nb\nc\n", vec![Edit::replace(2..3, "B")]),
            ("a\nb\nc", vec![Edit::insert(5, "\nd")]),
            ("x\n", vec![Edit::delete(0..2)]),
            ("a\r\nb\r\n", vec![Edit::insert(3, "c\r\n")]),
            (
                "\u{feff}A = 1\nB = 2\nC = 3\nD = 4\nE = 5\nF = 6\nG = 7\nH = 8\n",
                vec![
                    Edit::insert(3, "0"),
                    Edit::replace(21..22, "X"),
                    Edit::insert(45, "I = 9\n"),
                ],
            ),
            ("é = 'à'\nb = 1\n", vec![Edit::replace(6..8, "ü")]),
        ];
        for (old, edits) in cases {
            let kept = keep_through(&Kept::all(old), &edits);
            let new = apply(old, edits).expect("applies");
            check_ops(old, &new, &kept_ops(old, &new, &kept));
            assert_eq!(
                unified("f", old, &new, Some(&kept)),
                unified("f", old, &new, None),
                "{old:?} -> {new:?}"
            );
        }
    }

    /// Stretches that do not hold (out of range, overlapping, out of order, not the same
    /// text) still give a diff that turns the old text into the new one.
    #[test]
    fn kept_diff_survives_wrong_stretches() {
        let old = "a\nb\nc\nd\ne\n";
        let new = "a\nc\nb\nd\nx\n";
        let k = |old, new, len| Kept { old, new, len };
        let wrong = [
            vec![k(0, 0, 100)],
            vec![k(4, 2, 4), k(0, 0, 10)],
            vec![k(2, 4, 2), k(4, 2, 2), k(8, 8, 2)],
            vec![k(usize::MAX - 1, 3, 5)],
            vec![k(0, 0, 10), k(0, 0, 10)],
        ];
        for kept in wrong {
            let ops = kept_ops(old, new, &kept);
            check_ops(old, new, &ops);
            let d = unified("f", old, new, Some(&kept));
            assert!(d.starts_with("--- a/f\n+++ b/f\n@@ "), "{kept:?}: {d}");
        }
    }
}
