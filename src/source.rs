//! Plain-text facts about a source file: lines, line endings, indentation, bracket depth.
//!
//! Nothing here knows Python's grammar; these helpers work on the text as bytes so that every
//! other module can reason about "the line this offset is on" without re-scanning.

use std::ops::Range;

/// The deepest bracket nesting accepted (CPython itself refuses more than 200).
pub const MAX_DEPTH: usize = 200;

/// Line starts of a text, for offset to line/column conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
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

fn memchr_iter(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter(move |(_, b)| **b == needle)
        .map(|(i, _)| i)
}

/// The file's line ending: the first one found, `\n` when there is none.
pub fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Offset of the start of the line holding `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1)
}

/// Offset of the line ending (`\r\n` or `\n`) of the line holding `offset`, or the text length.
pub fn line_end(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = offset.min(bytes.len());
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    if i > offset
        && i > 0
        && i <= bytes.len()
        && bytes.get(i) == Some(&b'\n')
        && bytes[i - 1] == b'\r'
    {
        i - 1
    } else {
        i
    }
}

/// Offset just past the line ending of the line holding `offset` (the text length at the end).
pub fn next_line(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = offset.min(bytes.len());
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    (i + 1).min(bytes.len())
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

/// The deepest bracket nesting, skipping strings and comments; stops counting past `limit`.
/// Returns the offset of the bracket that went past the limit.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'\'' | b'"') => {
                let triple = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == q
                        && (!triple
                            || (bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q)))
                    {
                        i += if triple { 2 } else { 0 };
                        break;
                    }
                    if !triple && bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
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

    #[test]
    fn depth_skips_strings_and_comments() {
        assert_eq!(too_deep("x = '((((('  # ((((\n", 2), None);
        assert_eq!(too_deep("x = ((((1))))", 2), Some(6));
        assert_eq!(too_deep("x = '''(((\n((('''", 1), None);
    }
}
