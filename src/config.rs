//! The values only the administrator knows (`--hostname`, `--mail-domain`, `--dovecot-path`),
//! from the command line, the environment or a `pyproject.toml`, and where each one came from.
//!
//! Precedence, value by value: a flag wins over the environment (`MODOBOA_SETTINGS_HOSTNAME`,
//! `MODOBOA_SETTINGS_MAIL_DOMAIN`, `MODOBOA_SETTINGS_DOVECOT_PATH`, several paths separated like
//! `PATH`), which wins over the `[tool.modoboa-settings]` table of the nearest `pyproject.toml`
//! above the settings file that has such a table (as ruff finds its `[tool.ruff]`).
//!
//! The target release without `--to` follows the same order (`MODOBOA_SETTINGS_TO`, then `to`
//! in the table), then the `modoboa` version pinned in the repository beside or above the file
//! (`requirements*.txt`, `constraints*.txt`, `[project] dependencies` of `pyproject.toml`:
//! `modoboa==2.4.1`), so that a settings file follows the Modoboa the server installs.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::release::Options;

mod pin;
pub use pin::{pin_in_dir, pinned_version, Pin};

pub const ENV_HOSTNAME: &str = "MODOBOA_SETTINGS_HOSTNAME";
pub const ENV_MAIL_DOMAIN: &str = "MODOBOA_SETTINGS_MAIL_DOMAIN";
pub const ENV_DOVECOT_PATH: &str = "MODOBOA_SETTINGS_DOVECOT_PATH";
pub const ENV_TO: &str = "MODOBOA_SETTINGS_TO";
/// The table in `pyproject.toml`.
pub const TABLE: &str = "modoboa-settings";

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag (its name, e.g. `--hostname`).
    Flag(&'static str),
    /// An environment variable (its name).
    Env(&'static str),
    /// The `[tool.modoboa-settings]` table of this file.
    File(PathBuf),
    /// A `modoboa==X` pin in this file (requirements, constraints, pyproject.toml).
    Pin(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "{name}"),
            Source::Env(name) => write!(f, "${name}"),
            Source::File(p) => write!(f, "{} [tool.{TABLE}]", p.display()),
            Source::Pin(p) => write!(f, "the modoboa pin in {}", p.display()),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// The values of one file, each with its source (none when nothing gave it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub hostname: Option<Sourced<String>>,
    pub mail_domain: Option<Sourced<String>>,
    pub dovecot_paths: Option<Sourced<Vec<String>>>,
    /// The target release when `--to` is not given: environment, table, pin.
    pub to: Option<Sourced<String>>,
}

impl Values {
    pub fn options(&self) -> Options {
        Options {
            hostname: self.hostname.as_ref().map(|s| s.value.clone()),
            mail_domain: self.mail_domain.as_ref().map(|s| s.value.clone()),
            dovecot_paths: self
                .dovecot_paths
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default(),
            drift: false,
        }
    }
}

/// The values given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub hostname: Option<String>,
    pub mail_domain: Option<String>,
    pub dovecot_paths: Vec<String>,
}

/// The values of the environment (an empty variable counts as unset).
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub hostname: Option<String>,
    pub mail_domain: Option<String>,
    pub dovecot_paths: Option<Vec<String>>,
    pub to: Option<String>,
}

impl Env {
    /// Read the three variables from the process environment.
    pub fn from_process() -> Result<Env, ConfigError> {
        Env::from_lookup(|name| std::env::var_os(name))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<OsString>) -> Result<Env, ConfigError> {
        let text = |name: &'static str| -> Result<Option<String>, ConfigError> {
            match get(name) {
                None => Ok(None),
                Some(v) if v.is_empty() => Ok(None),
                Some(v) => v.into_string().map(Some).map_err(|_| ConfigError {
                    origin: format!("${name}"),
                    message: "is not valid UTF-8".into(),
                }),
            }
        };
        let dovecot_paths = text(ENV_DOVECOT_PATH)?.map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| p.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        });
        Ok(Env {
            hostname: text(ENV_HOSTNAME)?,
            mail_domain: text(ENV_MAIL_DOMAIN)?,
            dovecot_paths: dovecot_paths.filter(|v| !v.is_empty()),
            to: text(ENV_TO)?,
        })
    }
}

/// The `[tool.modoboa-settings]` table of a `pyproject.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub path: PathBuf,
    pub hostname: Option<String>,
    pub mail_domain: Option<String>,
    pub dovecot_paths: Option<Vec<String>>,
    pub to: Option<String>,
}

/// A configuration that cannot be used: a `pyproject.toml` that does not parse, an unknown key,
/// a value of the wrong type, an environment variable that is not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file or variable.
    pub origin: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// Parse the text of a `pyproject.toml`; `None` when it has no `[tool.modoboa-settings]`.
pub fn parse_pyproject(path: &Path, text: &str) -> Result<Option<Table>, ConfigError> {
    let err = |message: String| ConfigError {
        origin: path.display().to_string(),
        message,
    };
    let doc: toml_edit::Document<&str> =
        toml_edit::Document::parse(text).map_err(|e| err(e.message().to_string()))?;
    let Some(tool) = doc.get("tool") else {
        return Ok(None);
    };
    let Some(table) = tool.get(TABLE) else {
        return Ok(None);
    };
    let Some(table) = table.as_table_like() else {
        return Err(err(format!("[tool.{TABLE}] is not a table")));
    };
    let mut out = Table {
        path: path.to_path_buf(),
        ..Table::default()
    };
    for (key, item) in table.iter() {
        let string = || {
            item.as_str()
                .map(str::to_string)
                .ok_or_else(|| err(format!("[tool.{TABLE}] {key} must be a string")))
        };
        match key {
            "hostname" => out.hostname = Some(string()?),
            "mail-domain" => out.mail_domain = Some(string()?),
            "to" => out.to = Some(string()?),
            "dovecot-path" => {
                let paths = if let Some(s) = item.as_str() {
                    vec![s.to_string()]
                } else if let Some(a) = item.as_array() {
                    a.iter()
                        .map(|v| v.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| {
                            err(format!(
                                "[tool.{TABLE}] dovecot-path must be a string or a list of strings"
                            ))
                        })?
                } else {
                    return Err(err(format!(
                        "[tool.{TABLE}] dovecot-path must be a string or a list of strings"
                    )));
                };
                out.dovecot_paths = Some(paths).filter(|p| !p.is_empty());
            }
            other => {
                return Err(err(format!(
                    "unknown key '{other}' in [tool.{TABLE}] (known: hostname, mail-domain, dovecot-path, to)"
                )))
            }
        }
    }
    Ok(Some(out))
}

/// Finds the nearest `pyproject.toml` with a `[tool.modoboa-settings]` table above a file,
/// remembering what it read per directory.
#[derive(Debug, Default)]
pub struct Finder {
    by_dir: HashMap<PathBuf, Result<Option<Table>, ConfigError>>,
    /// The `modoboa==X` pin of each directory ([`pin_in_dir`]).
    pins: HashMap<PathBuf, Result<Option<Pin>, ConfigError>>,
}

impl Finder {
    /// The table for a settings file at `file` (a path that need not exist: for standard input
    /// the name given by `--stdin-filename`, or the current directory).
    pub fn for_file(&mut self, file: &Path) -> Result<Option<Table>, ConfigError> {
        let abs = if file.is_absolute() {
            file.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(file))
                .unwrap_or_else(|_| file.to_path_buf())
        };
        let start = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        // The directories from the file's up to the root, and the first that has an answer.
        let mut walked = Vec::new();
        let mut answer = Ok(None);
        for dir in start.ancestors() {
            if let Some(known) = self.by_dir.get(dir) {
                answer = known.clone();
                break;
            }
            walked.push(dir.to_path_buf());
            let candidate = dir.join("pyproject.toml");
            if !candidate.is_file() {
                continue;
            }
            let found = match std::fs::read_to_string(&candidate) {
                Ok(text) => parse_pyproject(&candidate, &text),
                Err(e) => Err(ConfigError {
                    origin: candidate.display().to_string(),
                    message: e.to_string(),
                }),
            };
            if !matches!(found, Ok(None)) {
                answer = found;
                break;
            }
        }
        for dir in walked {
            self.by_dir.insert(dir, answer.clone());
        }
        answer
    }
}

/// Flag > environment > file, value by value.
pub fn resolve(flags: &Flags, env: &Env, table: Option<&Table>) -> Values {
    fn pick<T: Clone>(
        flag: Option<(&T, &'static str)>,
        env: Option<(&T, &'static str)>,
        file: Option<(&T, &Path)>,
    ) -> Option<Sourced<T>> {
        if let Some((v, name)) = flag {
            return Some(Sourced {
                value: v.clone(),
                source: Source::Flag(name),
            });
        }
        if let Some((v, name)) = env {
            return Some(Sourced {
                value: v.clone(),
                source: Source::Env(name),
            });
        }
        file.map(|(v, p)| Sourced {
            value: v.clone(),
            source: Source::File(p.to_path_buf()),
        })
    }
    let path = table.map(|t| t.path.as_path());
    fn from_file<'a>(
        v: Option<&'a Option<String>>,
        path: Option<&'a Path>,
    ) -> Option<(&'a String, &'a Path)> {
        v.and_then(|v| v.as_ref()).zip(path)
    }
    let flag_paths = Some(&flags.dovecot_paths).filter(|p| !p.is_empty());
    Values {
        to: pick(
            None,
            env.to.as_ref().map(|v| (v, ENV_TO)),
            from_file(table.map(|t| &t.to), path),
        ),
        hostname: pick(
            flags.hostname.as_ref().map(|v| (v, "--hostname")),
            env.hostname.as_ref().map(|v| (v, ENV_HOSTNAME)),
            from_file(table.map(|t| &t.hostname), path),
        ),
        mail_domain: pick(
            flags.mail_domain.as_ref().map(|v| (v, "--mail-domain")),
            env.mail_domain.as_ref().map(|v| (v, ENV_MAIL_DOMAIN)),
            from_file(table.map(|t| &t.mail_domain), path),
        ),
        dovecot_paths: pick(
            flag_paths.map(|v| (v, "--dovecot-path")),
            env.dovecot_paths.as_ref().map(|v| (v, ENV_DOVECOT_PATH)),
            table.and_then(|t| t.dovecot_paths.as_ref()).zip(path),
        ),
    }
}

/// The values of the settings file at `file` (see [`Finder::for_file`]), flag > environment >
/// file; a host name that is not one is an error naming where it came from.
pub fn values_for(
    finder: &mut Finder,
    flags: &Flags,
    env: &Env,
    file: &Path,
) -> Result<Values, ConfigError> {
    let table = finder.for_file(file)?;
    let mut v = resolve(flags, env, table.as_ref());
    if v.to.is_none() {
        v.to = finder.pin_for(file)?.map(|p| Sourced {
            value: p.version,
            source: Source::Pin(p.path),
        });
    }
    if let Some(h) = v.hostname.as_ref().filter(|h| !is_hostname(&h.value)) {
        return Err(ConfigError {
            origin: h.source.to_string(),
            message: format!("'{}' is not a host name", h.value),
        });
    }
    Ok(v)
}

/// A host name as `ALLOWED_HOSTS` takes it: letters, digits, `.`, `-`, `_` and Django's `*`.
pub fn is_hostname(h: &str) -> bool {
    !h.is_empty()
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | '_'))
}

/// A host name given for every file (flag or environment) that is not one stops everything at
/// once.
#[allow(clippy::result_large_err)]
pub fn check_hostnames(flags: &Flags, env: &Env) -> Result<(), Error> {
    for (h, origin) in [
        (&flags.hostname, "--hostname"),
        (&env.hostname, ENV_HOSTNAME),
    ] {
        if let Some(h) = h.as_deref().filter(|h| !is_hostname(h)) {
            return Err(Error::NotHostname {
                value: h.to_string(),
                origin: origin.to_string(),
            });
        }
    }
    Ok(())
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Error {
        Error::Config {
            origin: e.origin,
            message: e.message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Result<Option<Table>, ConfigError> {
        parse_pyproject(Path::new("/p/pyproject.toml"), text)
    }

    #[test]
    fn pyproject_without_the_table_is_none() {
        assert_eq!(table("[tool.ruff]\nline-length = 100\n"), Ok(None));
        assert_eq!(table(""), Ok(None));
    }

    #[test]
    fn pyproject_table_gives_the_three_values() {
        let t = table(
            "[tool.modoboa-settings]\nhostname = \"mail.example.com\"\nmail-domain = \"example.com\"\ndovecot-path = [\"/a\", \"/b\"]\n",
        )
        .expect("parses")
        .expect("has the table");
        assert_eq!(t.hostname.as_deref(), Some("mail.example.com"));
        assert_eq!(t.mail_domain.as_deref(), Some("example.com"));
        assert_eq!(t.dovecot_paths, Some(vec!["/a".into(), "/b".into()]));
    }

    #[test]
    fn pyproject_dovecot_path_may_be_one_string() {
        let t = table("[tool.modoboa-settings]\ndovecot-path = \"/a\"\n")
            .expect("parses")
            .expect("has the table");
        assert_eq!(t.dovecot_paths, Some(vec!["/a".into()]));
    }

    #[test]
    fn pyproject_unknown_key_and_wrong_type_are_errors() {
        let e = table("[tool.modoboa-settings]\nhost = \"x\"\n").expect_err("unknown key");
        assert!(e.message.contains("unknown key 'host'"), "{e}");
        let e = table("[tool.modoboa-settings]\nhostname = 1\n").expect_err("wrong type");
        assert!(e.message.contains("hostname must be a string"), "{e}");
        let e = table("[tool.modoboa-settings\n").expect_err("bad TOML");
        assert_eq!(e.origin, "/p/pyproject.toml");
    }

    #[test]
    fn flag_beats_environment_beats_file() {
        let t = Table {
            path: PathBuf::from("/p/pyproject.toml"),
            hostname: Some("file.example.com".into()),
            mail_domain: Some("file.example".into()),
            dovecot_paths: Some(vec!["/file".into()]),
            to: Some("2.4.1".into()),
        };
        let env = Env {
            hostname: Some("env.example.com".into()),
            mail_domain: None,
            dovecot_paths: Some(vec!["/env1".into(), "/env2".into()]),
            to: None,
        };
        let flags = Flags {
            hostname: Some("flag.example.com".into()),
            ..Flags::default()
        };
        let v = resolve(&flags, &env, Some(&t));
        let h = v.hostname.expect("hostname");
        assert_eq!(
            (h.value.as_str(), h.source),
            ("flag.example.com", Source::Flag("--hostname"))
        );
        let m = v.mail_domain.expect("mail domain");
        assert_eq!(m.value, "file.example");
        assert_eq!(m.source, Source::File(PathBuf::from("/p/pyproject.toml")));
        let d = v.dovecot_paths.expect("paths");
        assert_eq!(d.value, vec!["/env1".to_string(), "/env2".to_string()]);
        assert_eq!(d.source, Source::Env(ENV_DOVECOT_PATH));
        let to = v.to.expect("to");
        assert_eq!(to.value, "2.4.1");
        assert_eq!(to.source, Source::File(PathBuf::from("/p/pyproject.toml")));
    }

    #[test]
    fn environment_dovecot_path_splits_like_path_and_empty_is_unset() {
        let env = Env::from_lookup(|name| match name {
            ENV_DOVECOT_PATH => Some("/usr/sbin/dovecot:/usr/local/sbin/dovecot".into()),
            ENV_HOSTNAME => Some("".into()),
            _ => None,
        })
        .expect("valid");
        assert_eq!(env.hostname, None);
        assert_eq!(
            env.dovecot_paths,
            Some(vec![
                "/usr/sbin/dovecot".to_string(),
                "/usr/local/sbin/dovecot".to_string()
            ])
        );
    }
}
