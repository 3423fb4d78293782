//! Drift: how a settings file differs from what a fresh install of its release has.
//!
//! Modoboa's deploy template of each release is what a new installation gets; an installation
//! upgraded by hand (or by this tool, which follows the upgrade guides) can lack what only the
//! template brought, and keep what the template dropped. The facts of every template are data
//! (`release/template_facts.json`, written by `tests/real-modoboa/template_facts.py` from the
//! release archives and Modoboa's git history): this module compares a file with them. It is
//! advice: it changes nothing (`upgrade --with-drift` applies the additions that are safe).

use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::model::SettingsFile;
use crate::release::{self, Release};

/// What a fresh install of a release declares, per release whose template changed.
static FACTS_JSON: &str = include_str!("release/template_facts.json");

fn facts() -> &'static Value {
    static FACTS: OnceLock<Value> = OnceLock::new();
    FACTS.get_or_init(|| serde_json::from_str(FACTS_JSON).unwrap_or(Value::Null))
}

/// The releases that have facts, oldest first, with their facts.
fn releases() -> Vec<(&'static str, &'static Value)> {
    let mut v: Vec<(&str, &Value)> = facts()["releases"]
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default();
    v.sort_by_key(|(k, _)| release::version_key(k));
    v
}

/// One difference between a file and the template of its release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `app`, `middleware`, `context processor`, `setting`, `RQ queue`, `LOGGING handler`,
    /// `handler address`, `SPECTACULAR_SETTINGS key`.
    pub kind: &'static str,
    pub name: String,
    /// The release whose template brought it (missing) or dropped it (still there).
    pub release: String,
    /// Why it matters, where that is known.
    pub why: Option<&'static str>,
    /// The `upgrade --with-drift` step that adds it, where there is one.
    pub fix: Option<&'static str>,
    /// The line of what the file still has (dropped items).
    pub line: Option<usize>,
}

/// The drift of a file against the template of a release.
#[derive(Debug, Clone, Default)]
pub struct Drift {
    /// The release compared with, and the release whose template facts stand for it.
    pub release: &'static str,
    pub template: String,
    /// What the template has that the file lacks.
    pub missing: Vec<Finding>,
    /// What the file still has that the template dropped.
    pub dropped: Vec<Finding>,
}

/// Items of the facts that are no difference worth reporting: the 2.6.1 to 2.9.1 templates
/// wrote the schema permission under `SERVE_AUTHENTICATION`, a slip 2.9.3 puts back under
/// `SERVE_PERMISSIONS` (step `2.9.3/serve-authentication`).
/// The settings a template writes only with the amavis extension (the facts are of the render
/// without extensions) are no difference either way.
const IGNORED: [(&str, &str); 4] = [
    ("SPECTACULAR_SETTINGS key", "SERVE_AUTHENTICATION"),
    ("SPECTACULAR_SETTINGS key", "SERVE_PERMISSIONS"),
    ("setting", "DATABASE_ROUTERS"),
    ("setting", "AMAVIS_DEFAULT_DATABASE_ENCODING"),
];

/// Why a missing item matters, where the release notes or the template say.
fn why(kind: &str, name: &str) -> Option<&'static str> {
    Some(match (kind, name) {
        (_, "CSRF_COOKIE_SECURE") => "the CSRF cookie is sent over HTTPS only (security default since 1.13.0)",
        (_, "SESSION_COOKIE_SECURE") => "the session cookie is sent over HTTPS only (security default since 1.13.0)",
        (_, "X_FRAME_OPTIONS") => "pages may not be framed by other sites (clickjacking)",
        ("handler address", _) => "without an address, Python's SysLogHandler sends UDP to localhost:514, where a default syslog does not listen: the logs are lost",
        ("RQ queue", "privileged") => "the RQ jobs that need privileges (mail log parsing, calendar rights) are sent to it",
        ("RQ queue", "dovecot") => "mailbox operations (creation, renaming, removal) are sent to it",
        ("app", "django_filters") => "the API's filters (and its schema's filter inspector) need it",
        ("SPECTACULAR_SETTINGS key", "DEFAULT_FILTER_INSPECTORS") => "the API schema describes the filters",
        (_, "WEBMAIL_ATTACHMENTS_ROOT") => "the webmail's attachments go to a directory the web server must not serve",
        (_, "DEFAULT_AUTO_FIELD") => "the type of the automatic primary keys (Django warns without it)",
        (_, "OAUTH2_PROVIDER") => "the 2.x interface logs in through OpenID Connect",
        _ => return None,
    })
}

/// The `upgrade --with-drift` step that adds a missing item (see [`crate::release::drift`]).
fn fix(kind: &str, name: &str) -> Option<&'static str> {
    crate::release::drift::STEPS
        .iter()
        .find(|d| d.adds.iter().any(|(k, n)| *k == kind && *n == name))
        .map(|d| d.step.id)
}

/// The strings of a list of the facts.
fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The template has the setting as a commented-out assignment only (an option it offers).
fn commented(facts: &Value, name: &str) -> bool {
    strings(&facts["commented"]).contains(&name)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The items of a kind in a release's facts.
fn items<'a>(facts: &'a Value, kind: &str) -> Vec<&'a str> {
    let mut v = all_items(facts, kind);
    v.retain(|n| !IGNORED.contains(&(kind, n)));
    v
}

fn all_items<'a>(facts: &'a Value, kind: &str) -> Vec<&'a str> {
    match kind {
        "app" => strings(&facts["apps"]),
        "middleware" => strings(&facts["middleware"]),
        "context processor" => strings(&facts["context_processors"]),
        "setting" => strings(&facts["settings"]),
        "RQ queue" => strings(&facts["rq_queues"]),
        "LOGGING handler" => keys(&facts["logging_handlers"]),
        "SPECTACULAR_SETTINGS key" => strings(&facts["spectacular"]),
        "handler address" => facts["logging_handlers"]
            .as_object()
            .map(|o| {
                o.iter()
                    .filter(|(_, h)| h["address"].is_string())
                    .map(|(k, _)| k.as_str())
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

const KINDS: [&str; 8] = [
    "app",
    "middleware",
    "context processor",
    "setting",
    "RQ queue",
    "LOGGING handler",
    "handler address",
    "SPECTACULAR_SETTINGS key",
];

/// What the file has of a kind: `Some(line)` where present (commented-out entries and
/// assignments count: a disabled entry is the administrator's choice), `None` where absent.
fn present(f: &SettingsFile, kind: &str, name: &str) -> Option<usize> {
    let text = f.text();
    let quoted = [format!("'{name}'"), format!("\"{name}\"")];
    // An element, enabled or commented out, inside the statements that assign the settings
    // holding that kind (a logger named like an application is no application).
    let within = |settings: &[&str]| {
        settings.iter().find_map(|s| {
            f.bindings(s).iter().find_map(|b| {
                let stmt = crate::ops::binding_stmt(b);
                let r = stmt.range.start..f.stmt_line_end(stmt);
                quoted
                    .iter()
                    .find_map(|q| text[r.clone()].find(q.as_str()).map(|i| r.start + i))
            })
        })
    };
    let at = match kind {
        "app" => within(&["INSTALLED_APPS", "MODOBOA_APPS"])?,
        "middleware" => within(&["MIDDLEWARE", "MIDDLEWARE_CLASSES"])?,
        "context processor" => within(&["TEMPLATES", "TEMPLATE_CONTEXT_PROCESSORS"])?,
        "setting" => f
            .first_binding(name)
            .map(|s| s.range.start)
            .or_else(|| f.commented_assignment(name).map(|c| c.start))?,
        "RQ queue" | "LOGGING handler" | "SPECTACULAR_SETTINGS key" => {
            let path = match kind {
                "RQ queue" => "RQ_QUEUES",
                "LOGGING handler" => "LOGGING['handlers']",
                _ => "SPECTACULAR_SETTINGS",
            };
            crate::ops::dict(f, path).ok()??.get(name)?.range().start
        }
        _ => return None,
    };
    Some(f.line(at))
}

/// Whether the file lacks the address of a handler it has (a handler it lacks is reported as
/// such; a handler that is not a SysLogHandler is the administrator's own).
fn lacks_address(f: &SettingsFile, handler: &str) -> bool {
    let Ok(Some(handlers)) = crate::ops::dict(f, "LOGGING['handlers']") else {
        return false;
    };
    handlers
        .get(handler)
        .and_then(|h| f.dict_of(h))
        .is_some_and(|d| crate::ops::special::v2_11_0::lacks_address(&d))
}

/// The drift of `f` against the template of `target` (the newest template at or before it).
pub fn drift(f: &SettingsFile, target: &'static Release) -> Option<Drift> {
    let all = releases();
    let key = release::version_key(target.version);
    let upto = all.partition_point(|(k, _)| release::version_key(k) <= key);
    let (template, facts) = *all[..upto].last()?;
    let history = &all[..upto];
    let mut out = Drift {
        release: target.version,
        template: template.to_string(),
        ..Drift::default()
    };
    for kind in KINDS {
        let now = items(facts, kind);
        for name in &now {
            let missing = if kind == "handler address" {
                lacks_address(f, name)
            } else {
                present(f, kind, name).is_none()
            };
            if missing {
                // Since when: the first release of the unbroken run of templates that have it.
                let since = history
                    .iter()
                    .rev()
                    .take_while(|(_, fa)| items(fa, kind).contains(name))
                    .last()
                    .map_or(template, |(k, _)| *k);
                out.missing.push(Finding {
                    kind,
                    name: name.to_string(),
                    release: since.to_string(),
                    why: why(kind, name),
                    fix: fix(kind, name),
                    line: None,
                });
            }
        }
        if kind == "handler address" {
            continue;
        }
        // Dropped: in an older template, in none since the last that had it, and in the file.
        let mut seen: Vec<&str> = Vec::new();
        for (i, (_, fa)) in history.iter().enumerate().rev() {
            for name in items(fa, kind) {
                if now.contains(&name) || seen.contains(&name) {
                    continue;
                }
                seen.push(name);
                if kind == "setting" && commented(facts, name) {
                    continue;
                }
                if let Some(line) = present(f, kind, name) {
                    let dropped_in = history.get(i + 1).map_or(template, |(k, _)| *k);
                    out.dropped.push(Finding {
                        kind,
                        name: name.to_string(),
                        release: dropped_in.to_string(),
                        why: None,
                        fix: None,
                        line: Some(line),
                    });
                }
            }
        }
    }
    out.dropped.sort_by_key(|d| d.line);
    Some(out)
}

/// The text report of one file.
pub fn text(path: &str, d: &Drift) -> String {
    let mut out = format!(
        "{path}: compared with a fresh {} install (the deploy template of {})",
        d.release, d.template
    );
    if d.missing.is_empty() && d.dropped.is_empty() {
        out.push_str(": no drift\n");
        return out;
    }
    out.push('\n');
    for m in &d.missing {
        out.push_str(&format!(
            "  missing {} {} (since {})",
            m.kind, m.name, m.release
        ));
        if let Some(w) = m.why {
            out.push_str(&format!(": {w}"));
        }
        if let Some(s) = m.fix {
            out.push_str(&format!(" [upgrade --with-drift: {s}]"));
        }
        out.push('\n');
    }
    for m in &d.dropped {
        out.push_str(&format!(
            "  still has {} {} (line {}; dropped by the {} template)\n",
            m.kind,
            m.name,
            m.line.unwrap_or(0),
            m.release
        ));
    }
    out
}

/// The JSON object of one file.
pub fn json(path: &str, d: &Drift) -> Value {
    let entry = |m: &Finding| {
        json!({"kind": m.kind, "name": m.name, "release": m.release, "why": m.why,
               "fix": m.fix, "line": m.line})
    };
    json!({
        "path": path,
        "release": d.release,
        "template": d.template,
        "missing": d.missing.iter().map(entry).collect::<Vec<_>>(),
        "dropped": d.dropped.iter().map(entry).collect::<Vec<_>>(),
        "error": null,
    })
}
