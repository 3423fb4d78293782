//! The operations of their own shape of release 0.8.1 (see `src/release/v0_8_1.rs`).

use crate::model::SettingsFile;
use crate::ops::Ctx;
use crate::ops::Outcome;
use crate::syntax::parse::StmtKind;
use crate::text::edit::Edit;
use std::ops::Range;

/// Settings whose values are the database's own names: they keep saying mailng.
pub(crate) fn is_database_setting(name: &str) -> bool {
    name.starts_with("DATABASE_") && name != "DATABASE_ROUTERS"
        || name == "DATABASES"
        || name == "DB_CONNECTIONS"
}

pub(crate) const RENAMES: [(&str, &str); 4] = [
    ("mailng", "modoboa"),
    ("MAILNG", "MODOBOA"),
    ("MailNG", "Modoboa"),
    ("Mailng", "Modoboa"),
];

pub(crate) fn rename_mailng(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let protected = protected_ranges(f);
    let is_protected = |r: &Range<usize>| {
        protected
            .iter()
            .any(|p| p.start <= r.start && r.end <= p.end)
    };
    // Every spelling of the old name contains "ailng" in some case: one pass over the text
    // finds them, and only the tokens that hold one are read.
    // (Found from its `l`: a byte search, then five bytes compared where one stands.)
    let bytes = f.text().as_bytes();
    let hits: Vec<usize> = memchr::memchr2_iter(b'l', b'L', bytes)
        .filter_map(|l| l.checked_sub(2))
        .filter(|&i| {
            bytes
                .get(i..i + 5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"ailng"))
        })
        .collect();
    let mut edits = Vec::new();
    let mut scan = |r: &Range<usize>| {
        if is_protected(r) {
            return;
        }
        let s = f.slice(r);
        for (from, to) in RENAMES {
            for (i, _) in s.match_indices(from) {
                let at = r.start + i;
                edits.push(Edit::replace(at..at + from.len(), to));
            }
        }
    };
    for tokens in [f.identifiers(), f.strings(), f.comments()] {
        // The tokens (in file order) that hold a hit, each once.
        let mut last = None;
        for &h in &hits {
            let i = tokens.partition_point(|r| r.end <= h);
            let holds = tokens
                .get(i)
                .is_some_and(|r| r.start <= h && h + 5 <= r.end);
            if holds && last != Some(i) {
                last = Some(i);
                scan(&tokens[i]);
            }
        }
    }
    Outcome::Edits(edits)
}

/// The database statements, and commented-out blocks that describe a database.
pub(crate) fn protected_ranges(f: &SettingsFile) -> Vec<Range<usize>> {
    let text = f.text();
    let mut out = Vec::new();
    for s in f.statements() {
        let names: Vec<&str> = match &*s.kind {
            StmtKind::Assign { targets, .. } => targets
                .iter()
                .filter_map(|t| match &t.kind {
                    crate::syntax::parse::ExprKind::Name(n) => Some(n.as_str()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        if names.iter().any(|n| is_database_setting(n)) {
            out.push(s.range.start..f.stmt_line_end(s));
        }
    }
    // A commented-out DB_CONNECTIONS/DATABASES block: the comment lines from its first line
    // to the first line that is not a comment.
    let comments = f.comments();
    let mut i = 0;
    while i < comments.len() {
        let body = &text[comments[i].clone()];
        let starts_block = ["DB_CONNECTIONS", "DATABASES", "DATABASE_"]
            .iter()
            .any(|k| body.contains(k));
        if starts_block {
            let start = comments[i].start;
            let mut end = comments[i].end;
            let mut j = i + 1;
            // Whole-line comments only: the comment ending a statement's line belongs to it.
            while j < comments.len()
                && crate::text::source::line_start(text, comments[j].start)
                    == crate::text::source::next_line(text, end)
                && crate::text::source::starts_line(text, comments[j].start)
            {
                end = comments[j].end;
                j += 1;
            }
            out.push(start..end);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}
