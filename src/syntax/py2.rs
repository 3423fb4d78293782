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
        .or_else(|| cx.backticks())
        .or_else(|| cx.ur_prefix())
        .or_else(|| cx.comma_clause())
        .or_else(|| cx.print_exec())?;
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

    /// `` `expr` `` (the opening backtick is where the parser stops).
    fn backticks(&self) -> Option<Found> {
        let (i, open) = self.at_offset().find(|(_, t)| t.kind == Kind::Backtick)?;
        let inside = self.toks.get(i + 1..)?;
        let k = inside
            .iter()
            .take_while(|t| t.kind != Kind::Newline && t.depth >= open.depth)
            .position(|t| t.kind == Kind::Backtick && t.depth == open.depth)?;
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
                || !(kw.start <= self.offset && self.offset <= next.start)
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
            let end = self.toks[k + 1..]
                .iter()
                .take_while(|t| t.kind != Kind::Newline && !(t.depth == 0 && self.text(t) == b";"))
                .last()
                .map_or(kw.end, |t| t.end);
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
mod tests {
    //! Every expected shadow below was checked by hand to parse as Python 3, both with
    //! `python3 -c "import ast; ast.parse(...)"` and with rustpython-parser 0.4 (lex +
    //! parse_tokens, as `parse.rs` does); the error offsets used are the ones rustpython reports.

    use super::*;

    /// Neutralize at `offset`, check the description and the exact shadow, and that the length
    /// did not change.
    fn check(src: &str, offset: usize, expected: &str, what: &str) {
        let mut shadow = src.to_owned();
        let got = neutralize_at(&mut shadow, offset);
        assert_eq!(shadow, expected, "shadow of {src:?} at {offset}");
        assert_eq!(shadow.len(), src.len());
        let got = got.unwrap_or_else(|| panic!("nothing neutralized in {src:?} at {offset}"));
        assert!(got.contains(what), "{got:?} for {src:?}");
    }

    fn none(src: &str, offset: usize) {
        let mut shadow = src.to_owned();
        assert_eq!(
            neutralize_at(&mut shadow, offset),
            None,
            "{src:?} at {offset}"
        );
        assert_eq!(shadow, src);
    }

    #[test]
    fn octal_literal_at_end_or_start() {
        // rustpython: "Invalid Token" at offset 8, just after the literal.
        check("x = 0644", 8, "x = 420 ", "octal");
        check("x = 0644", 4, "x = 420 ", "octal");
        check("x = (0644)", 9, "x = (420 )", "octal");
        check("os.chmod(p, 00755)\n", 17, "os.chmod(p, 493  )\n", "octal");
        check("x = 01", 6, "x = 1 ", "octal");
        check("x = 0777777777777", 17, "x = 68719476735  ", "octal");
        // An error in Python 2 too.
        none("x = 09", 6);
    }

    #[test]
    fn huge_octal_still_parses() {
        let src = format!("x = 0{}", "7".repeat(60));
        let expected = format!("x = 1{}", "7".repeat(60));
        check(&src, src.len(), &expected, "octal");
    }

    #[test]
    fn octal_long_literal() {
        // rustpython stops at 8, before the `L`.
        check("x = 0644L", 8, "x = 420  ", "octal long");
        check("x = 00L", 7, "x = 00 ", "long");
    }

    #[test]
    fn long_suffix() {
        check("x = 10L", 6, "x = 10 ", "long");
        check("x = 10l + 1", 6, "x = 10  + 1", "long");
        check("x = 0xFFL", 8, "x = 0xFF ", "long");
        check("x = 0o17L\n", 8, "x = 0o17 \n", "long");
        check("x = [0644, 10L]", 13, "x = [0644, 10 ]", "long");
    }

    #[test]
    fn valid_numbers_are_left_alone() {
        none("x = 00", 6);
        none("x = 0", 5);
        none("x = 1.5L", 7);
        none("x = 0x", 4);
        none("x = 1e-5", 8);
        none("x = 0644.5", 4);
    }

    #[test]
    fn print_statement() {
        check("print \"x\"", 6, "print,\"x\"", "print");
        check("print \"a %s\" % x", 6, "print,\"a %s\" % x", "print");
        check("print \"a\", b", 6, "print,\"a\", b", "print");
        check("print x", 6, "print,x", "print");
        check("print ~x", 6, "print,~x", "print");
        check("print not x", 6, "print,not x", "print");
        check("print 1644", 6, "print,1644", "print");
        check(
            "if DEBUG:\n    print \"debug\"\n",
            20,
            "if DEBUG:\n    print,\"debug\"\n",
            "print",
        );
        check("if x: print \"y\"", 12, "if x: print,\"y\"", "print");
        check("x = 1; print x", 13, "x = 1; print,x", "print");
        // No blank after `print`: rustpython stops at 5.
        check("print\"x\"", 5, "pass;\"x\"", "print");
    }

    #[test]
    fn exec_statement() {
        check("exec \"code\"", 5, "exec,\"code\"", "exec");
        check("exec \"code\" in ns", 5, "exec,\"code\" in ns", "exec");
        check("exec\"code\"", 4, "...;\"code\"", "exec");
    }

    #[test]
    fn print_that_is_not_a_statement() {
        none("print", 5);
        none("x = print \"y\"", 10);
        none("print if x", 6);
        none("printer \"x\"", 8);
    }

    #[test]
    fn ur_prefix() {
        // rustpython stops at the quote (offset 6), having lexed `ur` as a name.
        check("x = ur\"x\"", 6, "x =  r\"x\"", "ur");
        check("x = UR'x'", 6, "x =  R'x'", "ur");
        check("x = Ur\"x\"", 4, "x =  r\"x\"", "ur");
        check("x = uR\"\"\"x\"\"\"", 5, "x =  R\"\"\"x\"\"\"", "ur");
        check(
            "X = (\n    ur\"a\",\n)\n",
            12,
            "X = (\n     r\"a\",\n)\n",
            "ur",
        );
        // First on its line: a space would be an indent.
        check("ur\"doc\"\nX = 1\n", 2, "fr\"doc\"\nX = 1\n", "ur");
        none("ur\"{doc}\"\n", 2);
        // Not a Python 2 prefix.
        none("x = r\"x\"", 4);
    }

    #[test]
    fn print_then_ur_string_in_two_steps() {
        // rustpython stops first at 6 (the `ur` name), then at 7 (the string).
        let mut shadow = String::from("print ur\"x\"");
        assert!(neutralize_at(&mut shadow, 6).is_some());
        assert_eq!(shadow, "print  r\"x\"");
        assert!(neutralize_at(&mut shadow, 7).is_some());
        assert_eq!(shadow, "print, r\"x\"");
    }

    #[test]
    fn backticks() {
        check("x = `y`", 4, "x = (y)", "backtick");
        check("x = `f(a)` + 'b'", 4, "x = (f(a)) + 'b'", "backtick");
        check("x = `'`'`", 4, "x = ('`')", "backtick");
        // Nested inside a call: the outer pair first, then the inner one.
        let mut shadow = String::from("x = `f(`a`)`");
        assert!(neutralize_at(&mut shadow, 4).is_some());
        assert_eq!(shadow, "x = (f(`a`))");
        assert!(neutralize_at(&mut shadow, 7).is_some());
        assert_eq!(shadow, "x = (f((a)))");
        // No closing backtick on the logical line.
        none("x = `y\nz = 1`", 4);
    }

    #[test]
    fn not_equal() {
        // rustpython stops at the `>`.
        check("x = a <> b", 7, "x = a != b", "<>");
        check("x = 1 if a<>b else 2", 11, "x = 1 if a!=b else 2", "<>");
    }

    #[test]
    fn raise_and_except_with_comma() {
        check("raise E, \"msg\"", 7, "raise E; \"msg\"", "raise");
        check("if x: raise E, \"m\"", 13, "if x: raise E; \"m\"", "raise");
        check(
            "try:\n    pass\nexcept E, e:\n    pass",
            22,
            "try:\n    pass\nexcept E. e:\n    pass",
            "except",
        );
        check(
            "try:\n    pass\nexcept (A, B), e:\n    pass",
            27,
            "try:\n    pass\nexcept (A, B). e:\n    pass",
            "except",
        );
        none("x = 1, 2", 5);
        none("raise E(a, b)", 9);
    }

    #[test]
    fn strings_and_comments_are_not_touched() {
        none("x = '0644'", 6);
        none("x = \"print 'x'\"", 11);
        none("# print \"x\" 10L <> `a`\nx = 1", 8);
        none("# x = 0644\n", 10);
        none("x = 'a <> b'", 7);
        none("x = \"\"\"\n`a`\n\"\"\"", 8);
        none("x = '''\nprint \"x\"\n'''", 14);
    }

    #[test]
    fn whole_file_neutralized_step_by_step() {
        // The offsets are those rustpython reports on each successive shadow.
        let src = "# -*- coding: utf-8 -*-\nimport os\nMODE = 0644\nBIG = 10L\n\
                   NAME = ur\"caf\u{e9}\"\nprint \"loaded\"\nOK = DEBUG <> True\n";
        let mut shadow = src.to_owned();
        let at = |s: &str, needle: &str, plus: usize| s.find(needle).unwrap() + plus;
        for offset in [
            at(src, "0644", 4),
            at(src, "10L", 2),
            at(src, "ur\"", 2),
            at(src, "print", 6),
            at(src, "<>", 1),
        ] {
            assert!(neutralize_at(&mut shadow, offset).is_some(), "at {offset}");
        }
        assert_eq!(
            shadow,
            "# -*- coding: utf-8 -*-\nimport os\nMODE = 420 \nBIG = 10 \n\
             NAME =  r\"caf\u{e9}\"\nprint,\"loaded\"\nOK = DEBUG != True\n"
        );
        assert_eq!(shadow.len(), src.len());
    }

    /// A lone `\r` ends a line as `\n` does (the scanner's rule, the parser's too): it ends a
    /// comment, a single-quoted string and a logical line, and a backslash before it joins
    /// the lines.
    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        check("# c\rx = 0644", 12, "# c\rx = 420 ", "octal");
        check("x = 'a\ry = 0644", 15, "x = 'a\ry = 420 ", "octal");
        check("x = 1\rprint \"y\"\r", 12, "x = 1\rprint,\"y\"\r", "print");
        check("print \\\r\"x\"", 6, "print,\\\r\"x\"", "print");
        // The backtick pair must close on its logical line.
        none("x = `y\rz = 1`", 4);
    }

    #[test]
    fn real_errors_return_none() {
        none("x = (1, 2", 9);
        none("x = = 1", 4);
        none("def f(:\n", 6);
        none("", 0);
    }

    #[test]
    fn never_panics_on_any_offset() {
        let samples = [
            "x = `caf\u{e9}` <> 0644L\nprint \"\u{1F600}\" ; exec\"x\"\n",
            "ur'\u{e9}\\\n",
            "\"\"\"unterminated \u{e9}",
            "x = 'unterminated\n`",
            "0x\u{e9}L 0L 0l",
            "print\u{e9}",
            "except , :",
            "raise ,",
            "\\",
            "`",
            "<",
        ];
        for src in samples {
            for offset in 0..=src.len() + 2 {
                let mut shadow = src.to_owned();
                let _ = neutralize_at(&mut shadow, offset);
                assert_eq!(shadow.len(), src.len(), "{src:?} at {offset}");
            }
        }
    }

    #[test]
    fn repeated_calls_make_progress_then_stop() {
        // Calling again at the same offset on an already neutralized shadow finds nothing.
        let mut shadow = String::from("x = 0644");
        assert!(neutralize_at(&mut shadow, 8).is_some());
        assert_eq!(neutralize_at(&mut shadow, 8), None);
        let mut shadow = String::from("print \"x\"");
        assert!(neutralize_at(&mut shadow, 6).is_some());
        assert_eq!(neutralize_at(&mut shadow, 6), None);
    }
}
