//! 1.3.2, atomic requests: `ATOMIC_REQUESTS` in every database connection; Django's
//! TransactionMiddleware, which atomic requests replace, leaves MIDDLEWARE_CLASSES.

use super::marks::*;
use super::names::MIDDLEWARE_CLASSES;
use super::{Op, Release, Step, Target};

pub static RELEASE: Release = Release {
    version: "1.3.2",
    title: "atomic requests",
    steps: &[
        Step {
            id: "1.3.2/atomic-requests",
            summary: "DATABASES: \"ATOMIC_REQUESTS\": True in every connection",
            ops: &[Op::AddKeyInEach { path: "DATABASES", key: "ATOMIC_REQUESTS", value: "True" }],
        },
        Step {
            id: "1.3.2/drop-transaction-middleware",
            summary: "remove TransactionMiddleware (replaced by atomic requests; Django 1.8 no longer has it)",
            ops: &[Op::Remove {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: "django.middleware.transaction.TransactionMiddleware",
            }],
        },
    ],
    manual: &[],
    marks: &[value(&["DATABASES"], "ATOMIC_REQUESTS").generic()],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
