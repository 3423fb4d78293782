//! Top-level statements: a setting set, added or deleted (alone, as a group with its comment,
//! or a whole family), renamed where it is bound and used, moved above its first use; a call
//! added; and where a new statement goes ([`add_statement`]).

use std::ops::Range;

use crate::model::lines;
use crate::model::style::{file_quote, quoted, requote};
use crate::model::values;
use crate::model::{self, Binding, SettingsFile, Unsafe};
use crate::syntax::parse::{ExprKind, Node, Stmt, StmtKind};
use crate::text::edit::Edit;
use crate::text::source;

use super::imports::{insert_in_import_block, last_import_above};
use super::outcome::{Outcome, Place};
use super::{Opt, Options};

/// `NAME = value`: replace the value of the one assignment, or add the statement at `place`.
/// `value` is Python source written with single quotes; it takes the file's quote style.
pub fn set(f: &SettingsFile, name: &str, value: &str, place: &Place) -> Outcome {
    match tri!(f.setting(name)) {
        Some(setting) => {
            if same_value(f, setting.value, value) {
                return Outcome::none();
            }
            let quote = match &setting.value.kind {
                ExprKind::Str(_) => {
                    crate::model::style::string_quote(f.slice(&setting.value.range()))
                }
                _ => crate::model::style::file_quote(f),
            };
            Outcome::Edits(vec![Edit::replace(
                setting.value.range(),
                requote(value, quote),
            )])
        }
        None => add_statement(
            f,
            &format!(
                "{name} = {}",
                requote(value, crate::model::style::file_quote(f))
            ),
            place,
        ),
    }
}

/// Add `NAME = value` only when `NAME` is not assigned at all.
pub fn add(f: &SettingsFile, name: &str, value: &str, place: &Place) -> Outcome {
    if f.first_binding(name).is_some() {
        return Outcome::none();
    }
    add_statement(
        f,
        &format!(
            "{name} = {}",
            requote(value, crate::model::style::file_quote(f))
        ),
        place,
    )
}

/// True when the expression has the same value as the Python source `value`.
pub fn same_value(f: &SettingsFile, e: Node, value: &str) -> bool {
    match SettingsFile::parse(format!("_ = {value}\n")) {
        Ok(t) => t
            .first_value()
            .is_some_and(|v| values::value(f, e) == values::value(&t, v)),
        Err(_) => false,
    }
}

/// `end`, or the end of the line of the first binding of a name `src` reads (not in a string,
/// not an attribute) where that is further down: a statement added never uses a name above the
/// line that defines it.
fn below_what_it_reads(f: &SettingsFile, src: &str, end: usize) -> usize {
    let (mut out, mut quote, mut word, mut dot) = (end, None, String::new(), false);
    for c in src.chars().chain([' ']) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c.is_ascii_alphanumeric() || c == '_' => word.push(c),
            None => {
                let name = !dot && word.starts_with(|c: char| !c.is_ascii_digit());
                if let Some(stmt) = name.then(|| f.first_binding(&word)).flatten() {
                    out = out.max(f.stmt_line_end(stmt));
                }
                (dot, quote) = (c == '.', matches!(c, '\'' | '"').then_some(c));
                word.clear();
            }
        }
    }
    out
}

/// Insert a statement (one or more lines, written with `\n`) at `place`.
pub fn add_statement(f: &SettingsFile, stmt_src: &str, place: &Place) -> Outcome {
    let nl = f.newline();
    let body = stmt_src.replace('\n', nl);
    for name in place.after {
        if let Some(stmt) = last_binding(f, name) {
            let end = below_what_it_reads(f, stmt_src, f.stmt_line_end(stmt));
            let blank = next_line_is_blank(f, end) && stmt_src.contains('\n');
            let lead = if blank {
                format!("{nl}{nl}")
            } else {
                nl.to_string()
            };
            return Outcome::Edits(vec![Edit::insert(end, format!("{lead}{body}"))]);
        }
    }
    for name in place.before {
        if let Some(stmt) = f.first_binding(name) {
            let at = comment_block_start(f, f.stmt_line_start(stmt));
            return Outcome::Edits(vec![Edit::insert(at, format!("{body}{nl}"))]);
        }
    }
    if place.after_imports {
        if let Some(last) = last_import_above(f, usize::MAX) {
            // Below the imports, apart from them as the code after them is.
            let end = f.stmt_line_end(last);
            let lead = if next_line_is_blank(f, end) {
                format!("{nl}{nl}")
            } else {
                nl.to_string()
            };
            return Outcome::Edits(vec![Edit::insert(end, format!("{lead}{body}"))]);
        }
    }
    Outcome::Edits(vec![append(f, &body)])
}

/// An edit that appends lines at the end of the file, or above the administrator's local
/// override that ends it (`from .local_settings import *`, alone or in a `try`): what the
/// override sets must still win over what a release adds.
pub(super) fn append(f: &SettingsFile, body: &str) -> Edit {
    let nl = f.newline();
    let text = f.text();
    if let Some(at) = local_override_start(f) {
        return Edit::insert(at, format!("{body}{nl}{nl}"));
    }
    // A block of several lines stands apart from what comes before it.
    let blank =
        body.contains(['\n', '\r']) && !text.is_empty() && !source::ends_with_blank_line(text);
    let lead = match (text.is_empty() || source::ends_line(text), blank) {
        (true, false) => String::new(),
        (true, true) => nl.to_string(),
        (false, false) => nl.to_string(),
        (false, true) => format!("{nl}{nl}"),
    };
    Edit::insert(text.len(), format!("{lead}{body}{nl}"))
}

/// The start (comment lines above included) of the local override the file ends with: the
/// trailing imports of a module named `*local*` (`local_settings`, `settings_local`), plain or
/// inside `try`.
fn local_override_start(f: &SettingsFile) -> Option<usize> {
    let mut first = None;
    for s in f.statements().iter().rev() {
        let src = f.slice(&s.range);
        let local = match &*s.kind {
            StmtKind::ImportFrom { module, .. } => module
                .rsplit('.')
                .next()
                .is_some_and(|m| m.contains("local")),
            StmtKind::Other { .. } if src.starts_with("try") => {
                src.contains("import") && src.contains("local") && !src.contains("modoboa")
            }
            _ => false,
        };
        if !local {
            break;
        }
        first = Some(s);
    }
    first.map(|s| comment_block_start(f, f.stmt_line_start(s)))
}

pub fn binding_stmt<'a>(b: &model::Binding<'a>) -> &'a Stmt {
    match b {
        model::Binding::Assign { stmt, .. }
        | model::Binding::Augment { stmt, .. }
        | model::Binding::Other { stmt } => stmt,
    }
}

pub(crate) fn last_binding<'a>(f: &'a SettingsFile, name: &str) -> Option<&'a Stmt> {
    f.bindings(name).last().map(binding_stmt)
}

fn next_line_is_blank(f: &SettingsFile, end: usize) -> bool {
    let text = f.text();
    let next = source::next_line(text, end);
    next < text.len() && source::is_blank_line(text, next..source::line_end(text, next))
}

/// Start of the comment lines directly above `offset`'s line (no blank line between).
fn comment_block_start(f: &SettingsFile, offset: usize) -> usize {
    let text = f.text();
    lines::comments_above(text, source::line_start(text, offset))
}

/// Delete every top-level statement that assigns `name` (and the comment lines directly above
/// it when they name it), leaving no double blank line.
pub fn delete(f: &SettingsFile, name: &str) -> Outcome {
    let bindings = f.bindings(name);
    let mut edits = Vec::new();
    for b in &bindings {
        let stmt = match b {
            model::Binding::Assign { stmt, .. } | model::Binding::Augment { stmt, .. } => *stmt,
            model::Binding::Other { stmt } => {
                return Outcome::Skip(Unsafe {
                    reason: format!("{name} is bound inside a statement the tool does not delete"),
                    offset: stmt.range.start,
                })
            }
        };
        match statement_lines(f, stmt, Some(name)) {
            Some(r) => edits.push(Edit::delete(r)),
            None => {
                return Outcome::Skip(Unsafe {
                    reason: format!("{name} shares its line with another statement"),
                    offset: stmt.range.start,
                })
            }
        }
    }
    Outcome::Edits(edits)
}

/// The whole lines of a statement, with the comment lines above it that mention `name`, and
/// one of the blank lines around it when it stands between two blank lines.
pub fn statement_lines(f: &SettingsFile, stmt: &Stmt, name: Option<&str>) -> Option<Range<usize>> {
    let text = f.text();
    if !source::starts_line(text, stmt.range.start) {
        return None;
    }
    let line_end = f.stmt_line_end(stmt);
    let after = &text[stmt.range.end..line_end];
    if !lines::blank_or_comment(after) {
        return None;
    }
    let mut start = source::line_start(text, stmt.range.start);
    let block = comment_block_start(f, start);
    if block < start {
        let comments = &text[block..start];
        let mentions = name.is_some_and(|n| {
            let lower = comments.to_lowercase();
            lower.contains(&n.to_lowercase()) || lower.contains(&n.to_lowercase().replace('_', " "))
        });
        let before_blank = block == 0 || is_prev_line_blank(text, block);
        let after = source::next_line(text, line_end);
        let after_blank = after >= text.len()
            || source::is_blank_line(text, after..source::line_end(text, after));
        // The comment is the statement's own paragraph, or names it.
        if before_blank && (mentions || after_blank) {
            start = block;
        }
    }
    let mut end = source::next_line(text, line_end);
    let blank_before = start == 0 || is_prev_line_blank(text, start);
    let blank_after =
        end < text.len() && source::is_blank_line(text, end..source::line_end(text, end));
    if (blank_before || end >= text.len()) && blank_after {
        end = source::next_line(text, end);
    } else if end >= text.len() && blank_before && start > source::body_start(text) {
        // Last statement of the file: drop the blank line above instead.
        start = source::line_start(text, start - 1);
    }
    Some(start..end)
}

pub(crate) fn is_prev_line_blank(text: &str, line_start: usize) -> bool {
    // (The first line has none, BOM or not.)
    if line_start <= source::body_start(text) {
        return false;
    }
    let prev = source::line_start(text, line_start - 1);
    source::is_blank_line(text, prev..line_start)
}

/// Rename a variable where it is bound and everywhere it is used.
pub fn rename_setting(f: &SettingsFile, from: &str, to: &str) -> Outcome {
    if f.first_binding(from).is_none() {
        return Outcome::none();
    }
    if let Some(b) = f.bindings(to).first() {
        return Outcome::Skip(Unsafe {
            reason: format!("both {from} and {to} are defined"),
            offset: binding_stmt(b).range.start,
        });
    }
    let keywords = keyword_names(f.text());
    Outcome::Edits(
        f.uses_of(from)
            .filter(|r| !keywords.contains(&r.start))
            .map(|r| Edit::replace(r.clone(), to))
            .collect(),
    )
}

/// Where the names inside brackets that are followed by `=` start: keyword arguments and
/// parameter defaults (`dict(MIDDLEWARE_CLASSES=...)`), which name no variable.
fn keyword_names(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut name: Option<usize> = None;
    for p in crate::syntax::scan::pieces(text.as_bytes()) {
        match p.kind {
            crate::syntax::scan::Kind::Comment
            | crate::syntax::scan::Kind::LineEnd
            | crate::syntax::scan::Kind::Continuation => continue,
            crate::syntax::scan::Kind::Op("(" | "[" | "{") => depth += 1,
            crate::syntax::scan::Kind::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
            crate::syntax::scan::Kind::Op("=") if depth > 0 => out.extend(name),
            _ => {}
        }
        name = (p.kind == crate::syntax::scan::Kind::Name).then_some(p.start);
    }
    out
}
/// `NAME = <option value, quoted>` (`OTP_TOTP_ISSUER`); pending without the option.
pub fn set_option(
    f: &SettingsFile,
    name: &str,
    option: &Opt,
    options: &Options,
    place: &Place,
) -> Outcome {
    match option.value(options) {
        Some(v) => set_source(f, name, &quoted(v, file_quote(f)), place),
        None => Outcome::needs(
            *option,
            format!("{name} needs a value only you know: pass {}", option.flag()),
        ),
    }
}

/// `NAME = value` where `value` is Python source to write as it is (a literal already quoted).
fn set_source(f: &SettingsFile, name: &str, value: &str, place: &Place) -> Outcome {
    match tri!(f.setting(name)) {
        Some(s) if same_value(f, s.value, value) => Outcome::none(),
        Some(s) => Outcome::Edits(vec![Edit::replace(s.value.range(), value)]),
        None => add_statement(f, &format!("{name} = {value}"), place),
    }
}

/// `NAME = template` with `{}` the quoted option value, when NAME is not assigned; pending
/// without the option (only while NAME is missing).
pub fn add_option(
    f: &SettingsFile,
    name: &str,
    template: &str,
    option: &Opt,
    options: &Options,
    place: &Place,
) -> Outcome {
    match option.value(options) {
        _ if f.first_binding(name).is_some() => Outcome::none(),
        Some(v) => add_with_value(f, name, template, v, place),
        None => Outcome::needs(
            *option,
            format!("{name} needs a value only you know: pass {}", option.flag()),
        ),
    }
}

/// `NAME = template` with `{}` replaced by the option value (quoted in the file's style), when
/// NAME is not assigned.
fn add_with_value(
    f: &SettingsFile,
    name: &str,
    template: &str,
    value: &str,
    place: &Place,
) -> Outcome {
    if f.first_binding(name).is_some() {
        return Outcome::none();
    }
    let q = crate::model::style::file_quote(f);
    let body = super::requote(template, q).replace("{}", &quoted(value, q));
    add_statement(f, &format!("{name} = {body}"), place)
}

/// Move the assignment of `name` up, after the imports, when it is used before it is defined.
pub fn move_up(f: &SettingsFile, name: &str) -> Outcome {
    let Some(setting) = tri!(f.setting(name)) else {
        return Outcome::none();
    };
    let stmt = setting.stmt;
    let first_use = f
        .uses_of(name)
        .map(|r| r.start)
        .find(|s| !(stmt.range.start..stmt.range.end).contains(s));
    let Some(first_use) = first_use.filter(|u| *u < stmt.range.start) else {
        return Outcome::none();
    };
    let Some(lines) = statement_lines(f, stmt, None) else {
        return Outcome::Skip(Unsafe {
            reason: format!("{name} shares its line with another statement"),
            offset: stmt.range.start,
        });
    };
    // The statement with the comment lines that belong to it, without surrounding blank lines.
    let own = f.text()[lines.start..f.stmt_line_end(stmt)]
        .trim_start_matches(['\r', '\n'])
        .to_string();
    let mut insert = insert_in_import_block(f, &own, first_use);
    if insert.range.start > first_use {
        return Outcome::Skip(Unsafe {
            reason: format!("{name} is used before any place it could move to"),
            offset: first_use,
        });
    }
    // Keep the moved block apart from the imports.
    if insert.content.starts_with(f.newline()) {
        insert.content = format!("{}{}", f.newline(), insert.content);
    }
    Outcome::Edits(vec![insert, Edit::delete(lines)])
}

/// Delete the settings `names` with the comment paragraph that introduces the group (the
/// comment lines just above the first of them, blank line or not, that stand on their own).
pub fn delete_group(f: &SettingsFile, names: &[&str]) -> Outcome {
    let text = f.text();
    let mut ranges = Vec::new();
    for name in names {
        for b in f.bindings(name) {
            let stmt = match b {
                Binding::Assign { stmt, .. } | Binding::Augment { stmt, .. } => stmt,
                Binding::Other { stmt } => {
                    return Outcome::Skip(Unsafe {
                        reason: format!(
                            "{name} is bound inside a statement the tool does not delete"
                        ),
                        offset: stmt.range.start,
                    })
                }
            };
            match statement_lines(f, stmt, Some(name)) {
                Some(r) => ranges.push(r),
                None => {
                    return Outcome::Skip(Unsafe {
                        reason: format!("{name} shares its line with another statement"),
                        offset: stmt.range.start,
                    })
                }
            }
        }
    }
    if ranges.is_empty() {
        return Outcome::none();
    }
    ranges.sort_by_key(|r| r.start);
    // Statements separated only by blank lines go as one stretch.
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if text[last.end.min(r.start)..r.start].trim().is_empty() => {
                last.end = last.end.max(r.end)
            }
            _ => merged.push(r),
        }
    }
    // The comment that introduces the group: the paragraph just above, a blank line between
    // or not, preceded by a blank line (or the start of the file).
    if let Some(first) = merged.first_mut() {
        let mut above = first.start;
        if is_prev_line_blank(text, above) {
            above = source::line_start(text, above - 1);
        }
        let block = lines::comments_above(text, above);
        let stands_alone = block <= source::body_start(text) || is_prev_line_blank(text, block);
        if block < above && stands_alone {
            first.start = block;
        }
    }
    Outcome::Edits(merged.into_iter().map(Edit::delete).collect())
}

/// Delete every top-level setting whose name starts with `prefix`, as one group.
pub fn delete_prefixed(f: &SettingsFile, prefix: &str) -> Outcome {
    let mut names: Vec<String> = Vec::new();
    for s in f.statements() {
        let bound: Vec<String> = match &*s.kind {
            StmtKind::Assign { targets, .. } => targets
                .iter()
                .filter_map(|t| match &t.kind {
                    crate::syntax::parse::ExprKind::Name(n) => Some(n.clone()),
                    _ => None,
                })
                .collect(),
            StmtKind::AugAssign { target, .. } => match &target.kind {
                crate::syntax::parse::ExprKind::Name(n) => vec![n.clone()],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        for n in bound {
            if n.starts_with(prefix) && !names.contains(&n) {
                names.push(n);
            }
        }
    }
    // A setting of the family bound some other way (inside an `if`) is not deleted silently.
    for s in f.statements() {
        if let StmtKind::Other { assigns } = &*s.kind {
            if let Some(n) = assigns.iter().find(|n| n.starts_with(prefix)) {
                return Outcome::Skip(Unsafe {
                    reason: format!("{n} is bound inside a statement the tool does not delete"),
                    offset: s.range.start,
                });
            }
        }
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    delete_group(f, &refs)
}

/// The text of a statement with its spaces dropped and its quotes made single: two spellings of
/// one call compare equal.
pub(super) fn normal(src: &str) -> String {
    normal_chars(src).collect()
}

/// The characters of [`normal`], without building the string (statements are compared to a
/// call one by one; most differ in their first characters).
fn normal_chars(src: &str) -> impl Iterator<Item = char> + '_ {
    src.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '"' { '\'' } else { c })
}

/// A statement that binds nothing (a call), at `place`, unless the file has it already.
pub fn call(f: &SettingsFile, source: &str, place: &Place) -> Outcome {
    let want = normal(source);
    // (Only statements that hold the call's first word are compared.)
    let word = source.split(['(', '.', ' ']).next().unwrap_or(source);
    if f.statements().iter().any(|s| {
        let text = f.slice(&s.range);
        text.contains(word) && normal_chars(text).eq(want.chars())
    }) {
        return Outcome::none();
    }
    let q = crate::model::style::file_quote(f);
    match add_statement(f, &super::requote(source, q), place) {
        Outcome::Edits(e) => match super::dicts::unbound_name(f, source, &e) {
            Some(n) => Outcome::Skip(Unsafe {
                reason: format!("`{source}` would use {n}, which the file does not define"),
                offset: e.first().map_or(0, |x| x.range.start),
            }),
            None => Outcome::Edits(e),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests;
