//! 2.3.0, OAuth2 and OpenID Connect, CORS: django-environ, oauth2_provider and corsheaders,
//! postfix_autoreply and sievefilters in the core, the new MIDDLEWARE (no more OTP and 2FA
//! middleware), OAuth2 authentication for the API.

use super::marks::*;
use super::names::*;
use super::{task, task_if, Cond, Op, Release, Step, Target};
use crate::ops::{At, Place};

const XFF: &str = "x_forwarded_for.middleware.XForwardedForMiddleware";
const XFRAME: &str = "django.middleware.clickjacking.XFrameOptionsMiddleware";

/// The guide's MIDDLEWARE of 2.3.0, in order.
const MIDDLEWARE_2_3: &[&str] = &[
    SESSION,
    LOCALE,
    XFF,
    CORS,
    COMMON,
    CSRF,
    AUTH,
    MESSAGES,
    XFRAME,
    LOCAL_CONFIG,
    AJAX_LOGIN,
    EXCEPTION_CATCHER,
    REQUEST_CATCHER,
];

/// Django's BASE_DIR: the directory of `manage.py` (the settings file is one level below).
const BASE_DIR: &str = "os.path.dirname(os.path.dirname(os.path.abspath(__file__)))";

/// A file of the MODOBOA_DIR lineage (first deployed before 1.2.0) has no BASE_DIR: Django's
/// definition goes after the imports (with `import os` where missing) before a step uses it.
pub(super) const DEFINE_BASE_DIR: Op = Op::When {
    cond: Cond::Not(&Cond::Assigned("BASE_DIR")),
    ops: &[
        Op::When {
            cond: Cond::Not(&Cond::Assigned("os")),
            ops: &[Op::ImportModule { module: "os" }],
        },
        Op::Add {
            name: "BASE_DIR",
            value: BASE_DIR,
            place: Place {
                after: &[],
                before: &[],
                after_imports: true,
            },
        },
    ],
};

const AUTH_CLASSES: &str = "REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']";
const OAUTH2_AUTH: &str = "oauth2_provider.contrib.rest_framework.OAuth2Authentication";

const PLUGINS: Cond = Cond::Any(&[
    Cond::AppEnabled("modoboa_postfix_autoreply"),
    Cond::AppEnabled("modoboa_sievefilters"),
]);

const OAUTH2_PROVIDER: &str = "{\n    'OIDC_ENABLED': True,\n    'OIDC_RP_INITIATED_LOGOUT_ENABLED': True,\n    'OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT': True,\n    'OIDC_RSA_PRIVATE_KEY': env.str('OIDC_RSA_PRIVATE_KEY', multiline=True),\n    'SCOPES': {\n        'openid': 'OpenID Connect scope',\n        'read': 'Read scope',\n        'write': 'Write scope',\n        'introspection': 'Introspect token scope',\n    },\n    'DEFAULT_SCOPES': ['openid', 'read', 'write'],\n}";

// Owed steps: A loader of a package merged into the core is a leftover on every later file; `.env`
// and OAUTH2_PROVIDER (without which the 2.x interface cannot log in) stay owed while
// they cannot be written.
pub static RELEASE: Release = Release::new("2.3.0", "OAuth2 and OpenID Connect, CORS")
    .steps(&[
        Step::new(
            "2.3.0/environ",
            "import environ; env = environ.Env() and environ.Env.read_env(os.path.join(BASE_DIR, '.env')) right after BASE_DIR (a file without BASE_DIR, first deployed before 1.2.0, gets Django's: BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))), the directory of manage.py, where .env lives)",
            &[
                Op::Custom(crate::ops::guarded::env_is_environ),
                DEFINE_BASE_DIR,
                Op::ImportModule { module: "environ" },
                Op::Add { name: "env", value: "environ.Env()", place: Place { after: &["BASE_DIR"], before: &[], after_imports: true } },
                Op::Call { source: "environ.Env.read_env(os.path.join(BASE_DIR, '.env'))", place: Place::after(&["env"]) },
            ],
        ).owed(),
        Step::new(
            "2.3.0/installed-apps",
            "INSTALLED_APPS: add oauth2_provider and corsheaders after ckeditor_uploader",
            &[
                Op::Ensure { target: Target::Name(INSTALLED_APPS), value: "oauth2_provider", at: At::between(&["ckeditor_uploader", "ckeditor", "reversion"], &["rest_framework"]) },
                Op::Ensure { target: Target::Name(INSTALLED_APPS), value: "corsheaders", at: At::between(&["oauth2_provider"], &["rest_framework"]) },
            ],
        ),
        Step::new(
            "2.3.0/merged-plugins",
            "MODOBOA_APPS: modoboa_postfix_autoreply and modoboa_sievefilters become modoboa.postfix_autoreply and modoboa.sievefilters (renamed in place; added where missing, as the guide says; a disabled plugin stays disabled)",
            &[
                Op::Rename { target: Target::Apps, from: "modoboa_postfix_autoreply", to: "modoboa.postfix_autoreply" },
                Op::Rename { target: Target::Apps, from: "modoboa_sievefilters", to: "modoboa.sievefilters" },
                Op::EnsureUnlessDisabled { target: Target::Apps, value: "modoboa.postfix_autoreply", at: At::after(&["modoboa.imap_migration", "modoboa.pdfcredentials", "modoboa.dmarc", "modoboa.maillog"]) },
                Op::EnsureUnlessDisabled { target: Target::Apps, value: "modoboa.sievefilters", at: At::after(&["modoboa.postfix_autoreply", "modoboa.imap_migration", "modoboa.maillog"]) },
            ],
        ),
        Step::new(
            "2.3.0/plugin-blocks",
            "delete the settings loaders of modoboa_postfix_autoreply and modoboa_sievefilters (merged into the core)",
            &[
                Op::DeleteBlock { module: "modoboa_postfix_autoreply" },
                Op::DeleteBlock { module: "modoboa_sievefilters" },
            ],
        ).owed(),
        Step::new(
            "2.3.0/middleware",
            "MIDDLEWARE: the guide's order (Session, Locale, XForwardedFor, Cors, Common, ...) by moves that leave your own middleware in place; CorsMiddleware added; OTPMiddleware and TwoFAMiddleware removed",
            &[
                Op::Remove { target: Target::Name("MIDDLEWARE"), value: OTP },
                Op::Remove { target: Target::Name("MIDDLEWARE"), value: TWO_FA },
                Op::Reorder { target: Target::Name("MIDDLEWARE"), order: MIDDLEWARE_2_3 },
                Op::Ensure { target: Target::Name("MIDDLEWARE"), value: CORS, at: At::between(&[XFF, LOCALE, SESSION], &[COMMON]) },
            ],
        ),
        Step::new(
            "2.3.0/rest-framework",
            "REST_FRAMEWORK: JWTAuthenticationWith2FA becomes oauth2_provider's OAuth2Authentication, first of the authentication classes",
            &[
                Op::Rename { target: Target::Path(AUTH_CLASSES), from: "modoboa.core.drf_authentication.JWTAuthenticationWith2FA", to: OAUTH2_AUTH },
                Op::Ensure { target: Target::Path(AUTH_CLASSES), value: OAUTH2_AUTH, at: At::FIRST },
            ],
        ),
        Step::new(
            "2.3.0/oauth2-provider",
            "add OAUTH2_PROVIDER after MEDIA_ROOT (OIDC, the RSA key read with env.str('OIDC_RSA_PRIVATE_KEY', multiline=True), scopes)",
            &[
                Op::When {
                    cond: Cond::Assigned("env"),
                    ops: &[Op::Add { name: "OAUTH2_PROVIDER", value: OAUTH2_PROVIDER, place: Place::after(&["MEDIA_ROOT"]) }],
                },
                // Without `env` (the environ step skipped): skipped, it would use an unbound name.
                Op::MergeDict { path: "OAUTH2_PROVIDER", template: OAUTH2_PROVIDER },
            ],
        ).owed(),
    ])
    .manual(&[
        task("apply the migrations of 2.3.0 only after the settings changes (the migration stop below)"),
        task_if(Cond::AppEnabled("modoboa_postfix_autoreply"), "before the update (PostgreSQL, as root): sudo -u postgres -i psql -d \"modoboa\" -c \"UPDATE django_content_type SET app_label='postfix_autoreply' WHERE app_label='modoboa_postfix_autoreply'\" and -c \"UPDATE django_migrations SET app='postfix_autoreply' WHERE app='modoboa_postfix_autoreply'\" (MySQL: the same two UPDATE statements through `mysql -u root -p modoboa`)"),
        task("create the OpenID Connect RSA key (for example `openssl genrsa -out oidc.key 4096`) and put it in <instance>/.env (beside manage.py's BASE_DIR) as OIDC_RSA_PRIVATE_KEY=\"<the PEM text>\": settings.py now reads it with env.str() and fails to load without it. The guide adds OAUTH2_PROVIDER only after the migrations; this tool writes it with the other changes, so create the key and .env before any manage.py command"),
        task_if(PLUGINS, "pip uninstall modoboa-postfix-autoreply modoboa-sievefilters (those installed)"),
        task("Dovecot: enable OAuth2 authentication (for the filters editor of the new interface)"),
        task("python manage.py modo repair"),
        task("uwsgi: buffer-size = 8192 (at least) in the instance's uwsgi configuration"),
        task("Postfix: remove every SORBS DNSBL (dnsbl.sorbs.net) from postscreen_dnsbl_sites and the other DNSBL lists"),
    ])
    .marks(&[
        import("environ", "").generic(),
        name("OAUTH2_PROVIDER").generic(),
        app("oauth2_provider").generic(),
        app("corsheaders").generic(),
        mw(CORS).generic(),
        app("modoboa.postfix_autoreply").until("2.4.0").optional(),
        app("modoboa.sievefilters").optional(),
    ])
    .migration_stop();
