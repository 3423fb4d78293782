//! The settings model: a parsed `settings.py` seen as Django settings.
//!
//! [`SettingsFile`] parses the text once and answers the questions the operations ask, always
//! with byte ranges into the original text: which top-level statements assign a name, the
//! elements of a tuple or list (with their commas and the commented-out entries between them),
//! the entries of a dict, the imports, the comments and the file's own style (quotes, line ending).

pub mod apps;
mod containers;
pub mod lines;
pub mod path;
mod queries;
pub(crate) use containers::commented_literal;
pub use queries::{str_ref, str_value};
mod splice;
pub mod style;
pub mod values;

use std::ops::Range;

/// Brackets an offset inside a skip reason ([`SettingsFile::line_ref`]); the engine replaces
/// each bracketed offset by its line in the file the user has.
pub const LINE_REF: char = '\u{1}';

use crate::syntax::parse::{self, Expr, ExprKind, Module, Node, Stmt, StmtKind};
use crate::syntax::scan;
use crate::text::edit::{self, Edit, Kept};
use crate::text::source::{self, LineIndex};

/// Why a text could not be modelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseFailure {
    Syntax {
        offset: usize,
        message: String,
        at_eof: bool,
    },
    /// Nested past a bound: brackets and blocks, or (`chain`) operator chains.
    TooDeep { offset: usize, chain: bool },
}

/// A parsed settings file. The text is the original (edits apply to it); the parser may have
/// seen a shadow copy where Python 2-only constructs were replaced by same-length equivalents.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    text: String,
    module: Module,
    lines: LineIndex,
    newline: &'static str,
    /// The stretches of the text that are still the text it was parsed from (or the text at
    /// the last [`SettingsFile::rebase_kept`]): the diff aligns them without searching.
    kept: Vec<Kept>,
    /// What queries computed on this text, forgotten at every edit.
    memo: Memo,
}

/// A settings file as it was at one moment ([`SettingsFile::snapshot`]), kept as the way
/// back from the file it became: the edits made since, inverted ([`Snapshot::record`]). No
/// copy of the text: [`SettingsFile::restore`] undoes the edits on the text of the moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    newline: &'static str,
    kept: Vec<Kept>,
    /// Each batch of edits made since, inverted (ranges in the text it made, contents the
    /// text it replaced), in the order they were made.
    undo: Vec<Vec<Edit>>,
}

impl Snapshot {
    /// Note a batch of edits about to be applied to `file` (the text they apply to).
    pub fn record(&mut self, file: &SettingsFile, edits: &[Edit]) {
        let mut order: Vec<&Edit> = edits.iter().collect();
        // The order `edit::apply` uses (stable: same-offset insertions keep theirs).
        order.sort_by_key(|e| (e.range.start, e.range.end));
        let mut delta: isize = 0;
        let mut inverse = Vec::with_capacity(order.len());
        for e in order {
            let start = (e.range.start as isize + delta) as usize;
            let old = file.text.get(e.range.clone()).unwrap_or_default();
            inverse.push(Edit::replace(start..start + e.content.len(), old));
            delta += e.content.len() as isize - e.range.len() as isize;
        }
        self.undo.push(inverse);
    }
}

/// Answers about the whole file that many operations ask for, kept until the next edit.
#[derive(Debug, Clone, Default)]
struct Memo {
    quote: std::cell::Cell<Option<char>>,
}

/// Cap on Python 2 constructs neutralized in one file (each costs one parse).
const MAX_PY2_FIXES: usize = 64;

/// A container literal: the index of its statement and the path of element indices to it.
type ContainerKey = (usize, Vec<usize>);

/// Why edits could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditFailure {
    Overlap(crate::text::edit::Overlap),
    Parse(ParseFailure),
}

/// Read a run of sequence elements made only of plain string literals (no prefix, no escape,
/// on one line), commas, comments and whitespace: the common shape of INSTALLED_APPS. Offsets
/// are relative to `text`. None for anything else, or when `followed` (another element comes
/// after the run) and the run does not end with a comma.
fn simple_elements(text: &str, followed: bool) -> Option<(Expr, Module)> {
    let mut items = Vec::new();
    let mut fragment = Module::default();
    let mut expect_comma = false;
    for p in scan::pieces(text.as_bytes()) {
        match p.kind {
            scan::Kind::LineEnd => {}
            scan::Kind::Comment => fragment.comments.push(p.start..p.end),
            scan::Kind::Op(",") if expect_comma => expect_comma = false,
            scan::Kind::Str {
                prefix: 0,
                triple: false,
                closed: true,
            } if !expect_comma => {
                let value = text.get(p.start + 1..p.end - 1)?;
                if value.contains('\\') {
                    return None;
                }
                items.push(Expr {
                    rel: p.start..p.end,
                    kind: ExprKind::Str(value.to_string()),
                });
                fragment.strings.push(p.start..p.end);
                expect_comma = true;
            }
            _ => return None,
        }
    }
    if followed && expect_comma {
        return None;
    }
    Some((
        Expr {
            rel: 0..text.len(),
            kind: ExprKind::List(items),
        },
        fragment,
    ))
}

/// Parse a text (a whole file or a region of whole lines), neutralizing Python 2 constructs.
fn parse_module(text: &str) -> Result<Module, ParseFailure> {
    let mut shadow: Option<String> = None;
    let mut fixes: Vec<crate::syntax::py2::Construct> = Vec::new();
    let done = |mut m: Module, shadow: &Option<String>, mut fixes: Vec<_>| {
        if let Some(shadow) = shadow {
            cover_python2_literals(&mut m, text, shadow);
        }
        // Print statements Python 3 reads another way (`print >>f, x`): no parse stops there.
        for c in crate::syntax::py2::print_statements(text) {
            if !fixes
                .iter()
                .any(|f: &crate::syntax::py2::Construct| f.range.start == c.range.start)
            {
                fixes.push(c);
            }
        }
        sort_constructs(&mut fixes);
        m.python2 = fixes;
        m
    };
    // The first parse checks the depth too (the shadows below neutralize Python 2 literals,
    // which never nest deeper).
    let mut first = Some(parse::parse_within(text, crate::syntax::depth::LIMITS));
    loop {
        let current = shadow.as_deref().unwrap_or(text);
        let parsed = match first.take() {
            Some(Err(parse::Failure::TooDeep(d))) => {
                return Err(ParseFailure::TooDeep {
                    offset: d.offset,
                    chain: d.chain,
                })
            }
            Some(Err(parse::Failure::Syntax(e))) => Err(e),
            Some(Ok(m)) => Ok(m),
            None => parse::parse(current),
        };
        let e = match parsed {
            Ok(m) => return Ok(done(m, &shadow, fixes)),
            Err(e) => e,
        };
        if fixes.len() < MAX_PY2_FIXES {
            let s = shadow.get_or_insert_with(|| text.to_string());
            if let Some(c) = crate::syntax::py2::neutralize(s, e.offset) {
                fixes.push(c);
                continue;
            }
        }
        // A real error. When the fast tokenizer stopped, the parser's own lexer gives its words.
        let current = shadow.as_deref().unwrap_or(text);
        let e = if e.provisional {
            match parse::parse_exact(current) {
                Ok(m) => return Ok(done(m, &shadow, fixes)),
                Err(exact) => exact,
            }
        } else {
            e
        };
        return Err(ParseFailure::Syntax {
            offset: e.offset,
            message: e.message,
            at_eof: e.at_eof,
        });
    }
}

/// The constructs in file order (each neutralized once, where the parser stopped: not always
/// in order of the text).
fn sort_constructs(v: &mut [crate::syntax::py2::Construct]) {
    v.sort_by_key(|c| (c.range.start, c.range.end));
}

/// After a parse of a shadow copy, make the ranges of the expressions cover the whole Python 2
/// literals they stand for: the shadow spells `05` as `5 ` and `0644L` as `420  `, so the
/// parser's range of such a number is shorter than the literal in the text, and an edit after
/// the element would land inside it (`0, 'south'5`) or a moved value lose digits.
fn cover_python2_literals(module: &mut Module, text: &str, shadow: &str) {
    let (t, s) = (text.as_bytes(), shadow.as_bytes());
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < t.len().min(s.len()) {
        if t[i] != s[i] && word(t[i]) {
            let mut start = i;
            while start > 0 && word(t[start - 1]) {
                start -= 1;
            }
            let mut end = i;
            while end < t.len() && word(t[end]) {
                end += 1;
            }
            spans.push(start..end);
            i = end;
        } else {
            i += 1;
        }
    }
    if spans.is_empty() {
        return;
    }
    let stretch = |end: usize| {
        let k = spans.partition_point(|r| r.end <= end);
        spans
            .get(k)
            .filter(|r| r.start < end && end < r.end)
            .map_or(end, |r| r.end)
    };
    fn walk(e: &mut Expr, base: usize, stretch: &dyn Fn(usize) -> usize) {
        e.rel.end = stretch(e.rel.end + base) - base;
        match &mut e.kind {
            ExprKind::Attribute { value, .. } => walk(value, base, stretch),
            ExprKind::Tuple(v) | ExprKind::List(v) => {
                v.iter_mut().for_each(|x| walk(x, base, stretch))
            }
            ExprKind::Dict(entries) => {
                for (k, v) in entries {
                    if let Some(k) = k {
                        walk(k, base, stretch);
                    }
                    walk(v, base, stretch);
                }
            }
            ExprKind::Call(call) => {
                walk(&mut call.func, base, stretch);
                call.args.iter_mut().for_each(|x| walk(x, base, stretch));
                call.keywords
                    .iter_mut()
                    .for_each(|(_, x)| walk(x, base, stretch));
            }
            ExprKind::BinOp { left, right, .. } => {
                walk(left, base, stretch);
                walk(right, base, stretch);
            }
            _ => {}
        }
    }
    for stmt in &mut module.body {
        let base = stmt.range.start;
        stmt.range.end = stretch(stmt.range.end);
        match &mut *stmt.kind {
            StmtKind::Assign { targets, value } => {
                targets.iter_mut().for_each(|x| walk(x, base, &stretch));
                walk(value, base, &stretch);
            }
            StmtKind::AugAssign { target, value, .. } => {
                walk(target, base, &stretch);
                walk(value, base, &stretch);
            }
            _ => {}
        }
    }
}

impl SettingsFile {
    pub fn parse(text: String) -> Result<SettingsFile, ParseFailure> {
        let module = parse_module(&text)?;
        let lines = LineIndex::new(&text);
        let newline = source::newline_of(&text);
        let kept = Kept::all(&text);
        Ok(SettingsFile {
            text,
            module,
            lines,
            newline,
            kept,
            memo: Memo::default(),
        })
    }

    /// What [`SettingsFile::restore`] needs to put the file back as it is now: its line
    /// ending, the stretches it keeps, and then every batch of edits ([`Snapshot::record`]).
    /// Neither the text nor the tree is copied: undoing the edits gives the text, parsing it
    /// the tree (rarely needed, and cheaper than a copy at every step).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            newline: self.newline,
            kept: self.kept.clone(),
            undo: Vec::new(),
        }
    }

    /// The file as it was at `s`, from this file: the edits recorded since, undone.
    pub fn restore(&self, s: &Snapshot) -> Result<SettingsFile, ParseFailure> {
        let mut text = self.text.clone();
        for batch in s.undo.iter().rev() {
            text = edit::apply(&text, batch.clone()).map_err(|o| ParseFailure::Syntax {
                offset: o.first.start,
                message: format!("the edits of the step cannot be undone ({o:?})"),
                at_eof: false,
            })?;
        }
        let mut f = SettingsFile::parse(text)?;
        f.newline = s.newline;
        f.kept.clone_from(&s.kept);
        Ok(f)
    }

    /// The file's quote character ([`style::file_quote`]), computed once per text.
    pub(crate) fn memo_quote(&self, compute: impl FnOnce() -> char) -> char {
        if let Some(q) = self.memo.quote.get() {
            return q;
        }
        let q = compute();
        self.memo.quote.set(Some(q));
        q
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    /// The text and the stretches of it that are still the original text.
    pub fn into_text_and_kept(self) -> (String, Vec<Kept>) {
        (self.text, self.kept)
    }

    /// The stretches of the text that are still the text it was parsed from, or had at the last
    /// [`SettingsFile::rebase_kept`].
    pub fn kept(&self) -> &[Kept] {
        &self.kept
    }

    /// Count the text as it is now as the original: all of it is kept.
    pub fn rebase_kept(&mut self) {
        self.kept = Kept::all(&self.text);
    }

    pub fn newline(&self) -> &'static str {
        self.newline
    }

    pub fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// The line of `offset`, written into a message that the engine reports: a reference it
    /// resolves to the line of the file given (or written), never of the text a step saw
    /// ([`LINE_REF`]).
    pub fn line_ref(&self, offset: usize) -> String {
        format!("{LINE_REF}{offset}{LINE_REF}")
    }

    pub fn slice(&self, r: &Range<usize>) -> &str {
        &self.text[r.clone()]
    }

    pub fn statements(&self) -> &[Stmt] {
        &self.module.body
    }

    pub fn comments(&self) -> &[Range<usize>] {
        &self.module.comments
    }

    pub fn strings(&self) -> &[Range<usize>] {
        &self.module.strings
    }

    /// The Python 2-only constructs of the text (the parser saw Python 3 stand-ins), in order.
    pub fn python2(&self) -> &[crate::syntax::py2::Construct] {
        &self.module.python2
    }

    pub fn identifiers(&self) -> &[Range<usize>] {
        &self.module.names
    }
}

/// How a name is bound at the top level.
#[derive(Debug, Clone)]
pub enum Binding<'a> {
    Assign {
        stmt: &'a Stmt,
        value: Node<'a>,
    },
    Augment {
        stmt: &'a Stmt,
        op: &'static str,
        value: Node<'a>,
    },
    Other {
        stmt: &'a Stmt,
    },
}

/// A setting assigned once, plus its `+=` extensions.
#[derive(Debug, Clone)]
pub struct Setting<'a> {
    pub stmt: &'a Stmt,
    pub value: Node<'a>,
    pub augments: Vec<(&'a Stmt, Node<'a>)>,
}

/// A setting the tool will not edit, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsafe {
    pub reason: String,
    pub offset: usize,
}

/// One element of a tuple or list, or one entry of a dict (`key: value` as one item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<'a> {
    pub range: Range<usize>,
    /// The string value (of the element, or of the dict key).
    pub value: Option<&'a str>,
    /// Offset of the comma that follows, if any.
    pub comma: Option<usize>,
}

impl Item<'_> {
    /// End of the item including its comma.
    pub fn end_with_comma(&self) -> usize {
        self.comma.map_or(self.range.end, |c| c + 1)
    }
}

/// A commented-out entry inside a container: `# 'x',` or `#'x',`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commented {
    /// The whole comment, from `#` to the end of the line.
    pub comment: Range<usize>,
    pub value: String,
    /// Range of the quoted literal inside the comment.
    pub literal: Range<usize>,
    pub has_comma: bool,
}

/// The bracket positions, items and commented entries of a tuple, list or dict literal.
#[derive(Debug, Clone)]
pub struct Container<'a> {
    pub open: usize,
    pub close: usize,
    pub items: Vec<Item<'a>>,
    pub commented: Vec<Commented>,
}

/// A tuple or list setting.
#[derive(Debug, Clone)]
pub struct Seq<'a> {
    pub setting: Setting<'a>,
    pub is_tuple: bool,
    pub container: Container<'a>,
    /// String values added by `+=` statements (`<NAME>` for `+= NAME`).
    pub extra: Vec<String>,
}

impl<'a> Seq<'a> {
    pub fn items(&self) -> &[Item<'a>] {
        &self.container.items
    }

    /// Index of the element whose string value is `value`.
    pub fn find(&self, value: &str) -> Option<usize> {
        self.items().iter().position(|i| i.value == Some(value))
    }

    /// True when the value is an element, here or in a `+=` extension.
    pub fn contains(&self, value: &str) -> bool {
        self.find(value).is_some() || self.extra.iter().any(|v| v == value)
    }

    pub fn commented(&self, value: &str) -> Option<&Commented> {
        self.container.commented.iter().find(|c| c.value == value)
    }
}

/// A dict literal.
#[derive(Debug, Clone)]
pub struct Dict<'a> {
    pub expr: Node<'a>,
    pub container: Container<'a>,
    pub entries: Vec<(Node<'a>, Node<'a>)>,
}

impl<'a> Dict<'a> {
    /// The value of the entry whose key is the string `key`.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        self.position(key).map(|i| self.entries[i].1)
    }

    /// The entry of `key` that Python keeps: the last one when the literal repeats the key.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.entries
            .iter()
            .rposition(|(k, _)| str_ref(k.expr) == Some(key))
    }
}
