//! The checklist of an upgrade, decided once: for each release of the range its manual steps
//! (those that apply to the file, when a file is given), whether the upgrade goes past it as a
//! migration stop and with which commands, then the common procedure. `plan` and `transforms`
//! print it ([`crate::report`]); nothing is decided while printing.

use crate::model::SettingsFile;
use crate::release::{self, Release};

use super::manual::{common_procedure, listed, stop_commands, stops_crossed};

/// The checklist of an upgrade from `from` to `to`.
#[derive(Debug, Clone)]
pub struct Plan {
    pub from: &'static Release,
    pub to: &'static Release,
    /// The releases after `from` up to `to`, in order.
    pub releases: Vec<Planned>,
    /// The common procedure after the upgrade ([`common_procedure`]).
    pub common: &'static [&'static str],
}

/// One release of a checklist.
#[derive(Debug, Clone)]
pub struct Planned {
    pub release: &'static Release,
    /// Its manual steps as listed ([`listed`]): with a file, those whose condition holds on it;
    /// without, every one, conditions spelled out.
    pub manual: Vec<String>,
    /// A migration stop the upgrade goes past: its commands, the headline first
    /// ([`stop_commands`]); empty otherwise.
    pub stop: Vec<String>,
}

/// The checklist from `from` to `to`, for `file` when one is given.
pub fn plan(from: &'static Release, to: &'static Release, file: Option<&SettingsFile>) -> Plan {
    let range = release::between(from, to);
    let stops = stops_crossed(from, to);
    let holds = file.map(|f| move |c: &crate::ops::Cond| c.holds(f));
    let holds = holds
        .as_ref()
        .map(|h| h as &dyn Fn(&crate::ops::Cond) -> bool);
    let releases = range
        .iter()
        .map(|&r| Planned {
            release: r,
            manual: r.manual.iter().filter_map(|m| listed(m, holds)).collect(),
            stop: if stops.iter().any(|s| std::ptr::eq(*s, r)) {
                stop_commands(r)
            } else {
                Vec::new()
            },
        })
        .collect();
    Plan {
        from,
        to,
        releases,
        common: common_procedure(range),
    }
}

/// The releases as `transforms` lists them: manual steps with their conditions spelled out,
/// no stop.
pub fn catalogue(releases: &[&'static Release]) -> Vec<Planned> {
    releases
        .iter()
        .map(|&r| Planned {
            release: r,
            manual: r.manual.iter().filter_map(|m| listed(m, None)).collect(),
            stop: Vec::new(),
        })
        .collect()
}
