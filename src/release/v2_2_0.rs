//! 2.2.0, Django 4, RQ workers: django-rq and the `dkim` queue.

use super::marks::*;
use super::{task, Cond, Op, Release, Step, Target};
use crate::ops::special::v2_2_0::memcached_backend;
use crate::ops::{At, Place};

pub static RELEASE: Release = Release::new("2.2.0", "Django 4, RQ workers")
    .steps(&[
        Step::new(
            "2.2.0/django-rq",
            "INSTALLED_APPS: add django_rq at the end",
            &[Op::Ensure { target: Target::Name("INSTALLED_APPS"), value: "django_rq", at: At::LAST }],
        ),
        Step::new(
            "2.2.0/memcached-backend",
            "CACHES: django.core.cache.backends.memcached.MemcachedCache (python-memcached, gone in Django 4.1) becomes PyMemcacheCache",
            &[Op::Custom(memcached_backend)],
        ),
        Step::new(
            "2.2.0/rq-queues",
            "add RQ_QUEUES with the dkim queue (REDIS_HOST, REDIS_PORT, DB 0) below the Redis settings",
            &[
                Op::When {
                    cond: Cond::Assigned("REDIS_PORT"),
                    ops: &[Op::Add {
                        name: "RQ_QUEUES",
                        value: "{\n    'dkim': {\n        'HOST': REDIS_HOST,\n        'PORT': REDIS_PORT,\n        'DB': 0,\n    },\n}",
                        place: Place::after(&["REDIS_URL", "REDIS_QUOTA_DB", "REDIS_PORT"]),
                    }],
                },
                // Without the Redis settings: skipped, RQ_QUEUES would use names the file lacks.
                Op::MergeDict {
                    path: "RQ_QUEUES",
                    template: "{'dkim': {'HOST': REDIS_HOST, 'PORT': REDIS_PORT, 'DB': 0}}",
                },
            ],
        ),
    ])
    .manual(&[
        task("Django 4.2: upgrade every extension package alongside modoboa; Python 3.8 and PostgreSQL 12 at least"),
        task("urls.py: `from django.urls import include, path` instead of `from django.conf.urls import include, url`, and `path(r'', include('modoboa.urls'))` in urlpatterns"),
        task("PostgreSQL: pip install 'psycopg[binary]>=3.1'"),
        task("memcached caches (CACHES with PyMemcacheCache, which this upgrade writes for MemcachedCache): pip install pymemcache"),
        task("supervisord: a new program `modoboa-worker` (/etc/supervisor/conf.d/modoboa-worker.conf) running `<venv>/bin/python <instance>/manage.py rqworker dkim` in the modoboa home directory as the user managing DKIM keys (opendkim by default), autostart, autorestart, numprocs=1, stopsignal=TERM; then supervisorctl reread && supervisorctl update, and restart uwsgi"),
        task("Dovecot, for send-only mailboxes: in user_query add `(mb.is_send_only IS NOT TRUE OR '%s' NOT IN ('imap', 'pop3', 'lmtp')) AND` after WHERE, in password_query `(mb.is_send_only IS NOT TRUE OR '%s' NOT IN ('imap', 'pop3')) AND` (MySQL: `mb.is_send_only=0` instead of `IS NOT TRUE`; dovecot-sql.conf.ext / dovecot-sql-master.ext)"),
    ])
    .marks(&[name("RQ_QUEUES").generic(), app("django_rq").generic()]);
