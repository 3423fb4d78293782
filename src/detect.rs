//! Which release a settings file is at, by positive evidence: the marks each release declares.
//!
//! A file is at the newest release whose marks it shows ([`crate::release::marks`]); the
//! absence of a setting is never evidence, so a hand-edited file without `LOGIN_URL` or with an
//! extension disabled is placed by what it has. Releases that share a state with the one before
//! (no marks of their own) are named by the newest release whose marks were found. A file with
//! no Modoboa mark at all (a plain Django project) is not Modoboa's, and is left alone.
//!
//! The release found is the first of the file's *state*: the releases after it that would not
//! change the file share it ([`crate::engine::state_end`]), and the state is reported as the
//! range (`2.9.0 to 2.9.3`).
//!
//! Beside the release, detection reports what it did not obey: expected marks of earlier
//! releases that are missing, and marks that a release at or before the detected one removes
//! (a contradiction, such as both `MIDDLEWARE_CLASSES` and `MIDDLEWARE`).

use crate::model::{Binding, SettingsFile};
use crate::release::marks::{Mark, Probe};
use crate::release::{self, Release, RELEASES};
use crate::syntax::{ExprKind, Node};

#[derive(Debug, Clone)]
pub struct Detection {
    /// The release, or None when the file shows no mark of any Modoboa release: the oldest
    /// release of the file's state.
    pub release: Option<&'static Release>,
    /// The newest release of the file's state ([`crate::engine::state_end`]): the releases
    /// from `release` to it generate, or upgrade the file to, the same text (2.9.0 to 2.9.3).
    /// None for a file that is not Modoboa's.
    pub until: Option<&'static Release>,
    /// Why: the marks of the detected release that were found, then the contradictions.
    pub evidence: Vec<String>,
    /// Expected marks of the detected release and the ones before it that the file lacks.
    pub missing: Vec<String>,
    /// Why the file is not taken for Modoboa's (when `release` is None).
    pub reason: Option<String>,
}

impl Detection {
    /// The detected release's version, or `None` for a file that is not Modoboa's.
    pub fn version(&self) -> Option<&'static str> {
        self.release.map(|r| r.version)
    }

    /// The first and last release of the file's state (the same release when it is alone).
    pub fn range(&self) -> Option<(&'static str, &'static str)> {
        let first = self.release?;
        Some((first.version, self.until.unwrap_or(first).version))
    }

    /// The state as the reports say it: `2.9.0`, or `2.9.0 to 2.9.3`.
    pub fn state(&self) -> Option<String> {
        self.range().map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a} to {b}")
            }
        })
    }
}

pub fn detect(f: &SettingsFile) -> Detection {
    let mut probe = Prober::new(f);
    // (release index, mark, line) of every mark found.
    let mut found: Vec<(usize, &'static Mark, usize)> = Vec::new();
    let mut absent: Vec<(usize, &'static Mark)> = Vec::new();
    for (i, rel) in RELEASES.iter().enumerate() {
        for m in rel.marks {
            match probe.find(&m.probe) {
                Some(line) => found.push((i, m, line)),
                None => absent.push((i, m)),
            }
        }
    }
    if !found.iter().any(|(_, m, _)| m.modoboa) {
        return Detection {
            release: None,
            until: None,
            evidence: Vec::new(),
            missing: Vec::new(),
            reason: Some(
                "no mark of any Modoboa release (no mailng or modoboa application, \
                 MODOBOA_APPS or Modoboa middleware): not a Modoboa settings file"
                    .into(),
            ),
        };
    }
    let at = found
        .iter()
        .filter(|(_, m, _)| m.places)
        .map(|(i, _, _)| *i)
        .max()
        .unwrap_or(0);
    let rel = RELEASES[at];
    let mut evidence: Vec<String> = found
        .iter()
        .filter(|(i, m, _)| *i == at && m.places)
        .map(|(_, m, line)| format!("{}: {} (line {line})", rel.version, m.describe()))
        .collect();
    let past = |until: Option<&str>| {
        until
            .and_then(release::find)
            .is_some_and(|u| release::index_of(u) <= at)
    };
    for (i, m, line) in &found {
        if m.removed && past(m.until) {
            evidence.push(format!(
                "contradiction: {} (line {line}), a mark of {}, is removed by {}; the file \
                 is placed at {}, its newest mark",
                m.describe(),
                RELEASES[*i].version,
                m.until.unwrap_or("?"),
                rel.version
            ));
        }
    }
    let missing = absent
        .iter()
        .filter(|(i, m)| *i <= at && m.expected && !past(m.until))
        .map(|(i, m)| format!("{}: {}", RELEASES[*i].version, m.describe_missing()))
        .collect();
    Detection {
        release: Some(rel),
        until: Some(crate::engine::state_end(f, rel)),
        evidence,
        missing,
        reason: None,
    }
}

/// Answers probes, reading each setting's value once.
struct Prober<'a> {
    f: &'a SettingsFile,
    /// What the value of each setting reaches (few settings are probed: a short list).
    reach: Vec<(&'static str, Reach<'a>)>,
}

/// The strings, identifiers and disabled entries (`#'x',`) a setting's value reaches, each with
/// its offset, sorted for lookups. They borrow the file: nothing is copied.
#[derive(Default)]
struct Reach<'a> {
    strings: Vec<(&'a str, usize)>,
    idents: Vec<(&'a str, usize)>,
    disabled: Vec<(&'a str, usize)>,
}

impl Reach<'_> {
    fn sort(&mut self) {
        for v in [&mut self.strings, &mut self.idents, &mut self.disabled] {
            // Stable: of equal values, the first in the file is found.
            v.sort_by(|a, b| a.0.cmp(b.0));
        }
    }
}

/// The offset of `value` in a sorted list (its first occurrence).
fn lookup(v: &[(&str, usize)], value: &str) -> Option<usize> {
    let i = v.partition_point(|(s, _)| *s < value);
    v.get(i).filter(|(s, _)| *s == value).map(|(_, at)| *at)
}

/// How many names a value may go through (`INSTALLED_APPS += MODOBOA_APPS`).
const DEPTH: usize = 3;

impl<'a> Prober<'a> {
    fn new(f: &'a SettingsFile) -> Self {
        Prober {
            f,
            reach: Vec::new(),
        }
    }

    /// The line of the first place the probe holds, or None.
    fn find(&mut self, p: &Probe) -> Option<usize> {
        let f = self.f;
        let at = match *p {
            Probe::Str {
                names,
                value,
                commented,
            } => names.iter().find_map(|n| {
                let r = self.reach(n);
                lookup(&r.strings, value).or_else(|| {
                    if commented {
                        lookup(&r.disabled, value)
                    } else {
                        None
                    }
                })
            })?,
            Probe::Name(n) => f.first_binding(n)?.range.start,
            Probe::CommentedName(n) => f
                .first_binding(n)
                .map(|s| s.range.start)
                .or_else(|| f.commented_assignment(n).map(|c| c.start))?,
            Probe::Ident { name, ident } => lookup(&self.reach(name).idents, ident)?,
            Probe::Import { module, name } => f.import_of(module, name).map(|s| s.range.start)?,
            Probe::Key { path, key } => {
                let p = crate::model::path::Path::parse(path)?;
                crate::model::path::dict_at(f, &p)
                    .ok()??
                    .get(key)?
                    .range()
                    .start
            }
            Probe::Without {
                seq,
                present,
                absent,
            } => {
                let s = f.seq(seq).ok()??;
                let i = s.find(present)?;
                if s.find(absent).is_some() {
                    return None;
                }
                s.items()[i].range.start
            }
        };
        Some(f.line(at))
    }

    fn reach(&mut self, name: &'static str) -> &Reach<'a> {
        let i = match self.reach.iter().position(|(n, _)| *n == name) {
            Some(i) => i,
            None => {
                let mut r = Reach::default();
                walk_setting(self.f, name, DEPTH, &mut r);
                r.sort();
                self.reach.push((name, r));
                self.reach.len() - 1
            }
        };
        &self.reach[i].1
    }
}

fn walk_setting<'a>(f: &'a SettingsFile, name: &str, depth: usize, r: &mut Reach<'a>) {
    for b in f.bindings(name) {
        if let Binding::Assign { value, .. } | Binding::Augment { value, .. } = b {
            for c in f.comments_in(value.range()) {
                if let Some(v) = commented_entry(f.slice(c)) {
                    r.disabled.push((v, c.start));
                }
            }
            walk(f, value, depth, r);
        }
    }
}

fn walk<'a>(f: &'a SettingsFile, e: Node<'a>, depth: usize, r: &mut Reach<'a>) {
    match e.kind() {
        ExprKind::Str(s) => r.strings.push((s, e.range().start)),
        ExprKind::Tuple(v) | ExprKind::List(v) => {
            v.iter().for_each(|x| walk(f, e.child(x), depth, r))
        }
        ExprKind::Dict(entries) => {
            for (k, v) in entries {
                if let Some(k) = k {
                    walk(f, e.child(k), depth, r);
                }
                walk(f, e.child(v), depth, r);
            }
        }
        ExprKind::BinOp { left, right, .. } => {
            walk(f, e.child(left), depth, r);
            walk(f, e.child(right), depth, r);
        }
        ExprKind::Call(c) => {
            walk(f, e.child(&c.func), depth, r);
            c.args.iter().for_each(|x| walk(f, e.child(x), depth, r));
            c.keywords
                .iter()
                .for_each(|(_, x)| walk(f, e.child(x), depth, r));
        }
        ExprKind::Attribute { value, attr } => {
            r.idents.push((attr, e.range().start));
            walk(f, e.child(value), depth, r);
        }
        ExprKind::Name(n) => {
            r.idents.push((n, e.range().start));
            if depth > 0 {
                walk_setting(f, n, depth - 1, r);
            }
        }
        _ => {}
    }
}

/// The value of a disabled entry of a sequence (`#'value',`).
fn commented_entry(comment: &str) -> Option<&str> {
    crate::model::commented_literal(comment).map(|(_, v, _)| v)
}

/// `#'value',` or `# "value"`: a disabled entry of a sequence holding `value`.
#[cfg(test)]
fn is_commented_entry(comment: &str, value: &str) -> bool {
    commented_entry(comment) == Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str) -> Option<&'static str> {
        detect(&SettingsFile::parse(src.to_string()).expect("parses")).version()
    }

    #[test]
    fn commented_entries_and_names() {
        assert!(is_commented_entry(
            "#'modoboa.extensions.amavis',",
            "modoboa.extensions.amavis"
        ));
        assert!(is_commented_entry("# \"south\"", "south"));
        assert!(!is_commented_entry("# 'southern'", "south"));
        assert!(!is_commented_entry("# south", "south"));
        let f = SettingsFile::parse(
            "X = 1\n#DOVECOT_LOOKUP_PATH = ('/x', )\nY = 2  # DOVECOT_LOOKUP_PATH = 3\n# DOVECOT_LOOKUP_PATH is optional\n".into(),
        )
        .unwrap();
        assert_eq!(
            f.commented_assignment("DOVECOT_LOOKUP_PATH")
                .map(|c| f.line(c.start)),
            Some(2)
        );
        let g = SettingsFile::parse("Y = 2  # DOVECOT_LOOKUP_PATH = 3\n".into()).unwrap();
        assert!(g.commented_assignment("DOVECOT_LOOKUP_PATH").is_none());
    }

    #[test]
    fn a_plain_django_file_is_not_modoboa() {
        let d = detect(
            &SettingsFile::parse(
                "import os\nDEBUG = False\nALLOWED_HOSTS = []\nMIDDLEWARE = ['django.middleware.csrf.CsrfViewMiddleware']\nLOGGING = {}\n".into(),
            )
            .unwrap(),
        );
        assert!(d.release.is_none());
        assert!(d.reason.is_some());
        // Third-party applications and common names that Modoboa also uses are no proof.
        let d = detect(
            &SettingsFile::parse(
                "INSTALLED_APPS = ('south', 'reversion', 'rest_framework', 'ckeditor')\nMIDDLEWARE_CLASSES = ('reversion.middleware.RevisionMiddleware',)\nAUTH_USER_MODEL = 'core.User'\nDATABASE_ROUTERS = []\n".into(),
            )
            .unwrap(),
        );
        assert!(d.release.is_none(), "{:?}", d.evidence);
    }

    #[test]
    fn the_newest_mark_wins_and_absence_is_no_evidence() {
        // A 1.1.1-era file with neither LOGIN_URL nor DOVECOT_LOOKUP_PATH.
        assert_eq!(
            at("INSTALLED_APPS = ('south',)\nMODOBOA_APPS = ('modoboa', 'modoboa.core')\n"),
            Some("1.1.0")
        );
        // A 2.x file without south: never 0.7.
        assert_eq!(
            at("MODOBOA_APPS = ('modoboa', 'modoboa.core', 'modoboa.transport')\nMIDDLEWARE = ()\n"),
            Some("1.10.0")
        );
    }

    #[test]
    fn apps_reached_through_plus_equals_and_disabled_apps_count() {
        assert_eq!(
            at("A = ('modoboa',)\nINSTALLED_APPS = ()\nINSTALLED_APPS += A\nINSTALLED_APPS += ('reversion',)\nMODOBOA_APPS = (\n    #'modoboa.dnstools',\n)\n"),
            Some("1.13.0")
        );
    }

    #[test]
    fn contradictions_are_reported_and_the_newest_kept() {
        let d = detect(
            &SettingsFile::parse(
                "INSTALLED_APPS = ('south',)\nMODOBOA_APPS = ('modoboa', 'modoboa.transport')\nMIDDLEWARE_CLASSES = ()\nMIDDLEWARE = ()\n".into(),
            )
            .unwrap(),
        );
        assert_eq!(d.version(), Some("1.10.0"));
        let notes: Vec<_> = d
            .evidence
            .iter()
            .filter(|e| e.starts_with("contradiction"))
            .collect();
        assert_eq!(notes.len(), 2, "{:#?}", d.evidence);
        assert!(notes.iter().any(|n| n.contains("'south'")));
        assert!(notes
            .iter()
            .any(|n| n.contains("MIDDLEWARE_CLASSES is set")));
    }

    #[test]
    fn missing_marks_of_earlier_releases_are_listed() {
        let d = detect(
            &SettingsFile::parse(
                "INSTALLED_APPS = ('south', 'modoboa', 'modoboa.auth', 'modoboa.extensions.amavis')\nMIDDLEWARE_CLASSES = ('modoboa.lib.middleware.ExtControlMiddleware', 'modoboa.lib.middleware.AjaxLoginRedirect', 'modoboa.lib.middleware.CommonExceptionCatcher')\n".into(),
            )
            .unwrap(),
        );
        assert_eq!(d.version(), Some("0.9.1"));
        assert!(
            d.missing
                .contains(&"0.9.1: LOGIN_URL is not set".to_string()),
            "{:#?}",
            d.missing
        );
        // Optional marks (an extension) are never missing.
        assert!(
            !d.missing.iter().any(|m| m.contains("sievefilters")),
            "{:#?}",
            d.missing
        );
    }
}
