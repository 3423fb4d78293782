//! Modoboa releases as data: each release is one file declaring its steps and manual steps.
//!
//! A [`Step`] has the id of the specification (`1.0.0/auth-user-model`), a one-line summary and
//! a flat list of [`Op`]s of the operation vocabulary ([`crate::ops`]); a release also declares
//! its marks ([`marks`]) and manual steps. [`RELEASES`] is the one table
//! that lists them in order; adding a release means adding a file and a line there.

pub use crate::ops::names::{self, DEFAULT_DOVECOT_PATHS};
pub use crate::ops::{Cond, Ctx, Op, Opt, Options, Target};

pub mod drift;
pub mod marks;

/// Every known release, oldest first (`0.7` is the state before 0.8). A line is either a
/// module (`v2_9_0`: `src/release/v2_9_0.rs`, whose `RELEASE` it lists) or a plain version
/// (`"2.0.1" => "title"`): a published release without settings changes, manual steps or
/// marks, which shares the state of the release before it and needs no file.
macro_rules! releases {
    ($($head:tt $(=> $title:literal)?),* $(,)?) => {
        $(release_module!($head $(=> $title)?);)*
        /// Every known release, oldest first. `0.7` is the state before 0.8.
        pub static RELEASES: &[&Release] = &[$(release_ref!($head $(=> $title)?)),*];
    };
}

/// The module a line of [`releases!`] declares (none for a plain version).
macro_rules! release_module {
    ($module:ident) => {
        mod $module;
    };
    ($version:literal => $title:literal) => {};
}

/// The release a line of [`releases!`] lists.
macro_rules! release_ref {
    ($module:ident) => {
        &$module::RELEASE
    };
    ($version:literal => $title:literal) => {
        &Release::new($version, $title)
    };
}

releases! {
    v0_7,
    v0_8,
    v0_8_1,
    v0_8_2,
    v0_8_3,
    v0_8_4,
    v0_8_5,
    v0_8_6,
    v0_8_7,
    v0_8_8,
    v0_9,
    v0_9_1,
    v0_9_2,
    v0_9_3,
    v0_9_4,
    v0_9_5,
    v1_0_0,
    v1_0_1,
    v1_1_0,
    v1_1_1,
    v1_1_2,
    v1_1_6,
    v1_1_7,
    v1_2_0,
    "1.2.1" => "no settings change",
    v1_2_2,
    v1_3_0,
    "1.3.1" => "no settings change",
    v1_3_2,
    "1.3.3" => "no settings change",
    "1.3.4" => "no settings change",
    v1_3_5,
    v1_4_0,
    "1.4.1" => "no settings change",
    "1.4.2" => "no settings change",
    v1_4_3,
    "1.4.4" => "no settings change",
    "1.4.5" => "no settings change",
    v1_5_0,
    "1.5.1" => "no settings change",
    "1.5.2" => "no settings change",
    "1.5.3" => "no settings change",
    v1_6_0,
    v1_6_1,
    v1_6_2,
    "1.6.3" => "no settings change",
    v1_7_0,
    v1_7_1,
    v1_7_2,
    "1.7.3" => "no settings change",
    "1.7.4" => "no settings change",
    v1_8_0,
    "1.8.1" => "no settings change",
    "1.8.2" => "no settings change",
    v1_8_3,
    v1_9_0,
    "1.9.1" => "no settings change",
    v1_10_0,
    "1.10.1" => "no settings change",
    "1.10.2" => "no settings change",
    "1.10.3" => "no settings change",
    "1.10.4" => "no settings change",
    "1.10.5" => "no settings change",
    "1.10.6" => "no settings change",
    "1.10.7" => "no settings change",
    v1_11_0,
    "1.11.1" => "no settings change",
    v1_12_0,
    "1.12.1" => "no settings change",
    "1.12.2" => "no settings change",
    v1_13_0,
    v1_13_1,
    v1_14_0,
    v1_15_0,
    v1_16_0,
    "1.16.1" => "no settings change",
    v1_17_0,
    v2_0_0,
    "2.0.1" => "no settings change",
    "2.0.2" => "no settings change",
    v2_0_3,
    v2_0_4,
    v2_0_5,
    v2_1_0,
    "2.1.1" => "no settings change",
    "2.1.2" => "no settings change",
    v2_2_0,
    "2.2.1" => "no settings change",
    "2.2.2" => "no settings change",
    v2_2_3,
    "2.2.4" => "no settings change",
    v2_3_0,
    "2.3.1" => "no settings change",
    "2.3.2" => "no settings change",
    v2_3_3,
    "2.3.4" => "no settings change",
    "2.3.5" => "no settings change",
    "2.3.6" => "no settings change",
    v2_4_0,
    v2_4_1,
    v2_4_2,
    "2.4.3" => "no settings change",
    "2.4.4" => "no settings change",
    "2.4.5" => "no settings change",
    "2.4.6" => "no settings change",
    "2.4.7" => "no settings change",
    "2.4.8" => "no settings change",
    "2.4.9" => "no settings change",
    "2.4.10" => "no settings change",
    "2.4.11" => "no settings change",
    v2_5_0,
    "2.5.1" => "no settings change",
    v2_6_0,
    v2_6_1,
    "2.6.2" => "no settings change",
    v2_6_3,
    "2.6.4" => "no settings change",
    "2.6.5" => "no settings change",
    v2_7_0,
    "2.7.1" => "no settings change",
    "2.7.2" => "no settings change",
    v2_8_0,
    "2.8.1" => "no settings change",
    "2.8.2" => "no settings change",
    v2_9_0,
    v2_9_1,
    v2_9_2,
    v2_9_3,
    v2_10_0,
    v2_10_1,
    v2_11_0,
    v2_11_1,
    v2_12_0,
}

/// One Modoboa release: what it asks of settings.py and of the administrator. Built with
/// [`Release::new`] and the methods that set what differs from the defaults (no steps, no
/// manual steps, no marks, not a migration stop).
#[derive(Debug)]
pub struct Release {
    pub version: &'static str,
    pub title: &'static str,
    pub steps: &'static [Step],
    /// Manual steps, in order (migrations, Postfix, Dovecot, web server).
    pub manual: &'static [Task],
    /// What shows that a file has reached this release ([`marks`]); empty for releases whose
    /// files look like the release before.
    pub marks: &'static [marks::Mark],
    /// An upgrade from an older release must stop here and run the migrations first.
    pub migration_stop: bool,
    /// The release's manual steps replace the common procedure (1.1.0).
    pub own_procedure: bool,
}

impl Release {
    /// A release without settings changes, manual steps or marks: the defaults the methods
    /// below change.
    pub const fn new(version: &'static str, title: &'static str) -> Release {
        Release {
            version,
            title,
            steps: &[],
            manual: &[],
            marks: &[],
            migration_stop: false,
            own_procedure: false,
        }
    }

    /// The release's steps, in the order they run.
    pub const fn steps(mut self, steps: &'static [Step]) -> Release {
        self.steps = steps;
        self
    }

    /// The release's manual steps, in order.
    pub const fn manual(mut self, manual: &'static [Task]) -> Release {
        self.manual = manual;
        self
    }

    /// What shows that a file has reached the release.
    pub const fn marks(mut self, marks: &'static [marks::Mark]) -> Release {
        self.marks = marks;
        self
    }

    /// An upgrade from an older release stops here to run the migrations.
    pub const fn migration_stop(mut self) -> Release {
        self.migration_stop = true;
        self
    }

    /// The release's manual steps replace the common procedure.
    pub const fn own_procedure(mut self) -> Release {
        self.own_procedure = true;
        self
    }
}

/// One automated change, with the id used by `--only`/`--skip` and in reports: a flat list
/// of operations of the vocabulary, applied one after the other.
#[derive(Debug)]
pub struct Step {
    pub id: &'static str,
    pub summary: &'static str,
    pub ops: &'static [Op],
    /// The step stays owed once the file has moved past its release: a setting the
    /// application cannot run without, whose value may be pending. Every run checks it.
    pub owed: bool,
}

impl Step {
    /// A step with its id (`<release>/<name>`), its one-line summary and its operations.
    pub const fn new(id: &'static str, summary: &'static str, ops: &'static [Op]) -> Step {
        Step {
            id,
            summary,
            ops,
            owed: false,
        }
    }

    /// The step stays owed after its release ([`Step::owed`]).
    pub const fn owed(mut self) -> Step {
        self.owed = true;
        self
    }
}

/// A manual step: an instruction for the administrator, printed by `plan` and `upgrade` in
/// release order; with a condition, only for files where it holds (the `pip install` of an
/// extension the file enables). Without a file, the condition is printed with the text.
#[derive(Debug)]
pub struct Task {
    pub text: &'static str,
    pub when: Option<Cond>,
}

/// A manual step for every installation.
pub const fn task(text: &'static str) -> Task {
    Task { text, when: None }
}

/// A manual step for the installations whose settings file meets `cond`.
pub const fn task_if(cond: Cond, text: &'static str) -> Task {
    Task {
        text,
        when: Some(cond),
    }
}

/// A release version, ordered numerically (`0.8.10` after `0.8.9`).
pub fn version_key(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The newest release (`latest`).
pub fn newest() -> &'static Release {
    RELEASES[RELEASES.len() - 1]
}

/// The release named `v` (`latest` is the newest release the tool automates).
pub fn find(v: &str) -> Option<&'static Release> {
    if v == "latest" {
        return Some(newest());
    }
    // A version as the table writes it: no allocation (detection asks this of every mark).
    if let Some(r) = RELEASES.iter().find(|r| r.version == v) {
        return Some(r);
    }
    // `1.0` names 1.0.0; anything that is not all numbers (a step id) names no release.
    let numeric = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !v.split('.').all(numeric) {
        return None;
    }
    let padded = |v: &str| {
        let mut k = version_key(v);
        k.resize(k.len().max(3), 0);
        k
    };
    RELEASES
        .iter()
        .copied()
        .find(|r| padded(r.version) == padded(v))
}

/// The first migration stop after `from` that the settings file has not reached yet
/// (`--to next-stop`). A stop with no settings change since `from` is one the file already
/// matches: releases without marks share the state of the release before them, so a file
/// brought to such a stop is detected below it, and naming that stop again would never move on.
pub fn next_stop(from: &Release) -> Option<&'static Release> {
    RELEASES[index_of(from) + 1..]
        .iter()
        .copied()
        .find(|r| r.migration_stop && changes_settings(from, r))
}

/// True when a release after `from` up to `to` changes settings.py.
pub fn changes_settings(from: &Release, to: &Release) -> bool {
    between(from, to).iter().any(|r| !r.steps.is_empty())
}

/// Index of a release in [`RELEASES`].
pub fn index_of(r: &Release) -> usize {
    RELEASES
        .iter()
        .position(|x| std::ptr::eq(*x, r))
        .unwrap_or(0)
}

/// The releases after `from` up to and including `to`.
pub fn between(from: &Release, to: &Release) -> &'static [&'static Release] {
    let (a, b) = (index_of(from), index_of(to));
    if a >= b {
        &[]
    } else {
        &RELEASES[a + 1..=b]
    }
}

/// Known release versions, for messages.
pub fn known_versions() -> String {
    RELEASES
        .iter()
        .map(|r| r.version)
        .collect::<Vec<_>>()
        .join(", ")
}

/// True when `id` (a step id) is selected by a `--only`/`--skip` pattern: a step id or a release.
pub fn matches(pattern: &str, release: &Release, id: &str) -> bool {
    pattern == id
        || pattern == release.version
        || find(pattern).is_some_and(|r| std::ptr::eq(r, release))
}
