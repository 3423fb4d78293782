//! 2.0.3: DEFAULT_AUTO_FIELD back to AutoField.

use super::marks::*;
use super::{Op, Release, Step};
use crate::ops::Place;

pub static RELEASE: Release = Release::new("2.0.3", "DEFAULT_AUTO_FIELD back to AutoField")
    .steps(&[Step::new(
        "2.0.3/default-auto-field",
        "set DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'",
        &[Op::Set {
            name: "DEFAULT_AUTO_FIELD",
            value: "'django.db.models.AutoField'",
            place: Place::after(&["USE_TZ", "TIME_ZONE"]),
        }],
    )])
    .marks(&[value(&["DEFAULT_AUTO_FIELD"], "django.db.models.AutoField")
        .generic()
        .optional()]);
