//! The legacy template settings of Django up to 1.9 (`TEMPLATE_CONTEXT_PROCESSORS`,
//! `TEMPLATE_DIRS`, `TEMPLATE_LOADERS`, `TEMPLATE_DEBUG`) folded into one `TEMPLATES` setting
//! (Django 1.8's form, the only one Django 1.10 reads).
//!
//! Where `TEMPLATES` is missing it is written whole, in the file's quotes and line endings,
//! where `TEMPLATE_CONTEXT_PROCESSORS` stood, carrying the user's own context processors,
//! directories and template debug value; where it exists (a file generated from 1.4.0 on), it
//! is edited by path: `TEMPLATES[0]['OPTIONS']['context_processors']` gains the processors it
//! lacks, `TEMPLATES[0]['DIRS']` the directories. The legacy settings are then deleted, and the
//! `global_settings` import with them when nothing else uses it. A legacy value the operation
//! does not read (computed, loaders beyond Django's two defaults) is skipped with its line.

use std::ops::Range;

use crate::model::lines::first_line;
use crate::model::path::{self, Path};
use crate::model::{SettingsFile, Unsafe};
use crate::syntax::ExprKind;
use crate::text::edit::Edit;
use crate::text::source;

use super::containers::{insert_item, value_source};
use super::dicts::insert_entry_source;
use super::outcome::{Outcome, Place, Slot};
use super::statements::{add_statement, statement_lines};
use crate::model::style::quoted;

pub const PROCESSORS: &str = "TEMPLATE_CONTEXT_PROCESSORS";
pub const DIRS: &str = "TEMPLATE_DIRS";
pub const LOADERS: &str = "TEMPLATE_LOADERS";
pub const DEBUG: &str = "TEMPLATE_DEBUG";

/// The loaders TEMPLATES gives with `'DIRS'` and `'APP_DIRS': True` (and their pre-1.4 names).
const DEFAULT_LOADERS: &[&str] = &[
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
    "django.template.loaders.filesystem.load_template_source",
    "django.template.loaders.app_directories.load_template_source",
];

/// What the legacy settings hold, read before anything is written.
struct Legacy {
    /// Context processors of the user's beyond `processors` (already renamed), as values,
    /// with the comment that ended their line.
    extra: Vec<String>,
    extra_comments: Vec<Option<String>>,
    /// The source text of each of `extra` where it is carried as written (not renamed):
    /// `u'caf\u00e9'` stays that, not a re-quoted value.
    extra_src: Vec<Option<String>>,
    /// The comments that ended the line of a processor `processors` lists, by value: TEMPLATES
    /// lists it again with its comment.
    comments: Vec<(String, String)>,
    /// Commented-out context processors (the comment text, `# 'x',`).
    disabled: Vec<String>,
    /// The directories, as written.
    dirs: Vec<String>,
    /// Commented-out lines of TEMPLATE_DIRS that are not the template's note.
    dirs_disabled: Vec<String>,
    /// TEMPLATE_DEBUG's value, as written.
    debug: Option<String>,
    /// The statements to delete, with their names.
    stmts: Vec<(&'static str, Range<usize>)>,
    /// The statement of TEMPLATE_CONTEXT_PROCESSORS (where a new TEMPLATES goes).
    anchor: Option<Range<usize>>,
}

/// Read the legacy settings: None for a value of a shape the operation does not read.
fn read(f: &SettingsFile, processors: &[&str], renamed: &[(&str, &str)]) -> Result<Legacy, Unsafe> {
    let mut out = Legacy {
        extra: Vec::new(),
        extra_comments: Vec::new(),
        extra_src: Vec::new(),
        comments: Vec::new(),
        disabled: Vec::new(),
        dirs: Vec::new(),
        dirs_disabled: Vec::new(),
        debug: None,
        stmts: Vec::new(),
        anchor: None,
    };
    let rename = |v: &str| -> String {
        for (from, to) in renamed {
            if let Some(rest) = v.strip_prefix(from) {
                return format!("{to}{rest}");
            }
        }
        v.to_string()
    };
    if let Some(s) = f.setting(PROCESSORS)? {
        let unread = |e: crate::syntax::Node| Unsafe {
            reason: format!(
                "{PROCESSORS} is built in a way the tool does not read (`{}`): move its context \
                 processors into TEMPLATES by hand",
                first_line(f.slice(&e.range()))
            ),
            offset: e.range().start,
        };
        // The literal part: `(...)`, or `global_settings.TEMPLATE_CONTEXT_PROCESSORS + (...)`.
        let literal = match s.value.kind() {
            ExprKind::Tuple(_) | ExprKind::List(_) => s.value,
            ExprKind::BinOp { left, op, right } if *op == "+" => {
                let defaults = matches!(&left.kind, ExprKind::Attribute { value, attr }
                    if attr == PROCESSORS
                        && matches!(&value.kind, ExprKind::Name(n) if n == "global_settings"));
                if !defaults {
                    return Err(unread(s.value));
                }
                s.value.child(right)
            }
            _ => return Err(unread(s.value)),
        };
        let mut seqs = vec![literal];
        for (_, v) in &s.augments {
            seqs.push(*v);
        }
        for e in seqs {
            let seq = f.seq_of(e).ok_or_else(|| unread(e))?;
            for item in seq.items() {
                let Some(v) = item.value else {
                    return Err(unread(e));
                };
                let renamed = rename(v);
                let end = item.end_with_comma();
                let comment = f
                    .trailing_comment(end)
                    .filter(|c| f.text()[end..c.start].trim().is_empty())
                    .map(|c| f.slice(&c).to_string());
                if processors.contains(&renamed.as_str()) {
                    if let Some(c) = comment {
                        if !out.comments.iter().any(|(p, _)| *p == renamed) {
                            out.comments.push((renamed, c));
                        }
                    }
                } else if !out.extra.contains(&renamed) {
                    let src = f.slice(&item.range);
                    let as_written =
                        (renamed == v && !src.contains(['\n', '\r'])).then(|| src.to_string());
                    out.extra.push(renamed);
                    out.extra_comments.push(comment);
                    out.extra_src.push(as_written);
                }
            }
            for c in &seq.container.commented {
                out.disabled.push(f.slice(&c.comment).trim().to_string());
            }
        }
        out.stmts.push((PROCESSORS, s.stmt.range.clone()));
        for (stmt, _) in &s.augments {
            out.stmts.push((PROCESSORS, stmt.range.clone()));
        }
        out.anchor = Some(s.stmt.range.clone());
    }
    if let Some(s) = f.setting(DIRS)? {
        let seq = f.seq_of(s.value).filter(|_| s.augments.is_empty());
        let Some(seq) = seq else {
            return Err(Unsafe {
                reason: format!(
                    "{DIRS} is built in a way the tool does not read (`{}`): move its \
                     directories into TEMPLATES['DIRS'] by hand",
                    first_line(f.slice(&s.value.range()))
                ),
                offset: s.value.range().start,
            });
        };
        for item in seq.items() {
            let src = f.slice(&item.range);
            if src.contains(['\n', '\r']) {
                return Err(Unsafe {
                    reason: format!("{DIRS} holds a directory written on several lines"),
                    offset: item.range.start,
                });
            }
            out.dirs.push(src.to_string());
        }
        for c in &seq.container.commented {
            out.dirs_disabled
                .push(f.slice(&c.comment).trim().to_string());
        }
        out.stmts.push((DIRS, s.stmt.range.clone()));
    }
    if let Some(s) = f.setting(LOADERS)? {
        let seq = f.seq_of(s.value).filter(|_| s.augments.is_empty());
        let own = match &seq {
            None => Some(s.value.range()),
            Some(seq) => seq
                .items()
                .iter()
                .find(|i| !i.value.is_some_and(|v| DEFAULT_LOADERS.contains(&v)))
                .map(|i| i.range.clone()),
        };
        if let Some(r) = own {
            return Err(Unsafe {
                reason: format!(
                    "{LOADERS} holds `{}`, beyond Django's two default loaders: TEMPLATES takes \
                     it only in OPTIONS['loaders'] with APP_DIRS off; move it by hand",
                    first_line(f.slice(&r))
                ),
                offset: r.start,
            });
        }
        out.stmts.push((LOADERS, s.stmt.range.clone()));
    }
    if let Some(s) = f.setting(DEBUG)? {
        if !s.augments.is_empty() {
            return Err(Unsafe {
                reason: format!("{DEBUG} is changed with `+=`"),
                offset: s.stmt.range.start,
            });
        }
        out.debug = Some(value_source(f, s.value));
        out.stmts.push((DEBUG, s.stmt.range.clone()));
    }
    Ok(out)
}

/// The edits deleting the legacy statements (whole lines, with the comments that name them),
/// and the `global_settings` import when nothing else uses it.
fn deletions(f: &SettingsFile, legacy: &Legacy, keep: Option<&Range<usize>>) -> Outcome {
    let mut edits = Vec::new();
    for (name, range) in &legacy.stmts {
        if keep == Some(range) {
            continue;
        }
        let Some(stmt) = f.statements().iter().find(|s| s.range == *range) else {
            continue;
        };
        match statement_lines(f, stmt, Some(name)) {
            Some(r) => edits.push(Edit::delete(r)),
            None => {
                return Outcome::Skip(Unsafe {
                    reason: format!("{name} shares its line with another statement"),
                    offset: range.start,
                })
            }
        }
    }
    let inside = |r: &Range<usize>| legacy.stmts.iter().any(|(_, s)| s.contains(&r.start));
    let imported = f.import_of("django.conf", "global_settings").is_some();
    let import_lines: Vec<Range<usize>> = f.imports().map(|s| s.range.clone()).collect();
    let used_elsewhere = f
        .uses_of("global_settings")
        .any(|r| !inside(r) && !import_lines.iter().any(|i| i.contains(&r.start)));
    if imported && !used_elsewhere {
        // Only the import's own line (a comment above it may be about something else), with
        // one of the blank lines around it; a line importing other names too stays as it is:
        // an unused name does no harm.
        for s in f.imports() {
            let alone = matches!(&*s.kind, crate::syntax::StmtKind::ImportFrom { module, names, .. }
                if module == "django.conf" && names.len() == 1 && names[0] == "global_settings");
            let text = f.text();
            if !alone || !source::starts_line(text, s.range.start) {
                continue;
            }
            let line_end = f.stmt_line_end(s);
            if !text[s.range.end..line_end].trim().is_empty() {
                continue;
            }
            let start = source::line_start(text, s.range.start);
            let mut end = source::next_line(text, line_end);
            let blank = |at: usize| {
                at < text.len() && source::is_blank_line(text, at..source::line_end(text, at))
            };
            let blank_before =
                start <= source::body_start(text) || blank(source::line_start(text, start - 1));
            if blank_before && blank(end) {
                end = source::next_line(text, end);
            }
            edits.push(Edit::delete(start..end));
        }
    }
    // Deletions of neighbouring statements may take the same blank line: merge them.
    edits.sort_by_key(|e| e.range.start);
    let mut merged: Vec<Edit> = Vec::new();
    for e in edits {
        match merged.last_mut() {
            Some(last)
                if last.content.is_empty()
                    && e.content.is_empty()
                    && e.range.start <= last.range.end =>
            {
                last.range.end = last.range.end.max(e.range.end);
            }
            _ => merged.push(e),
        }
    }
    Outcome::Edits(merged)
}

/// The TEMPLATES setting written whole: the guide's value with the user's carried entries.
fn whole(f: &SettingsFile, processors: &[&str], legacy: &Legacy) -> String {
    let q = crate::model::style::file_quote(f);
    let s = |v: &str| quoted(v, q);
    let nl = "\n";
    let mut out = String::new();
    out.push_str(&format!("TEMPLATES = [{nl}    {{{nl}"));
    out.push_str(&format!(
        "        {}: {},{nl}",
        s("BACKEND"),
        s("django.template.backends.django.DjangoTemplates")
    ));
    if legacy.dirs.is_empty() && legacy.dirs_disabled.is_empty() {
        out.push_str(&format!("        {}: [],{nl}", s("DIRS")));
    } else {
        out.push_str(&format!("        {}: [{nl}", s("DIRS")));
        for d in &legacy.dirs {
            out.push_str(&format!("            {d},{nl}"));
        }
        for d in &legacy.dirs_disabled {
            out.push_str(&format!("            {d}{nl}"));
        }
        out.push_str(&format!("        ],{nl}"));
    }
    out.push_str(&format!("        {}: True,{nl}", s("APP_DIRS")));
    out.push_str(&format!("        {}: {{{nl}", s("OPTIONS")));
    out.push_str(&format!("            {}: [{nl}", s("context_processors")));
    let comment = |p: &str| legacy.comments.iter().find(|(v, _)| v == p).map(|(_, c)| c);
    for p in processors {
        match comment(p) {
            Some(c) => out.push_str(&format!("                {},  {c}{nl}", s(p))),
            None => out.push_str(&format!("                {},{nl}", s(p))),
        }
    }
    for ((p, c), src) in legacy
        .extra
        .iter()
        .zip(&legacy.extra_comments)
        .zip(&legacy.extra_src)
    {
        let p = src.clone().unwrap_or_else(|| s(p));
        match c {
            Some(c) => out.push_str(&format!("                {p},  {c}{nl}")),
            None => out.push_str(&format!("                {p},{nl}")),
        }
    }
    for d in &legacy.disabled {
        out.push_str(&format!("                {d}{nl}"));
    }
    out.push_str(&format!("            ],{nl}"));
    out.push_str(&format!(
        "            {}: {},{nl}",
        s("debug"),
        legacy.debug.as_deref().unwrap_or("False")
    ));
    out.push_str(&format!("        }},{nl}    }},{nl}]"));
    out
}

/// Fold the legacy template settings into TEMPLATES (see the module's documentation).
/// `processors` are the context processors TEMPLATES must list, in order; `renamed` maps old
/// prefixes of processor names to new ones (`django.core.context_processors.`).
pub fn templates(f: &SettingsFile, processors: &[&str], renamed: &[(&str, &str)]) -> Outcome {
    let legacy = tri!(read(f, processors, renamed));
    if f.first_binding("TEMPLATES").is_none() {
        let text = whole(f, processors, &legacy).replace('\n', f.newline());
        let mut edits = match deletions(f, &legacy, legacy.anchor.as_ref()) {
            Outcome::Edits(e) => e,
            other => return other,
        };
        match &legacy.anchor {
            Some(r) => edits.push(Edit::replace(r.clone(), text)),
            None => {
                let place = Place::after(&["AUTHENTICATION_BACKENDS", "MIDDLEWARE_CLASSES"]);
                match add_statement(f, &text.replace(f.newline(), "\n"), &place) {
                    Outcome::Edits(e) => edits.extend(e),
                    other => return other,
                }
            }
        }
        edits.sort_by_key(|e| e.range.start);
        return Outcome::Edits(edits);
    }
    // TEMPLATES exists: element edits by path.
    let cp_path = Path::parse("TEMPLATES[0]['OPTIONS']['context_processors']").expect("path");
    let mut edits = Vec::new();
    let Some(cp) = tri!(path::seq_at(f, &cp_path)) else {
        let offset = f.first_binding("TEMPLATES").map_or(0, |s| s.range.start);
        return Outcome::Skip(Unsafe {
            reason: "TEMPLATES has no list at [0]['OPTIONS']['context_processors']: add the \
                     context processors by hand"
                .into(),
            offset,
        });
    };
    let q = crate::model::style::container_quote(f, &cp.container);
    let missing: Vec<String> = processors
        .iter()
        .map(|p| (p.to_string(), None))
        .chain(
            legacy
                .extra
                .iter()
                .cloned()
                .zip(legacy.extra_src.iter().cloned()),
        )
        .filter(|(p, _)| !cp.contains(p) && cp.commented(p).is_none())
        .map(|(p, src)| src.unwrap_or_else(|| quoted(&p, q)))
        .collect();
    if !missing.is_empty() {
        edits.extend(insert_item(
            f,
            &cp.container,
            Slot::End,
            &missing.join(",\n"),
            cp.is_tuple,
        ));
    }
    if !legacy.dirs.is_empty() {
        let dirs_path = Path::parse("TEMPLATES[0]['DIRS']").expect("path");
        let Some(d) = tri!(path::seq_at(f, &dirs_path)) else {
            let offset = f.first_binding("TEMPLATES").map_or(0, |s| s.range.start);
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "TEMPLATES has no list at [0]['DIRS'] for the directories of {DIRS}"
                ),
                offset,
            });
        };
        let have: Vec<&str> = d.items().iter().map(|i| f.slice(&i.range)).collect();
        let new: Vec<&str> = legacy
            .dirs
            .iter()
            .map(String::as_str)
            .filter(|s| !have.contains(s))
            .collect();
        if !new.is_empty() {
            edits.extend(insert_item(
                f,
                &d.container,
                Slot::End,
                &new.join(",\n"),
                d.is_tuple,
            ));
        }
    }
    if let Some(debug) = &legacy.debug {
        let opts_path = Path::parse("TEMPLATES[0]['OPTIONS']").expect("path");
        if let Some(o) = tri!(path::dict_at(f, &opts_path)) {
            if o.get("debug").is_none() {
                edits.extend(insert_entry_source(f, &o, "debug", debug));
            }
        }
    }
    match deletions(f, &legacy, None) {
        Outcome::Edits(e) => edits.extend(e),
        other => return other,
    }
    edits.sort_by_key(|e| e.range.start);
    Outcome::Edits(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::outcome::tests::run;

    const P: &[&str] = &["a.debug", "a.request", "m.top"];
    const R: &[(&str, &str)] = &[("old.", "a.")];

    #[test]
    fn legacy_processors_become_templates() {
        let src = "from django.conf import global_settings\n\nTEMPLATE_DEBUG = DEBUG\n\nTEMPLATE_CONTEXT_PROCESSORS = global_settings.TEMPLATE_CONTEXT_PROCESSORS + (\n    'm.top',\n    'old.request',\n    'my.own',\n)\n\nX = 1\n";
        let out = run(src, |f| templates(f, P, R));
        assert_eq!(
            out,
            "TEMPLATES = [\n    {\n        'BACKEND': 'django.template.backends.django.DjangoTemplates',\n        'DIRS': [],\n        'APP_DIRS': True,\n        'OPTIONS': {\n            'context_processors': [\n                'a.debug',\n                'a.request',\n                'm.top',\n                'my.own',\n            ],\n            'debug': DEBUG,\n        },\n    },\n]\n\nX = 1\n"
        );
        assert_eq!(run(&out, |f| templates(f, P, R)), out);
    }

    #[test]
    fn existing_templates_gain_what_they_lack() {
        let src = "TEMPLATES = [{'DIRS': [], 'OPTIONS': {'context_processors': ['a.debug', 'm.top']}}]\nTEMPLATE_DIRS = ('/x',)\n";
        assert_eq!(
            run(src, |f| templates(f, P, R)),
            "TEMPLATES = [{'DIRS': ['/x'], 'OPTIONS': {'context_processors': ['a.debug', 'm.top', 'a.request']}}]\n"
        );
    }

    #[test]
    fn unknown_shapes_are_skipped() {
        let f = SettingsFile::parse("TEMPLATE_CONTEXT_PROCESSORS = make()\n".into()).unwrap();
        assert!(matches!(templates(&f, P, R), Outcome::Skip(_)));
        let f = SettingsFile::parse(
            "TEMPLATE_LOADERS = ('django.template.loaders.cached.Loader',)\n".into(),
        )
        .unwrap();
        assert!(matches!(templates(&f, P, R), Outcome::Skip(_)));
    }
}
