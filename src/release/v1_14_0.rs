//! 1.14.0: no change to settings.py; an optional LDAP synchronization.

use super::{task, Release};

pub static RELEASE: Release = Release::new("1.14.0", "optional LDAP synchronization")
    .manual(&[task("optional: to synchronize with an LDAP directory, follow the LDAP synchronization procedure of the documentation")]);
