//! Imports: `from module import name` and `import module` added after the imports above the
//! first use of the name, or removed; and where a new import goes.

use crate::model::{SettingsFile, Unsafe};
use crate::syntax::parse::{Stmt, StmtKind};
use crate::text::edit::Edit;
use crate::text::source;

use super::outcome::Outcome;
use super::statements::{append, statement_lines};

/// `from module import name`, after the last top-level import above the first use of `name`.
pub fn import(f: &SettingsFile, module: &str, name: &str) -> Outcome {
    if f.import_of(module, name).is_some() {
        return Outcome::none();
    }
    let line = format!("from {module} import {name}");
    let first_use = f
        .uses_of(name)
        .map(|r| r.start)
        .next()
        .unwrap_or(usize::MAX);
    Outcome::Edits(vec![insert_in_import_block(f, &line, first_use)])
}

/// An edit adding `line` after the last top-level import that starts before `limit`, or before
/// the first statement when there is none.
pub(crate) fn insert_in_import_block(f: &SettingsFile, line: &str, limit: usize) -> Edit {
    let nl = f.newline();
    match last_import_above(f, limit) {
        Some(last) => Edit::insert(f.stmt_line_end(last), format!("{nl}{line}")),
        None => {
            let first = f.statements().iter().find(|s| {
                !matches!(&*s.kind, StmtKind::Other { .. })
                    || !f.slice(&s.range).starts_with(['"', '\''])
            });
            match first {
                Some(s) => Edit::insert(
                    source::line_start(f.text(), s.range.start),
                    format!("{line}{nl}{nl}"),
                ),
                None => append(f, line),
            }
        }
    }
}

/// The last top-level import that starts before `limit`, in the leading block of imports
/// (after the docstring) if there is one: an import at the end of the file (an extension's
/// settings loader) is no place to put something after the imports.
pub(super) fn last_import_above(f: &SettingsFile, limit: usize) -> Option<&Stmt> {
    let leading = f
        .statements()
        .iter()
        .take_while(|s| {
            matches!(
                &*s.kind,
                StmtKind::Import { .. } | StmtKind::ImportFrom { .. }
            ) || (matches!(&*s.kind, StmtKind::Other { .. })
                && f.slice(&s.range).starts_with(['"', '\'']))
        })
        .filter(|s| {
            matches!(
                &*s.kind,
                StmtKind::Import { .. } | StmtKind::ImportFrom { .. }
            ) && s.range.start < limit
        })
        .last();
    leading.or_else(|| f.imports().filter(|s| s.range.start < limit).last())
}

/// `import module`, after the imports above its first use.
pub fn import_module(f: &SettingsFile, module: &str) -> Outcome {
    if f.import_of(module, "").is_some() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::outcome::tests::run;

    #[test]
    fn imports_are_added_and_removed() {
        let src = "import os\nfrom django.conf import global_settings\n\nX = os.environ\n";
        assert_eq!(
            run(src, |f| remove_import(f, "django.conf", "global_settings")),
            "import os\n\nX = os.environ\n"
        );
        assert_eq!(
            run(src, |f| import_module(f, "environ")),
            "import os\nfrom django.conf import global_settings\nimport environ\n\nX = os.environ\n"
        );
        assert_eq!(run(src, |f| import_module(f, "os")), src);
    }
}
