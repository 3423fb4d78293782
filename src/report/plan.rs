//! The checklists of `plan` and the release list of `transforms`, in text and JSON, printed
//! from the [`Plan`] the engine decided.

use serde_json::{json, Value};

use crate::colors::Colors;
use crate::engine::{Plan, Planned};

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
        plan.from.version, plan.to.version
    );
    if plan.releases.is_empty() {
        s.push_str("\nNothing to do.\n");
    }
    for p in &plan.releases {
        let rel = p.release;
        s.push_str(&format!("\n{} ({})\n", rel.version, rel.title));
        for st in rel.steps {
            s.push_str(&format!("  {auto}   {}: {}\n", st.id, st.summary));
        }
        if let Some(head) = p.stop.first() {
            let stop = colors.paint("1;31", "[STOP]");
            s.push_str(&format!("  {stop}   {head}:\n"));
        }
        for m in &p.checklist {
            s.push_str(&format!("  {manual} {m}\n"));
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
        plan.from.version, plan.to.version
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
        if let Some(head) = p.stop.first() {
            s.push_str(&format!("**{}**\n\n", md_text(head)));
        }
        for m in &p.checklist {
            s.push_str(&format!("- [ ] {}\n", md_item(m)));
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
            v
        })
        .collect();
    pretty(
        &json!({"from": plan.from.version, "to": plan.to.version, "releases": releases, "common": plan.common}),
    )
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
