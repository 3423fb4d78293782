//! 0.8.2, ckeditor integration: every extension listed, media under MODOBOA_DIR, MODOBOA_WEBPATH.

use super::marks::*;
use super::names::*;
use super::{task, Cond, Op, Release, Step, Target};
use crate::ops::{At, Place};

/// A file without MODOBOA_DIR (a 0.7 sample that built its paths by hand, with no MAILNG_DIR
/// to rename) gets the sample's definition after the imports before a step writes a use of it.
pub(super) const DEFINE_MODOBOA_DIR: Op = Op::When {
    cond: Cond::Not(&Cond::Assigned("MODOBOA_DIR")),
    ops: &[
        Op::When {
            cond: Cond::Not(&Cond::Assigned("os")),
            ops: &[Op::ImportModule { module: "os" }],
        },
        Op::Add {
            name: "MODOBOA_DIR",
            value: "os.path.dirname(__file__)",
            place: Place {
                after: &[],
                before: &[],
                after_imports: true,
            },
        },
    ],
};

pub static RELEASE: Release = Release::new("0.8.2", "ckeditor integration")
    .steps(&[
        Step::new(
            "0.8.2/all-extensions",
            "list the postfix_autoreply, webmail, stats and amavis_quarantine extensions",
            &[
                Op::Ensure {
                    target: Target::Name(INSTALLED_APPS),
                    value: "modoboa.extensions.postfix_autoreply",
                    at: At::after(&["modoboa.userprefs", "modoboa.admin", "modoboa.lib"]),
                },
                Op::Ensure {
                    target: Target::Name(INSTALLED_APPS),
                    value: "modoboa.extensions.webmail",
                    at: At::after(&["modoboa.extensions.postfix_autoreply"]),
                },
                Op::Ensure {
                    target: Target::Name(INSTALLED_APPS),
                    value: "modoboa.extensions.stats",
                    at: At::after(&["modoboa.extensions.webmail"]),
                },
                Op::Ensure {
                    target: Target::Name(INSTALLED_APPS),
                    value: "modoboa.extensions.amavis_quarantine",
                    at: At::after(&["modoboa.extensions.stats"]),
                },
            ],
        ),
        Step::new(
            "0.8.2/media",
            "MEDIA_ROOT = os.path.join(MODOBOA_DIR, 'static'), MEDIA_URL = '/static/' (MODOBOA_DIR = os.path.dirname(__file__) after the imports where the file has none)",
            &[
                DEFINE_MODOBOA_DIR,
                Op::Set {
                    name: "MEDIA_ROOT",
                    value: "os.path.join(MODOBOA_DIR, 'static')",
                    place: Place::END,
                },
                Op::Set {
                    name: "MEDIA_URL",
                    value: "'/static/'",
                    place: Place::after(&["MEDIA_ROOT"]),
                },
                Op::MoveUp {
                    name: "MODOBOA_DIR",
                },
            ],
        ),
        Step::new(
            "0.8.2/webpath",
            "add MODOBOA_WEBPATH = 'modoboa/' after MODOBOA_DIR",
            &[Op::Add {
                name: "MODOBOA_WEBPATH",
                value: "'modoboa/'",
                place: Place::after(&["MODOBOA_DIR"]),
            }],
        ),
        Step::new(
            "0.8.2/drop-old-vars",
            "delete STATIC_ROOTDIR and TEMPLATE_CONTEXT_PROCESSORS",
            &[
                Op::Delete {
                    name: "STATIC_ROOTDIR",
                },
                Op::Delete {
                    name: "TEMPLATE_CONTEXT_PROCESSORS",
                },
            ],
        ),
        Step::new(
            "0.8.2/extcontrol",
            "add ExtControlMiddleware last in MIDDLEWARE_CLASSES",
            &[Op::Ensure {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: EXTCONTROL,
                at: At::LAST,
            }],
        ),
    ])
    .manual(&[
        task("python manage.py migrate admin"),
        task("remove the symbolic links in <modoboa_dir>/templates/"),
        task("download ckeditor into <modoboa_dir>/static/js/"),
    ])
    .marks(&[
        mw(EXTCONTROL).until("1.3.0"),
        name("MODOBOA_WEBPATH").until("0.9.1"),
    ]);
