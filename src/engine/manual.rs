//! What the administrator does by hand: the manual steps of a range of releases, the commands
//! of each migration stop it goes past, the common procedure after it.

use crate::ops::Cond;
use crate::release::{self, Release, Task};

use super::Manual;

/// What the checklist knows of the run, to fill in the commands it prints: the settings file
/// as the user named it, and the values the run used, as arguments of `modoboa-settings
/// upgrade` (`--hostname mail.example.com`, ...). Without them, `settings.py` and no value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The settings file (`settings.py` when none is known).
    pub path: Option<String>,
    /// The values, flag and value: `("--hostname", "mail.example.com")`.
    pub values: Vec<(&'static str, String)>,
}

impl Known {
    /// The command that brings the settings file to `to`, with the values of the run.
    pub fn upgrade_command(&self, to: &str) -> String {
        let mut s = format!("modoboa-settings upgrade --write --to {to}");
        for (flag, value) in &self.values {
            s.push(' ');
            s.push_str(flag);
            s.push(' ');
            s.push_str(&shell_word(value));
        }
        s.push(' ');
        s.push_str(&shell_word(self.path.as_deref().unwrap_or("settings.py")));
        s
    }
}

/// The manual steps of a run decided without its values ([`manual_steps`], as the engine
/// lists them), with the commands filled in from `known`: each `modoboa-settings upgrade`
/// command gets the file and the values of the run.
pub fn fill_in(manual: &mut [Manual], known: &Known) {
    let blank = Known::default();
    for m in manual {
        let Some(to) = m
            .text
            .strip_prefix("modoboa-settings upgrade --write --to ")
            .and_then(|rest| rest.strip_suffix(" settings.py"))
        else {
            continue;
        };
        if m.text == blank.upgrade_command(to) {
            m.text = known.upgrade_command(to);
        }
    }
}

/// `w` as one word for a POSIX shell: as it is when it holds nothing the shell would read,
/// else in single quotes.
pub fn shell_word(w: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !w.is_empty() && w.chars().all(plain) {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// The manual steps of the releases after `from` up to `to`, in order, the common procedure
/// within the target's (release `common`).
///
/// A conditional step ([`release::Task`]) is listed where `holds` says its condition holds on
/// the file (before or after the upgrade); without a file, with its condition spelled out.
/// Each migration stop the range crosses adds its commands, in the order of the guide
/// ([`release_checklist`]).
pub fn manual_steps(
    from: &Release,
    to: &Release,
    holds: Option<&dyn Fn(&Cond) -> bool>,
) -> Vec<Manual> {
    manual_steps_known(from, to, holds, &Known::default())
}

/// [`manual_steps`], with the commands filled in from what the run knows.
pub fn manual_steps_known(
    from: &Release,
    to: &Release,
    holds: Option<&dyn Fn(&Cond) -> bool>,
    known: &Known,
) -> Vec<Manual> {
    let mut out = Vec::new();
    let range = release::between(from, to);
    let common = common_procedure(range, to.version, known);
    for rel in range {
        let listed: Vec<String> = rel.manual.iter().filter_map(|m| listed(m, holds)).collect();
        let target = std::ptr::eq(*rel, to);
        let stop = rel.migration_stop && !target;
        if stop {
            out.push(Manual {
                release: rel.version,
                text: stop_headline(rel),
                if_not_done: false,
            });
        }
        let common: &[String] = if target { &common } else { &[] };
        for (from_common, text) in release_checklist(rel, listed, stop, common, known) {
            out.push(Manual {
                release: if from_common { "common" } else { rel.version },
                text,
                if_not_done: false,
            });
        }
    }
    out
}

/// Where a manual step goes within its release, in the order of Modoboa's upgrade guide:
/// what comes first (a release's own procedure, a warning not to install), what is done
/// before the update, the install (`pip install modoboa==X`, then the extensions), the
/// settings, what prepares the migrations, the migrations, the other `manage.py` commands,
/// `collectstatic`, the restarts, and what is done in the running instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    First,
    Before,
    Install,
    Settings,
    Prepare,
    Migrate,
    After,
    Static,
    Restart,
    Last,
}

/// The phase of a manual step, read from its text (the release files list their steps as the
/// guide words them; their order within a phase is kept).
fn phase(text: &str) -> Phase {
    let t = text.to_ascii_lowercase();
    if t.starts_with(|c: char| c.is_ascii_digit())
        || t.contains("do not install")
        || t.ends_with(" first")
    {
        Phase::First
    } else if t.starts_with("before the update") || t.starts_with("before the upgrade") {
        Phase::Before
    } else if t.starts_with("after the update") {
        Phase::After
    } else if t.starts_with("modoboa-settings upgrade") {
        Phase::Settings
    } else if t.contains("pip install")
        || t.starts_with("pip uninstall")
        || t.starts_with("install ")
    {
        Phase::Install
    } else if t.starts_with("python manage.py migrate") || t.starts_with("python manage.py syncdb")
    {
        Phase::Migrate
    } else if t.starts_with("python manage.py collectstatic")
        || t.starts_with("python manage.py check")
    {
        Phase::Static
    } else if t.starts_with("python manage.py") {
        Phase::After
    } else if t.contains("restart") {
        Phase::Restart
    } else if t.starts_with("in the admin panel") {
        Phase::Last
    } else {
        Phase::Prepare
    }
}

/// The checklist of one release in the order to do it ([`Phase`]): its manual steps as
/// listed and, at a migration stop, the stop's commands in their places: `pip install
/// modoboa==X` first of the installs, the settings file brought to X, the migrations last of
/// the migrations. For the target, `common` (the common procedure) goes in the same way: its
/// install first, its migrations, `collectstatic` and restarts after the release's own (a
/// step both list, once). Each item says whether it comes from `common`. (The stop's
/// headline, [`stop_headline`], is not part of it.)
pub fn release_checklist(
    rel: &Release,
    listed: Vec<String>,
    stop: bool,
    common: &[String],
    known: &Known,
) -> Vec<(bool, String)> {
    // (phase, rank within the phase: 0 before the listed steps, 1 the listed ones, 2 after,
    // from the common procedure, text)
    let mut items: Vec<(Phase, u8, bool, String)> = listed
        .into_iter()
        .map(|t| (phase(&t), 1, false, t))
        .collect();
    if stop {
        let v = rel.version;
        items.push((
            Phase::Install,
            0,
            false,
            format!("pip install modoboa=={v}"),
        ));
        items.push((Phase::Settings, 1, false, known.upgrade_command(v)));
        items.push((
            Phase::Migrate,
            2,
            false,
            format!("python manage.py {}", migrate_command(rel)),
        ));
    }
    for c in common {
        if items.iter().any(|(_, _, _, t)| t == c) {
            continue;
        }
        let p = phase(c);
        let rank = if p == Phase::Install { 0 } else { 2 };
        items.push((p, rank, true, c.clone()));
    }
    items.sort_by_key(|(p, rank, _, _)| (*p, *rank));
    items.into_iter().map(|(_, _, c, t)| (c, t)).collect()
}

/// The headline of a migration stop.
pub fn stop_headline(stop: &Release) -> String {
    format!(
        "STOP at {}: do not go further before these commands have run",
        stop.version
    )
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

/// What to do at a migration stop, in order: the headline, then install that release,
/// bring settings.py exactly to the stop, run its migrations (the guide's order).
pub fn stop_commands(stop: &Release, known: &Known) -> Vec<String> {
    let v = stop.version;
    vec![
        stop_headline(stop),
        format!("pip install modoboa=={v}"),
        known.upgrade_command(v),
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

/// The common procedure for a range of releases up to `to`, in the guide's order (install,
/// settings, migrations, static files, checks, restarts): none for an empty range, only the
/// install and the settings when a release of the range has its own procedure (1.1.0's
/// replaces the usual one).
pub fn common_procedure(range: &[&Release], to: &str, known: &Known) -> Vec<String> {
    // The procedure is the manual's (South's `syncdb --migrate`): it belongs to the releases
    // the tool automates; Modoboa's later guide gives its own commands per release.
    let template: &[&str] = if range.is_empty() {
        &[]
    } else if range
        .last()
        .is_some_and(|r| migrate_command(r) == "migrate")
    {
        // Django's migrations (1.3.0 on): the procedure of Modoboa's later guide.
        &COMMON_DJANGO
    } else if range.iter().any(|r| r.own_procedure) {
        &COMMON[..2]
    } else {
        &COMMON
    };
    template
        .iter()
        .map(|t| match *t {
            SETTINGS_STEP => known.upgrade_command(to),
            t => t.replace(TARGET, to),
        })
        .collect()
}

/// The place of the release in the common procedure's texts.
const TARGET: &str = "<target release>";

/// The place of the settings command in the common procedure.
const SETTINGS_STEP: &str = "<settings>";

/// The common procedure after an upgrade to 1.3.0 or later.
pub const COMMON_DJANGO: [&str; 6] = [
    "pip install --upgrade modoboa==<target release> (and the extension packages settings.py enables)",
    SETTINGS_STEP,
    "python manage.py migrate (in the instance directory)",
    "python manage.py collectstatic",
    "python manage.py check --deploy",
    "restart the Python processes (uwsgi or gunicorn, and the RQ workers where there are some)",
];

/// The common procedure after every upgrade.
pub const COMMON: [&str; 5] = [
    "pip install --upgrade modoboa==<target release> (or install the release tarball)",
    SETTINGS_STEP,
    "python manage.py syncdb --migrate (in the instance directory)",
    "python manage.py collectstatic",
    "restart the Python processes",
];
