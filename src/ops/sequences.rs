//! Elements of sequences (tuples and lists of strings): ensured (a disabled entry uncommented),
//! removed, renamed, moved from one sequence to another, and the variants that take an option
//! value or respect an entry the administrator disabled.

use crate::model::style::{container_quote, layout, quoted, requote_literal};
use crate::model::{Commented, Container, Seq, SettingsFile};
use crate::text::edit::Edit;
use crate::text::source;

use super::containers::{insert_item, remove_item, replace_string};
use super::outcome::{edits_by_steps, slot_for, At, Outcome};
use super::{Opt, Options, Target};

/// Ensure the string `value` is an element of the target sequence (uncommenting a commented-out
/// entry instead of adding a second one). Nothing happens when the sequence does not exist.
pub fn ensure(f: &SettingsFile, target: &Target, value: &str, at: &At) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    ensure_in_seq(f, &seq, value, at)
}

/// [`ensure`] on a sequence already looked up.
pub fn ensure_in_seq(f: &SettingsFile, seq: &Seq, value: &str, at: &At) -> Outcome {
    if seq.contains(value) || in_extension(f, seq, value) {
        return Outcome::none();
    }
    if let Some(c) = seq.commented(value) {
        return Outcome::Edits(uncomment(f, &seq.container, c));
    }
    let slot = slot_for(&seq.container, at);
    let quote = container_quote(f, &seq.container);
    let text = quoted(value, quote);
    Outcome::Edits(insert_item(f, &seq.container, slot, &text, seq.is_tuple))
}

/// `INSTALLED_APPS += MODOBOA_APPS`: a value listed (or disabled) in a sequence added with `+=`
/// is present.
fn in_extension(f: &SettingsFile, seq: &Seq, value: &str) -> bool {
    seq.extra
        .iter()
        .filter_map(|e| e.strip_prefix('<')?.strip_suffix('>'))
        .any(|name| {
            matches!(f.seq(name), Ok(Some(other))
                if other.contains(value) || other.commented(value).is_some())
        })
}

/// Turn `# 'x',` back into `'x',`, fixing the commas around it.
pub fn uncomment(f: &SettingsFile, c: &Container, entry: &Commented) -> Vec<Edit> {
    let text = f.text();
    let mut edits = Vec::new();
    // Drop `#` and the spaces up to the literal; keep the line's indentation, or take the
    // neighbours' when the `#` stood at the start of the line.
    let line = source::line_start(text, entry.comment.start);
    if line == entry.comment.start {
        let indent = layout(f, c, None).indent;
        edits.push(Edit::replace(line..entry.literal.start, indent));
    } else {
        edits.push(Edit::delete(entry.comment.start..entry.literal.start));
    }
    let later_item = c.items.iter().any(|i| i.range.start > entry.comment.start);
    if !entry.has_comma && (later_item || c.items.last().is_some_and(|i| i.comma.is_some())) {
        edits.push(Edit::insert(entry.literal.end, ","));
    }
    if let Some(prev) = c
        .items
        .iter()
        .rev()
        .find(|i| i.range.end < entry.comment.start)
    {
        if prev.comma.is_none() {
            edits.push(Edit::insert(prev.range.end, ","));
        }
    }
    edits
}

/// Remove every element equal to `value` from the sequence `name`, and its commented-out
/// entries (what a release drops is gone, enabled or disabled): all the edits at once.
pub fn remove(f: &SettingsFile, target: &Target, value: &str) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    let live = seq
        .items()
        .iter()
        .filter(|i| i.value == Some(value))
        .count();
    let disabled = seq.container.commented.iter().filter(|c| c.value == value);
    match live + disabled.count() {
        0 => Outcome::none(),
        1 => remove_once(f, &seq, value),
        n => edits_by_steps(f, seq.setting.stmt, n, |g| match tri!(target.seq(g)) {
            Some(s) => remove_once(g, &s, value),
            None => Outcome::none(),
        }),
    }
}

/// Remove the first element equal to `value`, else the first commented-out entry of it (its
/// whole line).
fn remove_once(f: &SettingsFile, seq: &Seq, value: &str) -> Outcome {
    if let Some(i) = seq.find(value) {
        return Outcome::Edits(remove_item(f, &seq.container, i, seq.is_tuple));
    }
    match seq.commented(value) {
        Some(c) => {
            let text = f.text();
            let line =
                source::line_start(text, c.comment.start)..source::next_line(text, c.comment.end);
            Outcome::Edits(vec![Edit::delete(line)])
        }
        None => Outcome::none(),
    }
}

/// Rename the element `from` to `to` in place (commented-out entries too), keeping its quotes.
/// When `to` is already there, `from` is removed instead; of several copies of `from`, the
/// first is renamed and the others removed. All the edits come at once.
pub fn rename(f: &SettingsFile, target: &Target, from: &str, to: &str) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    // Renaming into a value listed in `+= MODOBOA_APPS` would list it twice.
    let to_elsewhere = in_extension(f, &seq, to);
    let count = seq.items().iter().filter(|i| i.value == Some(from)).count();
    if count <= 1 {
        return rename_in(f, &seq, from, to, to_elsewhere);
    }
    edits_by_steps(f, seq.setting.stmt, count + 1, |g| {
        rename_once(g, target, from, to, to_elsewhere)
    })
}

/// One renaming (or removal) of the first `from`, and of a commented-out `from`.
fn rename_once(
    f: &SettingsFile,
    target: &Target,
    from: &str,
    to: &str,
    to_elsewhere: bool,
) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    rename_in(f, &seq, from, to, to_elsewhere)
}

/// [`rename_once`] on the sequence already read.
fn rename_in(f: &SettingsFile, seq: &Seq, from: &str, to: &str, to_elsewhere: bool) -> Outcome {
    let mut edits = Vec::new();
    if let Some(i) = seq.find(from) {
        if seq.contains(to) || to_elsewhere {
            return Outcome::Edits(remove_item(f, &seq.container, i, seq.is_tuple));
        }
        edits.push(tri!(replace_string(f, &seq.items()[i].range, to)));
    }
    if let Some(c) = seq.commented(from) {
        if seq.commented(to).is_none() && !seq.contains(to) {
            edits.push(Edit::replace(
                c.literal.clone(),
                requote_literal(f.slice(&c.literal), to),
            ));
        }
    }
    Outcome::Edits(edits)
}
/// Move `value` from the sequence `from` to the sequence `to` (at `at`): removed there, ensured
/// here. Nothing happens when `from` does not list it.
pub fn r#move(f: &SettingsFile, from: &Target, to: &Target, value: &str, at: &At) -> Outcome {
    let Some(src) = tri!(from.seq(f)) else {
        return Outcome::none();
    };
    if !src.contains(value) {
        return Outcome::none();
    }
    let dst_stmt = match tri!(to.seq(f)) {
        Some(d) => d.setting.stmt.range.clone(),
        None => return Outcome::none(),
    };
    if dst_stmt == src.setting.stmt.range {
        return Outcome::none();
    }
    let mut edits = match remove(f, from, value) {
        Outcome::Edits(e) => e,
        other => return other,
    };
    match ensure(f, to, value, at) {
        Outcome::Edits(e) => edits.extend(e),
        other => return other,
    }
    Outcome::Edits(edits)
}

/// [`ensure`] of an option value (`--hostname`); pending without it.
pub fn ensure_option(
    f: &SettingsFile,
    target: &Target,
    option: &Opt,
    options: &Options,
    at: &At,
) -> Outcome {
    match option.value(options) {
        Some(v) => ensure(f, target, v, at),
        None => Outcome::needs(*option, format!("needs a value: pass {}", option.flag())),
    }
}

/// Ensure `value` in the target unless a commented-out entry disables it (`modoboa.x` or the
/// extension's package `modoboa_x`): a plugin the administrator turned off stays off.
pub fn ensure_unless_disabled(f: &SettingsFile, target: &Target, value: &str, at: &At) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    // The extension's own package disabled before its merge (`# 'modoboa_webmail',`) counts.
    let package = value
        .strip_prefix("modoboa.")
        .map(|x| format!("modoboa_{x}"));
    if seq.commented(value).is_some() || package.is_some_and(|p| seq.commented(&p).is_some()) {
        return Outcome::none();
    }
    ensure_in_seq(f, &seq, value, at)
}

/// `prefix` + an option value as an element of the target (`autoconfig.<domain>`); without
/// the option, pending unless the target lists such an element for some value already.
pub fn ensure_option_prefixed(
    f: &SettingsFile,
    target: &Target,
    prefix: &str,
    option: &Opt,
    options: &Options,
    at: &At,
) -> Outcome {
    match option.value(options) {
        Some(v) => ensure_prefixed(f, target, prefix, v, at),
        None if has_prefixed(f, target, prefix) => Outcome::none(),
        None => Outcome::needs(*option, format!("needs a value: pass {}", option.flag())),
    }
}

/// `prefix` + the option value as an element of the target.
fn ensure_prefixed(
    f: &SettingsFile,
    target: &Target,
    prefix: &str,
    value: &str,
    at: &At,
) -> Outcome {
    let Some(seq) = tri!(target.seq(f)) else {
        return Outcome::none();
    };
    let v = format!("{prefix}{value}");
    if seq.contains(&v) {
        return Outcome::none();
    }
    ensure_in_seq(f, &seq, &v, at)
}

/// True when the target lists an element starting with `prefix` (`autoconfig.` for some
/// domain): the step has been done, for whichever domain.
fn has_prefixed(f: &SettingsFile, target: &Target, prefix: &str) -> bool {
    matches!(target.seq(f), Ok(Some(s)) if s.items().iter().filter_map(|i| i.value).any(|v| v.starts_with(prefix)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::outcome::tests::run;

    #[test]
    fn ensure_after_in_multiline_tuple() {
        let out = run("X = (\n    'a',\n    'b',\n)\n", |f| {
            ensure(f, &Target::Name("X"), "c", &At::after(&["a"]))
        });
        assert_eq!(out, "X = (\n    'a',\n    'c',\n    'b',\n)\n");
    }

    #[test]
    fn ensure_last_without_trailing_comma() {
        let out = run("X = (\n    \"a\",\n    \"b\"\n)\n", |f| {
            ensure(f, &Target::Name("X"), "c", &At::LAST)
        });
        assert_eq!(out, "X = (\n    \"a\",\n    \"b\",\n    \"c\"\n)\n");
    }

    #[test]
    fn ensure_in_one_line_tuple() {
        let out = run("X = ('a', 'b',)\n", |f| {
            ensure(f, &Target::Name("X"), "c", &At::after(&["a"]))
        });
        assert_eq!(out, "X = ('a', 'c', 'b',)\n");
        let out = run("X = ()\n", |f| {
            ensure(f, &Target::Name("X"), "c", &At::LAST)
        });
        assert_eq!(out, "X = ('c',)\n");
    }

    #[test]
    fn ensure_uncomments() {
        let out = run("X = (\n    'a',\n    # 'c',\n    'b',\n)\n", |f| {
            ensure(f, &Target::Name("X"), "c", &At::LAST)
        });
        assert_eq!(out, "X = (\n    'a',\n    'c',\n    'b',\n)\n");
    }

    #[test]
    fn remove_keeps_one_tuple_comma() {
        let out = run("X = ('a', 'b')\n", |f| remove(f, &Target::Name("X"), "b"));
        assert_eq!(out, "X = ('a',)\n");
        let out = run("X = (\n    'a',  # c\n    'b',\n)\n", |f| {
            remove(f, &Target::Name("X"), "a")
        });
        assert_eq!(out, "X = (\n    'b',\n)\n");
    }
}
