//! An extension's settings loader at the end of the file (1.10.0's modoboa_amavis): the old
//! `from <package>.settings import *`, alone or inside `try: ... except ImportError:`, becomes
//! `from <package> import settings as <package>_settings` and
//! `<package>_settings.apply(globals())` at the same place and indentation; a file without any
//! loader gets the new one at its end.

use crate::model::{SettingsFile, Unsafe};
use crate::syntax::StmtKind;
use crate::text::edit::Edit;
use crate::text::source;

use super::{add_statement, Outcome, Place};

/// Offsets where `needle` occurs in code (not in a comment or a string).
fn in_code(f: &SettingsFile, needle: &str) -> Vec<usize> {
    let inside = |ranges: &[std::ops::Range<usize>], at: usize| {
        let k = ranges.partition_point(|r| r.end <= at);
        ranges.get(k).is_some_and(|r| r.start <= at)
    };
    f.text()
        .match_indices(needle)
        .map(|(at, _)| at)
        .filter(|&at| !inside(f.comments(), at) && !inside(f.strings(), at))
        .collect()
}

/// The new loader of `package` (written with `\n`, the second line indented by `indent`).
fn new_loader(package: &str, indent: &str, nl: &str) -> String {
    format!(
        "from {package} import settings as {package}_settings{nl}{indent}{package}_settings.apply(globals())"
    )
}

/// Replace the old star import of `<package>.settings` by the new loader, or add the loader at
/// the end of the file.
pub fn settings_loader(f: &SettingsFile, package: &str) -> Outcome {
    let text = f.text();
    let nl = f.newline();
    let old_module = format!("{package}.settings");
    let old_line = format!("from {old_module} import *");
    let applied = !in_code(f, &format!("{package}_settings.apply(")).is_empty();
    let old = in_code(f, &old_module);
    if applied && !old.is_empty() {
        return Outcome::Skip(Unsafe {
            reason: format!("both the old and the new loader of {package} are in the file"),
            offset: old[0],
        });
    }
    if applied {
        return Outcome::none();
    }
    if old.is_empty() {
        let stmt = new_loader(package, "", "\n");
        return add_statement(f, &stmt, &Place::END);
    }
    let mut edits = Vec::new();
    for &at in &old {
        let line = source::line_start(text, at);
        let end = source::line_end(text, line);
        let full = &text[line..end];
        let code = full.split('#').next().unwrap_or(full);
        let words: Vec<&str> = code.split_whitespace().collect();
        let top_level = f.statements().iter().any(|s| {
            s.range.start <= at
                && at < s.range.end
                && matches!(&*s.kind, StmtKind::ImportFrom { module, .. } if *module == old_module)
        });
        let nested = f.statements().iter().any(|s| {
            s.range.start <= at
                && at < s.range.end
                && matches!(&*s.kind, StmtKind::Other { .. })
                && f.slice(&s.range).starts_with("try")
        });
        if words.join(" ") != old_line || !(top_level || nested) {
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "{old_module} is loaded in a way the tool does not rewrite (expected `{old_line}` on a line of its own)"
                ),
                offset: at,
            });
        }
        let indent = &full[..full.len() - full.trim_start().len()];
        let start = line + indent.len();
        let stop = line + code.trim_end().len();
        if stop == end {
            edits.push(Edit::replace(start..stop, new_loader(package, indent, nl)));
        } else {
            // A comment after the import stays on the import's line.
            let (first, second) = new_loader(package, indent, nl)
                .split_once(nl)
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .unwrap_or_default();
            edits.push(Edit::replace(start..stop, first));
            edits.push(Edit::insert(end, format!("{nl}{second}")));
        }
    }
    Outcome::Edits(edits)
}
