# Django settings for mailng project.

import os

DEBUG = False
TEMPLATE_DEBUG = DEBUG

ADMINS = (
    ('Hostmaster', 'hostmaster@example.com'),
)

MANAGERS = ADMINS

DATABASE_ENGINE = 'mysql'
DATABASE_NAME = 'mailng'
DATABASE_USER = 'mailng'
DATABASE_PASSWORD = 'k2Wf8zLp'
DATABASE_HOST = ''
DATABASE_PORT = ''

# Connections to other databases, used by some extensions
# (amavis_quarantine). Uncomment and adapt if needed.
#DB_CONNECTIONS = {
#    "amavis_quarantine" : {
#        "driver" : "mysql",
#        "host" : "localhost",
#        "dbname" : "amavis",
#        "login" : "amavis",
#        "password" : "secret"
#        }
#    }

TIME_ZONE = 'Europe/Berlin'
LANGUAGE_CODE = 'de-de'
SITE_ID = 1
USE_I18N = True

MEDIA_ROOT = ''
MEDIA_URL = ''

SECRET_KEY = 'k7(^m@x&2e!p9w#q4z)s8v%l3n*b0j^t&c@h6y(u1r$f5g=d_a'

TEMPLATE_LOADERS = (
    'django.template.loaders.filesystem.load_template_source',
    'django.template.loaders.app_directories.load_template_source',
)

MIDDLEWARE_CLASSES = (
    'django.middleware.common.CommonMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
)

ROOT_URLCONF = 'mailng.urls'

MAILNG_DIR = os.path.dirname(__file__)

TEMPLATE_DIRS = (
    os.path.join(MAILNG_DIR, 'templates'),
)

STATIC_ROOTDIR = os.path.join(MAILNG_DIR, 'static')

TEMPLATE_CONTEXT_PROCESSORS = (
    'django.core.context_processors.auth',
    'django.core.context_processors.debug',
    'django.core.context_processors.i18n',
    'django.core.context_processors.media',
    'django.core.context_processors.request',
)

# The Django applications are shared with our other sites (see
# /srv/common/settings_base.py, copied here when we moved servers).
BASE_APPS = (
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.sites',
)

INSTALLED_APPS = BASE_APPS + (
    'south',
    'mailng',
    'mailng.lib',
    'mailng.admin',
    'mailng.userprefs',

    # MailNG extensions here.
    'mailng.extensions.postfix_autoreply',
    'mailng.extensions.webmail',
    #'mailng.extensions.stats',
    #'mailng.extensions.amavis_quarantine',
)

AUTHENTICATION_BACKENDS = (
    'django.contrib.auth.backends.ModelBackend',
    'mailng.lib.authbackends.SimpleBackend'
)

LOGIN_REDIRECT_URL = '/mailng/admin/'

# ---------------------------------------------------------------------
# Local overrides (added 2010-02 while chasing slow page loads; the
# block above is the stock file).
# ---------------------------------------------------------------------

MIDDLEWARE_CLASSES = (
    'django.middleware.gzip.GZipMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
)

SESSION_COOKIE_AGE = 3600
