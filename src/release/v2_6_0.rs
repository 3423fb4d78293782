//! 2.6.0, autoconfig and autodiscover: the built-in auto-configuration service.

use super::marks::*;
use super::{Cond, Op, Opt, Release, Step, Target};
use crate::ops::{At, Place};

pub static RELEASE: Release = Release {
    version: "2.6.0",
    title: "autoconfig and autodiscover",
    steps: &[
        Step {
            id: "2.6.0/autoconfig-app",
            summary: "MODOBOA_APPS: add modoboa.autoconfig after modoboa.admin",
            ops: &[Op::Ensure { target: Target::Apps, value: "modoboa.autoconfig", at: At::after(&["modoboa.admin"]) }],
        },
        Step {
            id: "2.6.0/allowed-hosts",
            summary: "ALLOWED_HOSTS: add autoconfig.<domain> and autodiscover.<domain> (--mail-domain), where modoboa.autoconfig is enabled",
            ops: &[Op::When {
                cond: Cond::AppEnabled("modoboa.autoconfig"),
                ops: &[
                    Op::EnsureOptionPrefixed { target: Target::Name("ALLOWED_HOSTS"), prefix: "autoconfig.", option: Opt::MailDomain, at: At::LAST },
                    Op::EnsureOptionPrefixed { target: Target::Name("ALLOWED_HOSTS"), prefix: "autodiscover.", option: Opt::MailDomain, at: At::LAST },
                ],
            }],
        },
        Step {
            id: "2.6.0/email-client-settings",
            summary: "add EMAIL_CLIENT_CONNECTION_SETTINGS after the security settings: IMAP over SSL on 993, SMTP with STARTTLS on 587, at the host of --hostname",
            ops: &[Op::AddOption {
                name: "EMAIL_CLIENT_CONNECTION_SETTINGS",
                template: "{\n    'imap': {\n        'HOSTNAME': {},\n        'SOCKET_TYPE': 'SSL',\n        'PORT': 993,\n    },\n    'smtp': {'HOSTNAME': {}, 'SOCKET_TYPE': 'STARTTLS', 'PORT': 587},\n}",
                option: Opt::Hostname,
                place: Place::after(&["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "X_FRAME_OPTIONS", "ALLOWED_HOSTS"]),
            }],
        },
        Step {
            id: "2.6.0/rest-framework",
            summary: "REST_FRAMEWORK: remove SessionAuthentication from the authentication classes",
            ops: &[Op::Remove {
                target: Target::Path("REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']"),
                value: "rest_framework.authentication.SessionAuthentication",
            }],
        },
    ],
    manual: &[],
    marks: &[
        app("modoboa.autoconfig"),
        name("EMAIL_CLIENT_CONNECTION_SETTINGS"),
    ],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    // The autoconfig service the release enables serves nothing without them: a value that
    // was pending stays owed until it is given. The host names are owed wherever the service
    // is enabled, fresh 2.6+ deploys included (their template lists only the server's host
    // name, so autoconfig.<domain> gets HTTP 400 there too).
    owed: &["2.6.0/allowed-hosts", "2.6.0/email-client-settings"],
};
