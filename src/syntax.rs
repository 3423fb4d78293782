//! The small syntax tree the tool works on: top-level statements and the expressions of
//! assignments, with byte ranges, plus every identifier, string and comment of the file.
//!
//! [`crate::parse`] builds it from the parser's AST; nothing here depends on the parser. After an
//! edit, [`Module::splice`] replaces the statements of the edited region with a re-parse of that
//! region alone and shifts everything after it, so a step costs a parse of what it touched.

use std::ops::Range;

/// A parsed module: top-level statements and the lexical facts of the whole file.
#[derive(Debug, Clone, Default)]
pub struct Module {
    pub body: Vec<Stmt>,
    /// Every identifier token (`NAME`), in file order.
    pub names: Vec<(Range<usize>, String)>,
    /// Every string token, in file order (prefix and quotes included).
    pub strings: Vec<Range<usize>>,
    /// Every comment, from `#` to the end of its line (line ending excluded), in file order.
    pub comments: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub range: Range<usize>,
    pub kind: StmtKind,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    /// `a = b = value`
    Assign { targets: Vec<Expr>, value: Expr },
    /// `target op= value`; `op` is the operator's text (`+`, `-`, ...).
    AugAssign {
        target: Expr,
        op: &'static str,
        value: Expr,
    },
    /// `import a.b, c`: the dotted names.
    Import { names: Vec<String> },
    /// `from module import a, b` (`*` for a star import).
    ImportFrom { module: String, names: Vec<String> },
    /// Anything else; `assigns` lists names bound anywhere inside (an `if`, a `try`, a `for`).
    Other { assigns: Vec<String> },
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub range: Range<usize>,
    pub kind: ExprKind,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Str(String),
    Int(String),
    Float,
    Bool(bool),
    None,
    Name(String),
    Attribute {
        value: Box<Expr>,
        attr: String,
    },
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Dict(Vec<(Option<Expr>, Expr)>),
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        keywords: Vec<(Option<String>, Expr)>,
    },
    BinOp {
        left: Box<Expr>,
        op: &'static str,
        right: Box<Expr>,
    },
    /// Any other expression (comprehension, subscript, f-string, ...).
    Other,
}

/// Move a range by `by` bytes.
fn shift_range(r: &mut Range<usize>, by: isize) {
    r.start = r.start.wrapping_add_signed(by);
    r.end = r.end.wrapping_add_signed(by);
}

impl Stmt {
    /// Move the statement and everything in it by `by` bytes.
    pub fn shift(&mut self, by: isize) {
        shift_range(&mut self.range, by);
        match &mut self.kind {
            StmtKind::Assign { targets, value } => {
                targets.iter_mut().for_each(|t| t.shift(by));
                value.shift(by);
            }
            StmtKind::AugAssign { target, value, .. } => {
                target.shift(by);
                value.shift(by);
            }
            StmtKind::Import { .. } | StmtKind::ImportFrom { .. } | StmtKind::Other { .. } => {}
        }
    }
}

impl Expr {
    /// Move the expression and its parts by `by` bytes.
    pub fn shift(&mut self, by: isize) {
        shift_range(&mut self.range, by);
        match &mut self.kind {
            ExprKind::Attribute { value, .. } => value.shift(by),
            ExprKind::Tuple(v) | ExprKind::List(v) => v.iter_mut().for_each(|x| x.shift(by)),
            ExprKind::Dict(entries) => {
                for (k, v) in entries {
                    if let Some(k) = k {
                        k.shift(by);
                    }
                    v.shift(by);
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                func.shift(by);
                args.iter_mut().for_each(|x| x.shift(by));
                keywords.iter_mut().for_each(|(_, x)| x.shift(by));
            }
            ExprKind::BinOp { left, right, .. } => {
                left.shift(by);
                right.shift(by);
            }
            _ => {}
        }
    }
}

impl Module {
    /// Replace what lies in `old` (a region of whole lines of the old text) by `fragment`, the
    /// module parsed from the region's new text (offsets relative to the region), where the
    /// region grew by `delta` bytes. `first..last` are the indices of the old statements in
    /// the region.
    pub fn splice(
        &mut self,
        old: Range<usize>,
        stmts: Range<usize>,
        fragment: Module,
        delta: isize,
    ) {
        let at = old.start as isize;
        let start = stmts.start.min(self.body.len());
        let end = stmts.end.min(self.body.len()).max(start);
        let added = fragment.body.len();
        self.body.splice(start..end, fragment.body);
        self.body[start..start + added]
            .iter_mut()
            .for_each(|s| s.shift(at));
        self.body[start + added..]
            .iter_mut()
            .for_each(|s| s.shift(delta));
        splice_ranges(&mut self.strings, &old, fragment.strings, at, delta);
        splice_ranges(&mut self.comments, &old, fragment.comments, at, delta);
        splice_ranges(&mut self.names, &old, fragment.names, at, delta);
    }
}

/// Something with a byte range: a string or comment, or a named identifier.
trait HasRange {
    fn range(&self) -> &Range<usize>;
    fn range_mut(&mut self) -> &mut Range<usize>;
}

impl HasRange for Range<usize> {
    fn range(&self) -> &Range<usize> {
        self
    }
    fn range_mut(&mut self) -> &mut Range<usize> {
        self
    }
}

impl HasRange for (Range<usize>, String) {
    fn range(&self) -> &Range<usize> {
        &self.0
    }
    fn range_mut(&mut self) -> &mut Range<usize> {
        &mut self.0
    }
}

/// Replace the entries of `v` that lie in `old` by `new` (moved by `at`), and move the entries
/// after `old` by `delta`.
fn splice_ranges<T: HasRange>(
    v: &mut Vec<T>,
    old: &Range<usize>,
    new: Vec<T>,
    at: isize,
    delta: isize,
) {
    let from = v.partition_point(|x| x.range().start < old.start);
    let to = v.partition_point(|x| x.range().start < old.end);
    let added = new.len();
    v.splice(from..to, new);
    v[from..from + added]
        .iter_mut()
        .for_each(|x| shift_range(x.range_mut(), at));
    v[from + added..]
        .iter_mut()
        .for_each(|x| shift_range(x.range_mut(), delta));
}
