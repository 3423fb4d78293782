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
}
