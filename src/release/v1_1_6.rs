//! 1.1.6: catch-all aliases fixed with a Postfix map; no change to settings.py.

use super::{task, Release};

pub static RELEASE: Release = Release::new("1.1.6", "catch-all aliases fixed (a Postfix map)")
    .manual(&[task("Postfix: list the re-introduced map file sql-mailboxes-self-aliases.cf (generate the maps with `python manage.py postfix_maps`) in virtual_alias_maps, or catch-all aliases eat all the traffic of their domain")]);
