//! The one scanner of Python text: where names, numbers, strings, comments, operators and line
//! endings start and end.
//!
//! Every reader of Python source in the crate cuts the text with this module: the fast tokenizer
//! ([`crate::syntax::lexer`], which adds indentation and values on top and is compared with the parser's
//! lexer in debug builds), the Python 2 shadow ([`crate::syntax::py2`]), the nesting guard
//! ([`crate::syntax::depth::too_deep`]) and the small fast paths of the model. It never fails and knows
//! Python 2: `ur''` is one string, `<>` one operator, a backtick a piece of its own, and a number
//! is cut loosely (`0644`, `10L`, `1e-5`, `0x1F` are one piece each), so that each reader decides
//! what it accepts. An unterminated string ends where its line ends (at the end of the text when
//! triple-quoted); a byte nothing else takes is a one-byte [`Kind::Other`].
//!
//! A line ends at `\n`, `\r\n` or a lone `\r`, as in Python, everywhere: in code, at the end of a
//! comment, inside a single-quoted string and after a line-continuation backslash.

/// What a [`Piece`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A name or keyword: ASCII letters, digits, `_` and any non-ASCII byte.
    Name,
    /// A number, cut loosely: digits, letters, `_` and `.`, and a sign after a decimal exponent.
    Number,
    /// A string literal with its prefix letters (`prefix` bytes: `b`, `rb`, `f`, Python 2's
    /// `ur`, ...); `closed` is false when it is unterminated.
    Str {
        prefix: u8,
        triple: bool,
        closed: bool,
    },
    /// An operator or delimiter, the longest that matches (`**=`, `...`, Python 2's `<>`).
    Op(&'static str),
    /// A backtick (Python 2's repr).
    Backtick,
    /// A comment, from `#` to the end of its line (the line ending excluded).
    Comment,
    /// A line ending: `\n`, `\r\n` or a lone `\r`.
    LineEnd,
    /// A backslash and the line ending it joins to the next line.
    Continuation,
    /// An ASCII byte nothing else takes (`$`, `?`, a lone `!` or `\`, a control character).
    Other,
}

/// One piece of the text: what it is and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// The piece that starts at `i` or after the blanks there (spaces, tabs, form feeds); `None`
/// when only blanks are left.
#[inline]
pub fn next(b: &[u8], mut i: usize) -> Option<Piece> {
    while let Some(b' ' | b'\t' | b'\x0C') = b.get(i) {
        i += 1;
    }
    let c = *b.get(i)?;
    let start = i;
    let (kind, end) = match c {
        b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xFF => {
            let end = word_end(b, i);
            match b.get(end) {
                Some(b'"' | b'\'') if is_string_prefix(&b[i..end]) => {
                    let (close, triple, closed) = string_end(b, end);
                    let prefix = (end - i) as u8;
                    (
                        Kind::Str {
                            prefix,
                            triple,
                            closed,
                        },
                        close,
                    )
                }
                _ => (Kind::Name, end),
            }
        }
        b'0'..=b'9' => (Kind::Number, number_end(b, i)),
        b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => (Kind::Number, number_end(b, i)),
        b'"' | b'\'' => {
            let (close, triple, closed) = string_end(b, i);
            (
                Kind::Str {
                    prefix: 0,
                    triple,
                    closed,
                },
                close,
            )
        }
        b'#' => (Kind::Comment, comment_end(b, i)),
        b'\n' | b'\r' => (Kind::LineEnd, i + line_ending_len(b, i)),
        b'\\' if line_ending_len(b, i + 1) > 0 => {
            (Kind::Continuation, i + 1 + line_ending_len(b, i + 1))
        }
        b'`' => (Kind::Backtick, i + 1),
        _ => match operator(b, i) {
            Some(op) => (Kind::Op(op), i + op.len()),
            None => (Kind::Other, i + 1),
        },
    };
    Some(Piece { kind, start, end })
}

/// Every piece of `b`, in order.
pub fn pieces(b: &[u8]) -> impl Iterator<Item = Piece> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let p = next(b, i)?;
        i = p.end;
        Some(p)
    })
}

/// The length of the line ending at `i`: 2 for `\r\n`, 1 for `\n` or a lone `\r`, else 0.
#[inline]
pub fn line_ending_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'\r') if b.get(i + 1) == Some(&b'\n') => 2,
        Some(b'\n' | b'\r') => 1,
        _ => 0,
    }
}

/// The end of the comment that starts at `i`: its line's ending, or the end of the text.
#[inline]
pub fn comment_end(b: &[u8], i: usize) -> usize {
    let from = i.min(b.len());
    memchr::memchr2(b'\n', b'\r', &b[from..]).map_or(b.len(), |n| from + n)
}

/// The end of a name: ASCII letters, digits, `_` and non-ASCII bytes from `i`.
#[inline]
fn word_end(b: &[u8], mut i: usize) -> usize {
    while let Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | 0x80..=0xFF) = b.get(i) {
        i += 1;
    }
    i
}

/// The string prefixes of Python 3 (`r`, `u`, `b`, `f`, `br`, `rb`, `fr`, `rf`, any case) and
/// Python 2's `ur`.
pub fn is_string_prefix(word: &[u8]) -> bool {
    let l = |c: &u8| c.to_ascii_lowercase();
    match word {
        [a] => matches!(l(a), b'r' | b'u' | b'b' | b'f'),
        [a, b] => matches!(
            (l(a), l(b)),
            (b'b', b'r') | (b'r', b'b') | (b'f', b'r') | (b'r', b'f') | (b'u', b'r')
        ),
        _ => false,
    }
}

/// The string literal whose opening quote is at `q`: its end, whether it is triple-quoted, and
/// whether it is closed. A backslash escapes the next byte (a `\r\n` counting as one); an
/// unterminated single-quoted string ends at its line's ending, a triple-quoted one at the end of
/// the text.
pub fn string_end(b: &[u8], q: usize) -> (usize, bool, bool) {
    let quote = b[q];
    let triple = b.get(q + 1) == Some(&quote) && b.get(q + 2) == Some(&quote);
    let mut i = if triple { q + 3 } else { q + 1 };
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 1 + line_ending_len(b, i + 1).max(1),
            b'\n' | b'\r' if !triple => return (i, false, false),
            _ if c == quote => {
                if !triple {
                    return (i + 1, false, true);
                }
                if b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                    return (i + 3, true, true);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    (b.len(), triple, false)
}

/// The end of the number that starts at `start`: digits, letters, `_`, `.`, and a sign after a
/// decimal exponent (`1e-5`, but `0xE` ends before a `-`).
pub fn number_end(b: &[u8], start: usize) -> usize {
    let hex = b.get(start) == Some(&b'0') && matches!(b.get(start + 1), Some(b'x' | b'X'));
    let mut i = start;
    while let Some(&c) = b.get(i) {
        let exponent_sign =
            matches!(c, b'+' | b'-') && !hex && i > start && matches!(b[i - 1], b'e' | b'E');
        if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign) {
            break;
        }
        i += 1;
    }
    i
}

/// The longest operator or delimiter at `i`.
#[inline]
fn operator(b: &[u8], i: usize) -> Option<&'static str> {
    let c0 = *b.get(i)?;
    let c1 = b.get(i + 1).copied();
    let c2 = b.get(i + 2).copied();
    let eq1 = c1 == Some(b'=');
    Some(match c0 {
        b'(' => "(",
        b')' => ")",
        b'[' => "[",
        b']' => "]",
        b'{' => "{",
        b'}' => "}",
        b',' => ",",
        b'.' if c1 == Some(b'.') && c2 == Some(b'.') => "...",
        b'.' => ".",
        b'=' if eq1 => "==",
        b'=' => "=",
        b'+' if eq1 => "+=",
        b'+' => "+",
        b'*' if c1 == Some(b'*') && c2 == Some(b'=') => "**=",
        b'*' if c1 == Some(b'*') => "**",
        b'*' if eq1 => "*=",
        b'*' => "*",
        b'/' if c1 == Some(b'/') && c2 == Some(b'=') => "//=",
        b'/' if c1 == Some(b'/') => "//",
        b'/' if eq1 => "/=",
        b'/' => "/",
        b'%' if eq1 => "%=",
        b'%' => "%",
        b'|' if eq1 => "|=",
        b'|' => "|",
        b'^' if eq1 => "^=",
        b'^' => "^",
        b'&' if eq1 => "&=",
        b'&' => "&",
        b'-' if eq1 => "-=",
        b'-' if c1 == Some(b'>') => "->",
        b'-' => "-",
        b'@' if eq1 => "@=",
        b'@' => "@",
        b'!' if eq1 => "!=",
        b'~' => "~",
        b':' if eq1 => ":=",
        b':' => ":",
        b';' => ";",
        b'<' if c1 == Some(b'<') && c2 == Some(b'=') => "<<=",
        b'<' if c1 == Some(b'<') => "<<",
        b'<' if eq1 => "<=",
        b'<' if c1 == Some(b'>') => "<>",
        b'<' => "<",
        b'>' if c1 == Some(b'>') && c2 == Some(b'=') => ">>=",
        b'>' if c1 == Some(b'>') => ">>",
        b'>' if eq1 => ">=",
        b'>' => ">",
        _ => return None,
    })
}

/// Names bound with `:=` in the statement's text (`if (DEBUG := env('DEBUG')):`), but for
/// those after a `lambda` (bound in the lambda) or inside a nested `def` or `class`.
pub fn walrus_names(src: &str, out: &mut Vec<String>) {
    let mut prev: Option<Piece> = None;
    for p in pieces(src.as_bytes()) {
        match p.kind {
            Kind::Comment | Kind::LineEnd | Kind::Continuation => continue,
            Kind::Name if matches!(&src[p.start..p.end], "lambda" | "def" | "class") => return,
            Kind::Op(":=") => {
                if let Some(n) = prev.filter(|n| n.kind == Kind::Name) {
                    let name = &src[n.start..n.end];
                    if !out.iter().any(|o| o == name) {
                        out.push(name.to_string());
                    }
                }
            }
            _ => {}
        }
        prev = Some(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of `text` as (kind, text).
    fn cut(text: &str) -> Vec<(Kind, &str)> {
        pieces(text.as_bytes())
            .map(|p| (p.kind, &text[p.start..p.end]))
            .collect()
    }

    const STR: Kind = Kind::Str {
        prefix: 0,
        triple: false,
        closed: true,
    };

    #[test]
    fn python_2_constructs_are_pieces() {
        assert_eq!(
            cut("X = ur'a' <> `b` + 0644L"),
            vec![
                (Kind::Name, "X"),
                (Kind::Op("="), "="),
                (
                    Kind::Str {
                        prefix: 2,
                        triple: false,
                        closed: true
                    },
                    "ur'a'"
                ),
                (Kind::Op("<>"), "<>"),
                (Kind::Backtick, "`"),
                (Kind::Name, "b"),
                (Kind::Backtick, "`"),
                (Kind::Op("+"), "+"),
                (Kind::Number, "0644L"),
            ]
        );
        assert_eq!(cut("1e-5 0xE-1")[0], (Kind::Number, "1e-5"));
        assert_eq!(cut("0xE-1")[1], (Kind::Op("-"), "-"));
    }

    #[test]
    fn a_lone_cr_ends_a_comment() {
        assert_eq!(
            cut("# c\rX = 1"),
            vec![
                (Kind::Comment, "# c"),
                (Kind::LineEnd, "\r"),
                (Kind::Name, "X"),
                (Kind::Op("="), "="),
                (Kind::Number, "1"),
            ]
        );
    }

    #[test]
    fn a_lone_cr_ends_a_single_quoted_string_not_a_triple_quoted_one() {
        let open = Kind::Str {
            prefix: 0,
            triple: false,
            closed: false,
        };
        assert_eq!(
            cut("X = 'a\rc'"),
            vec![
                (Kind::Name, "X"),
                (Kind::Op("="), "="),
                (open, "'a"),
                (Kind::LineEnd, "\r"),
                (Kind::Name, "c"),
                (open, "'"),
            ]
        );
        let triple = Kind::Str {
            prefix: 0,
            triple: true,
            closed: true,
        };
        assert_eq!(cut("'''a\rb'''"), vec![(triple, "'''a\rb'''")]);
        // An escaped lone CR continues the string, like an escaped `\n` or `\r\n`.
        assert_eq!(cut("'a\\\rb'"), vec![(STR, "'a\\\rb'")]);
        assert_eq!(cut("'a\\\r\nb'"), vec![(STR, "'a\\\r\nb'")]);
    }

    #[test]
    fn a_lone_cr_after_a_backslash_continues_the_line() {
        for text in ["X = 1 + \\\r2", "X = 1 + \\\r\n2", "X = 1 + \\\n2"] {
            let got = cut(text);
            assert_eq!(got[4].0, Kind::Continuation, "{text:?}");
            assert_eq!(got[5], (Kind::Number, "2"), "{text:?}");
        }
        assert_eq!(
            cut("\\\r\r"),
            vec![(Kind::Continuation, "\\\r"), (Kind::LineEnd, "\r")]
        );
        assert_eq!(cut("\\ x")[0], (Kind::Other, "\\"));
    }

    #[test]
    fn walrus_names_bind_but_not_in_a_lambda() {
        let mut out = Vec::new();
        walrus_names("if (DEBUG := env('D')) or (X:=1):\n    Y = 2", &mut out);
        walrus_names("F = lambda: (Z := 1)", &mut out);
        assert_eq!(out, ["DEBUG", "X"]);
    }

    #[test]
    fn line_endings() {
        assert_eq!(
            cut("a\r\nb\rc\n"),
            vec![
                (Kind::Name, "a"),
                (Kind::LineEnd, "\r\n"),
                (Kind::Name, "b"),
                (Kind::LineEnd, "\r"),
                (Kind::Name, "c"),
                (Kind::LineEnd, "\n"),
            ]
        );
    }

    #[test]
    fn prefixes() {
        for p in ["r", "U", "b", "f", "Rb", "bR", "fr", "RF", "uR"] {
            assert!(is_string_prefix(p.as_bytes()), "{p}");
        }
        for p in ["", "x", "bu", "ub", "rr", "rbu", "é"] {
            assert!(!is_string_prefix(p.as_bytes()), "{p}");
        }
        assert_eq!(cut("bu'x'")[0], (Kind::Name, "bu"));
        assert_eq!(cut("café'x'")[0], (Kind::Name, "café"));
    }

    #[test]
    fn unterminated_strings_and_odd_bytes_never_panic() {
        for text in [
            "'",
            "'''",
            "'\\",
            "f'a\\",
            "x = $ ? !",
            "\u{feff}x",
            "<",
            "..",
            "\\",
        ] {
            let mut end = 0;
            for p in pieces(text.as_bytes()) {
                assert!(p.start >= end && p.end > p.start && p.end <= text.len());
                end = p.end;
            }
        }
    }
}
