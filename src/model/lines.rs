//! Small questions about the lines of the text that the model and the operations share: is the
//! rest of a line blank or a comment, where do the comment lines above a line start, what is
//! the first line of a value. (They belong with [`crate::text::source`]; they live here, the
//! lowest layer of the operations' own.)

use crate::text::source;

/// True when `rest` (what follows something on its line) holds only blanks, or blanks and a
/// comment.
pub fn blank_or_comment(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with('#')
}

/// Start of the comment lines directly above the line that starts at `start` (no blank line
/// between them); `start` when there are none.
pub fn comments_above(text: &str, start: usize) -> usize {
    let mut start = start;
    // (Not into a BOM: the first line starts after it.)
    while start > source::body_start(text) {
        let prev = source::line_start(text, start - 1);
        if text[prev..start].trim_start().starts_with('#') {
            start = prev;
        } else {
            break;
        }
    }
    start
}

/// The first line of `s` (the source of a value, quoted in a message), line ending excluded.
pub fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}
