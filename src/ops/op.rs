//! The vocabulary as data: what a step may do ([`Op`]), to what ([`Target`]), under which
//! condition ([`Cond`]), with which of the administrator's values ([`Opt`]).
//!
//! A release file declares its steps as flat lists of these; [`Op::evaluate`] turns one into
//! all its edits at once (every occurrence, no rounds), against the file as the operations
//! before it left it. The policies of the vocabulary live here too: which names an operation
//! sets or deletes (so that an earlier step does not set a value a later one replaces), and how
//! a condition opens a group of operations.

use crate::model::apps::MODOBOA_APPS;
use crate::model::path::{self, Path};
use crate::model::{Seq, SettingsFile, Unsafe};
use crate::ops::{
    blocks, dicts, django_defaults, guarded, imports, loaders, order, python3, sequences,
    statements, templates, At, Outcome, Place,
};

/// What a sequence operation edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A top-level tuple or list setting, read with its `+=` statements.
    Name(&'static str),
    /// The applications of Modoboa: MODOBOA_APPS from 1.0.0 on, INSTALLED_APPS before.
    Apps,
    /// A tuple or list inside a setting: `TEMPLATES[0]['OPTIONS']['context_processors']`.
    Path(&'static str),
}

impl Target {
    /// The target in words.
    pub fn describe(&self) -> String {
        match *self {
            Target::Name(n) | Target::Path(n) => n.to_string(),
            Target::Apps => MODOBOA_APPS.to_string(),
        }
    }

    /// The sequence the target names, None when it is missing.
    pub fn seq<'a>(&self, f: &'a SettingsFile) -> Result<Option<Seq<'a>>, Unsafe> {
        match *self {
            Target::Name(n) => f.seq(n),
            Target::Apps => f.modoboa_apps(),
            Target::Path(p) => path::seq_at(f, &parse_path(p)),
        }
    }
}

/// A path written in a release file; a malformed one is a bug in that file, caught by the
/// tests that run every step.
pub(super) fn parse_path(p: &'static str) -> Path<'static> {
    Path::parse(p).unwrap_or(Path {
        name: p,
        keys: Vec::new(),
    })
}

/// A value only the administrator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    /// `--hostname`: the server's fully qualified host name.
    Hostname,
    /// `--mail-domain`: the mail domain.
    MailDomain,
}

impl Opt {
    pub(super) fn value<'a>(&self, o: &'a Options) -> Option<&'a str> {
        match self {
            Opt::Hostname => o.hostname.as_deref(),
            Opt::MailDomain => o.mail_domain.as_deref(),
        }
    }
    pub(super) fn flag(&self) -> &'static str {
        match self {
            Opt::Hostname => "--hostname <FQDN>",
            Opt::MailDomain => "--mail-domain <DOMAIN>",
        }
    }
    /// The value's key, as `pyproject.toml` names it (`hostname`, `mail-domain`): what a
    /// pending step reports it `needs`.
    pub fn key(&self) -> &'static str {
        match self {
            Opt::Hostname => "hostname",
            Opt::MailDomain => "mail-domain",
        }
    }
}

/// A condition on the file.
#[derive(Debug, Clone, Copy)]
pub enum Cond {
    /// The application is listed (enabled, not commented out) in MODOBOA_APPS or INSTALLED_APPS.
    AppEnabled(&'static str),
    /// The setting is assigned.
    Assigned(&'static str),
    /// The setting is assigned this value (Python source, compared as a value).
    ValueIs {
        name: &'static str,
        value: &'static str,
    },
    /// The target lists (enabled) `family` or an application below it (`family.x`).
    Lists {
        target: Target,
        family: &'static str,
    },
    /// The condition does not hold.
    Not(&'static Cond),
    /// One of the conditions holds.
    Any(&'static [Cond]),
}

impl Cond {
    pub fn holds(&self, f: &SettingsFile) -> bool {
        match *self {
            // (The text first: most conditions name an application the file never mentions,
            // and reading the sequences costs more.)
            Cond::AppEnabled(app) => f.enables(app),
            Cond::Assigned(name) => f.first_binding(name).is_some(),
            Cond::ValueIs { name, value } => matches!(
                f.setting(name),
                Ok(Some(s)) if statements::same_value(f, s.value, value)
            ),
            Cond::Lists { target, family } => {
                f.text().contains(family)
                    && matches!(target.seq(f), Ok(Some(s)) if s
                .items()
                .iter()
                .filter_map(|i| i.value)
                .any(|v| v == family || v.strip_prefix(family).is_some_and(|r| r.starts_with('.'))))
            }
            Cond::Not(c) => !c.holds(f),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(f)),
        }
    }

    /// [`Cond::holds`] with the enabled applications of the file read once ([`SettingsFile::enabled_apps`]):
    /// for a checklist that asks many conditions of one file.
    pub fn holds_among(&self, f: &SettingsFile, apps: &[String]) -> bool {
        match *self {
            Cond::AppEnabled(app) => apps.iter().any(|a| a == app),
            Cond::Not(c) => !c.holds_among(f, apps),
            Cond::Any(cs) => cs.iter().any(|c| c.holds_among(f, apps)),
            _ => self.holds(f),
        }
    }

    /// The condition in words, for a checklist printed without a file (`where amavis is enabled`).
    pub fn describe(&self) -> String {
        match *self {
            Cond::AppEnabled(app) => format!("where settings.py enables '{app}'"),
            Cond::Assigned(name) => format!("where settings.py sets {name}"),
            Cond::ValueIs { name, value } => format!("where {name} = {value}"),
            Cond::Lists { target, family } => {
                format!("where {} lists '{family}'", target.describe())
            }
            Cond::Not(c) => format!("unless {}", c.describe().trim_start_matches("where ")),
            Cond::Any(cs) => cs
                .iter()
                .map(|c| c.describe())
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }
}

/// Values only the administrator knows, and what the run may add.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub hostname: Option<String>,
    pub mail_domain: Option<String>,
    pub dovecot_paths: Vec<String>,
    /// `upgrade --with-drift`: also the safe additions of a fresh install of the target
    /// ([`crate::release::drift`]).
    pub drift: bool,
}

/// What a one-of-a-kind operation sees: the file as it is now, and the administrator's options.
pub struct Ctx<'a> {
    pub file: &'a SettingsFile,
    pub options: &'a Options,
}

/// One operation of a step.
#[derive(Debug)]
pub enum Op {
    /// Ensure a string element in a sequence (uncommenting a disabled entry).
    Ensure {
        target: Target,
        value: &'static str,
        at: At,
    },
    /// Ensure an element whose value is an option (`--hostname`); pending without it.
    EnsureOption { target: Target, option: Opt, at: At },
    /// Remove every copy of a string element from a sequence.
    Remove { target: Target, value: &'static str },
    /// Rename a string element in place (commented-out entries too).
    Rename {
        target: Target,
        from: &'static str,
        to: &'static str,
    },
    /// Move an element from one sequence to another (removed there, ensured here).
    Move {
        value: &'static str,
        from: Target,
        to: Target,
        at: At,
    },
    /// Set a setting to a value (Python source), adding it at `place` when missing.
    Set {
        name: &'static str,
        value: &'static str,
        place: Place,
    },
    /// Set a setting to a quoted option value (`OTP_TOTP_ISSUER`); pending without it.
    SetOption {
        name: &'static str,
        option: Opt,
        place: Place,
    },
    /// Add a setting only when it is missing.
    Add {
        name: &'static str,
        value: &'static str,
        place: Place,
    },
    /// Delete a top-level statement (and the comment lines that name it).
    Delete { name: &'static str },
    /// Delete a group of settings, with the comment line that introduces the group.
    DeleteGroup { names: &'static [&'static str] },
    /// Rename a top-level setting where it is assigned, extended with `+=` and used.
    RenameSetting {
        from: &'static str,
        to: &'static str,
    },
    /// `from module import name`.
    Import {
        module: &'static str,
        name: &'static str,
    },
    /// `import module`.
    ImportModule { module: &'static str },
    /// Remove `from module import name` (the name alone when the line imports others).
    RemoveImport {
        module: &'static str,
        name: &'static str,
    },
    /// Move an assignment up, after the imports, when it is used before it is defined.
    MoveUp { name: &'static str },
    /// Add the missing keys of a dict template (Python source) to the dict at `path`, one
    /// level deep; the setting whole when it is missing.
    MergeDict {
        path: &'static str,
        template: &'static str,
    },
    /// Set `key` of the dict at `path` to a value (Python source), adding the entry when missing.
    SetKey {
        path: &'static str,
        key: &'static str,
        value: &'static str,
    },
    /// Remove the entry `key` of the dict at `path`.
    RemoveKey {
        path: &'static str,
        key: &'static str,
    },
    /// Rename the key `from` of the dict at `path`, keeping its value.
    RenameKey {
        path: &'static str,
        from: &'static str,
        to: &'static str,
    },
    /// Fold settings into a dict: each `(NAME, key)` becomes `key: <NAME's value, as written>`
    /// of the dict at `into`, and NAME is deleted.
    Fold {
        names: &'static [(&'static str, &'static str)],
        into: &'static str,
    },
    /// The operations, one after the other, where the condition holds on the file.
    When { cond: Cond, ops: &'static [Op] },
    /// A step of its own shape ([`crate::ops::special`]).
    Custom(fn(&Ctx) -> Outcome),
    // Releases 1.1.2 to 1.5.0.
    /// Ensure `value` in a setting that extends Django's default: `NAME = base + (...)`,
    /// written whole (with `from module import name` for `base`) when missing.
    ExtendDefault {
        name: &'static str,
        base: &'static str,
        import: (&'static str, &'static str),
        value: &'static str,
        place: Place,
    },
    /// In a setting that is a sum with a non-literal (`global_settings.X + (...)`), the
    /// literal tuples become lists.
    SumLiteralsAsLists { name: &'static str },
    /// Add `key: value` to every dict entry of the dict at `path` that lacks it (each
    /// connection of DATABASES).
    AddKeyInEach {
        path: &'static str,
        key: &'static str,
        value: &'static str,
    },
    // Releases 1.6.0 to 1.9.0.
    /// Replace the legacy TEMPLATE_* settings by one TEMPLATES setting (written whole where it
    /// is missing, edited by path where it exists), carrying the user's own context
    /// processors (`renamed` maps old prefixes to new), directories and debug value.
    Templates {
        processors: &'static [&'static str],
        renamed: &'static [(&'static str, &'static str)],
    },
    /// Set a setting to `to` where it holds one of the values `from` (Python source); another
    /// value is the user's own: skipped with its line. Missing: nothing.
    Update {
        name: &'static str,
        from: &'static [&'static str],
        to: &'static str,
    },
    /// Remove the entry `key` of the dict at `path` where it holds `value`; another value is
    /// the user's own: skipped with its line.
    RemoveKeyIf {
        path: &'static str,
        key: &'static str,
        value: &'static str,
    },
    /// Add a block of settings with its comment (Python source) at `place`: whole where none of
    /// its settings is assigned, else only the missing ones.
    AddBlock { block: &'static str, place: Place },
    // Releases 1.10.0 to 1.17.0.
    /// Ensure an element after the first listed of `after` and before every listed one of
    /// `before`, moving it there when it stands elsewhere (1.17.0's LocaleMiddleware); skipped
    /// when no anchor is listed.
    Anchor {
        target: Target,
        value: &'static str,
        after: &'static [&'static str],
        before: &'static [&'static str],
    },
    /// An extension's settings loader: `from <package>.settings import *` (alone or in a `try`)
    /// becomes `from <package> import settings as <package>_settings` +
    /// `<package>_settings.apply(globals())`; added at the end of the file when missing.
    SettingsLoader { package: &'static str },
    /// Rewrite the Python 2-only constructs that have one Python 3 spelling (`0644`, `10L`,
    /// `<>`, backticks, `ur''`, `print x`). Owed from its release on: the file holds no such
    /// syntax whatever release it is at.
    Python3Rewrite,
    /// Skipped, with its line, while the file holds Python 2-only syntax the tool does not
    /// rewrite (`exec "x"`, `raise E, "m"`, `except E, e:`). Owed as [`Op::Python3Rewrite`].
    Python3Refuse,
    /// Skipped, with its line, where `/` stands between integers (Python 3 divides exactly):
    /// a line to review by hand, never an edit. Not owed: reported when the upgrade crosses
    /// its release.
    Python3Division,
    // Releases 2.0.0 to 2.9.3.
    /// Put the elements of `order` the sequence lists in that relative order with the fewest
    /// moves; the administrator's own elements stay where they are.
    Reorder {
        target: Target,
        order: &'static [&'static str],
    },
    /// Ensure an element unless a commented-out entry disables it (a plugin turned off stays off).
    EnsureUnlessDisabled {
        target: Target,
        value: &'static str,
        at: At,
    },
    /// Ensure the element `prefix` + an option value (`autoconfig.<domain>`); pending without it.
    EnsureOptionPrefixed {
        target: Target,
        prefix: &'static str,
        option: Opt,
        at: At,
    },
    /// Add a setting when it is missing, its value a template where `{}` is the quoted option
    /// value; pending without the option (only while the setting is missing).
    AddOption {
        name: &'static str,
        template: &'static str,
        option: Opt,
        place: Place,
    },
    /// A statement that binds nothing (a call), unless the file has it.
    Call { source: &'static str, place: Place },
    /// Delete the settings block an extension added at the end of the file, plain or inside
    /// `try:` / `except ImportError:`.
    DeleteBlock { module: &'static str },
    /// Delete every top-level setting whose name starts with `prefix` (`CKEDITOR_`).
    DeletePrefixed { prefix: &'static str },
}

impl Op {
    /// All the edits of the operation on the file as it is.
    pub fn evaluate(&self, f: &SettingsFile, options: &Options) -> Outcome {
        match self {
            Op::Ensure { target, value, at } => sequences::ensure(f, target, value, at),
            Op::EnsureOption { target, option, at } => {
                sequences::ensure_option(f, target, option, options, at)
            }
            Op::Remove { target, value } => sequences::remove(f, target, value),
            Op::Rename { target, from, to } => sequences::rename(f, target, from, to),
            Op::Move {
                value,
                from,
                to,
                at,
            } => sequences::r#move(f, from, to, value, at),
            Op::Set { name, value, place } => statements::set(f, name, value, place),
            Op::SetOption {
                name,
                option,
                place,
            } => statements::set_option(f, name, option, options, place),
            Op::Add { name, value, place } => statements::add(f, name, value, place),
            Op::Delete { name } => statements::delete(f, name),
            Op::DeleteGroup { names } => statements::delete_group(f, names),
            Op::RenameSetting { from, to } => statements::rename_setting(f, from, to),
            Op::Import { module, name } => imports::import(f, module, name),
            Op::ImportModule { module } => imports::import_module(f, module),
            Op::RemoveImport { module, name } => imports::remove_import(f, module, name),
            Op::MoveUp { name } => statements::move_up(f, name),
            Op::MergeDict { path, template } => dicts::merge_dict(f, path, template),
            Op::SetKey { path, key, value } => dicts::set_key(f, path, key, value),
            Op::RemoveKey { path, key } => dicts::remove_key(f, path, key),
            Op::RenameKey { path, from, to } => dicts::rename_key(f, path, from, to),
            Op::Fold { names, into } => dicts::fold(f, names, into),
            Op::When { cond, ops: inner } => when(f, cond, inner, options),
            Op::Custom(run) => run(&Ctx { file: f, options }),
            Op::ExtendDefault {
                name,
                base,
                import,
                value,
                place,
            } => django_defaults::extend_default(f, name, base, *import, value, place),
            Op::SumLiteralsAsLists { name } => django_defaults::sum_literals_as_lists(f, name),
            Op::AddKeyInEach { path, key, value } => dicts::add_key_in_each(f, path, key, value),
            Op::Templates {
                processors,
                renamed,
            } => templates::templates(f, processors, renamed),
            Op::Update { name, from, to } => guarded::update(f, name, from, to),
            Op::RemoveKeyIf { path, key, value } => guarded::remove_key_if(f, path, key, value),
            Op::AddBlock { block, place } => blocks::add_block(f, block, place),
            Op::Anchor {
                target,
                value,
                after,
                before,
            } => order::anchor(f, target, value, after, before),
            Op::SettingsLoader { package } => loaders::settings_loader(f, package),
            Op::Python3Rewrite => python3::python3_rewrite(f),
            Op::Python3Refuse => python3::python3_refuse(f),
            Op::Python3Division => python3::python3_division(f),
            Op::Reorder { target, order } => order::reorder(f, target, order),
            Op::EnsureUnlessDisabled { target, value, at } => {
                sequences::ensure_unless_disabled(f, target, value, at)
            }
            Op::EnsureOptionPrefixed {
                target,
                prefix,
                option,
                at,
            } => sequences::ensure_option_prefixed(f, target, prefix, option, options, at),
            Op::AddOption {
                name,
                template,
                option,
                place,
            } => statements::add_option(f, name, template, option, options, place),
            Op::Call { source, place } => statements::call(f, source, place),
            Op::DeleteBlock { module } => loaders::delete_block(f, module),
            Op::DeletePrefixed { prefix } => statements::delete_prefixed(f, prefix),
        }
    }

    /// The sequences this operation edits (those of the operations of a group too).
    pub fn targets(&self, out: &mut Vec<Target>) {
        match self {
            Op::Ensure { target, .. }
            | Op::EnsureOption { target, .. }
            | Op::Remove { target, .. }
            | Op::Rename { target, .. }
            | Op::Anchor { target, .. }
            | Op::Reorder { target, .. }
            | Op::EnsureUnlessDisabled { target, .. }
            | Op::EnsureOptionPrefixed { target, .. } => out.push(*target),
            Op::When { ops, .. } => ops.iter().for_each(|o| o.targets(out)),
            _ => {}
        }
    }

    /// An operation whose result must hold in every file from its release on, not only where
    /// a value was pending: an owed step made of such operations runs whenever it has work
    /// (see [`crate::engine::owed_steps`]).
    pub fn holds_from_its_release(&self) -> bool {
        matches!(
            self,
            Op::Python3Rewrite | Op::Python3Refuse | Op::DeleteBlock { .. }
        )
    }

    /// The setting this operation sets to a fixed value or deletes: an earlier `Set` or `Add`
    /// of it in the same run is not applied, so that values do not flip back and forth (0.8.2's
    /// MEDIA_ROOT, 1.0.0's AUTH_USER_MODEL).
    pub fn replaces(&self, out: &mut Vec<&'static str>) {
        match self {
            Op::Set { name, .. } | Op::Delete { name } | Op::SetOption { name, .. } => {
                out.push(name)
            }
            Op::DeleteGroup { names } => out.extend_from_slice(names),
            Op::When { ops, .. } => ops.iter().for_each(|o| o.replaces(out)),
            _ => {}
        }
    }

    /// The setting this operation would set when it is missing or different.
    pub fn sets(&self) -> Option<&'static str> {
        match self {
            Op::Set { name, .. } | Op::Add { name, .. } | Op::SetOption { name, .. } => Some(name),
            // Releases 1.6.0 to 1.9.0.
            Op::Update { name, .. } => Some(name),
            Op::AddBlock { block, .. } => first_assigned(block),
            _ => None,
        }
    }
}

/// The operations of [`Op::When`] where the condition holds. The engine opens the group (each
/// operation sees the file as the one before left it); evaluated whole, a group is its first
/// operation that has something to do.
fn when(f: &SettingsFile, cond: &Cond, ops: &[Op], options: &Options) -> Outcome {
    if !cond.holds(f) {
        return Outcome::none();
    }
    for op in ops {
        match op.evaluate(f, options) {
            Outcome::Edits(e) if e.is_empty() => continue,
            other => return other,
        }
    }
    Outcome::none()
}

/// The first setting a block of Python source assigns (`NAME = ...` at the start of a line).
fn first_assigned(block: &'static str) -> Option<&'static str> {
    block.lines().find_map(|l| {
        let (name, _) = l.split_once(" = ")?;
        let ident = !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        ident.then_some(name)
    })
}
