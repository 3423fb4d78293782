//! 2.0.3: DEFAULT_AUTO_FIELD back to AutoField.

use super::marks::*;
use super::{Op, Release, Step};
use crate::ops::Place;

pub static RELEASE: Release = Release {
    version: "2.0.3",
    title: "DEFAULT_AUTO_FIELD back to AutoField",
    steps: &[Step {
        id: "2.0.3/default-auto-field",
        summary: "set DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'",
        ops: &[Op::Set {
            name: "DEFAULT_AUTO_FIELD",
            value: "'django.db.models.AutoField'",
            place: Place::after(&["USE_TZ", "TIME_ZONE"]),
        }],
    }],
    manual: &[],
    marks: &[value(&["DEFAULT_AUTO_FIELD"], "django.db.models.AutoField")
        .generic()
        .optional()],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
