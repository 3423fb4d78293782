//! 1.9.0, inactive accounts: no settings change.

use super::{quiet, task, Release};

pub static RELEASE: Release = quiet(
    "1.9.0",
    "inactive accounts",
    &[task("optional: to manage inactive accounts, follow the `inactive_accounts` section of Modoboa's documentation")],
    false,
);
