//! The operation vocabulary: each operation reads the settings model and returns byte-range edits.
//!
//! Operations never re-print anything: they compute [`Edit`]s against the text as it is, copying
//! the style of the container they touch (quotes, indentation, one-per-line or one-line layout,
//! trailing-comma habit, `key : value` spacing) and the file's line ending. Each is idempotent: on
//! a file that already has the result it returns no edit. A setting the operation cannot edit
//! safely gives [`Outcome::Skip`] with the reason and the place.

use std::ops::Range;

/// `?` for an operation: an `Unsafe` becomes the operation's skip. Defined before the
/// modules below, which use it too.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(u) => return Outcome::Skip(u),
        }
    };
}

mod op;
pub mod special;
mod vocab;
// Releases 1.1.2 to 1.5.0.
mod series_1_1;
pub use series_1_1::*;
// Releases 1.6.0 to 1.9.0.
mod guarded;
mod templates;
// Releases 1.10.0 to 1.17.0.
mod loader;
mod order;
mod python3;
// Releases 2.0.0 to 2.9.3.
pub mod series_2;

pub use guarded::{add_block, remove_key_if, update};
pub use loader::settings_loader;
pub use op::{dict, enabled_apps, Cond, Ctx, Op, Opt, Options, Target};
pub use order::anchor_element;
pub use python3::{refuse_python2, rewrite_python2};
pub use templates::templates;
pub use vocab::*;

pub use crate::model::style::{container_quote, key_separator, quoted, requote};
use crate::model::style::{layout, requote_literal};

use crate::model::values;
use crate::model::{self, Commented, Container, Dict, Item, Seq, SettingsFile, Unsafe};
use crate::syntax::parse::{ExprKind, Node, Stmt, StmtKind};
use crate::text::edit::Edit;
use crate::text::source;

/// What an operation decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Edits to make; none means the file already has the result.
    Edits(Vec<Edit>),
    /// The setting is built in a way the operation cannot edit safely.
    Skip(Unsafe),
    /// A value only the administrator knows is missing; the reason says what to pass.
    Pending(String),
}

impl From<Unsafe> for Outcome {
    fn from(u: Unsafe) -> Self {
        Outcome::Skip(u)
    }
}

impl Outcome {
    pub fn none() -> Self {
        Outcome::Edits(Vec::new())
    }
}

/// Where a new element goes: next to the Modoboa extensions when `extensions` says so and the
/// sequence lists one (enabled or disabled), else after the first of `after` found, else before
/// the first of `before` found, else first (when `first`) or last.
#[derive(Debug, Clone, Copy, Default)]
pub struct At {
    pub after: &'static [&'static str],
    pub before: &'static [&'static str],
    pub first: bool,
    pub extensions: Near,
}

/// A place relative to the Modoboa extensions (`modoboa.extensions.*`) of a sequence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Near {
    #[default]
    No,
    /// Just before the first extension.
    BeforeFirst,
    /// Just after the last extension.
    AfterLast,
}

impl At {
    pub const LAST: At = At {
        after: &[],
        before: &[],
        first: false,
        extensions: Near::No,
    };
    pub const FIRST: At = At {
        after: &[],
        before: &[],
        first: true,
        extensions: Near::No,
    };
    pub const fn after(after: &'static [&'static str]) -> At {
        At {
            after,
            before: &[],
            first: false,
            extensions: Near::No,
        }
    }
    pub const fn before(before: &'static [&'static str]) -> At {
        At {
            after: &[],
            before,
            first: false,
            extensions: Near::No,
        }
    }
    /// After the first of `after`, else before the first of `before`.
    pub const fn between(after: &'static [&'static str], before: &'static [&'static str]) -> At {
        At {
            after,
            before,
            first: false,
            extensions: Near::No,
        }
    }
    /// Next to the extensions, where the sequence lists one; elsewhere as `self` says.
    pub const fn near_extensions(self, near: Near) -> At {
        At {
            extensions: near,
            ..self
        }
    }
}

/// A place in a container: next to an element or a commented-out entry, or at either end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    AfterItem(usize),
    BeforeItem(usize),
    AfterCommented(usize),
    BeforeCommented(usize),
    Start,
    End,
}

/// Resolve an [`At`] against a container of string items.
pub fn slot_for(c: &Container, at: &At) -> Slot {
    if let Some(slot) = extension_slot(c, at.extensions) {
        return slot;
    }
    let find = |v: &str| c.items.iter().position(|i| i.value == Some(v));
    let find_c = |v: &str| c.commented.iter().position(|i| i.value == v);
    for a in at.after {
        if let Some(i) = find(a) {
            return Slot::AfterItem(i);
        }
        if let Some(i) = find_c(a) {
            return Slot::AfterCommented(i);
        }
    }
    for b in at.before {
        if let Some(i) = find(b) {
            return Slot::BeforeItem(i);
        }
        if let Some(i) = find_c(b) {
            return Slot::BeforeCommented(i);
        }
    }
    if at.first {
        Slot::Start
    } else {
        Slot::End
    }
}

/// The place next to the first or last Modoboa extension (listed or disabled) of a container.
fn extension_slot(c: &Container, near: Near) -> Option<Slot> {
    let is_ext = |v: &str| v.starts_with("modoboa.extensions.");
    let items = c
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.value.is_some_and(is_ext));
    let comments = c
        .commented
        .iter()
        .enumerate()
        .filter(|(_, e)| is_ext(&e.value));
    // Each candidate with its offset, so that a listed and a disabled extension compare.
    let listed = items.map(|(i, it)| (it.range.start, Slot::BeforeItem(i), Slot::AfterItem(i)));
    let disabled = comments.map(|(i, e)| {
        (
            e.comment.start,
            Slot::BeforeCommented(i),
            Slot::AfterCommented(i),
        )
    });
    let all = listed.chain(disabled);
    match near {
        Near::No => None,
        Near::BeforeFirst => all
            .min_by_key(|(at, _, _)| *at)
            .map(|(_, before, _)| before),
        Near::AfterLast => all.max_by_key(|(at, _, _)| *at).map(|(_, _, after)| after),
    }
}

// ---------------------------------------------------------------------------------------------
// Elements of sequences

/// Ensure the string `value` is an element of the target sequence (uncommenting a commented-out
/// entry instead of adding a second one). Nothing happens when the sequence does not exist.
pub fn ensure_element(f: &SettingsFile, target: &Target, value: &str, at: &At) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    ensure_in_seq(f, &seq, value, at)
}

/// [`ensure_element`] on a sequence already looked up.
pub fn ensure_in_seq(f: &SettingsFile, seq: &Seq, value: &str, at: &At) -> Outcome {
    if seq.contains(value) || in_extension(f, seq, value) {
        return Outcome::none();
    }
    if let Some(c) = seq.commented(value) {
        return Outcome::Edits(uncomment(f, &seq.container, c));
    }
    let slot = slot_for(&seq.container, at);
    let quote = container_quote(f, &seq.container);
    let text = quoted(value, quote);
    Outcome::Edits(insert_item(f, &seq.container, slot, &text, seq.is_tuple))
}

/// `INSTALLED_APPS += MODOBOA_APPS`: a value listed (or disabled) in a sequence added with `+=`
/// is present.
fn in_extension(f: &SettingsFile, seq: &Seq, value: &str) -> bool {
    seq.extra
        .iter()
        .filter_map(|e| e.strip_prefix('<')?.strip_suffix('>'))
        .any(|name| {
            matches!(f.seq(name), Ok(Some(other))
                if other.contains(value) || other.commented(value).is_some())
        })
}

/// Turn `# 'x',` back into `'x',`, fixing the commas around it.
pub fn uncomment(f: &SettingsFile, c: &Container, entry: &Commented) -> Vec<Edit> {
    let text = f.text();
    let mut edits = Vec::new();
    // Drop `#` and the spaces up to the literal; keep the line's indentation, or take the
    // neighbours' when the `#` stood at the start of the line.
    let line = source::line_start(text, entry.comment.start);
    if line == entry.comment.start {
        let indent = layout(f, c, None).indent;
        edits.push(Edit::replace(line..entry.literal.start, indent));
    } else {
        edits.push(Edit::delete(entry.comment.start..entry.literal.start));
    }
    let later_item = c.items.iter().any(|i| i.range.start > entry.comment.start);
    if !entry.has_comma && (later_item || c.items.last().is_some_and(|i| i.comma.is_some())) {
        edits.push(Edit::insert(entry.literal.end, ","));
    }
    if let Some(prev) = c
        .items
        .iter()
        .rev()
        .find(|i| i.range.end < entry.comment.start)
    {
        if prev.comma.is_none() {
            edits.push(Edit::insert(prev.range.end, ","));
        }
    }
    edits
}

/// Remove every element equal to `value` from the sequence `name`, and its commented-out
/// entries (what a release drops is gone, enabled or disabled): all the edits at once.
pub fn remove_element(f: &SettingsFile, target: &Target, value: &str) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    let live = seq
        .items()
        .iter()
        .filter(|i| i.value == Some(value))
        .count();
    let disabled = seq.container.commented.iter().filter(|c| c.value == value);
    match live + disabled.count() {
        0 => Outcome::none(),
        1 => remove_once(f, &seq, value),
        n => edits_by_steps(f, seq.setting.stmt, n, |g| match tri!(target.seq(g)) {
            Some(s) => remove_once(g, &s, value),
            None => Outcome::none(),
        }),
    }
}

/// Remove the first element equal to `value`, else the first commented-out entry of it (its
/// whole line).
fn remove_once(f: &SettingsFile, seq: &Seq, value: &str) -> Outcome {
    if let Some(i) = seq.find(value) {
        return Outcome::Edits(remove_item(f, &seq.container, i, seq.is_tuple));
    }
    match seq.commented(value) {
        Some(c) => {
            let text = f.text();
            let line =
                source::line_start(text, c.comment.start)..source::next_line(text, c.comment.end);
            Outcome::Edits(vec![Edit::delete(line)])
        }
        None => Outcome::none(),
    }
}

/// Rename the element `from` to `to` in place (commented-out entries too), keeping its quotes.
/// When `to` is already there, `from` is removed instead; of several copies of `from`, the
/// first is renamed and the others removed. All the edits come at once.
pub fn rename_element(f: &SettingsFile, target: &Target, from: &str, to: &str) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    // Renaming into a value listed in `+= MODOBOA_APPS` would list it twice.
    let to_elsewhere = in_extension(f, &seq, to);
    let count = seq.items().iter().filter(|i| i.value == Some(from)).count();
    if count <= 1 {
        return rename_in(f, &seq, from, to, to_elsewhere);
    }
    edits_by_steps(f, seq.setting.stmt, count + 1, |g| {
        rename_once(g, target, from, to, to_elsewhere)
    })
}

/// One renaming (or removal) of the first `from`, and of a commented-out `from`.
fn rename_once(
    f: &SettingsFile,
    target: &Target,
    from: &str,
    to: &str,
    to_elsewhere: bool,
) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    rename_in(f, &seq, from, to, to_elsewhere)
}

/// [`rename_once`] on the sequence already read.
fn rename_in(f: &SettingsFile, seq: &Seq, from: &str, to: &str, to_elsewhere: bool) -> Outcome {
    let mut edits = Vec::new();
    if let Some(i) = seq.find(from) {
        if seq.contains(to) || to_elsewhere {
            return Outcome::Edits(remove_item(f, &seq.container, i, seq.is_tuple));
        }
        edits.push(tri!(replace_string(f, &seq.items()[i].range, to)));
    }
    if let Some(c) = seq.commented(from) {
        if seq.commented(to).is_none() && !seq.contains(to) {
            edits.push(Edit::replace(
                c.literal.clone(),
                requote_literal(f.slice(&c.literal), to),
            ));
        }
    }
    Outcome::Edits(edits)
}

/// The edits of a change made of several steps on one statement (each step takes one of
/// several copies of an element): the steps run on a copy of the statement, at most `steps`
/// times and until one has nothing left to do, and the whole change comes back as one edit of
/// the bytes that differ. The operation gives all its edits at once, so a second run of it has
/// nothing to do.
fn edits_by_steps(
    f: &SettingsFile,
    stmt: &Stmt,
    steps: usize,
    step: impl Fn(&SettingsFile) -> Outcome,
) -> Outcome {
    let range = stmt.range.clone();
    let shift = |u: Unsafe| Unsafe {
        reason: u.reason,
        offset: u.offset + range.start,
    };
    let unreadable = || Unsafe {
        reason: "the statement does not parse on its own".into(),
        offset: range.start,
    };
    let Ok(mut copy) = SettingsFile::parse(f.slice(&range).to_string()) else {
        return Outcome::Skip(unreadable());
    };
    for _ in 0..steps {
        match step(&copy) {
            Outcome::Edits(e) if e.is_empty() => break,
            Outcome::Edits(e) => {
                if copy.apply_edits(e).is_err() {
                    return Outcome::Skip(unreadable());
                }
            }
            Outcome::Skip(u) => return Outcome::Skip(shift(u)),
            pending @ Outcome::Pending(_) => return pending,
        }
    }
    let (old, new) = (f.slice(&range), copy.text());
    if old == new {
        return Outcome::none();
    }
    // Only the bytes that differ: the common start and end stay (on character boundaries).
    let mut head = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(head) || !new.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = old[head..]
        .bytes()
        .rev()
        .zip(new[head..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
        tail -= 1;
    }
    Outcome::Edits(vec![Edit::replace(
        range.start + head..range.end - tail,
        &new[head..new.len() - tail],
    )])
}

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

// ---------------------------------------------------------------------------------------------
// Container surgery shared by sequences and dicts

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
    if !(rest.trim().is_empty() || rest.trim_start().starts_with('#')) {
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
        && (tail.trim().is_empty() || tail.trim_start().starts_with('#'))
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

// ---------------------------------------------------------------------------------------------
// Top-level statements

/// Where a new statement goes: after the first of `after` that is assigned, else before the
/// first of `before`, else after the imports (when `after_imports`) or at the end of the file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place {
    pub after: &'static [&'static str],
    pub before: &'static [&'static str],
    pub after_imports: bool,
}

impl Place {
    pub const END: Place = Place {
        after: &[],
        before: &[],
        after_imports: false,
    };
    pub const fn after(after: &'static [&'static str]) -> Place {
        Place {
            after,
            before: &[],
            after_imports: false,
        }
    }
}

/// `NAME = value`: replace the value of the one assignment, or add the statement at `place`.
/// `value` is Python source written with single quotes; it takes the file's quote style.
pub fn set_assignment(f: &SettingsFile, name: &str, value: &str, place: &Place) -> Outcome {
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
pub fn add_assignment(f: &SettingsFile, name: &str, value: &str, place: &Place) -> Outcome {
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

/// Insert a statement (one or more lines, written with `\n`) at `place`.
pub fn add_statement(f: &SettingsFile, stmt_src: &str, place: &Place) -> Outcome {
    let nl = f.newline();
    let body = stmt_src.replace('\n', nl);
    for name in place.after {
        if let Some(stmt) = last_binding(f, name) {
            let end = f.stmt_line_end(stmt);
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
fn append(f: &SettingsFile, body: &str) -> Edit {
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

pub(crate) fn binding_stmt<'a>(b: &model::Binding<'a>) -> &'a Stmt {
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
    let mut start = source::line_start(text, offset);
    while start > 0 {
        let prev = source::line_start(text, start - 1);
        if text[prev..start].trim_start().starts_with('#') {
            start = prev;
        } else {
            break;
        }
    }
    start
}

/// Delete every top-level statement that assigns `name` (and the comment lines directly above
/// it when they name it), leaving no double blank line.
pub fn delete_statement(f: &SettingsFile, name: &str) -> Outcome {
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
    if !(after.trim().is_empty() || after.trim_start().starts_with('#')) {
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
    } else if end >= text.len() && blank_before && start > 0 {
        // Last statement of the file: drop the blank line above instead.
        start = source::line_start(text, start - 1);
    }
    Some(start..end)
}

pub(crate) fn is_prev_line_blank(text: &str, line_start: usize) -> bool {
    if line_start == 0 {
        return false;
    }
    let prev = source::line_start(text, line_start - 1);
    source::is_blank_line(text, prev..line_start)
}

/// Rename a variable where it is bound and everywhere it is used.
pub fn rename_variable(f: &SettingsFile, from: &str, to: &str) -> Outcome {
    if f.first_binding(from).is_none() {
        return Outcome::none();
    }
    if let Some(b) = f.bindings(to).first() {
        return Outcome::Skip(Unsafe {
            reason: format!("both {from} and {to} are defined"),
            offset: binding_stmt(b).range.start,
        });
    }
    Outcome::Edits(
        f.uses_of(from)
            .map(|r| Edit::replace(r.clone(), to))
            .collect(),
    )
}

/// `from module import name`, after the last top-level import above the first use of `name`.
pub fn ensure_import(f: &SettingsFile, module: &str, name: &str) -> Outcome {
    let present = f.imports().any(|s| match &*s.kind {
        StmtKind::ImportFrom {
            module: m, names, ..
        } => m == module && names.iter().any(|n| n == name),
        _ => false,
    });
    if present {
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
fn last_import_above(f: &SettingsFile, limit: usize) -> Option<&Stmt> {
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

/// Move the assignment of `name` up, after the imports, when it is used before it is defined.
pub fn move_above_first_use(f: &SettingsFile, name: &str) -> Outcome {
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

// ---------------------------------------------------------------------------------------------
// Dicts

/// The dict literal at `path`: a setting name, then string keys.
pub fn dict_at<'a>(f: &'a SettingsFile, path: &[&str]) -> Result<Option<Dict<'a>>, Unsafe> {
    let Some((first, keys)) = path.split_first() else {
        return Ok(None);
    };
    let Some(setting) = f.setting(first)? else {
        return Ok(None);
    };
    let mut expr = setting.value;
    for k in keys {
        let d = f.dict_of(expr).ok_or_else(|| not_a_dict(f, expr, path))?;
        match d.get(k) {
            Some(v) => expr = v,
            None => return Ok(None),
        }
    }
    f.dict_of(expr)
        .map(Some)
        .ok_or_else(|| not_a_dict(f, expr, path))
}

fn not_a_dict(f: &SettingsFile, e: Node, path: &[&str]) -> Unsafe {
    Unsafe {
        reason: format!(
            "{} is not a literal dict (`{}`)",
            path.join("."),
            f.slice(&e.range()).lines().next().unwrap_or("")
        ),
        offset: e.range().start,
    }
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
pub fn merge_dict(f: &SettingsFile, path: &[&str], template: &str) -> Outcome {
    let t = match SettingsFile::parse(format!("_ = {template}\n")) {
        Ok(t) => t,
        Err(_) => return Outcome::none(),
    };
    let Some(value) = t.first_value() else {
        return Outcome::none();
    };
    let mut edits = Vec::new();
    let mut path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
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
    let refs: Vec<&str> = path.iter().map(String::as_str).collect();
    let Some(d) = dict_at(f, &refs)? else {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::text::edit::apply;

    /// The file an operation makes of `src` (it must give edits).
    pub(crate) fn run(src: &str, op: impl Fn(&SettingsFile) -> Outcome) -> String {
        let f = SettingsFile::parse(src.to_string()).expect("parses");
        match op(&f) {
            Outcome::Edits(e) => apply(src, e).expect("no overlap"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn requote_turns_simple_strings() {
        assert_eq!(
            requote("('a', \"b'c\", 'd')", '"'),
            "(\"a\", \"b'c\", \"d\")"
        );
        // Escapes, prefixes, triple quotes and comments are left alone: the value stays.
        for src in [
            r#"("a\"b'c'", 'x')"#,
            r"('it\'s', u'v', 'w')",
            "('''a'b''', 'c')  # don't",
        ] {
            let out = requote(src, '"');
            let value = |s: &str| {
                let f = SettingsFile::parse(format!("_ = {s}\n")).expect("parses");
                let v = f.first_value().expect("a value");
                values::value(&f, v)
            };
            assert_eq!(value(&out), value(src), "{src} -> {out}");
        }
        assert_eq!(requote("('x', u'v')", '"'), "(\"x\", u'v')");
    }

    #[test]
    fn quoted_escapes_for_its_quote() {
        assert_eq!(quoted("a", '\''), "'a'");
        assert_eq!(quoted("it's", '\''), "\"it's\"");
        assert_eq!(quoted(r"/srv\new", '"'), r#""/srv\\new""#);
        assert_eq!(quoted("a'b\"c\n", '\''), r#"'a\'b"c\n'"#);
        assert_eq!(quoted("\0\u{7f}\t\r", '\''), r"'\x00\x7f\t\r'");
    }

    #[test]
    fn ensure_after_in_multiline_tuple() {
        let out = run("X = (\n    'a',\n    'b',\n)\n", |f| {
            ensure_element(f, &Target::Name("X"), "c", &At::after(&["a"]))
        });
        assert_eq!(out, "X = (\n    'a',\n    'c',\n    'b',\n)\n");
    }

    #[test]
    fn ensure_last_without_trailing_comma() {
        let out = run("X = (\n    \"a\",\n    \"b\"\n)\n", |f| {
            ensure_element(f, &Target::Name("X"), "c", &At::LAST)
        });
        assert_eq!(out, "X = (\n    \"a\",\n    \"b\",\n    \"c\"\n)\n");
    }

    #[test]
    fn one_line_keeps_the_comma_of_a_one_element_tuple() {
        assert_eq!(one_line("(\n    'x',\n)"), "('x',)");
        assert_eq!(one_line("{'k': (\n    'x',\n)}"), "{'k': ('x',)}");
        assert_eq!(one_line("[\n    'x',\n]"), "['x']");
    }

    #[test]
    fn ensure_in_one_line_tuple() {
        let out = run("X = ('a', 'b',)\n", |f| {
            ensure_element(f, &Target::Name("X"), "c", &At::after(&["a"]))
        });
        assert_eq!(out, "X = ('a', 'c', 'b',)\n");
        let out = run("X = ()\n", |f| {
            ensure_element(f, &Target::Name("X"), "c", &At::LAST)
        });
        assert_eq!(out, "X = ('c',)\n");
    }

    #[test]
    fn ensure_uncomments() {
        let out = run("X = (\n    'a',\n    # 'c',\n    'b',\n)\n", |f| {
            ensure_element(f, &Target::Name("X"), "c", &At::LAST)
        });
        assert_eq!(out, "X = (\n    'a',\n    'c',\n    'b',\n)\n");
    }

    #[test]
    fn remove_keeps_one_tuple_comma() {
        let out = run("X = ('a', 'b')\n", |f| {
            remove_element(f, &Target::Name("X"), "b")
        });
        assert_eq!(out, "X = ('a',)\n");
        let out = run("X = (\n    'a',  # c\n    'b',\n)\n", |f| {
            remove_element(f, &Target::Name("X"), "a")
        });
        assert_eq!(out, "X = (\n    'b',\n)\n");
    }

    #[test]
    fn delete_leaves_no_double_blank() {
        let out = run("A = 1\n\nB = 2\n\nC = 3\n", |f| delete_statement(f, "B"));
        assert_eq!(out, "A = 1\n\nC = 3\n");
    }

    #[test]
    fn rename_variable_everywhere_it_is_used() {
        let src =
            "import os\nD = os.path.dirname(__file__)\nT = (os.path.join(D, 't'),)\nx.D = 1\n";
        let out = run(src, |f| rename_variable(f, "D", "BASE"));
        assert_eq!(out, "import os\nBASE = os.path.dirname(__file__)\nT = (os.path.join(BASE, 't'),)\nx.D = 1\n");
        let f = SettingsFile::parse("A = 1\nB = A\n".to_string()).expect("parses");
        assert!(matches!(rename_variable(&f, "A", "B"), Outcome::Skip(_)));
    }

    #[test]
    fn set_and_add() {
        let out = run("A = 'x'\nB = 1\n", |f| {
            set_assignment(f, "A", "'y'", &Place::END)
        });
        assert_eq!(out, "A = 'y'\nB = 1\n");
        let out = run("A = \"x\"\nB = 1\n", |f| {
            set_assignment(f, "C", "'y'", &Place::after(&["A"]))
        });
        assert_eq!(out, "A = \"x\"\nC = \"y\"\nB = 1\n");
    }

    #[test]
    fn merge_dict_keeps_key_spacing() {
        let src = "D = {\n    \"a\" : 1,\n}\n";
        let out = run(src, |f| merge_dict(f, &["D"], "{'a': 2, 'b': {'c': 'd'}}"));
        assert_eq!(
            out,
            "D = {\n    \"a\" : 1,\n    \"b\" : {\"c\" : \"d\"},\n}\n"
        );
    }
}
