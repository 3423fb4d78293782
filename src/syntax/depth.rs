//! The depth guard: how deep the parser's tree of a text could nest, read off the tokens of
//! [`super::scan`] before anything parses it, so that no walk over the tree can exhaust the
//! stack.
//!
//! Two bounds. Brackets and indented blocks are what CPython limits ([`MAX_DEPTH`], as CPython:
//! 200 nested brackets). Operator chains (`0 + 0 + ...`, `a or b or ...`, `x[0][0]...`) nest the
//! tree one level per operator but CPython takes thousands of them: they have their own, much
//! higher bound ([`MAX_CHAIN`]), set well below the length at which the tool's recursive walks
//! (and dropping the parser's tree) overflowed the stack when measured.

use super::scan;

/// The deepest bracket and block nesting accepted (CPython itself refuses more than 200
/// nested brackets).
pub const MAX_DEPTH: usize = 200;

/// The deepest tree accepted, operator chains included: brackets, blocks and every operator
/// chained inside them. CPython 3.11 itself stops near 3000 (`RecursionError` while compiling
/// `0 + 0 + ...`). Measured on an 8 MiB stack (the main thread's; worker threads get as much,
/// see `cli/runner.rs`), `upgrade` overflowed at about 7,000 chained `+`, `.` or `**` in a
/// debug build and 17,000 `**` in a release build (`+` and `.` held at 100,000; unary
/// operators, `not`, `lambda` and conditionals past 100,000; `or` and comparisons are flat).
pub const MAX_CHAIN: usize = 3000;

/// Both bounds of a [`too_deep`] check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Brackets and indented blocks.
    pub depth: usize,
    /// Brackets, blocks and chained operators.
    pub chain: usize,
}

/// The bounds of every parse.
pub const LIMITS: Limits = Limits {
    depth: MAX_DEPTH,
    chain: MAX_CHAIN,
};

/// Where a text goes past a bound, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deep {
    /// The token that goes past the bound.
    pub offset: usize,
    /// The operator chain bound ([`Limits::chain`]), not the bracket one.
    pub chain: bool,
}

impl Limits {
    /// The verdict on a token at `offset`, with `nesting` brackets and blocks open around it
    /// and `chains` operators chained.
    #[inline]
    pub fn check(&self, offset: usize, nesting: usize, chains: usize) -> Option<Deep> {
        if nesting > self.depth {
            Some(Deep {
                offset,
                chain: false,
            })
        } else if nesting + chains > self.chain {
            Some(Deep {
                offset,
                chain: true,
            })
        } else {
            None
        }
    }
}

/// The deepest nesting the parser's tree can reach, bounded from above with the tokens alone:
/// open brackets, plus the operators chained inside each bracket since its last comma (`1+1+1`,
/// `a.b.c`, `f(x)(y)`, `not not x`, `lambda: lambda: x` each nest one level deeper per
/// operator), plus the indented blocks around the line. The text is cut by [`super::scan`]:
/// strings and comments are skipped, except for the operators inside an f-string, which the
/// parser parses too. Returns the token that goes past a bound: brackets and blocks past
/// `limits.depth` (CPython itself refuses 200 nested brackets and 100 nested blocks), or the
/// whole, chains included, past `limits.chain`, where the parser and every walk over its tree
/// could exhaust the stack.
pub fn too_deep(text: &str, limits: Limits) -> Option<Deep> {
    /// An open bracket (or the logical line): operators chained since its last comma.
    #[derive(Default)]
    struct Frame {
        chain: usize,
        /// Between `lambda` and its `:`, where commas separate parameters, not siblings.
        lambda: bool,
    }
    let bytes = text.as_bytes();
    let mut frames = vec![Frame::default()];
    // The sum of the frames' chains.
    let mut chains = 0usize;
    // Widths of the indented blocks around the current line.
    let mut indents: Vec<usize> = Vec::new();
    // The previous token ends an operand: a bracket after it is a call or a subscript.
    let mut operand = false;
    let mut line_start = true;
    let mut i = 0;
    loop {
        if line_start && frames.len() == 1 {
            line_start = false;
            let mut width = 0usize;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b' ' => width += 1,
                    b'\t' => width = (width / 8 + 1) * 8,
                    b'\x0C' => width = 0,
                    _ => break,
                }
                i += 1;
            }
            if i < bytes.len() && !matches!(bytes[i], b'#' | b'\n' | b'\r') {
                while indents.last().is_some_and(|&w| w > width) {
                    indents.pop();
                }
                if width > indents.last().copied().unwrap_or(0) {
                    indents.push(width);
                    if let Some(d) = limits.check(i, indents.len() + frames.len() - 1, chains) {
                        return Some(d);
                    }
                }
            }
        }
        let p = scan::next(bytes, i)?;
        i = p.end;
        // How many levels this token nests the current expression.
        let mut nests = 0usize;
        match p.kind {
            scan::Kind::Comment | scan::Kind::Continuation => continue,
            scan::Kind::LineEnd | scan::Kind::Op(";") => {
                if frames.len() == 1 {
                    chains = 0;
                    frames[0] = Frame::default();
                    line_start = p.kind == scan::Kind::LineEnd;
                }
                operand = false;
                continue;
            }
            scan::Kind::Str {
                prefix,
                triple,
                closed,
            } => {
                let body_start = p.start + usize::from(prefix);
                if bytes[p.start..body_start]
                    .iter()
                    .any(|b| matches!(b, b'f' | b'F'))
                {
                    let quotes = if triple { 3 } else { 1 };
                    let body_end = if closed { p.end - quotes } else { p.end };
                    nests = fstring_operators(&bytes[body_start + quotes..body_end]);
                }
                operand = true;
            }
            scan::Kind::Number => operand = true,
            scan::Kind::Name => {
                let word = &bytes[p.start..p.end];
                if NESTING_KEYWORDS.contains(&word) {
                    if word == b"lambda" {
                        if let Some(f) = frames.last_mut() {
                            f.lambda = true;
                        }
                    }
                    nests = 1;
                    operand = false;
                } else {
                    operand = true;
                }
            }
            scan::Kind::Op(open @ ("(" | "[" | "{")) => {
                // A call or a subscript nests the expression before it one level deeper.
                if operand && open != "{" {
                    nests = 1;
                }
                if let Some(f) = frames.last_mut() {
                    f.chain += nests;
                    chains += nests;
                }
                nests = 0;
                frames.push(Frame::default());
                operand = false;
            }
            scan::Kind::Op(")" | "]" | "}") => {
                if frames.len() > 1 {
                    if let Some(f) = frames.pop() {
                        chains -= f.chain;
                    }
                }
                operand = true;
            }
            scan::Kind::Op(",") => {
                if let Some(f) = frames.last_mut() {
                    if !f.lambda {
                        chains -= f.chain;
                        f.chain = 0;
                    }
                }
                operand = false;
            }
            scan::Kind::Op(op) => {
                if op.starts_with(':') {
                    if let Some(f) = frames.last_mut() {
                        f.lambda = false;
                    }
                }
                operand = false;
                // Each operator character nests one level (`->` and `**` two), checked one by
                // one so that the offset is the character that goes past the limit.
                for (k, c) in op.bytes().enumerate() {
                    if CHAIN_OPERATORS.contains(&c) {
                        if let Some(f) = frames.last_mut() {
                            f.chain += 1;
                            chains += 1;
                        }
                        let nesting = indents.len() + frames.len() - 1;
                        if let Some(d) = limits.check(p.start + k, nesting, chains) {
                            return Some(d);
                        }
                    }
                }
                continue;
            }
            scan::Kind::Backtick => {
                nests = 1;
                operand = false;
            }
            scan::Kind::Other => operand = false,
        }
        if let Some(f) = frames.last_mut() {
            f.chain += nests;
            chains += nests;
        }
        if let Some(d) = limits.check(p.start, indents.len() + frames.len() - 1, chains) {
            return Some(d);
        }
    }
}

/// The operator characters that nest the expression they appear in (`1+1+1`, `a.b.c`).
pub(crate) const CHAIN_OPERATORS: &[u8] = b"+-*/%@&|^~<>.";

/// Keywords that nest the expression they appear in (`not not x`, `a if b else c if d else e`).
pub(crate) const NESTING_KEYWORDS: &[&[u8]] = &[
    b"lambda", b"not", b"and", b"or", b"if", b"else", b"await", b"yield", b"for", b"in", b"is",
];

/// How many operators, braces and nesting keywords the `body` of an f-string (between its
/// quotes) holds: the parser parses its replacement fields too.
fn fstring_operators(body: &[u8]) -> usize {
    let mut ops = 0usize;
    let mut i = 0;
    while let Some(&c) = body.get(i) {
        match c {
            b'\\' => {
                i += 1 + scan::line_ending_len(body, i + 1).max(1);
                continue;
            }
            b'{' | b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'<'
            | b'>' | b'.' | b'(' | b'[' | b':' => ops += 1,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while body
                    .get(i)
                    .is_some_and(|&c| c == b'_' || c.is_ascii_alphanumeric())
                {
                    i += 1;
                }
                ops += usize::from(NESTING_KEYWORDS.contains(&&body[start..i]));
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brackets and blocks bounded at `depth`, chains at ten times as much.
    fn deep(text: &str, depth: usize) -> Option<usize> {
        let limits = Limits {
            depth,
            chain: depth * 10,
        };
        too_deep(text, limits).map(|d| d.offset)
    }

    #[test]
    fn depth_skips_strings_and_comments() {
        assert_eq!(deep("x = '((((('  # ((((\n", 2), None);
        assert_eq!(deep("x = ((((1))))", 2), Some(6));
        assert_eq!(deep("x = '''(((\n((('''", 1), None);
    }

    /// A lone `\r` ends a comment and a single-quoted string; after a backslash it joins lines.
    #[test]
    fn depth_reads_a_lone_carriage_return_as_a_line_ending() {
        assert_eq!(deep("# ((((\rx = 1\r", 2), None);
        assert_eq!(deep("x = '((\r(((1)))", 2), Some(10));
        assert_eq!(deep("x = ((\\\r(1)))", 2), Some(8));
        assert_eq!(deep("x = '''(\r(((\r'''", 1), None);
    }

    /// Operator chains have their own bound: `0 + 0 + ...` is not nesting.
    #[test]
    fn chains_go_to_their_own_bound() {
        let limits = Limits { depth: 4, chain: 8 };
        assert_eq!(too_deep("x = 1+1+1+1+1+1", limits), None);
        assert_eq!(too_deep("x = a[0][0][0][0][0][0]", limits), None);
        assert_eq!(
            too_deep("x = 1+1+1+1+1+1+1+1+1+1", limits),
            Some(Deep {
                offset: 21,
                chain: true
            })
        );
        assert_eq!(
            too_deep("x = (((((1)))))", limits),
            Some(Deep {
                offset: 8,
                chain: false
            })
        );
    }
}
