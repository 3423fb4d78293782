# Django settings for mailng project.
#
# Adapt the values below to your installation, then restart the processes
# that serve the application. Every setting is described in Django's
# documentation: http://docs.djangoproject.com/en/dev/ref/settings/

import os

DEBUG = False 
TEMPLATE_DEBUG = DEBUG

# People who get the error notifications when DEBUG is False.
ADMINS = (
	# ('Your Name', 'your_email@example.com'),
)

# People who get the broken link notifications.
MANAGERS = ADMINS

# Database connection. DATABASE_ENGINE is one of 'postgresql_psycopg2',
# 'postgresql', 'mysql', 'sqlite3' or 'oracle'. Leave DATABASE_HOST and
# DATABASE_PORT empty to use localhost and the default port.
DATABASE_ENGINE = 'mysql'
DATABASE_NAME = 'mailng'
DATABASE_USER = 'mailng'
DATABASE_PASSWORD = 'mailngpass'
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
MEDIA_ROOT = ''

# URL of the media served from MEDIA_ROOT. Use a trailing slash when there
# is a path component (it is optional otherwise).
# Examples: "http://media.example.com", "http://example.com/media/"
MEDIA_URL = ''

# Keep this value secret and unique to this installation.
SECRET_KEY = 'k7(^m@x&2e!p9w#q4z)s8v%l3n*b0j^t&c@h6y(u1r$f5g=d_a'

# Callables that know how to load templates from various sources.
TEMPLATE_LOADERS = (
    'django.template.loaders.filesystem.load_template_source',
    'django.template.loaders.app_directories.load_template_source',
#     'django.template.loaders.eggs.load_template_source',
)

# Classes that see every request and response, in this order.
MIDDLEWARE_CLASSES = (
    'django.middleware.common.CommonMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
)

# Python module that holds the URL patterns.
ROOT_URLCONF = 'mailng.urls'

MAILNG_DIR = os.path.dirname(__file__)

TEMPLATE_DIRS = (
	# Directories searched for templates, e.g. "/home/html/django_templates".
    # Use forward slashes, even on Windows, and absolute paths only.
    os.path.join(MAILNG_DIR, 'templates'),
)

# Directory of the static files (style sheets, javascript, images).
STATIC_ROOTDIR = os.path.join(MAILNG_DIR, 'static')

# Callables whose results are available in every template context.
TEMPLATE_CONTEXT_PROCESSORS = (
    'django.core.context_processors.auth',
    'django.core.context_processors.debug',
    'django.core.context_processors.i18n',
    'django.core.context_processors.media',
    'django.core.context_processors.request',
)

# Applications of this project: Django's own first.
INSTALLED_APPS = (
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.sites',
    'south',
    'mailng',
    'mailng.lib',
    'mailng.admin',
    'mailng.userprefs',

    # MailNG extensions here.
    'mailng.extensions.postfix_autoreply',
    'mailng.extensions.webmail',
    #'mailng.extensions.stats',
    # 'mailng.extensions.amavis_quarantine',
)

# Tried in this order when somebody logs in.
AUTHENTICATION_BACKENDS = (
    'django.contrib.auth.backends.ModelBackend',
    'mailng.lib.authbackends.SimpleBackend'
)

# Where users land after logging in.
LOGIN_REDIRECT_URL = '/mailng/admin/'
