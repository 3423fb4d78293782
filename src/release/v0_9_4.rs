//! 0.9.4, admin panel performance: ModelBackend leaves AUTHENTICATION_BACKENDS.

use super::marks::*;
use super::names::*;
use super::{Op, Release, Step, Target};

pub static RELEASE: Release = Release::new("0.9.4", "admin panel performance")
    .steps(&[Step::new(
        "0.9.4/drop-model-backend",
        "remove ModelBackend from AUTHENTICATION_BACKENDS",
        &[Op::Remove {
            target: Target::Name("AUTHENTICATION_BACKENDS"),
            value: MODEL_BACKEND,
        }],
    )])
    .marks(&[without("AUTHENTICATION_BACKENDS", SIMPLE_BACKEND, MODEL_BACKEND).dropped("1.7.0")]);
