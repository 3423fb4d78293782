//! 1.1.7: SpamAssassin can be trained by hand; no change to settings.py.

use super::{task_if, Cond, Release};

pub static RELEASE: Release = Release::new("1.1.7", "manual SpamAssassin training")
    .manual(&[task_if(
        Cond::AppEnabled("modoboa.extensions.amavis"),
        "optional: administrators and users can now train SpamAssassin by hand; see the documentation of the amavis extension to set it up",
    )]);
