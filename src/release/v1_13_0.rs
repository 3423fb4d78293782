//! 1.13.0, DNS tools, secure cookies: the dnstools application, CSRF and session cookies
//! sent over HTTPS only.

use super::marks::*;
use super::{task, task_if, Cond, Op, Release, Step, Target};
use crate::ops::{At, Place};

/// Where the cookie settings go: the Security section of the generated file (after
/// X_FRAME_OPTIONS), else after ALLOWED_HOSTS, else before INSTALLED_APPS.
const CSRF_PLACE: Place = Place {
    after: &["X_FRAME_OPTIONS", "SESSION_COOKIE_SECURE", "ALLOWED_HOSTS"],
    before: &["INSTALLED_APPS"],
    after_imports: false,
};
const SESSION_PLACE: Place = Place {
    after: &["CSRF_COOKIE_SECURE", "X_FRAME_OPTIONS", "ALLOWED_HOSTS"],
    before: &["INSTALLED_APPS"],
    after_imports: false,
};

pub static RELEASE: Release = Release::new("1.13.0", "DNS tools, secure cookies")
    .steps(&[
        Step::new(
            "1.13.0/dnstools-app",
            "MODOBOA_APPS: add 'modoboa.dnstools' after 'modoboa.parameters'",
            &[Op::Ensure { target: Target::Apps, value: "modoboa.dnstools", at: At::after(&["modoboa.parameters"]) }],
        ),
        Step::new(
            "1.13.0/secure-cookies",
            "add CSRF_COOKIE_SECURE = True and SESSION_COOKIE_SECURE = True (a value already set is kept)",
            &[
                Op::Add { name: "CSRF_COOKIE_SECURE", value: "True", place: CSRF_PLACE },
                Op::Add { name: "SESSION_COOKIE_SECURE", value: "True", place: SESSION_PLACE },
            ],
        ),
    ])
    .manual(&[
        task("secure cookies need the web interface served over HTTPS: where it is not, set CSRF_COOKIE_SECURE and SESSION_COOKIE_SECURE to False"),
        task_if(
            Cond::AppEnabled("modoboa_postfix_autoreply"),
            "modoboa-postfix-autoreply 1.5.0: remove the sql-autoreplies-transport.cf map from transport_maps in /etc/postfix/main.cf (and its proxy_read_maps entry if relevant), then reload Postfix",
        ),
    ])
    .marks(&[app("modoboa.dnstools")]);
