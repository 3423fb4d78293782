//! The tuple, list and dict literals of the model: a sequence setting read with its `+=`
//! extensions, the elements of a literal with their commas and the commented-out entries
//! between them, the entries of a dict, and whether a literal stands in brackets of its own.

use super::*;

impl SettingsFile {
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
}
