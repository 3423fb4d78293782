//! 0.7: the state before 0.8, when the project was called mailng. Nothing to apply.

use super::Release;

pub static RELEASE: Release = Release {
    version: "0.7",
    title: "mailng, before 0.8",
    steps: &[],
    manual: &[],
    fingerprint: None,
    migration_stop: false,
    own_procedure: false,
};
