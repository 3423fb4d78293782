//! Elements in their order in a sequence: one element after its anchor and before other
//! elements (1.17.0's middleware), or the elements a release names in its relative order with
//! the fewest moves (2.x). The user's other elements stay where they are.

use crate::model::lines;
use crate::model::{Item, Seq, SettingsFile, Unsafe};
use crate::text::edit::Edit;
use crate::text::source;

use super::containers::{insert_item, remove_item};
use super::outcome::{edits_by_steps, At, Outcome, Slot};
use super::sequences::ensure_in_seq;
use super::Target;

/// commented-out entry is enabled, then placed). Skipped when no anchor is listed and `value`
/// is not either: its place is unknown. Nothing happens when the sequence does not exist.
pub fn anchor(
    f: &SettingsFile,
    target: &Target,
    value: &str,
    after: &'static [&'static str],
    before: &[&str],
) -> Outcome {
    let seq = match target.seq(f) {
        Ok(Some(s)) => s,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    match placed(f, target, value, after, before) {
        Some(true) => return Outcome::none(),
        None if seq.contains(value) => return Outcome::none(),
        None => {
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "{} lists none of {}: the place of '{value}' is unknown",
                    target.describe(),
                    after.join(", ")
                ),
                offset: seq.setting.stmt.range.start,
            })
        }
        Some(false) => {}
    }
    // An anchor listed after an element `value` must precede: no place satisfies both.
    if let Some(a) = after.iter().find_map(|x| seq.find(x)) {
        if let Some(b) = before.iter().find(|b| seq.find(b).is_some_and(|j| j < a)) {
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "{} lists '{b}' before '{}': '{value}' cannot stand after the one and before the other",
                    target.describe(),
                    seq.items()[a].value.unwrap_or_default()
                ),
                offset: seq.setting.stmt.range.start,
            });
        }
    }
    if let Some(edits) = move_line(f, &seq, value, after) {
        return Outcome::Edits(edits);
    }
    // Out of place (or missing): removed, then ensured after the anchor, on a copy of the
    // statement; the change comes back as one edit.
    edits_by_steps(f, seq.setting.stmt, 4, |g| {
        let s = match target.seq(g) {
            Ok(Some(s)) => s,
            Ok(None) => return Outcome::none(),
            Err(u) => return Outcome::Skip(u),
        };
        match (placed(g, target, value, after, before), s.find(value)) {
            (Some(false), Some(i)) => Outcome::Edits(remove_item(g, &s.container, i, s.is_tuple)),
            (Some(false), None) => ensure_in_seq(g, &s, value, &At::after(after)),
            _ => Outcome::none(),
        }
    })
}

/// Whether `value` stands at its place: None when no anchor is listed, Some(false) when it is
/// missing or out of place.
fn placed(
    f: &SettingsFile,
    target: &Target,
    value: &str,
    after: &[&str],
    before: &[&str],
) -> Option<bool> {
    let seq = target.seq(f).ok()??;
    let a = after.iter().find_map(|x| seq.find(x))?;
    Some(
        seq.find(value)
            .is_some_and(|i| i > a && before.iter().all(|b| seq.find(b).is_none_or(|j| i < j))),
    )
}

/// An element and its anchor each alone on their line, with their commas: the element's whole
/// line (its comment with it) moves to just below the anchor's line. None for other layouts.
fn move_line(f: &SettingsFile, seq: &Seq, value: &str, after: &[&str]) -> Option<Vec<Edit>> {
    let text = f.text();
    let i = seq.find(value)?;
    let a = after.iter().find_map(|x| seq.find(x))?;
    let own_line = |item: &Item| -> Option<std::ops::Range<usize>> {
        let comma = item.comma?;
        let end = source::line_end(text, comma);
        let tail = &text[comma + 1..end];
        (source::starts_line(text, item.range.start)
            && lines::blank_or_comment(tail)
            && seq.container.close > end)
            .then(|| source::line_start(text, item.range.start)..source::next_line(text, end))
    };
    let (line, anchor) = (own_line(&seq.items()[i])?, own_line(&seq.items()[a])?);
    let moved = &text[line.clone()];
    if !moved.ends_with(['\n', '\r']) {
        return None;
    }
    Some(vec![Edit::insert(anchor.end, moved), Edit::delete(line)])
}

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
}
