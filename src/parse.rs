//! The one door to the Python parser.
//!
//! This is the only file that names `rustpython-parser` (no longer maintained). It turns the
//! parser's AST into the small syntax tree the rest of the tool needs: top-level statements and
//! the expressions of assignments, with byte ranges into the text that was parsed, plus every
//! identifier, string and comment of the file. Swapping the parser means rewriting this file.

use std::ops::Range;

pub use crate::syntax::{Expr, ExprKind, Module, Stmt, StmtKind};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::lexer::{lex, LexResult};
use rustpython_parser::{parse_tokens, Mode, ParseErrorType, Tok};

/// The parser's first error: where it stopped and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    /// The error is an unexpected end of input.
    pub at_eof: bool,
}

/// Parse a module. `text` may start with a BOM; offsets point into `text` as given.
pub fn parse(text: &str) -> Result<Module, SyntaxError> {
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
    let mut module = Module::default();
    let mut last_end = 0usize;
    for (tok, range) in tokens.iter().flatten() {
        let r = to_range(*range);
        scan_comments(text, last_end..r.start, &mut module.comments);
        last_end = last_end.max(r.end);
        match tok {
            Tok::Name { name } => module.names.push((r, name.clone())),
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
        }
    })?;
    let body = match parsed {
        ast::Mod::Module(m) => m.body,
        _ => Vec::new(),
    };
    module.body = body.iter().map(stmt).collect();
    module.binds = module.body.iter().map(|s| s.binds).collect();
    Ok(module)
}

/// Comments between two tokens: the gap holds only whitespace, line continuations and comments.
fn scan_comments(text: &str, gap: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(slice) = text.get(gap.clone()) else {
        return;
    };
    let bytes = slice.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'#' {
            let start = i;
            while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                i += 1;
            }
            out.push(gap.start + start..gap.start + i);
        } else {
            i += 1;
        }
    }
}

fn to_range(r: rustpython_parser::text_size::TextRange) -> Range<usize> {
    usize::from(r.start())..usize::from(r.end())
}

fn stmt(s: &ast::Stmt) -> Stmt {
    let range = to_range(s.range());
    let kind = match s {
        ast::Stmt::Assign(a) => StmtKind::Assign {
            targets: a.targets.iter().map(expr).collect(),
            value: expr(&a.value),
        },
        ast::Stmt::AugAssign(a) => StmtKind::AugAssign {
            target: expr(&a.target),
            op: operator(&a.op),
            value: expr(&a.value),
        },
        ast::Stmt::Import(i) => StmtKind::Import {
            names: i.names.iter().map(|a| a.name.to_string()).collect(),
        },
        ast::Stmt::ImportFrom(i) => StmtKind::ImportFrom {
            module: i.module.as_ref().map(|m| m.to_string()).unwrap_or_default(),
            names: i.names.iter().map(|a| a.name.to_string()).collect(),
        },
        other => {
            let mut assigns = Vec::new();
            nested_assigns(other, &mut assigns);
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
        ast::Expr::Call(c) => ExprKind::Call {
            func: Box::new(expr(&c.func)),
            args: c.args.iter().map(expr).collect(),
            keywords: c
                .keywords
                .iter()
                .map(|k| (k.arg.as_ref().map(|a| a.to_string()), expr(&k.value)))
                .collect(),
        },
        ast::Expr::BinOp(b) => ExprKind::BinOp {
            left: Box::new(expr(&b.left)),
            op: operator(&b.op),
            right: Box::new(expr(&b.right)),
        },
        _ => ExprKind::Other,
    };
    Expr { range, kind }
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
