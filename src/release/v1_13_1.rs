//! 1.13.1: no change to settings.py; the Postfix maps are generated again.

use super::{task, Release};

pub static RELEASE: Release = Release::new("1.13.1", "no settings change")
    .manual(&[task("upgrade the Postfix map files: `python manage.py generate_postfix_maps --destdir <path> --force-overwrite`")]);
