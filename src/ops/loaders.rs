//! An extension's settings loader at the end of the file: the old
//! `from <package>.settings import *` (1.10.0's modoboa_amavis), alone or inside
//! `try: ... except ImportError:`, becomes `from <package> import settings as
//! <package>_settings` and `<package>_settings.apply(globals())` at the same place and
//! indentation (a file without any loader gets the new one at its end); and the loader of an
//! extension Modoboa merged, deleted in every shape deployed files have.

use crate::model::{SettingsFile, Unsafe};
use crate::syntax::StmtKind;
use crate::text::edit::Edit;
use crate::text::source;

use super::outcome::{Outcome, Place};
use super::statements::{add_statement, is_prev_line_blank, normal, statement_lines};

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

/// The names the file binds `<package>.settings` to: `<package>_settings` and the alias of
/// every `from <package> import settings as <alias>` in code (`amavis_settings`).
fn loader_aliases(f: &SettingsFile, package: &str) -> Vec<String> {
    let mut out = vec![format!("{package}_settings")];
    let lead = format!("from {package} import settings as ");
    for at in in_code(f, &lead) {
        let rest = &f.text()[at + lead.len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end > 0 {
            out.push(rest[..end].to_string());
        }
    }
    out
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
    let applied = loader_aliases(f, package)
        .iter()
        .any(|alias| !in_code(f, &format!("{alias}.apply(")).is_empty());
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

/// Delete the settings loader of the extension `module` (`modoboa_amavis`) at the end of the
/// file, in every shape deployed files have: `from module.settings import *`,
/// `from module import settings as x` and `x.apply(globals())`, `import module.settings`
/// (`as x`) and its `apply`, plain or inside `try:` with `except ImportError:`,
/// `except AttributeError:` (the 1.7.4 to 2.4 templates) or `except ModuleNotFoundError:`.
/// Only `module` itself and its submodules match (`modoboa_contacts_ldap` is another package).
/// Where a loader shares a `try` with other statements, nothing is deleted and every such block
/// is named.
pub fn delete_block(f: &SettingsFile, module: &str) -> Outcome {
    // (Most files name none of the merged packages: nothing to read statement by statement.)
    if !f.text().contains(module) {
        return Outcome::none();
    }
    let mut aliases: Vec<String> = vec![format!("{module}.settings")];
    let mut ranges = Vec::new();
    let mut left: Vec<(usize, String)> = Vec::new();
    for s in f.statements() {
        let src = f.slice(&s.range);
        match &*s.kind {
            StmtKind::ImportFrom {
                module: m, bound, ..
            } if is_module(m, module) => {
                aliases.extend(bound.iter().cloned());
                ranges.push(s);
            }
            StmtKind::Import { names, bound } if names.iter().any(|n| is_module(n, module)) => {
                if names.len() > 1 {
                    left.push((s.range.start, src.to_string()));
                    continue;
                }
                aliases.extend(bound.iter().filter(|b| b.as_str() != module).cloned());
                ranges.push(s);
            }
            StmtKind::Other { .. } if src.trim_start().starts_with("try") => {
                match loader_try(src, module, &aliases) {
                    LoaderTry::NotOurs => {}
                    LoaderTry::Ours => ranges.push(s),
                    LoaderTry::Mixed(line) => left.push((s.range.start, line)),
                }
            }
            StmtKind::Other { .. } if aliases.iter().any(|a| is_apply(src, a)) => ranges.push(s),
            _ => {}
        }
    }
    if let Some((offset, _)) = left.first() {
        let lines: Vec<String> = left.iter().map(|(_, l)| format!("`{l}`")).collect();
        return Outcome::Skip(Unsafe {
            reason: if left.len() == 1 {
                format!(
                    "the block that loads {module}'s settings also holds {}: edit it by hand \
                     ({module} is no longer installed, and the file cannot load while it \
                     imports it)",
                    lines[0]
                )
            } else {
                format!(
                    "{} blocks that load {module}'s settings also hold {}: edit them by hand \
                     ({module} is no longer installed, and the file cannot load while it \
                     imports it)",
                    left.len(),
                    lines.join(", ")
                )
            },
            offset: *offset,
        });
    }
    let mut edits = Vec::new();
    for s in ranges {
        match statement_lines(f, s, Some(module)) {
            Some(r) => edits.push(r),
            None => {
                return Outcome::Skip(Unsafe {
                    reason: format!("{module}'s settings share a line with another statement"),
                    offset: s.range.start,
                })
            }
        }
    }
    // Statements next to each other: their ranges may meet or overlap on a blank line.
    edits.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in edits {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    // Statements deleted together leave one blank line between what was around them, not two.
    let text = f.text();
    for r in &mut merged {
        let blank_before = r.start == 0 || is_prev_line_blank(text, r.start);
        if blank_before && r.end < text.len() {
            let next_end = source::line_end(text, r.end);
            if source::is_blank_line(text, r.end..next_end) {
                r.end = source::next_line(text, r.end);
            }
        } else if blank_before && r.start > 0 {
            // The end of the file: the blank line above goes instead.
            r.start = source::line_start(text, r.start - 1);
        }
    }
    Outcome::Edits(merged.into_iter().map(Edit::delete).collect())
}

/// `name` is the package `module` or one of its submodules.
fn is_module(name: &str, module: &str) -> bool {
    name.strip_prefix(module)
        .is_some_and(|r| r.is_empty() || r.starts_with('.'))
}

/// `src` is the call `alias.apply(globals())`.
fn is_apply(src: &str, alias: &str) -> bool {
    if !src.contains("apply") {
        return false;
    }
    let n = normal(src);
    n.strip_prefix(alias)
        .is_some_and(|r| r == ".apply(globals())")
}

enum LoaderTry {
    /// The `try` does not load the extension.
    NotOurs,
    /// The `try` is the extension's loader and nothing else.
    Ours,
    /// The `try` loads the extension and holds this other line.
    Mixed(String),
}

/// Read a `try` statement line by line: is it the loader of `module`?
fn loader_try(src: &str, module: &str, aliases: &[String]) -> LoaderTry {
    let mut local: Vec<String> = Vec::new();
    let mut ours = false;
    let mut other: Option<String> = None;
    for line in src
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let line = line.split(" #").next().unwrap_or(line).trim();
        let words: Vec<&str> = line.split_whitespace().collect();
        let imported = match words.as_slice() {
            ["from", m, "import", ..] | ["import", m] | ["import", m, "as", _] => Some(*m),
            _ => None,
        };
        let fits = if let Some(m) = imported {
            let mine = is_module(m, module);
            ours |= mine;
            if mine {
                match words.as_slice() {
                    [.., "as", alias] => local.push(alias.to_string()),
                    ["import", m] => local.push(m.to_string()),
                    _ => {}
                }
            }
            mine
        } else {
            line == "try:"
                || line == "pass"
                || is_except_import(line)
                || local.iter().chain(aliases).any(|a| is_apply(line, a))
        };
        if !fits && other.is_none() {
            other = Some(line.to_string());
        }
    }
    match (ours, other) {
        (false, _) => LoaderTry::NotOurs,
        (true, None) => LoaderTry::Ours,
        (true, Some(line)) => LoaderTry::Mixed(line),
    }
}

/// `except ImportError:`, `except (ImportError, AttributeError) as e:` and the like: the
/// handlers loaders have (a missing package, or one without `apply`).
fn is_except_import(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("except")
        .and_then(|r| r.strip_suffix(':'))
    else {
        return false;
    };
    let rest = rest.split(" as ").next().unwrap_or(rest);
    let names = rest.trim().trim_start_matches('(').trim_end_matches(')');
    !names.trim().is_empty()
        && names.split(',').map(str::trim).all(|n| {
            matches!(
                n,
                "ImportError" | "ModuleNotFoundError" | "AttributeError" | ""
            )
        })
}
