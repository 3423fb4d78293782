# Django settings for modoboa project.
# Maintained on the Windows admin share; keep the CRLF line endings.

import os

MODOBOA_DIR = os.path.dirname(__file__)
MODOBOA_WEBPATH = "modoboa/"

DEBUG = False
TEMPLATE_DEBUG = DEBUG

# People who get the error notifications when DEBUG is False.
ADMINS = (
    ("IT Operations", "it-ops@myorg.example"),
)

# People who get the broken link notifications.
MANAGERS = ADMINS

# debug_toolbar is only shown to these addresses.
INTERNAL_IPS = ("127.0.0.1", "10.20.0.15")

# Database connections.
DATABASES = {
    "default" : {
        "ENGINE" : "django.db.backends.postgresql_psycopg2",
        "NAME" : "modoboa",
        "USER" : "modoboa",
        "PASSWORD" : "s3cr3t-pg",
        "HOST" : "pgsql.myorg.example",
        "PORT" : "",
    },
}

# The quarantine extension still uses the old connection setting.
DB_CONNECTIONS = {
    "amavis_quarantine" : {
        "driver" : "postgresql_psycopg2",
        "host" : "pgsql.myorg.example",
        "dbname" : "amavis",
        "login" : "amavis",
        "password" : "qu4rant1ne"
        }
    }

# Local time zone of this installation.
TIME_ZONE = "Europe/London"

# Language code of this installation.
LANGUAGE_CODE = "en-gb"

SITE_ID = 1

# Set to False to switch off the translation machinery.
USE_I18N = True

# Absolute path of the directory that holds the uploaded media.
MEDIA_ROOT = os.path.join(MODOBOA_DIR, "static")

# URL of the media served from MEDIA_ROOT.
MEDIA_URL = "/static/"

# Keep this value secret and unique to this installation.
SECRET_KEY = "d9^f(2k@r&x7m!q0w#e5t)y3u%i8o*p1a_s4g6h=j+l-z7c"

# Callables that know how to load templates from various sources.
TEMPLATE_LOADERS = (
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
)

# Classes that see every request and response, in this order.
MIDDLEWARE_CLASSES = (
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "debug_toolbar.middleware.DebugToolbarMiddleware",
    "modoboa.lib.middleware.ExtControlMiddleware",
    "modoboa.extensions.webmail.middleware.WebmailErrorMiddleware",
    "myorg.middleware.AuditMiddleware",  # writes to the audit trail
)

# Python module that holds the URL patterns.
ROOT_URLCONF = "modoboa.urls"

TEMPLATE_DIRS = (
    # Our branded templates first.
    "/srv/myorg/templates/modoboa",
    os.path.join(MODOBOA_DIR, "templates"),
)

INSTALLED_APPS = (
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "south",
    "modoboa",
    "modoboa.lib",
    "modoboa.admin",
    "modoboa.userprefs",

    # Modoboa extensions here.
    "modoboa.extensions.postfix_autoreply",
    "modoboa.extensions.webmail",
    "modoboa.extensions.stats",
    "modoboa.extensions.amavis_quarantine",

    # Our own applications.
    "debug_toolbar",
    "myorg.audit",
)

AUTHENTICATION_BACKENDS = (
    "django.contrib.auth.backends.ModelBackend",
    "modoboa.lib.authbackends.SimpleBackend"
)

# Where users land after logging in.
LOGIN_REDIRECT_URL = "/modoboa/admin/"

DEBUG_TOOLBAR_CONFIG = {
    "INTERCEPT_REDIRECTS": False,
}

# myorg.audit: where the audit trail goes.
AUDIT_LOG_DIR = "/var/log/myorg/audit"
