# Django settings for modoboa project.
# NOTE: Python 2 only (hand edits from 2012); this file does not parse as Python 3.

import os

MODOBOA_DIR = os.path.dirname(__file__)

DEBUG = False
TEMPLATE_DEBUG = DEBUG

ADMINS = (
    (u'Administrateur', 'admin@example.org'),
)

MANAGERS = ADMINS

DATABASES = {
    "default" : {
        "ENGINE" : "django.db.backends.mysql",
        "NAME" : "modoboa",
        "USER" : "modoboa",
        "PASSWORD" : "b9Kd!2mx",
        "HOST" : "",
        "PORT" : "",
        "OPTIONS" : {
            "init_command" : "SET foreign_key_checks = 0;",
        },
    },
}

DATABASE_ROUTERS = ["modoboa.extensions.amavis.dbrouter.AmavisRouter"]

TIME_ZONE = 'Europe/Paris'
LANGUAGE_CODE = 'en-us'
SITE_ID = 1
USE_I18N = True

MEDIA_ROOT = os.path.join(MODOBOA_DIR, 'media')
MEDIA_URL = '/media/'

STATIC_ROOT = os.path.join(MODOBOA_DIR, 'sitestatic')
STATIC_URL = '/sitestatic/'

# Uploaded files must be readable by the web server.
FILE_UPLOAD_PERMISSIONS = 0644

SECRET_KEY = 'k7(^m@x&2e!p9w#q4z)s8v%l3n*b0j^t&c@h6y(u1r$f5g=d_a'

TEMPLATE_LOADERS = (
    'django.template.loaders.filesystem.Loader',
    'django.template.loaders.app_directories.Loader',
)

MIDDLEWARE_CLASSES = (
    'django.middleware.common.CommonMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.locale.LocaleMiddleware',
    'modoboa.lib.middleware.AjaxLoginRedirect',
    'modoboa.lib.middleware.CommonExceptionCatcher',
    'modoboa.lib.middleware.ExtControlMiddleware',
)

ROOT_URLCONF = 'modoboa.urls'

TEMPLATE_DIRS = (
    os.path.join(MODOBOA_DIR, 'templates'),
)

INSTALLED_APPS = (
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.sites',
    'django.contrib.messages',
    'django.contrib.staticfiles',
    'south',
    'modoboa',
    'modoboa.auth',
    'modoboa.lib',
    'modoboa.admin',
    'modoboa.userprefs',

    'modoboa.extensions.limits',
    'modoboa.extensions.postfix_autoreply',
    'modoboa.extensions.webmail',
    'modoboa.extensions.stats',
    'modoboa.extensions.amavis',
    'modoboa.extensions.sievefilters',
)

AUTHENTICATION_BACKENDS = (
    'modoboa.lib.authbackends.SimpleBackend',
    'django.contrib.auth.backends.ModelBackend',
)

LOGIN_REDIRECT_URL = '/modoboa/admin/'
LOGIN_URL = '/accounts/login/'

# Per-host overrides live in local_settings.py (not under version control).
try:
    from local_settings import *
except ImportError, e:
    print "modoboa: no local settings (%s)" % e
