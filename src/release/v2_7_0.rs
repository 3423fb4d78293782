//! 2.7.0, Dovecot and privileged RQ queues, cron_config.py: the cron jobs become RQ jobs.

use super::marks::*;
use super::{task, Cond, Op, Release, Step};

/// The dovecot and privileged queues, where RQ_QUEUES is assigned.
pub(super) const RQ_QUEUES: &[Op] = &[Op::When { cond: Cond::Assigned("RQ_QUEUES"), ops: &[Op::MergeDict { path: "RQ_QUEUES", template: "{'dovecot': {'HOST': REDIS_HOST, 'PORT': REDIS_PORT, 'DB': REDIS_QUOTA_DB, 'URL': REDIS_URL}, 'privileged': {'HOST': REDIS_HOST, 'PORT': REDIS_PORT, 'DB': REDIS_QUOTA_DB, 'URL': REDIS_URL}}" }] }];

pub static RELEASE: Release = Release::new("2.7.0", "Dovecot and privileged RQ queues, cron_config.py")
    .steps(&[Step::new(
        "2.7.0/rq-queues",
        "RQ_QUEUES: add the dovecot and privileged queues (REDIS_HOST, REDIS_PORT, REDIS_QUOTA_DB, REDIS_URL)",
        RQ_QUEUES,
    )])
    .manual(&[
        task("create <modoboa_instance_dir>/instance/cron_config.py (beside settings.py): it imports `register` from rq.cron, django.conf's settings and the jobs modules of modoboa.amavis, calendars, core, admin, maillog and webmail, then registers: core_jobs.clean_logs (queue modoboa, cron \"0 0 * * *\"); core_jobs.communicate_with_public_api (queue modoboa, cron \"<minute> <hour_start>,<hour_end> * * *\", three random values of your own); admin_jobs.handle_mailbox_operations (queue dovecot, \"* * * * *\"); admin_jobs.handle_dns_checks (modoboa, \"* * * * *\"); maillog_jobs.logparser (privileged, \"*/5 * * * *\"); maillog_jobs.update_statistics (modoboa, \"0 * * * *\"); calendars_jobs.generate_rights (privileged, \"*/2 * * * *\"); webmail_jobs.send_scheduled_messages (modoboa, \"* * * * *\"); and, only `if \"modoboa.amavis\" in settings.MODOBOA_APPS`, amavis_jobs.qcleanup (modoboa, \"0 0 * * *\") and amavis_jobs.amnotify (modoboa, \"0 12 * * *\")"),
        task("RQ: configure and start every RQ process of the installation guide (workers for the dkim, modoboa, dovecot and privileged queues, and the RQ cron scheduler reading cron_config.py)"),
        task("cron: remove the deprecated Modoboa cron jobs (keep only those of the installation guide's up-to-date list)"),
    ])
    .marks(&[
        value(&["RQ_QUEUES"], "dovecot"),
        value(&["RQ_QUEUES"], "privileged"),
    ]);
