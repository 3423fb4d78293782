//! The checklist of an upgrade, decided once: for each release of the range its manual steps
//! (those that apply to the file, when a file is given), whether the upgrade goes past it as a
//! migration stop and with which commands, then the common procedure. `plan` and `transforms`
//! print it ([`crate::report`]); nothing is decided while printing.

use crate::model::SettingsFile;
use crate::release::{self, Release};

use super::manual::{
    common_procedure, listed, release_checklist, stop_commands, stops_crossed, Known,
};
use super::range::Range;

/// The checklist of an upgrade from `from` to `to`.
#[derive(Debug, Clone)]
pub struct Plan {
    pub from: &'static Release,
    pub to: &'static Release,
    /// The last release of the file's state ([`Range::state_end`]): `from` unless the state
    /// of the file planned spans releases.
    pub state_end: &'static Release,
    /// The releases after `from` up to `to`, in order.
    pub releases: Vec<Planned>,
    /// The common procedure after the upgrade ([`common_procedure`]), the target filled in
    /// (also within the target's checklist, in its places).
    pub common: Vec<String>,
    /// What was known to fill in the commands (the settings file, the values).
    pub known: Known,
}

impl Plan {
    /// The state of the file planned spans releases after `from` (up to `state_end`).
    pub fn state_spans(&self) -> bool {
        !std::ptr::eq(self.from, self.state_end)
    }
}

/// One release of a checklist.
#[derive(Debug, Clone)]
pub struct Planned {
    pub release: &'static Release,
    /// Its manual steps ([`listed`]: with a file, those whose condition holds on it; without,
    /// every one, conditions spelled out), in the order to do them.
    pub manual: Vec<String>,
    /// A migration stop the upgrade goes past: its commands, the headline first
    /// ([`stop_commands`]); empty otherwise.
    pub stop: Vec<String>,
    /// Everything to do by hand for the release, in order: the manual steps with the stop's
    /// commands in their places, and for the target the common procedure
    /// ([`release_checklist`]).
    pub checklist: Vec<String>,
    /// A release inside the file's state ([`Range::inside_state`]): everything to do by hand
    /// for it is to do only if not done yet.
    pub if_not_done: bool,
}

/// The checklist of `range`, for `file` when one is given, its commands filled in from
/// `known`; the releases inside the file's state marked as `upgrade` marks their steps
/// ([`Range::inside_state`]).
pub fn plan(run: &Range, file: Option<&SettingsFile>, known: Known) -> Plan {
    let (from, to) = (run.from, run.to);
    let range = release::between(from, to);
    let stops = stops_crossed(from, to);
    let holds = file.map(|f| move |c: &crate::ops::Cond| c.holds(f));
    let holds = holds
        .as_ref()
        .map(|h| h as &dyn Fn(&crate::ops::Cond) -> bool);
    let common = common_procedure(range, to.version, &known);
    let texts = |items: Vec<(bool, String)>| items.into_iter().map(|(_, t)| t).collect();
    let releases = range
        .iter()
        .map(|&r| {
            let listed: Vec<String> = r.manual.iter().filter_map(|m| listed(m, holds)).collect();
            let is_stop = stops.iter().any(|s| std::ptr::eq(*s, r));
            let target: &[String] = if std::ptr::eq(r, to) { &common } else { &[] };
            Planned {
                release: r,
                manual: texts(release_checklist(r, listed.clone(), false, &[], &known)),
                stop: if is_stop {
                    stop_commands(r, &known)
                } else {
                    Vec::new()
                },
                checklist: texts(release_checklist(r, listed, is_stop, target, &known)),
                if_not_done: run.inside_state(r.version),
            }
        })
        .collect();
    Plan {
        from,
        to,
        state_end: run.state_end,
        releases,
        common,
        known,
    }
}

/// The releases as `transforms` lists them: manual steps with their conditions spelled out,
/// no stop.
pub fn catalogue(releases: &[&'static Release]) -> Vec<Planned> {
    releases
        .iter()
        .map(|&r| {
            let manual: Vec<String> = r.manual.iter().filter_map(|m| listed(m, None)).collect();
            Planned {
                release: r,
                manual: manual.clone(),
                stop: Vec::new(),
                checklist: manual,
                if_not_done: false,
            }
        })
        .collect()
}
