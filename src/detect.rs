//! Which release a settings file is at, by positive evidence: the marks each release declares.
//!
//! A file is at the newest release whose marks it shows ([`crate::release::marks`]); the
//! absence of a setting is never evidence, so a hand-edited file without `LOGIN_URL` or with an
//! extension disabled is placed by what it has. Releases that share a state with the one before
//! (no marks of their own) are named by the newest release whose marks were found. A file with
//! no Modoboa mark at all (a plain Django project) is not Modoboa's, and is left alone.
//!
//! Beside the release, detection reports what it did not obey: expected marks of earlier
//! releases that are missing, and marks that a release at or before the detected one removes
//! (a contradiction, such as both `MIDDLEWARE_CLASSES` and `MIDDLEWARE`).

use std::collections::HashMap;
use std::ops::Range;

use crate::model::{Binding, SettingsFile};
use crate::release::marks::{Mark, Probe};
use crate::release::{self, Release, RELEASES};
use crate::syntax::{ExprKind, Node};

#[derive(Debug, Clone)]
pub struct Detection {
    /// The release, or None when the file shows no mark of any Modoboa release.
    pub release: Option<&'static Release>,
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
        evidence,
        missing,
        reason: None,
    }
}

/// Answers probes, reading each setting's value once.
struct Prober<'a> {
    f: &'a SettingsFile,
    /// What the value of each setting reaches: strings and identifiers, with their offsets,
    /// and the comments inside it.
    reach: HashMap<&'static str, Reach>,
}

#[derive(Default)]
struct Reach {
    strings: HashMap<String, usize>,
    idents: HashMap<String, usize>,
    comments: Vec<Range<usize>>,
}

/// How many names a value may go through (`INSTALLED_APPS += MODOBOA_APPS`).
const DEPTH: usize = 3;

impl<'a> Prober<'a> {
    fn new(f: &'a SettingsFile) -> Self {
        Prober {
            f,
            reach: HashMap::new(),
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
                r.strings.get(value).copied().or_else(|| {
                    commented
                        .then(|| {
                            r.comments
                                .iter()
                                .find(|c| is_commented_entry(f.slice(c), value))
                                .map(|c| c.start)
                        })
                        .flatten()
                })
            })?,
            Probe::Name(n) => first_binding(f, n)?,
            Probe::CommentedName(n) => {
                first_binding(f, n).or_else(|| f.commented_assignment(n).map(|c| c.start))?
            }
            Probe::Ident { name, ident } => self.reach(name).idents.get(ident).copied()?,
            Probe::Import { module, name } => f
                .imports()
                .find(|s| match &*s.kind {
                    crate::syntax::StmtKind::Import { names } => {
                        name.is_empty() && names.iter().any(|n| n == module)
                    }
                    crate::syntax::StmtKind::ImportFrom { module: m, names } => {
                        m == module && names.iter().any(|n| n == name)
                    }
                    _ => false,
                })
                .map(|s| s.range.start)?,
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

    fn reach(&mut self, name: &'static str) -> &Reach {
        let f = self.f;
        self.reach.entry(name).or_insert_with(|| {
            let mut r = Reach::default();
            walk_setting(f, name, DEPTH, &mut r);
            r
        })
    }
}

/// The offset of the first top-level binding of `name`.
fn first_binding(f: &SettingsFile, name: &str) -> Option<usize> {
    f.bindings(name).first().map(|b| match b {
        Binding::Assign { stmt, .. } | Binding::Augment { stmt, .. } | Binding::Other { stmt } => {
            stmt.range.start
        }
    })
}

fn walk_setting(f: &SettingsFile, name: &str, depth: usize, r: &mut Reach) {
    for b in f.bindings(name) {
        if let Binding::Assign { value, .. } | Binding::Augment { value, .. } = b {
            r.comments.extend(f.comments_in(value.range()).cloned());
            walk(f, value, depth, r);
        }
    }
}

fn walk(f: &SettingsFile, e: Node, depth: usize, r: &mut Reach) {
    match e.kind() {
        ExprKind::Str(s) => {
            r.strings.entry(s.clone()).or_insert(e.range().start);
        }
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
            r.idents.entry(attr.clone()).or_insert(e.range().start);
            walk(f, e.child(value), depth, r);
        }
        ExprKind::Name(n) => {
            r.idents.entry(n.clone()).or_insert(e.range().start);
            if depth > 0 {
                walk_setting(f, n, depth - 1, r);
            }
        }
        _ => {}
    }
}

/// `#'value',` or `# "value"`: a disabled entry of a sequence.
fn is_commented_entry(comment: &str, value: &str) -> bool {
    let t = comment.trim_start_matches('#').trim_start();
    [b'\'', b'"'].iter().any(|q| {
        let b = t.as_bytes();
        b.len() >= value.len() + 2
            && b[0] == *q
            && t[1..].starts_with(value)
            && b[value.len() + 1] == *q
    })
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
