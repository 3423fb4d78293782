//! The one door to the Python parser.
//!
//! This is the only file that names `rustpython-parser` (no longer maintained). It turns the
//! parser's AST into the small syntax tree the rest of the tool needs: top-level statements and
//! the expressions of assignments, with byte ranges into the text that was parsed, plus every
//! identifier, string and comment of the file. Swapping the parser means rewriting this file.

use std::ops::Range;

use crate::syntax::fastparse::{self, Piece};
use crate::syntax::lexer::{self, Lexed};
pub use crate::syntax::{Expr, ExprKind, Module, Node, Stmt, StmtKind};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::lexer::{lex, LexResult};
use rustpython_parser::text_size::{TextRange, TextSize};
use rustpython_parser::{parse_tokens, Mode, ParseErrorType, StringKind, Tok};

/// The parser's first error: where it stopped and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    /// The error is an unexpected end of input.
    pub at_eof: bool,
    /// Found by the fast tokenizer at a Python 2 construct, without a message: if it cannot be
    /// neutralized, [`parse_exact`] gives the real error.
    pub provisional: bool,
}

/// Parse a module. `text` may start with a BOM; offsets point into `text` as given.
pub fn parse(text: &str) -> Result<Module, SyntaxError> {
    parse_lexed_text(text, lexer::lex(text))
}

/// Why [`parse_within`] gave no module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Nested past a bound (see [`crate::syntax::depth::too_deep`]).
    TooDeep(crate::syntax::depth::Deep),
    Syntax(SyntaxError),
}

/// [`parse`], after checking that the text is not nested deeper than `limit`: the bound is read
/// off the fast tokenizer's tokens when it takes the text (one scan of the bytes, not two).
pub fn parse_within(text: &str, limits: crate::syntax::depth::Limits) -> Result<Module, Failure> {
    let lexed = lexer::lex(text);
    let deep = match &lexed {
        Lexed::Tokens(tokens) => {
            let deep = lexer::too_deep(text, tokens, limits);
            #[cfg(debug_assertions)]
            assert_eq!(
                deep,
                crate::syntax::depth::too_deep(text, limits),
                "the depth read off the tokens differs from the scan's: {text:?}"
            );
            deep
        }
        _ => crate::syntax::depth::too_deep(text, limits),
    };
    if let Some(d) = deep {
        return Err(Failure::TooDeep(d));
    }
    parse_lexed_text(text, lexed).map_err(Failure::Syntax)
}

fn parse_lexed_text(text: &str, lexed: Lexed) -> Result<Module, SyntaxError> {
    let tokens = match lexed {
        Lexed::Tokens(tokens) => {
            if let Some(module) = parse_fast(text, &tokens) {
                #[cfg(debug_assertions)]
                check_against_parser(text, &tokens, &module);
                return Ok(module);
            }
            match convert(text, &tokens) {
                Some(tokens) => {
                    #[cfg(debug_assertions)]
                    check_against_parser_lexer(text, &tokens);
                    tokens
                }
                None => parser_lexer(text),
            }
        }
        // The parser's lexer stops there too; its message is not needed to neutralize it.
        Lexed::Python2 { offset } => {
            return Err(SyntaxError {
                offset,
                message: String::new(),
                at_eof: false,
                provisional: true,
            })
        }
        Lexed::Unsupported => parser_lexer(text),
    };
    parse_lexed(text, tokens)
}

/// The simple statements built by [`fastparse`], the others parsed by the parser in one call.
/// `None` when the parser has to see the whole file: nothing simple, a soft keyword, or an
/// error (whose exact words and place come from a parse of the whole file).
fn parse_fast(text: &str, tokens: &[lexer::Token]) -> Option<Module> {
    let pieces = fastparse::pieces(text, tokens);
    // Only statements for the parser: its own path (whose error is the exact one) is as cheap.
    if !pieces.is_empty() && !pieces.iter().any(|p| matches!(p, Piece::Built(_))) {
        return None;
    }
    let mut rest: Vec<LexResult> = Vec::new();
    for p in &pieces {
        if let Piece::Parser(r) = p {
            rest.extend(convert(text, &tokens[r.clone()])?);
        }
    }
    let mut body: Vec<Stmt> = Vec::with_capacity(pieces.len());
    if !rest.is_empty() {
        match parse_tokens(rest, Mode::Module, "<settings>") {
            Ok(ast::Mod::Module(m)) => body.extend(m.body.iter().map(|s| stmt(text, s))),
            _ => return None,
        }
    }
    body.extend(pieces.into_iter().filter_map(|p| match p {
        Piece::Built(s) => Some(s),
        Piece::Parser(_) => None,
    }));
    body.sort_by_key(|s| s.range.start);
    let mut module = Module::default();
    // (About half the tokens of a settings file are names or strings.)
    module.names.reserve(tokens.len() / 3 + 1);
    module.strings.reserve(tokens.len() / 4 + 1);
    let mut last_end = 0usize;
    for t in tokens {
        let r = t.start as usize..t.end as usize;
        scan_comments(text, last_end..r.start, &mut module.comments);
        last_end = last_end.max(r.end);
        match t.kind {
            lexer::Kind::Name if keyword(&text[r.clone()]).is_none() => module.names.push(r),
            lexer::Kind::Str { .. } => module.strings.push(r),
            _ => {}
        }
    }
    scan_comments(text, last_end..text.len(), &mut module.comments);
    module.binds = body.iter().map(|s| s.binds).collect();
    module.body = body;
    Some(module)
}

/// Debug builds: the fast statements must be exactly the parser's (small texts only).
#[cfg(debug_assertions)]
fn check_against_parser(text: &str, tokens: &[lexer::Token], fast: &Module) {
    if text.len() > 256 * 1024 {
        return;
    }
    let all = convert(text, tokens).expect("parse_fast converted every piece");
    let full = parse_lexed(text, all).unwrap_or_else(|e| {
        panic!("fast parse accepted a text the parser rejects ({e:?}): {text:?}")
    });
    let (want, got) = (format!("{full:?}"), format!("{fast:?}"));
    if want != got {
        let (want, got) = (format!("{full:#?}"), format!("{fast:#?}"));
        let d = similar::TextDiff::from_lines(&want, &got)
            .unified_diff()
            .to_string();
        panic!("fast parse differs from the parser on {text:?}:\n{d}");
    }
}

/// Parse with the parser's own lexer only: the exact error of a text [`parse`] stopped at
/// provisionally.
pub fn parse_exact(text: &str) -> Result<Module, SyntaxError> {
    parse_lexed(text, parser_lexer(text))
}

fn parser_lexer(text: &str) -> Vec<LexResult> {
    // The lexer repeats its end-of-file error forever when a bracket is left open: stop at the
    // first error, which the parser then reports.
    let mut tokens: Vec<LexResult> = Vec::new();
    for t in lex(text, Mode::Module) {
        let stop = t.is_err();
        tokens.push(t);
        if stop {
            break;
        }
    }
    tokens
}

/// Our tokens as the parser's. `None` when a name is a soft keyword (`match`, `case`, `type`),
/// whose meaning depends on the statement: the parser's lexer sorts those out.
fn convert(text: &str, tokens: &[lexer::Token]) -> Option<Vec<LexResult>> {
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let slice = &text[t.start as usize..t.end as usize];
        let tok = match t.kind {
            lexer::Kind::Name => match keyword(slice) {
                Some(Some(k)) => k,
                Some(None) => return None,
                None => Tok::Name {
                    name: slice.to_string(),
                },
            },
            lexer::Kind::Int(value) => Tok::Int {
                value: value.into(),
            },
            lexer::Kind::Float(value) => Tok::Float { value },
            lexer::Kind::Str { prefix, triple } => {
                let prefix = prefix as usize;
                let kind = match &slice.as_bytes()[..prefix] {
                    [] => StringKind::String,
                    [b'r' | b'R'] => StringKind::RawString,
                    [b'u' | b'U'] => StringKind::Unicode,
                    [b'b' | b'B'] => StringKind::Bytes,
                    _ => StringKind::RawBytes,
                };
                let quotes = if triple { 3 } else { 1 };
                let body = &slice[prefix + quotes..slice.len() - quotes];
                // The parser's lexer reads every line ending as `\n`.
                let value = if body.contains('\r') {
                    body.replace("\r\n", "\n").replace('\r', "\n")
                } else {
                    body.to_string()
                };
                Tok::String {
                    value,
                    kind,
                    triple_quoted: triple,
                }
            }
            lexer::Kind::Op(op) => operator_token(op)?,
            lexer::Kind::Newline => Tok::Newline,
            lexer::Kind::Indent => Tok::Indent,
            lexer::Kind::Dedent => Tok::Dedent,
        };
        let range = TextRange::new(TextSize::from(t.start), TextSize::from(t.end));
        out.push(Ok((tok, range)));
    }
    Some(out)
}

/// True for Python's keywords (not the soft ones: `match`, `case`, `type` are names too).
pub fn is_keyword(name: &str) -> bool {
    matches!(keyword(name), Some(Some(_)))
}

/// `Some(Some(tok))` for a keyword, `Some(None)` for a soft keyword, `None` for a plain name.
fn keyword(name: &str) -> Option<Option<Tok>> {
    Some(Some(match name {
        "False" => Tok::False,
        "None" => Tok::None,
        "True" => Tok::True,
        "and" => Tok::And,
        "as" => Tok::As,
        "assert" => Tok::Assert,
        "async" => Tok::Async,
        "await" => Tok::Await,
        "break" => Tok::Break,
        "class" => Tok::Class,
        "continue" => Tok::Continue,
        "def" => Tok::Def,
        "del" => Tok::Del,
        "elif" => Tok::Elif,
        "else" => Tok::Else,
        "except" => Tok::Except,
        "finally" => Tok::Finally,
        "for" => Tok::For,
        "from" => Tok::From,
        "global" => Tok::Global,
        "if" => Tok::If,
        "import" => Tok::Import,
        "in" => Tok::In,
        "is" => Tok::Is,
        "lambda" => Tok::Lambda,
        "nonlocal" => Tok::Nonlocal,
        "not" => Tok::Not,
        "or" => Tok::Or,
        "pass" => Tok::Pass,
        "raise" => Tok::Raise,
        "return" => Tok::Return,
        "try" => Tok::Try,
        "while" => Tok::While,
        "with" => Tok::With,
        "yield" => Tok::Yield,
        "match" | "case" | "type" => return Some(None),
        _ => return None,
    }))
}

fn operator_token(op: &str) -> Option<Tok> {
    Some(match op {
        "(" => Tok::Lpar,
        ")" => Tok::Rpar,
        "[" => Tok::Lsqb,
        "]" => Tok::Rsqb,
        "{" => Tok::Lbrace,
        "}" => Tok::Rbrace,
        ":" => Tok::Colon,
        "," => Tok::Comma,
        ";" => Tok::Semi,
        "+" => Tok::Plus,
        "-" => Tok::Minus,
        "*" => Tok::Star,
        "/" => Tok::Slash,
        "|" => Tok::Vbar,
        "&" => Tok::Amper,
        "<" => Tok::Less,
        ">" => Tok::Greater,
        "=" => Tok::Equal,
        "." => Tok::Dot,
        "%" => Tok::Percent,
        "==" => Tok::EqEqual,
        "!=" => Tok::NotEqual,
        "<=" => Tok::LessEqual,
        ">=" => Tok::GreaterEqual,
        "~" => Tok::Tilde,
        "^" => Tok::CircumFlex,
        "<<" => Tok::LeftShift,
        ">>" => Tok::RightShift,
        "**" => Tok::DoubleStar,
        "**=" => Tok::DoubleStarEqual,
        "+=" => Tok::PlusEqual,
        "-=" => Tok::MinusEqual,
        "*=" => Tok::StarEqual,
        "/=" => Tok::SlashEqual,
        "%=" => Tok::PercentEqual,
        "&=" => Tok::AmperEqual,
        "|=" => Tok::VbarEqual,
        "^=" => Tok::CircumflexEqual,
        "<<=" => Tok::LeftShiftEqual,
        ">>=" => Tok::RightShiftEqual,
        "//" => Tok::DoubleSlash,
        "//=" => Tok::DoubleSlashEqual,
        ":=" => Tok::ColonEqual,
        "@" => Tok::At,
        "@=" => Tok::AtEqual,
        "->" => Tok::Rarrow,
        "..." => Tok::Ellipsis,
        _ => return None,
    })
}

/// Debug builds: the fast tokens must be exactly the parser's lexer's (small texts only, so
/// that debug runs on big files stay linear).
#[cfg(debug_assertions)]
fn check_against_parser_lexer(text: &str, ours: &[LexResult]) {
    if text.len() > 256 * 1024 {
        return;
    }
    let theirs = parser_lexer(text);
    assert!(
        theirs.iter().all(|t| t.is_ok()) && theirs.len() == ours.len(),
        "fast lexer disagrees with the parser's lexer on {text:?}: {} vs {} tokens, theirs end {:?}",
        ours.len(),
        theirs.len(),
        theirs.last()
    );
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(
            a, b,
            "fast lexer disagrees with the parser's lexer on {text:?}"
        );
    }
}

fn parse_lexed(text: &str, tokens: Vec<LexResult>) -> Result<Module, SyntaxError> {
    let mut module = Module::default();
    let mut last_end = 0usize;
    for (tok, range) in tokens.iter().flatten() {
        let r = to_range(*range);
        scan_comments(text, last_end..r.start, &mut module.comments);
        last_end = last_end.max(r.end);
        match tok {
            Tok::Name { .. } => module.names.push(r),
            Tok::String { .. } => module.strings.push(r),
            _ => {}
        }
    }
    scan_comments(text, last_end..text.len(), &mut module.comments);
    let parsed = parse_tokens(tokens, Mode::Module, "<settings>").map_err(|e| {
        let at_eof = matches!(e.error, ParseErrorType::Eof);
        SyntaxError {
            offset: usize::from(e.offset).min(text.len()),
            message: e.error.to_string(),
            at_eof,
            provisional: false,
        }
    })?;
    let body = match parsed {
        ast::Mod::Module(m) => m.body,
        _ => Vec::new(),
    };
    module.body = body.iter().map(|s| stmt(text, s)).collect();
    module.binds = module.body.iter().map(|s| s.binds).collect();
    Ok(module)
}

/// Comments between two tokens: the gap holds only whitespace, line continuations and comments.
fn scan_comments(text: &str, gap: Range<usize>, out: &mut Vec<Range<usize>>) {
    // (Called for the gap before every token: most are empty or a space.)
    let bytes = text.as_bytes();
    let end = gap.end.min(bytes.len());
    let mut i = gap.start;
    while i < end {
        if bytes[i] == b'#' {
            let start = i;
            i = memchr::memchr2(b'\n', b'\r', &bytes[i..end]).map_or(end, |n| i + n);
            out.push(start..i);
        } else {
            i += 1;
        }
    }
}

fn to_range(r: rustpython_parser::text_size::TextRange) -> Range<usize> {
    usize::from(r.start())..usize::from(r.end())
}

fn stmt(text: &str, s: &ast::Stmt) -> Stmt {
    let range = to_range(s.range());
    let src = text.get(range.clone()).unwrap_or_default();
    // An assignment that also binds a name with `:=` is not a plain one (`Y = (X := 1)`).
    let mut walrus = Vec::new();
    if matches!(s, ast::Stmt::Assign(_) | ast::Stmt::AugAssign(_)) && src.contains(":=") {
        crate::syntax::scan::walrus_names(src, &mut walrus);
    }
    let kind = match s {
        ast::Stmt::Assign(_) | ast::Stmt::AugAssign(_) if !walrus.is_empty() => {
            let mut assigns = Vec::new();
            nested_assigns(s, &mut assigns);
            assigns.extend(walrus);
            StmtKind::Other { assigns }
        }
        ast::Stmt::Assign(a) => StmtKind::Assign {
            targets: a.targets.iter().map(expr).collect(),
            value: expr(&a.value),
        },
        ast::Stmt::AugAssign(a) => StmtKind::AugAssign {
            target: expr(&a.target),
            op: operator(&a.op),
            value: expr(&a.value),
        },
        // `import a.b` binds `a`; `as` binds the alias.
        ast::Stmt::Import(i) => StmtKind::Import {
            names: i.names.iter().map(|a| a.name.to_string()).collect(),
            bound: i
                .names
                .iter()
                .map(|a| match &a.asname {
                    Some(n) => n.to_string(),
                    None => a.name.split('.').next().unwrap_or_default().to_string(),
                })
                .collect(),
        },
        ast::Stmt::ImportFrom(i) => StmtKind::ImportFrom {
            module: i.module.as_ref().map(|m| m.to_string()).unwrap_or_default(),
            names: i.names.iter().map(|a| a.name.to_string()).collect(),
            bound: i
                .names
                .iter()
                .map(|a| a.asname.as_ref().unwrap_or(&a.name).to_string())
                .collect(),
        },
        other => {
            let mut assigns = Vec::new();
            nested_assigns(other, &mut assigns);
            if !matches!(
                other,
                ast::Stmt::FunctionDef(_) | ast::Stmt::AsyncFunctionDef(_) | ast::Stmt::ClassDef(_)
            ) {
                crate::syntax::scan::walrus_names(
                    text.get(range.clone()).unwrap_or_default(),
                    &mut assigns,
                );
            }
            StmtKind::Other { assigns }
        }
    };
    Stmt::new(range, kind)
}

/// Names bound inside compound statements (`if DEBUG: X = 1`, `try: ... except: ...`).
fn nested_assigns(s: &ast::Stmt, out: &mut Vec<String>) {
    let mut bodies: Vec<&[ast::Stmt]> = Vec::new();
    match s {
        ast::Stmt::Assign(a) => {
            for t in &a.targets {
                target_names(t, out);
            }
        }
        ast::Stmt::AugAssign(a) => target_names(&a.target, out),
        ast::Stmt::AnnAssign(a) => target_names(&a.target, out),
        ast::Stmt::If(i) => {
            bodies.push(&i.body);
            bodies.push(&i.orelse);
        }
        ast::Stmt::Try(t) => {
            bodies.push(&t.body);
            bodies.push(&t.orelse);
            bodies.push(&t.finalbody);
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                bodies.push(&h.body);
            }
        }
        ast::Stmt::For(f) => {
            target_names(&f.target, out);
            bodies.push(&f.body);
            bodies.push(&f.orelse);
        }
        ast::Stmt::While(w) => {
            bodies.push(&w.body);
            bodies.push(&w.orelse);
        }
        ast::Stmt::With(w) => bodies.push(&w.body),
        ast::Stmt::FunctionDef(f) => out.push(f.name.to_string()),
        ast::Stmt::ClassDef(c) => out.push(c.name.to_string()),
        _ => {}
    }
    for body in bodies {
        for s in body {
            nested_assigns(s, out);
        }
    }
}

fn target_names(e: &ast::Expr, out: &mut Vec<String>) {
    match e {
        ast::Expr::Name(n) => out.push(n.id.to_string()),
        ast::Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        ast::Expr::List(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        _ => {}
    }
}

fn expr(e: &ast::Expr) -> Expr {
    let range = to_range(e.range());
    let kind = match e {
        ast::Expr::Constant(c) => match &c.value {
            ast::Constant::Str(s) => ExprKind::Str(s.clone()),
            ast::Constant::Int(i) => ExprKind::Int(i.to_string()),
            ast::Constant::Float(_) => ExprKind::Float,
            ast::Constant::Bool(b) => ExprKind::Bool(*b),
            ast::Constant::None => ExprKind::None,
            _ => ExprKind::Other,
        },
        ast::Expr::Name(n) => ExprKind::Name(n.id.to_string()),
        ast::Expr::Attribute(a) => ExprKind::Attribute {
            value: Box::new(expr(&a.value)),
            attr: a.attr.to_string(),
        },
        ast::Expr::Tuple(t) => ExprKind::Tuple(t.elts.iter().map(expr).collect()),
        ast::Expr::List(t) => ExprKind::List(t.elts.iter().map(expr).collect()),
        ast::Expr::Dict(d) => ExprKind::Dict(
            d.keys
                .iter()
                .zip(&d.values)
                .map(|(k, v)| (k.as_ref().map(expr), expr(v)))
                .collect(),
        ),
        ast::Expr::Call(c) => ExprKind::Call(Box::new(crate::syntax::Call {
            func: expr(&c.func),
            args: c.args.iter().map(expr).collect(),
            keywords: c
                .keywords
                .iter()
                .map(|k| (k.arg.as_ref().map(|a| a.to_string()), expr(&k.value)))
                .collect(),
        })),
        ast::Expr::BinOp(b) => ExprKind::BinOp {
            left: Box::new(expr(&b.left)),
            op: operator(&b.op),
            right: Box::new(expr(&b.right)),
        },
        _ => ExprKind::Other,
    };
    Expr { rel: range, kind }
}

fn operator(op: &ast::Operator) -> &'static str {
    match op {
        ast::Operator::Add => "+",
        ast::Operator::Sub => "-",
        ast::Operator::Mult => "*",
        ast::Operator::MatMult => "@",
        ast::Operator::Div => "/",
        ast::Operator::Mod => "%",
        ast::Operator::Pow => "**",
        ast::Operator::LShift => "<<",
        ast::Operator::RShift => ">>",
        ast::Operator::BitOr => "|",
        ast::Operator::BitXor => "^",
        ast::Operator::BitAnd => "&",
        ast::Operator::FloorDiv => "//",
    }
}

#[cfg(test)]
mod tests;
