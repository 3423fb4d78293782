//! The operation of its own shape of release 1.8.0 (see `src/release/v1_8_0.rs`): Django's
//! password validators replace django-passwords' PASSWORD_MIN_LENGTH and PASSWORD_COMPLEXITY.

use crate::model::{SettingsFile, Unsafe};
use crate::ops::Ctx;
use crate::ops::{self, Outcome, Place};
use crate::syntax::ExprKind;
use crate::text::edit::Edit;

pub(crate) const MIN_LENGTH: &str = "PASSWORD_MIN_LENGTH";
pub(crate) const COMPLEXITY: &str = "PASSWORD_COMPLEXITY";
pub(crate) const VALIDATORS: &str = "AUTH_PASSWORD_VALIDATORS";

/// django-passwords' keys and the ComplexityValidator options they become.
const KEYS: &[(&str, &str)] = &[
    ("UPPER", "upper"),
    ("LOWER", "lower"),
    ("DIGITS", "digits"),
    ("SPECIAL", "specials"),
];

/// The guide's values: 8 characters (Django's own minimum), one upper, lower and digit.
const DEFAULT_MIN: i64 = 8;
const DEFAULT_COMPLEXITY: [i64; 4] = [1, 1, 1, 0];

/// The user's values, or the reason they cannot be carried.
fn read(f: &SettingsFile) -> Result<(Option<i64>, [i64; 4]), Unsafe> {
    let min = match f.setting(MIN_LENGTH)? {
        None => None,
        Some(s) => match s.value.kind() {
            ExprKind::Int(v) if s.augments.is_empty() => Some(v.parse().map_err(|_| Unsafe {
                reason: format!("{MIN_LENGTH} is not a number the tool reads"),
                offset: s.value.range().start,
            })?),
            _ => {
                return Err(Unsafe {
                    reason: format!(
                        "{MIN_LENGTH} is not a plain number (`{}`): carry it into \
                         MinimumLengthValidator's OPTIONS by hand",
                        f.slice(&s.value.range())
                    ),
                    offset: s.value.range().start,
                })
            }
        },
    };
    let mut complexity = DEFAULT_COMPLEXITY;
    if let Some(s) = f.setting(COMPLEXITY)? {
        let unread = |at: usize, what: String| Unsafe {
            reason: format!(
                "{COMPLEXITY} holds {what}, which ComplexityValidator (upper, lower, digits, \
                 specials) has no option for: write AUTH_PASSWORD_VALIDATORS by hand"
            ),
            offset: at,
        };
        let d = f
            .dict_of(s.value)
            .filter(|_| s.augments.is_empty())
            .ok_or_else(|| unread(s.value.range().start, "a value that is not a dict".into()))?;
        complexity = [0; 4];
        for (k, v) in &d.entries {
            let key = crate::model::str_value(k.expr);
            let slot = key
                .as_deref()
                .and_then(|k| KEYS.iter().position(|(from, _)| *from == k));
            let n = match v.kind() {
                ExprKind::Int(n) => n.parse::<i64>().ok(),
                _ => None,
            };
            match (slot, n) {
                (Some(i), Some(n)) => complexity[i] = n,
                _ => {
                    return Err(unread(
                        k.range().start,
                        format!("`{}`", f.slice(&(k.range().start..v.range().end))),
                    ))
                }
            }
        }
    }
    Ok((min, complexity))
}

/// The guide's AUTH_PASSWORD_VALIDATORS with the user's values (a minimum length other than
/// Django's 8 goes into MinimumLengthValidator's OPTIONS).
fn validators(min: Option<i64>, c: [i64; 4]) -> String {
    let name = |n: &str| format!("    {{\n        'NAME': '{n}',\n    }},\n");
    let mut out = String::from("# Password validation rules\nAUTH_PASSWORD_VALIDATORS = [\n");
    out.push_str(&name(
        "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
    ));
    match min {
        Some(n) if n != DEFAULT_MIN => out.push_str(&format!(
            "    {{\n        'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator',\n        'OPTIONS': {{\n            'min_length': {n},\n        }},\n    }},\n"
        )),
        _ => out.push_str(&name(
            "django.contrib.auth.password_validation.MinimumLengthValidator",
        )),
    }
    out.push_str(&name(
        "django.contrib.auth.password_validation.CommonPasswordValidator",
    ));
    out.push_str(&name(
        "django.contrib.auth.password_validation.NumericPasswordValidator",
    ));
    out.push_str(&format!(
        "    {{\n        'NAME': 'modoboa.core.password_validation.ComplexityValidator',\n        'OPTIONS': {{\n            'upper': {},\n            'lower': {},\n            'digits': {},\n            'specials': {}\n        }}\n    }},\n]",
        c[0], c[1], c[2], c[3]
    ));
    out
}

/// Delete PASSWORD_MIN_LENGTH and PASSWORD_COMPLEXITY (with their `# django-passwords`
/// comment) and write AUTH_PASSWORD_VALIDATORS where they stood, their values carried; a file
/// with its own AUTH_PASSWORD_VALIDATORS keeps it, and the old settings go only when they hold
/// the guide's values.
pub(crate) fn password_validators(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let (min, complexity) = match read(f) {
        Ok(v) => v,
        Err(u) => return Outcome::Skip(u),
    };
    let old = [MIN_LENGTH, COMPLEXITY];
    let mut edits = match ops::statements::delete_group(f, &old) {
        Outcome::Edits(e) => e,
        other => return other,
    };
    let q = crate::model::style::file_quote(f);
    let nl = f.newline();
    if f.first_binding(VALIDATORS).is_some() {
        let own = min.is_some_and(|n| n != DEFAULT_MIN) || complexity != DEFAULT_COMPLEXITY;
        if own && !edits.is_empty() {
            let at = f.first_binding(MIN_LENGTH).or(f.first_binding(COMPLEXITY));
            return Outcome::Skip(Unsafe {
                reason: format!(
                    "{VALIDATORS} exists and {MIN_LENGTH}/{COMPLEXITY} hold values of your own: \
                     carry them into it by hand, then delete them"
                ),
                offset: at.map_or(0, |s| s.range.start),
            });
        }
        return Outcome::Edits(edits);
    }
    let block = ops::requote(&validators(min, complexity), q);
    if edits.is_empty() {
        return ops::statements::add_statement(
            f,
            &block,
            &Place::after(&["MODOBOA_API_URL", "AUTHENTICATION_BACKENDS"]),
        );
    }
    // Where the old settings stood: before the first deleted stretch.
    edits.sort_by_key(|e| e.range.start);
    let at = edits[0].range.start;
    let text = f.text();
    let blank_after = text[..edits[0].range.end].ends_with(&format!("{nl}{nl}"))
        || edits[0].range.end >= text.len();
    let tail = if blank_after && edits[0].range.end < text.len() {
        format!("{nl}{nl}")
    } else {
        nl.to_string()
    };
    edits.push(Edit::insert(
        at,
        format!("{}{tail}", block.replace('\n', nl)),
    ));
    Outcome::Edits(edits)
}
