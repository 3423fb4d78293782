//! 1.13.1: no change to settings.py; the Postfix maps are generated again.

use super::{quiet, task, Release};

pub static RELEASE: Release = quiet(
    "1.13.1",
    "no settings change",
    &[task("upgrade the Postfix map files: `python manage.py generate_postfix_maps --destdir <path> --force-overwrite`")],
    false,
);
