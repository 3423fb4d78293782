//! The operations of their own shape of release 0.8.6 (see `src/release/v0_8_6.rs`).

use crate::model::Unsafe;
use crate::ops::special::v0_8_4::engine_name;
use crate::ops::Ctx;
use crate::ops::{self, Outcome};
use crate::syntax::parse::ExprKind;

/// Old DB_CONNECTIONS keys and their DATABASES names.
pub(crate) const KEYS: [(&str, &str); 5] = [
    ("driver", "ENGINE"),
    ("host", "HOST"),
    ("dbname", "NAME"),
    ("login", "USER"),
    ("password", "PASSWORD"),
];

pub(crate) fn amavis_database(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let conns = match ops::dict(f, "DB_CONNECTIONS") {
        Ok(Some(d)) => d,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let Some(amavis) = conns.get("amavis_quarantine").and_then(|e| f.dict_of(e)) else {
        return Outcome::Skip(Unsafe {
            reason: "DB_CONNECTIONS has no literal 'amavis_quarantine' entry".into(),
            offset: conns.expr.range().start,
        });
    };
    let databases = match ops::dict(f, "DATABASES") {
        Ok(Some(d)) => d,
        Ok(None) => {
            return Outcome::Skip(Unsafe {
                reason: "DATABASES is missing: run 0.8.4/databases-dict first".into(),
                offset: conns.expr.range().start,
            })
        }
        Err(u) => return Outcome::Skip(u),
    };
    let mut edits = Vec::new();
    if databases.get("amavis").is_none() {
        // Keys are new text in the style of DATABASES; values keep their own source text
        // (quotes and escapes), except an engine name that changes.
        let q = ops::container_quote(f, &databases.container);
        let mut value = String::from("{\n");
        for (old, new) in KEYS {
            let Some(v) = amavis.get(old) else { continue };
            let src = match v.kind() {
                ExprKind::Str(s) if old == "driver" && engine_name(s) != *s => {
                    ops::quoted(&engine_name(s), q)
                }
                _ => match ops::containers::value_source_for_lines(f, v) {
                    Some(src) => src,
                    None => {
                        return Outcome::Skip(Unsafe {
                            reason: format!(
                                "DB_CONNECTIONS['amavis_quarantine']['{old}'] holds a string \
                                 that spans lines; move it by hand"
                            ),
                            offset: v.range().start,
                        })
                    }
                },
            };
            value.push_str(&format!("    {}: {src},\n", ops::quoted(new, q)));
        }
        value.push('}');
        edits.extend(ops::dicts::insert_entry_source(
            f, &databases, "amavis", &value,
        ));
    }
    match ops::statements::delete(f, "DB_CONNECTIONS") {
        Outcome::Edits(e) => edits.extend(e),
        other => return other,
    }
    Outcome::Edits(edits)
}
