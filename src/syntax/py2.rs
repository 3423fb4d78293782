//! Let Python 2-era syntax through a Python 3 parser without moving any byte.
//!
//! Hand-edited settings files of 2010-2014 may hold Python 2 constructs (`0644`, `10L`,
//! `print "x"`, `ur"x"`, backticks, `<>`, `raise E, "m"`, `except E, e:`) that the parser
//! rejects. The caller parses a *shadow* copy of the text; when the parser stops, it calls
//! [`neutralize_at`] with the error offset, which rewrites the construct found there into a
//! Python 3 equivalent of the SAME byte length, so every offset into the shadow is an offset into
//! the original text, and the original bytes are what gets edited and written. Values in the
//! shadow keep their value (`0644` becomes `420 `), but a Python 2 octal too big for a u128
//! becomes another number and `ur"\u00e9"` becomes a raw string without escapes. The constructs
//! are found with the tokens of [`crate::syntax::scan`], which cuts Python 2 text as the rest of the
//! crate does (a lone `\r` ends a line here too).

use crate::syntax::scan;

mod print;
pub use print::{print_parts, print_statements, PrintParts};

/// Given the text handed to the parser and the byte offset where the parser reported an error,
/// rewrite (same length, in place) the Python 2 construct at or just before that offset.
/// Returns a description of what was neutralized (e.g. "Python 2 octal literal (0644)") or
/// `None` if no known construct is there (then the syntax error is real).
///
/// Replacements (each verified to parse with Python 3 and with rustpython-parser 0.4):
/// `0644` → `420 ` (its decimal value, space-padded), `0644L` → `420  `, `10L` / `0xFFL` → `10 ` / `0xFF `, `print "x"` →
/// `print,"x"` (`print"x"` → `pass;"x"`), `exec "x"` → `exec,"x"` (`exec"x"` → `...;"x"`),
/// `ur"x"` → ` r"x"` (`fr"x"` when the string starts a logical line, where a space would be
/// indentation), `` `x` `` → `(x)`, `a <> b` → `a != b`, `raise E, "m"` → `raise E; "m"`,
/// `except E, e:` → `except E. e:`.
pub fn neutralize_at(shadow: &mut String, offset: usize) -> Option<&'static str> {
    neutralize(shadow, offset).map(|c| c.what)
}

/// Which Python 2-only construct was neutralized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Py2Kind {
    /// `0644`
    Octal,
    /// `0644L`
    OctalLong,
    /// `10L`, `0xFFL`
    Long,
    /// `a <> b`
    NotEqual,
    /// `` `x` ``; `tuple` when a comma stands between the backticks at their depth.
    Backticks { tuple: bool },
    /// `ur"x"`
    UrPrefix,
    /// `print "x"`; the range runs to the end of the statement's last token.
    Print,
    /// `exec "code"`
    Exec,
    /// `raise E, "m"`
    RaiseComma,
    /// `except E, e:`
    ExceptComma,
    /// `'D:\users'`: a string without prefix whose `\u`, `\U` or `\N` Python 2 reads as
    /// two characters (a byte string) and Python 3 as an escape it rejects.
    BytesEscape,
}

/// A Python 2-only construct of the text and what the shadow made of it: its kind and its
/// extent in the text (the number, the operator, backtick to backtick, the string, or the
/// statement from its keyword).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Construct {
    pub kind: Py2Kind,
    pub range: std::ops::Range<usize>,
    pub what: &'static str,
}

/// [`neutralize_at`], telling which construct it rewrote and where it stands.
pub fn neutralize(shadow: &mut String, offset: usize) -> Option<Construct> {
    if offset > shadow.len() {
        return None;
    }
    let mut offset = offset;
    while !shadow.is_char_boundary(offset) {
        offset = offset.checked_sub(1)?;
    }
    let bytes = shadow.as_bytes();
    let toks = tokenize(bytes);
    let cx = Cx {
        bytes,
        toks: &toks,
        offset,
    };
    let (edits, what, kind, range) = cx
        .number()
        .or_else(|| cx.not_equal())
        .or_else(|| cx.print_exec())
        .or_else(|| cx.backticks())
        .or_else(|| cx.ur_prefix())
        .or_else(|| cx.comma_clause())
        .or_else(|| cx.bytes_escape())?;
    apply(shadow, &edits).then_some(Construct { kind, range, what })
}

/// One byte replaced: (offset, new ASCII byte).
type Edit = (usize, u8);
type Found = (Vec<Edit>, &'static str, Py2Kind, std::ops::Range<usize>);

/// Apply same-length edits; each must replace an ASCII byte with an ASCII byte (so the text
/// stays valid UTF-8 and every offset stays a char boundary). All or nothing.
fn apply(shadow: &mut String, edits: &[Edit]) -> bool {
    let ok = !edits.is_empty()
        && edits.iter().all(|&(at, new)| {
            new.is_ascii() && shadow.as_bytes().get(at).is_some_and(|b| b.is_ascii())
        });
    if ok {
        for &(at, new) in edits {
            let mut buf = [0u8; 4];
            shadow.replace_range(at..at + 1, char::from(new).encode_utf8(&mut buf));
        }
    }
    ok
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Number,
    /// A string literal; `prefix` is the length of its prefix letters (`ur"x"`: 2).
    Str {
        prefix: usize,
    },
    /// An operator or delimiter (`<>` included), or a byte nothing else takes.
    Op,
    Backtick,
    /// The end of a logical line (a line ending outside brackets: `\n`, `\r\n` or a lone `\r`).
    Newline,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Bracket depth at the token (an opening bracket and its closing one have the same depth).
    depth: usize,
}

/// The tokens of the text (from [`scan`], the crate's one scanner), with bracket depth and
/// logical line ends: enough to know what is code, string or comment. Comments, line
/// continuations and line endings inside brackets produce no token.
fn tokenize(b: &[u8]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut depth = 0usize;
    for p in scan::pieces(b) {
        let kind = match p.kind {
            scan::Kind::Comment | scan::Kind::Continuation => continue,
            scan::Kind::LineEnd if depth > 0 => continue,
            scan::Kind::LineEnd => Kind::Newline,
            scan::Kind::Name => Kind::Name,
            scan::Kind::Number => Kind::Number,
            scan::Kind::Str { prefix, .. } => Kind::Str {
                prefix: usize::from(prefix),
            },
            scan::Kind::Backtick => Kind::Backtick,
            scan::Kind::Op(_) | scan::Kind::Other => Kind::Op,
        };
        let tok_depth = match p.kind {
            scan::Kind::Op("(" | "[" | "{") => {
                depth += 1;
                depth - 1
            }
            scan::Kind::Op(")" | "]" | "}") => {
                depth = depth.saturating_sub(1);
                depth
            }
            _ => depth,
        };
        toks.push(Tok {
            kind,
            start: p.start,
            end: p.end,
            depth: tok_depth,
        });
    }
    toks
}

/// Names that, right after `print`/`exec`, do not make a Python 2 print/exec statement.
const NOT_AN_OPERAND: &[&[u8]] = &[
    b"if", b"else", b"and", b"or", b"in", b"is", b"for", b"as", b"from",
];

struct Cx<'a> {
    bytes: &'a [u8],
    toks: &'a [Tok],
    offset: usize,
}

impl Cx<'_> {
    fn text(&self, t: &Tok) -> &[u8] {
        self.bytes.get(t.start..t.end).unwrap_or_default()
    }

    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// Tokens whose span (end included) holds the offset.
    fn at_offset(&self) -> impl Iterator<Item = (usize, &Tok)> + '_ {
        self.toks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.start <= self.offset && self.offset <= t.end)
    }

    fn is_op(&self, i: usize, op: &[u8]) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Op && self.text(t) == op)
    }

    /// Token `i` is the first of a logical line (nothing but indentation before it).
    fn starts_line(&self, i: usize) -> bool {
        match i.checked_sub(1).and_then(|prev| self.tok(prev)) {
            None => true,
            Some(prev) => prev.kind == Kind::Newline,
        }
    }

    /// Token `i` starts a simple statement: first of its line, or after `;` or a block's `:`.
    fn starts_statement(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1) else {
            return true;
        };
        self.starts_line(i)
            || self.is_op(prev, b";")
            || (self.is_op(prev, b":") && self.tok(prev).is_some_and(|t| t.depth == 0))
    }

    /// `0644`, `0644L`, `10L`, `0xFFL`.
    fn number(&self) -> Option<Found> {
        self.at_offset().find_map(|(_, t)| {
            if t.kind != Kind::Number {
                return None;
            }
            let text = self.text(t);
            let (body, long) = match text.split_last() {
                Some((b'l' | b'L', body)) => (body, true),
                _ => (text, false),
            };
            let digits = body.iter().all(u8::is_ascii_digit);
            let octal = digits
                && body.len() >= 2
                && body.first() == Some(&b'0')
                && body.iter().any(|&c| c != b'0');
            if octal && body.iter().any(|&c| c > b'7') {
                // `09`: an error in Python 2 as well.
                return None;
            }
            let mut edits = Vec::new();
            if octal {
                edits = octal_as_decimal(body, t.start, t.end)
                    // Too big for u128: any valid number will do to get through the parser.
                    .unwrap_or_else(|| vec![(t.start, b'1')]);
            }
            if long {
                let integer = (!body.is_empty() && digits)
                    || radix_digits(body, b'x', |c| c.is_ascii_hexdigit())
                    || radix_digits(body, b'o', |c| (b'0'..=b'7').contains(&c))
                    || radix_digits(body, b'b', |c| c == b'0' || c == b'1');
                if !integer {
                    return None;
                }
                if !octal {
                    edits.push((t.end - 1, b' '));
                }
            }
            let (what, kind) = match (octal, long) {
                (true, true) => ("Python 2 octal long literal (0644L)", Py2Kind::OctalLong),
                (true, false) => ("Python 2 octal literal (0644)", Py2Kind::Octal),
                (false, true) => ("Python 2 long integer suffix (10L)", Py2Kind::Long),
                (false, false) => return None,
            };
            Some((edits, what, kind, t.start..t.end))
        })
    }

    /// `a <> b`.
    fn not_equal(&self) -> Option<Found> {
        self.at_offset().find_map(|(_, t)| {
            (t.kind == Kind::Op && self.text(t) == b"<>").then(|| {
                (
                    vec![(t.start, b'!'), (t.start + 1, b'=')],
                    "Python 2 inequality operator (<>)",
                    Py2Kind::NotEqual,
                    t.start..t.end,
                )
            })
        })
    }

    /// `` `expr` `` (the opening backtick is where the parser stops). Python 2 rejects an
    /// empty pair (``` `` ```) and a backtick right after an operand (`` X`1` ``): those stay
    /// syntax errors.
    fn backticks(&self) -> Option<Found> {
        let (i, open) = self.at_offset().find(|(_, t)| t.kind == Kind::Backtick)?;
        if i.checked_sub(1).is_some_and(|p| self.ends_operand(p)) {
            return None;
        }
        let inside = self.toks.get(i + 1..)?;
        let k = inside
            .iter()
            .take_while(|t| t.kind != Kind::Newline && t.depth >= open.depth)
            .position(|t| t.kind == Kind::Backtick && t.depth == open.depth)?;
        if k == 0 {
            return None;
        }
        let close = inside[k];
        let tuple = inside[..k]
            .iter()
            .any(|t| t.depth == open.depth && t.kind == Kind::Op && self.text(t) == b",");
        Some((
            vec![(open.start, b'('), (close.start, b')')],
            "Python 2 backtick repr (`x`)",
            Py2Kind::Backticks { tuple },
            open.start..close.end,
        ))
    }

    /// `ur"x"` (the parser stops at the quote, after what it lexes as the name `ur`).
    fn ur_prefix(&self) -> Option<Found> {
        let (i, t) = self.toks.iter().enumerate().find(|(_, t)| {
            t.kind == Kind::Str { prefix: 2 }
                && t.start <= self.offset
                && self.offset <= t.start + 3
                && self
                    .bytes
                    .get(t.start..t.start + 2)
                    .is_some_and(|p| p.eq_ignore_ascii_case(b"ur"))
        })?;
        let what = "Python 2 string prefix (ur\"x\")";
        if !self.starts_line(i) {
            return Some((
                vec![(t.start, b' ')],
                what,
                Py2Kind::UrPrefix,
                t.start..t.end,
            ));
        }
        // A space would be indentation here: make it an f-string, which needs no braces.
        let body = self.text(t);
        if body.contains(&b'{') || body.contains(&b'}') {
            return None;
        }
        Some((
            vec![(t.start, b'f')],
            what,
            Py2Kind::UrPrefix,
            t.start..t.end,
        ))
    }

    /// Token `i` ends an operand (a name that is not a keyword, a number, a string, a closing
    /// bracket): what follows it cannot open a backtick pair.
    fn ends_operand(&self, i: usize) -> bool {
        let Some(t) = self.tok(i) else {
            return false;
        };
        match t.kind {
            Kind::Name => !KEYWORDS.contains(&self.text(t)),
            Kind::Number | Kind::Str { .. } => true,
            Kind::Op => matches!(self.text(t), b")" | b"]" | b"}"),
            Kind::Backtick | Kind::Newline => false,
        }
    }

    /// `'D:\users'` (the parser stops in the string): every `\u`, `\U` and `\N` escape of a
    /// string without prefix loses its backslash in the shadow (`/u`), which Python 2 read as
    /// two characters of a byte string.
    fn bytes_escape(&self) -> Option<Found> {
        let t = self.at_offset().find_map(|(_, t)| match t.kind {
            Kind::Str { prefix: 0 } => Some(t),
            _ => None,
        })?;
        let at = unicode_escapes(self.text(t));
        if at.is_empty() {
            return None;
        }
        Some((
            at.iter().map(|&k| (t.start + k, b'/')).collect(),
            "Python 2 byte string with \\u, \\U or \\N ('D:\\users')",
            Py2Kind::BytesEscape,
            t.start..t.end,
        ))
    }

    /// `raise E, "message"` and `except E, e:` (the parser stops at the comma).
    fn comma_clause(&self) -> Option<Found> {
        let (c, comma) = self
            .at_offset()
            .find(|(i, t)| t.depth == 0 && self.is_op(*i, b","))?;
        let mut s = c;
        while s > 0 && !self.starts_statement(s) {
            s -= 1;
        }
        let first = self.tok(s)?;
        if first.kind != Kind::Name || s + 1 >= c {
            return None;
        }
        match self.text(first) {
            b"raise" => Some((
                vec![(comma.start, b';')],
                "Python 2 raise statement (raise E, \"message\")",
                Py2Kind::RaiseComma,
                first.start..comma.end,
            )),
            b"except"
                if self.tok(c + 1).is_some_and(|t| t.kind == Kind::Name)
                    && self.is_op(c + 2, b":") =>
            {
                Some((
                    vec![(comma.start, b'.')],
                    "Python 2 except clause (except E, e:)",
                    Py2Kind::ExceptComma,
                    first.start..comma.end,
                ))
            }
            _ => None,
        }
    }

    /// `print "x"`, `print x, y`, `exec "code" in ns` (the parser stops at the operand).
    fn print_exec(&self) -> Option<Found> {
        self.toks.iter().enumerate().find_map(|(k, kw)| {
            let next = self.tok(k + 1)?;
            if kw.kind != Kind::Name
                || !(kw.start <= self.offset
                    && (self.offset <= next.start
                        || (next.kind == Kind::Backtick && self.offset <= next.end)))
                || !self.starts_statement(k)
            {
                return None;
            }
            let word = self.text(kw);
            let (what, kind) = match word {
                b"print" => ("Python 2 print statement (print \"x\")", Py2Kind::Print),
                b"exec" => ("Python 2 exec statement (exec \"code\")", Py2Kind::Exec),
                _ => return None,
            };
            let operand = match next.kind {
                Kind::Str { .. } | Kind::Number | Kind::Backtick => true,
                Kind::Name => !NOT_AN_OPERAND.contains(&self.text(next)),
                Kind::Op => matches!(self.text(next), b"{" | b"~"),
                Kind::Newline => false,
            };
            if !operand {
                return None;
            }
            // The statement runs to its last token before `;` or the end of the line.
            let end = print::statement_end(self, k);
            let range = kw.start..end;
            if matches!(self.bytes.get(kw.end), Some(b' ' | b'\t')) {
                // `print "x"` -> `print,"x"`: a tuple expression statement.
                return Some((vec![(kw.end, b',')], what, kind, range));
            }
            // No blank to turn into a comma (`print"x"`): same-length statement and `;`.
            let filler: &[u8] = if word == b"print" { b"pass;" } else { b"...;" };
            let edits = filler
                .iter()
                .enumerate()
                .map(|(n, &c)| (kw.start + n, c))
                .collect();
            Some((edits, what, kind, range))
        })
    }
}

/// Python keywords (2 and 3): a name among them does not end an operand.
const KEYWORDS: &[&[u8]] = &[
    b"and",
    b"as",
    b"assert",
    b"async",
    b"await",
    b"break",
    b"continue",
    b"def",
    b"del",
    b"elif",
    b"else",
    b"except",
    b"exec",
    b"for",
    b"from",
    b"global",
    b"if",
    b"import",
    b"in",
    b"is",
    b"lambda",
    b"nonlocal",
    b"not",
    b"or",
    b"pass",
    b"print",
    b"raise",
    b"return",
    b"while",
    b"with",
    b"yield",
];

/// The offsets, in a string literal without prefix (quotes included), of the backslashes that
/// open a `\u`, `\U` or `\N` escape (an odd run of backslashes before the letter).
pub fn unicode_escapes(literal: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < literal.len() {
        if literal[i] == b'\\' {
            if matches!(literal.get(i + 1), Some(b'u' | b'U' | b'N')) {
                out.push(i);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// Rewrite the Python 2 octal `digits` (leading `0` included) spanning `start..end` as its
/// decimal value, left-aligned and padded with spaces: `0644` -> `420 `, `0644L` -> `420  `.
/// Fits: k octal digits are below 8^k < 10^k, so the value has at most k decimal digits.
fn octal_as_decimal(digits: &[u8], start: usize, end: usize) -> Option<Vec<Edit>> {
    let value = digits.iter().try_fold(0u128, |acc, &d| {
        acc.checked_mul(8)?
            .checked_add(u128::from(d.checked_sub(b'0')?))
    })?;
    let decimal = value.to_string().into_bytes();
    (decimal.len() < digits.len()).then(|| {
        (start..end)
            .enumerate()
            .map(|(n, at)| (at, decimal.get(n).copied().unwrap_or(b' ')))
            .collect()
    })
}

/// `0x1F`-style literal: `0`, the radix letter (any case), then at least one digit.
fn radix_digits(body: &[u8], radix: u8, digit: impl Fn(u8) -> bool) -> bool {
    match body {
        [b'0', r, rest @ ..] => {
            r.eq_ignore_ascii_case(&radix) && !rest.is_empty() && rest.iter().all(|&c| digit(c))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
