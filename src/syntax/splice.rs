//! Keeping the tree in step with an edit: the statements of the edited region replaced by a
//! re-parse of that region alone, and everything after it shifted.

use std::ops::Range;

use super::*;

impl Module {
    /// Replace what lies in `old` (a region of whole lines of the old text) by `fragment`, the
    /// module parsed from the region's new text (offsets relative to the region), where the
    /// region grew by `delta` bytes. `first..last` are the indices of the old statements in
    /// the region.
    pub fn splice(
        &mut self,
        old: Range<usize>,
        stmts: Range<usize>,
        mut fragment: Module,
        delta: isize,
    ) {
        let at = old.start as isize;
        let start = stmts.start.min(self.body.len());
        let end = stmts.end.min(self.body.len()).max(start);
        let added = fragment.body.len();
        self.binds
            .splice(start..end, std::mem::take(&mut fragment.binds));
        self.body
            .splice(start..end, std::mem::take(&mut fragment.body));
        self.body[start..start + added]
            .iter_mut()
            .for_each(|s| s.shift(at));
        // Moves deferred by the splices after this one follow their statements.
        let grown = added as isize - (end - start) as isize;
        follow(&mut self.pending[BODY], end, grown);
        self.defer_shift(start + added, delta);
        self.splice_lexical(&old, fragment, at, delta);
    }

    /// Move the statements from index `from` on by `by` bytes, later: the splices of one batch of
    /// edits (last first, each before the one already done) record their moves, and
    /// [`Module::settle`] applies them all in one pass over the statements instead of one pass
    /// per splice. Until then, the statements after a recorded index keep their offsets in the
    /// text before the batch, which is what the next splices (all before that index) use.
    /// Identifiers, strings and comments are moved the same way.
    pub fn defer_shift(&mut self, from: usize, by: isize) {
        if by != 0 {
            self.pending[BODY].push((from, by));
        }
    }

    /// Apply the deferred moves.
    pub fn settle(&mut self) {
        let [body, names, strings, comments, python2] = &mut self.pending;
        settle_list(&mut self.body, body, |s, by| s.shift(by));
        settle_list(&mut self.names, names, shift_range);
        settle_list(&mut self.strings, strings, shift_range);
        settle_list(&mut self.comments, comments, shift_range);
        settle_list(&mut self.python2, python2, |c, by| {
            shift_range(&mut c.range, by)
        });
    }
}

/// The entries of a list from `end` on moved by `grown` places: so do the moves recorded for
/// them (all recorded by splices after `end`, in a batch that goes last first).
fn follow(pending: &mut [(usize, isize)], end: usize, grown: isize) {
    for p in pending {
        debug_assert!(p.0 >= end, "splices go last first");
        p.0 = p.0.wrapping_add_signed(grown);
    }
}

/// Apply the moves in `pending` (each: the entries from an index on, by some bytes) to `items`,
/// one stretch of entries with the same move at a time, and clear it.
fn settle_list<T>(
    items: &mut [T],
    pending: &mut Vec<(usize, isize)>,
    shift: impl Fn(&mut T, isize),
) {
    pending.sort_by_key(|p| p.0);
    let mut by = 0isize;
    for (k, &(from, d)) in pending.iter().enumerate() {
        by += d;
        let end = pending
            .get(k + 1)
            .map_or(items.len(), |p| p.0)
            .min(items.len());
        if by != 0 {
            for x in &mut items[from.min(end)..end] {
                shift(x, by);
            }
        }
    }
    pending.clear();
}

impl Module {
    /// Replace the lexical facts (identifiers, strings, comments) found in `old` by those of
    /// `fragment` (offsets relative to `at`), moving what follows by `delta`.
    pub fn splice_lexical(
        &mut self,
        old: &Range<usize>,
        fragment: Module,
        at: isize,
        delta: isize,
    ) {
        let [_, names, strings, comments, python2] = &mut self.pending;
        splice_ranges(&mut self.python2, python2, old, fragment.python2, at, delta);
        splice_ranges(&mut self.strings, strings, old, fragment.strings, at, delta);
        splice_ranges(
            &mut self.comments,
            comments,
            old,
            fragment.comments,
            at,
            delta,
        );
        splice_ranges(&mut self.names, names, old, fragment.names, at, delta);
    }
}

/// Something with a byte range: a string or comment, or a named identifier.
trait HasRange {
    fn range(&self) -> &Range<usize>;
    fn range_mut(&mut self) -> &mut Range<usize>;
}

impl HasRange for Range<usize> {
    fn range(&self) -> &Range<usize> {
        self
    }
    fn range_mut(&mut self) -> &mut Range<usize> {
        self
    }
}

impl HasRange for (Range<usize>, String) {
    fn range(&self) -> &Range<usize> {
        &self.0
    }
    fn range_mut(&mut self) -> &mut Range<usize> {
        &mut self.0
    }
}

impl HasRange for py2::Construct {
    fn range(&self) -> &Range<usize> {
        &self.range
    }
    fn range_mut(&mut self) -> &mut Range<usize> {
        &mut self.range
    }
}

/// Replace the entries of `v` that lie in `old` by `new` (moved by `at`), and record in
/// `pending` that the entries after `old` move by `delta` (see [`Module::defer_shift`]).
fn splice_ranges<T: HasRange>(
    v: &mut Vec<T>,
    pending: &mut Vec<(usize, isize)>,
    old: &Range<usize>,
    new: Vec<T>,
    at: isize,
    delta: isize,
) {
    let from = v.partition_point(|x| x.range().start < old.start);
    let to = v.partition_point(|x| x.range().start < old.end);
    let added = new.len();
    v.splice(from..to, new);
    v[from..from + added]
        .iter_mut()
        .for_each(|x| shift_range(x.range_mut(), at));
    follow(pending, to, added as isize - (to - from) as isize);
    if delta != 0 {
        pending.push((from + added, delta));
    }
}
