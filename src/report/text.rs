//! The human text: the summary of one file for stderr (`-v` and `-q` variants), and `detect`'s
//! text.

use crate::colors::Colors;
use crate::detect::Detection;
use crate::engine::IF_NOT_DONE;

use super::notes::{full_plan_note, left_alone};
use super::FileReport;

/// The human summary of one file, for stderr.
pub fn text(r: &FileReport, colors: Colors) -> String {
    let mut out = String::new();
    if let Some(reason) = &r.ignored {
        out.push_str(&left_alone(&r.path, reason));
    }
    if let Some(d) = &r.detected {
        if let Some(v) = d.state() {
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
        out.push_str(&left_alone(&r.path, reason));
    }
    if let Some(d) = &r.detected {
        if let Some(v) = d.state() {
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
        if r.applied.is_empty() && r.pending.is_empty() && r.skipped.is_empty() {
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
    if !r.manual.is_empty() {
        out.push_str("  manual steps, in order:\n");
        for (i, m) in r.manual.iter().enumerate() {
            out.push_str(if i + 1 < 10 { "     " } else { "    " });
            push_number(&mut out, i + 1);
            out.push_str(". [");
            out.push_str(m.release);
            out.push_str("] ");
            if m.if_not_done {
                out.push_str(IF_NOT_DONE);
            }
            out.push_str(&m.text);
            out.push('\n');
        }
    }
    if let (true, Some(from), Some(to)) = (r.written, r.from, r.to) {
        out.push_str(&full_plan_note(&r.path, from, to));
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

/// `-q`: one line for the steps pending (with the values they need) and one for the steps
/// skipped, so that a quiet run still says what needs attention.
pub fn quiet_attention(r: &FileReport) -> String {
    let mut out = String::new();
    if !r.pending.is_empty() {
        let ids: Vec<String> = r
            .pending
            .iter()
            .map(|p| match p.needs {
                Some(n) => format!("{} (needs {n})", p.id),
                None => p.id.to_string(),
            })
            .collect();
        out.push_str(&format!(
            "{}: {} step{} pending: {}\n",
            r.path,
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            ids.join(", ")
        ));
    }
    if !r.skipped.is_empty() {
        let ids: Vec<&str> = r.skipped.iter().map(|s| s.id).collect();
        out.push_str(&format!(
            "{}: {} step{} skipped: {}\n",
            r.path,
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            ids.join(", ")
        ));
    }
    out
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

/// The text of `detect` for one file: the release (or `not Modoboa`), then its evidence and
/// the marks it lacks.
pub fn detect_text(path: &str, d: &Detection, colors: Colors) -> String {
    let mut out = match d.state() {
        Some(v) => format!("{path}: {}\n", colors.paint("1;32", &v)),
        None => not_modoboa_text(path, d.reason.as_deref(), colors),
    };
    for e in &d.evidence {
        out.push_str(&format!("  evidence: {e}\n"));
    }
    for m in &d.missing {
        out.push_str(&format!("  missing: {m}\n"));
    }
    out
}

/// `detect`'s line for a file that is not Modoboa's, with the reason when there is one.
pub fn not_modoboa_text(path: &str, reason: Option<&str>, colors: Colors) -> String {
    let not = colors.paint("33", "not Modoboa");
    match reason {
        Some(reason) => format!("{path}: {not} ({reason})\n"),
        None => format!("{path}: {not}\n"),
    }
}
