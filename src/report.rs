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
    let d = similar::TextDiff::from_lines(old, new);
    let text = d
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
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
