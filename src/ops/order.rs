//! An element at its place in a sequence (1.17.0's middleware): listed after an anchor and
//! before other elements, moved there when it stands elsewhere. The user's other elements stay
//! where they are.

use crate::model::{Item, Seq, SettingsFile, Unsafe};
use crate::text::edit::Edit;
use crate::text::source;

use super::{edits_by_steps, ensure_in_seq, remove_item, At, Outcome, Target};

/// Ensure `value` is listed after the first of `after` that the sequence lists, and before each
/// of `before` it lists; when it stands elsewhere it is moved to just after that anchor (a
/// commented-out entry is enabled, then placed). Skipped when no anchor is listed and `value`
/// is not either: its place is unknown. Nothing happens when the sequence does not exist.
pub fn anchor_element(
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
            && (tail.trim().is_empty() || tail.trim_start().starts_with('#'))
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
