//! Incremental re-parsing: after a batch of edits, only the top-level statements (or the
//! container, or the string) they touch are parsed again; everything after them is moved.
//! Debug builds compare every splice with a full parse.

use super::*;

impl SettingsFile {
    /// Apply edits and bring the model up to date: only the top-level statements the edits
    /// touch are parsed again, everything after them is moved. Falls back to a full parse when
    /// the region does not parse on its own (the error then comes from the whole file).
    pub fn apply_edits(&mut self, mut edits: Vec<Edit>) -> Result<(), EditFailure> {
        self.memo = Memo::default();
        // Refuse overlaps before touching anything.
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        for pair in edits.windows(2) {
            if pair[0].range.end > pair[1].range.start || pair[1].range.end > self.text.len() {
                let (first, second) = (pair[0].range.clone(), pair[1].range.clone());
                return Err(EditFailure::Overlap(edit::Overlap { first, second }));
            }
        }
        // Whatever path the edits take below, the text ends as `edit::apply` would make it.
        let mut kept = std::mem::take(&mut self.kept);
        edit::keep_through_in_place(&mut kept, &edits);
        // Edits inside one tuple, list or dict form a group spliced at the element level; the
        // others re-parse the statements around them. Groups go last first, so that the
        // offsets of the earlier ones stay valid.
        let mut groups: Vec<(Option<ContainerKey>, Vec<Edit>)> = Vec::new();
        for e in edits {
            let key = self.container_key(e.range.start, e.range.end);
            match groups.last_mut() {
                Some((k, es)) if *k == key => es.push(e),
                _ => groups.push((key, vec![e])),
            }
        }
        while let Some((key, es)) = groups.pop() {
            if key.is_some() && self.splice_in_container(&es) {
                continue;
            }
            if let [e] = es.as_slice() {
                if self.splice_string(e) {
                    continue;
                }
            }
            if let Err(rest) = self.splice_statements(es) {
                // A region did not parse on its own: apply everything left and parse the whole
                // file, which gives the real error (or a valid file after all).
                let rest: Vec<Edit> = groups
                    .drain(..)
                    .flat_map(|(_, es)| es)
                    .chain(rest)
                    .collect();
                let text = edit::apply(&self.text, rest).map_err(EditFailure::Overlap)?;
                *self = SettingsFile::parse(text).map_err(EditFailure::Parse)?;
                self.kept = kept;
                return Ok(());
            }
        }
        self.module.settle();
        if source::newline_of(&self.text) != self.newline {
            *self =
                SettingsFile::parse(std::mem::take(&mut self.text)).map_err(EditFailure::Parse)?;
        }
        self.kept = kept;
        // Tests and fuzzing run debug builds: there, check the splices against a full parse
        // (for files of settings size; the large generated ones of the benchmarks would take
        // minutes).
        #[cfg(debug_assertions)]
        if self.text.len() <= 256 * 1024 {
            self.check_against_full_parse();
        }
        Ok(())
    }

    /// Debug builds: the model after splices must equal a full parse of the text.
    #[cfg(debug_assertions)]
    fn check_against_full_parse(&self) {
        let Ok(full) = SettingsFile::parse(self.text.clone()) else {
            return;
        };
        // `{:?}` to compare: `{:#?}` costs the depth of the tree per byte, which deep
        // expressions (200 chained operators) turn into minutes.
        if format!("{:?}", full.module) != format!("{:?}", self.module) {
            let (want, got) = (format!("{:#?}", full.module), format!("{:#?}", self.module));
            let d = similar::TextDiff::from_lines(&want, &got)
                .unified_diff()
                .to_string();
            panic!("splice differs from a full parse:\n{d}");
        }
        assert!(
            full.lines == self.lines,
            "line starts differ from a full scan"
        );
    }

    /// Re-parse the whole lines of the statements around `edits` (clustered when their
    /// regions meet). On a region that does not parse alone, gives back the edits not applied.
    fn splice_statements(&mut self, edits: Vec<Edit>) -> Result<(), Vec<Edit>> {
        let mut clusters: Vec<(Range<usize>, Range<usize>, Vec<Edit>)> = Vec::new();
        for e in edits {
            let adds_line = e.content.starts_with(['\n', '\r']);
            let (region, stmts) = self.region(e.range.start, e.range.end, adds_line);
            match clusters.last_mut() {
                Some((r, st, es)) if region.start < r.end => {
                    r.end = r.end.max(region.end);
                    st.end = st.end.max(stmts.end);
                    es.push(e);
                }
                _ => clusters.push((region, stmts, vec![e])),
            }
        }
        while let Some((region, stmts, es)) = clusters.pop() {
            let local: Vec<Edit> = es
                .iter()
                .map(|e| {
                    Edit::replace(
                        e.range.start - region.start..e.range.end - region.start,
                        e.content.clone(),
                    )
                })
                .collect();
            let parsed = edit::apply(&self.text[region.clone()], local)
                .ok()
                .and_then(|new_region| {
                    let module = parse_module(&new_region).ok()?;
                    Some((new_region, module))
                });
            let Some((new_region, module)) = parsed else {
                return Err(clusters
                    .into_iter()
                    .flat_map(|(_, _, es)| es)
                    .chain(es)
                    .collect());
            };
            let delta = new_region.len() as isize - region.len() as isize;
            self.text.replace_range(region.clone(), &new_region);
            self.module.splice(region.clone(), stmts, module, delta);
            self.lines.splice(region, &self.text, delta);
        }
        Ok(())
    }

    /// The tuple, list or dict literal whose inside holds `lo..hi`: its statement and path.
    fn container_key(&self, lo: usize, hi: usize) -> Option<ContainerKey> {
        let si = self.module.body.partition_point(|s| s.range.end < lo);
        let path = self
            .module
            .body
            .get(si)?
            .container_path(&self.text, lo, hi)?;
        Some((si, path))
    }

    /// One string literal replaced by another plain one (`ROOT_URLCONF = 'mailng.urls'`): the
    /// node takes the new value without the parser. False when the edit is not of that shape.
    fn splice_string(&mut self, e: &Edit) -> bool {
        let r = &e.range;
        let is_token = self
            .module
            .strings
            .binary_search_by_key(&r.start, |s| s.start)
            .is_ok_and(|i| self.module.strings[i] == *r);
        let Some((item, lexical)) = simple_elements(&e.content, false) else {
            return false;
        };
        let value = match &item.kind {
            ExprKind::List(v) if v.len() == 1 && v[0].rel == (0..e.content.len()) => {
                match &v[0].kind {
                    ExprKind::Str(s) => s.clone(),
                    _ => return false,
                }
            }
            _ => return false,
        };
        if !is_token || !lexical.comments.is_empty() {
            return false;
        }
        let si = self.module.body.partition_point(|s| s.range.end < r.start);
        let Some(stmt) = self.module.body.get_mut(si) else {
            return false;
        };
        let Some(node) = stmt.find_mut(r) else {
            return false;
        };
        if !matches!(node.kind, ExprKind::Str(_)) {
            return false;
        }
        node.kind = ExprKind::Str(value);
        let delta = e.content.len() as isize - r.len() as isize;
        stmt.shift_from(r.end, delta);
        self.module.defer_shift(si + 1, delta);
        self.module
            .splice_lexical(r, lexical, r.start as isize, delta);
        self.text.replace_range(r.clone(), &e.content);
        self.lines.splice(r.clone(), &self.text, delta);
        true
    }

    /// Edits that all fall inside one bracketed tuple, list or dict (a new element of a long
    /// INSTALLED_APPS, a key of LOGGING) re-parse only the elements they touch. Returns false
    /// when the edits are not of that shape, or the elements do not parse on their own.
    fn splice_in_container(&mut self, edits: &[Edit]) -> bool {
        let (Some(lo), Some(hi)) = (
            edits.iter().map(|e| e.range.start).min(),
            edits.iter().map(|e| e.range.end).max(),
        ) else {
            return true;
        };
        let body = &self.module.body;
        let si = body.partition_point(|s| s.range.end < lo);
        let Some(stmt) = body.get(si) else {
            return false;
        };
        let value = match &*stmt.kind {
            StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => value,
            _ => return false,
        };
        let base = stmt.range.start;
        let Some(path) = stmt.container_path(&self.text, lo, hi) else {
            return false;
        };
        let Some(c) = value.at_path(&path) else {
            return false;
        };
        let (open, close) = (c.abs(base).start, c.abs(base).end - 1);
        let is_tuple = matches!(c.kind, ExprKind::Tuple(_));
        let (is_dict, spans): (bool, Vec<Range<usize>>) = match &c.kind {
            ExprKind::Tuple(v) | ExprKind::List(v) => {
                (false, v.iter().map(|e| e.abs(base)).collect())
            }
            ExprKind::Dict(entries) => (
                true,
                entries
                    .iter()
                    .filter_map(|(k, v)| k.as_ref().map(|k| k.abs(base).start..v.abs(base).end))
                    .collect(),
            ),
            _ => return false,
        };
        // The region: from the element where the edits start to the one where they end.
        // It ends where the next element starts (its comma inside), or at the closing bracket.
        let start = spans
            .iter()
            .rev()
            .find(|r| r.start <= lo)
            .map_or(open + 1, |r| r.start);
        let last = spans.iter().position(|r| r.end >= hi);
        let end = last
            .and_then(|b| spans.get(b + 1))
            .map_or(close, |r| r.start);
        if start > lo || end < hi || end > close {
            return false;
        }
        let local: Vec<Edit> = edits
            .iter()
            .map(|e| {
                Edit::replace(
                    e.range.start - start..e.range.end - start,
                    e.content.clone(),
                )
            })
            .collect();
        let Ok(new_region) = edit::apply(&self.text[start..end], local) else {
            return false;
        };
        // Another element follows the region in the file: the new text must end with a comma
        // there too (`'a' 'b'` would concatenate otherwise).
        let followed = end < close;
        // Plain string elements, commas and comments need no parser; anything else does.
        let (new_items, fragment, at) = match (!is_dict)
            .then(|| simple_elements(&new_region, followed))
            .flatten()
        {
            Some((items, fragment)) => (items, fragment, start as isize),
            None => {
                let (o, cl) = if is_dict { ('{', '}') } else { ('[', ']') };
                // A sentinel element checks the comma that must end the region.
                let sentinel = match (followed, is_dict) {
                    (false, _) => "",
                    (true, false) => "0",
                    (true, true) => "0: 0",
                };
                let wrapper = format!("_ = {o}{new_region}{sentinel}\n{cl}");
                let prefix = "_ = [".len();
                let Ok(mut fragment) = parse_module(&wrapper) else {
                    return false;
                };
                let mut items = match fragment.body.pop().map(|s| *s.kind) {
                    Some(StmtKind::Assign { value, .. }) if fragment.body.is_empty() => value,
                    _ => return false,
                };
                if followed {
                    match &mut items.kind {
                        ExprKind::List(v) => drop(v.pop()),
                        ExprKind::Dict(v) => drop(v.pop()),
                        _ => return false,
                    }
                }
                fragment.names.retain(|r| r.start >= prefix);
                (items, fragment, start as isize - prefix as isize)
            }
        };
        let new_count = match &new_items.kind {
            ExprKind::List(v) => v.len(),
            ExprKind::Dict(v) => v.len(),
            _ => return false,
        };
        let delta = new_region.len() as isize - (end - start) as isize;
        // Old elements of the region out, the new ones in; everything after moves.
        let from = spans.partition_point(|r| r.start < start);
        let to = from + spans[from..].iter().take_while(|r| r.start < end).count();
        // A tuple left with one element may have become a parenthesized value: let the parser
        // of the whole statement decide.
        if is_tuple && spans.len() - (to - from) + new_count == 1 {
            return false;
        }
        let stmt = &mut self.module.body[si];
        stmt.shift_from(end, delta);
        let container = match &mut *stmt.kind {
            StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => {
                value.at_path_mut(&path)
            }
            _ => None,
        };
        let Some(container) = container else {
            return false;
        };
        // The new elements, at `at` in the file, relative to their statement.
        let to_stmt = at - base as isize;
        match (&mut container.kind, new_items.kind) {
            (ExprKind::Tuple(v) | ExprKind::List(v), ExprKind::List(mut new)) => {
                new.iter_mut().for_each(|e| e.shift(to_stmt));
                v.splice(from..to, new);
            }
            (ExprKind::Dict(v), ExprKind::Dict(mut new)) => {
                for (k, x) in new.iter_mut() {
                    if let Some(k) = k {
                        k.shift(to_stmt);
                    }
                    x.shift(to_stmt);
                }
                v.splice(from..to, new);
            }
            // The shapes were checked above.
            _ => return false,
        }
        self.module.defer_shift(si + 1, delta);
        let region = start..end;
        self.module.splice_lexical(&region, fragment, at, delta);
        self.text.replace_range(region.clone(), &new_region);
        self.lines.splice(region, &self.text, delta);
        true
    }

    /// The whole lines around `lo..hi` that hold complete top-level statements, and the indices
    /// of those statements.
    fn region(&self, lo: usize, hi: usize, adds_line: bool) -> (Range<usize>, Range<usize>) {
        let body = &self.module.body;
        let text = &self.text;
        let mut first = body.partition_point(|s| s.range.end < lo);
        // Text added at the end of a line that no statement continues past (`)` or a comment,
        // then `\n\nNEXT = ...`) is a region of its own: the statement before it need not be
        // parsed again. The text must start a new line, or it would join what stands before.
        let prev = if body.get(first).is_some_and(|s| s.range.end == lo) {
            first + 1
        } else {
            first
        };
        let next_line = source::next_line(text, hi);
        let rest_of_line = &text[hi..source::line_end(text, hi)];
        let after_stmt = lo == hi
            && adds_line
            && body.get(prev).is_none_or(|s| s.range.start >= next_line)
            && rest_of_line.trim().is_empty();
        if after_stmt {
            return (lo..next_line.max(hi), prev..prev);
        }
        let mut start =
            source::line_start(text, body.get(first).map_or(lo, |s| s.range.start.min(lo)));
        while first > 0 && body[first - 1].range.end > start {
            first -= 1;
            start = source::line_start(text, body[first].range.start);
        }
        let mut last = first;
        let mut end = source::next_line(text, hi.max(start));
        while last < body.len() && body[last].range.start < end.max(hi + 1) {
            end = end.max(source::next_line(text, body[last].range.end));
            last += 1;
        }
        if hi >= text.len() {
            end = text.len();
        }
        (start..end.max(start), first..last)
    }
}

#[cfg(test)]
mod splice_tests {
    use super::*;

    fn check(src: &str, edits: Vec<Edit>) {
        let mut f = SettingsFile::parse(src.to_string()).expect("parses");
        let expected = edit::apply(src, edits.clone()).expect("applies");
        f.apply_edits(edits).expect("splices");
        assert_eq!(f.text(), expected);
        let full = SettingsFile::parse(expected).expect("parses");
        assert_eq!(format!("{:#?}", full.module), format!("{:#?}", f.module));
    }

    #[test]
    fn element_inserted_in_a_tuple() {
        check(
            "A = 1\nX = (\n    'a',\n    'b',\n)\nB = 2\n",
            vec![Edit::insert(21, "    'c',\n")],
        );
    }

    #[test]
    fn plain_elements_need_no_parser_but_match_it() {
        let src = "X = (\n    'a',  # one\n    # 'b',\n    \"c\"\n)\nY = ['p', 'q']\n";
        let at = |needle: &str| src.find(needle).expect("in source");
        // Uncomment 'b'; add an element after the last one (its comma first).
        check(src, vec![Edit::delete(at("# 'b'")..at("'b'"))]);
        check(src, vec![Edit::insert(at("\"c\"") + 3, ",\n    'd'")]);
        // Removing an element in the middle, and one that leaves a one-element tuple.
        check("X = ('a', 'b', 'c')\n", vec![Edit::delete(10..15)]);
        check("X = ('a', 'b')\n", vec![Edit::delete(8..13)]);
    }

    #[test]
    fn concatenation_and_prefixes_go_through_the_parser() {
        assert!(simple_elements("'a' 'b',", false).is_none());
        assert!(simple_elements("u'a',", false).is_none());
        assert!(simple_elements("'a'", true).is_none());
        assert!(simple_elements(", 'a'", false).is_none());
        assert_eq!(
            simple_elements("'a', # x\n\"b\",", true).map(|(_, m)| m.comments.len()),
            Some(1)
        );
        check("X = ['a', 'b']\n", vec![Edit::insert(9, " 'z'")]);
    }

    #[test]
    fn an_edit_that_breaks_the_file_is_refused() {
        let mut f = SettingsFile::parse("A = 1\nX = (\n    'a',\n    'b',\n)\n".to_string())
            .expect("parses");
        assert!(f.apply_edits(vec![Edit::insert(19, "    'c',\n")]).is_err());
    }

    #[test]
    fn entry_added_to_a_nested_dict() {
        check(
            "D = {'a': {'b': 1}, 'c': 2}\nE = 3\n",
            vec![Edit::insert(17, ", 'x': 'y'")],
        );
    }
}
