//! Dicts: the dict at a path, its keys set, removed, renamed or added to each entry, a template
//! merged in (missing keys only), settings folded into it; and the check that new entries use
//! no name the file does not define.

use std::ops::Range;

use crate::model::lines::first_line;
use crate::model::path::{self, Key, Path};
use crate::model::style::{container_quote, key_separator, quoted, requote};
use crate::model::{self, Dict, SettingsFile, Unsafe};
use crate::syntax::parse::{ExprKind, Node};
use crate::text::edit::Edit;
use crate::text::source;

use super::containers::{insert_item, remove_item, replace_string, value_source};
use super::op::parse_path;
use super::outcome::{Outcome, Place, Slot};
use super::statements::{add_statement, same_value, statement_lines};

/// The dict at a path written in a release file (`LOGGING['handlers']`): the one way the
/// operations find a dict ([`path::dict_at`]).
pub fn dict<'a>(f: &'a SettingsFile, p: &'static str) -> Result<Option<Dict<'a>>, Unsafe> {
    path::dict_at(f, &parse_path(p))
}

/// Insert `key: value` (value as Python source, single-quoted) at the end of a dict, in its style.
pub fn insert_entry(f: &SettingsFile, d: &Dict, key: &str, value: &str) -> Vec<Edit> {
    insert_item(
        f,
        &d.container,
        Slot::End,
        &entry_text(f, d, key, value),
        false,
    )
}

/// Insert `key: value` at the end of a dict, in its style, with `value` as given: source text
/// moved from elsewhere keeps its quotes and escapes.
pub fn insert_entry_source(f: &SettingsFile, d: &Dict, key: &str, value: &str) -> Vec<Edit> {
    let quote = container_quote(f, &d.container);
    let item = format!("{}{}{value}", quoted(key, quote), key_separator(f, d));
    insert_item(f, &d.container, Slot::End, &item, false)
}

/// `key: value` in the dict's style (its quotes and key separator).
fn entry_text(f: &SettingsFile, d: &Dict, key: &str, value: &str) -> String {
    let quote = container_quote(f, &d.container);
    let sep = key_separator(f, d);
    format!("{}{sep}{}", quoted(key, quote), requote(value, quote))
}

/// Ensure the dict at `path` holds every key of the dict literal `template` (Python source) and
/// of its dicts one level down: missing keys are added whole, the user's own entries are left
/// alone (LOGGING gains missing handlers, never a key inside the user's own handler).
pub fn merge_template(f: &SettingsFile, path: &str, template: &str) -> Outcome {
    match keys(path) {
        Some(keys) => merge_keys(f, &keys, template),
        None => Outcome::none(),
    }
}

/// [`merge_template`] into the dict at a setting and its keys.
fn merge_keys(f: &SettingsFile, keys: &[&str], template: &str) -> Outcome {
    let t = match SettingsFile::parse(format!("_ = {template}\n")) {
        Ok(t) => t,
        Err(_) => return Outcome::none(),
    };
    let Some(value) = t.first_value() else {
        return Outcome::none();
    };
    let mut edits = Vec::new();
    let mut path: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
    if let Err(u) = merge_into(f, &t, value, &mut path, &mut edits, 1) {
        return Outcome::Skip(u);
    }
    if let Some(name) = unbound_name_in(f, &t, &edits) {
        return Outcome::Skip(unbound(f, path.first().map_or("", String::as_str), &name));
    }
    Outcome::Edits(edits)
}

/// The skip of a setting whose new entries would use a name the file does not define.
pub fn unbound(f: &SettingsFile, setting: &str, name: &str) -> Unsafe {
    let offset = f
        .first_binding(setting)
        .map_or(f.text().len(), |s| s.range.start);
    Unsafe {
        reason: format!(
            "{setting} would use {name}, which the file does not define (import it, or run \
             the step that does)"
        ),
        offset,
    }
}

/// The first name that the template's source uses, that `edits` write, and that the file does
/// not bind at the top level (`SysLogHandler` without its import): written, it would raise
/// NameError when Django loads the settings.
pub fn unbound_name(f: &SettingsFile, template: &str, edits: &[Edit]) -> Option<String> {
    // The names the template's source holds, by the scanner: every identifier the parser
    // would find is among them. Where none is both written by the edits and missing from the
    // file (a template of literals, or one whose names the file defines: most), there is no
    // need to parse the template.
    // (An attribute, right after a `.`, is no use of a name.)
    let mut after_dot = false;
    let missing = crate::syntax::scan::pieces(template.as_bytes()).any(|p| {
        let word = &template[p.start..p.end];
        let attribute =
            std::mem::replace(&mut after_dot, p.kind == crate::syntax::scan::Kind::Op("."));
        p.kind == crate::syntax::scan::Kind::Name
            && !attribute
            && !crate::syntax::parse::is_keyword(word)
            && word != "_"
            && f.first_binding(word).is_none()
            && edits.iter().any(|e| e.content.contains(word))
    });
    if !missing {
        return None;
    }
    let t = SettingsFile::parse(format!("_ = {template}\n")).ok()?;
    unbound_name_in(f, &t, edits)
}

/// [`unbound_name`] of a template already parsed as `_ = <template>`.
fn unbound_name_in(f: &SettingsFile, t: &SettingsFile, edits: &[Edit]) -> Option<String> {
    if edits.is_empty() {
        return None;
    }
    let text = t.text();
    t.identifiers()
        .iter()
        .filter(|r| !text[..r.start].trim_end_matches([' ', '\t']).ends_with('.'))
        .map(|r| t.slice(r))
        .filter(|n| *n != "_")
        .find(|n| edits.iter().any(|e| e.content.contains(n)) && f.first_binding(n).is_none())
        .map(str::to_string)
}

fn merge_into(
    f: &SettingsFile,
    t: &SettingsFile,
    template: Node,
    path: &mut Vec<String>,
    edits: &mut Vec<Edit>,
    depth: usize,
) -> Result<(), Unsafe> {
    let at = Path {
        name: &path[0],
        keys: path[1..].iter().map(|k| Key::Key(k)).collect(),
    };
    let Some(d) = path::dict_at(f, &at)? else {
        return Ok(());
    };
    let Some(td) = t.dict_of(template) else {
        return Ok(());
    };
    // The missing entries go in together: one insertion, one comma after the last entry.
    let mut missing = Vec::new();
    for (k, v) in &td.entries {
        let Some(key) = model::str_value(k.expr) else {
            continue;
        };
        match d.get(&key) {
            None => {
                let src = template_source(t, *v, &key_separator(f, &d));
                missing.push(entry_text(f, &d, &key, &src));
            }
            // The user's own entries below the first level are left alone.
            Some(existing) if depth > 0 => {
                if f.dict_of(existing).is_some() && t.dict_of(*v).is_some() {
                    path.push(key);
                    merge_into(f, t, *v, path, edits, depth - 1)?;
                    path.pop();
                }
            }
            Some(_) => {}
        }
    }
    if !missing.is_empty() {
        edits.extend(insert_item(
            f,
            &d.container,
            Slot::End,
            &missing.join(",\n"),
            false,
        ));
    }
    Ok(())
}

/// The source of a template value with its continuation lines de-indented to column 0 plus
/// their depth relative to the value's first line, and its dicts' key separators set to `sep`.
fn template_source(t: &SettingsFile, v: Node, sep: &str) -> String {
    let text = t.text();
    let range = v.range();
    let base = source::indent_of(text, range.start).len();
    let mut gaps = Vec::new();
    key_gaps(v, &mut gaps);
    let edits = gaps
        .into_iter()
        .filter(|r| &text[r.clone()] == ": ")
        .map(|r| Edit::replace(r.start - range.start..r.end - range.start, sep))
        .collect();
    let whole = &text[range];
    let src = crate::text::edit::apply(whole, edits).unwrap_or_else(|_| whole.to_string());
    let mut out = String::new();
    for (i, line) in src.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let cut = line.len() - line.trim_start_matches(' ').len();
            out.push_str(&line[cut.min(base)..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The ranges between every key and its value in the dicts of `e`.
fn key_gaps(e: Node, out: &mut Vec<Range<usize>>) {
    if let ExprKind::Dict(entries) = e.kind() {
        for (k, v) in entries {
            let v = e.child(v);
            if let Some(k) = k {
                out.push(e.child(k).range().end..v.range().start);
            }
            key_gaps(v, out);
        }
    }
}

/// The keys of a path written in a release file (`LOGGING['handlers']`): the setting, then
/// dict keys; None when it holds an index.
fn keys(path: &str) -> Option<Vec<&str>> {
    let p = Path::parse(path)?;
    let mut out = vec![p.name];
    for k in p.keys {
        match k {
            Key::Key(k) => out.push(k),
            Key::Index(_) => return None,
        }
    }
    Some(out)
}

/// Merge a dict template into the dict at `path`; a top-level setting that is missing is added
/// whole (at the end of the file), unless it would use a name the file does not define.
pub fn merge_dict(f: &SettingsFile, path: &str, template: &str) -> Outcome {
    let Some(keys) = keys(path) else {
        return Outcome::none();
    };
    match keys.as_slice() {
        [name] if f.first_binding(name).is_none() => {
            let stmt = format!(
                "{name} = {}",
                requote(template, crate::model::style::file_quote(f))
            );
            match add_statement(f, &stmt, &Place::END) {
                Outcome::Edits(e) => match unbound_name(f, template, &e) {
                    Some(n) => Outcome::Skip(unbound(f, name, &n)),
                    None => Outcome::Edits(e),
                },
                other => other,
            }
        }
        _ => merge_keys(f, &keys, template),
    }
}

/// Set `key` of the dict at `path` to `value` (Python source, in the dict's quotes): replace a
/// different value, add a missing entry. Nothing happens when the dict does not exist.
pub fn set_key(f: &SettingsFile, path: &'static str, key: &str, value: &str) -> Outcome {
    let Some(d) = tri!(dict(f, path)) else {
        return Outcome::none();
    };
    match d.get(key) {
        Some(v) if same_value(f, v, value) => Outcome::none(),
        Some(v) => {
            let quote = container_quote(f, &d.container);
            Outcome::Edits(vec![Edit::replace(v.range(), requote(value, quote))])
        }
        None => Outcome::Edits(insert_entry(f, &d, key, value)),
    }
}

/// Remove the entry `key` of the dict at `path` (with its comma and its line's comment).
pub fn remove_key(f: &SettingsFile, path: &'static str, key: &str) -> Outcome {
    let Some(d) = tri!(dict(f, path)) else {
        return Outcome::none();
    };
    match d.position(key) {
        Some(i) => Outcome::Edits(remove_item(f, &d.container, i, false)),
        None => Outcome::none(),
    }
}

/// Rename the key `from` of the dict at `path` to `to`, keeping its quotes and its value. Both
/// present: skipped, the two values may differ.
pub fn rename_key(f: &SettingsFile, path: &'static str, from: &str, to: &str) -> Outcome {
    let Some(d) = tri!(dict(f, path)) else {
        return Outcome::none();
    };
    let Some(i) = d.position(from) else {
        return Outcome::none();
    };
    let key = d.entries[i].0;
    if let Some(j) = d.position(to) {
        return Outcome::Skip(Unsafe {
            reason: format!("{path} holds both '{from}' and '{to}'"),
            offset: d.entries[j].0.range().start,
        });
    }
    Outcome::Edits(vec![tri!(replace_string(f, &key.range(), to))])
}

/// Fold settings into the dict at `into`: each `(NAME, key)` becomes the entry `key: value`,
/// its value as the user wrote it, and NAME is deleted. A key the dict already holds keeps its
/// value, and NAME goes all the same (the dict wins).
pub fn fold(f: &SettingsFile, names: &[(&str, &str)], into: &'static str) -> Outcome {
    let Some(d) = tri!(dict(f, into)) else {
        return Outcome::none();
    };
    let mut edits = Vec::new();
    let mut entries = Vec::new();
    for (name, key) in names {
        let Some(s) = tri!(f.setting(name)) else {
            continue;
        };
        if d.get(key).is_none() {
            let quote = container_quote(f, &d.container);
            entries.push(format!(
                "{}{}{}",
                quoted(key, quote),
                key_separator(f, &d),
                value_source(f, s.value)
            ));
        }
        match statement_lines(f, s.stmt, Some(name)) {
            Some(r) => edits.push(Edit::delete(r)),
            None => {
                return Outcome::Skip(Unsafe {
                    reason: format!("{name} shares its line with another statement"),
                    offset: s.stmt.range.start,
                })
            }
        }
    }
    if !entries.is_empty() {
        let joined = entries.join(",\n");
        // Several entries go in as one item: one insertion, one comma after the last entry.
        edits.extend(insert_item(f, &d.container, Slot::End, &joined, false));
    }
    Outcome::Edits(edits)
}

/// Add `key: value` (Python source) to every dict that is an entry of the dict at `path` (each
/// connection of DATABASES) that lacks it, at the end of the dict, in its style. A value the
/// user already gave the key stays (a connection kept out of atomic requests on purpose). An
/// entry that is not a literal dict is skipped.
pub fn add_key_in_each(f: &SettingsFile, path: &'static str, key: &str, value: &str) -> Outcome {
    let Some(d) = tri!(dict(f, path)) else {
        return Outcome::none();
    };
    let mut edits = Vec::new();
    for (k, v) in &d.entries {
        let Some(sub) = f.dict_of(*v) else {
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "{path}[{}] is not a literal dict (`{}`)",
                    first_line(f.slice(&k.range())),
                    first_line(f.slice(&v.range()))
                ),
                offset: v.range().start,
            });
        };
        if sub.get(key).is_none() {
            edits.extend(insert_entry(f, &sub, key, value));
        }
    }
    Outcome::Edits(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::outcome::tests::run;
    use crate::ops::sequences;
    use crate::ops::{At, Target};

    #[test]
    fn keys_are_set_removed_and_renamed_in_nested_dicts() {
        let src = "R = {\n    'A': ('x',),\n    'B': 1,\n}\n";
        assert_eq!(
            run(src, |f| set_key(f, "R", "B", "2")),
            "R = {\n    'A': ('x',),\n    'B': 2,\n}\n"
        );
        assert_eq!(run(src, |f| set_key(f, "R", "B", "1")), src);
        assert_eq!(
            run(src, |f| set_key(f, "R", "C", "'z'")),
            "R = {\n    'A': ('x',),\n    'B': 1,\n    'C': 'z',\n}\n"
        );
        assert_eq!(
            run(src, |f| remove_key(f, "R", "A")),
            "R = {\n    'B': 1,\n}\n"
        );
        assert_eq!(
            run(src, |f| rename_key(f, "R", "B", "D")),
            "R = {\n    'A': ('x',),\n    'D': 1,\n}\n"
        );
        let t = "T = [{'OPTIONS': {'cp': ['a']}}]\n";
        assert_eq!(
            run(t, |f| set_key(f, "T[0]['OPTIONS']", "debug", "False")),
            "T = [{'OPTIONS': {'cp': ['a'], 'debug': False}}]\n"
        );
    }

    #[test]
    fn elements_move_and_settings_fold() {
        let src = "A = (\n    'x',\n    'y',\n)\nB = (\n    'z',\n)\n";
        assert_eq!(
            run(src, |f| sequences::r#move(
                f,
                &Target::Name("A"),
                &Target::Name("B"),
                "x",
                &At::LAST
            )),
            "A = (\n    'y',\n)\nB = (\n    'z',\n    'x',\n)\n"
        );
        let src = "H = 'h'\nD = {\n    'NAME': 'n',\n}\nP = '5'  # port\n";
        assert_eq!(
            run(src, |f| fold(f, &[("H", "HOST"), ("P", "PORT")], "D")),
            "D = {\n    'NAME': 'n',\n    'HOST': 'h',\n    'PORT': '5',\n}\n"
        );
    }

    #[test]
    fn merge_dict_keeps_key_spacing() {
        let src = "D = {\n    \"a\" : 1,\n}\n";
        let out = run(src, |f| merge_template(f, "D", "{'a': 2, 'b': {'c': 'd'}}"));
        assert_eq!(
            out,
            "D = {\n    \"a\" : 1,\n    \"b\" : {\"c\" : \"d\"},\n}\n"
        );
    }

    #[test]
    fn a_key_in_every_connection() {
        let out = run(
            "DATABASES = {\n    'default': {\n        'NAME': 'a',\n    },\n    'amavis': {'NAME': 'b'}\n}\n",
            |f| add_key_in_each(f, "DATABASES", "ATOMIC_REQUESTS", "True"),
        );
        assert_eq!(
            out,
            "DATABASES = {\n    'default': {\n        'NAME': 'a',\n        'ATOMIC_REQUESTS': True,\n    },\n    'amavis': {'NAME': 'b', 'ATOMIC_REQUESTS': True}\n}\n"
        );
        let f = SettingsFile::parse("DATABASES = {'default': DEFAULT}\n".into()).unwrap();
        assert!(matches!(
            add_key_in_each(&f, "DATABASES", "ATOMIC_REQUESTS", "True"),
            Outcome::Skip(_)
        ));
    }
}
