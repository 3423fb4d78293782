//! A fast tokenizer for the Python that settings files are made of.
//!
//! The parser's own lexer reads the text one `char` at a time through a sliding window and costs
//! about half of every parse. Settings files use a small part of Python: ASCII names, plain
//! strings, integers, simple floats, brackets and operators. This tokenizer takes the pieces of
//! [`crate::syntax::scan`] (the crate's one scanner of Python text), adds indentation, nesting and
//! values, and accepts exactly that part, with the same token boundaries, indentation and newline
//! rules as the parser's lexer. On anything else (a non-ASCII name, an f-string, an exponent, a
//! Python 2 construct other than the two of [`Lexed::Python2`], a lexical error) it gives up with
//! [`Lexed::Unsupported`] and the caller uses the parser's own lexer, so the result never depends
//! on this module knowing everything. Debug builds compare both token streams on every parse (see
//! `parse.rs`), which is how the tests and the fuzzer check the scanner and this module.
//!
//! It knows nothing of the parser crate: [`Token`] is its own type, turned into the parser's
//! tokens by `parse.rs`.

use crate::syntax::depth::{Deep, Limits};
use crate::syntax::scan;

/// One token: what it is and its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// An ASCII identifier or keyword (the caller tells them apart by the text).
    Name,
    /// An integer without underscores: decimal without leading zeros, or `0x`/`0o`/`0b`.
    Int(u64),
    /// A float of the form `1.5`, `1.` or `10.25` (no exponent, no underscores).
    Float(f64),
    /// A string literal; `prefix` is the length of its prefix letters (`u`, `r`, `b`: 0 or 1;
    /// `rb`/`br`: 2), `triple` tells `'''`/`"""`.
    Str {
        prefix: u8,
        triple: bool,
    },
    /// An operator or delimiter, as its text (`"("`, `"+="`, `"**"`, ...).
    Op(&'static str),
    /// The end of a logical line (`start..end` covers the line ending; empty at the end of text).
    Newline,
    Indent,
    Dedent,
}

/// The outcome of [`lex`].
#[derive(Debug, Clone, PartialEq)]
pub enum Lexed {
    /// Every token of the text, up to the end.
    Tokens(Vec<Token>),
    /// A Python 2 construct the parser's lexer stops at, with the offset where it reports it:
    /// a decimal integer with leading zeros (`0644`, offset at its end) or a backtick (offset
    /// just after it).
    Python2 { offset: usize },
    /// Something this tokenizer does not handle (or an error other than the two above): use the
    /// parser's own lexer.
    Unsupported,
}

/// Tokenize `text` (which may start with a BOM).
pub fn lex(text: &str) -> Lexed {
    let mut lx = Lexer {
        b: text.as_bytes(),
        i: 0,
        nesting: 0,
        at_bol: true,
        indents: smallvec::smallvec![(0, 0)],
        out: Vec::with_capacity(text.len() / 4 + 8),
    };
    if text.starts_with('\u{feff}') {
        lx.i = 3;
    }
    match lx.run() {
        Ok(()) => Lexed::Tokens(lx.out),
        Err(Stop::Python2(offset)) => Lexed::Python2 { offset },
        Err(Stop::Unsupported) => Lexed::Unsupported,
    }
}

/// [`crate::syntax::depth::too_deep`] read off the tokens of a text this module lexed: the same
/// bound and the same offset, without scanning the bytes again (every parse checks the depth
/// first, and the region re-parses of an upgrade are many). Debug builds compare the two.
pub fn too_deep(text: &str, tokens: &[Token], limits: Limits) -> Option<Deep> {
    use super::depth::{CHAIN_OPERATORS, NESTING_KEYWORDS};
    let depth = |indents: usize, frames: usize| indents + frames - 1;
    let bytes = text.as_bytes();
    // Per open bracket (the first is the logical line): operators chained since its last
    // comma, and whether it is between `lambda` and its `:`.
    let mut frames: smallvec::SmallVec<[(usize, bool); 16]> = smallvec::smallvec![(0, false)];
    let mut chains = 0usize;
    let mut indents = 0usize;
    let mut operand = false;
    let mut prev_end = 0usize;
    for t in tokens {
        let (start, end) = (t.start as usize, t.end as usize);
        // Inside brackets, a line ending between two tokens ends the operand before it (the
        // scanner's walk sees it; no token stands for it).
        if operand && frames.len() > 1 && gap_has_line_end(bytes, prev_end, start) {
            operand = false;
        }
        prev_end = end;
        let mut nests = 0usize;
        match t.kind {
            Kind::Indent => {
                indents += 1;
                if let Some(d) = limits.check(end, depth(indents, frames.len()), chains) {
                    return Some(d);
                }
                continue;
            }
            Kind::Dedent => {
                indents = indents.saturating_sub(1);
                continue;
            }
            Kind::Newline | Kind::Op(";") => {
                if frames.len() == 1 {
                    chains = 0;
                    frames[0] = (0, false);
                }
                operand = false;
                continue;
            }
            Kind::Str { .. } | Kind::Int(_) | Kind::Float(_) => operand = true,
            Kind::Name => {
                let word = &bytes[start..end];
                if NESTING_KEYWORDS.contains(&word) {
                    if word == b"lambda" {
                        if let Some(f) = frames.last_mut() {
                            f.1 = true;
                        }
                    }
                    nests = 1;
                    operand = false;
                } else {
                    operand = true;
                }
            }
            Kind::Op(open @ ("(" | "[" | "{")) => {
                if operand && open != "{" {
                    if let Some(f) = frames.last_mut() {
                        f.0 += 1;
                        chains += 1;
                    }
                }
                frames.push((0, false));
                operand = false;
            }
            Kind::Op(")" | "]" | "}") => {
                if frames.len() > 1 {
                    if let Some(f) = frames.pop() {
                        chains -= f.0;
                    }
                }
                operand = true;
            }
            Kind::Op(",") => {
                if let Some(f) = frames.last_mut() {
                    if !f.1 {
                        chains -= f.0;
                        f.0 = 0;
                    }
                }
                operand = false;
            }
            Kind::Op(op) => {
                if op.starts_with(':') {
                    if let Some(f) = frames.last_mut() {
                        f.1 = false;
                    }
                }
                operand = false;
                for (k, c) in op.bytes().enumerate() {
                    if CHAIN_OPERATORS.contains(&c) {
                        if let Some(f) = frames.last_mut() {
                            f.0 += 1;
                            chains += 1;
                        }
                        let nesting = depth(indents, frames.len());
                        if let Some(d) = limits.check(start + k, nesting, chains) {
                            return Some(d);
                        }
                    }
                }
                continue;
            }
        }
        if let Some(f) = frames.last_mut() {
            f.0 += nests;
            chains += nests;
        }
        if let Some(d) = limits.check(start, depth(indents, frames.len()), chains) {
            return Some(d);
        }
    }
    None
}

/// Whether the text between two tokens (spaces, comments, continuations) holds a line ending
/// that is not a continuation's.
fn gap_has_line_end(b: &[u8], from: usize, to: usize) -> bool {
    let mut i = from;
    while i < to {
        match b[i] {
            b'#' => i = scan::comment_end(b, i),
            b'\\' => i += 1 + scan::line_ending_len(b, i + 1),
            b'\n' | b'\r' => return true,
            _ => i += 1,
        }
    }
    false
}

enum Stop {
    Python2(usize),
    Unsupported,
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    nesting: u32,
    at_bol: bool,
    /// Indentation levels as (tabs, spaces); the first is never popped.
    indents: smallvec::SmallVec<[(u32, u32); 8]>,
    out: Vec<Token>,
}

type Step = Result<(), Stop>;

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.b.get(self.i + ahead).copied()
    }

    fn emit(&mut self, kind: Kind, start: usize, end: usize) {
        self.out.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
        });
    }

    fn run(&mut self) -> Step {
        if self.b.len() > u32::MAX as usize {
            return Err(Stop::Unsupported);
        }
        loop {
            if self.at_bol {
                self.indentation()?;
            }
            if !self.normal()? {
                return Ok(());
            }
        }
    }

    /// At the start of a line: read the indentation, emit Indent/Dedent.
    fn indentation(&mut self) -> Step {
        let (mut tabs, mut spaces) = (0u32, 0u32);
        loop {
            match self.peek(0) {
                Some(b' ') => {
                    self.i += 1;
                    spaces += 1;
                }
                Some(b'\t') => {
                    if spaces != 0 {
                        return Err(Stop::Unsupported);
                    }
                    self.i += 1;
                    tabs += 1;
                }
                Some(b'#') => {
                    self.i = scan::comment_end(self.b, self.i);
                    (tabs, spaces) = (0, 0);
                }
                Some(b'\x0C') => {
                    self.i += 1;
                    (tabs, spaces) = (0, 0);
                }
                Some(b'\n' | b'\r') => {
                    self.i += scan::line_ending_len(self.b, self.i);
                    (tabs, spaces) = (0, 0);
                }
                None => {
                    (tabs, spaces) = (0, 0);
                    break;
                }
                Some(_) => {
                    self.at_bol = false;
                    break;
                }
            }
        }
        if self.nesting != 0 {
            return Ok(());
        }
        let level = (tabs, spaces);
        match compare(level, *self.indents.last().expect("one level"))? {
            std::cmp::Ordering::Equal => {}
            std::cmp::Ordering::Greater => {
                self.indents.push(level);
                let width = (tabs + spaces) as usize;
                self.emit(Kind::Indent, self.i - width, self.i);
            }
            std::cmp::Ordering::Less => loop {
                match compare(level, *self.indents.last().expect("one level"))? {
                    std::cmp::Ordering::Less => {
                        self.indents.pop();
                        self.emit(Kind::Dedent, self.i, self.i);
                    }
                    std::cmp::Ordering::Equal => break,
                    std::cmp::Ordering::Greater => return Err(Stop::Unsupported),
                }
            },
        }
        Ok(())
    }

    /// One token (or a skipped comment or line continuation); false at the end of the text.
    fn normal(&mut self) -> Result<bool, Stop> {
        let Some(p) = scan::next(self.b, self.i) else {
            if self.nesting > 0 {
                return Err(Stop::Unsupported);
            }
            let end = self.b.len();
            self.i = end;
            if !self.at_bol {
                self.at_bol = true;
                self.emit(Kind::Newline, end, end);
            }
            while self.indents.len() > 1 {
                self.indents.pop();
                self.emit(Kind::Dedent, end, end);
            }
            return Ok(false);
        };
        self.i = p.end;
        match p.kind {
            scan::Kind::Name => {
                if !self.b[p.start..p.end].is_ascii() {
                    return Err(Stop::Unsupported);
                }
                self.emit(Kind::Name, p.start, p.end);
            }
            scan::Kind::Number => self.number(p.start, p.end)?,
            scan::Kind::Str {
                prefix,
                triple,
                closed,
            } => {
                // f-strings are left to the parser's lexer; `ur` is Python 2 (the parser's lexer
                // reads a name and a string, and the parser stops at the string).
                let letters = &self.b[p.start..p.start + usize::from(prefix)];
                if !closed
                    || letters.iter().any(|c| matches!(c, b'f' | b'F'))
                    || letters.eq_ignore_ascii_case(b"ur")
                {
                    return Err(Stop::Unsupported);
                }
                self.emit(Kind::Str { prefix, triple }, p.start, p.end);
            }
            scan::Kind::Comment => {}
            scan::Kind::LineEnd => {
                if self.nesting == 0 {
                    self.at_bol = true;
                    self.emit(Kind::Newline, p.start, p.end);
                }
            }
            scan::Kind::Continuation => {
                if self.i >= self.b.len() {
                    return Err(Stop::Unsupported);
                }
            }
            scan::Kind::Op(op) => {
                match op {
                    "(" | "[" | "{" => self.nesting += 1,
                    ")" | "]" | "}" => {
                        if self.nesting == 0 {
                            return Err(Stop::Unsupported);
                        }
                        self.nesting -= 1;
                    }
                    // Python 2's `<>`: the parser's lexer reads `<` and `>`.
                    "<>" => return Err(Stop::Unsupported),
                    _ => {}
                }
                self.emit(Kind::Op(op), p.start, p.end);
            }
            scan::Kind::Backtick => return Err(Stop::Python2(p.start + 1)),
            scan::Kind::Other => return Err(Stop::Unsupported),
        }
        Ok(true)
    }

    /// The number `start..end`, as the scanner cut it: an integer without underscores (decimal,
    /// or after `0x`/`0o`/`0b`), or a float of the form `1.5`/`1.`. A decimal integer with
    /// leading zeros (`0644`, `0644L`) is Python 2, reported at the end of its digits as the
    /// parser's lexer does; anything else is left to the parser's lexer.
    fn number(&mut self, start: usize, end: usize) -> Step {
        let s = &self.b[start..end];
        let radix = match s {
            [b'0', b'x' | b'X', ..] => 16,
            [b'0', b'o' | b'O', ..] => 8,
            [b'0', b'b' | b'B', ..] => 2,
            _ => 10,
        };
        if radix != 10 {
            let value = digits_value(&s[2..], radix).ok_or(Stop::Unsupported)?;
            self.emit(Kind::Int(value), start, end);
            return Ok(());
        }
        let int_len = s
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(s.len());
        let (int, rest) = s.split_at(int_len);
        let python2_octal =
            || int.first() == Some(&b'0') && digits_value(int, 10).is_some_and(|v| v != 0);
        match rest {
            _ if int.is_empty() => Err(Stop::Unsupported),
            [] => {
                let value = digits_value(int, 10).ok_or(Stop::Unsupported)?;
                if python2_octal() {
                    return Err(Stop::Python2(start + int_len));
                }
                self.emit(Kind::Int(value), start, end);
                Ok(())
            }
            [b'.', frac @ ..] if frac.iter().all(u8::is_ascii_digit) => {
                let text = std::str::from_utf8(s).map_err(|_| Stop::Unsupported)?;
                let value = text.parse::<f64>().map_err(|_| Stop::Unsupported)?;
                self.emit(Kind::Float(value), start, end);
                Ok(())
            }
            [c, ..]
                if !matches!(
                    c,
                    b'.' | b'e'
                        | b'E'
                        | b'j'
                        | b'J'
                        | b'_'
                        | b'x'
                        | b'X'
                        | b'o'
                        | b'O'
                        | b'b'
                        | b'B'
                ) && python2_octal() =>
            {
                Err(Stop::Python2(start + int_len))
            }
            _ => Err(Stop::Unsupported),
        }
    }
}

/// The value of `digits` (at least one, all valid in `radix`), if it fits a u64.
fn digits_value(digits: &[u8], radix: u32) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |value, &c| {
        let d = char::from(c).to_digit(radix)?;
        value
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(d))
    })
}

/// Compare indentation levels as the parser's lexer does: only sure when tabs and spaces agree.
fn compare(a: (u32, u32), b: (u32, u32)) -> Result<std::cmp::Ordering, Stop> {
    use std::cmp::Ordering::*;
    match a.0.cmp(&b.0) {
        Less if a.1 <= b.1 => Ok(Less),
        Greater if a.1 >= b.1 => Ok(Greater),
        Equal => Ok(a.1.cmp(&b.1)),
        _ => Err(Stop::Unsupported),
    }
}

#[cfg(test)]
mod tests;
