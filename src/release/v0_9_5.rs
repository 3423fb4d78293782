//! 0.9.5: no settings change, but every older installation must stop here and migrate.

use super::{task, Release};

pub static RELEASE: Release = Release::new("0.9.5", "last stop before 1.x")
    .manual(&[
        task("installations older than 0.9.5 migrate in two steps: install 0.9.5 first, then run `python manage.py syncdb --migrate` before going further"),
    ])
    .migration_stop();
