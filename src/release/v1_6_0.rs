//! 1.6.0, the Modoboa API over https: MODOBOA_API_URL moves to TLS; MX checks and the public
//! API exchange become cron jobs; per-account sender addresses need a new Postfix map.

use super::marks::*;
use super::{task, task_if, Cond, Op, Release, Step};
use crate::ops::Place;

pub static RELEASE: Release = Release::new("1.6.0", "the Modoboa API over https")
    .steps(&[Step::new(
        "1.6.0/api-url",
        "MODOBOA_API_URL becomes 'https://api.modoboa.org/1/' (the old http value only; added where missing)",
        &[
            Op::Update {
                name: "MODOBOA_API_URL",
                from: &["'http://api.modoboa.org/1/'", "'http://api.modoboa.org/1'"],
                to: "'https://api.modoboa.org/1/'",
            },
            Op::Add {
                name: "MODOBOA_API_URL",
                value: "'https://api.modoboa.org/1/'",
                place: Place::after(&["DOVECOT_LOOKUP_PATH", "MEDIA_ROOT"]),
            },
        ],
    )])
    .manual(&[
        task("1.6.0 renames the user attribute `group` to `role`: upgrade the extensions that use it at the same time, or Modoboa fails (HTTP 500)"),
        task_if(Cond::AppEnabled("modoboa_amavis"), "pip install -U modoboa-amavis (a release for Modoboa 1.6)"),
        task_if(Cond::AppEnabled("modoboa_stats"), "pip install -U modoboa-stats (a release for Modoboa 1.6)"),
        task_if(Cond::AppEnabled("modoboa_postfix_autoreply"), "pip install -U modoboa-postfix-autoreply (a release for Modoboa 1.6)"),
        task("optional, MX checks and DNSBL lookups of every domain: add to the crontab `*/30 * * * * <virtualenv>/bin/python <instance_dir>/manage.py modo check_mx`"),
        task("add to the crontab `0 * * * * <virtualenv>/bin/python <instance_dir>/manage.py communicate_with_public_api` (version checks are no longer made on the fly)"),
        task("per-account sender addresses: in Postfix's main.cf, set `smtpd_sender_login_maps = <driver>:/etc/postfix/sql-sender-login-mailboxes.cf <driver>:/etc/postfix/sql-sender-login-aliases.cf <driver>:/etc/postfix/sql-sender-login-mailboxes-extra.cf`"),
    ])
    .marks(&[value(&["MODOBOA_API_URL"], "https://api.modoboa.org/1/").optional()]);
