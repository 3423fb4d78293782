//! Byte-range edits and the one linear pass that applies them.
//!
//! Every change the tool makes is an [`Edit`]: a byte range of the original text and the text
//! that replaces it. Outside the edits the output is the input, byte for byte. Overlapping edits
//! are a bug in a step and are refused before anything is written.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub content: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, content: impl Into<String>) -> Self {
        Edit {
            range,
            content: content.into(),
        }
    }
    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Edit {
            range: at..at,
            content: content.into(),
        }
    }
    pub fn delete(range: Range<usize>) -> Self {
        Edit {
            range,
            content: String::new(),
        }
    }
}

/// Two edits touch the same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub first: Range<usize>,
    pub second: Range<usize>,
}

/// Apply `edits` to `text` in one pass. Insertions at the same offset keep their given order;
/// an insertion at the start or end of a replaced range is not an overlap.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> Result<String, Overlap> {
    // Stable sort: same-offset insertions stay in the order the step produced them.
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    for pair in edits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let bad_bounds = a.range.end > text.len() || a.range.start > a.range.end;
        if a.range.end > b.range.start || bad_bounds {
            return Err(Overlap {
                first: a.range.clone(),
                second: b.range.clone(),
            });
        }
    }
    if let Some(e) = edits.last() {
        if e.range.start > e.range.end
            || e.range.end > text.len()
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            return Err(Overlap {
                first: e.range.clone(),
                second: e.range.clone(),
            });
        }
    }
    let added: usize = edits.iter().map(|e| e.content.len()).sum();
    let mut out = String::with_capacity(text.len() + added);
    let mut last = 0;
    for e in &edits {
        if !text.is_char_boundary(e.range.start) || !text.is_char_boundary(e.range.end) {
            return Err(Overlap {
                first: e.range.clone(),
                second: e.range.clone(),
            });
        }
        out.push_str(&text[last..e.range.start]);
        out.push_str(&e.content);
        last = e.range.end;
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// A stretch of an edited text that is still the original text, byte for byte: `len` bytes at
/// `old` in the original are the `len` bytes at `new` in the edited text. A text's stretches are
/// sorted and disjoint on both sides; what lies between them was written by edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub old: usize,
    pub new: usize,
    pub len: usize,
}

impl Kept {
    /// The whole of an unedited text.
    pub fn all(text: &str) -> Vec<Kept> {
        if text.is_empty() {
            Vec::new()
        } else {
            vec![Kept {
                old: 0,
                new: 0,
                len: text.len(),
            }]
        }
    }
}

/// The stretches left after `edits` (sorted, not overlapping, on the current text): each edit
/// cuts out the bytes it replaces (an insertion splits the stretch it falls in), and moves the
/// stretches after it by the length it adds or takes. One pass over stretches and edits.
pub fn keep_through(kept: &[Kept], edits: &[Edit]) -> Vec<Kept> {
    let mut out = Vec::with_capacity(kept.len() + edits.len());
    let mut next = 0;
    // What the edits before the current position add (or take, when negative).
    let mut delta: isize = 0;
    let mut push = |k: &Kept, from: usize, to: usize, delta: isize| {
        if from < to {
            out.push(Kept {
                old: k.old + (from - k.new),
                new: from.wrapping_add_signed(delta),
                len: to - from,
            });
        }
    };
    for k in kept {
        let (mut start, end) = (k.new, k.new + k.len);
        while let Some(e) = edits.get(next) {
            let (a, b) = (e.range.start, e.range.end.max(e.range.start));
            let adds = e.content.len() as isize - (b - a) as isize;
            if a == b && e.content.is_empty() {
                next += 1;
            } else if b <= start {
                // Before what is left of the stretch (an insertion at its start included).
                delta += adds;
                next += 1;
            } else if a >= end {
                break;
            } else if b > end {
                // Runs past the stretch: the next stretches see it again.
                push(k, start, a.max(start), delta);
                start = end;
                break;
            } else {
                push(k, start, a.max(start), delta);
                delta += adds;
                next += 1;
                start = b;
            }
        }
        push(k, start, end, delta);
    }
    out
}

/// [`keep_through`] in place: the stretches before the first edit stay as they are, those
/// after the last move by what the edits add, and only the ones between are built again (an
/// upgrade applies a hundred small batches to a file of a few hundred stretches).
pub fn keep_through_in_place(kept: &mut Vec<Kept>, edits: &[Edit]) {
    let (Some(first), Some(last_end)) = (
        edits.first().map(|e| e.range.start),
        edits.iter().map(|e| e.range.end.max(e.range.start)).max(),
    ) else {
        return;
    };
    #[cfg(debug_assertions)]
    let want = keep_through(kept, edits);
    // Untouched: the stretches that end at or before the first edit (an insertion at a
    // stretch's end does not cut it), and those that start at or after the end of the last.
    let lo = kept.partition_point(|k| k.new + k.len <= first);
    let hi = kept.partition_point(|k| k.new < last_end).max(lo);
    let added: isize = edits
        .iter()
        .map(|e| {
            e.content.len() as isize - (e.range.end.max(e.range.start) - e.range.start) as isize
        })
        .sum();
    let middle = keep_through(&kept[lo..hi], edits);
    for k in &mut kept[hi..] {
        k.new = k.new.wrapping_add_signed(added);
    }
    kept.splice(lo..hi, middle);
    #[cfg(debug_assertions)]
    assert_eq!(*kept, want, "stretches kept in place differ from a rebuild");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_order_and_keeps_the_rest() {
        let out = apply(
            "abcdef",
            vec![
                Edit::replace(4..5, "E"),
                Edit::insert(0, "<"),
                Edit::delete(1..2),
                Edit::insert(0, "!"),
            ],
        );
        assert_eq!(out.as_deref(), Ok("<!acdEf"));
    }

    #[test]
    fn refuses_overlaps() {
        let err = apply(
            "abcdef",
            vec![Edit::replace(1..4, "x"), Edit::replace(3..5, "y")],
        );
        assert_eq!(
            err,
            Err(Overlap {
                first: 1..4,
                second: 3..5
            })
        );
    }

    #[test]
    fn insertion_at_range_end_is_fine() {
        let out = apply("abc", vec![Edit::replace(0..1, "A"), Edit::insert(1, "-")]);
        assert_eq!(out.as_deref(), Ok("A-bc"));
    }

    /// The stretches of the edited text are the original text, byte for byte.
    fn check_kept(text: &str, edits: Vec<Edit>, want: &[(usize, usize, usize)]) {
        let mut sorted = edits.clone();
        sorted.sort_by_key(|e| (e.range.start, e.range.end));
        let kept = keep_through(&Kept::all(text), &sorted);
        let out = apply(text, edits).expect("applies");
        for k in &kept {
            assert_eq!(
                text[k.old..k.old + k.len],
                out[k.new..k.new + k.len],
                "{k:?}"
            );
        }
        let got: Vec<_> = kept.iter().map(|k| (k.old, k.new, k.len)).collect();
        assert_eq!(got, want, "{text:?} -> {out:?}");
    }

    #[test]
    fn kept_stretches_follow_edits() {
        check_kept("abcdef", vec![], &[(0, 0, 6)]);
        check_kept(
            "abcdef",
            vec![
                Edit::replace(4..5, "EE"),
                Edit::insert(0, "<"),
                Edit::delete(1..2),
                Edit::insert(3, "!!"),
            ],
            &[(0, 1, 1), (2, 2, 1), (3, 5, 1), (5, 8, 1)],
        );
        check_kept("abc", vec![Edit::insert(3, "d")], &[(0, 0, 3)]);
        check_kept("abc", vec![Edit::replace(0..3, "abc")], &[]);
        check_kept("abc", vec![Edit::insert(1, "")], &[(0, 0, 3)]);
    }

    #[test]
    fn kept_stretches_compose() {
        let text = "one\ntwo\nthree\nfour\n";
        let first = vec![Edit::replace(4..7, "TWO"), Edit::insert(19, "five\n")];
        let kept = keep_through(&Kept::all(text), &first);
        let mid = apply(text, first).unwrap();
        // An edit over the gap between two stretches and into both.
        let second = vec![Edit::replace(2..9, "-"), Edit::delete(14..19)];
        let kept = keep_through(&kept, &second);
        let out = apply(&mid, second).unwrap();
        assert_eq!(out, "on-hree\nfive\n");
        for k in &kept {
            assert_eq!(
                text[k.old..k.old + k.len],
                out[k.new..k.new + k.len],
                "{k:?}"
            );
        }
        let got: Vec<_> = kept.iter().map(|k| (k.old, k.new, k.len)).collect();
        assert_eq!(got, [(0, 0, 2), (9, 3, 5)]);
    }
}
