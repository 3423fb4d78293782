//! Printers over one report value: unified diff, human text and JSON.
//!
//! The command line builds a [`FileReport`] per file and hands it to these functions; nothing
//! here decides anything about the upgrade itself.

use serde_json::{json, Value};

use crate::detect::Detection;
use crate::engine::{Applied, Manual, Pending, Skipped};

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
    pub applied: Vec<Applied>,
    pub pending: Vec<Pending>,
    pub skipped: Vec<Skipped>,
    pub manual: Vec<Manual>,
    pub error: Option<String>,
}

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy)]
pub struct Colors(pub bool);

impl Colors {
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
    if old == new {
        return String::new();
    }
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let text = unified(path, old, new);
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

/// A unified diff with three lines of context, as `diff -u` and `patch` know it. Lines are
/// numbered first (each distinct line gets an id), so the diff compares integers, not strings.
fn unified(path: &str, old: &str, new: &str) -> String {
    use similar::DiffTag;
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut old_ids = Vec::with_capacity(old_lines.len());
    for l in &old_lines {
        let next = ids.len() as u32;
        old_ids.push(*ids.entry(l).or_insert(next));
    }
    let mut new_ids = Vec::with_capacity(new_lines.len());
    for l in &new_lines {
        let next = ids.len() as u32;
        new_ids.push(*ids.entry(l).or_insert(next));
    }
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_ids, &new_ids);
    let mut out = String::new();
    for group in similar::group_diff_ops(ops, 3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        if out.is_empty() {
            out.push_str(&format!("--- a/{path}\n+++ b/{path}\n"));
        }
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(&old_range),
            hunk_range(&new_range)
        ));
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

/// `start,len` of a hunk (1-based; `start` alone for one line; the line before for none).
fn hunk_range(r: &std::ops::Range<usize>) -> String {
    match r.end - r.start {
        1 => format!("{}", r.start + 1),
        0 => format!("{},0", r.start),
        len => format!("{},{}", r.start + 1, len),
    }
}

/// The human summary of one file, for stderr.
pub fn text(r: &FileReport, colors: Colors) -> String {
    let mut out = String::new();
    if let Some(d) = &r.detected {
        out.push_str(&format!(
            "{}: detected release {} ({})\n",
            r.path,
            d.release.version,
            d.evidence.join("; ")
        ));
        for a in &d.ahead {
            out.push_str(&format!("{}:   but points further: {a}\n", r.path));
        }
    }
    if let (Some(from), Some(to)) = (r.from, r.to) {
        if r.applied.is_empty() && r.pending.is_empty() && r.skipped.is_empty() {
            out.push_str(&format!("{}: {from} -> {to}: nothing to change\n", r.path));
        } else {
            out.push_str(&format!("{}: {from} -> {to}\n", r.path));
        }
    }
    for a in &r.applied {
        out.push_str(&format!(
            "  {} {} (line {}): {}\n",
            colors.paint("32", "applied"),
            a.id,
            a.line,
            a.summary
        ));
    }
    for p in &r.pending {
        out.push_str(&format!(
            "  {} {}: {}\n",
            colors.paint("33", "pending"),
            p.id,
            p.reason
        ));
    }
    for s in &r.skipped {
        let line = s.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        out.push_str(&format!(
            "  {} {}{line}: {}\n",
            colors.paint("33", "skipped"),
            s.id,
            s.reason
        ));
    }
    if !r.manual.is_empty() {
        out.push_str("  manual steps, in order:\n");
        for (i, m) in r.manual.iter().enumerate() {
            out.push_str(&format!("    {:>2}. [{}] {}\n", i + 1, m.release, m.text));
        }
    }
    out
}

/// The JSON object of one file.
pub fn json_file(r: &FileReport) -> Value {
    json!({
        "path": r.path,
        "from": r.from,
        "to": r.to,
        "detected": r.detected.as_ref().map(|d| d.release.version),
        "changed": r.changed,
        "written": r.written,
        "applied": r.applied.iter().map(|a| json!({"id": a.id, "release": a.release, "line": a.line, "summary": a.summary})).collect::<Vec<_>>(),
        "pending": r.pending.iter().map(|p| json!({"id": p.id, "reason": p.reason})).collect::<Vec<_>>(),
        "skipped": r.skipped.iter().map(|s| json!({"id": s.id, "reason": s.reason, "line": s.line})).collect::<Vec<_>>(),
        "manual": manual_json(&r.manual),
        "error": r.error,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The same text as similar's own unified diff, for the shapes that matter.
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
            assert_eq!(unified("f", old, new), want, "{old:?} -> {new:?}");
        }
    }
}
