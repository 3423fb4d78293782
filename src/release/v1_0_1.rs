//! 1.0.1: no settings change; mailbox operations moved to the filesystem.

use super::{task, Release};

pub static RELEASE: Release = Release::new("1.0.1", "operations on mailboxes")
    .manual(&[
        task("read the filesystem operations documentation (fs_operations)"),
        task("check smtpd_recipient_restrictions in the Postfix configuration"),
        task("run `python manage.py postfix_maps --dbtype <mysql|postgres|sqlite> <tempdir>` and compare with the maps Postfix uses"),
    ]);
