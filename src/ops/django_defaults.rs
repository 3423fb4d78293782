//! Settings that extend one of Django's defaults (`global_settings.X + (...)`): an element
//! ensured in the literal operand of the sum (the setting written whole, with its import, when
//! missing), and the literal tuples of such a sum turned into lists (Django 1.9).

use crate::model::lines::first_line;
use crate::model::style::quoted;
use crate::model::{Seq, SettingsFile, Unsafe};
use crate::syntax::parse::{ExprKind, Node};
use crate::text::edit::Edit;

use super::outcome::{At, Outcome, Place};
use super::sequences::ensure_in_seq;
use super::statements::add_statement;

/// The operands of a sum (`a + b + c`), left to right; a single operand for anything else.
fn sum_operands<'a>(e: Node<'a>, out: &mut Vec<Node<'a>>) {
    match e.kind() {
        ExprKind::BinOp { left, op, right } if *op == "+" => {
            sum_operands(e.child(left), out);
            sum_operands(e.child(right), out);
        }
        _ => out.push(e),
    }
}

/// Ensure `value` is an element of `name`, a setting that extends Django's default `base`
/// (`global_settings.TEMPLATE_CONTEXT_PROCESSORS + (...)`): added to the literal operand of
/// the sum, or to the user's own literal tuple or list; the setting is written whole
/// (`NAME = base + (\n    'value',\n)`) when it is missing, with the import `base` needs.
/// Anything else (a value computed by a function, a sum without a literal) is skipped.
pub fn extend_default(
    f: &SettingsFile,
    name: &str,
    base: &str,
    import: (&str, &str),
    value: &str,
    place: &Place,
) -> Outcome {
    let (module, root) = import;
    let mut edits = Vec::new();
    match tri!(f.setting(name)) {
        None => {
            let item = quoted(value, crate::model::style::file_quote(f));
            let stmt = format!("{name} = {base} + (\n    {item},\n)");
            match add_statement(f, &stmt, place) {
                Outcome::Edits(e) => edits.extend(e),
                other => return other,
            }
        }
        Some(s) => {
            // The user's own literal (with its `+=` statements): an element like any other.
            if f.seq_of(s.value).is_some() {
                let Some(seq) = tri!(f.seq(name)) else {
                    return Outcome::none();
                };
                return ensure_in_seq(f, &seq, value, &At::LAST);
            }
            let mut operands = Vec::new();
            sum_operands(s.value, &mut operands);
            let literals: Vec<Seq> = operands.iter().filter_map(|o| f.seq_of(*o)).collect();
            let augments: Vec<Seq> = s
                .augments
                .iter()
                .filter_map(|(_, v)| f.seq_of(*v))
                .collect();
            let Some(last) = literals.last() else {
                return Outcome::Skip(Unsafe {
                    reason: format!(
                        "{name} is built dynamically (`{}`), not {base} plus a literal tuple or list",
                        first_line(f.slice(&s.value.range()))
                    ),
                    offset: s.value.range().start,
                });
            };
            if literals.iter().chain(&augments).any(|l| l.contains(value)) {
                return Outcome::none();
            }
            if let Some(l) = literals.iter().find(|l| l.commented(value).is_some()) {
                return ensure_in_seq(f, l, value, &At::LAST);
            }
            match ensure_in_seq(f, last, value, &At::LAST) {
                Outcome::Edits(e) => edits.extend(e),
                other => return other,
            }
        }
    }
    // The name the default comes from must be bound: `from django.conf import global_settings`.
    let uses_root = base.split('.').next() == Some(root);
    if uses_root && f.first_binding(root).is_none() {
        if let Outcome::Edits(e) = super::imports::import(f, module, root) {
            edits.extend(e);
        }
    }
    Outcome::Edits(edits)
}

/// In a setting that adds to one of Django's defaults (`global_settings.X + (...)`), turn the
/// literal tuples of the sum into lists (`+ [...]`): from Django 1.9 the defaults are lists, and
/// a list plus a tuple raises TypeError. Brackets only; elements, comments and layout stay. A
/// setting that does not use `global_settings` is left alone; a sum with another operand the
/// tool cannot read (a name, a call) is skipped: only the administrator knows what it holds.
pub fn sum_literals_as_lists(f: &SettingsFile, name: &str) -> Outcome {
    let Some(s) = tri!(f.setting(name)) else {
        return Outcome::none();
    };
    let mut operands = Vec::new();
    sum_operands(s.value, &mut operands);
    let is_default = |o: &Node| {
        matches!(o.kind(), ExprKind::Attribute { .. })
            && f.slice(&o.range()).starts_with("global_settings.")
    };
    if operands.len() < 2 || !operands.iter().any(is_default) {
        return Outcome::none();
    }
    let mut edits = Vec::new();
    for o in &operands {
        if is_default(o) {
            continue;
        }
        let Some(seq) = f.seq_of(*o) else {
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "{name} adds `{}` to Django's defaults, which are a list from Django 1.9: \
                     make sure it is a list",
                    first_line(f.slice(&o.range()))
                ),
                offset: o.range().start,
            });
        };
        if matches!(o.kind(), ExprKind::Tuple(_)) {
            let (open, close) = (seq.container.open, seq.container.close);
            edits.push(Edit::replace(open..open + 1, "["));
            edits.push(Edit::replace(close..close + 1, "]"));
        }
    }
    Outcome::Edits(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::outcome::tests::run;

    const TCP: &str = "TEMPLATE_CONTEXT_PROCESSORS";
    const BASE: &str = "global_settings.TEMPLATE_CONTEXT_PROCESSORS";
    const IMPORT: (&str, &str) = ("django.conf", "global_settings");
    const TOP: &str = "modoboa.core.context_processors.top_notifications";

    fn extend(f: &SettingsFile) -> Outcome {
        extend_default(
            f,
            TCP,
            BASE,
            IMPORT,
            TOP,
            &Place::after(&["AUTHENTICATION_BACKENDS"]),
        )
    }

    #[test]
    fn extend_default_writes_the_setting_and_its_import() {
        let out = run(
            "import os\n\nAUTHENTICATION_BACKENDS = (\n    'a',\n)\n\nX = 1\n",
            extend,
        );
        assert_eq!(
            out,
            "import os\nfrom django.conf import global_settings\n\nAUTHENTICATION_BACKENDS = (\n    'a',\n)\n\n\
             TEMPLATE_CONTEXT_PROCESSORS = global_settings.TEMPLATE_CONTEXT_PROCESSORS + (\n    \
             'modoboa.core.context_processors.top_notifications',\n)\n\nX = 1\n"
        );
    }

    #[test]
    fn extend_default_adds_to_the_literal_operand_or_the_users_own_tuple() {
        let src = "from django.conf import global_settings\nTEMPLATE_CONTEXT_PROCESSORS = global_settings.TEMPLATE_CONTEXT_PROCESSORS + (\n    'my.processor',\n)\n";
        let out = run(src, extend);
        assert!(
            out.contains(
                "    'my.processor',\n    'modoboa.core.context_processors.top_notifications',\n)"
            ),
            "{out}"
        );
        let own = "TEMPLATE_CONTEXT_PROCESSORS = ('a.b', 'c.d')\n";
        assert_eq!(
            run(own, extend),
            "TEMPLATE_CONTEXT_PROCESSORS = ('a.b', 'c.d', 'modoboa.core.context_processors.top_notifications')\n"
        );
    }

    #[test]
    fn extend_default_skips_a_computed_value() {
        let f = SettingsFile::parse("TEMPLATE_CONTEXT_PROCESSORS = build()\n".into()).unwrap();
        assert!(matches!(extend(&f), Outcome::Skip(_)));
        let f = SettingsFile::parse(
            "from django.conf import global_settings\nTEMPLATE_CONTEXT_PROCESSORS = global_settings.TEMPLATE_CONTEXT_PROCESSORS + MINE\n".into(),
        )
        .unwrap();
        assert!(matches!(extend(&f), Outcome::Skip(_)));
    }

    #[test]
    fn tuples_of_a_sum_become_lists() {
        let out = run(
            "TEMPLATE_CONTEXT_PROCESSORS = global_settings.TEMPLATE_CONTEXT_PROCESSORS + (\n    'x',  # mine\n)\n",
            |f| sum_literals_as_lists(f, TCP),
        );
        assert_eq!(
            out,
            "TEMPLATE_CONTEXT_PROCESSORS = global_settings.TEMPLATE_CONTEXT_PROCESSORS + [\n    'x',  # mine\n]\n"
        );
        let f =
            SettingsFile::parse("TEMPLATE_CONTEXT_PROCESSORS = ('a',) + ('b',)\n".into()).unwrap();
        assert_eq!(sum_literals_as_lists(&f, TCP), Outcome::none());
    }
}
