//! 2.9.1, PDF credentials re-encrypted, optional doveadm HTTP API: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.9.1",
    "PDF credentials re-encrypted, optional doveadm HTTP API",
    &[
        name("MODOBOA_ENCRYPTION_KEY").optional(),
        name("DOVECOT_OPERATION_MODE").optional(),
    ],
);
