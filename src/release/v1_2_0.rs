//! 1.2.0, Django 1.6, BASE_DIR, the Modoboa API: the top_notifications context processor on
//! top of Django's defaults, and MODOBOA_API_URL. The bower_components directory of
//! STATICFILES_DIRS depends on where Modoboa is installed: a manual step.

use super::marks::*;
use super::names::PROCESSORS;
use super::{task, Cond, Op, Release, Step, Target};
use crate::ops::{At, Place};

const TOP_NOTIFICATIONS: &str = "modoboa.core.context_processors.top_notifications";

pub static RELEASE: Release = Release::new("1.2.0", "Django 1.6, BASE_DIR, the Modoboa API")
    .steps(&[
        Step::new(
            "1.2.0/top-notifications",
            "TEMPLATE_CONTEXT_PROCESSORS: Django's defaults plus top_notifications (a user's own processors kept)",
            &[
                // A file that already has Django 1.8's TEMPLATES: the processor goes there.
                Op::When {
                    cond: Cond::Assigned("TEMPLATES"),
                    ops: &[Op::Ensure {
                        target: Target::Path("TEMPLATES[0]['OPTIONS']['context_processors']"),
                        value: TOP_NOTIFICATIONS,
                        at: At::LAST,
                    }],
                },
                Op::When {
                    cond: Cond::Not(&Cond::Assigned("TEMPLATES")),
                    ops: &[Op::ExtendDefault {
                        name: "TEMPLATE_CONTEXT_PROCESSORS",
                        base: "global_settings.TEMPLATE_CONTEXT_PROCESSORS",
                        import: ("django.conf", "global_settings"),
                        value: TOP_NOTIFICATIONS,
                        place: Place {
                            after: &["AUTHENTICATION_BACKENDS", "MIDDLEWARE_CLASSES"],
                            before: &[],
                            after_imports: false,
                        },
                    }],
                },
            ],
        ),
        Step::new(
            "1.2.0/api-url",
            "add MODOBOA_API_URL = 'http://api.modoboa.org/1/' (the new versions notification service)",
            &[Op::AddBlock {
                block: "MODOBOA_API_URL = 'http://api.modoboa.org/1/'",
                place: Place {
                    after: &["DOVECOT_LOOKUP_PATH"],
                    before: &["LOGGING"],
                    after_imports: false,
                },
            }],
        ),
    ])
    .manual(&[
        task("STATICFILES_DIRS: add \"<path/to/modoboa/install/dir>/bower_components\", the bower_components directory of the installed modoboa package (`python -c \"import modoboa, os; print(os.path.dirname(modoboa.__file__))\"` prints that directory); only you know where Modoboa is installed"),
        task("python manage.py set_default_site <hostname> (in the instance directory: the host name of your instance)"),
        task("the sitestatic directory moved from <path to your site's dir> to <modoboa's root url> (probably the parent directory): adapt the web server configuration"),
        task("optional, to use the Radicale extension: add 'modoboa.extensions.radicale' to MODOBOA_APPS, then run `python manage.py syncdb`"),
        task("optional (a change of the 1.2.0 template that no upgrade note asks for): enable 'django.middleware.clickjacking.XFrameOptionsMiddleware' in MIDDLEWARE_CLASSES"),
    ])
    .marks(&[
        name("MODOBOA_API_URL"),
        value(
            PROCESSORS,
            "modoboa.core.context_processors.top_notifications",
        )
        .until("2.4.0"),
        import("django.conf", "global_settings")
            .generic()
            .optional()
            .dropped("1.4.0"),
        app("modoboa.extensions.radicale").until("1.3.0").optional(),
    ]);
