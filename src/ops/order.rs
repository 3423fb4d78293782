//! An element at its place in a sequence (1.17.0's middleware): listed after an anchor and
//! before other elements, moved there when it stands elsewhere. The user's other elements stay
//! where they are.

use crate::model::{SettingsFile, Unsafe};

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
