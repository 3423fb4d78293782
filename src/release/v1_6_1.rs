//! 1.6.1, new Postfix maps for sender addresses; extensions updated for deprecated functions.

use super::{task, task_if, Cond, Release};

pub static RELEASE: Release = Release::new("1.6.1", "sender login maps")
    .manual(&[
        task("python manage.py generate_postfix_maps --destdir <path> --force-overwrite"),
        task("in Postfix's main.cf: `smtpd_sender_login_maps = <driver>:<path>/sql-sender-login-mailboxes.cf <driver>:<path>/sql-sender-login-aliases.cf <driver>:<path>/sql-sender-login-mailboxes-extra.cf`, then reload Postfix"),
        task_if(Cond::AppEnabled("modoboa_amavis"), "pip install modoboa-amavis==1.0.10 (when staying on 1.6.x; 1.7.0 lists newer releases)"),
        task_if(Cond::AppEnabled("modoboa_postfix_autoreply"), "pip install modoboa-postfix-autoreply==1.1.7 (when staying on 1.6.x; 1.7.0 lists newer releases)"),
        task_if(Cond::AppEnabled("modoboa_radicale"), "pip install modoboa-radicale==1.0.5 (when staying on 1.6.x; 1.7.0 lists newer releases)"),
        task_if(Cond::AppEnabled("modoboa_stats"), "pip install modoboa-stats==1.0.9 (when staying on 1.6.x; 1.7.0 lists newer releases)"),
    ]);
