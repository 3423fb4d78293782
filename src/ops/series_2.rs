//! Operations the 2.x releases need: elements put back in the guide's relative order with the
//! fewest moves, merged plugins added unless the administrator disabled them, host names built
//! from an option, settings whose value holds an option, statements that bind nothing (a call),
//! the settings block an extension added at the end of the file, and every setting of a family
//! (`CKEDITOR_*`).

use crate::model::{SettingsFile, Unsafe};
use crate::syntax::StmtKind;
use crate::text::edit::Edit;
use crate::text::source;

use super::{
    add_statement, delete_group, ensure_in_seq, insert_item, quoted, remove_item, statement_lines,
    At, Outcome, Place, Slot, Target,
};

/// The edits that turn `old` into `new`, line by line: the lines of a longest common
/// subsequence stay, each stretch of other lines is one edit (a moved element is a line removed
/// here and a line added there, as a diff shows it).
fn line_edits(old: &str, new: &str) -> Outcome {
    if old == new {
        return Outcome::none();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    // lcs[i][j]: longest common subsequence of ma[i..] and mb[j..].
    let mut lcs = vec![vec![0usize; mb.len() + 1]; ma.len() + 1];
    for i in (0..ma.len()).rev() {
        for j in (0..mb.len()).rev() {
            lcs[i][j] = if ma[i] == mb[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut offset: usize = a[..head].iter().map(|l| l.len()).sum();
    let mut edits = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut del_start, mut ins) = (None::<usize>, String::new());
    let mut flush = |at: usize, del_start: &mut Option<usize>, ins: &mut String| {
        let start = del_start.take().unwrap_or(at);
        if start != at || !ins.is_empty() {
            edits.push(Edit::replace(start..at, std::mem::take(ins)));
        }
    };
    while i < ma.len() || j < mb.len() {
        if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
            flush(offset, &mut del_start, &mut ins);
            offset += ma[i].len();
            i += 1;
            j += 1;
        } else if j < mb.len() && (i == ma.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            if del_start.is_none() {
                del_start = Some(offset);
            }
            ins.push_str(mb[j]);
            j += 1;
        } else {
            if del_start.is_none() {
                del_start = Some(offset);
            }
            offset += ma[i].len();
            i += 1;
        }
    }
    flush(offset, &mut del_start, &mut ins);
    Outcome::Edits(edits)
}

/// The file after `edits` (the statements they touch read again).
fn applied(f: &SettingsFile, edits: Vec<Edit>, offset: usize) -> Result<SettingsFile, Unsafe> {
    let mut g = f.clone();
    g.apply_edits(edits).ok().map(|()| g).ok_or(Unsafe {
        reason: "moving an element would leave the file unreadable".into(),
        offset,
    })
}

/// Indexes (into `ranks`) of one longest strictly increasing subsequence.
fn longest_increasing(ranks: &[usize]) -> Vec<usize> {
    let n = ranks.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if ranks[j] < ranks[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![at];
    while prev[at] != usize::MAX {
        at = prev[at];
        out.push(at);
    }
    out.reverse();
    out
}

/// Put the elements of `order` that the sequence lists in that relative order, with the fewest
/// moves: the longest run already in order stays, each other element goes right after the
/// element that precedes it in `order` (or before the first that stays). Elements `order` does
/// not name (the administrator's own) stay where they are; so do commented-out entries.
pub fn reorder(f: &SettingsFile, target: &Target, order: &[&str]) -> Outcome {
    // Each move is checked by reading the result again: on the statement alone (its lines cut
    // out of the file) that is a few lines, not the whole file. A setting extended elsewhere
    // (`+=`) is read with the file.
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    if !seq.setting.augments.is_empty() {
        return reorder_in(f, target, order);
    }
    let stmt = seq.setting.stmt;
    let lo = crate::text::source::line_start(f.text(), stmt.range.start);
    let hi = f.stmt_line_end(stmt);
    let Ok(alone) = SettingsFile::parse(f.text()[lo..hi].to_string()) else {
        return reorder_in(f, target, order);
    };
    match reorder_in(&alone, target, order) {
        Outcome::Edits(edits) => Outcome::Edits(
            edits
                .into_iter()
                .map(|e| Edit::replace(e.range.start + lo..e.range.end + lo, e.content))
                .collect(),
        ),
        Outcome::Skip(u) => Outcome::Skip(Unsafe {
            offset: u.offset + lo,
            ..u
        }),
        other => other,
    }
}

/// [`reorder`] on a file (or on a statement cut out of one).
fn reorder_in(f: &SettingsFile, target: &Target, order: &[&str]) -> Outcome {
    let mut cur: Option<SettingsFile> = None;
    for _ in 0..=order.len() {
        let g = cur.as_ref().unwrap_or(f);
        let Some(seq) = tri!(target.seq(g)) else {
            return Outcome::none();
        };
        let start = seq.setting.stmt.range.start;
        // (index in the sequence, rank in `order`) of each listed element of `order`.
        let mut known: Vec<(usize, usize)> = Vec::new();
        for (i, item) in seq.items().iter().enumerate() {
            let Some(rank) = item.value.and_then(|v| order.iter().position(|o| *o == v)) else {
                continue;
            };
            if known.iter().any(|(_, r)| *r == rank) {
                return Outcome::Skip(Unsafe {
                    reason: format!("{} lists '{}' twice", target.describe(), order[rank]),
                    offset: item.range.start,
                });
            }
            known.push((i, rank));
        }
        let ranks: Vec<usize> = known.iter().map(|(_, r)| *r).collect();
        let stay: Vec<usize> = longest_increasing(&ranks);
        let staying = |k: usize| stay.contains(&k);
        let Some(mover) = (0..known.len())
            .filter(|k| !staying(*k))
            .min_by_key(|k| known[*k].1)
        else {
            break;
        };
        let (from, rank) = known[mover];
        let item = &seq.items()[from];
        // A comment that ends the element's own line moves with it.
        let end = item.end_with_comma();
        let own_line = crate::text::source::starts_line(g.text(), item.range.start);
        let comment = g
            .trailing_comment(end)
            .filter(|c| own_line && g.text()[end..c.start].trim().is_empty())
            .map(|c| format!("{}{}", &g.text()[end..c.start], g.slice(&c)));
        if comment.is_none() && g.trailing_comment(end).is_some() && own_line {
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "'{}' would move away from the comment on its line: move it by hand",
                    order[rank]
                ),
                offset: item.range.start,
            });
        }
        let text = g.slice(&item.range).to_string();
        let removed = tri!(applied(
            g,
            remove_item(g, &seq.container, from, seq.is_tuple),
            start
        ));
        let Some(seq2) = tri!(target.seq(&removed)) else {
            return Outcome::none();
        };
        // The nearest element before it in `order` that the sequence lists, else the first
        // element that stays.
        let pos = |v: &str| seq2.find(v);
        let slot = match order[..rank].iter().rev().find_map(|v| pos(v)) {
            Some(i) => Slot::AfterItem(i),
            None => match stay.first().and_then(|k| pos(order[known[*k].1])) {
                Some(i) => Slot::BeforeItem(i),
                None => return Outcome::none(),
            },
        };
        let edits = insert_item(&removed, &seq2.container, slot, &text, seq2.is_tuple);
        let mut moved = tri!(applied(&removed, edits, start));
        if let Some(comment) = comment {
            let at = match tri!(target.seq(&moved)) {
                Some(s3) => s3.find(order[rank]).map(|i| s3.items()[i].end_with_comma()),
                None => None,
            };
            if let Some(at) = at.filter(|a| moved.trailing_comment(*a).is_none()) {
                moved = tri!(applied(&moved, vec![Edit::insert(at, comment)], start));
            }
        }
        cur = Some(moved);
    }
    match cur {
        Some(g) => line_edits(f.text(), g.text()),
        None => Outcome::none(),
    }
}

/// Ensure `value` in the target unless a commented-out entry disables it: a plugin the
/// administrator turned off stays off.
pub fn ensure_unless_disabled(f: &SettingsFile, target: &Target, value: &str, at: &At) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    if seq.commented(value).is_some() {
        return Outcome::none();
    }
    ensure_in_seq(f, &seq, value, at)
}

/// `NAME = template` with `{}` replaced by the option value (quoted in the file's style), when
/// NAME is not assigned.
pub fn add_with_value(
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

/// The text of a statement with its spaces dropped and its quotes made single: two spellings of
/// one call compare equal.
fn normal(src: &str) -> String {
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
pub fn add_call(f: &SettingsFile, source: &str, place: &Place) -> Outcome {
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
        Outcome::Edits(e) => match super::unbound_name(f, source, &e) {
            Some(n) => Outcome::Skip(Unsafe {
                reason: format!("`{source}` would use {n}, which the file does not define"),
                offset: e.first().map_or(0, |x| x.range.start),
            }),
            None => Outcome::Edits(e),
        },
        other => other,
    }
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
        let blank_before = r.start == 0 || super::is_prev_line_blank(text, r.start);
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

/// `prefix` + the option value as an element of the target.
pub fn ensure_prefixed(
    f: &SettingsFile,
    target: &Target,
    prefix: &str,
    value: &str,
    at: &At,
) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    let v = format!("{prefix}{value}");
    if seq.contains(&v) {
        return Outcome::none();
    }
    ensure_in_seq(f, &seq, &v, at)
}

/// True when the target lists an element starting with `prefix` (`autoconfig.` for some
/// domain): the step has been done, for whichever domain.
pub fn has_prefixed(f: &SettingsFile, target: &Target, prefix: &str) -> bool {
    matches!(target.seq(f), Ok(Some(s)) if s.items().iter().filter_map(|i| i.value).any(|v| v.starts_with(prefix)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_keeps_the_longest_run_in_order() {
        // 1.17.0's middleware ranks: XFF(2) Session(0) Common(4) ... Locale(1) XFrame(8) ...
        let ranks = [2, 0, 4, 5, 6, 7, 1, 8, 9];
        let keep = longest_increasing(&ranks);
        assert_eq!(keep.len(), 7);
        assert!(keep.windows(2).all(|w| ranks[w[0]] < ranks[w[1]]));
        assert!(longest_increasing(&[]).is_empty());
    }

    #[test]
    fn line_edits_show_a_move_as_one_line_out_and_one_line_in() {
        let old = "A = (\n    'a',\n    'b',\n    'c',\n)\n";
        let new = "A = (\n    'b',\n    'c',\n    'a',\n)\n";
        let Outcome::Edits(e) = line_edits(old, new) else {
            panic!("edits")
        };
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(crate::text::edit::apply(old, e).unwrap(), new);
        assert_eq!(line_edits(old, old), Outcome::none());
    }

    #[test]
    fn normal_ignores_spaces_and_quote_style() {
        assert_eq!(
            normal("environ.Env.read_env(os.path.join(BASE_DIR, \".env\"))"),
            normal("environ.Env.read_env( os.path.join(BASE_DIR,'.env') )")
        );
    }
}
