//! 2.2.3, Redis cache: the `modoboa` queue and CACHES.

use super::marks::*;
use super::{task, Cond, Op, Release, Step};
use crate::ops::Place;

const CACHES: &str = "{\n    \"default\": {\n        \"BACKEND\": 'django.core.cache.backends.redis.RedisCache',\n        \"LOCATION\": REDIS_URL\n    }\n}";

pub static RELEASE: Release = Release::new("2.2.3", "Redis cache")
    .steps(&[
        Step::new(
            "2.2.3/rq-modoboa-queue",
            "RQ_QUEUES: add the modoboa queue (REDIS_HOST, REDIS_PORT, DB 0)",
            &[Op::When { cond: Cond::Assigned("RQ_QUEUES"), ops: &[Op::MergeDict { path: "RQ_QUEUES", template: "{'modoboa': {'HOST': REDIS_HOST, 'PORT': REDIS_PORT, 'DB': 0}}" }] }],
        ),
        Step::new(
            "2.2.3/caches",
            "add CACHES (RedisCache at REDIS_URL) below RQ_QUEUES; a CACHES of your own stays",
            &[
                Op::When {
                    cond: Cond::Assigned("REDIS_URL"),
                    ops: &[Op::Add { name: "CACHES", value: CACHES, place: Place::after(&["RQ_QUEUES", "REDIS_URL"]) }],
                },
                // Without REDIS_URL: skipped, CACHES would use a name the file lacks.
                Op::MergeDict { path: "CACHES", template: CACHES },
            ],
        ),
    ])
    .manual(&[task(
        "supervisord: a new program `modoboa-base-worker` (/etc/supervisor/conf.d/modoboa-base-worker.conf) running `<venv>/bin/python <instance>/manage.py rqworker modoboa` as the modoboa user, like modoboa-worker; then supervisorctl reread && supervisorctl update",
    )])
    .marks(&[value(&["RQ_QUEUES"], "modoboa").optional()]);
