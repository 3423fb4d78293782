//! Marks: what shows that a settings file has reached a release, declared as data.
//!
//! A [`Mark`] is something that exists only from its release on: an application, a middleware,
//! a setting, a value inside a setting, an import. Detection ([`crate::detect`]) places a file
//! at the newest release whose marks it shows; the absence of a mark is never evidence. A mark
//! that the guides ask to keep is *expected*: a file at or past its release that lacks it is
//! reported (not obeyed). A mark that a later release removes has an `until`: finding it in a
//! file placed at or past that release is a contradiction, reported beside the evidence.

/// What to look for in the file.
#[derive(Debug, Clone, Copy)]
pub enum Probe {
    /// A string equal to `value` inside the value of one of `names` (their assignments and
    /// `+=` statements, nested tuples, lists and dicts, keys included, and the names they use);
    /// with `commented`, a commented-out entry (`#'value',`) inside it counts too.
    Str {
        names: &'static [&'static str],
        value: &'static str,
        commented: bool,
    },
    /// A top-level assignment of the setting.
    Name(&'static str),
    /// A commented-out assignment of the setting at the start of a line (`#NAME = ...`).
    CommentedName(&'static str),
    /// A name or attribute `ident` used inside the value of the setting `name`.
    Ident {
        name: &'static str,
        ident: &'static str,
    },
    /// `from module import name`, or `import module` when `name` is empty.
    Import {
        module: &'static str,
        name: &'static str,
    },
    /// The dict at `path` (`LOGGING['handlers']['syslog']`) has the key `key`.
    Key {
        path: &'static str,
        key: &'static str,
    },
    /// The sequence `seq` lists `present` and not `absent`.
    Without {
        seq: &'static str,
        present: &'static str,
        absent: &'static str,
    },
}

/// One mark of a release.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub probe: Probe,
    /// The release from which it is no longer expected (the guides remove it, or the generated
    /// files lose it).
    pub until: Option<&'static str>,
    /// The guides ask to remove it at `until`: finding it in a file placed there or later is a
    /// contradiction.
    pub removed: bool,
    /// A file at or past the release (and before `until`) that lacks it is reported.
    pub expected: bool,
    /// Only Modoboa has it: one such mark makes a file Modoboa's. Django's own settings and
    /// third-party applications are not (a plain Django project has them too); they place a
    /// file only once a Modoboa mark has been found.
    pub modoboa: bool,
    /// It places the file at its release. A mark that a user may well add before its release
    /// (CsrfViewMiddleware, ALLOWED_HOSTS) only serves the `missing` report.
    pub places: bool,
}

/// The settings that hold applications.
pub use crate::model::apps::APP_SETTINGS;
/// The settings that hold middleware.
pub const MIDDLEWARE_SETTINGS: &[&str] = &["MIDDLEWARE_CLASSES", "MIDDLEWARE"];

const fn mark(probe: Probe) -> Mark {
    Mark {
        probe,
        until: None,
        removed: false,
        expected: true,
        modoboa: true,
        places: true,
    }
}

/// An application in INSTALLED_APPS or MODOBOA_APPS, listed or disabled (commented out).
pub const fn app(value: &'static str) -> Mark {
    mark(Probe::Str {
        names: APP_SETTINGS,
        value,
        commented: true,
    })
}

/// A middleware listed in MIDDLEWARE_CLASSES or MIDDLEWARE.
pub const fn mw(value: &'static str) -> Mark {
    mark(Probe::Str {
        names: MIDDLEWARE_SETTINGS,
        value,
        commented: false,
    })
}

/// A string inside the value of one of the settings `names` (an element, a key or a value, at
/// any depth).
pub const fn value(names: &'static [&'static str], value: &'static str) -> Mark {
    mark(Probe::Str {
        names,
        value,
        commented: false,
    })
}

/// A setting that is assigned.
pub const fn name(name: &'static str) -> Mark {
    mark(Probe::Name(name))
}

/// A setting present only as a commented-out assignment (or assigned).
pub const fn commented_name(name: &'static str) -> Mark {
    mark(Probe::CommentedName(name))
}

/// A name or attribute used in a setting's value.
pub const fn ident(name: &'static str, ident: &'static str) -> Mark {
    mark(Probe::Ident { name, ident })
}

/// `from module import name` (`import module` when `name` is empty).
pub const fn import(module: &'static str, name: &'static str) -> Mark {
    mark(Probe::Import { module, name })
}

/// The dict at `path` has the key `key`.
pub const fn key(path: &'static str, key: &'static str) -> Mark {
    mark(Probe::Key { path, key })
}

/// `seq` lists `present` and not `absent`.
pub const fn without(seq: &'static str, present: &'static str, absent: &'static str) -> Mark {
    mark(Probe::Without {
        seq,
        present,
        absent,
    })
}

impl Mark {
    /// The guides ask to remove it at release `r`.
    pub const fn until(self, r: &'static str) -> Mark {
        Mark {
            until: Some(r),
            removed: true,
            ..self
        }
    }
    /// Generated files lose it at release `r`, but nothing asks to remove it: no longer
    /// expected from `r` on, and no contradiction when it stays.
    pub const fn dropped(self, r: &'static str) -> Mark {
        Mark {
            until: Some(r),
            removed: false,
            ..self
        }
    }
    /// Its absence is not worth a report (an extension, a template-only setting).
    pub const fn optional(self) -> Mark {
        Mark {
            expected: false,
            ..self
        }
    }
    /// Django's or a third party's: it does not make a file Modoboa's.
    pub const fn generic(self) -> Mark {
        Mark {
            modoboa: false,
            ..self
        }
    }
    /// Checked for the `missing` report only; it never places a file.
    pub const fn check_only(self) -> Mark {
        Mark {
            places: false,
            ..self
        }
    }

    /// What the mark is, for evidence ("MIDDLEWARE lists 'x'").
    pub fn describe(&self) -> String {
        match self.probe {
            Probe::Str {
                names,
                value,
                commented,
            } => {
                let verb = if commented { "lists" } else { "holds" };
                format!("{} {verb} '{value}'", names.join(" or "))
            }
            Probe::Name(n) => format!("{n} is set"),
            Probe::CommentedName(n) => format!("{n} is set or commented out"),
            Probe::Ident { name, ident } => format!("{name} uses {ident}"),
            Probe::Key { path, key } => format!("{path} has the key '{key}'"),
            Probe::Import { module, name: "" } => format!("`import {module}`"),
            Probe::Import { module, name } => format!("`from {module} import {name}`"),
            Probe::Without {
                seq,
                present,
                absent,
            } => format!("{seq} lists '{present}' without '{absent}'"),
        }
    }

    /// What is missing when the mark is absent ("LOGIN_URL is not set").
    pub fn describe_missing(&self) -> String {
        match self.probe {
            Probe::Str { names, value, .. } => {
                format!("{} does not hold '{value}'", names.join(" or "))
            }
            Probe::Name(n) | Probe::CommentedName(n) => format!("{n} is not set"),
            Probe::Ident { name, ident } => format!("{name} does not use {ident}"),
            Probe::Key { path, key } => format!("{path} has no key '{key}'"),
            Probe::Import { module, name: "" } => format!("`import {module}` is missing"),
            Probe::Import { module, name } => {
                format!("`from {module} import {name}` is missing")
            }
            Probe::Without {
                seq,
                present,
                absent,
            } => format!("{seq} does not list '{present}' without '{absent}'"),
        }
    }
}
