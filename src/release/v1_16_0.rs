//! 1.16.0, Redis, policy daemon, mail log: the policyd and maillog applications (modoboa-stats
//! merged into the core), the Redis connection settings.

use super::marks::*;
use super::{task, task_if, Cond, Op, Release, Step, Target};
use crate::ops::{At, Place};

// Owed steps: A loader of a package merged into the core is a leftover on every later file.
pub static RELEASE: Release = Release::new("1.16.0", "Redis, policy daemon, mail log")
    .steps(&[
        Step::new(
            "1.16.0/policyd-app",
            "MODOBOA_APPS: add 'modoboa.policyd' after 'modoboa.dnstools'",
            &[Op::Ensure {
                target: Target::Apps,
                value: "modoboa.policyd",
                at: At::after(&["modoboa.dnstools", "modoboa.parameters"]),
            }],
        ),
        Step::new(
            "1.16.0/maillog-app",
            "MODOBOA_APPS: remove every 'modoboa_stats' (merged into the core) and add 'modoboa.maillog'",
            &[
                Op::Remove { target: Target::Apps, value: "modoboa_stats" },
                Op::Ensure {
                    target: Target::Apps,
                    value: "modoboa.maillog",
                    at: At::after(&["modoboa.policyd", "modoboa.dnstools", "modoboa.parameters"]),
                },
            ],
        ),
        Step::new(
            "1.16.0/plugin-block",
            "delete the settings loader of modoboa_stats (merged into the core as modoboa.maillog)",
            &[Op::DeleteBlock { module: "modoboa_stats" }],
        ).owed(),
        Step::new(
            "1.16.0/redis",
            "add REDIS_HOST = 'localhost' (the guide's default: change it for a Redis elsewhere or a UNIX socket), REDIS_PORT, REDIS_QUOTA_DB and REDIS_URL",
            &[
                Op::AddBlock {
                    block: "# Redis\nREDIS_HOST = 'localhost'\nREDIS_PORT = 6379\nREDIS_QUOTA_DB = 0\nREDIS_URL = 'redis://{}:{}/{}'.format(REDIS_HOST, REDIS_PORT, REDIS_QUOTA_DB)",
                    place: Place::after(&["DISABLE_DASHBOARD_EXTERNAL_QUERIES", "MODOBOA_API_URL"]),
                },
            ],
        ),
    ])
    .manual(&[
        task("make sure a Redis instance runs on your server (REDIS_HOST is 'localhost'; for a UNIX socket, set REDIS_HOST to its path and REDIS_URL = 'unix://{}?db={}'.format(REDIS_HOST, REDIS_QUOTA_DB))"),
        task("start the policy daemon: `python manage.py policy_daemon`, and configure Postfix to use it (policyd) if you want this feature"),
        task_if(Cond::AppEnabled("modoboa_stats"), "modoboa-stats is merged into the core: `pip uninstall modoboa-stats`"),
    ])
    .marks(&[
        name("REDIS_HOST").generic(),
        name("REDIS_URL").generic().optional(),
        app("modoboa.maillog").optional(),
        app("modoboa.policyd").optional(),
    ]);
