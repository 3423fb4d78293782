//! The release range of a run: what `--to` and `--from` name, the target a file at a release
//! gets (`latest`, `next-stop`, never a step back), the migration stops an upgrade goes past,
//! and the step ids `--only` and `--skip` may name.

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, once per run or file, so its size does not matter.
#![allow(clippy::result_large_err)]

use crate::error::Error;
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
    let target = if wanted.next_stop {
        release::next_stop(from).unwrap_or(wanted.to)
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
