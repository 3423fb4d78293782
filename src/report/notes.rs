//! The lines `upgrade` says beside the summary: remarks on the range, what a write did, files
//! left alone, the values each file gets (`--show-settings`, `-v`), and `drift`'s one-line
//! answers.

use crate::config::{Source, Values};
use crate::release::Release;
use crate::text::write::Written;

/// A forced start older than the file's release runs steps again: their ids.
pub fn run_again_note(from: &Release, detected: &Release, again: &[&str]) -> String {
    format!(
        "warning: --from {} is older than the detected release {}; these steps run again: {}",
        from.version,
        detected.version,
        again.join(", ")
    )
}

/// A file newer than what the tool automates, taken as up to date.
pub fn past_automated_note(automated: &Release, at: &Release) -> String {
    format!(
        "the tool automates releases up to {}; this file is at {}",
        automated.version, at.version
    )
}

/// An upgrade that goes past migration stops, with the way to go one stop at a time.
pub fn stops_note(stops: &[&Release]) -> String {
    format!(
        "this upgrade goes past the migration stop{} at {}: install and migrate there first (`--to next-stop` brings the file to {}; `modoboa-settings plan` lists the commands)",
        if stops.len() == 1 { "" } else { "s" },
        stops.iter().map(|r| r.version).collect::<Vec<_>>().join(", "),
        stops.first().map_or("", |s| s.version)
    )
}

/// A write without a target given that stopped at a migration stop, with what to run there.
pub fn stopped_note(stop: &Release, migrate: &str) -> String {
    let v = stop.version;
    format!(
        "stopped at {v}, a migration stop: without a target (--to, MODOBOA_SETTINGS_TO, `to` in [tool.modoboa-settings], or a modoboa==X pin beside the file) a write never goes past one; run there `pip install modoboa=={v}` and `python manage.py {migrate}`, then pin modoboa=={v} (or give the next target) and run again"
    )
}

/// `-v`: the target of the run and where it came from.
pub fn target_note(display: &str, to: Option<&str>, source: Option<&str>) -> String {
    match (to, source) {
        (Some(to), Some(source)) => format!("{display}: target {to} (from {source})\n"),
        _ => String::new(),
    }
}

/// A temporary file of an interrupted run, removed under the lock.
pub fn removed_temp_note(temp: &std::path::Path) -> String {
    format!(
        "note: removed {}, a temporary file left by an interrupted run\n",
        temp.display()
    )
}

/// What a write did that the user should know: a backup under another name than asked (an
/// earlier one was kept), hard links whose other names still hold the previous content.
pub fn write_notes(display: &str, w: &Written, suffix: Option<&str>) -> String {
    let mut out = String::new();
    if let (Some(b), Some(suffix)) = (&w.backup, suffix) {
        let name = b.file_name().map(|n| n.to_string_lossy().into_owned());
        if !name.is_some_and(|n| n.ends_with(suffix)) {
            out.push_str(&format!(
                "note: an earlier backup of {display} exists and was kept; the previous file was \
                 kept as {}\n",
                b.display()
            ));
        }
    }
    if let Some(n) = w.hard_links {
        out.push_str(&format!(
            "warning: {display} had {n} hard links; it was replaced, not edited in place, so its \
             other names still hold the previous content\n"
        ));
    }
    out
}

/// `--check`: a file that would change.
pub fn would_rewrite(display: &str) -> String {
    format!("would rewrite {display}\n")
}

/// A file passed over, and why.
pub fn left_alone(path: &str, reason: &str) -> String {
    format!("{path}: left alone: {reason}\n")
}

/// Why an empty or comment-only file is left alone (`what`: the load's words).
pub fn empty_reason(what: &str) -> String {
    format!("it holds no settings ({what})")
}

/// After a write, the way back to the whole checklist: `plan FILE` now starts at the release
/// written.
pub fn full_plan_note(path: &str, from: &str, to: &str) -> String {
    format!(
        "{path}: the whole checklist from {from}: `modoboa-settings plan --from {from} --to {to} {}` (`plan {path}` now starts at {to})\n",
        crate::engine::shell_word(path)
    )
}

/// The line at the end of a run over several files, as black and ruff print it:
/// `3 files: 1 rewritten, 1 unchanged, 1 left alone`.
pub fn run_summary(files: &[super::FileReport], check: bool) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut add = |what: &'static str| match counts.iter_mut().find(|(w, _)| *w == what) {
        Some((_, n)) => *n += 1,
        None => counts.push((what, 1)),
    };
    for f in files {
        add(if f.error.is_some() {
            "failed"
        } else if f.ignored.is_some() {
            "left alone"
        } else if f.written {
            "rewritten"
        } else if f.changed {
            if check {
                "would be rewritten"
            } else {
                "would change"
            }
        } else if !f.pending.is_empty() || !f.skipped.is_empty() {
            "need attention"
        } else {
            "unchanged"
        });
    }
    const ORDER: [&str; 7] = [
        "rewritten",
        "would be rewritten",
        "would change",
        "need attention",
        "unchanged",
        "left alone",
        "failed",
    ];
    counts.sort_by_key(|(w, _)| ORDER.iter().position(|o| o == w));
    let parts: Vec<String> = counts.iter().map(|(w, n)| format!("{n} {w}")).collect();
    format!("{} files: {}\n", files.len(), parts.join(", "))
}

/// `drift` on a file that is not Modoboa's.
pub fn drift_not_modoboa_text(path: &str) -> String {
    left_alone(path, "not a Modoboa settings file")
}

/// `drift` for a release without template facts.
pub fn drift_no_facts_text(path: &str, release: &Release) -> String {
    format!(
        "{path}: no template facts for {} (the deploy command appeared in 0.9.3)\n",
        release.version
    )
}

/// `--show-settings`: a file's values, one a line, with where each came from.
pub fn settings_text(display: &str, v: &Values) -> String {
    let mut text = format!("{display}:\n");
    for (name, value, source) in value_lines(v) {
        match source {
            Some(s) => text.push_str(&format!("  {name} = {value}  (from {s})\n")),
            None => text.push_str(&format!("  {name}: {value}\n")),
        }
    }
    text
}

/// `-v`: where each value of a file came from, one a line.
pub fn value_sources(display: &str, v: &Values) -> String {
    let mut sources = String::new();
    for (name, value, source) in value_lines(v) {
        sources.push_str(&match source {
            Some(s) => format!("{display}: {name} = {value} (from {s})\n"),
            None => format!("{display}: {name}: {value}\n"),
        });
    }
    sources
}

/// `(name, value, source)` of each value, for people.
fn value_lines(v: &Values) -> Vec<(&'static str, String, Option<String>)> {
    let line = |name, s: Option<(String, &Source)>, unset: &str| match s {
        Some((value, source)) => (name, value, Some(source.to_string())),
        None => (name, unset.to_string(), None),
    };
    vec![
        line(
            "hostname",
            v.hostname
                .as_ref()
                .map(|s| (format!("{:?}", s.value), &s.source)),
            "not set",
        ),
        line(
            "mail-domain",
            v.mail_domain
                .as_ref()
                .map(|s| (format!("{:?}", s.value), &s.source)),
            "not set",
        ),
        line(
            "dovecot-path",
            v.dovecot_paths
                .as_ref()
                .map(|s| (format!("{:?}", s.value), &s.source)),
            "not set (the manual's two paths)",
        ),
    ]
}
