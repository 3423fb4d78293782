//! 1.9.0, inactive accounts: no settings change.

use super::{task, Release};

pub static RELEASE: Release = Release::new("1.9.0", "inactive accounts")
    .manual(&[task("optional: to manage inactive accounts, follow the `inactive_accounts` section of Modoboa's documentation")]);
