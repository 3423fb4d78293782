//! 0.9.4, admin panel performance: ModelBackend leaves AUTHENTICATION_BACKENDS.

use super::names::*;
use super::{Op, Release, Step};

pub static RELEASE: Release = Release {
    version: "0.9.4",
    title: "admin panel performance",
    steps: &[Step {
        id: "0.9.4/drop-model-backend",
        summary: "remove ModelBackend from AUTHENTICATION_BACKENDS",
        op: Op::Remove {
            seq: "AUTHENTICATION_BACKENDS",
            value: MODEL_BACKEND,
        },
    }],
    manual: &[],
    fingerprint: Some(|f| {
        let s = f.seq("AUTHENTICATION_BACKENDS").ok()??;
        (s.find(SIMPLE_BACKEND).is_some() && s.find(MODEL_BACKEND).is_none()).then(|| {
            format!(
                "AUTHENTICATION_BACKENDS no longer lists ModelBackend (line {})",
                f.line(s.setting.stmt.range.start)
            )
        })
    }),
    migration_stop: false,
    own_procedure: false,
};
