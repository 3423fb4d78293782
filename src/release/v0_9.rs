//! 0.9, UI refactoring and limits (Django 1.3): new middleware, staticfiles, media, limits.

use super::marks::*;
use super::names::*;
use super::{task, Op, Release, Step, Target};
use crate::ops::special::v0_9::*;
use crate::ops::{At, Near, Place};

pub static RELEASE: Release = Release::new("0.9", "UI refactoring and limits (Django 1.3)")
    .steps(&[
        Step::new(
            "0.9/middleware",
            "drop WebmailErrorMiddleware, add CommonExceptionCatcher after AjaxLoginRedirect",
            &[
                Op::Remove { target: Target::Name(MIDDLEWARE_CLASSES), value: WEBMAIL_ERROR },
                Op::Ensure { target: Target::Name(MIDDLEWARE_CLASSES), value: EXCEPTION_CATCHER, at: At::between(&[AJAX_LOGIN], &[EXTCONTROL]) },
            ],
        ),
        Step::new(
            "0.9/backends",
            "AUTHENTICATION_BACKENDS: SimpleBackend first",
            &[Op::Custom(backends)],
        ),
        Step::new(
            "0.9/staticfiles-app",
            "add django.contrib.staticfiles after django.contrib.messages",
            &[Op::Ensure { target: Target::Name(INSTALLED_APPS), value: "django.contrib.staticfiles", at: At::after(&["django.contrib.messages"]) }],
        ),
        Step::new(
            "0.9/media",
            "MEDIA_ROOT = os.path.join(MODOBOA_DIR, 'media'), MEDIA_URL = '/media/' (MODOBOA_DIR = os.path.dirname(__file__) after the imports where the file has none)",
            &[
                super::v0_8_2::DEFINE_MODOBOA_DIR,
                Op::Set { name: "MEDIA_ROOT", value: "os.path.join(MODOBOA_DIR, 'media')", place: Place::END },
                Op::Set { name: "MEDIA_URL", value: "'/media/'", place: Place::after(&["MEDIA_ROOT"]) },
                Op::MoveUp { name: "MODOBOA_DIR" },
            ],
        ),
        Step::new(
            "0.9/static",
            "add STATIC_ROOT and STATIC_URL after MEDIA_URL",
            &[
                super::v0_8_2::DEFINE_MODOBOA_DIR,
                Op::Add {
                    name: "STATIC_ROOT",
                    value: "os.path.join(MODOBOA_DIR, 'sitestatic')",
                    place: Place::after(&["MEDIA_URL", "MEDIA_ROOT"]),
                },
                Op::Add { name: "STATIC_URL", value: "'/sitestatic/'", place: Place::after(&["STATIC_ROOT"]) },
                Op::MoveUp { name: "MODOBOA_DIR" },
            ],
        ),
        Step::new(
            "0.9/mysql-options",
            "MySQL only: OPTIONS init_command in DATABASES['default']",
            &[Op::Custom(mysql_options)],
        ),
        Step::new(
            "0.9/limits",
            "add the limits extension, first of the extensions",
            &[Op::Ensure {
                target: Target::Apps,
                value: "modoboa.extensions.limits",
                at: At::after(&["modoboa.userprefs"]).near_extensions(Near::BeforeFirst),
            }],
        ),
    ])
    .manual(&[
        task("upgrade Django to 1.3 or later first"),
        task("python manage.py syncdb --migrate"),
        task("python manage.py collectstatic"),
        task("if the stats extension is used: move <modoboa_dir>/static/stats to <modoboa_dir>/media/stats and change IMG_ROOTDIR in the admin panel"),
        task("restart the Python processes"),
        task("in the admin panel, uncheck then recheck the extensions"),
        task("serve the static files (STATIC_ROOT, /sitestatic/) from the web server"),
        task("Dovecot users: password_query = SELECT email AS user, password FROM auth_user WHERE email='%u'"),
        task("warning: a first super administrator named admin gets the password 'password' after this upgrade: change it"),
    ])
    .marks(&[
        mw(EXCEPTION_CATCHER),
        app("modoboa.extensions.limits").until("1.3.0").optional(),
    ]);
