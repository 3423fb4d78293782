//! 2.0.0, Django 3, the new admin interface, API v2: the OpenAPI schema (drf-spectacular), the
//! JWT authentication of API v2, automatic primary keys.

use super::marks::*;
use super::{task, Cond, Op, Release, Step, Target};
use crate::ops::{At, Place};

const AUTH_CLASSES: &str = "REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']";

pub static RELEASE: Release = Release::new("2.0.0", "Django 3, the new admin interface, API v2")
    .steps(&[
        Step::new(
            "2.0.0/installed-apps",
            "INSTALLED_APPS: add drf_spectacular after rest_framework.authtoken, and phonenumber_field",
            &[
                Op::Ensure { target: Target::Name("INSTALLED_APPS"), value: "drf_spectacular", at: At::between(&["rest_framework.authtoken", "rest_framework"], &["phonenumber_field", "django_otp"]) },
                Op::Ensure { target: Target::Name("INSTALLED_APPS"), value: "phonenumber_field", at: At::between(&["drf_spectacular"], &["django_otp"]) },
            ],
        ),
        Step::new(
            "2.0.0/rest-framework",
            "REST_FRAMEWORK: JWTAuthenticationWith2FA first of the authentication classes; the drf-spectacular schema class and namespace versioning",
            &[
                Op::Ensure { target: Target::Path(AUTH_CLASSES), value: "modoboa.core.drf_authentication.JWTAuthenticationWith2FA", at: At::FIRST },
                Op::When { cond: Cond::Assigned("REST_FRAMEWORK"), ops: &[Op::MergeDict { path: "REST_FRAMEWORK", template: "{'DEFAULT_SCHEMA_CLASS': 'drf_spectacular.openapi.AutoSchema', 'DEFAULT_VERSIONING_CLASS': 'rest_framework.versioning.NamespaceVersioning'}" }] },
            ],
        ),
        Step::new(
            "2.0.0/spectacular-settings",
            "add SPECTACULAR_SETTINGS (schema path prefix, title, IsAuthenticated) after REST_FRAMEWORK",
            &[Op::Add {
                name: "SPECTACULAR_SETTINGS",
                value: "{\n    'SCHEMA_PATH_PREFIX': r'/api/v[0-9]',\n    'TITLE': 'Modoboa API',\n    'VERSION': None,\n    'SERVE_PERMISSIONS': ['rest_framework.permissions.IsAuthenticated'],\n}",
                place: Place::after(&["REST_FRAMEWORK"]),
            }],
        ),
        Step::new(
            "2.0.0/phonenumber-format",
            "add PHONENUMBER_DB_FORMAT = 'INTERNATIONAL' where missing",
            &[Op::Add { name: "PHONENUMBER_DB_FORMAT", value: "'INTERNATIONAL'", place: Place::END }],
        ),
        Step::new(
            "2.0.0/default-auto-field",
            "set DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'",
            &[Op::Set {
                name: "DEFAULT_AUTO_FIELD",
                value: "'django.db.models.BigAutoField'",
                place: Place::after(&["USE_TZ", "TIME_ZONE"]),
            }],
        ),
    ])
    .manual(&[
        task("PostgreSQL with the OpenDKIM `dkim` view: the migrations fail while the view exists. Before `migrate`, as postgres: `\\c modoboa` then `DROP VIEW dkim;`; after it, recreate the view (`CREATE OR REPLACE VIEW dkim AS SELECT admin_domain.id, admin_domain.name AS domain_name, admin_domain.dkim_private_key_path AS private_key_path, admin_domain.dkim_key_selector AS selector FROM admin_domain WHERE admin_domain.enable_dkim;`) and `GRANT SELECT ON dkim TO opendkim;`"),
        task("new admin interface: mkdir <instance>/frontend and copy <venv>/lib/pythonX.X/site-packages/modoboa/frontend_dist/* into it"),
        task("set API_BASE_URL in <instance>/frontend/config.json to https://<hostname of your server>/api/v2"),
        task("web server: serve <instance>/frontend at /new-admin (for NGINX: `location ^~ /new-admin { alias <instance>/frontend/; index index.html; expires -1; try_files $uri $uri/ /index.html = 404; }` with the no-cache headers of the guide)"),
    ])
    .marks(&[
        name("SPECTACULAR_SETTINGS").generic(),
        app("drf_spectacular").generic(),
        name("DEFAULT_AUTO_FIELD").generic(),
        value(
            &["REST_FRAMEWORK"],
            "modoboa.core.drf_authentication.JWTAuthenticationWith2FA",
        )
        .until("2.3.0"),
    ]);
