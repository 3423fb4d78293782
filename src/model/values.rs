//! The value of a settings expression, read without executing anything.
//!
//! Literals become JSON (strings, numbers, booleans, null, arrays for tuples and lists, objects
//! for dicts with string keys); anything else (`os.path.join(BASE, 'x')`, `A + B`) becomes a
//! string of its normalized source, with single quotes and `, ` separators. Used to compare a
//! setting with the value a release asks for, by the tests, and by `detect`.

use serde_json::{Map, Value};

use crate::model::SettingsFile;
use crate::syntax::parse::{ExprKind, Node, StmtKind};

/// The value of `e`, an expression of `f`.
pub fn value(f: &SettingsFile, e: Node) -> Value {
    match e.kind() {
        ExprKind::Str(s) => Value::String(s.clone()),
        ExprKind::Int(i) => i
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(i.clone())),
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::None => Value::Null,
        ExprKind::Tuple(v) | ExprKind::List(v) => {
            Value::Array(v.iter().map(|x| value(f, e.child(x))).collect())
        }
        ExprKind::Dict(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                let key = match k.as_ref().map(|k| &k.kind) {
                    Some(ExprKind::Str(s)) => s.clone(),
                    Some(_) => source(f, k.as_ref().map_or(e, |k| e.child(k))),
                    None => format!("**{}", source(f, e.child(v))),
                };
                m.insert(key, value(f, e.child(v)));
            }
            Value::Object(m)
        }
        _ => Value::String(source(f, e)),
    }
}

/// Normalized source of an expression: single quotes, `, ` separators, single spaces.
pub fn source(f: &SettingsFile, e: Node) -> String {
    match e.kind() {
        ExprKind::Str(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        ExprKind::Int(i) => i.clone(),
        ExprKind::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        ExprKind::None => "None".to_string(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Attribute { value, attr } => format!("{}.{attr}", source(f, e.child(value))),
        ExprKind::Tuple(v) => {
            let inner: Vec<String> = v.iter().map(|x| source(f, e.child(x))).collect();
            if inner.len() == 1 {
                format!("({},)", inner[0])
            } else {
                format!("({})", inner.join(", "))
            }
        }
        ExprKind::List(v) => format!(
            "[{}]",
            v.iter()
                .map(|x| source(f, e.child(x)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ExprKind::Dict(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| match k {
                    Some(k) => format!("{}: {}", source(f, e.child(k)), source(f, e.child(v))),
                    None => format!("**{}", source(f, e.child(v))),
                })
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        ExprKind::Call(call) => {
            let crate::syntax::Call {
                func,
                args,
                keywords,
            } = &**call;
            let mut parts: Vec<String> = args.iter().map(|a| source(f, e.child(a))).collect();
            parts.extend(keywords.iter().map(|(k, v)| match k {
                Some(k) => format!("{k}={}", source(f, e.child(v))),
                None => format!("**{}", source(f, e.child(v))),
            }));
            format!("{}({})", source(f, e.child(func)), parts.join(", "))
        }
        ExprKind::BinOp { left, op, right } => {
            format!(
                "{} {op} {}",
                source(f, e.child(left)),
                source(f, e.child(right))
            )
        }
        ExprKind::Float | ExprKind::Other => f
            .slice(&e.range())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Every top-level plain assignment, name to value (the last one wins; `+=` is not followed).
pub fn settings(f: &SettingsFile) -> Map<String, Value> {
    let mut m = Map::new();
    for s in f.statements() {
        if let StmtKind::Assign { targets, value: v } = &*s.kind {
            for t in targets {
                if let ExprKind::Name(n) = &t.kind {
                    m.insert(n.clone(), value(f, Node::of(s, v)));
                }
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_literals_and_normalizes_the_rest() {
        let f = SettingsFile::parse(
            "A = ('x', \"y\")\nB = {\"k\" : [1, None]}\nC = os.path.join(D,  \"s\")\n".to_string(),
        )
        .expect("parses");
        let m = settings(&f);
        assert_eq!(m["A"], serde_json::json!(["x", "y"]));
        assert_eq!(m["B"], serde_json::json!({"k": [1, null]}));
        assert_eq!(m["C"], serde_json::json!("os.path.join(D, 's')"));
    }
}
