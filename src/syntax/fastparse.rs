//! Build the syntax tree of the simplest statements straight from the tokens.
//!
//! Most of a settings file is `NAME = value` with values made of strings, numbers, names,
//! attributes, calls, tuples, lists, dicts and `+ - * / % //`. For those statements this module
//! builds the [`Stmt`] itself; every other top-level statement is handed back, as a run of
//! tokens, to the Python parser (see `parse.rs`, which parses all of them in one call). The
//! parser has a high fixed cost per call and per token, and this is where a typical file spends
//! most of its parse.
//!
//! Anything outside that subset (escapes in strings, implicit concatenation, unary minus,
//! comparisons, subscripts, lambdas...) makes the statement go to the parser, so this module
//! never has to be complete, only right. Debug builds compare its statements with the parser's
//! on every parse (see `parse.rs`).

use crate::syntax::lexer::{Kind, Token};
use crate::syntax::{Call, Expr, ExprKind, Stmt, StmtKind};
use std::ops::Range;

/// A top-level statement: built here, or left to the parser (its tokens, `Newline` and any
/// `Dedent`s included).
pub enum Piece {
    Built(Stmt),
    Parser(Range<usize>),
}

/// Split `tokens` into top-level statements and build the simple ones.
pub fn pieces(text: &str, tokens: &[Token]) -> Vec<Piece> {
    // (Room for statements of eight tokens on average.)
    let mut out = Vec::with_capacity(tokens.len() / 8 + 1);
    let mut start = 0;
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        let end = match t.kind {
            Kind::Indent => {
                depth += 1;
                false
            }
            Kind::Dedent => {
                depth = depth.saturating_sub(1);
                depth == 0 && !continues(text, tokens.get(i + 1))
            }
            Kind::Newline => {
                depth == 0
                    && !matches!(tokens.get(i + 1).map(|t| t.kind), Some(Kind::Indent))
                    && !continues(text, tokens.get(i + 1))
            }
            _ => false,
        };
        if end {
            let piece = &tokens[start..=i];
            match statement(text, piece) {
                Some(s) => out.push(Piece::Built(s)),
                None => match out.last_mut() {
                    Some(Piece::Parser(r)) if r.end == start => r.end = i + 1,
                    _ => out.push(Piece::Parser(start..i + 1)),
                },
            }
            start = i + 1;
        }
    }
    if start < tokens.len() {
        match out.last_mut() {
            Some(Piece::Parser(r)) if r.end == start => r.end = tokens.len(),
            _ => out.push(Piece::Parser(start..tokens.len())),
        }
    }
    out
}

/// The next token continues a compound statement (`else:`, `except:`...).
fn continues(text: &str, next: Option<&Token>) -> bool {
    match next {
        Some(t) if t.kind == Kind::Name => matches!(
            &text[t.start as usize..t.end as usize],
            "else" | "elif" | "except" | "finally"
        ),
        _ => false,
    }
}

/// `NAME = expr`, `NAME += expr` or `from a.b import C`, then the end of the line.
fn statement(text: &str, toks: &[Token]) -> Option<Stmt> {
    let [name, op, .., last] = toks else {
        return None;
    };
    if name.kind == Kind::Name && &text[name.start as usize..name.end as usize] == "from" {
        return import_from(text, toks);
    }
    if name.kind != Kind::Name || last.kind != Kind::Newline {
        return None;
    }
    let target = name_expr(text, name)?;
    if !matches!(target.kind, ExprKind::Name(_)) {
        return None;
    }
    let mut p = P {
        text,
        toks: &toks[2..toks.len() - 1],
        i: 0,
    };
    let (value, span) = p.expr()?;
    if p.i != p.toks.len() {
        return None;
    }
    let range = name.start as usize..span.end;
    let kind = match op.kind {
        Kind::Op("=") => StmtKind::Assign {
            targets: smallvec::smallvec![target],
            value,
        },
        Kind::Op("+=") => StmtKind::AugAssign {
            target,
            op: "+",
            value,
        },
        _ => return None,
    };
    Some(Stmt::new(range, kind))
}

/// `from a.b import C`: one absolute module, one name, no `as`.
fn import_from(text: &str, toks: &[Token]) -> Option<Stmt> {
    let word = |t: &Token| match t.kind {
        Kind::Name => Some(&text[t.start as usize..t.end as usize]),
        _ => None,
    };
    // from NAME (. NAME)* import NAME NEWLINE
    let mut module = String::new();
    let mut i = 1;
    loop {
        let part = word(toks.get(i)?)?;
        name_expr(text, &toks[i]).filter(|e| matches!(e.kind, ExprKind::Name(_)))?;
        module.push_str(part);
        i += 1;
        if toks.get(i)?.kind != Kind::Op(".") {
            break;
        }
        module.push('.');
        i += 1;
    }
    if word(toks.get(i)?)? != "import" {
        return None;
    }
    // (A name token: `import .` is no import; the parser says why.)
    let name_tok = toks.get(i + 1)?;
    word(name_tok)?;
    let ExprKind::Name(name) = name_expr(text, name_tok)?.kind else {
        return None;
    };
    if toks.len() != i + 3 {
        return None;
    }
    let kind = StmtKind::ImportFrom {
        module,
        bound: vec![name.clone()],
        names: vec![name],
    };
    Some(Stmt::new(
        toks[0].start as usize..name_tok.end as usize,
        kind,
    ))
}

/// A name token as an expression: `True`, `False`, `None`, or a name that is not a keyword.
fn name_expr(text: &str, t: &Token) -> Option<Expr> {
    let s = &text[t.start as usize..t.end as usize];
    let kind = match s {
        "True" => ExprKind::Bool(true),
        "False" => ExprKind::Bool(false),
        "None" => ExprKind::None,
        "and" | "as" | "assert" | "async" | "await" | "break" | "class" | "continue" | "def"
        | "del" | "elif" | "else" | "except" | "finally" | "for" | "from" | "global" | "if"
        | "import" | "in" | "is" | "lambda" | "nonlocal" | "not" | "or" | "pass" | "raise"
        | "return" | "try" | "while" | "with" | "yield" | "match" | "case" | "type" => return None,
        _ => ExprKind::Name(s.to_string()),
    };
    Some(Expr {
        rel: t.start as usize..t.end as usize,
        kind,
    })
}

/// A recursive-descent reader of the subset. Each rule returns the expression and its span,
/// which includes the parentheses around it (a parenthesized expression keeps its own range,
/// but the expression that contains it starts at the parenthesis, as in the parser).
struct P<'a> {
    text: &'a str,
    toks: &'a [Token],
    i: usize,
}

type Spanned = (Expr, Range<usize>);

/// Nesting deeper than this goes to the parser (which has its own limit check upstream).
const MAX_NESTING: usize = 64;

impl P<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.i)
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.peek()?.kind {
            Kind::Op(op) => Some(op),
            _ => None,
        }
    }

    fn eat(&mut self, op: &str) -> Option<Range<usize>> {
        let t = *self.peek()?;
        if matches!(t.kind, Kind::Op(o) if o == op) {
            self.i += 1;
            return Some(t.start as usize..t.end as usize);
        }
        None
    }

    fn expr(&mut self) -> Option<Spanned> {
        self.expr_at(0)
    }

    fn expr_at(&mut self, nesting: usize) -> Option<Spanned> {
        if nesting > MAX_NESTING {
            return None;
        }
        let mut left = self.term(nesting)?;
        while let Some(op @ ("+" | "-")) = self.peek_op() {
            self.i += 1;
            let right = self.term(nesting)?;
            left = binop(left, op, right);
        }
        Some(left)
    }

    fn term(&mut self, nesting: usize) -> Option<Spanned> {
        let mut left = self.primary(nesting)?;
        while let Some(op @ ("*" | "/" | "%" | "//")) = self.peek_op() {
            self.i += 1;
            let right = self.primary(nesting)?;
            left = binop(left, op, right);
        }
        Some(left)
    }

    /// An atom and its trailers: `.name` and calls.
    fn primary(&mut self, nesting: usize) -> Option<Spanned> {
        let (mut e, mut span) = self.atom(nesting)?;
        loop {
            match self.peek_op() {
                Some(".") => {
                    self.i += 1;
                    let t = *self.peek()?;
                    if t.kind != Kind::Name {
                        return None;
                    }
                    let attr = name_expr(self.text, &t)?;
                    let ExprKind::Name(attr) = attr.kind else {
                        return None;
                    };
                    self.i += 1;
                    span = span.start..t.end as usize;
                    e = Expr {
                        rel: span.clone(),
                        kind: ExprKind::Attribute {
                            value: Box::new(e),
                            attr,
                        },
                    };
                }
                Some("(") => {
                    self.i += 1;
                    let (args, keywords) = self.arguments(nesting + 1)?;
                    let close = self.eat(")")?;
                    span = span.start..close.end;
                    e = Expr {
                        rel: span.clone(),
                        kind: ExprKind::Call(Box::new(Call {
                            func: e,
                            args,
                            keywords,
                        })),
                    };
                }
                _ => return Some((e, span)),
            }
        }
    }

    /// Call arguments up to (not including) `)`: positional, then `name=value`.
    #[allow(clippy::type_complexity)]
    fn arguments(&mut self, nesting: usize) -> Option<(Vec<Expr>, Vec<(Option<String>, Expr)>)> {
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        while self.peek_op() != Some(")") {
            let t = *self.peek()?;
            let is_keyword = t.kind == Kind::Name
                && self.toks.get(self.i + 1).map(|t| t.kind) == Some(Kind::Op("="));
            if is_keyword {
                let ExprKind::Name(name) = name_expr(self.text, &t)?.kind else {
                    return None;
                };
                self.i += 2;
                keywords.push((Some(name), self.expr_at(nesting)?.0));
            } else {
                if !keywords.is_empty() {
                    return None;
                }
                args.push(self.expr_at(nesting)?.0);
            }
            if self.eat(",").is_none() {
                break;
            }
        }
        Some((args, keywords))
    }

    fn atom(&mut self, nesting: usize) -> Option<Spanned> {
        let t = *self.peek()?;
        let range = t.start as usize..t.end as usize;
        let kind = match t.kind {
            Kind::Name => {
                self.i += 1;
                return name_expr(self.text, &t).map(|e| (e, range));
            }
            Kind::Int(v) => ExprKind::Int(v.to_string()),
            Kind::Float(_) => ExprKind::Float,
            Kind::Str { prefix, triple } => {
                let s = &self.text[range.clone()];
                let prefix = prefix as usize;
                if !matches!(s.as_bytes()[..prefix], [] | [b'u' | b'U' | b'r' | b'R']) {
                    return None;
                }
                let quotes = if triple { 3 } else { 1 };
                let body = &s[prefix + quotes..s.len() - quotes];
                if body.contains(['\\', '\r']) {
                    return None;
                }
                // Implicit concatenation: left to the parser.
                if matches!(
                    self.toks.get(self.i + 1).map(|t| t.kind),
                    Some(Kind::Str { .. })
                ) {
                    return None;
                }
                ExprKind::Str(body.to_string())
            }
            Kind::Op("(") => return self.bracket(nesting, "(", ")"),
            Kind::Op("[") => return self.bracket(nesting, "[", "]"),
            Kind::Op("{") => return self.dict(nesting),
            _ => return None,
        };
        self.i += 1;
        Some((
            Expr {
                rel: range.clone(),
                kind,
            },
            range,
        ))
    }

    /// `(...)` (a tuple, or one parenthesized expression) or `[...]`.
    fn bracket(&mut self, nesting: usize, open: &str, close: &str) -> Option<Spanned> {
        let first = self.eat(open)?;
        let mut elts: Vec<Spanned> = Vec::new();
        let mut trailing_comma = false;
        while self.peek_op() != Some(close) {
            elts.push(self.expr_at(nesting + 1)?);
            trailing_comma = self.eat(",").is_some();
            if !trailing_comma {
                break;
            }
        }
        let last = self.eat(close)?;
        let span = first.start..last.end;
        if open == "(" && elts.len() == 1 && !trailing_comma {
            let (e, _) = elts.pop().expect("one element");
            return Some((e, span));
        }
        let elts = elts.into_iter().map(|(e, _)| e).collect();
        let kind = if open == "(" {
            ExprKind::Tuple(elts)
        } else {
            ExprKind::List(elts)
        };
        Some((
            Expr {
                rel: span.clone(),
                kind,
            },
            span,
        ))
    }

    fn dict(&mut self, nesting: usize) -> Option<Spanned> {
        let first = self.eat("{")?;
        let mut items = Vec::new();
        while self.peek_op() != Some("}") {
            let (k, _) = self.expr_at(nesting + 1)?;
            self.eat(":")?;
            let (v, _) = self.expr_at(nesting + 1)?;
            items.push((Some(k), v));
            if self.eat(",").is_none() {
                break;
            }
        }
        let last = self.eat("}")?;
        let span = first.start..last.end;
        Some((
            Expr {
                rel: span.clone(),
                kind: ExprKind::Dict(items),
            },
            span,
        ))
    }
}

fn binop(left: Spanned, op: &'static str, right: Spanned) -> Spanned {
    let span = left.1.start..right.1.end;
    (
        Expr {
            rel: span.clone(),
            kind: ExprKind::BinOp {
                left: Box::new(left.0),
                op,
                right: Box::new(right.0),
            },
        },
        span,
    )
}
