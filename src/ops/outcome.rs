//! What an operation decides ([`Outcome`]) and where what it adds goes: [`At`] and [`Slot`] in
//! a container, [`Place`] among the top-level statements; and a change made in steps on a copy
//! of one statement, given back as one edit ([`edits_by_steps`]).

use crate::model::{Container, SettingsFile, Unsafe};
use crate::ops::Opt;
use crate::syntax::parse::Stmt;
use crate::text::edit::Edit;

/// What an operation decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Edits to make; none means the file already has the result.
    Edits(Vec<Edit>),
    /// The setting is built in a way the operation cannot edit safely.
    Skip(Unsafe),
    /// A value only the administrator knows is missing: `needs`, the option that gives it;
    /// the reason says what to pass.
    Pending { reason: String, needs: Option<Opt> },
}

impl From<Unsafe> for Outcome {
    fn from(u: Unsafe) -> Self {
        Outcome::Skip(u)
    }
}

impl Outcome {
    pub fn none() -> Self {
        Outcome::Edits(Vec::new())
    }

    /// Pending until `option` is given; `reason` says so for people (it names the option's
    /// flag).
    pub fn needs(option: Opt, reason: String) -> Self {
        Outcome::Pending {
            reason,
            needs: Some(option),
        }
    }
}

/// Where a new element goes: next to the Modoboa extensions when `extensions` says so and the
/// sequence lists one (enabled or disabled), else after the first of `after` found, else before
/// the first of `before` found, else first (when `first`) or last.
#[derive(Debug, Clone, Copy, Default)]
pub struct At {
    pub after: &'static [&'static str],
    pub before: &'static [&'static str],
    pub first: bool,
    pub extensions: Near,
}

/// A place relative to the Modoboa extensions (`modoboa.extensions.*`) of a sequence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Near {
    #[default]
    No,
    /// Just before the first extension.
    BeforeFirst,
    /// Just after the last extension.
    AfterLast,
}

impl At {
    pub const LAST: At = At {
        after: &[],
        before: &[],
        first: false,
        extensions: Near::No,
    };
    pub const FIRST: At = At {
        after: &[],
        before: &[],
        first: true,
        extensions: Near::No,
    };
    pub const fn after(after: &'static [&'static str]) -> At {
        At {
            after,
            before: &[],
            first: false,
            extensions: Near::No,
        }
    }
    pub const fn before(before: &'static [&'static str]) -> At {
        At {
            after: &[],
            before,
            first: false,
            extensions: Near::No,
        }
    }
    /// After the first of `after`, else before the first of `before`.
    pub const fn between(after: &'static [&'static str], before: &'static [&'static str]) -> At {
        At {
            after,
            before,
            first: false,
            extensions: Near::No,
        }
    }
    /// Next to the extensions, where the sequence lists one; elsewhere as `self` says.
    pub const fn near_extensions(self, near: Near) -> At {
        At {
            extensions: near,
            ..self
        }
    }
}

/// A place in a container: next to an element or a commented-out entry, or at either end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    AfterItem(usize),
    BeforeItem(usize),
    AfterCommented(usize),
    BeforeCommented(usize),
    Start,
    End,
}

/// Resolve an [`At`] against a container of string items.
pub fn slot_for(c: &Container, at: &At) -> Slot {
    if let Some(slot) = extension_slot(c, at.extensions) {
        return slot;
    }
    let find = |v: &str| c.items.iter().position(|i| i.value == Some(v));
    let find_c = |v: &str| c.commented.iter().position(|i| i.value == v);
    for a in at.after {
        if let Some(i) = find(a) {
            return Slot::AfterItem(i);
        }
        if let Some(i) = find_c(a) {
            return Slot::AfterCommented(i);
        }
    }
    for b in at.before {
        if let Some(i) = find(b) {
            return Slot::BeforeItem(i);
        }
        if let Some(i) = find_c(b) {
            return Slot::BeforeCommented(i);
        }
    }
    if at.first {
        Slot::Start
    } else {
        Slot::End
    }
}

/// The place next to the first or last Modoboa extension (listed or disabled) of a container.
fn extension_slot(c: &Container, near: Near) -> Option<Slot> {
    let is_ext = |v: &str| v.starts_with("modoboa.extensions.");
    let items = c
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.value.is_some_and(is_ext));
    let comments = c
        .commented
        .iter()
        .enumerate()
        .filter(|(_, e)| is_ext(&e.value));
    // Each candidate with its offset, so that a listed and a disabled extension compare.
    let listed = items.map(|(i, it)| (it.range.start, Slot::BeforeItem(i), Slot::AfterItem(i)));
    let disabled = comments.map(|(i, e)| {
        (
            e.comment.start,
            Slot::BeforeCommented(i),
            Slot::AfterCommented(i),
        )
    });
    let all = listed.chain(disabled);
    match near {
        Near::No => None,
        Near::BeforeFirst => all
            .min_by_key(|(at, _, _)| *at)
            .map(|(_, before, _)| before),
        Near::AfterLast => all.max_by_key(|(at, _, _)| *at).map(|(_, _, after)| after),
    }
}

/// Where a new statement goes: after the first of `after` that is assigned, else before the
/// first of `before`, else after the imports (when `after_imports`) or at the end of the file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place {
    pub after: &'static [&'static str],
    pub before: &'static [&'static str],
    pub after_imports: bool,
}

impl Place {
    pub const END: Place = Place {
        after: &[],
        before: &[],
        after_imports: false,
    };
    pub const fn after(after: &'static [&'static str]) -> Place {
        Place {
            after,
            before: &[],
            after_imports: false,
        }
    }
}

/// The edits of a change made of several steps on one statement (each step takes one of
/// several copies of an element): the steps run on a copy of the statement, at most `steps`
/// times and until one has nothing left to do, and the whole change comes back as one edit of
/// the bytes that differ. The operation gives all its edits at once, so a second run of it has
/// nothing to do.
pub(crate) fn edits_by_steps(
    f: &SettingsFile,
    stmt: &Stmt,
    steps: usize,
    step: impl Fn(&SettingsFile) -> Outcome,
) -> Outcome {
    let range = stmt.range.clone();
    let shift = |u: Unsafe| Unsafe {
        reason: u.reason,
        offset: u.offset + range.start,
    };
    let unreadable = || Unsafe {
        reason: "the statement does not parse on its own".into(),
        offset: range.start,
    };
    let Ok(mut copy) = SettingsFile::parse(f.slice(&range).to_string()) else {
        return Outcome::Skip(unreadable());
    };
    for _ in 0..steps {
        match step(&copy) {
            Outcome::Edits(e) if e.is_empty() => break,
            Outcome::Edits(e) => {
                if copy.apply_edits(e).is_err() {
                    return Outcome::Skip(unreadable());
                }
            }
            Outcome::Skip(u) => return Outcome::Skip(shift(u)),
            pending @ Outcome::Pending { .. } => return pending,
        }
    }
    let (old, new) = (f.slice(&range), copy.text());
    if old == new {
        return Outcome::none();
    }
    // Only the bytes that differ: the common start and end stay (on character boundaries).
    let mut head = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(head) || !new.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = old[head..]
        .bytes()
        .rev()
        .zip(new[head..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
        tail -= 1;
    }
    Outcome::Edits(vec![Edit::replace(
        range.start + head..range.end - tail,
        &new[head..new.len() - tail],
    )])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::text::edit::apply;

    /// The file an operation makes of `src` (it must give edits).
    pub(crate) fn run(src: &str, op: impl Fn(&SettingsFile) -> Outcome) -> String {
        let f = SettingsFile::parse(src.to_string()).expect("parses");
        match op(&f) {
            Outcome::Edits(e) => apply(src, e).expect("no overlap"),
            other => panic!("{other:?}"),
        }
    }
}
