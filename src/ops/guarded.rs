//! Operations that change a value only where it is one the release foresees (the value a
//! generated file had), and report the user's own value instead of overwriting it; and a
//! block of settings added with its comment, the missing ones only.

use crate::model::{SettingsFile, Unsafe};
use crate::syntax::StmtKind;
use crate::text::edit::Edit;

use super::{add_statement, dict, last_binding, remove_item, same_value, Outcome, Place};

/// A value on one line for a message: its words, at most 80 characters.
fn first_line(s: &str) -> String {
    let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", &one[..i]),
        None => one,
    }
}

/// `NAME = to` where NAME holds one of the values `from` (Python source); NAME already `to`, or
/// missing: nothing. Any other value is the user's own: skipped with its line.
pub fn update(f: &SettingsFile, name: &str, from: &[&str], to: &str) -> Outcome {
    let Some(s) = tri!(f.setting(name)) else {
        return Outcome::none();
    };
    if same_value(f, s.value, to) {
        return Outcome::none();
    }
    if !s.augments.is_empty() || !from.iter().any(|v| same_value(f, s.value, v)) {
        return Outcome::Skip(Unsafe {
            reason: format!(
                "{name} holds a value of your own (`{}`); the release sets `{to}`: review it",
                first_line(f.slice(&s.value.range()))
            ),
            offset: s.value.range().start,
        });
    }
    super::set_assignment(f, name, to, &Place::END)
}

/// Remove the entry `key` of the dict at `path` where it holds `value` (Python source); another
/// value is the user's own: skipped with its line.
pub fn remove_key_if(f: &SettingsFile, path: &'static str, key: &str, value: &str) -> Outcome {
    let Some(d) = tri!(dict(f, path)) else {
        return Outcome::none();
    };
    let Some(i) = d.position(key) else {
        return Outcome::none();
    };
    let v = d.entries[i].1;
    if !same_value(f, v, value) {
        return Outcome::Skip(Unsafe {
            reason: format!(
                "{path}['{key}'] holds a value of your own (`{}`); the release drops the key: \
                 review it",
                first_line(f.slice(&v.range()))
            ),
            offset: v.range().start,
        });
    }
    Outcome::Edits(remove_item(f, &d.container, i, false))
}

/// A whole block before the first of `place.before` the file assigns: above the comment lines
/// that introduce that statement, a blank line between; else where `place` says.
fn block_before(f: &SettingsFile, body: &str, place: &Place) -> Outcome {
    let text = f.text();
    let nl = f.newline();
    for name in place.before {
        let Some(stmt) = f.first_binding(name) else {
            continue;
        };
        let mut at = f.stmt_line_start(stmt);
        while at > 0 {
            let prev = crate::text::source::line_start(text, at - 1);
            if text[prev..at].trim_start().starts_with('#') {
                at = prev;
            } else {
                break;
            }
        }
        let body = body.replace('\n', nl);
        return Outcome::Edits(vec![Edit::insert(at, format!("{body}{nl}{nl}"))]);
    }
    add_statement(f, body, place)
}

/// Add a block of settings (Python source: comment lines and assignments, written with `\n`)
/// at `place`: whole where none of its settings is assigned, else only the assignments that
/// are missing, each after the setting of the block before it (or at `place`).
pub fn add_block(f: &SettingsFile, block: &str, place: &Place) -> Outcome {
    // Written with single quotes, as every template: the block takes the file's quotes.
    let block = &crate::model::style::requote(block, crate::model::style::file_quote(f));
    let Ok(t) = SettingsFile::parse(block.to_string()) else {
        return Outcome::none();
    };
    let mut names = Vec::new();
    for s in t.statements() {
        if let StmtKind::Assign { targets, .. } = &*s.kind {
            for tg in targets {
                if let crate::syntax::ExprKind::Name(n) = &tg.kind {
                    names.push((n.clone(), s.range.clone()));
                }
            }
        }
    }
    let present: Vec<bool> = names
        .iter()
        .map(|(n, _)| f.first_binding(n).is_some())
        .collect();
    let nl = f.newline();
    if !present.iter().any(|p| *p) {
        let body = block.trim_end_matches('\n');
        // After a setting: a block of lines stands apart, a blank line on either side.
        let anchor = place.after.iter().find_map(|n| last_binding(f, n));
        let Some(stmt) = anchor else {
            return block_before(f, body, place);
        };
        let text = f.text();
        let end = f.stmt_line_end(stmt);
        let next = crate::text::source::next_line(text, end);
        let next_blank = next >= text.len()
            || crate::text::source::is_blank_line(
                text,
                next..crate::text::source::line_end(text, next),
            );
        let tail = if next_blank { "" } else { nl };
        return Outcome::Edits(vec![Edit::insert(
            end,
            format!("{nl}{nl}{}{tail}", body.replace('\n', nl)),
        )]);
    }
    // Runs of missing settings, each inserted as one text after the block's setting before
    // it that the file has (or at `place`).
    let mut edits: Vec<Edit> = Vec::new();
    let mut i = 0;
    while i < names.len() {
        if present[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < names.len() && !present[i] {
            i += 1;
        }
        let src: Vec<&str> = names[start..i].iter().map(|(_, r)| t.slice(r)).collect();
        let prev = names[..start]
            .iter()
            .rev()
            .find_map(|(n, _)| last_binding(f, n));
        match prev {
            Some(stmt) => {
                let end = f.stmt_line_end(stmt);
                // A blank line before the run where the block has one.
                let gap = if block[..names[start].1.start].ends_with("\n\n") {
                    nl
                } else {
                    ""
                };
                edits.push(Edit::insert(
                    end,
                    format!("{nl}{gap}{}", src.join("\n").replace('\n', nl)),
                ));
            }
            None => match add_statement(f, &src.join("\n"), place) {
                Outcome::Edits(e) => edits.extend(e),
                other => return other,
            },
        }
    }
    Outcome::Edits(edits)
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::*;

    #[test]
    fn a_foreseen_value_is_updated_and_an_own_value_skipped() {
        let src = "U = 'http://a/'\n";
        assert_eq!(
            run(src, |f| update(f, "U", &["'http://a/'"], "'https://a/'")),
            "U = 'https://a/'\n"
        );
        let f = SettingsFile::parse("U = 'http://mine/'\n".into()).unwrap();
        assert!(matches!(
            update(&f, "U", &["'http://a/'"], "'https://a/'"),
            Outcome::Skip(_)
        ));
    }

    #[test]
    fn keys_go_only_with_the_foreseen_value() {
        let src = "R = {\n    'A': 1,\n    'P': ('x',),\n}\n";
        assert_eq!(
            run(src, |f| remove_key_if(f, "R", "P", "('x',)")),
            "R = {\n    'A': 1,\n}\n"
        );
        let f = SettingsFile::parse(src.into()).unwrap();
        assert!(matches!(
            remove_key_if(&f, "R", "P", "('y',)"),
            Outcome::Skip(_)
        ));
    }

    #[test]
    fn a_block_is_added_whole_or_in_part() {
        let block = "# B\n\nA = 1\n\nB = 2\n";
        assert_eq!(
            run("X = 0\nY = 1\n", |f| add_block(
                f,
                block,
                &Place::after(&["X"])
            )),
            "X = 0\n\n# B\n\nA = 1\n\nB = 2\n\nY = 1\n"
        );
        assert_eq!(
            run("A = 5\n", |f| add_block(f, block, &Place::END)),
            // The blank line the block has before B comes along.
            "A = 5\n\nB = 2\n"
        );
    }

    #[test]
    fn a_block_names_its_first_setting() {
        let op = crate::ops::Op::AddBlock {
            block: "# C\n\nA_B = 1\nC = 2\n",
            place: Place::END,
        };
        assert_eq!(op.sets(), Some("A_B"));
    }
}
