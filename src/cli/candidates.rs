//! What the shell completion offers for a value: the releases for `--to` and `--from`, the
//! steps and releases for `--only` and `--skip`. Read from the release table when TAB is
//! pressed, so a new release is offered without regenerating the script.

use clap_complete::CompletionCandidate;

use crate::release::RELEASES;

/// Every release, newest first, its title as help.
fn releases() -> impl Iterator<Item = CompletionCandidate> {
    RELEASES
        .iter()
        .rev()
        .map(|r| CompletionCandidate::new(r.version).help(Some(r.title.into())))
}

/// A keyword of `--to` with its help.
fn keyword(name: &str, help: &str) -> CompletionCandidate {
    CompletionCandidate::new(name).help(Some(help.to_owned().into()))
}

/// `upgrade --to`: `latest`, `next-stop`, then every release.
pub fn upgrade_targets() -> Vec<CompletionCandidate> {
    [
        keyword("latest", "the newest release the tool knows"),
        keyword(
            "next-stop",
            "the first migration stop after the file's release",
        ),
    ]
    .into_iter()
    .chain(releases())
    .collect()
}

/// `plan --to`, `transforms --to`: `latest`, then every release.
pub fn targets() -> Vec<CompletionCandidate> {
    std::iter::once(keyword("latest", "the newest release the tool knows"))
        .chain(releases())
        .collect()
}

/// `--from`, `drift --to`: every release.
pub fn release_names() -> Vec<CompletionCandidate> {
    releases().collect()
}

/// `--only`, `--skip`: every release, then every step id (with its summary).
pub fn steps() -> Vec<CompletionCandidate> {
    releases()
        .chain(RELEASES.iter().flat_map(|r| {
            r.steps
                .iter()
                .map(|s| CompletionCandidate::new(s.id).help(Some(s.summary.into())))
        }))
        .collect()
}
