//! 1.1.1, bug fixes: DOVECOT_LOOKUP_PATH tells Modoboa where Dovecot is installed.

use super::marks::*;
use super::{Op, Release, Step};
use crate::ops::special::v1_1_1::*;

pub static RELEASE: Release = Release {
    version: "1.1.1",
    title: "bug fixes",
    steps: &[Step {
        id: "1.1.1/dovecot-lookup-path",
        summary: "add DOVECOT_LOOKUP_PATH (the places Modoboa looks for Dovecot)",
        ops: &[Op::Custom(dovecot_lookup_path)],
    }],
    manual: &[],
    marks: &[commented_name("DOVECOT_LOOKUP_PATH").optional()],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
