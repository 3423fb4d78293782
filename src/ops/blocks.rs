//! A block of settings added with its comment (Python source): whole where none of its settings
//! is assigned, else only the missing ones, each after the setting of the block before it.

use crate::model::lines;
use crate::model::SettingsFile;
use crate::syntax::StmtKind;
use crate::text::edit::Edit;

use super::outcome::{Outcome, Place};
use super::statements::{add_statement, last_binding};

/// A whole block before the first of `place.before` the file assigns: above the comment lines
/// that introduce that statement, a blank line between; else where `place` says.
fn block_before(f: &SettingsFile, body: &str, place: &Place) -> Outcome {
    let text = f.text();
    let nl = f.newline();
    for name in place.before {
        let Some(stmt) = f.first_binding(name) else {
            continue;
        };
        let at = lines::comments_above(text, f.stmt_line_start(stmt));
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
    use super::*;
    use crate::ops::outcome::tests::run;

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

    #[test]
    fn a_block_after_a_setting_stands_apart() {
        let src = "A = 1\nB = {\n    'x': 1\n}\nC = 2\n";
        let out = run(src, |f| add_block(f, "# s\nS = 1", &Place::after(&["B"])));
        assert_eq!(out, "A = 1\nB = {\n    'x': 1\n}\n\n# s\nS = 1\n\nC = 2\n");
        let out = run("B = 1\n", |f| add_block(f, "S = 1", &Place::after(&["B"])));
        assert_eq!(out, "B = 1\n\nS = 1\n");
        // Every setting of the block is there: nothing to add.
        let f = SettingsFile::parse("S = 2\nT = 3\n".into()).unwrap();
        assert_eq!(add_block(&f, "T = 1\nS = 1", &Place::END), Outcome::none());
    }
}
