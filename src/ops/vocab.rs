//! The operations the later releases need: keys of nested dicts, elements moved between
//! sequences, groups of settings deleted with their comment, imports added and removed,
//! settings folded into a dict. Each reads the model and returns all its edits at once, or the
//! reason it cannot edit the setting safely.

use crate::model::path::{Key, Path};
use crate::model::{Binding, SettingsFile, Unsafe};
use crate::syntax::StmtKind;
use crate::text::edit::Edit;
use crate::text::source;

use super::{
    add_statement, container_quote, dict, ensure_element, insert_entry, insert_in_import_block,
    key_separator, merge_dict, remove_element, remove_item, replace_string, requote, same_value,
    statement_lines, unbound, unbound_name, value_source, At, Outcome, Place, Target,
};

/// Move `value` from the sequence `from` to the sequence `to` (at `at`): removed there, ensured
/// here. Nothing happens when `from` does not list it.
pub fn move_element(f: &SettingsFile, from: &Target, to: &Target, value: &str, at: &At) -> Outcome {
    let Some(src) = tri!(from.seq(f)) else {
        return Outcome::none();
    };
    if !src.contains(value) {
        return Outcome::none();
    }
    let dst_stmt = match tri!(to.seq(f)) {
        Some(d) => d.setting.stmt.range.clone(),
        None => return Outcome::none(),
    };
    if dst_stmt == src.setting.stmt.range {
        return Outcome::none();
    }
    let mut edits = match remove_element(f, from, value) {
        Outcome::Edits(e) => e,
        other => return other,
    };
    match ensure_element(f, to, value, at) {
        Outcome::Edits(e) => edits.extend(e),
        other => return other,
    }
    Outcome::Edits(edits)
}

/// `NAME = value` where `value` is Python source to write as it is (a literal already quoted).
pub fn set_assignment_source(f: &SettingsFile, name: &str, value: &str, place: &Place) -> Outcome {
    match tri!(f.setting(name)) {
        Some(s) if same_value(f, s.value, value) => Outcome::none(),
        Some(s) => Outcome::Edits(vec![Edit::replace(s.value.range(), value)]),
        None => add_statement(f, &format!("{name} = {value}"), place),
    }
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
        if above > 0 {
            let prev = source::line_start(text, above - 1);
            if source::is_blank_line(text, prev..above) {
                above = prev;
            }
        }
        let mut block = above;
        while block > 0 {
            let prev = source::line_start(text, block - 1);
            if text[prev..block].trim_start().starts_with('#') {
                block = prev;
            } else {
                break;
            }
        }
        let stands_alone = block == 0 || {
            let prev = source::line_start(text, block - 1);
            source::is_blank_line(text, prev..block)
        };
        if block < above && stands_alone {
            first.start = block;
        }
    }
    Outcome::Edits(merged.into_iter().map(Edit::delete).collect())
}

/// `import module`, after the imports above its first use.
pub fn ensure_import_module(f: &SettingsFile, module: &str) -> Outcome {
    let present = f.imports().any(|s| match &*s.kind {
        StmtKind::Import { names, .. } => names.iter().any(|n| n == module),
        _ => false,
    });
    if present {
        return Outcome::none();
    }
    let first_use = f
        .uses_of(module)
        .map(|r| r.start)
        .next()
        .unwrap_or(usize::MAX);
    Outcome::Edits(vec![insert_in_import_block(
        f,
        &format!("import {module}"),
        first_use,
    )])
}

/// Remove `from module import name` (`import module` when `name` is empty). A line that
/// imports other names too is skipped with its line.
pub fn remove_import(f: &SettingsFile, module: &str, name: &str) -> Outcome {
    let mut edits = Vec::new();
    for s in f.imports() {
        let (matches, alone) = match &*s.kind {
            StmtKind::ImportFrom {
                module: m, names, ..
            } if m == module => (names.iter().any(|n| n == name), names.len() == 1),
            StmtKind::Import { names, .. } if name.is_empty() => {
                (names.iter().any(|n| n == module), names.len() == 1)
            }
            _ => (false, false),
        };
        if !matches {
            continue;
        }
        if !alone {
            return Outcome::Skip(Unsafe {
                reason: format!("the import of {module} {name} shares its line with other names"),
                offset: s.range.start,
            });
        }
        match statement_lines(f, s, None) {
            Some(r) => edits.push(Edit::delete(r)),
            None => {
                return Outcome::Skip(Unsafe {
                    reason: "the import shares its line with another statement".into(),
                    offset: s.range.start,
                })
            }
        }
    }
    Outcome::Edits(edits)
}

/// The keys of a path written in a release file (`LOGGING['handlers']`), for the operations
/// on dicts that take names and keys.
fn keys(path: &'static str) -> Option<Vec<&'static str>> {
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
pub fn merge_dict_at(f: &SettingsFile, path: &'static str, template: &str) -> Outcome {
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
        _ => merge_dict(f, &keys, template),
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
                super::quoted(key, quote),
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
        edits.extend(super::insert_item(
            f,
            &d.container,
            super::Slot::End,
            &joined,
            false,
        ));
    }
    Outcome::Edits(edits)
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::*;

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
    fn a_group_goes_with_its_comment() {
        let src = "A = 1\n\n# django-passwords\n\nP = 8\n\nQ = {\n    'U': 1,\n}\n\nB = 2\n";
        assert_eq!(
            run(src, |f| delete_group(f, &["P", "Q"])),
            "A = 1\n\nB = 2\n"
        );
    }

    #[test]
    fn imports_are_added_and_removed() {
        let src = "import os\nfrom django.conf import global_settings\n\nX = os.environ\n";
        assert_eq!(
            run(src, |f| remove_import(f, "django.conf", "global_settings")),
            "import os\n\nX = os.environ\n"
        );
        assert_eq!(
            run(src, |f| ensure_import_module(f, "environ")),
            "import os\nfrom django.conf import global_settings\nimport environ\n\nX = os.environ\n"
        );
        assert_eq!(run(src, |f| ensure_import_module(f, "os")), src);
    }

    #[test]
    fn elements_move_and_settings_fold() {
        let src = "A = (\n    'x',\n    'y',\n)\nB = (\n    'z',\n)\n";
        assert_eq!(
            run(src, |f| move_element(
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
}
