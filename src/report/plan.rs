//! The checklists of `plan` and the release list of `transforms`, in text and JSON, printed
//! from the [`Plan`] the engine decided.

use serde_json::{json, Value};

use crate::colors::Colors;
use crate::engine::{Plan, Planned, IF_NOT_DONE};

use super::json::pretty;

/// The text of `plan`: every release of the range with its automated steps, then what to do
/// by hand in the order to do it (with a settings file, the steps that apply to it; without,
/// each with its condition), a migration stop's commands in their places, and in the
/// target's the common procedure. Labels in colour when `colors` says so.
pub fn plan_text(plan: &Plan, colors: Colors) -> String {
    let auto = colors.paint("32", "[auto]");
    let manual = colors.paint("36", "[manual]");
    let mut s = format!(
        "Upgrade plan from {} to {}\n",
        from_and_state(plan),
        plan.to.version
    );
    if plan.releases.is_empty() {
        s.push_str("\nNothing to do.\n");
    }
    for p in &plan.releases {
        let rel = p.release;
        let mark = mark(p);
        s.push_str(&format!("\n{} ({})\n", rel.version, rel.title));
        for st in rel.steps {
            s.push_str(&format!("  {auto}   {}: {}\n", st.id, st.summary));
        }
        if let Some(head) = p.stop.first() {
            let stop = colors.paint("1;31", "[STOP]");
            s.push_str(&format!("  {stop}   {mark}{head}:\n"));
        }
        for m in &p.checklist {
            s.push_str(&format!("  {manual} {mark}{m}\n"));
        }
        if rel.steps.is_empty() && p.checklist.is_empty() {
            s.push_str("  no change to settings.py\n");
        }
    }
    s
}

/// `plan --format markdown`: the checklist to paste into a ticket, one box per thing to do by
/// hand, in order; the automated steps named under each release.
pub fn plan_markdown(plan: &Plan) -> String {
    let mut s = format!(
        "# Modoboa upgrade from {} to {}\n",
        from_and_state(plan),
        plan.to.version
    );
    if let Some(path) = &plan.known.path {
        s.push_str(&format!("\nSettings file: `{path}`\n"));
    }
    if plan.releases.is_empty() {
        s.push_str("\nNothing to do.\n");
    }
    for p in &plan.releases {
        let rel = p.release;
        if rel.steps.is_empty() && p.checklist.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "\n## {} ({})\n\n",
            rel.version,
            md_text(rel.title)
        ));
        let mark = mark(p);
        if let Some(head) = p.stop.first() {
            s.push_str(&format!("**{mark}{}**\n\n", md_text(head)));
        }
        for m in &p.checklist {
            s.push_str(&format!("- [ ] {mark}{}\n", md_item(m)));
        }
        if !rel.steps.is_empty() {
            if !p.checklist.is_empty() {
                s.push('\n');
            }
            let ids: Vec<String> = rel.steps.iter().map(|st| format!("`{}`", st.id)).collect();
            s.push_str(&format!(
                "Made in settings.py by modoboa-settings: {}\n",
                ids.join(", ")
            ));
        }
    }
    s
}

/// The start of a plan: its release, and the file's state when that spans releases
/// (`2.9.0 (the file's state spans 2.9.0 to 2.10.0)`).
fn from_and_state(plan: &Plan) -> String {
    let from = plan.from.version;
    if plan.state_spans() {
        format!(
            "{from} (the file's state spans {from} to {})",
            plan.state_end.version
        )
    } else {
        from.to_string()
    }
}

/// What starts each thing to do by hand for a release inside the file's state.
fn mark(p: &Planned) -> &'static str {
    if p.if_not_done {
        IF_NOT_DONE
    } else {
        ""
    }
}

/// A step as a Markdown list item: a command (`pip ...`, `python ...`, `modoboa-settings ...`)
/// in a code span, its remark in parentheses after it; other text escaped.
fn md_item(text: &str) -> String {
    // A step that shows a file's lines (1.7.0's urls.py): its first line, then the lines as a
    // code block inside the item.
    if let Some((first, rest)) = text.split_once('\n') {
        let mut s = md_item(first);
        s.push_str("\n\n  ```python\n");
        let indent = rest
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        for line in rest.lines() {
            if !line.trim().is_empty() {
                s.push_str("  ");
                s.push_str(&line[indent..]);
            }
            s.push('\n');
        }
        s.push_str("  ```");
        return s;
    }
    let command = ["pip ", "python ", "modoboa-settings "]
        .iter()
        .any(|p| text.starts_with(p));
    if !command || text.contains('`') {
        return md_text(text);
    }
    match text.split_once(" (") {
        Some((cmd, rest)) => format!("`{cmd}` ({}", md_text(rest)),
        None => format!("`{text}`"),
    }
}

/// Text for Markdown: `*`, `<`, `[` and `\\` outside code spans (between backticks)
/// escaped, so that `<instance>` and cron's `*/5 * * * *` show as written.
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut code = false;
    for c in text.chars() {
        if c == '`' {
            code = !code;
        } else if !code && matches!(c, '*' | '<' | '[' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A release as `plan` and `transforms` print it in JSON.
fn release_json(p: &Planned) -> Value {
    let r = p.release;
    json!({
        "version": r.version,
        "title": r.title,
        "steps": r.steps.iter().map(|s| json!({"id": s.id, "summary": s.summary})).collect::<Vec<_>>(),
        "manual": p.manual,
        // Every release is automated; the key stays for the scripts that read it.
        "automated": true,
    })
}

/// The JSON of `plan`.
pub fn plan_json(plan: &Plan) -> String {
    let releases: Vec<_> = plan
        .releases
        .iter()
        .map(|p| {
            let mut v = release_json(p);
            v["stop"] = json!(!p.stop.is_empty());
            v["stop_commands"] = json!(p.stop.get(1..).unwrap_or_default());
            v["checklist"] = json!(p.checklist);
            // (Only for a file whose state spans releases: every other plan prints as before.)
            if plan.state_spans() {
                v["if_not_done"] = json!(p.if_not_done);
            }
            v
        })
        .collect();
    let mut v = json!({"from": plan.from.version, "to": plan.to.version, "releases": releases, "common": plan.common});
    if plan.state_spans() {
        v["range"] = json!([plan.from.version, plan.state_end.version]);
    }
    pretty(&v)
}

/// The text of `transforms`: every release with its steps (the release in colour when
/// `colors` says so).
pub fn transforms_text(releases: &[Planned], colors: Colors) -> String {
    let mut s = String::new();
    for p in releases {
        let r = p.release;
        s.push_str(&format!("{}  {}\n", colors.paint("1", r.version), r.title));
        for st in r.steps {
            s.push_str(&format!("  {:<34} {}\n", st.id, st.summary));
        }
    }
    s
}

/// The JSON of `transforms`.
pub fn transforms_json(releases: &[Planned]) -> String {
    let releases: Vec<_> = releases.iter().map(release_json).collect();
    pretty(&json!({ "releases": releases }))
}
