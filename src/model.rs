//! The settings model: a parsed `settings.py` seen as Django settings.
//!
//! [`SettingsFile`] parses the text once and answers the questions the operations ask, always
//! with byte ranges into the original text: which top-level statements assign a name, the
//! elements of a tuple or list (with their commas and the commented-out entries between them),
//! the entries of a dict, the imports, the comments and the file's own style (quotes, line ending).

pub mod path;
pub mod style;
pub mod values;

use std::ops::Range;

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
    TooDeep {
        offset: usize,
    },
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
    if let Some(offset) = source::too_deep(text, source::MAX_DEPTH) {
        return Err(ParseFailure::TooDeep { offset });
    }
    let mut shadow: Option<String> = None;
    let mut fixes = 0;
    loop {
        let current = shadow.as_deref().unwrap_or(text);
        let e = match parse::parse(current) {
            Ok(mut m) => {
                if let Some(shadow) = &shadow {
                    cover_python2_literals(&mut m, text, shadow);
                }
                return Ok(m);
            }
            Err(e) => e,
        };
        if fixes < MAX_PY2_FIXES {
            let s = shadow.get_or_insert_with(|| text.to_string());
            if crate::syntax::py2::neutralize_at(s, e.offset).is_some() {
                fixes += 1;
                continue;
            }
        }
        // A real error. When the fast tokenizer stopped, the parser's own lexer gives its words.
        let current = shadow.as_deref().unwrap_or(text);
        let e = if e.provisional {
            match parse::parse_exact(current) {
                Ok(mut m) => {
                    if let Some(shadow) = &shadow {
                        cover_python2_literals(&mut m, text, shadow);
                    }
                    return Ok(m);
                }
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
        })
    }

    /// Apply edits and bring the model up to date: only the top-level statements the edits
    /// touch are parsed again, everything after them is moved. Falls back to a full parse when
    /// the region does not parse on its own (the error then comes from the whole file).
    pub fn apply_edits(&mut self, mut edits: Vec<Edit>) -> Result<(), EditFailure> {
        // Refuse overlaps before touching anything.
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        for pair in edits.windows(2) {
            if pair[0].range.end > pair[1].range.start || pair[1].range.end > self.text.len() {
                let (first, second) = (pair[0].range.clone(), pair[1].range.clone());
                return Err(EditFailure::Overlap(edit::Overlap { first, second }));
            }
        }
        // Whatever path the edits take below, the text ends as `edit::apply` would make it.
        let kept = edit::keep_through(&self.kept, &edits);
        // Edits inside one tuple, list or dict form a group spliced at the element level; the
        // others re-parse the statements around them. Groups go last first, so that the
        // offsets of the earlier ones stay valid.
        let mut groups: Vec<(Option<ContainerKey>, Vec<Edit>)> = Vec::new();
        for e in edits {
            let key = self.container_key(e.range.start, e.range.end);
            match groups.last_mut() {
                Some((k, es)) if *k == key => es.push(e),
                _ => groups.push((key, vec![e])),
            }
        }
        while let Some((key, es)) = groups.pop() {
            if key.is_some() && self.splice_in_container(&es) {
                continue;
            }
            if let [e] = es.as_slice() {
                if self.splice_string(e) {
                    continue;
                }
            }
            if let Err(rest) = self.splice_statements(es) {
                // A region did not parse on its own: apply everything left and parse the whole
                // file, which gives the real error (or a valid file after all).
                let rest: Vec<Edit> = groups
                    .drain(..)
                    .flat_map(|(_, es)| es)
                    .chain(rest)
                    .collect();
                let text = edit::apply(&self.text, rest).map_err(EditFailure::Overlap)?;
                *self = SettingsFile::parse(text).map_err(EditFailure::Parse)?;
                self.kept = kept;
                return Ok(());
            }
        }
        self.module.settle();
        if source::newline_of(&self.text) != self.newline {
            *self =
                SettingsFile::parse(std::mem::take(&mut self.text)).map_err(EditFailure::Parse)?;
        }
        self.kept = kept;
        // Tests and fuzzing run debug builds: there, check the splices against a full parse
        // (for files of settings size; the large generated ones of the benchmarks would take
        // minutes).
        #[cfg(debug_assertions)]
        if self.text.len() <= 256 * 1024 {
            self.check_against_full_parse();
        }
        Ok(())
    }

    /// Debug builds: the model after splices must equal a full parse of the text.
    #[cfg(debug_assertions)]
    fn check_against_full_parse(&self) {
        let Ok(full) = SettingsFile::parse(self.text.clone()) else {
            return;
        };
        // `{:?}` to compare: `{:#?}` costs the depth of the tree per byte, which deep
        // expressions (200 chained operators) turn into minutes.
        if format!("{:?}", full.module) != format!("{:?}", self.module) {
            let (want, got) = (format!("{:#?}", full.module), format!("{:#?}", self.module));
            let d = similar::TextDiff::from_lines(&want, &got)
                .unified_diff()
                .to_string();
            panic!("splice differs from a full parse:\n{d}");
        }
        assert!(
            full.lines == self.lines,
            "line starts differ from a full scan"
        );
    }

    /// Re-parse the whole lines of the statements around `edits` (clustered when their
    /// regions meet). On a region that does not parse alone, gives back the edits not applied.
    fn splice_statements(&mut self, edits: Vec<Edit>) -> Result<(), Vec<Edit>> {
        let mut clusters: Vec<(Range<usize>, Range<usize>, Vec<Edit>)> = Vec::new();
        for e in edits {
            let adds_line = e.content.starts_with(['\n', '\r']);
            let (region, stmts) = self.region(e.range.start, e.range.end, adds_line);
            match clusters.last_mut() {
                Some((r, st, es)) if region.start < r.end => {
                    r.end = r.end.max(region.end);
                    st.end = st.end.max(stmts.end);
                    es.push(e);
                }
                _ => clusters.push((region, stmts, vec![e])),
            }
        }
        while let Some((region, stmts, es)) = clusters.pop() {
            let local: Vec<Edit> = es
                .iter()
                .map(|e| {
                    Edit::replace(
                        e.range.start - region.start..e.range.end - region.start,
                        e.content.clone(),
                    )
                })
                .collect();
            let parsed = edit::apply(&self.text[region.clone()], local)
                .ok()
                .and_then(|new_region| {
                    let module = parse_module(&new_region).ok()?;
                    Some((new_region, module))
                });
            let Some((new_region, module)) = parsed else {
                return Err(clusters
                    .into_iter()
                    .flat_map(|(_, _, es)| es)
                    .chain(es)
                    .collect());
            };
            let delta = new_region.len() as isize - region.len() as isize;
            self.text.replace_range(region.clone(), &new_region);
            self.module.splice(region.clone(), stmts, module, delta);
            self.lines.splice(region, &self.text, delta);
        }
        Ok(())
    }

    /// The tuple, list or dict literal whose inside holds `lo..hi`: its statement and path.
    fn container_key(&self, lo: usize, hi: usize) -> Option<ContainerKey> {
        let si = self.module.body.partition_point(|s| s.range.end < lo);
        let path = self
            .module
            .body
            .get(si)?
            .container_path(&self.text, lo, hi)?;
        Some((si, path))
    }

    /// One string literal replaced by another plain one (`ROOT_URLCONF = 'mailng.urls'`): the
    /// node takes the new value without the parser. False when the edit is not of that shape.
    fn splice_string(&mut self, e: &Edit) -> bool {
        let r = &e.range;
        let is_token = self
            .module
            .strings
            .binary_search_by_key(&r.start, |s| s.start)
            .is_ok_and(|i| self.module.strings[i] == *r);
        let Some((item, lexical)) = simple_elements(&e.content, false) else {
            return false;
        };
        let value = match &item.kind {
            ExprKind::List(v) if v.len() == 1 && v[0].rel == (0..e.content.len()) => {
                match &v[0].kind {
                    ExprKind::Str(s) => s.clone(),
                    _ => return false,
                }
            }
            _ => return false,
        };
        if !is_token || !lexical.comments.is_empty() {
            return false;
        }
        let si = self.module.body.partition_point(|s| s.range.end < r.start);
        let Some(stmt) = self.module.body.get_mut(si) else {
            return false;
        };
        let Some(node) = stmt.find_mut(r) else {
            return false;
        };
        if !matches!(node.kind, ExprKind::Str(_)) {
            return false;
        }
        node.kind = ExprKind::Str(value);
        let delta = e.content.len() as isize - r.len() as isize;
        stmt.shift_from(r.end, delta);
        self.module.defer_shift(si + 1, delta);
        self.module
            .splice_lexical(r, lexical, r.start as isize, delta);
        self.text.replace_range(r.clone(), &e.content);
        self.lines.splice(r.clone(), &self.text, delta);
        true
    }

    /// Edits that all fall inside one bracketed tuple, list or dict (a new element of a long
    /// INSTALLED_APPS, a key of LOGGING) re-parse only the elements they touch. Returns false
    /// when the edits are not of that shape, or the elements do not parse on their own.
    fn splice_in_container(&mut self, edits: &[Edit]) -> bool {
        let (Some(lo), Some(hi)) = (
            edits.iter().map(|e| e.range.start).min(),
            edits.iter().map(|e| e.range.end).max(),
        ) else {
            return true;
        };
        let body = &self.module.body;
        let si = body.partition_point(|s| s.range.end < lo);
        let Some(stmt) = body.get(si) else {
            return false;
        };
        let value = match &*stmt.kind {
            StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => value,
            _ => return false,
        };
        let base = stmt.range.start;
        let Some(path) = stmt.container_path(&self.text, lo, hi) else {
            return false;
        };
        let Some(c) = value.at_path(&path) else {
            return false;
        };
        let (open, close) = (c.abs(base).start, c.abs(base).end - 1);
        let is_tuple = matches!(c.kind, ExprKind::Tuple(_));
        let (is_dict, spans): (bool, Vec<Range<usize>>) = match &c.kind {
            ExprKind::Tuple(v) | ExprKind::List(v) => {
                (false, v.iter().map(|e| e.abs(base)).collect())
            }
            ExprKind::Dict(entries) => (
                true,
                entries
                    .iter()
                    .filter_map(|(k, v)| k.as_ref().map(|k| k.abs(base).start..v.abs(base).end))
                    .collect(),
            ),
            _ => return false,
        };
        // The region: from the element where the edits start to the one where they end.
        // It ends where the next element starts (its comma inside), or at the closing bracket.
        let start = spans
            .iter()
            .rev()
            .find(|r| r.start <= lo)
            .map_or(open + 1, |r| r.start);
        let last = spans.iter().position(|r| r.end >= hi);
        let end = last
            .and_then(|b| spans.get(b + 1))
            .map_or(close, |r| r.start);
        if start > lo || end < hi || end > close {
            return false;
        }
        let local: Vec<Edit> = edits
            .iter()
            .map(|e| {
                Edit::replace(
                    e.range.start - start..e.range.end - start,
                    e.content.clone(),
                )
            })
            .collect();
        let Ok(new_region) = edit::apply(&self.text[start..end], local) else {
            return false;
        };
        // Another element follows the region in the file: the new text must end with a comma
        // there too (`'a' 'b'` would concatenate otherwise).
        let followed = end < close;
        // Plain string elements, commas and comments need no parser; anything else does.
        let (new_items, fragment, at) = match (!is_dict)
            .then(|| simple_elements(&new_region, followed))
            .flatten()
        {
            Some((items, fragment)) => (items, fragment, start as isize),
            None => {
                let (o, cl) = if is_dict { ('{', '}') } else { ('[', ']') };
                // A sentinel element checks the comma that must end the region.
                let sentinel = match (followed, is_dict) {
                    (false, _) => "",
                    (true, false) => "0",
                    (true, true) => "0: 0",
                };
                let wrapper = format!("_ = {o}{new_region}{sentinel}\n{cl}");
                let prefix = "_ = [".len();
                let Ok(mut fragment) = parse_module(&wrapper) else {
                    return false;
                };
                let mut items = match fragment.body.pop().map(|s| *s.kind) {
                    Some(StmtKind::Assign { value, .. }) if fragment.body.is_empty() => value,
                    _ => return false,
                };
                if followed {
                    match &mut items.kind {
                        ExprKind::List(v) => drop(v.pop()),
                        ExprKind::Dict(v) => drop(v.pop()),
                        _ => return false,
                    }
                }
                fragment.names.retain(|r| r.start >= prefix);
                (items, fragment, start as isize - prefix as isize)
            }
        };
        let new_count = match &new_items.kind {
            ExprKind::List(v) => v.len(),
            ExprKind::Dict(v) => v.len(),
            _ => return false,
        };
        let delta = new_region.len() as isize - (end - start) as isize;
        // Old elements of the region out, the new ones in; everything after moves.
        let from = spans.partition_point(|r| r.start < start);
        let to = from + spans[from..].iter().take_while(|r| r.start < end).count();
        // A tuple left with one element may have become a parenthesized value: let the parser
        // of the whole statement decide.
        if is_tuple && spans.len() - (to - from) + new_count == 1 {
            return false;
        }
        let stmt = &mut self.module.body[si];
        stmt.shift_from(end, delta);
        let container = match &mut *stmt.kind {
            StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => {
                value.at_path_mut(&path)
            }
            _ => None,
        };
        let Some(container) = container else {
            return false;
        };
        // The new elements, at `at` in the file, relative to their statement.
        let to_stmt = at - base as isize;
        match (&mut container.kind, new_items.kind) {
            (ExprKind::Tuple(v) | ExprKind::List(v), ExprKind::List(mut new)) => {
                new.iter_mut().for_each(|e| e.shift(to_stmt));
                v.splice(from..to, new);
            }
            (ExprKind::Dict(v), ExprKind::Dict(mut new)) => {
                for (k, x) in new.iter_mut() {
                    if let Some(k) = k {
                        k.shift(to_stmt);
                    }
                    x.shift(to_stmt);
                }
                v.splice(from..to, new);
            }
            // The shapes were checked above.
            _ => return false,
        }
        self.module.defer_shift(si + 1, delta);
        let region = start..end;
        self.module.splice_lexical(&region, fragment, at, delta);
        self.text.replace_range(region.clone(), &new_region);
        self.lines.splice(region, &self.text, delta);
        true
    }

    /// The whole lines around `lo..hi` that hold complete top-level statements, and the indices
    /// of those statements.
    fn region(&self, lo: usize, hi: usize, adds_line: bool) -> (Range<usize>, Range<usize>) {
        let body = &self.module.body;
        let text = &self.text;
        let mut first = body.partition_point(|s| s.range.end < lo);
        // Text added at the end of a line that no statement continues past (`)` or a comment,
        // then `\n\nNEXT = ...`) is a region of its own: the statement before it need not be
        // parsed again. The text must start a new line, or it would join what stands before.
        let prev = if body.get(first).is_some_and(|s| s.range.end == lo) {
            first + 1
        } else {
            first
        };
        let next_line = source::next_line(text, hi);
        let rest_of_line = &text[hi..source::line_end(text, hi)];
        let after_stmt = lo == hi
            && adds_line
            && body.get(prev).is_none_or(|s| s.range.start >= next_line)
            && rest_of_line.trim().is_empty();
        if after_stmt {
            return (lo..next_line.max(hi), prev..prev);
        }
        let mut start =
            source::line_start(text, body.get(first).map_or(lo, |s| s.range.start.min(lo)));
        while first > 0 && body[first - 1].range.end > start {
            first -= 1;
            start = source::line_start(text, body[first].range.start);
        }
        let mut last = first;
        let mut end = source::next_line(text, hi.max(start));
        while last < body.len() && body[last].range.start < end.max(hi + 1) {
            end = end.max(source::next_line(text, body[last].range.end));
            last += 1;
        }
        if hi >= text.len() {
            end = text.len();
        }
        (start..end.max(start), first..last)
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

    pub fn identifiers(&self) -> &[Range<usize>] {
        &self.module.names
    }

    /// Every top-level statement that binds `name`, with how.
    pub fn bindings(&self, name: &str) -> Vec<Binding<'_>> {
        self.binding_stmts(name)
            .filter_map(|s| binding_of(s, name))
            .collect()
    }

    /// The first top-level statement that binds `name` (no list built).
    pub fn first_binding(&self, name: &str) -> Option<&Stmt> {
        self.binding_stmts(name)
            .find(|s| binding_of(s, name).is_some())
    }

    /// The statements that may bind `name`: those whose bits ([`crate::syntax::name_bit`]) say so.
    fn binding_stmts<'s>(&'s self, name: &str) -> impl Iterator<Item = &'s Stmt> + 's {
        let bit = crate::syntax::name_bit(name);
        self.module
            .binds
            .iter()
            .zip(&self.module.body)
            .filter(move |(b, _)| **b & bit == bit)
            .map(|(_, s)| s)
    }

    /// The one plain assignment of `name`, with the `+=` extensions that follow it.
    pub fn setting(&self, name: &str) -> Result<Option<Setting<'_>>, Unsafe> {
        let mut base: Option<(&Stmt, Node)> = None;
        let mut augments = Vec::new();
        for b in self.bindings(name) {
            match b {
                Binding::Assign { stmt, value } => {
                    if let Some((first, _)) = base {
                        return Err(Unsafe {
                            reason: format!(
                                "{name} is assigned more than once (lines {} and {})",
                                self.line(first.range.start),
                                self.line(stmt.range.start)
                            ),
                            offset: stmt.range.start,
                        });
                    }
                    base = Some((stmt, value));
                }
                Binding::Augment { stmt, op, value } => {
                    if op != "+" {
                        return Err(Unsafe {
                            reason: format!("{name} is changed with `{op}=`"),
                            offset: stmt.range.start,
                        });
                    }
                    augments.push((stmt, value))
                }
                Binding::Other { stmt } => {
                    return Err(Unsafe {
                        reason: format!(
                            "{name} is bound inside a statement the tool does not edit"
                        ),
                        offset: stmt.range.start,
                    })
                }
            }
        }
        match base {
            None if augments.is_empty() => Ok(None),
            None => Err(Unsafe {
                reason: format!("{name} is extended with `+=` but never assigned"),
                offset: augments[0].0.range.start,
            }),
            Some((stmt, value)) => Ok(Some(Setting {
                stmt,
                value,
                augments,
            })),
        }
    }

    /// A sequence setting: its literal tuple or list, ready for element edits.
    pub fn seq(&self, name: &str) -> Result<Option<Seq<'_>>, Unsafe> {
        let Some(setting) = self.setting(name)? else {
            return Ok(None);
        };
        let seq = self.seq_of(setting.value).ok_or_else(|| Unsafe {
            reason: match setting.value.kind() {
                ExprKind::Tuple(_) | ExprKind::List(_) => format!(
                    "{name} is a tuple without brackets of its own (`{}`): put it in parentheses",
                    first_line(self.slice(&setting.value.range()))
                ),
                _ => format!(
                    "{name} is built dynamically (`{}`), not a literal tuple or list",
                    first_line(self.slice(&setting.value.range()))
                ),
            },
            offset: setting.value.range().start,
        })?;
        // `'a' 'b'` (a missing comma, often across a comment) is one string in Python: an edit
        // would take it for two elements, or miss both.
        if let Some(item) = self.joined_strings(seq.items()) {
            return Err(Unsafe {
                reason: format!(
                    "{name} holds strings with no comma between them (`{}`), which Python \
                     joins into one; add the missing comma",
                    first_line(self.slice(&item.range))
                ),
                offset: item.range.start,
            });
        }
        let mut extra = Vec::new();
        for (stmt, value) in &setting.augments {
            match self.seq_of(*value) {
                Some(s) => {
                    extra.extend(s.items().iter().filter_map(|i| i.value.map(str::to_string)))
                }
                None => {
                    if let ExprKind::Name(n) = &value.kind {
                        extra.push(format!("<{n}>"));
                    } else {
                        return Err(Unsafe {
                            reason: format!(
                                "{name} is extended with a value the tool does not read"
                            ),
                            offset: stmt.range.start,
                        });
                    }
                }
            }
        }
        Ok(Some(Seq {
            setting,
            extra,
            ..seq
        }))
    }

    /// True when a tuple or list literal is written inside its own brackets, which the edits
    /// of its elements rely on: `(...)` or `[...]`, not `(a), b` nor `(\n),` (tuples without
    /// parentheses whose first element has its own).
    pub fn is_bracketed(&self, e: Node) -> bool {
        let r = e.range();
        let bytes = self.text.as_bytes();
        let (elts, open, close) = match e.kind() {
            ExprKind::Tuple(v) => (v, b'(', b')'),
            ExprKind::List(v) => (v, b'[', b']'),
            _ => return false,
        };
        if r.is_empty() || bytes.get(r.start) != Some(&open) || bytes.get(r.end - 1) != Some(&close)
        {
            return false;
        }
        // The bracket at the start must be the one that closes at the end: walk the text
        // between the elements (brackets of parenthesized elements, commas, comments).
        let mut depth = 0usize;
        let mut from = r.start;
        let gaps = elts
            .iter()
            .map(|x| e.child(x).range())
            .chain(std::iter::once(r.end..r.end));
        for next in gaps {
            if next.start < from || (depth == 0 && next.start == r.start && next.end > r.start) {
                return false;
            }
            let mut i = from;
            while i < next.start {
                match bytes[i] {
                    b'#' => {
                        i = source::line_end(&self.text, i);
                        continue;
                    }
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 && i + 1 != r.end {
                            return false;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            from = next.end.max(from);
        }
        depth == 0
    }

    /// A bracketed tuple or list literal as a container of items.
    pub fn seq_of<'a>(&'a self, e: Node<'a>) -> Option<Seq<'a>> {
        let (elts, is_tuple) = match e.kind() {
            ExprKind::Tuple(v) => (v, true),
            ExprKind::List(v) => (v, false),
            _ => return None,
        };
        if !self.is_bracketed(e) {
            return None;
        }
        let items = elts
            .iter()
            .map(|x| Item {
                range: e.child(x).range(),
                value: str_ref(x),
                comma: None,
            })
            .collect::<Vec<_>>();
        let container = self.container(e.range(), items);
        Some(Seq {
            setting: Setting {
                stmt: &DUMMY_STMT,
                value: e,
                augments: Vec::new(),
            },
            is_tuple,
            container,
            extra: Vec::new(),
        })
    }

    /// A dict literal as a container of `key: value` items.
    pub fn dict_of<'a>(&'a self, e: Node<'a>) -> Option<Dict<'a>> {
        let ExprKind::Dict(entries) = e.kind() else {
            return None;
        };
        let mut items = Vec::new();
        let mut exprs = Vec::new();
        for (k, v) in entries {
            let (k, v) = (e.child(k.as_ref()?), e.child(v));
            items.push(Item {
                range: k.range().start..v.range().end,
                value: str_ref(k.expr),
                comma: None,
            });
            exprs.push((k, v));
        }
        let container = self.container(e.range(), items);
        Some(Dict {
            expr: e,
            container,
            entries: exprs,
        })
    }

    fn container<'a>(&self, range: Range<usize>, mut items: Vec<Item<'a>>) -> Container<'a> {
        let open = range.start;
        let close = range.end.saturating_sub(1);
        for i in 0..items.len() {
            let gap_end = items.get(i + 1).map_or(close, |n| n.range.start);
            items[i].comma = self.find_comma(items[i].range.end..gap_end);
        }
        // A commented-out entry stands between elements: a comment inside a multi-line element
        // (`'a' +` then a comment, then `'b'`) is not a place where an element can go.
        let inside_item = |at: usize| {
            let i = items.partition_point(|x| x.range.start < at);
            i > 0 && items[i - 1].range.end > at
        };
        let commented = self
            .comments_in(open + 1..close)
            .filter(|c| source::starts_line(&self.text, c.start) && !inside_item(c.start))
            .filter_map(|c| commented_entry(&self.text, c.clone()))
            .collect();
        Container {
            open,
            close,
            items,
            commented,
        }
    }

    /// The first comma in a gap between two expressions (skipping comments).
    fn find_comma(&self, gap: Range<usize>) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut i = gap.start;
        while i < gap.end.min(bytes.len()) {
            match bytes[i] {
                b',' => return Some(i),
                b'#' => i = scan::comment_end(bytes, i),
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// String tokens that start in `range`.
    /// The first string item made of two string tokens or more (`'a' 'b'`), in one pass over
    /// the items and the string tokens (both in file order).
    fn joined_strings<'i>(&self, items: &'i [Item<'_>]) -> Option<&'i Item<'i>> {
        let strings = &self.module.strings;
        let mut k = match items.first() {
            Some(first) => strings.partition_point(|x| x.start < first.range.start),
            None => return None,
        };
        for item in items {
            while k < strings.len() && strings[k].start < item.range.start {
                k += 1;
            }
            if item.value.is_none() {
                continue;
            }
            let inside = strings[k..]
                .iter()
                .take_while(|x| x.start < item.range.end)
                .take(2)
                .count();
            if inside >= 2 {
                return Some(item);
            }
        }
        None
    }

    /// Comments whose `#` lies in `range`.
    pub fn comments_in(&self, range: Range<usize>) -> impl Iterator<Item = &Range<usize>> {
        let c = &self.module.comments;
        let from = c.partition_point(|x| x.start < range.start);
        c[from..].iter().take_while(move |x| x.start < range.end)
    }

    /// A commented-out top-level assignment of `name` (`#NAME = ...` on a line of its own).
    pub fn commented_assignment(&self, name: &str) -> Option<&Range<usize>> {
        self.module.comments.iter().find(|c| {
            let before = self.text[..c.start]
                .bytes()
                .rev()
                .take_while(|b| *b != b'\n' && *b != b'\r');
            let t = self.text[(*c).clone()].trim_start_matches('#').trim_start();
            before.clone().count() == 0
                && t.strip_prefix(name).is_some_and(|rest| {
                    let rest = rest.trim_start();
                    rest.starts_with('=') && !rest.starts_with("==")
                })
        })
    }

    /// The comment that ends the line holding `offset`, if any.
    pub fn trailing_comment(&self, offset: usize) -> Option<Range<usize>> {
        let end = source::line_end(&self.text, offset);
        self.comments_in(offset..end).next().cloned()
    }

    /// The value of the first statement when it is an assignment (`_ = value`, how a value
    /// given as Python source is read).
    pub fn first_value(&self) -> Option<Node<'_>> {
        let s = self.module.body.first()?;
        match &*s.kind {
            StmtKind::Assign { value, .. } => Some(Node::of(s, value)),
            _ => None,
        }
    }

    /// Top-level import statements.
    pub fn imports(&self) -> impl Iterator<Item = &Stmt> {
        self.module.body.iter().filter(|s| {
            matches!(
                *s.kind,
                StmtKind::Import { .. } | StmtKind::ImportFrom { .. }
            )
        })
    }

    /// End of the statement's logical line: past its trailing comment and past the statements
    /// that follow it after a `;` (`DEBUG = False; X = """a\nb"""`), line ending excluded. What
    /// is inserted there stands on a line of its own, never inside another statement.
    pub fn stmt_line_end(&self, stmt: &Stmt) -> usize {
        let body = &self.module.body;
        let mut end = source::line_end(&self.text, stmt.range.end);
        let mut i = body.partition_point(|s| s.range.start <= stmt.range.start);
        while let Some(next) = body.get(i).filter(|s| s.range.start < end) {
            end = end.max(source::line_end(&self.text, next.range.end));
            i += 1;
        }
        end
    }

    /// Start of the statement's logical line: the start of its line, or of the first statement
    /// before it on that line when a `;` joins them.
    pub fn stmt_line_start(&self, stmt: &Stmt) -> usize {
        let body = &self.module.body;
        let mut start = source::line_start(&self.text, stmt.range.start);
        let mut i = body.partition_point(|s| s.range.start < stmt.range.start);
        while let Some(prev) = i.checked_sub(1).and_then(|j| body.get(j)) {
            if prev.range.end <= start {
                break;
            }
            start = start.min(source::line_start(&self.text, prev.range.start));
            i -= 1;
        }
        start
    }

    /// First use of the identifier `name` (not as an attribute), as an offset.
    pub fn uses_of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Range<usize>> + 'a {
        self.module.names.iter().filter(move |r| {
            &self.text[(*r).clone()] == name && !self.text[..r.start].trim_end().ends_with('.')
        })
    }
}

/// The statement of a [`Seq`] read from a bare expression ([`SettingsFile::seq_of`]).
static DUMMY_STMT: std::sync::LazyLock<Stmt> = std::sync::LazyLock::new(|| {
    Stmt::new(
        0..0,
        StmtKind::Other {
            assigns: Vec::new(),
        },
    )
});

fn first_line(s: &str) -> &str {
    let l = s.lines().next().unwrap_or("");
    if l.len() < s.len() {
        l.trim_end()
    } else {
        l
    }
}

/// How the statement `s` binds `name` at the top level, if it does.
fn binding_of<'a>(s: &'a Stmt, name: &str) -> Option<Binding<'a>> {
    match &*s.kind {
        StmtKind::Assign { targets, value } => {
            if targets.iter().any(|t| is_name(t, name)) {
                Some(Binding::Assign {
                    stmt: s,
                    value: Node::of(s, value),
                })
            } else if targets.iter().any(|t| binds_in_target(t, name)) {
                Some(Binding::Other { stmt: s })
            } else {
                None
            }
        }
        StmtKind::AugAssign { target, op, value } if is_name(target, name) => {
            Some(Binding::Augment {
                stmt: s,
                op,
                value: Node::of(s, value),
            })
        }
        StmtKind::Import { names } | StmtKind::ImportFrom { names, .. }
            if names.iter().any(|n| n == name) =>
        {
            Some(Binding::Other { stmt: s })
        }
        StmtKind::Other { assigns } if assigns.iter().any(|n| n == name) => {
            Some(Binding::Other { stmt: s })
        }
        _ => None,
    }
}

fn is_name(e: &Expr, name: &str) -> bool {
    matches!(&e.kind, ExprKind::Name(n) if n == name)
}

fn binds_in_target(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Tuple(v) | ExprKind::List(v) => v
            .iter()
            .any(|x| is_name(x, name) || binds_in_target(x, name)),
        _ => false,
    }
}

/// The value of a plain string literal.
pub fn str_value(e: &Expr) -> Option<String> {
    str_ref(e).map(str::to_string)
}

/// The value of a plain string literal, borrowed.
pub fn str_ref(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Str(s) => Some(s),
        _ => None,
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

    pub fn position(&self, key: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|(k, _)| str_ref(k.expr) == Some(key))
    }
}

/// Read `# 'value',` from a comment.
fn commented_entry(text: &str, comment: Range<usize>) -> Option<Commented> {
    let body = &text[comment.clone()];
    let rest = body.strip_prefix('#')?;
    let lead = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    let q = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let close = rest[1..].find(q)? + 1;
    let value = &rest[1..close];
    if value.contains('\\') || value.is_empty() || value.contains(' ') {
        return None;
    }
    let after = rest[close + 1..].trim_start();
    let has_comma = after.starts_with(',');
    let after = after.strip_prefix(',').unwrap_or(after).trim_start();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    let lit_start = comment.start + 1 + lead;
    Some(Commented {
        comment,
        value: value.to_string(),
        literal: lit_start..lit_start + close + 1,
        has_comma,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(s: &str) -> SettingsFile {
        SettingsFile::parse(s.to_string()).expect("parses")
    }

    #[test]
    fn reads_elements_commas_and_commented_entries() {
        let f = file("X = (\n    'a',  # one, two\n    # 'b',\n    #\"c\"\n    'd'\n)\n");
        let s = f.seq("X").unwrap().unwrap();
        assert_eq!(s.items().len(), 2);
        assert_eq!(s.items()[0].value, Some("a"));
        assert!(s.items()[0].comma.is_some());
        assert_eq!(s.items()[1].comma, None);
        let c: Vec<_> = s
            .container
            .commented
            .iter()
            .map(|c| (c.value.as_str(), c.has_comma))
            .collect();
        assert_eq!(c, vec![("b", true), ("c", false)]);
    }

    #[test]
    fn only_tuples_in_brackets_of_their_own_are_sequences() {
        for (src, bracketed) in [
            ("X = ('a', 'b')\n", true),
            ("X = ((1), 'b')\n", true),
            ("X = [  # (\n    'a',\n]\n", true),
            ("X = ()\n", true),
            ("X = (1), (2)\n", false),
            ("X = (\n#'e'\n),\n", false),
            ("X = 'mysql',\n", false),
        ] {
            let f = file(src);
            assert_eq!(f.seq("X").is_ok_and(|s| s.is_some()), bracketed, "{src:?}");
        }
    }

    #[test]
    fn a_comment_inside_an_element_is_no_commented_entry() {
        let f = file("X = (\n    'a' +\n    # 'b',\n    'c',\n    # 'd',\n)\n");
        let s = f.seq("X").unwrap().unwrap();
        let values: Vec<&str> = s
            .container
            .commented
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(values, ["d"]);
    }

    #[test]
    fn augments_count_as_members() {
        let f = file("A = ('x',)\nA += ('y',)\nA += B\n");
        let s = f.seq("A").unwrap().unwrap();
        assert!(s.contains("y"));
        assert!(s.contains("<B>"));
    }

    #[test]
    fn dynamic_and_double_assignments_are_unsafe() {
        let f = file("A = B + ('x',)\nC = 1\nC = 2\n");
        assert!(f.seq("A").is_err());
        let e = f.setting("C").unwrap_err();
        assert!(e.reason.contains("lines 2 and 3"), "{}", e.reason);
    }
}

#[cfg(test)]
mod splice_tests {
    use super::*;

    fn check(src: &str, edits: Vec<Edit>) {
        let mut f = SettingsFile::parse(src.to_string()).expect("parses");
        let expected = edit::apply(src, edits.clone()).expect("applies");
        f.apply_edits(edits).expect("splices");
        assert_eq!(f.text(), expected);
        let full = SettingsFile::parse(expected).expect("parses");
        assert_eq!(format!("{:#?}", full.module), format!("{:#?}", f.module));
    }

    #[test]
    fn element_inserted_in_a_tuple() {
        check(
            "A = 1\nX = (\n    'a',\n    'b',\n)\nB = 2\n",
            vec![Edit::insert(21, "    'c',\n")],
        );
    }

    #[test]
    fn plain_elements_need_no_parser_but_match_it() {
        let src = "X = (\n    'a',  # one\n    # 'b',\n    \"c\"\n)\nY = ['p', 'q']\n";
        let at = |needle: &str| src.find(needle).expect("in source");
        // Uncomment 'b'; add an element after the last one (its comma first).
        check(src, vec![Edit::delete(at("# 'b'")..at("'b'"))]);
        check(src, vec![Edit::insert(at("\"c\"") + 3, ",\n    'd'")]);
        // Removing an element in the middle, and one that leaves a one-element tuple.
        check("X = ('a', 'b', 'c')\n", vec![Edit::delete(10..15)]);
        check("X = ('a', 'b')\n", vec![Edit::delete(8..13)]);
    }

    #[test]
    fn concatenation_and_prefixes_go_through_the_parser() {
        assert!(simple_elements("'a' 'b',", false).is_none());
        assert!(simple_elements("u'a',", false).is_none());
        assert!(simple_elements("'a'", true).is_none());
        assert!(simple_elements(", 'a'", false).is_none());
        assert_eq!(
            simple_elements("'a', # x\n\"b\",", true).map(|(_, m)| m.comments.len()),
            Some(1)
        );
        check("X = ['a', 'b']\n", vec![Edit::insert(9, " 'z'")]);
    }

    #[test]
    fn an_edit_that_breaks_the_file_is_refused() {
        let mut f = SettingsFile::parse("A = 1\nX = (\n    'a',\n    'b',\n)\n".to_string())
            .expect("parses");
        assert!(f.apply_edits(vec![Edit::insert(19, "    'c',\n")]).is_err());
    }

    #[test]
    fn entry_added_to_a_nested_dict() {
        check(
            "D = {'a': {'b': 1}, 'c': 2}\nE = 3\n",
            vec![Edit::insert(17, ", 'x': 'y'")],
        );
    }
}
