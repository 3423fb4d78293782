//! 0.8.4, webmail folders: WebmailErrorMiddleware, the DATABASES dict, class-based template loaders.

use super::marks::*;
use super::names::*;
use super::{Ctx, Op, Release, Step, Target};
use crate::edit::Edit;
use crate::model::{SettingsFile, Unsafe};
use crate::ops::{self, At, Outcome};
use crate::parse::ExprKind;

const LOADERS: &str = "TEMPLATE_LOADERS";

pub static RELEASE: Release = Release {
    version: "0.8.4",
    title: "webmail folders",
    steps: &[
        Step {
            id: "0.8.4/webmail-error-middleware",
            summary: "add WebmailErrorMiddleware after ExtControlMiddleware",
            ops: &[Op::Ensure {
                target: Target::Name(MW),
                value: WEBMAIL_ERROR,
                at: At::after(&[EXTCONTROL]),
            }],
        },
        Step {
            id: "0.8.4/databases-dict",
            summary: "fold the DATABASE_* variables into DATABASES",
            ops: &[Op::Custom(databases_dict)],
        },
        Step {
            id: "0.8.4/template-loaders",
            summary: "template loaders: load_template_source becomes Loader",
            ops: &[
                Op::Rename {
                    target: Target::Name(LOADERS),
                    from: "django.template.loaders.filesystem.load_template_source",
                    to: "django.template.loaders.filesystem.Loader",
                },
                Op::Rename {
                    target: Target::Name(LOADERS),
                    from: "django.template.loaders.app_directories.load_template_source",
                    to: "django.template.loaders.app_directories.Loader",
                },
                Op::Rename {
                    target: Target::Name(LOADERS),
                    from: "django.template.loaders.eggs.load_template_source",
                    to: "django.template.loaders.eggs.Loader",
                },
            ],
        },
    ],
    manual: &["in the Settings/Extensions panel, deactivate then reactivate every extension"],
    marks: &[
        mw(WEBMAIL_ERROR).until("0.9").optional(),
        value(&[LOADERS], "django.template.loaders.filesystem.Loader")
            .generic()
            .optional(),
        name("DATABASES").generic().optional(),
    ],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};

/// The old variables, and their keys in the dict.
const FIELDS: [(&str, &str); 6] = [
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

fn databases_dict(ctx: &Ctx) -> Outcome {
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
    let q = f.quote();
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
            _ => ops::value_source(f, s.value),
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

fn model_quote(f: &SettingsFile, e: crate::parse::Node) -> char {
    crate::model::string_quote(f.slice(&e.range()))
}

/// The lines of a statement that stands alone on them.
fn whole_lines(f: &SettingsFile, stmt: &crate::parse::Stmt) -> Option<std::ops::Range<usize>> {
    let text = f.text();
    if !crate::source::starts_line(text, stmt.range.start) {
        return None;
    }
    let end = f.stmt_line_end(stmt);
    let tail = &text[stmt.range.end..end];
    (tail.trim().is_empty() || tail.trim_start().starts_with('#')).then(|| {
        crate::source::line_start(text, stmt.range.start)..crate::source::next_line(text, end)
    })
}

fn skip(reason: String, offset: usize) -> Outcome {
    Outcome::Skip(Unsafe { reason, offset })
}
