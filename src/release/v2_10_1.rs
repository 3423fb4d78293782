//! 2.10.1: the webmail keeps its attachments (messages being written, scheduled messages) in
//! a directory of its own, WEBMAIL_ATTACHMENTS_ROOT; the code falls back to
//! `BASE_DIR/webmail_attachments`, so `settings.BASE_DIR` must exist either way.

use super::marks::*;
use super::{task_if, Cond, Op, Release, Step};
use crate::ops::Place;

const WEBMAIL: Cond = Cond::AppEnabled("modoboa.webmail");

/// WEBMAIL_ATTACHMENTS_ROOT with its warning, where the webmail is enabled.
pub(super) const WEBMAIL_ATTACHMENTS: &[Op] = &[Op::When {
    cond: WEBMAIL,
    ops: &[
        super::v2_3_0::DEFINE_BASE_DIR,
        Op::AddBlock {
            block: "# Webmail attachments (messages being written, scheduled messages): this\n# directory must NOT be served by the web server.\nWEBMAIL_ATTACHMENTS_ROOT = os.path.join(BASE_DIR, 'webmail_attachments')",
            place: Place::after(&["MEDIA_ROOT"]),
        },
    ],
}];

pub static RELEASE: Release = Release::new("2.10.1", "webmail attachments outside the served files")
    .steps(&[Step::new(
        "2.10.1/webmail-attachments",
        "where modoboa.webmail is enabled: WEBMAIL_ATTACHMENTS_ROOT = os.path.join(BASE_DIR, 'webmail_attachments') after MEDIA_ROOT, with the template's warning that the directory must not be served (BASE_DIR defined where the file has none)",
        WEBMAIL_ATTACHMENTS,
    )])
    .manual(&[task_if(
        WEBMAIL,
        "create WEBMAIL_ATTACHMENTS_ROOT (<instance>/webmail_attachments), writable by the user Modoboa runs as, and make sure the web server does not serve it (it is not under MEDIA_ROOT or STATIC_ROOT)",
    )])
    .marks(&[name("WEBMAIL_ATTACHMENTS_ROOT").optional()]);
