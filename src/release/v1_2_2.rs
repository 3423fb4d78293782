//! 1.2.2: no change to settings.py; the last release on South, so a stop: 1.3.0 replaces
//! South's migrations by Django's, which start from the schema of the last South migration.

use super::{Release};

pub static RELEASE: Release = Release::new("1.2.2", "last release on South")
    .migration_stop();
