//! Paths into settings: `NAME`, `NAME['key']`, `NAME[0]['OPTIONS']['context_processors']`.
//!
//! A step names what it edits by a path: the setting, then dict keys and list or tuple indexes,
//! written as Python would. Resolving a path reads only literals: a dict built with `dict()`, a
//! list built by a function or a name assigned twice on the way is [`Unsafe`], reported with
//! its line; a missing key is `None` (nothing to edit).

use crate::model::{Dict, Seq, SettingsFile, Unsafe};
use crate::syntax::{ExprKind, Node};

/// One step of a path after the setting's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<'p> {
    Key(&'p str),
    Index(usize),
}

/// A parsed path: the setting, then keys and indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path<'p> {
    pub name: &'p str,
    pub keys: Vec<Key<'p>>,
}

impl<'p> Path<'p> {
    /// Parse `NAME`, `NAME['k']`, `NAME["k"]`, `NAME[0]`, chained. None when malformed.
    pub fn parse(src: &'p str) -> Option<Path<'p>> {
        let (name, mut rest) = match src.find('[') {
            Some(i) => (&src[..i], &src[i..]),
            None => (src, ""),
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        let mut keys = Vec::new();
        while !rest.is_empty() {
            let inner_end = rest.find(']')?;
            let inner = rest.get(1..inner_end)?;
            if !rest.starts_with('[') {
                return None;
            }
            let q = inner.as_bytes().first().copied();
            let key = match q {
                Some(b'\'' | b'"')
                    if inner.len() >= 2 && inner.as_bytes()[inner.len() - 1] == q? =>
                {
                    Key::Key(&inner[1..inner.len() - 1])
                }
                _ => Key::Index(inner.parse().ok()?),
            };
            keys.push(key);
            rest = &rest[inner_end + 1..];
        }
        Some(Path { name, keys })
    }

    /// The path as written in Python.
    pub fn display(&self) -> String {
        let mut s = self.name.to_string();
        for k in &self.keys {
            match k {
                Key::Key(k) => s.push_str(&format!("['{k}']")),
                Key::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }
}

/// The expression a path names: None when the setting or a key is missing.
pub fn node_at<'a>(f: &'a SettingsFile, path: &Path) -> Result<Option<Node<'a>>, Unsafe> {
    let Some(setting) = f.setting(path.name)? else {
        return Ok(None);
    };
    if let Some(u) = set_again_below(f, path, setting.stmt.range.end) {
        return Err(u);
    }
    let mut e = setting.value;
    for (depth, k) in path.keys.iter().enumerate() {
        let here = || Path {
            name: path.name,
            keys: path.keys[..depth].to_vec(),
        };
        match k {
            Key::Key(key) => {
                let d = f
                    .dict_of(e)
                    .ok_or_else(|| not_literal(f, e, &here(), "dict"))?;
                match d.get(key) {
                    Some(v) => e = v,
                    None => return Ok(None),
                }
            }
            Key::Index(i) => {
                let elts = match e.kind() {
                    ExprKind::List(v) | ExprKind::Tuple(v) => v,
                    _ => return Err(not_literal(f, e, &here(), "list")),
                };
                match elts.get(*i) {
                    Some(x) => e = e.child(x),
                    None => return Ok(None),
                }
            }
        }
    }
    Ok(Some(e))
}

/// The tuple or list a path names. A top-level name is read with its `+=` statements.
pub fn seq_at<'a>(f: &'a SettingsFile, path: &Path) -> Result<Option<Seq<'a>>, Unsafe> {
    if path.keys.is_empty() {
        return f.seq(path.name);
    }
    let Some(e) = node_at(f, path)? else {
        return Ok(None);
    };
    let mut seq = f
        .seq_of(e)
        .ok_or_else(|| not_literal(f, e, path, "tuple or list"))?;
    // The statement that holds it, for the operations that work on a copy of it.
    if let Some(setting) = f.setting(path.name)? {
        seq.setting.stmt = setting.stmt;
    }
    Ok(Some(seq))
}

/// The dict a path names.
pub fn dict_at<'a>(f: &'a SettingsFile, path: &Path) -> Result<Option<Dict<'a>>, Unsafe> {
    let Some(e) = node_at(f, path)? else {
        return Ok(None);
    };
    f.dict_of(e)
        .map(Some)
        .ok_or_else(|| not_literal(f, e, path, "dict"))
}

/// A top-level statement after `from` that sets or changes what `path` names through a
/// subscript (`NAME['key'] = ...`, `NAME['key'] += ...`) or a method (`NAME.update(...)`):
/// Python keeps what that statement leaves, so an edit of the literal would change nothing.
fn set_again_below(f: &SettingsFile, path: &Path, from: usize) -> Option<Unsafe> {
    let text = f.text();
    let name = path.name;
    // (A prefix test per statement below: cheaper than searching the rest of the text.)
    let stmts = f.statements();
    let first = stmts.partition_point(|s| s.range.start < from);
    for s in &stmts[first..] {
        let src = &text[s.range.clone()];
        let Some(after) = src.strip_prefix(name) else {
            continue;
        };
        let overlaps = if after.starts_with('.') {
            true
        } else if after.starts_with('[') {
            // The subscripts that open the statement: `NAME['a'][0]`.
            let mut end = name.len();
            let b = src.as_bytes();
            while b.get(end) == Some(&b'[') {
                match src[end..].find(']') {
                    Some(i) => end += i + 1,
                    None => break,
                }
            }
            match Path::parse(&src[..end]) {
                Some(p) => {
                    let n = p.keys.len().min(path.keys.len());
                    p.keys[..n] == path.keys[..n]
                }
                None => true,
            }
        } else {
            false
        };
        if overlaps {
            return Some(Unsafe {
                reason: format!(
                    "{} is changed again at this line, below its literal (Python keeps what \
                     that line sets): edit that line by hand",
                    path.display()
                ),
                offset: s.range.start,
            });
        }
    }
    None
}

fn not_literal(f: &SettingsFile, e: Node, path: &Path, what: &str) -> Unsafe {
    Unsafe {
        reason: format!(
            "{} is not a literal {what} (`{}`)",
            path.display(),
            f.slice(&e.range()).lines().next().unwrap_or("").trim_end()
        ),
        offset: e.range().start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_indexes() {
        let p = Path::parse("TEMPLATES[0]['OPTIONS'][\"context_processors\"]").unwrap();
        assert_eq!(p.name, "TEMPLATES");
        assert_eq!(
            p.keys,
            [
                Key::Index(0),
                Key::Key("OPTIONS"),
                Key::Key("context_processors")
            ]
        );
        assert_eq!(p.display(), "TEMPLATES[0]['OPTIONS']['context_processors']");
        assert_eq!(Path::parse("A").unwrap().keys, []);
        for bad in ["", "A[", "A[x]", "A['x'", "A b", "[0]", "A['x']y"] {
            assert!(Path::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_subscript_set_below_the_literal_wins() {
        let f = SettingsFile::parse(
            "R = {'A': (1,), 'B': 2}\nR['A'] = (3,)\nR['B'] += 1\n".to_string(),
        )
        .unwrap();
        let u = node_at(&f, &Path::parse("R['A']").unwrap()).unwrap_err();
        assert!(
            u.reason.starts_with("R['A'] is changed again"),
            "{}",
            u.reason
        );
        assert_eq!(f.line(u.offset), 2);
        let u = dict_at(&f, &Path::parse("R").unwrap()).unwrap_err();
        assert_eq!(f.line(u.offset), 2);
        let f = SettingsFile::parse("R = {'A': 1, 'B': 2}\nR['B'] = 3\n".to_string()).unwrap();
        assert!(node_at(&f, &Path::parse("R['A']").unwrap()).is_ok());
        // Duplicate keys: the last is the one Python keeps.
        let f = SettingsFile::parse("R = {'A': 1, 'A': 2}\n".to_string()).unwrap();
        let v = node_at(&f, &Path::parse("R['A']").unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(f.slice(&v.range()), "2");
    }

    #[test]
    fn resolves_literals_and_reports_the_rest() {
        let f = SettingsFile::parse(
            "T = [{'OPTIONS': {'cp': ['a', 'b']}}]\nR = dict(x=1)\n".to_string(),
        )
        .unwrap();
        let s = seq_at(&f, &Path::parse("T[0]['OPTIONS']['cp']").unwrap())
            .unwrap()
            .unwrap();
        assert!(s.contains("b"));
        assert!(seq_at(&f, &Path::parse("T[1]['OPTIONS']").unwrap())
            .unwrap()
            .is_none());
        assert!(seq_at(&f, &Path::parse("T[0]['NONE']['cp']").unwrap())
            .unwrap()
            .is_none());
        let u = dict_at(&f, &Path::parse("R").unwrap()).unwrap_err();
        assert!(
            u.reason.contains("R is not a literal dict (`dict(x=1)`)"),
            "{}",
            u.reason
        );
        let u = seq_at(&f, &Path::parse("T[0]['OPTIONS']").unwrap()).unwrap_err();
        assert!(u
            .reason
            .contains("T[0]['OPTIONS'] is not a literal tuple or list"));
    }
}
