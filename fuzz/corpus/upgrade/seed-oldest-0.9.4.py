# Django settings for modoboa project.
#
# Adapt the values below to your installation, then restart the processes
# that serve the application. Every setting is described in Django's
# documentation: http://docs.djangoproject.com/en/dev/ref/settings/

import os

MODOBOA_DIR = os.path.dirname(__file__)

DEBUG = False
TEMPLATE_DEBUG = DEBUG

# People who get the error notifications when DEBUG is False.
ADMINS = (
    # ('Your Name', 'your_email@example.com'),
)

# People who get the broken link notifications.
MANAGERS = ADMINS

# Database connections. ENGINE is 'django.db.backends.' followed by one of
# 'postgresql_psycopg2', 'postgresql', 'mysql', 'sqlite3' or 'oracle'.
# Leave HOST and PORT empty to use localhost and the default port.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": "mailng",
        "USER": "mailng",
        "PASSWORD": "mailngpass",
        "HOST": "",
        "PORT": "",
        # MySQL users only
        "OPTIONS": {
            "init_command": "SET foreign_key_checks = 0;",
        },
    },
    # Uncomment and adapt if you use the amavis quarantine extension
    #"amavis": {
    #    "ENGINE": "django.db.backends.mysql",
    #    "HOST": "localhost",
    #    "NAME": "amavis",
    #    "USER": "amavis",
    #    "PASSWORD": "secret"
    #}
}

# The quarantine extension reads the amavis database through this router.
DATABASE_ROUTERS = ["modoboa.extensions.amavis.dbrouter.AmavisRouter"]

# Local time zone of this installation. Any name of the tz database
# (http://en.wikipedia.org/wiki/List_of_tz_database_time_zones) will do, as
# long as the operating system knows it. On Windows, it must be the same as
# the system time zone.
TIME_ZONE = 'Europe/Paris'

# Language code of this installation. The list of codes is at
# http://www.i18nguy.com/unicode/language-identifiers.html
LANGUAGE_CODE = 'en-us'

# Identifier of this site in the django_site table (sites framework).
SITE_ID = 1

# Set to False to switch off the translation machinery (Django then skips
# loading it, which is slightly faster).
USE_I18N = True

# Absolute path of the directory that holds the uploaded media.
# Example: "/var/www/example.com/media/"
MEDIA_ROOT = os.path.join(MODOBOA_DIR, 'media')

# URL of the media served from MEDIA_ROOT. Use a trailing slash when there
# is a path component (it is optional otherwise).
# Examples: "http://media.example.com", "http://example.com/media/"
MEDIA_URL = '/media/'

# Absolute path of the directory where "collectstatic" gathers the static
# files of every application. Serve it from the web server.
STATIC_ROOT = os.path.join(MODOBOA_DIR, 'sitestatic')

# URL prefix of the static files.
STATIC_URL = '/sitestatic/'

# Keep this value secret and unique to this installation.
SECRET_KEY = '3q@z^8x&amp;w(m1k!v7e#p2r)l9s%n&amp;4t*c6y^b0h@j5u=f'

# Callables that know how to load templates from various sources.
TEMPLATE_LOADERS = (
    'django.template.loaders.filesystem.Loader',
    'django.template.loaders.app_directories.Loader',
#     'django.template.loaders.eggs.Loader',
)

# Classes that see every request and response, in this order.
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

# Python module that holds the URL patterns.
ROOT_URLCONF = 'modoboa.urls'

TEMPLATE_DIRS = (
    # Directories searched for templates, e.g. "/home/html/django_templates".
    # Use forward slashes, even on Windows, and absolute paths only.
    os.path.join(MODOBOA_DIR, 'templates'),
)

# Applications of this project: Django's own first.
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

    # Modoboa extensions here.
    'modoboa.extensions.limits',
    'modoboa.extensions.postfix_autoreply',
    'modoboa.extensions.webmail',
    'modoboa.extensions.stats',
    'modoboa.extensions.amavis',
    'modoboa.extensions.sievefilters',
)

# Tried in this order when somebody logs in.
AUTHENTICATION_BACKENDS = (
    'modoboa.lib.authbackends.SimpleBackend',
)

# Where users land after logging in.
LOGIN_REDIRECT_URL = '/modoboa/admin/'
LOGIN_URL = '/accounts/login/'
