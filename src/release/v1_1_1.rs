//! 1.1.1, bug fixes: DOVECOT_LOOKUP_PATH tells Modoboa where Dovecot is installed.

use super::marks::*;
use super::{Op, Release, Step};
use crate::ops::special::v1_1_1::*;

pub static RELEASE: Release = Release::new("1.1.1", "bug fixes")
    .steps(&[Step::new(
        "1.1.1/dovecot-lookup-path",
        "add DOVECOT_LOOKUP_PATH (the places Modoboa looks for Dovecot)",
        &[Op::Custom(dovecot_lookup_path)],
    )])
    .marks(&[commented_name("DOVECOT_LOOKUP_PATH").optional()]);
