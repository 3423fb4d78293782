//! Queries of the settings model: which statements bind a name, a setting with its `+=`
//! extensions, the elements of a sequence (with their commas and the commented-out entries
//! between them), the entries of a dict, imports, comments, uses of a name.

use super::*;

impl SettingsFile {
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
        for b in self.binding_stmts(name).filter_map(|s| binding_of(s, name)) {
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
                    first_line_trimmed(self.slice(&setting.value.range()))
                ),
                _ => format!(
                    "{name} is built dynamically (`{}`), not a literal tuple or list",
                    first_line_trimmed(self.slice(&setting.value.range()))
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
                    first_line_trimmed(self.slice(&item.range))
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
        let quick = self.brackets_match(e, elts, r.clone(), Some(2));
        #[cfg(debug_assertions)]
        assert_eq!(
            quick,
            self.brackets_match(e, elts, r.clone(), None),
            "the first two gaps decide whether {:?} is bracketed",
            self.slice(&r)
        );
        quick
    }

    /// Whether the bracket at the start of `r` is the one that closes at its end: a walk of the
    /// text between the elements (brackets of parenthesized elements, commas, comments). Only
    /// the first `gaps` gaps need a walk: a bracket that is not the literal's own parenthesizes
    /// the first element, so it closes before the first comma; the brackets of later gaps come
    /// in balanced pairs around later elements. (Debug builds walk every gap and compare.)
    fn brackets_match(
        &self,
        e: Node,
        elts: &[crate::syntax::Expr],
        r: Range<usize>,
        gaps: Option<usize>,
    ) -> bool {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut from = r.start;
        let ranges = elts
            .iter()
            .map(|x| e.child(x).range())
            .chain(std::iter::once(r.end..r.end));
        for (k, next) in ranges.enumerate() {
            if gaps.is_some_and(|g| k >= g) && next.start != r.end {
                return depth > 0;
            }
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
            // Not an attribute (`os.path`): a `.` right before the name on its line. (A line
            // that ends with `.`, a comment's full stop, says nothing about the next line.)
            &self.text[(*r).clone()] == name
                && !self.text[..r.start]
                    .trim_end_matches([' ', '\t'])
                    .ends_with('.')
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

/// The first line of a value, for a message; without its trailing blanks when more lines
/// follow.
fn first_line_trimmed(s: &str) -> &str {
    let l = lines::first_line(s);
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
        StmtKind::Import { bound, .. } | StmtKind::ImportFrom { bound, .. }
            if bound.iter().any(|n| n == name) =>
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

/// The literal of a commented-out entry, `# 'value',`: its offset in the comment's text (from
/// the `#`), its value and whether a comma follows. The one reader of disabled entries (the
/// operations' containers and detection's marks both use it).
pub(crate) fn commented_literal(body: &str) -> Option<(usize, &str, bool)> {
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
    if !lines::blank_or_comment(after) {
        return None;
    }
    Some((1 + lead, value, has_comma))
}

/// Read `# 'value',` from a comment.
fn commented_entry(text: &str, comment: Range<usize>) -> Option<Commented> {
    let body = &text[comment.clone()];
    let (at, value, has_comma) = commented_literal(body)?;
    let lit_start = comment.start + at;
    Some(Commented {
        comment,
        value: value.to_string(),
        literal: lit_start..lit_start + value.len() + 2,
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
    fn a_name_after_a_comment_that_ends_with_a_full_stop_is_a_use() {
        let f = file("import os\n# The classes.\nMW = os.sep\nY = MW\n");
        assert_eq!(f.uses_of("MW").count(), 2);
        assert_eq!(f.uses_of("sep").count(), 0);
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
            // Past the first two gaps (which decide; debug builds walk them all and compare).
            ("X = ('a', ('b'), ['c'], 'd')\n", true),
            ("X = ((('a')), 'b', ('c'), ('d'))\n", true),
            ("X = (1), (2), (3), (4)\n", false),
            ("X = ((1)), 2, (3)\n", false),
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
