//! The JSON objects and documents of `upgrade`, `detect`, `drift` and `--show-settings`.

use serde_json::{json, Value};

use crate::detect::Detection;
use crate::engine::Manual;
use crate::release::Release;

use super::FileReport;

/// The JSON object of one file.
pub fn json_file(r: &FileReport) -> Value {
    let mut v = json!({
        "path": r.path,
        "from": r.from,
        "to": r.to,
        "detected": r.detected.as_ref().and_then(|d| d.version()),
        "range": r.detected.as_ref().and_then(|d| d.range()),
        "missing": r.detected.as_ref().map(|d| d.missing.clone()).unwrap_or_default(),
        // Every release is automated; the key stays (always empty) for the scripts that read it.
        "not_automated": [],
        "stops": r.stops,
        "target_source": r.target_source,
        "stopped_at": r.stopped_at,
        "ignored": r.ignored,
        "changed": r.changed,
        "written": r.written,
        "lines": if r.lines_of_output { "written" } else { "given" },
        "applied": r.applied.iter().map(|a| json!({"id": a.id, "release": a.release, "line": a.line, "summary": a.summary, "owed": a.owed})).collect::<Vec<_>>(),
        "pending": r.pending.iter().map(|p| json!({"id": p.id, "release": p.release, "reason": p.reason, "needs": p.needs, "owed": p.owed})).collect::<Vec<_>>(),
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

/// The JSON object of `detect` for one file. `version` is null for a file that is not
/// Modoboa's, with the `reason`; `detected` says the same as `version`, under the name
/// `upgrade` gives it.
pub fn detect_json(path: &str, d: &Detection) -> Value {
    let mut v = json!({
        "path": path,
        "version": d.version(),
        "range": d.range(),
        "detected": d.version(),
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
            .map(|m| json!({"release": m.release, "text": m.text, "if_not_done": m.if_not_done}))
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

pub(super) fn pretty(v: &Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(v).unwrap_or_default())
}

/// The object of a file that could not be read: its path and the error.
pub fn error_json(path: &str, error: &str) -> Value {
    json!({"path": path, "error": error})
}

/// The object of `detect` for a file that holds no settings: not Modoboa's, and why.
pub fn detect_empty_json(path: &str, reason: &str) -> Value {
    json!({"path": path, "version": null, "detected": null, "evidence": [], "missing": [], "reason": reason})
}

/// The object of `detect` for a file that could not be read.
pub fn detect_error_json(path: &str, error: &str) -> Value {
    json!({"path": path, "version": null, "detected": null, "range": null, "evidence": [], "missing": [], "error": error})
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

/// The object of `drift` for a file that is not Modoboa's.
pub fn drift_not_modoboa_json(path: &str) -> Value {
    json!({"path": path, "release": null, "ignored": "not a Modoboa settings file", "error": null})
}

/// The object of `drift` for a release without template facts.
pub fn drift_no_facts_json(path: &str, release: &Release) -> Value {
    json!({"path": path, "release": release.version, "template": null, "missing": [], "dropped": [], "error": null})
}
