//! Releases 1.1.2 to 2.9.3, known by their marks; their steps are not automated yet.
//!
//! Detection must place a file of any of these releases where it is, so that no older step
//! ever runs on it: each release declares the marks its generated files show (from Modoboa's
//! generated settings at each release tag) or that its upgrade note asks for. A release
//! without marks looks like the release before it. When a release's steps are written, it
//! moves to a file of its own, like the releases up to 1.1.1.

use super::marks::*;
use super::Release;

const REQUEST_CATCHER: &str = "modoboa.lib.middleware.RequestCatcherMiddleware";
const LOCAL_CONFIG: &str = "modoboa.core.middleware.LocalConfigMiddleware";
const OTP: &str = "django_otp.middleware.OTPMiddleware";
const TWO_FA: &str = "modoboa.core.middleware.TwoFAMiddleware";
const CORS: &str = "corsheaders.middleware.CorsMiddleware";
const PROCESSORS: &[&str] = &["TEMPLATE_CONTEXT_PROCESSORS", "TEMPLATES"];

/// A release known by its marks, not automated.
const fn known(version: &'static str, title: &'static str, marks: &'static [Mark]) -> Release {
    Release {
        version,
        title,
        steps: &[],
        manual: &[],
        marks,
        migration_stop: false,
        own_procedure: false,
        automated: false,
        owed: &[],
    }
}

pub static V1_1_2: Release = known(
    "1.1.2",
    "RevisionMiddleware replaced by RequestCatcherMiddleware",
    &[mw(REQUEST_CATCHER)],
);
pub static V1_1_6: Release = known("1.1.6", "no settings mark", &[]);
pub static V1_1_7: Release = known("1.1.7", "no settings mark", &[]);
pub static V1_2_0: Release = known(
    "1.2.0",
    "Django 1.6, BASE_DIR, the Modoboa API",
    &[
        name("MODOBOA_API_URL"),
        value(
            PROCESSORS,
            "modoboa.core.context_processors.top_notifications",
        )
        .until("2.4.0"),
        import("django.conf", "global_settings")
            .generic()
            .optional()
            .dropped("1.4.0"),
        app("modoboa.extensions.radicale").until("1.3.0").optional(),
    ],
);
pub static V1_2_2: Release = known("1.2.2", "no settings mark", &[]);
pub static V1_3_0: Release = known(
    "1.3.0",
    "extensions become packages, Django migrations",
    &[
        app("modoboa_admin").until("1.4.0"),
        app("modoboa_admin_limits").until("1.4.0").optional(),
        app("modoboa_admin_relaydomains").until("1.4.0").optional(),
        app("modoboa_amavis").until("2.5.0").optional(),
        app("modoboa_webmail").until("2.4.0").optional(),
        app("modoboa_stats").until("1.16.0").optional(),
        app("modoboa_postfix_autoreply").until("2.3.0").optional(),
        app("modoboa_sievefilters").until("2.3.0").optional(),
        app("modoboa_radicale").until("2.4.0").optional(),
        app("modoboa_contacts").until("2.4.0").optional(),
        app("modoboa_pdfcredentials").until("2.1.0").optional(),
        app("modoboa_dmarc").until("2.1.0").optional(),
        app("modoboa_imap_migration").until("2.1.0").optional(),
        value(
            &["DATABASE_ROUTERS"],
            "modoboa_amavis.dbrouter.AmavisRouter",
        )
        .until("2.5.0")
        .optional(),
    ],
);
pub static V1_3_2: Release = known(
    "1.3.2",
    "atomic requests",
    &[value(&["DATABASES"], "ATOMIC_REQUESTS").generic()],
);
pub static V1_3_5: Release = known(
    "1.3.5",
    "password policy",
    &[
        name("PASSWORD_MIN_LENGTH").generic().until("1.8.0"),
        name("PASSWORD_COMPLEXITY").generic().until("1.8.0"),
    ],
);
pub static V1_4_0: Release = known(
    "1.4.0",
    "Django 1.8, admin back in the core, the REST API",
    &[
        app("modoboa.relaydomains"),
        app("modoboa.limits"),
        app("rest_framework.authtoken").generic(),
        name("REST_FRAMEWORK").generic(),
        name("TEMPLATES").generic(),
    ],
);
pub static V1_4_3: Release = known("1.4.3", "no settings mark", &[]);
pub static V1_5_0: Release = known(
    "1.5.0",
    "Django 1.9, API documentation",
    &[
        app("rest_framework_swagger")
            .generic()
            .until("1.7.2")
            .optional(),
        app("rest_framework.swagger")
            .generic()
            .until("1.7.2")
            .optional(),
        name("SWAGGER_SETTINGS").generic().until("1.7.2"),
    ],
);
pub static V1_6_0: Release = known(
    "1.6.0",
    "the Modoboa API over https",
    &[value(&["MODOBOA_API_URL"], "https://api.modoboa.org/1/").optional()],
);
pub static V1_6_1: Release = known("1.6.1", "no settings mark", &[]);
pub static V1_6_2: Release = known("1.6.2", "no settings mark", &[]);
pub static V1_7_0: Release = known(
    "1.7.0",
    "Django 1.10, parameters application, TEMPLATES",
    &[app("modoboa.parameters"), mw(LOCAL_CONFIG)],
);
pub static V1_7_1: Release = known("1.7.1", "no settings mark", &[]);
pub static V1_7_2: Release = known(
    "1.7.2",
    "CKEditor, REST framework",
    &[
        app("ckeditor").generic().until("2.4.0"),
        app("ckeditor_uploader").generic().until("2.4.0"),
        name("CKEDITOR_UPLOAD_PATH")
            .generic()
            .until("2.4.0")
            .optional(),
        name("CKEDITOR_CONFIGS").generic().until("2.4.0").optional(),
        app("rest_framework").generic(),
    ],
);
pub static V1_8_0: Release = known(
    "1.8.0",
    "Django's password validators",
    &[
        value(
            &["AUTH_PASSWORD_VALIDATORS"],
            "modoboa.core.password_validation.ComplexityValidator",
        ),
        name("AUTH_PASSWORD_VALIDATORS").generic(),
    ],
);
pub static V1_8_3: Release = known(
    "1.8.3",
    "BASE_DIR resolves links",
    &[ident("BASE_DIR", "realpath").generic().optional()],
);
pub static V1_9_0: Release = known("1.9.0", "no settings mark", &[]);
pub static V1_10_0: Release = known(
    "1.10.0",
    "Django 1.11, MIDDLEWARE, transports",
    &[name("MIDDLEWARE").generic(), app("modoboa.transport")],
);
pub static V1_11_0: Release = known("1.11.0", "no settings mark", &[]);
pub static V1_12_0: Release = known("1.12.0", "no settings mark", &[]);
pub static V1_13_0: Release = known(
    "1.13.0",
    "DNS tools, secure cookies",
    &[app("modoboa.dnstools")],
);
pub static V1_13_1: Release = known("1.13.1", "no settings mark", &[]);
pub static V1_14_0: Release = known("1.14.0", "no settings mark", &[]);
pub static V1_15_0: Release = known(
    "1.15.0",
    "Python 3 only, Django 2.2",
    &[
        name("DISABLE_DASHBOARD_EXTERNAL_QUERIES"),
        name("PHONENUMBER_DB_FORMAT").generic().optional(),
        app("phonenumber_field").generic().optional(),
    ],
);
pub static V1_16_0: Release = known(
    "1.16.0",
    "Redis, policy daemon, mail log",
    &[
        name("REDIS_HOST").generic(),
        name("REDIS_URL").generic().optional(),
        app("modoboa.maillog").optional(),
        app("modoboa.policyd").optional(),
    ],
);
pub static V1_17_0: Release = known(
    "1.17.0",
    "two-factor authentication",
    &[
        name("OTP_TOTP_ISSUER").generic(),
        app("django_otp").generic(),
        app("django_otp.plugins.otp_totp").generic().optional(),
        app("django_otp.plugins.otp_static").generic().optional(),
        mw(OTP).generic().until("2.3.0"),
        mw(TWO_FA).until("2.3.0"),
    ],
);
pub static V2_0_0: Release = known(
    "2.0.0",
    "Django 3, the new admin interface, API v2",
    &[
        name("SPECTACULAR_SETTINGS").generic(),
        app("drf_spectacular").generic(),
        name("DEFAULT_AUTO_FIELD").generic(),
        value(
            &["REST_FRAMEWORK"],
            "modoboa.core.drf_authentication.JWTAuthenticationWith2FA",
        )
        .until("2.3.0"),
    ],
);
pub static V2_0_3: Release = known(
    "2.0.3",
    "DEFAULT_AUTO_FIELD back to AutoField",
    &[value(&["DEFAULT_AUTO_FIELD"], "django.db.models.AutoField")
        .generic()
        .optional()],
);
pub static V2_0_4: Release = known(
    "2.0.4",
    "throttling, PID files, the new admin URL",
    &[
        name("PID_FILE_STORAGE_PATH"),
        value(&["REST_FRAMEWORK"], "DEFAULT_THROTTLE_RATES").generic(),
        value(PROCESSORS, "modoboa.core.context_processors.new_admin_url").until("2.4.0"),
    ],
);
pub static V2_0_5: Release = known("2.0.5", "no settings mark", &[]);
pub static V2_1_0: Release = known(
    "2.1.0",
    "DMARC, PDF credentials and IMAP migration in the core",
    &[
        app("django_rename_app").generic().optional(),
        app("modoboa.dmarc").optional(),
        app("modoboa.pdfcredentials").optional(),
        app("modoboa.imap_migration").optional(),
        value(
            &["AUTHENTICATION_BACKENDS"],
            "modoboa.imap_migration.auth_backends.IMAPBackend",
        )
        .optional(),
    ],
);
pub static V2_2_0: Release = known(
    "2.2.0",
    "Django 4, RQ workers",
    &[name("RQ_QUEUES").generic(), app("django_rq").generic()],
);
pub static V2_2_3: Release = known(
    "2.2.3",
    "Redis cache",
    &[value(&["RQ_QUEUES"], "modoboa").optional()],
);
pub static V2_3_0: Release = known(
    "2.3.0",
    "OAuth2 and OpenID Connect, CORS",
    &[
        import("environ", "").generic(),
        name("OAUTH2_PROVIDER").generic(),
        app("oauth2_provider").generic(),
        app("corsheaders").generic(),
        mw(CORS).generic(),
        app("modoboa.postfix_autoreply").until("2.4.0").optional(),
        app("modoboa.sievefilters").optional(),
    ],
);
pub static V2_3_3: Release = known(
    "2.3.3",
    "CKEditor warning silenced",
    &[value(&["SILENCED_SYSTEM_CHECKS"], "ckeditor.W001")
        .generic()
        .until("2.4.0")
        .optional()],
);
pub static V2_4_0: Release = known(
    "2.4.0",
    "Django 5.2, autoreply, contacts and calendars in the core",
    &[
        app("modoboa.autoreply").optional(),
        app("modoboa.contacts").optional(),
        app("modoboa.calendars").optional(),
        app("modoboa.rspamd").optional(),
    ],
);
pub static V2_4_1: Release = known("2.4.1", "no settings mark", &[]);
pub static V2_4_2: Release = known(
    "2.4.2",
    "webmail in the core",
    &[app("modoboa.webmail").optional()],
);
pub static V2_5_0: Release = known(
    "2.5.0",
    "amavis in the core",
    &[
        app("modoboa.amavis").optional(),
        name("AMAVIS_DEFAULT_DATABASE_ENCODING").optional(),
        value(
            &["DATABASE_ROUTERS"],
            "modoboa.amavis.dbrouter.AmavisRouter",
        )
        .optional(),
    ],
);
pub static V2_6_0: Release = known(
    "2.6.0",
    "autoconfig and autodiscover",
    &[
        app("modoboa.autoconfig"),
        name("EMAIL_CLIENT_CONNECTION_SETTINGS"),
    ],
);
pub static V2_6_1: Release = known(
    "2.6.1",
    "DNS checks logged to syslog",
    &[value(&["LOGGING"], "modoboa.dns").optional()],
);
pub static V2_6_3: Release = known(
    "2.6.3",
    "API filters",
    &[
        app("django_filters").generic().optional(),
        value(&["SPECTACULAR_SETTINGS"], "DEFAULT_FILTER_INSPECTORS")
            .generic()
            .optional(),
    ],
);
pub static V2_7_0: Release = known(
    "2.7.0",
    "Dovecot and privileged RQ queues, cron_config.py",
    &[
        value(&["RQ_QUEUES"], "dovecot"),
        value(&["RQ_QUEUES"], "privileged"),
    ],
);
pub static V2_8_0: Release = known(
    "2.8.0",
    "the API schema is public",
    &[value(
        &["SPECTACULAR_SETTINGS"],
        "rest_framework.permissions.AllowAny",
    )
    .generic()],
);
pub static V2_9_0: Release = known(
    "2.9.0",
    "themes",
    &[value(PROCESSORS, "modoboa.core.context_processors.theme")],
);
pub static V2_9_1: Release = known(
    "2.9.1",
    "PDF credentials re-encrypted, optional doveadm HTTP API",
    &[
        name("MODOBOA_ENCRYPTION_KEY").optional(),
        name("DOVECOT_OPERATION_MODE").optional(),
    ],
);
pub static V2_9_2: Release = known("2.9.2", "no settings mark", &[]);
pub static V2_9_3: Release = known("2.9.3", "no settings mark", &[]);
