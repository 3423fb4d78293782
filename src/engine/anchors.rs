//! Lines of the report: offsets followed through the edits of a run ([`Anchors`]), taken back
//! to the file given ([`original_offset`]) and turned into line numbers ([`lines_of`]).

use crate::model::LINE_REF;
use crate::text::edit::{Edit, Kept};

/// Offsets in the text being edited, moved along as edits are applied: an offset after an
/// edit moves by what the edit adds or removes; one inside a replaced range goes to its start.
#[derive(Default)]
pub(super) struct Anchors(pub(super) Vec<usize>);

impl Anchors {
    /// Follow `offset` from now on; its index.
    pub(super) fn add(&mut self, offset: usize) -> usize {
        self.0.push(offset);
        self.0.len() - 1
    }

    /// Move every offset through `edits` (applied together to the text they were made on).
    pub(super) fn shift(&mut self, edits: &[Edit]) {
        let mut order: Vec<&Edit> = edits.iter().collect();
        order.sort_by_key(|e| (e.range.start, e.range.end));
        for a in &mut self.0 {
            let mut delta: isize = 0;
            let mut to = None;
            for e in &order {
                // (An insertion at the offset puts its text before what is there.)
                if e.range.end <= *a {
                    delta += e.content.len() as isize - e.range.len() as isize;
                } else if e.range.start <= *a {
                    to = Some(e.range.start as isize + delta);
                    break;
                } else {
                    break;
                }
            }
            *a = to.unwrap_or(*a as isize + delta) as usize;
        }
    }
}

/// The offset in the original text of `offset` in the edited one: itself where the text there
/// is kept, else the end of the kept stretch before it (where the new text was put, or the
/// removed text was: an offset at the start of a stretch that follows a removal is the start of
/// what was removed).
pub(super) fn original_offset(kept: &[Kept], offset: usize) -> usize {
    let k = kept.partition_point(|k| k.new + k.len <= offset);
    let prev_end = k.checked_sub(1).map_or(0, |p| kept[p].old + kept[p].len);
    match kept.get(k) {
        Some(s) if s.new == offset && s.old > prev_end => prev_end,
        Some(s) if s.new <= offset => s.old + (offset - s.new),
        _ => prev_end,
    }
}

/// The offset in the original text of the statement that starts at `offset` in the edited
/// text `new`: a statement a message refers to, not the place of an edit (which, at the start
/// of a stretch that follows a removal, [`original_offset`] puts at the removal). Where the
/// statement's first characters were replaced (a renamed setting), the kept rest of its line
/// says where it was.
pub(super) fn original_offset_of_kept(kept: &[Kept], new: &str, offset: usize) -> usize {
    let k = kept.partition_point(|k| k.new + k.len <= offset);
    match kept.get(k) {
        Some(s) if s.new <= offset => s.old + (offset - s.new),
        Some(s) if !new[offset.min(s.new)..s.new].contains(['\n', '\r']) => s.old,
        _ => original_offset(kept, offset),
    }
}

/// The 1-based lines of `offsets` in `text`, in one pass over it (a line ends with `\n`,
/// `\r\n` or a lone `\r`).
pub(super) fn lines_of(text: &str, offsets: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.map(|o| (o.min(text.len()), i)))
        .collect();
    order.sort_unstable();
    let mut out = vec![None; offsets.len()];
    let (mut pos, mut line) = (0, 1);
    let bytes = text.as_bytes();
    for (o, i) in order {
        line += memchr::memchr2_iter(b'\n', b'\r', &bytes[pos..o])
            .filter(|&k| bytes[pos + k] == b'\n' || bytes.get(pos + k + 1) != Some(&b'\n'))
            .count();
        pos = o;
        out[i] = Some(line);
    }
    out
}

/// Follow the offsets a skip reason refers to ([`crate::model::LINE_REF`]): each
/// `\u{1}offset\u{1}` becomes `\u{1}anchor\u{1}`, the index of an anchor moved along with the
/// later edits.
pub(super) fn follow_refs(reason: String, anchors: &mut Anchors) -> String {
    if !reason.contains(LINE_REF) {
        return reason;
    }
    map_refs(&reason, |offset| {
        format!("{LINE_REF}{}{LINE_REF}", anchors.add(offset))
    })
}

/// `text` with every bracketed number replaced by what `f` makes of it.
pub(super) fn map_refs(text: &str, mut f: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split(LINE_REF);
    out.push_str(parts.next().unwrap_or_default());
    while let Some(inside) = parts.next() {
        match inside.parse::<usize>() {
            Ok(n) => out.push_str(&f(n)),
            // (An unpaired bracket: the text as it was.)
            Err(_) => {
                out.push(LINE_REF);
                out.push_str(inside);
                continue;
            }
        }
        out.push_str(parts.next().unwrap_or_default());
    }
    out
}
