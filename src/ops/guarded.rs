//! Values changed only where they are the one the release foresees (the value a generated file
//! had): a setting updated, a dict entry removed; the user's own value is reported, never
//! overwritten.

use crate::model::{SettingsFile, Unsafe};

use super::containers::remove_item;
use super::dicts::dict;
use super::outcome::{Outcome, Place};
use super::statements::{same_value, set};

/// A value on one line for a message: its words, at most 80 characters.
fn one_line_summary(s: &str) -> String {
    let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", &one[..i]),
        None => one,
    }
}

/// `NAME = to` where NAME holds one of the values `from` (Python source); NAME already `to`, or
/// missing: nothing. Any other value is the user's own: skipped with its line.
pub fn update(f: &SettingsFile, name: &str, from: &[&str], to: &str) -> Outcome {
    let Some(s) = tri!(f.setting(name)) else {
        return Outcome::none();
    };
    if same_value(f, s.value, to) {
        return Outcome::none();
    }
    if !s.augments.is_empty() || !from.iter().any(|v| same_value(f, s.value, v)) {
        return Outcome::Skip(Unsafe {
            reason: format!(
                "{name} holds a value of your own (`{}`); the release sets `{to}`: review it",
                one_line_summary(f.slice(&s.value.range()))
            ),
            offset: s.value.range().start,
        });
    }
    set(f, name, to, &Place::END)
}

/// Remove the entry `key` of the dict at `path` where it holds `value` (Python source); another
/// value is the user's own: skipped with its line.
pub fn remove_key_if(f: &SettingsFile, path: &'static str, key: &str, value: &str) -> Outcome {
    let Some(d) = tri!(dict(f, path)) else {
        return Outcome::none();
    };
    let Some(i) = d.position(key) else {
        return Outcome::none();
    };
    let v = d.entries[i].1;
    if !same_value(f, v, value) {
        return Outcome::Skip(Unsafe {
            reason: format!(
                "{path}['{key}'] holds a value of your own (`{}`); the release drops the key: \
                 review it",
                one_line_summary(f.slice(&v.range()))
            ),
            offset: v.range().start,
        });
    }
    Outcome::Edits(remove_item(f, &d.container, i, false))
}

/// 2.4.0: delete STATICFILES_DIRS where every directory it lists is the `bower_components`
/// directory the legacy interface needed (1.2.0's manual step); a directory of your own is
/// reported with its line, and the setting kept.
pub fn delete_bower_static_dirs(ctx: &super::Ctx) -> Outcome {
    let f = ctx.file;
    const NAME: &str = "STATICFILES_DIRS";
    if let Some(seq) = tri!(f.seq(NAME)) {
        if let Some(own) = seq
            .items()
            .iter()
            .find(|i| !f.slice(&i.range).contains("bower_components"))
        {
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "{NAME} lists a directory of your own (`{}`), not only the bower_components \
                     of the legacy interface; keep it or delete it yourself",
                    one_line_summary(f.slice(&own.range))
                ),
                offset: own.range.start,
            });
        }
    }
    super::statements::delete(f, NAME)
}

/// 2.3.0: the settings read `env` as django-environ's `environ.Env()`; a file whose own `env`
/// is something else (`env = os.environ`) is reported with its line, nothing changed.
pub fn env_is_environ(ctx: &super::Ctx) -> Outcome {
    let f = ctx.file;
    let Some(s) = tri!(f.setting("env")) else {
        return Outcome::none();
    };
    let value = f.slice(&s.value.range());
    if ["environ.Env(", "Env("]
        .iter()
        .any(|p| value.starts_with(p))
        && s.augments.is_empty()
    {
        return Outcome::none();
    }
    Outcome::Skip(Unsafe {
        reason: format!(
            "env is your own (`env = {}`), not django-environ's environ.Env(): the settings \
             2.3.0 adds read env.str(...) and env.bool(...); rename yours, then run again",
            one_line_summary(value)
        ),
        offset: s.stmt.range.start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::outcome::tests::run;

    #[test]
    fn a_foreseen_value_is_updated_and_an_own_value_skipped() {
        let src = "U = 'http://a/'\n";
        assert_eq!(
            run(src, |f| update(f, "U", &["'http://a/'"], "'https://a/'")),
            "U = 'https://a/'\n"
        );
        let f = SettingsFile::parse("U = 'http://mine/'\n".into()).unwrap();
        assert!(matches!(
            update(&f, "U", &["'http://a/'"], "'https://a/'"),
            Outcome::Skip(_)
        ));
    }

    #[test]
    fn keys_go_only_with_the_foreseen_value() {
        let src = "R = {\n    'A': 1,\n    'P': ('x',),\n}\n";
        assert_eq!(
            run(src, |f| remove_key_if(f, "R", "P", "('x',)")),
            "R = {\n    'A': 1,\n}\n"
        );
        let f = SettingsFile::parse(src.into()).unwrap();
        assert!(matches!(
            remove_key_if(&f, "R", "P", "('y',)"),
            Outcome::Skip(_)
        ));
    }
}
