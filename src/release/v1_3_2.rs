//! 1.3.2, atomic requests: `ATOMIC_REQUESTS` in every database connection; Django's
//! TransactionMiddleware, which atomic requests replace, leaves MIDDLEWARE_CLASSES.

use super::marks::*;
use super::names::MIDDLEWARE_CLASSES;
use super::{Op, Release, Step, Target};

pub static RELEASE: Release = Release::new("1.3.2", "atomic requests")
    .steps(&[
        Step::new(
            "1.3.2/atomic-requests",
            "DATABASES: \"ATOMIC_REQUESTS\": True in every connection",
            &[Op::AddKeyInEach { path: "DATABASES", key: "ATOMIC_REQUESTS", value: "True" }],
        ),
        Step::new(
            "1.3.2/drop-transaction-middleware",
            "remove TransactionMiddleware (replaced by atomic requests; Django 1.8 no longer has it)",
            &[Op::Remove {
                target: Target::Name(MIDDLEWARE_CLASSES),
                value: "django.middleware.transaction.TransactionMiddleware",
            }],
        ),
    ])
    .marks(&[value(&["DATABASES"], "ATOMIC_REQUESTS").generic()]);
