//! The small syntax tree the tool works on: top-level statements and the expressions of
//! assignments, with byte ranges, plus every identifier, string and comment of the file.
//!
//! [`crate::syntax::parse`] builds it from the parser's AST; nothing here depends on the parser. After an
//! edit, [`Module::splice`] replaces the statements of the edited region with a re-parse of that
//! region alone and shifts everything after it, so a step costs a parse of what it touched.

pub mod depth;
pub mod fastparse;
pub mod lexer;
pub mod parse;
pub mod py2;
pub mod scan;
mod splice;

use std::ops::Range;

/// A parsed module: top-level statements and the lexical facts of the whole file.
#[derive(Debug, Clone, Default)]
pub struct Module {
    pub body: Vec<Stmt>,
    /// `binds` of every statement of `body`, side by side: lookups scan this short array.
    pub binds: Vec<u64>,
    /// Every identifier token (`NAME`), in file order (its name is the text there: the parser
    /// does not normalize identifiers).
    pub names: Vec<Range<usize>>,
    /// Every string token, in file order (prefix and quotes included).
    pub strings: Vec<Range<usize>>,
    /// Every comment, from `#` to the end of its line (line ending excluded), in file order.
    pub comments: Vec<Range<usize>>,
    /// The Python 2-only constructs the parser was shown a Python 3 stand-in for, in file order.
    pub python2: Vec<py2::Construct>,
    /// Moves of the entries from an index on, not applied yet (see [`Module::defer_shift`]):
    /// of `body`, `names`, `strings`, `comments` and `python2`.
    pending: [Vec<(usize, isize)>; 5],
}

/// The index of the statements' moves in [`Module::pending`].
const BODY: usize = 0;

#[derive(Debug, Clone)]
pub struct Stmt {
    /// Two bits per name the statement binds ([`name_bit`]): a quick filter for lookups.
    pub binds: u64,
    pub range: Range<usize>,
    /// Behind a pointer: a statement is then 32 bytes, and the statements after each batch of
    /// edits, which are moved ([`Module::settle`]), are read and written as one short array.
    pub kind: Box<StmtKind>,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    /// `a = b = value`
    Assign { targets: Targets, value: Expr },
    /// `target op= value`; `op` is the operator's text (`+`, `-`, ...).
    AugAssign {
        target: Expr,
        op: &'static str,
        value: Expr,
    },
    /// `import a.b, c as d`: the dotted names (`a.b`, `c`) and the names bound (`a`, `d`).
    Import {
        names: Vec<String>,
        bound: Vec<String>,
    },
    /// `from module import a, b as c` (`*` for a star import): the names imported (`a`, `b`)
    /// and the names bound (`a`, `c`).
    ImportFrom {
        module: String,
        names: Vec<String>,
        bound: Vec<String>,
    },
    /// Anything else; `assigns` lists names bound anywhere inside (an `if`, a `try`, a `for`).
    Other { assigns: Vec<String> },
}

/// The targets of an assignment: one, nearly always, kept inline (no allocation per target).
pub type Targets = smallvec::SmallVec<[Expr; 1]>;

/// An expression. Its range is relative to the start of its statement ([`Expr::abs`] gives the
/// offsets in the file), so that moving a statement after an edit is one addition, not a walk
/// of its tree: a 10 MB file moves hundreds of thousands of statements per batch of edits.
#[derive(Debug, Clone)]
pub struct Expr {
    pub rel: Range<usize>,
    pub kind: ExprKind,
}

/// An expression with the start of its statement: what its offsets in the file need.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    base: usize,
    pub expr: &'a Expr,
}

impl<'a> Node<'a> {
    /// An expression of `stmt` (its value, a target, or a part of them).
    pub fn of(stmt: &'a Stmt, expr: &'a Expr) -> Node<'a> {
        Node {
            base: stmt.range.start,
            expr,
        }
    }

    /// The expression's range in the file.
    pub fn range(&self) -> Range<usize> {
        self.expr.abs(self.base)
    }

    pub fn kind(&self) -> &'a ExprKind {
        &self.expr.kind
    }

    /// A part of this expression (an element, a key or a value, an operand).
    pub fn child(&self, expr: &'a Expr) -> Node<'a> {
        Node {
            base: self.base,
            expr,
        }
    }
}

impl std::ops::Deref for Node<'_> {
    type Target = Expr;
    fn deref(&self) -> &Expr {
        self.expr
    }
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
    /// Boxed: calls are rare, and every other expression stays small (statements are moved
    /// after each edit, so their size is what a 10 MB file pays for).
    Call(Box<Call>),
    BinOp {
        left: Box<Expr>,
        op: &'static str,
        right: Box<Expr>,
    },
    /// Any other expression (comprehension, subscript, f-string, ...).
    Other,
}

/// `func(args, key=value)`.
#[derive(Debug, Clone)]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Expr>,
    pub keywords: Vec<(Option<String>, Expr)>,
}

/// Move a range by `by` bytes.
fn shift_range(r: &mut Range<usize>, by: isize) {
    r.start = r.start.wrapping_add_signed(by);
    r.end = r.end.wrapping_add_signed(by);
}

/// The bits of a name in [`Stmt::binds`]: two of the 64, so that a lookup in a file of
/// many assignments reads few statements that do not bind the name (1 in 2,000 or so for
/// statements that bind one name, against 1 in 64 with one bit).
pub fn name_bit(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (1 << (h % 64)) | (1 << ((h >> 32) % 64))
}

impl Stmt {
    pub fn new(range: Range<usize>, kind: StmtKind) -> Stmt {
        fn target_bits(e: &Expr) -> u64 {
            match &e.kind {
                ExprKind::Name(n) => name_bit(n),
                ExprKind::Tuple(v) | ExprKind::List(v) => {
                    v.iter().map(target_bits).fold(0, |a, b| a | b)
                }
                _ => 0,
            }
        }
        let binds = match &kind {
            StmtKind::Assign { targets, .. } => {
                targets.iter().map(target_bits).fold(0, |a, b| a | b)
            }
            StmtKind::AugAssign { target, .. } => target_bits(target),
            StmtKind::Import { bound, .. } | StmtKind::ImportFrom { bound, .. } => {
                bound.iter().map(|n| name_bit(n)).fold(0, |a, b| a | b)
            }
            StmtKind::Other { assigns } => {
                assigns.iter().map(|n| name_bit(n)).fold(0, |a, b| a | b)
            }
        };
        let mut kind = Box::new(kind);
        exprs_mut(&mut kind).for_each(|e| e.shift(-(range.start as isize)));
        Stmt { binds, range, kind }
    }

    /// The expression of this statement whose range in the file is exactly `r`.
    pub fn find_mut(&mut self, r: &Range<usize>) -> Option<&mut Expr> {
        let base = self.range.start;
        let rel = r.start.checked_sub(base)?..r.end.checked_sub(base)?;
        match &mut *self.kind {
            StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => {
                value.find_mut(&rel)
            }
            _ => None,
        }
    }

    /// The innermost bracketed tuple, list or dict in this statement's value whose inside
    /// holds `lo..hi` (offsets in `text`, the file), as the path of element indices that leads
    /// to it; `None` when the value is not an assignment's literal that holds it.
    pub fn container_path(&self, text: &str, lo: usize, hi: usize) -> Option<Vec<usize>> {
        let value = match &*self.kind {
            StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => value,
            _ => return None,
        };
        let base = self.range.start;
        let mut path = Vec::new();
        (lo >= base && value.container_path(text.get(base..)?, lo - base, hi - base, &mut path))
            .then_some(path)
    }

    /// Move the statement by `by` bytes (its expressions are relative to it).
    pub fn shift(&mut self, by: isize) {
        shift_range(&mut self.range, by);
    }
}

/// The top-level expressions of a statement: its targets and its value.
fn exprs_mut(kind: &mut StmtKind) -> impl Iterator<Item = &mut Expr> {
    let (targets, value): (&mut [Expr], Option<&mut Expr>) = match kind {
        StmtKind::Assign { targets, value } => (targets, Some(value)),
        StmtKind::AugAssign { target, value, .. } => (std::slice::from_mut(target), Some(value)),
        StmtKind::Import { .. } | StmtKind::ImportFrom { .. } | StmtKind::Other { .. } => {
            (&mut [], None)
        }
    };
    targets.iter_mut().chain(value)
}

impl Expr {
    /// The expression's range in the file, for a statement starting at `base`.
    pub fn abs(&self, base: usize) -> Range<usize> {
        self.rel.start + base..self.rel.end + base
    }

    /// Move the expression and its parts by `by` bytes.
    pub fn shift(&mut self, by: isize) {
        shift_range(&mut self.rel, by);
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
            ExprKind::Call(call) => {
                let Call {
                    func,
                    args,
                    keywords,
                } = &mut **call;
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

impl Stmt {
    /// Move every range that ends at or after `at` (its end) or starts at or after it (its
    /// start) by `by`: what an edit just before `at` does to this statement.
    pub fn shift_from(&mut self, at: usize, by: isize) {
        // A statement that starts at or after `at` moves whole: its expressions, relative to
        // it, stay. Otherwise they move as the text inside it does.
        if self.range.start >= at {
            shift_range(&mut self.range, by);
            return;
        }
        shift_range_from(&mut self.range, at, by);
        let at = at - self.range.start;
        exprs_mut(&mut self.kind).for_each(|e| e.shift_from(at, by));
    }
}

fn shift_range_from(r: &mut Range<usize>, at: usize, by: isize) {
    if r.start >= at {
        r.start = r.start.wrapping_add_signed(by);
    }
    if r.end >= at {
        r.end = r.end.wrapping_add_signed(by);
    }
}

impl Expr {
    /// The expression within this one whose (relative) range is exactly `r`.
    pub fn find_mut(&mut self, r: &Range<usize>) -> Option<&mut Expr> {
        if self.rel == *r {
            return Some(self);
        }
        if !(self.rel.start <= r.start && r.end <= self.rel.end) {
            return None;
        }
        match &mut self.kind {
            ExprKind::Attribute { value, .. } => value.find_mut(r),
            ExprKind::Tuple(v) | ExprKind::List(v) => v.iter_mut().find_map(|x| x.find_mut(r)),
            ExprKind::Dict(entries) => entries.iter_mut().find_map(|(k, v)| match k {
                Some(k) if k.rel.start <= r.start && r.end <= k.rel.end => k.find_mut(r),
                _ => v.find_mut(r),
            }),
            ExprKind::Call(call) => {
                let Call {
                    func,
                    args,
                    keywords,
                } = &mut **call;
                func.find_mut(r)
                    .or_else(|| args.iter_mut().find_map(|x| x.find_mut(r)))
                    .or_else(|| keywords.iter_mut().find_map(|(_, x)| x.find_mut(r)))
            }
            ExprKind::BinOp { left, right, .. } => left.find_mut(r).or_else(|| right.find_mut(r)),
            _ => None,
        }
    }

    /// [`Stmt::shift_from`] for an expression (`at` relative to its statement).
    pub fn shift_from(&mut self, at: usize, by: isize) {
        if self.rel.end < at {
            return;
        }
        shift_range_from(&mut self.rel, at, by);
        match &mut self.kind {
            ExprKind::Attribute { value, .. } => value.shift_from(at, by),
            // Elements are in file order: those that end before `at` stay.
            ExprKind::Tuple(v) | ExprKind::List(v) => {
                let first = v.partition_point(|x| x.rel.end < at);
                v[first..].iter_mut().for_each(|x| x.shift_from(at, by))
            }
            ExprKind::Dict(entries) => {
                let first = entries.partition_point(|(_, v)| v.rel.end < at);
                for (k, v) in &mut entries[first..] {
                    if let Some(k) = k {
                        k.shift_from(at, by);
                    }
                    v.shift_from(at, by);
                }
            }
            ExprKind::Call(call) => {
                let Call {
                    func,
                    args,
                    keywords,
                } = &mut **call;
                func.shift_from(at, by);
                args.iter_mut().for_each(|x| x.shift_from(at, by));
                keywords.iter_mut().for_each(|(_, x)| x.shift_from(at, by));
            }
            ExprKind::BinOp { left, right, .. } => {
                left.shift_from(at, by);
                right.shift_from(at, by);
            }
            _ => {}
        }
    }

    /// The innermost bracketed tuple, list or dict in this expression whose inside holds
    /// `lo..hi` (relative to the statement, which starts at `text`), as the path of element
    /// indices that leads to it.
    fn container_path(&self, text: &str, lo: usize, hi: usize, path: &mut Vec<usize>) -> bool {
        let bracketed = matches!(
            text.as_bytes().get(self.rel.start),
            Some(b'(' | b'[' | b'{')
        );
        let inside = bracketed && self.rel.start < lo && hi < self.rel.end;
        // Elements are in file order: the one that may hold `lo..hi` is found by bisection.
        let found = match &self.kind {
            ExprKind::Tuple(v) | ExprKind::List(v) if inside => {
                let i = v.partition_point(|c| c.rel.end <= lo);
                v.get(i).map(|c| (c, i))
            }
            ExprKind::Dict(entries) if inside && entries.iter().all(|(k, _)| k.is_some()) => {
                let i = entries.partition_point(|(_, v)| v.rel.end <= lo);
                entries.get(i).map(|(_, v)| (v, i))
            }
            _ => return false,
        };
        if let Some((c, i)) = found {
            if c.rel.start < lo && hi < c.rel.end {
                path.push(i);
                if c.container_path(text, lo, hi, path) {
                    return true;
                }
                path.pop();
            }
        }
        true
    }

    /// The expression at `path` (element indices; a dict's values).
    pub fn at_path(&self, path: &[usize]) -> Option<&Expr> {
        let Some((first, rest)) = path.split_first() else {
            return Some(self);
        };
        let child = match &self.kind {
            ExprKind::Tuple(v) | ExprKind::List(v) => v.get(*first)?,
            ExprKind::Dict(entries) => &entries.get(*first)?.1,
            _ => return None,
        };
        child.at_path(rest)
    }

    /// [`Expr::at_path`], mutable.
    pub fn at_path_mut(&mut self, path: &[usize]) -> Option<&mut Expr> {
        let Some((first, rest)) = path.split_first() else {
            return Some(self);
        };
        let child = match &mut self.kind {
            ExprKind::Tuple(v) | ExprKind::List(v) => v.get_mut(*first)?,
            ExprKind::Dict(entries) => &mut entries.get_mut(*first)?.1,
            _ => return None,
        };
        child.at_path_mut(rest)
    }
}
