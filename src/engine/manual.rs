//! What the administrator does by hand: the manual steps of a range of releases, the commands
//! of each migration stop it goes past, the common procedure after it.

use crate::ops::Cond;
use crate::release::{self, Release, Task};

use super::Manual;

/// The manual steps of the releases after `from` up to `to`, in order, then the common procedure.
///
/// A conditional step ([`release::Task`]) is listed where `holds` says its condition holds on
/// the file (before or after the upgrade); without a file, with its condition spelled out.
/// Each migration stop the range crosses adds its commands after the stop's own steps.
pub fn manual_steps(
    from: &Release,
    to: &Release,
    holds: Option<&dyn Fn(&Cond) -> bool>,
) -> Vec<Manual> {
    let mut out = Vec::new();
    let range = release::between(from, to);
    for rel in range {
        for text in rel.manual.iter().filter_map(|m| listed(m, holds)) {
            out.push(Manual {
                release: rel.version,
                text,
            });
        }
        if rel.migration_stop && !std::ptr::eq(*rel, to) {
            for text in stop_commands(rel) {
                out.push(Manual {
                    release: rel.version,
                    text,
                });
            }
        }
    }
    for m in common_procedure(range) {
        out.push(Manual {
            release: "common",
            text: m.to_string(),
        });
    }
    out
}

/// A manual step as a checklist lists it. Where `holds` decides conditions (a file is known),
/// the step's text when its condition holds, `None` when it does not; without, the text with
/// its condition spelled out ([`only_where`]).
pub fn listed(task: &Task, holds: Option<&dyn Fn(&Cond) -> bool>) -> Option<String> {
    match (&task.when, holds) {
        (None, _) => Some(task.text.to_string()),
        (Some(c), None) => Some(only_where(task.text, c)),
        (Some(c), Some(h)) => h(c).then(|| task.text.to_string()),
    }
}

/// The text of a conditional manual step with its condition: `TEXT (only where ...)`.
pub fn only_where(text: &str, cond: &Cond) -> String {
    format!("{text} (only {})", cond.describe())
}

/// What to do at a migration stop, in order: bring settings.py exactly to the stop, install
/// that release, run its migrations.
pub fn stop_commands(stop: &Release) -> Vec<String> {
    let v = stop.version;
    vec![
        format!("STOP at {v}: do not go further before these commands have run"),
        format!("modoboa-settings upgrade --write --to {v} settings.py"),
        format!("pip install modoboa=={v}"),
        format!("python manage.py {}", migrate_command(stop)),
    ]
}

/// The migration command of a release: South's up to 1.2.x, Django's from 1.3.0 on.
pub fn migrate_command(r: &Release) -> &'static str {
    if release::version_key(r.version) < release::version_key("1.3.0") {
        "syncdb --migrate"
    } else {
        "migrate"
    }
}

/// The migration stops an upgrade from `from` to `to` goes past (the target itself is no stop
/// to go past).
pub fn stops_crossed(from: &Release, to: &Release) -> Vec<&'static Release> {
    release::between(from, to)
        .iter()
        .copied()
        .filter(|r| r.migration_stop && !std::ptr::eq(*r, to))
        .collect()
}

/// The common procedure for a range of releases: none for an empty range, only the install
/// when a release of the range has its own procedure (1.1.0's replaces the usual one).
pub fn common_procedure(range: &[&Release]) -> &'static [&'static str] {
    // The procedure is the manual's (South's `syncdb --migrate`): it belongs to the releases
    // the tool automates; Modoboa's later guide gives its own commands per release.
    if range.is_empty() {
        &[]
    } else if range
        .last()
        .is_some_and(|r| migrate_command(r) == "migrate")
    {
        // Django's migrations (1.3.0 on): the procedure of Modoboa's later guide.
        &COMMON_DJANGO
    } else if range.iter().any(|r| r.own_procedure) {
        &COMMON[..1]
    } else {
        &COMMON
    }
}

/// The common procedure after an upgrade to 1.3.0 or later.
pub const COMMON_DJANGO: [&str; 4] = [
    "pip install --upgrade modoboa==<target release> (and the extension packages settings.py enables)",
    "python manage.py migrate (in the instance directory)",
    "python manage.py collectstatic",
    "python manage.py check --deploy",
];

/// The common procedure after every upgrade.
pub const COMMON: [&str; 3] = [
    "pip install --upgrade modoboa (or install the release tarball)",
    "python manage.py syncdb --migrate (in the instance directory)",
    "python manage.py collectstatic",
];
