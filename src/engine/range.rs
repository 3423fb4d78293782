//! The release range of a run: what `--to` and `--from` name, the target a file at a release
//! gets (`latest`, `next-stop`, never a step back), the migration stops an upgrade goes past,
//! and the step ids `--only` and `--skip` may name.

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, once per run or file, so its size does not matter.
#![allow(clippy::result_large_err)]

use crate::error::Error;
use crate::model::SettingsFile;
use crate::ops::Options;
use crate::release::{self, Release, RELEASES};

use super::manual::stops_crossed;

/// `--to next-stop`: the first migration stop after the file's release (or the newest
/// automated release when none is left).
pub const NEXT_STOP: &str = "next-stop";

/// The release a name stands for (a version or `latest`).
pub fn find_release(v: &str) -> Result<&'static Release, Error> {
    release::find(v).ok_or_else(|| Error::UnknownRelease {
        version: v.to_string(),
        known: release::known_versions(),
    })
}

/// What `--to` asks for.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    /// The release named (`latest` and `next-stop`: the newest automated release).
    pub to: &'static Release,
    /// `latest` or `next-stop`: never older than the file's own release.
    pub latest: bool,
    /// `next-stop`: the first migration stop after the file's release.
    pub next_stop: bool,
}

impl Wanted {
    /// Read the value of `--to`.
    pub fn parse(to: &str) -> Result<Wanted, Error> {
        let next_stop = to == NEXT_STOP;
        let release = find_release(if next_stop { "latest" } else { to })?;
        Ok(Wanted {
            to: release,
            latest: to == "latest" || next_stop,
            next_stop,
        })
    }

    /// A starting release given for every file (`--from`) must not be past the target.
    pub fn check_start(&self, from: &Release) -> Result<(), Error> {
        if release::index_of(from) > release::index_of(self.to) {
            return Err(Error::Downgrade {
                from: from.version.into(),
                to: self.to.version.into(),
            });
        }
        Ok(())
    }
}

/// The releases of one run over one file.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub from: &'static Release,
    pub to: &'static Release,
    /// The file is newer than what the tool automates, and `latest` (or `next-stop`) made its
    /// own release the target: nothing to do.
    pub past_automated: bool,
    /// The last release of the file's state ([`state_end`]; `from` when it was not detected):
    /// the steps up to it change nothing, and the migration stops up to it are ones the file
    /// is ready for.
    pub state_end: &'static Release,
}

impl Range {
    /// Whether the release `v` (or `common`, the common procedure within the target) is inside
    /// the file's state, after `from` up to [`Range::state_end`]: the server may be at any
    /// release of the state, and an up-to-date one has done its manual steps. The common
    /// procedure is inside when the whole target is.
    pub fn inside_state(&self, v: &str) -> bool {
        let end = release::index_of(self.state_end);
        if v == "common" {
            release::index_of(self.to) <= end
        } else {
            // A scan of the table's own versions: no parsing (asked once per manual step).
            RELEASES
                .get(..=end)
                .unwrap_or_default()
                .iter()
                .any(|r| r.version == v)
        }
    }
}

/// The last release of the state a run over a file starts in: the end of the state detection
/// found (`until`), or `from` alone when the start was forced (`--from`) or nothing was
/// detected ([`resolve_state_range`] takes it).
pub fn start_state_end(
    from: &'static Release,
    forced: bool,
    until: Option<&'static Release>,
) -> &'static Release {
    match (forced, until) {
        (false, Some(end)) => end,
        _ => from,
    }
}

/// The range from a file's release: `latest` is the newest release the tool automates, or the
/// file's own when it is newer (a 2.x file is then up to date as far as the tool goes);
/// `next-stop` the first migration stop after `from`. A target older than `from` is an error:
/// the tool never goes back. For a file whose release was detected (`detected_in`, its name)
/// that is [`Error::NewerThanTarget`], otherwise [`Error::Downgrade`].
pub fn resolve_range(
    from: &'static Release,
    wanted: &Wanted,
    detected_in: Option<&str>,
) -> Result<Range, Error> {
    resolve_state_range(from, from, wanted, detected_in)
}

/// [`resolve_range`] for a file whose state runs from `from` to `end` ([`state_end`]): a
/// target up to `end` changes nothing, and `next-stop` is the first migration stop the file is
/// not ready for, after `end` (a stop inside the state is one the file already matches:
/// naming it again would never move on).
pub fn resolve_state_range(
    from: &'static Release,
    end: &'static Release,
    wanted: &Wanted,
    detected_in: Option<&str>,
) -> Result<Range, Error> {
    let end = if release::index_of(end) < release::index_of(from) {
        from
    } else {
        end
    };
    let target = if wanted.next_stop {
        release::next_stop(end).unwrap_or(wanted.to)
    } else {
        wanted.to
    };
    let past_automated = wanted.latest && release::index_of(from) > release::index_of(target);
    let to = if past_automated { from } else { target };
    if release::index_of(from) > release::index_of(to) {
        return Err(match detected_in {
            Some(path) => Error::NewerThanTarget {
                path: path.into(),
                at: from.version.into(),
                to: to.version.into(),
            },
            None => Error::Downgrade {
                from: from.version.into(),
                to: to.version.into(),
            },
        });
    }
    Ok(Range {
        from,
        to,
        past_automated,
        state_end: end,
    })
}

/// The migration stops an upgrade from `from` to `to` goes past that matter: a stop the file
/// already matches (nothing changing settings.py up to it) is not one the file goes past (see
/// [`release::next_stop`]).
pub fn stops_gone_past(from: &Release, to: &Release) -> Vec<&'static Release> {
    stops_crossed(from, to)
        .into_iter()
        .filter(|s| release::changes_settings(from, s))
        .collect()
}

/// The steps that run again when a file detected at `detected` is forced to start at the older
/// `from` (none when `from` is not older).
pub fn steps_run_again(from: &Release, detected: &Release) -> Vec<&'static str> {
    release::between(from, detected)
        .iter()
        .flat_map(|r| r.steps.iter().map(|s| s.id))
        .collect()
}

/// Every name given to `--only` and `--skip` must be a step or a release.
pub fn check_patterns<'a>(patterns: impl IntoIterator<Item = &'a String>) -> Result<(), Error> {
    for p in patterns {
        if !known_pattern(p) {
            return Err(Error::UnknownStep { pattern: p.clone() });
        }
    }
    Ok(())
}

fn known_pattern(p: &str) -> bool {
    release::find(p).is_some()
        || RELEASES.iter().any(|r| r.steps.iter().any(|s| s.id == p))
        || release::drift::STEPS.iter().any(|d| d.step.id == p)
}

/// The releases `transforms --to` lists: `latest` lists every release (the automated ones,
/// then those known by their marks, so that nobody wonders whether the tool knows them); a
/// release, those up to it.
pub fn releases_up_to(to: &str) -> Result<&'static [&'static Release], Error> {
    let release = find_release(to)?;
    Ok(if to == "latest" {
        RELEASES
    } else {
        &RELEASES[..=release::index_of(release)]
    })
}

/// The last release whose state a file at `at` is in: every release after `at` whose steps
/// would all leave the file as it is (no edit, nothing pending, nothing skipped) shares its
/// state, up to the first release that would change it. Releases without steps always do
/// (2.9.2, 2.10.0), and so do releases whose steps this file does not need (2.9.3's fix of a
/// slip the file never had, 2.5.0's amavis steps in a file without amavis). An upgrade to a
/// target up to that release changes nothing.
pub fn state_end(file: &SettingsFile, at: &'static Release) -> &'static Release {
    let options = Options::default();
    RELEASES[release::index_of(at) + 1..]
        .iter()
        .take_while(|r| {
            r.steps.iter().all(|s| {
                matches!(
                    super::would_change(file, s, &options),
                    super::StepOutcome::Unchanged
                )
            })
        })
        .last()
        .copied()
        .unwrap_or(at)
}

/// Mark the manual steps of the releases the file's state already spans
/// ([`Range::inside_state`]) as to do only if not done yet.
pub fn mark_if_not_done(manual: &mut [super::Manual], range: &Range) {
    for m in manual.iter_mut().filter(|m| range.inside_state(m.release)) {
        m.if_not_done = true;
    }
}

/// How the reports start a manual step of the file's own state ([`mark_if_not_done`]).
pub const IF_NOT_DONE: &str = "if not done yet: ";
