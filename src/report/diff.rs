//! The unified diff of a file, as `diff -u` writes it and `patch` and `git apply` read it,
//! aligned on the stretches the edits kept; coloured on a terminal.

use similar::DiffOp;

use crate::colors::Colors;
use crate::text::edit::Kept;
use crate::text::encoding::{encode, Encoding};

/// A unified diff with `a/PATH` and `b/PATH` headers (empty when nothing changed).
pub fn diff(path: &str, old: &str, new: &str, colors: Colors) -> String {
    painted(path, old, new, None, colors)
}

/// The same diff, for a `new` made from `old` by edits that left the stretches `kept` of it
/// untouched (as [`crate::engine::Upgrade::kept`] tells): the lines inside those stretches are
/// aligned as they are, and only the lines between them are searched. Stretches that do not
/// hold (wrong offsets, other text) only cost the alignment, never the diff's correctness.
pub fn diff_kept(path: &str, old: &str, new: &str, kept: &[Kept], colors: Colors) -> String {
    painted(path, old, new, Some(kept), colors)
}

fn painted(path: &str, old: &str, new: &str, kept: Option<&[Kept]>, colors: Colors) -> String {
    if old == new {
        return String::new();
    }
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let text = unified(path, old, new, kept);
    if !colors.0 {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let painted = if body.starts_with("+++") || body.starts_with("---") {
            colors.paint("1", body)
        } else if body.starts_with('+') {
            colors.paint("32", body)
        } else if body.starts_with('-') {
            colors.paint("31", body)
        } else if body.starts_with("@@") {
            colors.paint("36", body)
        } else {
            body.to_string()
        };
        out.push_str(&painted);
        out.push_str(end);
    }
    out
}

/// A unified diff with three lines of context, as `diff -u` and `patch` know it. With `kept`,
/// Myers runs only between the lines those stretches align; without, over the whole texts.
fn unified(path: &str, old: &str, new: &str, kept: Option<&[Kept]>) -> String {
    use similar::DiffTag;
    let (old_lines, new_lines) = (lines(old), lines(new));
    let ops = match kept {
        Some(kept) => anchored(&old_lines, &new_lines, kept),
        None => myers(&old_lines, &new_lines),
    };
    use std::fmt::Write;
    let groups = similar::group_diff_ops(ops, 3);
    // The size of the diff, so that the text is allocated once: the lines with their signs,
    // the headers, and the markers of a missing final newline.
    let bytes = |ls: &[&str]| ls.iter().map(|l| l.len() + 1).sum::<usize>();
    let size: usize = groups
        .iter()
        .flatten()
        .map(|op| {
            let (tag, o, n) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal | DiffTag::Delete => bytes(&old_lines[o]),
                DiffTag::Insert => bytes(&new_lines[n]),
                DiffTag::Replace => bytes(&old_lines[o]) + bytes(&new_lines[n]),
            }
        })
        .sum();
    let mut out = String::with_capacity(size + 64 * (groups.len() + 2) + 2 * path.len());
    for group in groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        if out.is_empty() {
            let _ = write!(out, "--- a/{path}\n+++ b/{path}\n");
        }
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            HunkRange(&old_range),
            HunkRange(&new_range)
        );
        for op in &group {
            let (tag, o, n) = op.as_tag_tuple();
            let mut emit = |sign: char, line: &str| {
                out.push(sign);
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            };
            match tag {
                DiffTag::Equal => old_lines[o].iter().for_each(|l| emit(' ', l)),
                DiffTag::Delete => old_lines[o].iter().for_each(|l| emit('-', l)),
                DiffTag::Insert => new_lines[n].iter().for_each(|l| emit('+', l)),
                DiffTag::Replace => {
                    old_lines[o].iter().for_each(|l| emit('-', l));
                    new_lines[n].iter().for_each(|l| emit('+', l));
                }
            }
        }
    }
    out
}

/// The lines of a text with their line endings, as `split_inclusive('\n')` gives them (a byte
/// search: `\n` never occurs inside another UTF-8 character, so every cut is a char boundary).
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = 0;
    for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(&text[start..at + 1]);
        start = at + 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Myers over two runs of lines. Lines are numbered first (each distinct line gets an id), so
/// the diff compares integers, not strings.
fn myers(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut old_ids = Vec::with_capacity(old.len());
    for l in old {
        let next = ids.len() as u32;
        old_ids.push(*ids.entry(l).or_insert(next));
    }
    let mut new_ids = Vec::with_capacity(new.len());
    for l in new {
        let next = ids.len() as u32;
        new_ids.push(*ids.entry(l).or_insert(next));
    }
    similar::capture_diff_slices(similar::Algorithm::Myers, &old_ids, &new_ids)
}

/// The pairs of lines (old index, new index) that the stretches `kept` align: a line of `old`
/// that lies whole inside a stretch, with the line of `new` at the same place in the stretch.
/// The pairs are checked to be equal lines and to rise on both sides, whatever `kept` says.
fn anchors(old: &[&str], new: &[&str], kept: &[Kept]) -> Vec<(usize, usize)> {
    fn starts(lines: &[&str]) -> Vec<usize> {
        let mut at = 0;
        let mut out = Vec::with_capacity(lines.len() + 1);
        for l in lines {
            out.push(at);
            at += l.len();
        }
        out.push(at);
        out
    }
    let (old_at, new_at) = (starts(old), starts(new));
    let mut out = Vec::with_capacity(old.len().min(new.len()));
    let (mut min_i, mut min_j) = (0, 0);
    for k in kept {
        let end = k.old.saturating_add(k.len);
        let mut i = old_at[..old.len()]
            .partition_point(|&s| s < k.old)
            .max(min_i);
        let mut j = new_at[..new.len()]
            .partition_point(|&s| s < k.new)
            .max(min_j);
        while i < old.len() && old_at[i + 1] <= end {
            let at = k.new.saturating_add(old_at[i] - k.old);
            while j < new.len() && new_at[j] < at {
                j += 1;
            }
            if j == new.len() {
                break;
            }
            if new_at[j] == at && old[i] == new[j] {
                out.push((i, j));
                (min_i, min_j) = (i + 1, j + 1);
                j += 1;
            }
            i += 1;
        }
    }
    out
}

/// The ops of the diff: the anchored lines are equal, Myers aligns the lines between them.
fn anchored(old: &[&str], new: &[&str], kept: &[Kept]) -> Vec<DiffOp> {
    let mut ops: Vec<DiffOp> = Vec::new();
    let (mut i0, mut j0) = (0, 0);
    let anchors = anchors(old, new, kept);
    for (i, j) in anchors.into_iter().chain([(old.len(), new.len())]) {
        match (i - i0, j - j0) {
            (0, 0) => {}
            (old_len, 0) => ops.push(DiffOp::Delete {
                old_index: i0,
                old_len,
                new_index: j0,
            }),
            (0, new_len) => ops.push(DiffOp::Insert {
                old_index: i0,
                new_index: j0,
                new_len,
            }),
            // One line for another, the most common edit: what Myers would say.
            (1, 1) if old[i0] != new[j0] => ops.push(DiffOp::Replace {
                old_index: i0,
                old_len: 1,
                new_index: j0,
                new_len: 1,
            }),
            _ => {
                // Gaps are short: comparing their lines costs less than numbering them.
                let gap = (&old[i0..i], &new[j0..j]);
                for op in similar::capture_diff_slices(similar::Algorithm::Myers, gap.0, gap.1) {
                    push_op(&mut ops, moved(op, i0, j0));
                }
            }
        }
        if i < old.len() {
            push_op(
                &mut ops,
                DiffOp::Equal {
                    old_index: i,
                    new_index: j,
                    len: 1,
                },
            );
        }
        (i0, j0) = (i + 1, j + 1);
    }
    ops
}

/// An op of a diff of two runs, moved to where the runs start.
fn moved(op: DiffOp, di: usize, dj: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + di,
            new_index: new_index + dj,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + di,
            old_len,
            new_index: new_index + dj,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + di,
            new_index: new_index + dj,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + di,
            old_len,
            new_index: new_index + dj,
            new_len,
        },
    }
}

/// Append an op, joining an equal run to the one it continues (hunks are cut on the length of
/// whole equal runs).
fn push_op(ops: &mut Vec<DiffOp>, op: DiffOp) {
    if let (
        Some(DiffOp::Equal {
            old_index,
            new_index,
            len,
        }),
        DiffOp::Equal {
            old_index: i,
            new_index: j,
            len: more,
        },
    ) = (ops.last_mut(), &op)
    {
        if *old_index + *len == *i && *new_index + *len == *j {
            *len += more;
            return;
        }
    }
    ops.push(op);
}

/// `start,len` of a hunk (1-based; `start` alone for one line; the line before for none).
struct HunkRange<'a>(&'a std::ops::Range<usize>);

impl std::fmt::Display for HunkRange<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = self.0;
        match r.end - r.start {
            1 => write!(f, "{}", r.start + 1),
            0 => write!(f, "{},0", r.start),
            len => write!(f, "{},{}", r.start + 1, len),
        }
    }
}

/// A diff in the file's own encoding, so that `patch` applies it to the file's bytes; the two
/// header lines keep the path as given (UTF-8). A line the encoding cannot hold stays UTF-8.
pub fn diff_bytes(diff: String, encoding: &Encoding) -> Vec<u8> {
    // UTF-8 (nearly every file): the diff's bytes as they are, not copied.
    if matches!(encoding, Encoding::Utf8 { .. }) {
        return diff.into_bytes();
    }
    let mut out = Vec::with_capacity(diff.len());
    for (i, line) in diff.split_inclusive('\n').enumerate() {
        match encode(line, encoding) {
            Ok(bytes) if i >= 2 => out.extend(bytes),
            _ => out.extend(line.as_bytes()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same text as similar's own unified diff, for the shapes that matter.
    #[test]
    fn lines_split_as_split_inclusive() {
        for t in ["", "a", "\n", "a\nb", "a\r\nb\r\n", "\n\nx\n", "é\nà"] {
            let want: Vec<&str> = t.split_inclusive('\n').collect();
            assert_eq!(lines(t), want, "{t:?}");
        }
    }

    #[test]
    fn unified_matches_similar() {
        let cases = [
            ("a\nb\nc\n", "a\nB\nc\n"),
            ("a\nb\nc", "a\nb\nc\nd"),
            ("x\n", ""),
            ("", "x\ny\n"),
            (
                "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
                "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
            ),
            ("a\r\nb\r\n", "a\r\nc\r\nb\r\n"),
            ("same\nsame\nx\n", "same\nx\nsame\n"),
        ];
        for (old, new) in cases {
            let want = similar::TextDiff::from_lines(old, new)
                .unified_diff()
                .context_radius(3)
                .header("a/f", "b/f")
                .to_string();
            assert_eq!(unified("f", old, new, None), want, "{old:?} -> {new:?}");
        }
    }

    /// The ops cover both texts in order, and their equal lines are equal.
    fn check_ops(old: &str, new: &str, ops: &[DiffOp]) {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
        let (mut i, mut j) = (0, 0);
        for op in ops {
            let (tag, o, n) = op.as_tag_tuple();
            assert_eq!((o.start, n.start), (i, j), "{ops:?}");
            if tag == similar::DiffTag::Equal {
                assert_eq!(old_lines[o.clone()], new_lines[n.clone()], "{ops:?}");
            }
            (i, j) = (o.end, n.end);
        }
        assert_eq!((i, j), (old_lines.len(), new_lines.len()), "{ops:?}");
    }

    fn kept_ops(old: &str, new: &str, kept: &[Kept]) -> Vec<DiffOp> {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
        anchored(&old_lines, &new_lines, kept)
    }

    /// Edits tracked through `keep_through` give the same diff as Myers over the whole texts.
    #[test]
    fn kept_diff_of_edits() {
        use crate::text::edit::{apply, keep_through, Edit};
        let cases: Vec<(&str, Vec<Edit>)> = vec![
            ("a\nb\nc\n", vec![Edit::replace(2..3, "B")]),
            ("a\nb\nc", vec![Edit::insert(5, "\nd")]),
            ("x\n", vec![Edit::delete(0..2)]),
            ("a\r\nb\r\n", vec![Edit::insert(3, "c\r\n")]),
            (
                "\u{feff}A = 1\nB = 2\nC = 3\nD = 4\nE = 5\nF = 6\nG = 7\nH = 8\n",
                vec![
                    Edit::insert(3, "0"),
                    Edit::replace(21..22, "X"),
                    Edit::insert(45, "I = 9\n"),
                ],
            ),
            ("é = 'à'\nb = 1\n", vec![Edit::replace(6..8, "ü")]),
        ];
        for (old, edits) in cases {
            let kept = keep_through(&Kept::all(old), &edits);
            let new = apply(old, edits).expect("applies");
            check_ops(old, &new, &kept_ops(old, &new, &kept));
            assert_eq!(
                unified("f", old, &new, Some(&kept)),
                unified("f", old, &new, None),
                "{old:?} -> {new:?}"
            );
        }
    }

    /// Stretches that do not hold (out of range, overlapping, out of order, not the same
    /// text) still give a diff that turns the old text into the new one.
    #[test]
    fn kept_diff_survives_wrong_stretches() {
        let old = "a\nb\nc\nd\ne\n";
        let new = "a\nc\nb\nd\nx\n";
        let k = |old, new, len| Kept { old, new, len };
        let wrong = [
            vec![k(0, 0, 100)],
            vec![k(4, 2, 4), k(0, 0, 10)],
            vec![k(2, 4, 2), k(4, 2, 2), k(8, 8, 2)],
            vec![k(usize::MAX - 1, 3, 5)],
            vec![k(0, 0, 10), k(0, 0, 10)],
        ];
        for kept in wrong {
            let ops = kept_ops(old, new, &kept);
            check_ops(old, new, &ops);
            let d = unified("f", old, new, Some(&kept));
            assert!(d.starts_with("--- a/f\n+++ b/f\n@@ "), "{kept:?}: {d}");
        }
    }
}
