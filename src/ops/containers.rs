//! Container surgery shared by sequences and dicts: an item inserted at a [`Slot`] in the
//! container's layout, removed with its comma, two items swapped; a string literal rewritten in
//! place, and the source of a value to write elsewhere.

use std::ops::Range;

use crate::model::lines;
use crate::model::style::{layout, quoted};
use crate::model::{Container, Item, SettingsFile, Unsafe};
use crate::syntax::parse::{ExprKind, Node};
use crate::text::edit::Edit;
use crate::text::source;

use super::outcome::Slot;

/// Replace the string literal at `range` by `value`, keeping its prefix and quote.
pub fn replace_string(f: &SettingsFile, range: &Range<usize>, value: &str) -> Result<Edit, Unsafe> {
    let src = f.slice(range);
    let q = crate::model::style::string_quote(src);
    let prefix_len = src.find(q).unwrap_or(0);
    let simple = src.ends_with(q)
        && src.len() >= prefix_len + 2
        && !src[prefix_len..].chars().take(3).eq([q, q, q])
        && !src[prefix_len + 1..src.len() - 1].contains(['\\', q]);
    if !simple || value.contains([q, '\\']) || value.chars().any(char::is_control) {
        return Err(Unsafe {
            reason: "a string literal the tool does not rewrite (escapes, concatenation or triple quotes)"
                .into(),
            offset: range.start,
        });
    }
    let mut text = String::with_capacity(prefix_len + value.len() + 2);
    text.push_str(&src[..prefix_len]);
    text.push(q);
    text.push_str(value);
    text.push(q);
    Ok(Edit::replace(range.clone(), text))
}

/// The source text of an expression, to be written as a dict value or an element elsewhere:
/// the user's own text (quotes and escapes kept), with an unbracketed tuple (`'mysql',`, a
/// tuple by accident) put in parentheses so that it keeps its meaning there.
pub fn value_source(f: &SettingsFile, e: Node) -> String {
    let src = f.slice(&e.range());
    match e.kind() {
        ExprKind::Tuple(_) if !f.is_bracketed(e) => format!("({src})"),
        _ => src.to_string(),
    }
}

/// [`value_source`] for a value written on lines of its own and re-indented: a string that
/// spans lines is written anew with [`quoted`] (re-indenting it would change it), and None when
/// another kind of value holds one.
pub fn value_source_for_lines(f: &SettingsFile, e: Node) -> Option<String> {
    let range = e.range();
    let strings = f.strings();
    let from = strings.partition_point(|s| s.end <= range.start);
    let multiline_string = strings[from..]
        .iter()
        .take_while(|s| s.start < range.end)
        .any(|s| f.slice(s).contains(['\n', '\r']));
    if !multiline_string {
        return Some(value_source(f, e));
    }
    match e.kind() {
        ExprKind::Str(v) => Some(quoted(
            v,
            crate::model::style::string_quote(f.slice(&range)),
        )),
        _ => None,
    }
}

/// Insert an item (its source text, without comma) at `slot`.
pub fn insert_item(
    f: &SettingsFile,
    c: &Container,
    slot: Slot,
    item: &str,
    is_tuple: bool,
) -> Vec<Edit> {
    let text = f.text();
    let nl = f.newline();
    let reference = match slot {
        Slot::AfterItem(i) | Slot::BeforeItem(i) => Some(i),
        Slot::Start => Some(0),
        _ => c.items.len().checked_sub(1),
    };
    let lay = layout(f, c, reference);
    let trailing_habit = c
        .items
        .last()
        .map_or(lay.multiline || is_tuple, |i| i.comma.is_some());

    if !lay.multiline {
        let one_line = one_line(item);
        let item = one_line.as_str();
        let sep = format!(",{}", lay.space);
        return match slot {
            _ if c.items.is_empty() => {
                let comma = if is_tuple { "," } else { "" };
                vec![Edit::insert(c.open + 1, format!("{item}{comma}"))]
            }
            Slot::BeforeItem(i) | Slot::BeforeCommented(i)
                if matches!(slot, Slot::BeforeItem(_)) || i == 0 =>
            {
                let at = c
                    .items
                    .get(i)
                    .map_or(c.items[0].range.start, |x| x.range.start);
                vec![Edit::insert(at, [item, &sep].concat())]
            }
            Slot::Start => vec![Edit::insert(c.items[0].range.start, [item, &sep].concat())],
            Slot::AfterItem(i) => vec![Edit::insert(c.items[i].range.end, [&sep, item].concat())],
            _ => {
                let last = &c.items[c.items.len() - 1];
                vec![Edit::insert(last.range.end, [&sep, item].concat())]
            }
        };
    }

    let item = reindent(item, &lay.indent, nl);
    // A line start where the new line goes, or None to break the line after an item instead.
    let line_pos = |after_offset: usize| -> Option<usize> {
        let end = source::line_end(text, after_offset);
        (c.close > end).then(|| source::next_line(text, after_offset))
    };
    let pos = match slot {
        Slot::AfterItem(i) => after_item_line(f, c, i).and_then(line_pos),
        Slot::BeforeItem(i) => {
            let r = &c.items[i].range;
            source::starts_line(text, r.start).then(|| source::line_start(text, r.start))
        }
        Slot::AfterCommented(i) => line_pos(c.commented[i].comment.end),
        Slot::BeforeCommented(i) => Some(source::line_start(text, c.commented[i].comment.start)),
        Slot::Start => match c.items.first() {
            Some(first) if source::starts_line(text, first.range.start) => {
                Some(source::line_start(text, first.range.start))
            }
            Some(_) => None,
            None => line_pos(c.open),
        },
        Slot::End => match c.items.last() {
            Some(_) => after_item_line(f, c, c.items.len() - 1).and_then(line_pos),
            None => match c.commented.last() {
                Some(e) => line_pos(e.comment.end),
                None => line_pos(c.open),
            },
        },
    };
    let mut edits = Vec::new();
    match pos {
        Some(pos) => {
            let later = c.items.iter().any(|i| i.range.start >= pos);
            if let Some(prev) = c.items.iter().rev().find(|i| i.range.end <= pos) {
                if prev.comma.is_none() {
                    edits.push(Edit::insert(prev.range.end, ","));
                }
            }
            let comma = if later || trailing_habit { "," } else { "" };
            edits.push(Edit::insert(pos, [&lay.indent, &item, comma, nl].concat()));
        }
        None => {
            // The anchor shares its line with the closing bracket: break after it.
            let anchor = match slot {
                Slot::AfterItem(i) => i,
                _ => c.items.len().saturating_sub(1),
            };
            match c.items.get(anchor) {
                Some(a) => {
                    let comma_after = if a.comma.is_some() || c.items.len() > anchor + 1 {
                        ","
                    } else {
                        ""
                    };
                    let (at, lead) = match a.comma {
                        Some(k) => (k + 1, String::new()),
                        None => (a.range.end, ",".to_string()),
                    };
                    edits.push(Edit::insert(
                        at,
                        format!("{lead}{nl}{}{item}{comma_after}", lay.indent),
                    ));
                }
                None => edits.push(Edit::insert(
                    c.open + 1,
                    format!("{nl}{}{item},", lay.indent),
                )),
            }
        }
    }
    edits
}

/// A multi-line value written on one line (for a container written on one line); values that
/// hold comments keep their lines. Only the line breaks change: a bracket that opened a line
/// break is followed directly by the next line, a trailing comma before a closing `]` or `}`
/// goes (a tuple keeps it), and other lines are joined with one space (the text of each line, strings included,
/// is kept).
fn one_line(item: &str) -> String {
    if !item.contains('\n') || item.contains('#') {
        return item.to_string();
    }
    let mut out = String::with_capacity(item.len());
    for piece in item.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if piece.starts_with([')', ']', '}']) {
            // A tuple keeps its trailing comma: `('x',)` is a tuple, `('x')` a string.
            if out.ends_with(',') && !piece.starts_with(')') {
                out.pop();
            }
        } else if !out.is_empty() && !out.ends_with(['(', '[', '{']) {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// The offset on the last line that belongs to item `i`: its comma, trailing comment, and any
/// commented-out entries right below it. None when the item does not end its line.
fn after_item_line(f: &SettingsFile, c: &Container, i: usize) -> Option<usize> {
    let text = f.text();
    let item = &c.items[i];
    let mut at = item.end_with_comma();
    let rest = &text[at..source::line_end(text, at)];
    if !lines::blank_or_comment(rest) {
        return None;
    }
    let next_start = c.items.get(i + 1).map_or(c.close, |n| n.range.start);
    for e in &c.commented {
        if e.comment.start > at && e.comment.start < next_start {
            let between =
                &text[source::next_line(text, at)..source::line_start(text, e.comment.start)];
            let blank_line = ["\n\n", "\n\r\n", "\r\r", "\r\n\r"]
                .iter()
                .any(|p| between.contains(p));
            if between.trim().is_empty() && !blank_line {
                at = e.comment.end;
            }
        }
    }
    Some(at)
}

/// Re-indent the continuation lines of a multi-line item: its text is written with its first
/// line at column 0 and `    ` per level; lines after the first get `indent` in front.
fn reindent(item: &str, indent: &str, nl: &str) -> String {
    let mut lines = item.split('\n');
    let mut out = lines
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string();
    for l in lines {
        out.push_str(nl);
        let l = l.trim_end_matches('\r');
        if !l.is_empty() {
            out.push_str(indent);
            out.push_str(l);
        }
    }
    out
}

/// Exchange items `i` and `j` in place, each with the comment that ends its line; the layout,
/// commas and everything else stay where they are.
pub fn swap_items(f: &SettingsFile, c: &Container, i: usize, j: usize) -> Vec<Edit> {
    let text = f.text();
    let (a, b) = (&c.items[i], &c.items[j]);
    let comment = |it: &Item| {
        let end = it.end_with_comma();
        let cm = f.trailing_comment(end)?;
        text[end..cm.start].trim().is_empty().then_some((end, cm))
    };
    let mut edits = vec![
        Edit::replace(a.range.clone(), f.slice(&b.range)),
        Edit::replace(b.range.clone(), f.slice(&a.range)),
    ];
    match (comment(a), comment(b)) {
        (Some((_, ca)), Some((_, cb))) => {
            edits.push(Edit::replace(ca.clone(), f.slice(&cb)));
            edits.push(Edit::replace(cb.clone(), f.slice(&ca)));
        }
        (Some((ea, ca)), None) => {
            edits.push(Edit::delete(ea..ca.end));
            edits.push(Edit::insert(
                b.end_with_comma(),
                format!("{}{}", &text[ea..ca.start], f.slice(&ca)),
            ));
        }
        (None, Some((eb, cb))) => {
            edits.push(Edit::insert(
                a.end_with_comma(),
                format!("{}{}", &text[eb..cb.start], f.slice(&cb)),
            ));
            edits.push(Edit::delete(eb..cb.end));
        }
        (None, None) => {}
    }
    edits
}

/// Remove item `i`, with its comma and a comment on the same line; a 1-tuple keeps its comma.
pub fn remove_item(f: &SettingsFile, c: &Container, i: usize, is_tuple: bool) -> Vec<Edit> {
    let text = f.text();
    let item = &c.items[i];
    let mut edits = Vec::new();
    let end = item.end_with_comma();
    let line_end = source::line_end(text, end);
    let tail = &text[end..line_end];
    let alone_on_line = source::starts_line(text, item.range.start)
        && lines::blank_or_comment(tail)
        && c.close > line_end;
    let remaining: Vec<&Item> = c
        .items
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, x)| x)
        .collect();
    if alone_on_line {
        edits.push(Edit::delete(
            source::line_start(text, item.range.start)..source::next_line(text, end),
        ));
        // The last item had no comma: the one that becomes last loses its own, so that removing
        // an item is the inverse of inserting it (a one-element tuple keeps its comma).
        if i > 0 && i + 1 == c.items.len() && item.comma.is_none() {
            if let Some(k) = c.items[i - 1].comma {
                if !(is_tuple && remaining.len() == 1) {
                    edits.push(Edit::delete(k..k + 1));
                }
            }
        }
    } else if i + 1 < c.items.len() {
        edits.push(Edit::delete(item.range.start..c.items[i + 1].range.start));
    } else if i > 0 {
        let prev = &c.items[i - 1];
        let prev_comma = prev.comma.map_or(prev.range.end, |k| k + 1);
        if item.comma.is_some() || (is_tuple && remaining.len() == 1) {
            edits.push(Edit::delete(prev_comma..end));
        } else {
            edits.push(Edit::delete(prev.range.end..end));
        }
    } else {
        edits.push(Edit::delete(item.range.start..end));
    }
    if is_tuple && remaining.len() == 1 && remaining[0].comma.is_none() {
        edits.push(Edit::insert(remaining[0].range.end, ","));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_keeps_the_comma_of_a_one_element_tuple() {
        assert_eq!(one_line("(\n    'x',\n)"), "('x',)");
        assert_eq!(one_line("{'k': (\n    'x',\n)}"), "{'k': ('x',)}");
        assert_eq!(one_line("[\n    'x',\n]"), "['x']");
    }
}
