//! Python 2 print statements that Python 3 parses as something else (`print` alone,
//! `print >>f, x`, `print -1`, `print [1, 2]`): found by reading the tokens, since the parser
//! never stops at them, and cut into the parts the Python 3 rewrite moves ([`PrintParts`]).

use std::ops::Range;

use super::{tokenize, Construct, Cx, Kind, Py2Kind};

/// What the print statements found here are called in reports.
const WHAT: &str = "Python 2 print statement (print \"x\")";

/// Every print statement of `text` that Python 3 parses without error but reads another way:
/// `print` alone, or followed by `>>`, `-`, `+` or `[`. None when the file imports
/// `print_function` from `__future__` (then `print` is the function in Python 2 as well).
pub fn print_statements(text: &str) -> Vec<Construct> {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"print").is_none() {
        return Vec::new();
    }
    let toks = tokenize(bytes);
    let cx = Cx {
        bytes,
        toks: &toks,
        offset: 0,
    };
    if future_print_function(&cx) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, kw) in toks.iter().enumerate() {
        if kw.kind != Kind::Name || cx.text(kw) != b"print" || !cx.starts_statement(k) {
            continue;
        }
        if cx.is_op(k.wrapping_sub(1), b":") && after_lambda(&cx, k - 1) {
            continue;
        }
        let python3_reads_otherwise = match cx.tok(k + 1) {
            None => true,
            Some(next) => match next.kind {
                Kind::Newline => true,
                Kind::Op => matches!(cx.text(next), b";" | b">>" | b"-" | b"+" | b"["),
                _ => false,
            },
        };
        if python3_reads_otherwise {
            let end = statement_end(&cx, k);
            out.push(Construct {
                kind: Py2Kind::Print,
                range: kw.start..end,
                what: WHAT,
            });
        }
    }
    out
}

/// The end of the last token of the simple statement that starts with token `k` (before `;`
/// or the end of the logical line).
pub(super) fn statement_end(cx: &Cx, k: usize) -> usize {
    cx.toks[k + 1..]
        .iter()
        .take_while(|t| t.kind != Kind::Newline && !(t.depth == 0 && cx.text(t) == b";"))
        .last()
        .map_or(cx.toks[k].end, |t| t.end)
}

/// The `:` at token `colon` closes a `lambda`'s parameters (`f = lambda: print`).
fn after_lambda(cx: &Cx, colon: usize) -> bool {
    cx.toks[..colon]
        .iter()
        .rev()
        .take_while(|t| t.kind != Kind::Newline)
        .any(|t| t.kind == Kind::Name && cx.text(t) == b"lambda")
}

/// `from __future__ import print_function` (among other names) somewhere in the file.
fn future_print_function(cx: &Cx) -> bool {
    cx.toks.windows(3).enumerate().any(|(i, w)| {
        cx.text(&w[0]) == b"from"
            && cx.text(&w[1]) == b"__future__"
            && cx.text(&w[2]) == b"import"
            && cx.toks[i + 3..]
                .iter()
                .take_while(|t| t.kind != Kind::Newline)
                .any(|t| cx.text(t) == b"print_function")
    })
}

/// A print statement cut into what Python 3's `print()` takes, offsets into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintParts {
    /// Just after `print`.
    pub open: usize,
    /// The file expression of `print >>f, ...`.
    pub file: Option<Range<usize>>,
    /// From the first value to the end of the last (the trailing comma excluded).
    pub values: Option<Range<usize>>,
    /// The comma that ends the statement (no line end in Python 2).
    pub trailing_comma: Option<Range<usize>>,
}

/// Cut the print statement `text[range]` (from `print` to its last token); `None` when Python 2
/// rejects it too (`print ,`, `print >>f,`, `print >>`).
pub fn print_parts(text: &str, range: Range<usize>) -> Option<PrintParts> {
    let src = text.get(range.clone())?;
    if !src.starts_with("print") {
        return None;
    }
    let toks: Vec<_> = tokenize(src.as_bytes())
        .into_iter()
        .filter(|t| t.kind != Kind::Newline)
        .collect();
    let at = |r: Range<usize>| range.start + r.start..range.start + r.end;
    let text_of = |i: usize| &src.as_bytes()[toks[i].start..toks[i].end];
    let top_comma = |i: usize| toks[i].depth == 0 && toks[i].kind == Kind::Op && text_of(i) == b",";
    let mut first = 1;
    let mut file = None;
    if toks.len() > 1 && toks[1].kind == Kind::Op && text_of(1) == b">>" {
        let comma = (2..toks.len()).find(|&i| top_comma(i));
        let file_end = comma.unwrap_or(toks.len());
        if file_end <= 2 {
            return None;
        }
        file = Some(at(toks[2].start..toks[file_end - 1].end));
        first = match comma {
            Some(c) if c + 1 < toks.len() => c + 1,
            Some(_) => return None,
            None => toks.len(),
        };
    }
    let trailing = toks.len() > first && top_comma(toks.len() - 1);
    let last = if trailing { toks.len() - 1 } else { toks.len() };
    if first < toks.len() && top_comma(first) {
        return None;
    }
    let values = (first < last).then(|| at(toks[first].start..toks[last - 1].end));
    Some(PrintParts {
        open: range.start + "print".len(),
        file,
        values,
        trailing_comma: trailing.then(|| at(toks[toks.len() - 1].start..toks[toks.len() - 1].end)),
    })
}
