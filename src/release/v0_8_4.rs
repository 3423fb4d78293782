//! 0.8.4, webmail folders: WebmailErrorMiddleware, the DATABASES dict, class-based template loaders.

use super::marks::*;
use super::names::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::At;

const LOADERS: &str = "TEMPLATE_LOADERS";
use crate::ops::special::v0_8_4::*;

pub static RELEASE: Release = Release::new("0.8.4", "webmail folders")
    .steps(&[
        Step::new(
            "0.8.4/webmail-error-middleware",
            "add WebmailErrorMiddleware after ExtControlMiddleware",
            &[Op::Ensure {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: WEBMAIL_ERROR,
                at: At::after(&[EXTCONTROL]),
            }],
        ),
        Step::new(
            "0.8.4/databases-dict",
            "fold the DATABASE_* variables into DATABASES",
            &[Op::Custom(databases_dict)],
        ),
        Step::new(
            "0.8.4/template-loaders",
            "template loaders: load_template_source becomes Loader",
            &[
                Op::Rename {
                    target: Target::Name(LOADERS),
                    from: "django.template.loaders.filesystem.load_template_source",
                    to: "django.template.loaders.filesystem.Loader",
                },
                Op::Rename {
                    target: Target::Name(LOADERS),
                    from: "django.template.loaders.app_directories.load_template_source",
                    to: "django.template.loaders.app_directories.Loader",
                },
                Op::Rename {
                    target: Target::Name(LOADERS),
                    from: "django.template.loaders.eggs.load_template_source",
                    to: "django.template.loaders.eggs.Loader",
                },
            ],
        ),
    ])
    .manual(&[task(
        "in the Settings/Extensions panel, deactivate then reactivate every extension",
    )])
    .marks(&[
        mw(WEBMAIL_ERROR).until("0.9").optional(),
        value(&[LOADERS], "django.template.loaders.filesystem.Loader")
            .generic()
            .optional(),
        name("DATABASES").generic().optional(),
    ]);
