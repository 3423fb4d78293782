//! 2.0.4, throttling, PID files, the new admin URL.

use super::marks::*;
use super::names::PROCESSORS;
use super::{task, Cond, Op, Release, Step, Target};
use crate::ops::{At, Place};

pub static RELEASE: Release = Release::new("2.0.4", "throttling, PID files, the new admin URL")
    .steps(&[
        Step::new(
            "2.0.4/new-admin-url-processor",
            "TEMPLATES context processors: add modoboa.core.context_processors.new_admin_url at the end",
            &[Op::Ensure {
                target: Target::Path("TEMPLATES[0]['OPTIONS']['context_processors']"),
                value: "modoboa.core.context_processors.new_admin_url",
                at: At::LAST,
            }],
        ),
        Step::new(
            "2.0.4/pid-file-storage-path",
            "add PID_FILE_STORAGE_PATH = '/var/run'",
            &[Op::Add {
                name: "PID_FILE_STORAGE_PATH",
                value: "'/var/run'",
                place: Place::after(&["DISABLE_DASHBOARD_EXTERNAL_QUERIES", "MODOBOA_API_URL"]),
            }],
        ),
        Step::new(
            "2.0.4/syslog-auth-address",
            "LOGGING handler syslog-auth: 'address': '/dev/log' where it has no address",
            &[Op::MergeDict {
                path: "LOGGING['handlers']['syslog-auth']",
                template: "{'address': '/dev/log'}",
            }],
        ),
        Step::new(
            "2.0.4/throttle-rates",
            "REST_FRAMEWORK: add DEFAULT_THROTTLE_RATES (the guide's rates; a rate already set stays)",
            &[Op::When { cond: Cond::Assigned("REST_FRAMEWORK"), ops: &[Op::MergeDict { path: "REST_FRAMEWORK", template: "{'DEFAULT_THROTTLE_RATES': {\n    'user': '300/minute',\n    'ddos': '5/second',\n    'ddos_lesser': '200/minute',\n    'login': '10/minute',\n    'password_recovery_request': '12/hour',\n    'password_recovery_totp_check': '25/hour',\n    'password_recovery_apply': '25/hour'\n}}" }] }],
        ),
    ])
    .manual(&[task(
        "optional: the URL of the new admin interface can be changed (see the guide's customization chapter); DEFAULT_THROTTLE_RATES may be tuned",
    )])
    .marks(&[
        name("PID_FILE_STORAGE_PATH"),
        value(&["REST_FRAMEWORK"], "DEFAULT_THROTTLE_RATES").generic(),
        value(PROCESSORS, "modoboa.core.context_processors.new_admin_url").until("2.4.0"),
    ]);
