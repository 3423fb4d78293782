//! 1.8.0, Django's password validators: django-passwords' PASSWORD_MIN_LENGTH and
//! PASSWORD_COMPLEXITY give way to AUTH_PASSWORD_VALIDATORS.

use super::marks::*;
use super::{task, Op, Release, Step};
use crate::ops::special::v1_8_0::*;

pub static RELEASE: Release = Release::new("1.8.0", "Django's password validators")
    .steps(&[Step::new(
        "1.8.0/password-validators",
        "replace PASSWORD_MIN_LENGTH and PASSWORD_COMPLEXITY (django-passwords) by AUTH_PASSWORD_VALIDATORS, your values carried into its OPTIONS",
        &[Op::Custom(password_validators)],
    )])
    .manual(&[task("pip uninstall django-passwords")])
    .marks(&[
        value(
            &["AUTH_PASSWORD_VALIDATORS"],
            "modoboa.core.password_validation.ComplexityValidator",
        ),
        name("AUTH_PASSWORD_VALIDATORS").generic(),
    ]);
