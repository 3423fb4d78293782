//! 0.9.4, admin panel performance: ModelBackend leaves AUTHENTICATION_BACKENDS.

use super::marks::*;
use super::names::*;
use super::{Op, Release, Step, Target};

pub static RELEASE: Release = Release {
    version: "0.9.4",
    title: "admin panel performance",
    steps: &[Step {
        id: "0.9.4/drop-model-backend",
        summary: "remove ModelBackend from AUTHENTICATION_BACKENDS",
        ops: &[Op::Remove {
            target: Target::Name("AUTHENTICATION_BACKENDS"),
            value: MODEL_BACKEND,
        }],
    }],
    manual: &[],
    marks: &[without("AUTHENTICATION_BACKENDS", SIMPLE_BACKEND, MODEL_BACKEND).dropped("1.7.0")],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
