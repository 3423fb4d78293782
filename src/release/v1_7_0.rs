//! 1.7.0, Django 1.10, the parameters application, TEMPLATES: MODOBOA_APPS gains
//! modoboa.parameters, MIDDLEWARE_CLASSES LocalConfigMiddleware, SimpleBackend gives way to
//! Django's ModelBackend, and the legacy TEMPLATE_* settings become one TEMPLATES setting.
//! A migration stop: extensions are deactivated, the core migrated on Django 1.10, then the
//! extension releases listed for 1.7.0 installed and reactivated.

use super::marks::*;
use super::names::*;
use super::{task, task_if, Cond, Op, Release, Step, Target};
use crate::ops::At;

const XFRAME: &str = "django.middleware.clickjacking.XFrameOptionsMiddleware";

/// The context processors of the guide's TEMPLATES: Django's defaults that
/// `global_settings.TEMPLATE_CONTEXT_PROCESSORS` gave, written out, then Modoboa's.
pub(crate) const CONTEXT_PROCESSORS: &[&str] = &[
    "django.template.context_processors.debug",
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.template.context_processors.i18n",
    "django.template.context_processors.media",
    "django.template.context_processors.static",
    "django.template.context_processors.tz",
    "django.contrib.messages.context_processors.messages",
    "modoboa.core.context_processors.top_notifications",
];

pub static RELEASE: Release = Release::new("1.7.0", "Django 1.10, parameters application, TEMPLATES")
    .steps(&[
        Step::new(
            "1.7.0/parameters-app",
            "add 'modoboa.parameters' to MODOBOA_APPS after 'modoboa.limits'",
            &[Op::Ensure {
                target: Target::Apps,
                value: "modoboa.parameters",
                at: At::after(&["modoboa.limits", "modoboa.relaydomains", "modoboa.admin", "modoboa.lib"]),
            }],
        ),
        Step::new(
            "1.7.0/local-config-middleware",
            "add LocalConfigMiddleware after XFrameOptionsMiddleware",
            &[Op::Ensure {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: LOCAL_CONFIG,
                at: At::between(&[XFRAME], &[AJAX_LOGIN, EXCEPTION_CATCHER, REQUEST_CATCHER]),
            }],
        ),
        Step::new(
            "1.7.0/model-backend",
            "AUTHENTICATION_BACKENDS: SimpleBackend removed, Django's ModelBackend last (other backends kept)",
            &[
                Op::Remove { target: Target::Name("AUTHENTICATION_BACKENDS"), value: SIMPLE_BACKEND },
                Op::Ensure { target: Target::Name("AUTHENTICATION_BACKENDS"), value: MODEL_BACKEND, at: At::LAST },
            ],
        ),
        Step::new(
            "1.7.0/templates",
            "replace TEMPLATE_CONTEXT_PROCESSORS (and TEMPLATE_DIRS, TEMPLATE_LOADERS, TEMPLATE_DEBUG) by one TEMPLATES setting, your own processors and directories carried over",
            &[Op::Templates {
                processors: CONTEXT_PROCESSORS,
                renamed: &[
                    ("django.core.context_processors.auth", "django.contrib.auth.context_processors.auth"),
                    ("django.core.context_processors.", "django.template.context_processors."),
                ],
            }],
        ),
    ])
    .manual(&[
        task("before the upgrade: 1.7.0 needs Django >= 1.10 and changes Modoboa's internal API; deactivate every extension (comment its line in MODOBOA_APPS) until it is upgraded"),
        task("replace the content of the instance's urls.py by:\n    from django.conf.urls import include, url\n\n    urlpatterns = [\n        url(r'', include('modoboa.urls')),\n    ]"),
        task("python manage.py collectstatic"),
        task_if(Cond::AppEnabled("modoboa_amavis"), "pip install modoboa-amavis==1.1.0"),
        task_if(Cond::AppEnabled("modoboa_dmarc"), "pip install modoboa-dmarc==1.0.0"),
        task_if(Cond::AppEnabled("modoboa_imap_migration"), "pip install modoboa-imap-migration==1.1.0"),
        task_if(Cond::AppEnabled("modoboa_pdfcredentials"), "pip install modoboa-pdfcredentials==1.1.0"),
        task_if(Cond::AppEnabled("modoboa_postfix_autoreply"), "pip install modoboa-postfix-autoreply==1.2.0"),
        task_if(Cond::AppEnabled("modoboa_radicale"), "pip install modoboa-radicale==1.1.0"),
        task_if(Cond::AppEnabled("modoboa_sievefilters"), "pip install modoboa-sievefilters==1.1.0"),
        task_if(Cond::AppEnabled("modoboa_stats"), "pip install modoboa-stats==1.1.0"),
        task_if(Cond::AppEnabled("modoboa_webmail"), "pip install modoboa-webmail==1.1.0"),
        task("reactivate the upgraded extensions (uncomment their lines in MODOBOA_APPS) before the migrations of the stop below"),
        task("pip install -U django-versionfield2"),
        task("quotas: resellers now have a quota of their own, and a domain has a shared quota and a default mailbox quota; review them in the admin panel"),
    ])
    .marks(&[app("modoboa.parameters"), mw(LOCAL_CONFIG)])
    .migration_stop();
