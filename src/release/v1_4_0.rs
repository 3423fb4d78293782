//! 1.4.0, Django 1.8, admin back in the core, the REST API: three extensions become core
//! applications again, the token application and REST_FRAMEWORK. Its procedure is its own
//! (fake migrations of the merged applications); 1.3.5, up to date, must come first.

use super::marks::*;
use super::names::INSTALLED_APPS;
use super::{task, Op, Release, Step, Target};
use crate::ops::{At, Place};

/// The REST_FRAMEWORK of the guide.
const REST_FRAMEWORK: &str = "{
    'DEFAULT_AUTHENTICATION_CLASSES': (
        'rest_framework.authentication.TokenAuthentication',
    ),
    'DEFAULT_PERMISSION_CLASSES': (
        'rest_framework.permissions.IsAuthenticated',
    )
}";

pub static RELEASE: Release = Release::new("1.4.0", "Django 1.8, admin back in the core, the REST API")
    .steps(&[
        Step::new(
            "1.4.0/core-apps",
            "MODOBOA_APPS: modoboa_admin, modoboa_admin_limits, modoboa_admin_relaydomains become modoboa.admin, modoboa.limits, modoboa.relaydomains (added after modoboa.lib where missing)",
            &[
                Op::Rename { target: Target::Apps, from: "modoboa_admin", to: "modoboa.admin" },
                Op::Rename { target: Target::Apps, from: "modoboa_admin_limits", to: "modoboa.limits" },
                Op::Rename { target: Target::Apps, from: "modoboa_admin_relaydomains", to: "modoboa.relaydomains" },
                // A 1.3 file that never listed the admin packages (they were extensions) does
                // not work without them: they are the core from 1.4.0 on.
                Op::EnsureUnlessDisabled { target: Target::Apps, value: "modoboa.admin", at: At::after(&["modoboa.lib", "modoboa.core"]) },
                Op::EnsureUnlessDisabled { target: Target::Apps, value: "modoboa.relaydomains", at: At::after(&["modoboa.admin"]) },
                Op::EnsureUnlessDisabled { target: Target::Apps, value: "modoboa.limits", at: At::after(&["modoboa.relaydomains", "modoboa.admin"]) },
            ],
        ),
        Step::new(
            "1.4.0/authtoken-app",
            "add 'rest_framework.authtoken' to INSTALLED_APPS (the REST API's tokens)",
            &[Op::Ensure {
                target: Target::Name(INSTALLED_APPS),
                value: "rest_framework.authtoken",
                at: At::after(&["reversion"]),
            }],
        ),
        Step::new(
            "1.4.0/rest-framework",
            "add REST_FRAMEWORK (token authentication, authenticated users only); a user's own keys kept",
            &[
                Op::AddBlock {
                    block: "# Rest framework settings\n\nREST_FRAMEWORK = {\n    'DEFAULT_AUTHENTICATION_CLASSES': (\n        'rest_framework.authentication.TokenAuthentication',\n    ),\n    'DEFAULT_PERMISSION_CLASSES': (\n        'rest_framework.permissions.IsAuthenticated',\n    )\n}",
                    place: Place::END,
                },
                Op::MergeDict { path: "REST_FRAMEWORK", template: REST_FRAMEWORK },
                Op::Ensure {
                    target: Target::Path("REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']"),
                    value: "rest_framework.authentication.TokenAuthentication",
                    at: At::LAST,
                },
                Op::Ensure {
                    target: Target::Path("REST_FRAMEWORK['DEFAULT_PERMISSION_CLASSES']"),
                    value: "rest_framework.permissions.IsAuthenticated",
                    at: At::LAST,
                },
            ],
        ),
    ])
    .manual(&[
        task("1.4.0 has a procedure of its own: do not follow the regular upgrade procedure, run these steps instead"),
        task("pip uninstall modoboa-admin modoboa-admin-limits modoboa-admin-relaydomains"),
        task("install the updates of every extension with pip (see the Modoboa > Information page)"),
        task("python manage.py migrate auth (in the instance directory)"),
        task("python manage.py migrate admin 0001 --fake"),
        task("python manage.py migrate admin"),
        task("python manage.py migrate limits 0001 --fake"),
        task("python manage.py migrate relaydomains 0001 --fake"),
        task("python manage.py migrate (this also creates the tables of the REST API's tokens)"),
        task("python manage.py collectstatic"),
    ])
    .marks(&[
        app("modoboa.relaydomains"),
        app("modoboa.limits"),
        app("rest_framework.authtoken").generic(),
        // A user may have set up Django REST framework before Modoboa did: it places no file.
        name("REST_FRAMEWORK").generic().check_only(),
        name("TEMPLATES").generic(),
    ])
    .own_procedure();
