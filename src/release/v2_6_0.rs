//! 2.6.0, autoconfig and autodiscover: the built-in auto-configuration service.

use super::marks::*;
use super::{Cond, Op, Opt, Release, Step, Target};
use crate::ops::{At, Place};

// Owed steps: The autoconfig service the release enables serves nothing without them: a value that
// was pending stays owed until it is given. The host names are owed wherever the service
// is enabled, fresh 2.6+ deploys included (their template lists only the server's host
// name, so autoconfig.<domain> gets HTTP 400 there too).
pub static RELEASE: Release = Release::new("2.6.0", "autoconfig and autodiscover")
    .steps(&[
        Step::new(
            "2.6.0/autoconfig-app",
            "MODOBOA_APPS: add modoboa.autoconfig after modoboa.admin",
            &[Op::Ensure { target: Target::Apps, value: "modoboa.autoconfig", at: At::after(&["modoboa.admin"]) }],
        ),
        Step::new(
            "2.6.0/allowed-hosts",
            "ALLOWED_HOSTS: add autoconfig.<domain> and autodiscover.<domain> (--mail-domain), where modoboa.autoconfig is enabled",
            &[Op::When {
                cond: Cond::AppEnabled("modoboa.autoconfig"),
                ops: &[
                    Op::EnsureOptionPrefixed { target: Target::Name("ALLOWED_HOSTS"), prefix: "autoconfig.", option: Opt::MailDomain, at: At::LAST },
                    Op::EnsureOptionPrefixed { target: Target::Name("ALLOWED_HOSTS"), prefix: "autodiscover.", option: Opt::MailDomain, at: At::LAST },
                ],
            }],
        ).owed(),
        Step::new(
            "2.6.0/email-client-settings",
            "add EMAIL_CLIENT_CONNECTION_SETTINGS after the security settings: IMAP over SSL on 993, SMTP with STARTTLS on 587, at the host of --hostname",
            &[Op::AddOption {
                name: "EMAIL_CLIENT_CONNECTION_SETTINGS",
                template: "{\n    'imap': {\n        'HOSTNAME': {},\n        'SOCKET_TYPE': 'SSL',\n        'PORT': 993,\n    },\n    'smtp': {'HOSTNAME': {}, 'SOCKET_TYPE': 'STARTTLS', 'PORT': 587},\n}",
                option: Opt::Hostname,
                place: Place::after(&["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "X_FRAME_OPTIONS", "ALLOWED_HOSTS"]),
            }],
        ).owed(),
        Step::new(
            "2.6.0/rest-framework",
            "REST_FRAMEWORK: remove SessionAuthentication from the authentication classes",
            &[Op::Remove {
                target: Target::Path("REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']"),
                value: "rest_framework.authentication.SessionAuthentication",
            }],
        ),
    ])
    .marks(&[
        app("modoboa.autoconfig"),
        name("EMAIL_CLIENT_CONNECTION_SETTINGS"),
    ]);
