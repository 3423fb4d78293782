//! The additions of `upgrade --with-drift`: what a fresh install of a release has that an
//! upgraded file may lack, where the value is known and adding it is safe. Each is a step with
//! an id (`drift/...`, for `--only`/`--skip`) and the release whose template brought it; it
//! runs on files upgraded to that release or later. Nothing here removes a user's setting.
//! `modoboa-settings drift` reports the same items (and more) without changing anything.

use super::{Cond, Op, Step, Target};
use crate::ops::special::v2_11_0::{syslog_address, syslog_auth_address};
use crate::ops::{At, Place};

/// One addition: its step, the release whose template has it, and the drift findings it
/// settles (kind and name, as [`crate::drift`] reports them).
#[derive(Debug)]
pub struct DriftStep {
    pub since: &'static str,
    pub step: Step,
    pub adds: &'static [(&'static str, &'static str)],
}

const SECURITY_PLACE: Place = Place::after(&["X_FRAME_OPTIONS", "ALLOWED_HOSTS"]);

/// Every addition, oldest release first.
pub static STEPS: &[DriftStep] = &[
    DriftStep {
        since: "1.4.3",
        step: Step::new(
            "drift/x-frame-options",
            "X_FRAME_OPTIONS = 'SAMEORIGIN' (the template's since 1.4.3: pages are not framed by other sites)",
            &[Op::Add { name: "X_FRAME_OPTIONS", value: "'SAMEORIGIN'", place: Place::after(&["ALLOWED_HOSTS"]) }],
        ),
        adds: &[("setting", "X_FRAME_OPTIONS")],
    },
    DriftStep {
        since: "1.13.0",
        step: Step::new(
            "drift/secure-cookies",
            "CSRF_COOKIE_SECURE = True and SESSION_COOKIE_SECURE = True (the template's since 1.13.0: the cookies go over HTTPS only; a site served over plain HTTP must not take this)",
            &[
                Op::Add { name: "CSRF_COOKIE_SECURE", value: "True", place: SECURITY_PLACE },
                Op::Add { name: "SESSION_COOKIE_SECURE", value: "True", place: Place::after(&["CSRF_COOKIE_SECURE"]) },
            ],
        ),
        adds: &[("setting", "CSRF_COOKIE_SECURE"), ("setting", "SESSION_COOKIE_SECURE")],
    },
    DriftStep {
        since: "2.0.4",
        step: Step::new(
            "drift/syslog-auth-address",
            "LOGGING: 'address': '/dev/log' in Modoboa's syslog-auth SysLogHandler where it has none (the template's since 2.0.4: otherwise the logs go as UDP to localhost:514 and are lost)",
            &[Op::Custom(syslog_auth_address)],
        ),
        adds: &[("handler address", "syslog-auth")],
    },
    DriftStep {
        since: "2.6.3",
        step: Step::new(
            "drift/django-filters",
            "INSTALLED_APPS: django_filters after rest_framework.authtoken; SPECTACULAR_SETTINGS: DEFAULT_FILTER_INSPECTORS (the template's since 2.6.3: the API's filters)",
            &[
                Op::Ensure { target: Target::Name("INSTALLED_APPS"), value: "django_filters", at: At::after(&["rest_framework.authtoken", "rest_framework"]) },
                Op::When {
                    cond: Cond::Assigned("SPECTACULAR_SETTINGS"),
                    ops: &[Op::MergeDict {
                        path: "SPECTACULAR_SETTINGS",
                        template: "{'DEFAULT_FILTER_INSPECTORS': [\n    'drf_spectacular.contrib.django_filters.DjangoFilterBackendInspector',\n]}",
                    }],
                },
            ],
        ),
        adds: &[("app", "django_filters"), ("SPECTACULAR_SETTINGS key", "DEFAULT_FILTER_INSPECTORS")],
    },
    DriftStep {
        since: "2.7.0",
        step: Step::new(
            "drift/rq-queues",
            "RQ_QUEUES: the dovecot and privileged queues (the template's since 2.7.0)",
            super::v2_7_0::RQ_QUEUES,
        ),
        adds: &[("RQ queue", "dovecot"), ("RQ queue", "privileged")],
    },
    DriftStep {
        since: "2.10.1",
        step: Step::new(
            "drift/webmail-attachments",
            "WEBMAIL_ATTACHMENTS_ROOT with the template's warning, where the webmail is enabled (the template's since 2.10.1)",
            super::v2_10_1::WEBMAIL_ATTACHMENTS,
        ),
        adds: &[("setting", "WEBMAIL_ATTACHMENTS_ROOT")],
    },
    DriftStep {
        since: "2.11.0",
        step: Step::new(
            "drift/syslog-address",
            "LOGGING: 'address': '/dev/log' in Modoboa's syslog and syslog-mail SysLogHandlers where they have none (the template's since 2.11.0: otherwise the logs go as UDP to localhost:514 and are lost)",
            &[Op::Custom(syslog_address)],
        ),
        adds: &[("handler address", "syslog"), ("handler address", "syslog-mail")],
    },
];
