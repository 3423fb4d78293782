//! A fast tokenizer for the Python that settings files are made of.
//!
//! The parser's own lexer reads the text one `char` at a time through a sliding window and costs
//! about half of every parse. Settings files use a small part of Python: ASCII names, plain
//! strings, decimal numbers, brackets and operators. This tokenizer reads bytes and handles
//! exactly that part, with the same token boundaries, indentation and newline rules as the
//! parser's lexer. On anything else (a non-ASCII name, an f-string, a hexadecimal number, a
//! lexical error) it gives up with [`Lexed::Unsupported`] and the caller uses the parser's own
//! lexer, so the result never depends on this module knowing everything. Debug builds compare
//! both token streams on every parse (see `parse.rs`), which is how the tests and the fuzzer
//! check it.
//!
//! It knows nothing of the parser crate: [`Token`] is its own type, turned into the parser's
//! tokens by `parse.rs`.

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
        indents: vec![(0, 0)],
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
    indents: Vec<(u32, u32)>,
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

    /// Skip one line ending (`\n`, `\r\n` or a lone `\r`) at `self.i`.
    fn skip_newline(&mut self) {
        if self.b[self.i] == b'\r' && self.peek(1) == Some(b'\n') {
            self.i += 2;
        } else {
            self.i += 1;
        }
    }

    fn skip_comment(&mut self) {
        while let Some(c) = self.peek(0) {
            if c == b'\n' || c == b'\r' {
                break;
            }
            self.i += 1;
        }
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
                    self.skip_comment();
                    (tabs, spaces) = (0, 0);
                }
                Some(b'\x0C') => {
                    self.i += 1;
                    (tabs, spaces) = (0, 0);
                }
                Some(b'\n' | b'\r') => {
                    self.skip_newline();
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

    /// One token (or skipped blank/comment); false at the end of the text.
    fn normal(&mut self) -> Result<bool, Stop> {
        let Some(c) = self.peek(0) else {
            if self.nesting > 0 {
                return Err(Stop::Unsupported);
            }
            let end = self.i;
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
        let start = self.i;
        match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => self.name_or_string()?,
            b'0'..=b'9' => self.number()?,
            b'#' => self.skip_comment(),
            b'"' | b'\'' => self.string(start, 0)?,
            b'\n' | b'\r' => {
                self.skip_newline();
                if self.nesting == 0 {
                    self.at_bol = true;
                    self.emit(Kind::Newline, start, self.i);
                }
            }
            b' ' | b'\t' | b'\x0C' => {
                while let Some(b' ' | b'\t' | b'\x0C') = self.peek(0) {
                    self.i += 1;
                }
            }
            b'\\' => {
                self.i += 1;
                match self.peek(0) {
                    Some(b'\n' | b'\r') => self.skip_newline(),
                    _ => return Err(Stop::Unsupported),
                }
                if self.peek(0).is_none() {
                    return Err(Stop::Unsupported);
                }
            }
            b'(' | b'[' | b'{' => {
                self.i += 1;
                self.nesting += 1;
                let op = match c {
                    b'(' => "(",
                    b'[' => "[",
                    _ => "{",
                };
                self.emit(Kind::Op(op), start, self.i);
            }
            b')' | b']' | b'}' => {
                self.i += 1;
                if self.nesting == 0 {
                    return Err(Stop::Unsupported);
                }
                self.nesting -= 1;
                let op = match c {
                    b')' => ")",
                    b']' => "]",
                    _ => "}",
                };
                self.emit(Kind::Op(op), start, self.i);
            }
            b'.' => {
                if let Some(b'0'..=b'9') = self.peek(1) {
                    return Err(Stop::Unsupported);
                }
                if self.peek(1) == Some(b'.') && self.peek(2) == Some(b'.') {
                    self.i += 3;
                    self.emit(Kind::Op("..."), start, self.i);
                } else {
                    self.i += 1;
                    self.emit(Kind::Op("."), start, self.i);
                }
            }
            b'`' => return Err(Stop::Python2(start + 1)),
            _ => {
                let op = self.operator().ok_or(Stop::Unsupported)?;
                self.i += op.len();
                self.emit(Kind::Op(op), start, self.i);
            }
        }
        Ok(true)
    }

    /// The longest operator at `self.i` (not brackets or dots).
    fn operator(&self) -> Option<&'static str> {
        let c0 = self.peek(0)?;
        let c1 = self.peek(1);
        let c2 = self.peek(2);
        let eq1 = c1 == Some(b'=');
        Some(match c0 {
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
            b',' => ",",
            b'<' if c1 == Some(b'<') && c2 == Some(b'=') => "<<=",
            b'<' if c1 == Some(b'<') => "<<",
            b'<' if eq1 => "<=",
            b'<' => "<",
            b'>' if c1 == Some(b'>') && c2 == Some(b'=') => ">>=",
            b'>' if c1 == Some(b'>') => ">>",
            b'>' if eq1 => ">=",
            b'>' => ">",
            _ => return None,
        })
    }

    fn name_or_string(&mut self) -> Step {
        let start = self.i;
        // String prefixes: one letter (r, u, b; f is left to the parser's lexer) or rb/br.
        let lower = |c: Option<u8>| c.map(|c| c.to_ascii_lowercase());
        let (c0, c1, c2) = (lower(self.peek(0)), lower(self.peek(1)), self.peek(2));
        let quote = |c: Option<u8>| matches!(c, Some(b'"' | b'\''));
        if quote(c1) {
            match c0 {
                Some(b'r' | b'u' | b'b') => return self.string(start, 1),
                Some(b'f') => return Err(Stop::Unsupported),
                _ => {}
            }
        }
        if quote(c2) {
            match (c0, c1) {
                (Some(b'r'), Some(b'b')) | (Some(b'b'), Some(b'r')) => {
                    return self.string(start, 2)
                }
                (Some(b'r'), Some(b'f')) | (Some(b'f'), Some(b'r')) => {
                    return Err(Stop::Unsupported)
                }
                _ => {}
            }
        }
        while let Some(b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'0'..=b'9') = self.peek(0) {
            self.i += 1;
        }
        if self.peek(0).is_some_and(|c| c >= 0x80) {
            return Err(Stop::Unsupported);
        }
        self.emit(Kind::Name, start, self.i);
        Ok(())
    }

    fn string(&mut self, start: usize, prefix: usize) -> Step {
        self.i = start + prefix;
        let q = self.b[self.i];
        self.i += 1;
        let triple = self.peek(0) == Some(q) && self.peek(1) == Some(q);
        if triple {
            self.i += 2;
        }
        loop {
            let Some(c) = self.peek(0) else {
                return Err(Stop::Unsupported);
            };
            self.i += 1;
            match c {
                b'\\' => {
                    // The escaped character, a line ending counting as one.
                    match self.peek(0) {
                        None => {}
                        Some(b'\r') if self.peek(1) == Some(b'\n') => self.i += 2,
                        Some(_) => self.i += 1,
                    }
                }
                b'\n' | b'\r' if !triple => return Err(Stop::Unsupported),
                _ if c == q => {
                    if !triple {
                        break;
                    }
                    if self.peek(0) == Some(q) && self.peek(1) == Some(q) {
                        self.i += 2;
                        break;
                    }
                }
                _ => {}
            }
        }
        self.emit(
            Kind::Str {
                prefix: prefix as u8,
                triple,
            },
            start,
            self.i,
        );
        Ok(())
    }

    fn number(&mut self) -> Step {
        let start = self.i;
        if self.peek(0) == Some(b'0') {
            let radix = match self.peek(1) {
                Some(b'x' | b'X') => 16,
                Some(b'o' | b'O') => 8,
                Some(b'b' | b'B') => 2,
                _ => 10,
            };
            if radix != 10 {
                return self.radix_number(start, radix);
            }
        }
        while let Some(b'0'..=b'9') = self.peek(0) {
            self.i += 1;
        }
        let digits = &self.b[start..self.i];
        match self.peek(0) {
            Some(b'.') => {
                self.i += 1;
                while let Some(b'0'..=b'9') = self.peek(0) {
                    self.i += 1;
                }
                if let Some(b'e' | b'E' | b'j' | b'J' | b'_') = self.peek(0) {
                    return Err(Stop::Unsupported);
                }
                let text = std::str::from_utf8(&self.b[start..self.i]).expect("ASCII digits");
                let value = text.parse::<f64>().map_err(|_| Stop::Unsupported)?;
                self.emit(Kind::Float(value), start, self.i);
            }
            Some(b'e' | b'E' | b'j' | b'J' | b'_' | b'x' | b'X' | b'o' | b'O' | b'b' | b'B') => {
                return Err(Stop::Unsupported)
            }
            _ => {
                let mut value: u64 = 0;
                for &d in digits {
                    value = value
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(u64::from(d - b'0')))
                        .ok_or(Stop::Unsupported)?;
                }
                if digits[0] == b'0' && value != 0 {
                    return Err(Stop::Python2(self.i));
                }
                self.emit(Kind::Int(value), start, self.i);
            }
        }
        Ok(())
    }
}

impl Lexer<'_> {
    /// `0x1F`, `0o640`, `0b101` (no underscores): the digits after the prefix, as one integer.
    fn radix_number(&mut self, start: usize, radix: u32) -> Step {
        self.i = start + 2;
        let mut value: u64 = 0;
        let mut digits = 0;
        while let Some(d) = self.peek(0).and_then(|c| char::from(c).to_digit(radix)) {
            value = value
                .checked_mul(u64::from(radix))
                .and_then(|v| v.checked_add(u64::from(d)))
                .ok_or(Stop::Unsupported)?;
            digits += 1;
            self.i += 1;
        }
        let next_is_word = self
            .peek(0)
            .is_some_and(|c| c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80);
        if digits == 0 || next_is_word {
            return Err(Stop::Unsupported);
        }
        self.emit(Kind::Int(value), start, self.i);
        Ok(())
    }
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
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        match lex(text) {
            Lexed::Tokens(t) => t.into_iter().map(|t| t.kind).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn assignment_with_tuple_and_comment() {
        assert_eq!(
            kinds("X = ('a',  # c\n  u\"b\")\n"),
            vec![
                Kind::Name,
                Kind::Op("="),
                Kind::Op("("),
                Kind::Str {
                    prefix: 0,
                    triple: false
                },
                Kind::Op(","),
                Kind::Str {
                    prefix: 1,
                    triple: false
                },
                Kind::Op(")"),
                Kind::Newline,
            ]
        );
    }

    #[test]
    fn indentation_gives_indent_and_dedent() {
        assert_eq!(
            kinds("if X:\n    Y = 1\nZ = 2.5"),
            vec![
                Kind::Name,
                Kind::Name,
                Kind::Op(":"),
                Kind::Newline,
                Kind::Indent,
                Kind::Name,
                Kind::Op("="),
                Kind::Int(1),
                Kind::Newline,
                Kind::Dedent,
                Kind::Name,
                Kind::Op("="),
                Kind::Float(2.5),
                Kind::Newline,
            ]
        );
    }

    #[test]
    fn prefixed_integers() {
        assert_eq!(kinds("X = 0o640\n")[2], Kind::Int(0o640));
        assert_eq!(kinds("X = 0xFF\n")[2], Kind::Int(255));
        assert_eq!(kinds("X = 0B101\n")[2], Kind::Int(5));
    }

    #[test]
    fn python2_octal_and_backtick_give_the_parser_lexer_offset() {
        assert_eq!(lex("X = 0644\n"), Lexed::Python2 { offset: 8 });
        assert_eq!(lex("X = `1`\n"), Lexed::Python2 { offset: 5 });
    }

    #[test]
    fn unusual_text_is_left_to_the_parser_lexer() {
        for text in [
            "X = 0x1G\n",
            "X = 0o\n",
            "X = 1e3\n",
            "X = 1_000\n",
            "X = f'{a}'\n",
            "café = 1\n",
            "X = 'open\n",
            "X = (1\n",
            "X = 1 ! 2\n",
            "X = $\n",
        ] {
            assert_eq!(lex(text), Lexed::Unsupported, "{text:?}");
        }
    }
}
