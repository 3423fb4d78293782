//! 2.4.0, Django 5.2, autoreply, contacts and calendars in the core: the legacy web interface
//! is gone (AjaxLoginRedirect, the old context processors, CKEditor, STATICFILES_DIRS).

use super::marks::*;
use super::names::*;
use super::{task, task_if, Cond, Op, Release, Step, Target};

const PROCESSORS_2: &str = "TEMPLATES[0]['OPTIONS']['context_processors']";

const PLUGINS: Cond = Cond::Any(&[
    Cond::AppEnabled("modoboa_contacts"),
    Cond::AppEnabled("modoboa_radicale"),
    Cond::AppEnabled("modoboa_webmail"),
    Cond::AppEnabled("modoboa_rspamd"),
]);

// Owed steps: A loader of a package merged into the core is a leftover on every later file.
pub static RELEASE: Release = Release::new("2.4.0", "Django 5.2, autoreply, contacts and calendars in the core")
    .steps(&[
        Step::new(
            "2.4.0/merged-plugins",
            "MODOBOA_APPS: modoboa.postfix_autoreply, modoboa_contacts, modoboa_radicale, modoboa_webmail and modoboa_rspamd become modoboa.autoreply, modoboa.contacts, modoboa.calendars, modoboa.webmail and modoboa.rspamd (in place, disabled ones stay disabled)",
            &[
                Op::Rename { target: Target::Apps, from: "modoboa.postfix_autoreply", to: "modoboa.autoreply" },
                Op::Rename { target: Target::Apps, from: "modoboa_contacts", to: "modoboa.contacts" },
                Op::Rename { target: Target::Apps, from: "modoboa_radicale", to: "modoboa.calendars" },
                Op::Rename { target: Target::Apps, from: "modoboa_webmail", to: "modoboa.webmail" },
                Op::Rename { target: Target::Apps, from: "modoboa_rspamd", to: "modoboa.rspamd" },
            ],
        ),
        Step::new(
            "2.4.0/plugin-blocks",
            "delete the settings loaders of modoboa_contacts, modoboa_radicale, modoboa_webmail and modoboa_rspamd at the end of the file (`try: ... except AttributeError:` blocks included)",
            &[
                Op::DeleteBlock { module: "modoboa_contacts" },
                Op::DeleteBlock { module: "modoboa_radicale" },
                Op::DeleteBlock { module: "modoboa_webmail" },
                Op::DeleteBlock { module: "modoboa_rspamd" },
            ],
        ).owed(),
        Step::new(
            "2.4.0/middleware",
            "MIDDLEWARE: remove AjaxLoginRedirect",
            &[Op::Remove { target: Target::Name("MIDDLEWARE"), value: AJAX_LOGIN }],
        ),
        Step::new(
            "2.4.0/legacy-interface",
            "delete NEW_ADMIN_URL, the new_admin_url and top_notifications context processors, the ckeditor apps, every CKEDITOR_* setting and the ckeditor.W001 silenced check",
            &[
                Op::Delete { name: "NEW_ADMIN_URL" },
                Op::Remove { target: Target::Path(PROCESSORS_2), value: "modoboa.core.context_processors.new_admin_url" },
                Op::Remove { target: Target::Path(PROCESSORS_2), value: "modoboa.core.context_processors.top_notifications" },
                Op::Remove { target: Target::Name(INSTALLED_APPS), value: "ckeditor" },
                Op::Remove { target: Target::Name(INSTALLED_APPS), value: "ckeditor_uploader" },
                Op::DeletePrefixed { prefix: "CKEDITOR_" },
                Op::Remove { target: Target::Name("SILENCED_SYSTEM_CHECKS"), value: "ckeditor.W001" },
            ],
        ),
        Step::new(
            "2.4.0/staticfiles-dirs",
            "delete STATICFILES_DIRS where it lists only the bower_components directory of the legacy interface (a directory of your own is reported, not deleted)",
            &[Op::Custom(crate::ops::guarded::delete_bower_static_dirs)],
        ),
    ])
    .manual(&[
        task_if(Cond::AppEnabled("modoboa_amavis"), "modoboa_amavis is enabled: 2.4.x cannot be installed with it. Do not install 2.4.x: upgrade straight to 2.5.0 (`modoboa-settings upgrade --write --to 2.5.0`), running 2.4.0's SQL below together with 2.5.0's"),
        task("before the update (PostgreSQL, as root): sudo -u postgres -i psql -d \"modoboa\" -c \"<statement>\" for each of: UPDATE django_content_type SET app_label='autoreply' WHERE app_label='postfix_autoreply'; UPDATE django_migrations SET app='autoreply' WHERE app='postfix_autoreply'; UPDATE django_content_type SET app_label='contacts' WHERE app_label='modoboa_contacts'; UPDATE django_migrations SET app='contacts' WHERE app='modoboa_contacts'; UPDATE django_content_type SET app_label='calendars' WHERE app_label='modoboa_radicale'; UPDATE django_migrations SET app='calendars' WHERE app='modoboa_radicale' (MySQL: the same statements through `mysql -u root -p modoboa`)"),
        task("MariaDB 10.7+ with login issues: ALTER TABLE `oauth2_provider_idtoken` MODIFY `jti` uuid; and ALTER TABLE `oauth2_provider_refreshtoken` MODIFY `token_family` uuid;"),
        task_if(PLUGINS, "pip uninstall the merged plugins that are installed: modoboa-contacts modoboa-radicale modoboa-webmail modoboa-rspamd"),
        task("Radicale: enable OAuth2 authentication (calendars and contacts need it)"),
        task("python manage.py load_initial_data"),
        task("update the web server configuration (the legacy interface is gone)"),
        task("Postfix: remove the `autoreply` service from master.cf if you used it"),
        task("uwsgi: max-requests = 5000 and processes >= 4 in the instance's configuration; restart uwsgi"),
    ])
    .marks(&[
        app("modoboa.autoreply").optional(),
        app("modoboa.contacts").optional(),
        app("modoboa.calendars").optional(),
        app("modoboa.rspamd").optional(),
    ]);
