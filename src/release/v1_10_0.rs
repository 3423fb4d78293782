//! 1.10.0, Django 1.11, MIDDLEWARE, transports: MIDDLEWARE_CLASSES renamed MIDDLEWARE, the
//! transport application, the new settings loader of modoboa-amavis.

use super::marks::*;
use super::{task, task_if, Cond, Op, Release, Step, Target};
use crate::ops::At;

pub static RELEASE: Release = Release::new("1.10.0", "Django 1.11, MIDDLEWARE, transports")
    .steps(&[
        Step::new(
            "1.10.0/middleware",
            "rename MIDDLEWARE_CLASSES to MIDDLEWARE (its assignments, += and uses)",
            &[Op::RenameSetting { from: "MIDDLEWARE_CLASSES", to: "MIDDLEWARE" }],
        ),
        Step::new(
            "1.10.0/transport-app",
            "MODOBOA_APPS: add 'modoboa.transport' after 'modoboa.admin'",
            &[Op::Ensure { target: Target::Apps, value: "modoboa.transport", at: At::after(&["modoboa.admin"]) }],
        ),
        Step::new(
            "1.10.0/amavis-settings",
            "where amavis is enabled, load its settings with modoboa_amavis_settings.apply(globals())",
            &[Op::When {
                cond: Cond::AppEnabled("modoboa_amavis"),
                ops: &[Op::SettingsLoader { package: "modoboa_amavis" }],
            }],
        ),
    ])
    .manual(&[
        task("upgrade the installed extensions BEFORE running `python manage.py check` or `migrate`:"),
        task_if(Cond::AppEnabled("modoboa_amavis"), "pip install 'modoboa-amavis>=1.2.0'"),
        task_if(Cond::AppEnabled("modoboa_contacts"), "pip install 'modoboa-contacts>=0.5.0'"),
        task_if(Cond::AppEnabled("modoboa_dmarc"), "pip install 'modoboa-dmarc>=1.1.0'"),
        task_if(Cond::AppEnabled("modoboa_imap_migration"), "pip install 'modoboa-imap-migration>=1.2.0'"),
        task_if(Cond::AppEnabled("modoboa_pdfcredentials"), "pip install 'modoboa-pdfcredentials>=1.3.0'"),
        task_if(Cond::AppEnabled("modoboa_postfix_autoreply"), "pip install 'modoboa-postfix-autoreply>=1.4.0'"),
        task_if(Cond::AppEnabled("modoboa_radicale"), "pip install 'modoboa-radicale>=1.2.0'"),
        task_if(Cond::AppEnabled("modoboa_sievefilters"), "pip install 'modoboa-sievefilters>=1.4.0'"),
        task_if(Cond::AppEnabled("modoboa_stats"), "pip install 'modoboa-stats>=1.4.0'"),
        task_if(Cond::AppEnabled("modoboa_webmail"), "pip install 'modoboa-webmail>=1.4.0'"),
        task("update the Postfix map files: `rm -f <path>/modoboa-postfix-maps.chk` then `python manage.py generate_postfix_maps --force --destdir <path>`"),
        task("in Postfix's main.cf: smtpd_sender_login_maps = <driver>:<path>/sql-sender-login-map.cf; transport_maps gains <driver>:<path>/sql-transport.cf and <driver>:<path>/sql-spliteddomains-transport.cf, and loses sql-relaydomains-transport.cf"),
        task("if Postfix uses the proxymap server, update proxy_read_maps the same way; reload Postfix"),
        task("add the cron job that generates DKIM keys: `*       *       *       *       *       root    $PYTHON $INSTANCE/manage.py modo manage_dkim_keys`"),
    ])
    .marks(&[name("MIDDLEWARE").generic(), app("modoboa.transport")]);
