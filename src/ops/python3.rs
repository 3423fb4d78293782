//! Python 3 syntax (1.15.0 drops Python 2): the Python 2-only constructs the parser was shown a
//! stand-in for ([`crate::syntax::py2`]) are rewritten, each as an edit of the construct alone,
//! where Python 3 has one spelling with the same meaning; the others are refused with their line.
//!
//! Rewritten: `0644` and `0644L` -> `0o644`, `10L` -> `10`, `a <> b` -> `a != b`,
//! `` `x` `` -> `repr(x)`, `ur'x'` -> `r'x'` (or a plain literal with the same characters when
//! it holds `\u` escapes), `'D:\users'` -> `'D:\\users'` (a Python 2 byte string), and print
//! statements of every form: `print x, y` -> `print(x, y)`, `print` -> `print()`,
//! `print >>f, x` -> `print(x, file=f)`, a trailing comma (no line end) -> `end=" "`.
//! Refused: `exec "code"` (Python 3's `exec()` does not write into the function's locals),
//! `raise E, "m"` (an instance `E` or a tuple argument changes meaning), `except E, e:` (Python 3
//! deletes `e` after the clause), backticks around a tuple, a print statement Python 2 rejects
//! too. Reported for review ([`python3_division`]): `/` next to an integer literal.

use crate::model::{SettingsFile, Unsafe};
use crate::syntax::py2::{self, Construct, Py2Kind};
use crate::text::edit::Edit;

use super::outcome::Outcome;

/// The edits that rewrite every construct with one Python 3 spelling.
pub fn python3_rewrite(f: &SettingsFile) -> Outcome {
    Outcome::Edits(
        f.python2()
            .iter()
            .filter_map(|c| python3_edits(f.text(), c, f.python2()).ok())
            .flatten()
            .collect(),
    )
}

/// Skipped, with the line of the first one, while the file holds constructs the tool does not
/// rewrite (after [`python3_rewrite`], only those are left).
pub fn python3_refuse(f: &SettingsFile) -> Outcome {
    let refused: Vec<(&Construct, &'static str)> = f
        .python2()
        .iter()
        .filter_map(|c| {
            python3_edits(f.text(), c, f.python2())
                .err()
                .map(|why| (c, why))
        })
        .collect();
    let Some((first, why)) = refused.first() else {
        return Outcome::none();
    };
    let mut reason = format!("{}: {why}; rewrite it for Python 3 by hand", first.what);
    if refused.len() > 1 {
        let lines: Vec<String> = refused[1..]
            .iter()
            .map(|(c, _)| f.line_ref(c.range.start))
            .collect();
        reason.push_str(&format!(
            " (more Python 2-only syntax at line{} {})",
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        ));
    }
    Outcome::Skip(Unsafe {
        reason,
        offset: first.range.start,
    })
}

/// Skipped, with the lines, where `/` (or `/=`) has an integer literal on one side and no
/// float literal on the other (`7 / 2`, `SIZE / 2`): Python 2 gave the floor, Python 3 gives
/// the exact quotient. Nothing when the file imports `division` from `__future__`.
pub fn python3_division(f: &SettingsFile) -> Outcome {
    use crate::syntax::scan::{self, Kind};
    let text = f.text();
    let number = |p: &scan::Piece| (p.kind == Kind::Number).then(|| &text[p.start..p.end]);
    let is_int = |n: &str| {
        let n = n.trim_end_matches(['l', 'L']);
        let radix =
            n.len() > 1 && n.starts_with('0') && n[1..2].chars().any(|c| "xXoObB".contains(c));
        radix || n.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    };
    let is_float = |p: Option<&scan::Piece>| p.and_then(number).is_some_and(|n| !is_int(n));
    let code: Vec<scan::Piece> = scan::pieces(text.as_bytes())
        .filter(|p| !matches!(p.kind, Kind::Comment | Kind::Continuation | Kind::LineEnd))
        .collect();
    let future = code.windows(4).any(|w| {
        text[w[0].start..w[0].end] == *"from"
            && text[w[1].start..w[1].end] == *"__future__"
            && code[..]
                .iter()
                .skip_while(|p| p.start < w[2].start)
                .take_while(|p| f.line(p.start) == f.line(w[0].start))
                .any(|p| &text[p.start..p.end] == "division")
    });
    if future {
        return Outcome::none();
    }
    let at: Vec<usize> = code
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.kind, Kind::Op("/" | "/=")))
        .filter(|&(i, _)| {
            let (before, after) = (i.checked_sub(1).and_then(|k| code.get(k)), code.get(i + 1));
            let int = |p: Option<&scan::Piece>| p.and_then(number).is_some_and(is_int);
            (int(before) || int(after)) && !is_float(before) && !is_float(after)
        })
        .map(|(_, p)| p.start)
        .collect();
    let Some(&first) = at.first() else {
        return Outcome::none();
    };
    let mut reason = String::from(
        "/ between integers: Python 2 gave the floor (7 / 2 is 3), Python 3 gives the exact quotient (3.5); review it by hand: write // to keep the floor, or a float (7.0 / 2) where the exact quotient is meant",
    );
    if at.len() > 1 {
        let lines: Vec<String> = at[1..].iter().map(|&o| f.line_ref(o)).collect();
        reason.push_str(&format!(
            " (more at line{} {})",
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        ));
    }
    Outcome::Skip(Unsafe {
        reason,
        offset: first,
    })
}

/// The Python 3 spelling of one construct, as edits of its bytes; the reason when there is none
/// with the same meaning.
fn python3_edits(text: &str, c: &Construct, all: &[Construct]) -> Result<Vec<Edit>, &'static str> {
    let r = c.range.clone();
    let src = text.get(r.clone()).ok_or("out of the text")?;
    match c.kind {
        Py2Kind::Octal | Py2Kind::OctalLong => {
            let digits = src.trim_end_matches(['l', 'L']);
            Ok(vec![Edit::replace(r, format!("0o{}", &digits[1..]))])
        }
        Py2Kind::Long => Ok(vec![Edit::delete(r.end - 1..r.end)]),
        Py2Kind::NotEqual => Ok(vec![Edit::replace(r, "!=")]),
        Py2Kind::Backticks { tuple: true } => {
            Err("backticks around a tuple have no one-word Python 3 spelling")
        }
        Py2Kind::Backticks { tuple: false } => Ok(vec![
            Edit::replace(r.start..r.start + 1, "repr("),
            Edit::replace(r.end - 1..r.end, ")"),
        ]),
        Py2Kind::UrPrefix => ur_literal(src).map(|new| vec![Edit::replace(r, new)]),
        Py2Kind::Print => print_call(text, c, all),
        Py2Kind::BytesEscape => Ok(py2::unicode_escapes(src.as_bytes())
            .into_iter()
            .map(|k| Edit::insert(r.start + k, "\\"))
            .collect()),
        Py2Kind::Exec => Err("exec in Python 3 is a function that does not change local names"),
        Py2Kind::RaiseComma => {
            Err("raise E, value has no exact Python 3 spelling when E is an instance or value a tuple")
        }
        Py2Kind::ExceptComma => {
            Err("except E, name: becomes except E as name:, and Python 3 then deletes the name after the clause")
        }
    }
}

/// `print x, y` as `print(x, y)`: `print` alone as `print()`, `print >>f, x` as
/// `print(x, file=f)`, a trailing comma (no line end) as `end=" "`.
fn print_call(text: &str, c: &Construct, all: &[Construct]) -> Result<Vec<Edit>, &'static str> {
    let p = py2::print_parts(text, c.range.clone())
        .ok_or("Python 2 rejects this print statement too")?;
    let file = match &p.file {
        Some(f)
            if all
                .iter()
                .any(|o| o != c && o.range.start < f.end && f.start < o.range.end) =>
        {
            return Err("print to a file (print >>f) whose file holds Python 2-only syntax is rewritten by hand")
        }
        Some(f) => text.get(f.clone()),
        None => None,
    };
    let mut tail = String::new();
    if let Some(f) = file {
        tail.push_str(&format!(", file={f}"));
    }
    if p.trailing_comma.is_some() {
        tail.push_str(", end=\" \"");
    }
    tail.push(')');
    let Some(values) = p.values else {
        // No value: `print` or `print >>f`.
        let inner = tail.trim_start_matches([',', ' ']);
        return Ok(vec![Edit::replace(
            p.open..c.range.end,
            format!("({inner}"),
        )]);
    };
    let close = match p.trailing_comma {
        Some(comma) => Edit::replace(comma, tail),
        None => Edit::insert(c.range.end, tail),
    };
    Ok(vec![Edit::replace(p.open..values.start, "("), close])
}

/// `ur'x'` in Python 3: a raw string (the `u` dropped) when it holds no `\u` or `\U` escape,
/// else a plain literal with the same characters (Python 2 read `\uXXXX` after an odd number of
/// backslashes as the character, every other backslash as itself).
fn ur_literal(src: &str) -> Result<String, &'static str> {
    let (prefix, rest) = src.split_at(2);
    let r = &prefix[1..];
    let quote_len = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        3
    } else {
        1
    };
    if rest.len() < 2 * quote_len {
        return Err("a string literal the tool does not read");
    }
    let (open, body) = rest.split_at(quote_len);
    let body = &body[..body.len() - quote_len];
    let b = body.as_bytes();
    let escape_at = |i: usize| {
        let run = b[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        let hex = |n: usize| {
            b.get(i + 1..i + 1 + n)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        };
        run % 2 == 1
            && match b[i] {
                b'u' => hex(4),
                b'U' => hex(8),
                _ => false,
            }
    };
    if !(0..b.len()).any(escape_at) {
        return Ok(format!("{r}{open}{body}{open}"));
    }
    if quote_len == 3 {
        return Err("a triple-quoted ur string with \\u escapes is rewritten by hand");
    }
    let q = open.as_bytes()[0];
    let mut out = String::with_capacity(body.len() + 8);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let run = b[i..].iter().take_while(|&&c| c == b'\\').count();
            let escape = i + run < b.len() && escape_at(i + run);
            // Every backslash of the run is a character, but the last one before `\u`.
            let literal = if escape { run - 1 } else { run };
            out.push_str(&"\\\\".repeat(literal));
            if escape {
                out.push('\\');
            }
            i += run;
            continue;
        }
        // A line ending the raw string continued with a backslash: an escape in a plain one,
        // `\n` whatever the file's line ending (Python reads every one as `\n`).
        let ending = crate::syntax::scan::line_ending_len(b, i);
        if ending > 0 {
            out.push_str("\\n");
            i += ending;
            continue;
        }
        if b[i] == q {
            out.push('\\');
        }
        let ch = body[i..].chars().next().ok_or("not text")?;
        out.push(ch);
        i += ch.len_utf8();
    }
    Ok(format!("{open}{out}{open}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructs_are_remembered_rewritten_or_refused() {
        let f = SettingsFile::parse("X = `1, 2`\nprint 'a',\nY = 0644\nexec 'Z = 1'\n".to_string())
            .unwrap();
        let kinds: Vec<Py2Kind> = f.python2().iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                Py2Kind::Backticks { tuple: true },
                Py2Kind::Print,
                Py2Kind::Octal,
                Py2Kind::Exec
            ]
        );
        match python3_rewrite(&f) {
            Outcome::Edits(e) => {
                let contents: Vec<&str> = e.iter().map(|e| e.content.as_str()).collect();
                assert_eq!(contents, ["(", ", end=\" \")", "0o644"]);
            }
            other => panic!("{other:?}"),
        }
        match python3_refuse(&f) {
            Outcome::Skip(u) => {
                assert_eq!(u.offset, 4);
                assert!(u.reason.contains("tuple"), "{}", u.reason);
                // (The line is a reference the engine resolves in the file the user has.)
                let exec = f.text().find("exec").unwrap();
                let at = format!("at line {}", f.line_ref(exec));
                assert!(u.reason.contains(&at), "{:?}", u.reason);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ur_literals() {
        assert_eq!(ur_literal("ur'a\\d'").as_deref(), Ok("r'a\\d'"));
        assert_eq!(ur_literal("UR\"x\"").as_deref(), Ok("R\"x\""));
        assert_eq!(ur_literal("ur'\\u00e9'").as_deref(), Ok("'\\u00e9'"));
        assert_eq!(
            ur_literal("ur'\\d\\u00e9'").as_deref(),
            Ok("'\\\\d\\u00e9'")
        );
        assert_eq!(ur_literal("ur'\\\\u00e9'").as_deref(), Ok("r'\\\\u00e9'"));
        assert_eq!(
            ur_literal("ur'it\\'s \\u00e9'").as_deref(),
            Ok("'it\\\\\\'s \\u00e9'")
        );
    }
}
