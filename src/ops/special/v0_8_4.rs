//! The operations of their own shape of release 0.8.4 (see `src/release/v0_8_4.rs`).

use crate::model::{SettingsFile, Unsafe};
use crate::ops::Ctx;
use crate::ops::{self, Outcome};
use crate::syntax::parse::ExprKind;
use crate::text::edit::Edit;

/// The old variables, and their keys in the dict.
pub(crate) const FIELDS: [(&str, &str); 6] = [
    ("DATABASE_ENGINE", "ENGINE"),
    ("DATABASE_NAME", "NAME"),
    ("DATABASE_USER", "USER"),
    ("DATABASE_PASSWORD", "PASSWORD"),
    ("DATABASE_HOST", "HOST"),
    ("DATABASE_PORT", "PORT"),
];

/// An old engine name as Django 1.2 spells it.
pub fn engine_name(old: &str) -> String {
    match old {
        "postgresql_psycopg2" | "postgresql" | "mysql" | "sqlite3" | "oracle" => {
            format!("django.db.backends.{old}")
        }
        other => other.to_string(),
    }
}

pub(crate) fn databases_dict(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let mut found = Vec::new();
    for (var, key) in FIELDS {
        match f.setting(var) {
            Ok(Some(s)) if s.augments.is_empty() => found.push((var, key, s)),
            Ok(Some(s)) => return skip(format!("{var} is extended with +="), s.stmt.range.start),
            Ok(None) => {}
            Err(u) => return Outcome::Skip(u),
        }
    }
    let Some(first) = found.iter().map(|(_, _, s)| s.stmt.range.start).min() else {
        return Outcome::none();
    };
    if let Some(b) = f.bindings("DATABASES").first() {
        let _ = b;
        return skip(
            "both DATABASES and DATABASE_* variables are set; merge them by hand".into(),
            first,
        );
    }
    let q = crate::model::style::file_quote(f);
    let nl = f.newline();
    let mut body = format!(
        "DATABASES = {{{nl}    {}: {{{nl}",
        ops::quoted("default", q)
    );
    let mut edits = Vec::new();
    for (var, key, s) in &found {
        // The value's own source text (quotes and escapes), unless the engine name changes.
        let value = match s.value.kind() {
            ExprKind::Str(v) if *var == "DATABASE_ENGINE" && engine_name(v) != *v => {
                ops::quoted(&engine_name(v), model_quote(f, s.value))
            }
            _ => ops::containers::value_source(f, s.value),
        };
        let comment = f
            .trailing_comment(s.stmt.range.end)
            .map(|c| format!("  {}", f.slice(&c)))
            .unwrap_or_default();
        body.push_str(&format!(
            "        {}: {value},{comment}{nl}",
            ops::quoted(key, q)
        ));
        let Some(lines) = whole_lines(f, s.stmt) else {
            return skip(
                format!("{var} shares its line with another statement"),
                s.stmt.range.start,
            );
        };
        if s.stmt.range.start != first {
            edits.push(Edit::delete(lines));
        }
    }
    body.push_str(&format!("    }}{nl}}}"));
    let Some((_, _, s)) = found.iter().find(|(_, _, s)| s.stmt.range.start == first) else {
        return Outcome::none();
    };
    let start = s.stmt.range.start;
    edits.push(Edit::replace(start..f.stmt_line_end(s.stmt), body));
    Outcome::Edits(edits)
}

pub(crate) fn model_quote(f: &SettingsFile, e: crate::syntax::parse::Node) -> char {
    crate::model::style::string_quote(f.slice(&e.range()))
}

/// The lines of a statement that stands alone on them.
pub(crate) fn whole_lines(
    f: &SettingsFile,
    stmt: &crate::syntax::parse::Stmt,
) -> Option<std::ops::Range<usize>> {
    let text = f.text();
    if !crate::text::source::starts_line(text, stmt.range.start) {
        return None;
    }
    let end = f.stmt_line_end(stmt);
    let tail = &text[stmt.range.end..end];
    crate::model::lines::blank_or_comment(tail).then(|| {
        crate::text::source::line_start(text, stmt.range.start)
            ..crate::text::source::next_line(text, end)
    })
}

pub(crate) fn skip(reason: String, offset: usize) -> Outcome {
    Outcome::Skip(Unsafe { reason, offset })
}
