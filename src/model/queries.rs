//! Queries of the settings model about statements and names: which statements bind a name, a
//! setting with its `+=` extensions, imports, comments, the lines of a statement, uses of a
//! name. (The literals of tuples, lists and dicts: `containers.rs`.)

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
                                self.line_ref(first.range.start),
                                self.line_ref(stmt.range.start)
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

    /// The top-level `from module import name`, or `import module` when `name` is empty: the
    /// one answer to "does the file import it".
    pub fn import_of(&self, module: &str, name: &str) -> Option<&Stmt> {
        self.imports().find(|s| match &*s.kind {
            StmtKind::Import { names, .. } => name.is_empty() && names.iter().any(|n| n == module),
            StmtKind::ImportFrom {
                module: m, names, ..
            } => m == module && names.iter().any(|n| n == name),
            _ => false,
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
    fn dynamic_and_double_assignments_are_unsafe() {
        let f = file("A = B + ('x',)\nC = 1\nC = 2\n");
        assert!(f.seq("A").is_err());
        let e = f.setting("C").unwrap_err();
        // The lines are references the engine resolves in the file the user has.
        let lines = format!("lines {} and {}", f.line_ref(15), f.line_ref(21));
        assert!(e.reason.contains(&lines), "{:?}", e.reason);
    }

    #[test]
    fn a_name_bound_with_walrus_is_bound() {
        let f = file("import os\nif (DEBUG := os.environ.get('D')):\n    pass\n");
        assert!(f.first_binding("DEBUG").is_some());
        let f = file("(SITE_ID := 1)\nF = lambda: (X := 1)\n");
        assert!(f.first_binding("SITE_ID").is_some());
        assert!(f.first_binding("X").is_none());
        // An assignment that binds another name with `:=` binds both, and is no plain setting.
        let f = file("Y = (X := 1)\nZ = 2\n");
        assert!(f.first_binding("X").is_some());
        assert!(f.first_binding("Y").is_some());
        assert!(f.setting("Y").is_err() || f.setting("Y").unwrap().is_none());
    }
}
