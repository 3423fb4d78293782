//! What a step must not do to the meaning of the file, checked once for every operation: after
//! its edits, every name the file reads as it loads is still bound above the read. A step that
//! would use a name before the line that defines it, or delete a setting the file still reads,
//! is not applied ([`check`]); the engine puts the file back as it was before the step.
//!
//! The names checked are those the step's edits touch (written in the new text, or in the text
//! they replace), and only those bound somewhere (builtins and names from a star import are not
//! the tool's to judge). A read that was already unbound before the step is not the step's
//! doing. Reads are identifiers of the module-level code: not attributes (`.name`), not
//! keyword arguments or targets (`name =`), not inside an import, a `def`, a `class` or a
//! `lambda` (those run later, or bind their own names). A read inside a statement that binds
//! the same name (`X = X + 1`, `for x in X`) counts as bound.

use crate::model::{Binding, SettingsFile};
use crate::syntax::{scan, StmtKind};
use crate::text::edit::Edit;

/// Why a step was not applied, and where in the file as it was before the step.
pub(super) struct Broken {
    pub reason: String,
    pub offset: usize,
}

/// Add to `names` the identifiers the edits write or replace (an over-approximation: words of
/// strings and comments are among them, and find no read), each with whether the file binds
/// it as the step first touches it: before the step (an earlier edit of the step that removed
/// a binding touched the name then).
pub(super) fn touched(file: &SettingsFile, edits: &[Edit], names: &mut Vec<(String, bool)>) {
    let mut found = Vec::new();
    for e in edits {
        words(&e.content, &mut found);
        if let Some(old) = file.text().get(e.range.clone()) {
            words(old, &mut found);
        }
    }
    for w in found {
        if let Err(i) = names.binary_search_by(|(n, _)| n.as_str().cmp(&w)) {
            let bound = !file.bindings(&w).is_empty();
            names.insert(i, (w, bound));
        }
    }
}

/// The names of `text`, cut by the one scanner of Python text: words inside strings and
/// comments are not names (a read inside a string reads nothing).
fn words(text: &str, out: &mut Vec<String>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = scan::next(bytes, i) {
        if p.kind == scan::Kind::Name {
            out.push(text[p.start..p.end].to_string());
        }
        i = p.end.max(i + 1);
    }
}

/// The first read of `name` in `file` with no binding of `name` at or above its statement.
fn unbound_read(file: &SettingsFile, name: &str) -> Option<usize> {
    let first = first_binding_start(file, name);
    reads(file, name).find(|&r| first.is_none_or(|b| b > r))
}

/// Where the first statement binding `name` starts.
fn first_binding_start(file: &SettingsFile, name: &str) -> Option<usize> {
    file.bindings(name)
        .iter()
        .map(|b| match b {
            Binding::Assign { stmt, .. }
            | Binding::Augment { stmt, .. }
            | Binding::Other { stmt } => stmt.range.start,
        })
        .min()
}

/// The offsets of the reads of `name` by the module-level code (see the module's comment).
fn reads<'a>(file: &'a SettingsFile, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    let text = file.text();
    let stmts = file.statements();
    file.uses_of(name).map(|r| r.start).filter(move |&at| {
        let after = text[at + name.len()..].trim_start_matches([' ', '\t']);
        if after.starts_with('=') && !after.starts_with("==") {
            return false;
        }
        let i = stmts.partition_point(|s| s.range.start <= at);
        let Some(s) = i.checked_sub(1).map(|i| &stmts[i]) else {
            return true;
        };
        if s.range.end <= at {
            return true;
        }
        if matches!(
            &*s.kind,
            StmtKind::Import { .. } | StmtKind::ImportFrom { .. }
        ) {
            return false;
        }
        let head = text[s.range.clone()].trim_start();
        let deferred = ["def ", "def\t", "class ", "class\t", "async ", "@"];
        if deferred.iter().any(|d| head.starts_with(d)) {
            return false;
        }
        // Inside a lambda of the statement: its parameters and body are not read now.
        !text[s.range.start..at].contains("lambda")
    })
}

/// Compare the file after a step (`after`) with the file before it (`before`), for the names
/// the step touched: the first read the step left without a binding above it, as a reason
/// and an offset in `before`. `first_edit` is where the step's first edit was, in `before`.
/// The file before is asked for (`before`, parsed again on demand) only where the file after
/// reads a touched name above its binding.
pub(super) fn check<'b, E>(
    before: &dyn Fn() -> Result<&'b SettingsFile, E>,
    after: &SettingsFile,
    names: &[(String, bool)],
    first_edit: usize,
) -> Result<Option<Broken>, E> {
    for (name, bound_before) in names {
        let bound_after = first_binding_start(after, name);
        if bound_after.is_none() && !bound_before {
            continue;
        }
        let Some(read) = unbound_read(after, name) else {
            continue;
        };
        let before = before()?;
        let bound_before = first_binding_start(before, name);
        if unbound_read(before, name).is_some() {
            continue;
        }
        return Ok(Some(match bound_after {
            None => Broken {
                reason: format!(
                    "it would delete {name}, which the file still reads at this line (a \
                     NameError when Django loads it); remove or change that use, then run \
                     again"
                ),
                offset: read_in_before(before, after, name, read).unwrap_or(first_edit),
            },
            Some(_) => Broken {
                reason: format!(
                    "it would use {name} above the line that defines it (a NameError when \
                     Django loads the file); define {name} earlier, then run again"
                ),
                offset: bound_before.unwrap_or(first_edit),
            },
        }));
    }
    Ok(None)
}

/// The read of `name` in `before` that is the read at `at` in `after`: the first one whose
/// line is still in `after`.
fn read_in_before(
    before: &SettingsFile,
    after: &SettingsFile,
    name: &str,
    at: usize,
) -> Option<usize> {
    let line_of = |text: &str, o: usize| {
        let start = text[..o].rfind('\n').map_or(0, |p| p + 1);
        let end = text[o..].find('\n').map_or(text.len(), |p| o + p);
        text[start..end].trim().to_string()
    };
    let wanted = line_of(after.text(), at);
    reads(before, name).find(|&r| line_of(before.text(), r) == wanted)
}

/// The offset in the text edits were applied to of `offset` in the text they made (an offset
/// inside new text goes to the start of the range it replaced).
pub(super) fn unshift(edits: &[Edit], offset: usize) -> usize {
    let mut order: Vec<&Edit> = edits.iter().collect();
    order.sort_by_key(|e| (e.range.start, e.range.end));
    let mut delta: isize = 0;
    for e in order {
        let new_start = (e.range.start as isize + delta) as usize;
        let new_end = new_start + e.content.len();
        if offset < new_start {
            break;
        }
        if offset < new_end {
            return e.range.start;
        }
        delta += e.content.len() as isize - e.range.len() as isize;
    }
    (offset as isize - delta).max(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> SettingsFile {
        SettingsFile::parse(s.to_string()).unwrap()
    }

    fn names(before: &SettingsFile, s: &[&str]) -> Vec<(String, bool)> {
        s.iter()
            .map(|n| (n.to_string(), !before.bindings(n).is_empty()))
            .collect()
    }

    #[test]
    fn a_name_used_above_its_definition_is_caught() {
        let before = parse("A = 1\nB = 2\n");
        let after = parse("C = B\nA = 1\nB = 2\n");
        let whole = || Ok::<_, ()>(&before);
        let b = check(&whole, &after, &names(&before, &["C", "B"]), 0)
            .unwrap()
            .unwrap();
        assert!(b.reason.contains("use B above"), "{}", b.reason);
        assert_eq!(before.line(b.offset), 2);
        // Below it, or already misplaced before the step: not the step's doing.
        assert!(check(
            &whole,
            &parse("A = 1\nB = 2\nC = B\n"),
            &names(&before, &["C", "B"]),
            0
        )
        .unwrap()
        .is_none());
        let misplaced = parse("D = B\nB = 2\n");
        let after = parse("D = B\nB = 2\nC = B\n");
        let whole = || Ok::<_, ()>(&misplaced);
        assert!(check(&whole, &after, &names(&misplaced, &["C", "B"]), 0)
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_setting_deleted_while_read_is_caught_with_the_line_that_reads_it() {
        let before = parse("P = 8\nH = 'x %d' % P\nif P:\n    pass\n");
        let after = parse("H = 'x %d' % P\nif P:\n    pass\n");
        let whole = || Ok::<_, ()>(&before);
        let b = check(&whole, &after, &names(&before, &["P"]), 0)
            .unwrap()
            .unwrap();
        assert!(b.reason.contains("delete P"), "{}", b.reason);
        assert_eq!(before.line(b.offset), 2);
        // Deleted with its only reader: fine.
        let only_reader = parse("P = 8\nH = P\n");
        let whole = || Ok::<_, ()>(&only_reader);
        assert!(check(
            &whole,
            &parse("X = 1\n"),
            &names(&only_reader, &["P", "H"]),
            0
        )
        .unwrap()
        .is_none());
    }

    #[test]
    fn what_is_not_a_read_at_load_time() {
        // Attributes, keyword arguments, imports, function bodies, lambdas.
        let f = parse(
            "import os.path\nX = os.path.join('a')\nY = dict(B=1)\nfrom m import B\ndef f():\n    return B\nZ = lambda: B\nB = 2\n",
        );
        assert_eq!(reads(&f, "B").count(), 0);
        assert_eq!(reads(&f, "os").count(), 1);
        assert_eq!(unbound_read(&f, "os"), None);
        // `import a.b` binds `a`.
        assert_eq!(first_binding_start(&f, "os"), Some(0));
    }

    #[test]
    fn offsets_go_back_through_edits() {
        let edits = vec![Edit::replace(2..4, "xyz".to_string())];
        // Before the edit, inside its new text, after it.
        assert_eq!(unshift(&edits, 1), 1);
        assert_eq!(unshift(&edits, 3), 2);
        assert_eq!(unshift(&edits, 6), 5);
    }
}
