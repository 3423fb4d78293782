//! The file's style, decided in one place (ruff's `Stylist` is the model): which quote a new
//! string takes (the container's, else the file's majority), how a value the tool computes is
//! written as a literal, how a container lays out its items (one per line or one line, the
//! indentation, the space after commas) and how a dict separates keys from values. Line
//! endings are the file's own ([`crate::text::source::newline_of`], kept by the model).

use std::ops::Range;

use crate::model::{Container, Dict, SettingsFile};
use crate::text::source;

/// The quote character of a string literal's source (after any prefix).
pub fn string_quote(src: &str) -> char {
    src.chars()
        .find(|c| *c == '\'' || *c == '"')
        .unwrap_or('\'')
}

/// The quote character most string literals of the file use (`'` on a tie).
pub fn file_quote(f: &SettingsFile) -> char {
    f.memo_quote(|| count_quotes(f))
}

fn count_quotes(f: &SettingsFile) -> char {
    let (mut single, mut double) = (0usize, 0usize);
    let bytes = f.text().as_bytes();
    for r in f.strings() {
        // The quote after the prefix letters (at most two): as `string_quote`, on bytes.
        let quote = bytes[r.start..r.end.min(r.start + 3)]
            .iter()
            .find(|b| matches!(b, b'\'' | b'"'));
        match quote {
            Some(b'"') => double += 1,
            _ => single += 1,
        }
    }
    if double > single {
        '"'
    } else {
        '\''
    }
}

pub(crate) fn requote_literal(src: &str, value: &str) -> String {
    let q = string_quote(src);
    format!("{q}{value}{q}")
}

/// The quote character a container's string items use, else the file's.
pub fn container_quote(f: &SettingsFile, c: &Container) -> char {
    c.items
        .iter()
        .find(|i| i.value.is_some())
        .map(|i| string_quote(f.slice(&i.range)))
        .or_else(|| {
            c.commented
                .first()
                .map(|e| string_quote(f.slice(&e.literal)))
        })
        .unwrap_or_else(|| file_quote(f))
}

/// `value` as a Python string literal that evaluates to `value`, exactly: written with `quote`
/// (or with the other quote when `value` holds only `quote`), with backslashes, the quote, line
/// endings, tabs and every other control character escaped. The one function that turns a
/// value the tool computes (an option, a renamed engine) into source text.
pub fn quoted(value: &str, quote: char) -> String {
    let other = if quote == '"' { '\'' } else { '"' };
    let q = if value.contains(quote) && !value.contains(other) {
        other
    } else {
        quote
    };
    let mut out = String::with_capacity(value.len() + 2);
    out.push(q);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            // C0 and C1 controls and DEL, all below U+0100.
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// How a container lays out its items.
pub(crate) struct Layout {
    /// One item per line.
    pub(crate) multiline: bool,
    pub(crate) indent: String,
    /// Text between a comma and the next item on one line.
    pub(crate) space: &'static str,
}

pub(crate) fn layout(f: &SettingsFile, c: &Container, reference: Option<usize>) -> Layout {
    let text = f.text();
    let own_line = |r: &Range<usize>| source::starts_line(text, r.start);
    let pick = reference
        .and_then(|i| c.items.get(i))
        .filter(|i| own_line(&i.range))
        .or_else(|| c.items.iter().find(|i| own_line(&i.range)));
    // No space after commas only when the container writes `'a','b'`.
    let glued = c.items.iter().any(|i| {
        i.comma.is_some_and(|k| {
            text[k + 1..]
                .starts_with(|ch: char| !ch.is_whitespace() && !matches!(ch, ')' | ']' | '}'))
        })
    });
    let space = if glued { "" } else { " " };
    if let Some(item) = pick {
        return Layout {
            multiline: true,
            indent: source::indent_of(text, item.range.start).to_string(),
            space,
        };
    }
    if let Some(e) = c.commented.first() {
        return Layout {
            multiline: true,
            indent: source::indent_of(text, e.comment.start).to_string(),
            space,
        };
    }
    if c.items.is_empty() && f.line(c.open) != f.line(c.close) {
        let indent = format!("{}    ", source::indent_of(text, c.open));
        return Layout {
            multiline: true,
            indent,
            space,
        };
    }
    Layout {
        multiline: false,
        indent: String::new(),
        space,
    }
}

/// What stands between a key and its value in a dict (`: ` or ` : `), from its first entry.
pub fn key_separator(f: &SettingsFile, d: &Dict) -> String {
    d.entries
        .first()
        .map(|(k, v)| f.text()[k.range().end..v.range().start].to_string())
        .filter(|s| s.trim() == ":" && !s.contains('\n'))
        .unwrap_or_else(|| ": ".to_string())
}

/// Python source with every simple single-quoted string (no prefix, no escape, no double quote,
/// on one line) turned to `quote`; every other string is copied as it is.
pub fn requote(src: &str, quote: char) -> String {
    if quote == '\'' {
        return src.to_string();
    }
    let bytes = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Comments are read like code: a quoted word in a template's comment follows the file's
        // quotes too, and a lone apostrophe there closes nothing (the line ends first).
        let q = bytes[i];
        if q != b'\'' && q != b'"' {
            i += 1;
            continue;
        }
        let (end, triple, closed) = crate::syntax::scan::string_end(bytes, i);
        let open = if triple { 3 } else { 1 };
        // The closing quote (or where an unterminated string stops).
        let j = if closed { end - open } else { end };
        let escaped = bytes[i + open..j].contains(&b'\\');
        let prefixed = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if closed && q == b'\'' && !triple && !prefixed && !escaped {
            let body = &src[i + 1..j];
            if !body.contains('"') {
                out.push_str(&src[copied..i]);
                out.push(quote);
                out.push_str(body);
                out.push(quote);
                copied = end;
            }
        }
        i = end.max(i + 1);
    }
    out.push_str(&src[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values;

    #[test]
    fn requote_turns_simple_strings() {
        assert_eq!(
            requote("('a', \"b'c\", 'd')", '"'),
            "(\"a\", \"b'c\", \"d\")"
        );
        // Escapes, prefixes, triple quotes and comments are left alone: the value stays.
        for src in [
            r#"("a\"b'c'", 'x')"#,
            r"('it\'s', u'v', 'w')",
            "('''a'b''', 'c')  # don't",
        ] {
            let out = requote(src, '"');
            let value = |s: &str| {
                let f = SettingsFile::parse(format!("_ = {s}\n")).expect("parses");
                let v = f.first_value().expect("a value");
                values::value(&f, v)
            };
            assert_eq!(value(&out), value(src), "{src} -> {out}");
        }
        assert_eq!(requote("('x', u'v')", '"'), "(\"x\", u'v')");
    }

    #[test]
    fn quoted_escapes_for_its_quote() {
        assert_eq!(quoted("a", '\''), "'a'");
        assert_eq!(quoted("it's", '\''), "\"it's\"");
        assert_eq!(quoted(r"/srv\new", '"'), r#""/srv\\new""#);
        assert_eq!(quoted("a'b\"c\n", '\''), r#"'a\'b"c\n'"#);
        assert_eq!(quoted("\0\u{7f}\t\r", '\''), r"'\x00\x7f\t\r'");
    }
}
