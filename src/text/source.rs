//! Plain-text facts about a source file: lines, line endings, indentation.
//!
//! The line helpers know nothing of Python's grammar; they work on the text as bytes so that
//! every other module can reason about "the line this offset is on" without re-scanning. A line
//! ends at `\n`, `\r\n` or a lone `\r`, as in Python.

use std::ops::Range;

/// Line starts of a text, for offset to line/column conversion. A line ends with `\n`, `\r\n`
/// or a lone `\r`, as in Python.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// True when a line starts at `p` (> 0): the byte before ends a line, and is not the `\r` of a
/// `\r\n` pair.
fn is_line_start(bytes: &[u8], p: usize) -> bool {
    match bytes.get(p.wrapping_sub(1)) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(p) != Some(&b'\n'),
        _ => false,
    }
}

/// The line starts in `from..=to` (each > 0), in order.
fn starts_in(bytes: &[u8], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    let lo = from.max(1) - 1;
    let hi = to.min(bytes.len());
    memchr::memchr2_iter(b'\n', b'\r', bytes.get(lo..hi).unwrap_or(&[]))
        .map(move |i| lo + i + 1)
        .filter(move |&p| p >= from.max(1) && p <= to && is_line_start(bytes, p))
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // (Room for lines of 24 bytes on average: one allocation for most texts.)
        let mut starts = Vec::with_capacity(text.len() / 24 + 2);
        starts.push(0);
        starts.extend(starts_in(text.as_bytes(), 1, text.len()));
        LineIndex { starts }
    }

    /// After an edit that replaced the bytes `old` of the previous text, giving `text` (the
    /// region grew by `delta` bytes), fix the line starts without rescanning the rest.
    pub fn splice(&mut self, old: std::ops::Range<usize>, text: &str, delta: isize) {
        // A line start depends on the byte before it and its own byte: the starts from
        // `old.start` to the region's end are recomputed, the others move.
        let new_end = old.end.wrapping_add_signed(delta);
        let from = self.starts.partition_point(|s| *s < old.start.max(1));
        let to = self.starts.partition_point(|s| *s <= old.end);
        let before = self.starts.len();
        let fresh: smallvec::SmallVec<[usize; 64]> =
            starts_in(text.as_bytes(), old.start.max(1), new_end).collect();
        if fresh.len() == to - from {
            // As many lines as before (most edits): overwrite, nothing moves.
            self.starts[from..to].copy_from_slice(&fresh);
        } else {
            self.starts.splice(from..to, fresh);
        }
        // What followed the region moves by `delta`, in place.
        let tail = to + self.starts.len() - before;
        for s in &mut self.starts[tail..] {
            *s = s.wrapping_add_signed(delta);
        }
    }

    /// 1-based line number of `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based line and 1-based byte column.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        (line, offset - self.starts[line - 1] + 1)
    }
}

/// The file's line ending: the first one found (`\r\n`, `\n` or a lone `\r`), `\n` when there
/// is none.
pub fn newline_of(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', bytes) {
        Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => "\r\n",
        Some(i) if bytes[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// True when the text ends with a line ending.
pub fn ends_line(text: &str) -> bool {
    text.ends_with(['\n', '\r'])
}

/// `text` without one final line ending (`\r\n`, `\n` or `\r`), if it has one.
fn strip_line_ending(text: &str) -> Option<&str> {
    text.strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .or_else(|| text.strip_suffix('\r'))
}

/// True when the text ends with a blank line (two line endings, blanks between).
pub fn ends_with_blank_line(text: &str) -> bool {
    strip_line_ending(text.trim_end_matches([' ', '\t']))
        .is_some_and(|t| ends_line(t.trim_end_matches([' ', '\t'])))
}

/// Where the file's text starts: after a BOM, so that nothing goes in front of it.
pub fn body_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// Offset of the start of the line holding `offset` (after the BOM on the first line).
pub fn line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = offset.min(bytes.len());
    loop {
        match memchr::memrchr2(b'\n', b'\r', &bytes[..end]) {
            // The `\r` of a `\r\n` whose `\n` is at `offset`: that line ending ends this line.
            Some(i) if !is_line_start(bytes, i + 1) => end = i,
            Some(i) => return i + 1,
            None => return body_start(text).min(offset),
        }
    }
}

/// Offset of the line ending (`\r\n`, `\n` or `\r`) of the line holding `offset`, or the text
/// length.
pub fn line_end(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let from = offset.min(bytes.len());
    memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |i| from + i)
}

/// Offset just past the line ending of the line holding `offset` (the text length at the end).
pub fn next_line(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let i = line_end(text, offset);
    match bytes.get(i) {
        Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => i + 2,
        Some(_) => i + 1,
        None => bytes.len(),
    }
}

/// The whitespace that opens the line holding `offset`.
pub fn indent_of(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let rest = &text[start..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..n]
}

/// True when only spaces and tabs stand between the start of the line and `offset`.
pub fn starts_line(text: &str, offset: usize) -> bool {
    let start = line_start(text, offset);
    text[start..offset]
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '\u{feff}')
}

/// True when the line is empty or holds only whitespace.
pub fn is_blank_line(text: &str, range: Range<usize>) -> bool {
    text[range].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_endings() {
        let t = "a\r\nbb\r\nc";
        assert_eq!(newline_of(t), "\r\n");
        assert_eq!(line_end(t, 0), 1);
        assert_eq!(next_line(t, 0), 3);
        assert_eq!(line_start(t, 4), 3);
        assert_eq!(line_end(t, 8), 8);
        let idx = LineIndex::new(t);
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line_col(7), (3, 1));
    }

    /// Python ends a line at a lone `\r` too (old Mac files, a comment ended by `\r`).
    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let t = "# c\rA = 1\r\nB = 2\rC";
        assert_eq!(newline_of(t), "\r");
        assert_eq!(newline_of("a\nb\r"), "\n");
        assert_eq!(line_end(t, 0), 3);
        assert_eq!(next_line(t, 0), 4);
        assert_eq!(line_start(t, 6), 4);
        assert_eq!(line_end(t, 4), 9);
        assert_eq!(next_line(t, 4), 11);
        assert_eq!(line_start(t, 10), 4);
        assert_eq!(line_start(t, 13), 11);
        assert_eq!(next_line(t, 11), 17);
        let idx = LineIndex::new(t);
        assert_eq!(
            (
                idx.line(0),
                idx.line(4),
                idx.line(10),
                idx.line(11),
                idx.line(17)
            ),
            (1, 2, 2, 3, 4)
        );
        assert!(ends_with_blank_line("a\r\r"));
        assert!(ends_with_blank_line("a\r\n \r\n"));
        assert!(!ends_with_blank_line("a\r\n"));
        assert!(ends_line("a\r") && !ends_line("a"));
    }

    #[test]
    fn the_first_line_starts_after_a_bom() {
        let t = "\u{feff}X = 1\n";
        assert_eq!(line_start(t, 5), 3);
        assert_eq!(line_start(t, 0), 0);
        assert_eq!(indent_of(t, 5), "");
    }

    #[test]
    fn line_starts_follow_a_splice() {
        let cases: [(&str, std::ops::Range<usize>, &str); 6] = [
            ("a\nb\nc\n", 2..4, "x\ry\r\nz\n"),
            ("a\rb\nc", 1..2, "\r\n"),
            ("a\r\nb", 2..3, "x"),
            ("a\r\nb", 1..2, ""),
            ("a\rb", 2..2, "\n"),
            ("abc", 0..3, "\r\r\n\n"),
        ];
        for (old, range, new) in cases {
            let mut text = old.to_string();
            let mut idx = LineIndex::new(&text);
            let delta = new.len() as isize - range.len() as isize;
            text.replace_range(range.clone(), new);
            idx.splice(range, &text, delta);
            assert_eq!(
                idx.starts,
                LineIndex::new(&text).starts,
                "{old:?} -> {text:?}"
            );
        }
    }
}
