//! The checklists of `plan` and the release list of `transforms`, in text and JSON, printed
//! from the [`Plan`] the engine decided.

use serde_json::{json, Value};

use crate::engine::{Plan, Planned};

use super::json::pretty;

/// The text of `plan`: every release of the range with its automated and manual steps (with a
/// settings file, those that apply to it; without, each with its condition), the commands of
/// each migration stop it goes past, then the common procedure.
pub fn plan_text(plan: &Plan) -> String {
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
            s.push_str(&format!("  [auto]   {}: {}\n", st.id, st.summary));
        }
        for m in &p.manual {
            s.push_str(&format!("  [manual] {m}\n"));
        }
        if rel.steps.is_empty() && rel.manual.is_empty() {
            s.push_str("  no change to settings.py\n");
        }
        let mut cmds = p.stop.iter();
        if let Some(head) = cmds.next() {
            s.push_str(&format!("  [STOP]   {head}:\n"));
        }
        for c in cmds {
            s.push_str(&format!("             {c}\n"));
        }
    }
    if !plan.common.is_empty() {
        s.push_str("\nCommon procedure, after the upgrade\n");
        for m in plan.common {
            s.push_str(&format!("  [manual] {m}\n"));
        }
    }
    s
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
            v
        })
        .collect();
    pretty(
        &json!({"from": plan.from.version, "to": plan.to.version, "releases": releases, "common": plan.common}),
    )
}

/// The text of `transforms`: every release with its steps.
pub fn transforms_text(releases: &[Planned]) -> String {
    let mut s = String::new();
    for p in releases {
        let r = p.release;
        s.push_str(&format!("{}  {}\n", r.version, r.title));
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
