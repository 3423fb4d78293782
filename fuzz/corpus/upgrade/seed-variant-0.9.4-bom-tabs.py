# Django settings for modoboa project.
# Réglages de Modoboa pour mail.exemple.fr (généré par modoboa-admin.py deploy,
# retouché à la main depuis ; éditeur : Notepad++).

import os

MODOBOA_DIR = os.path.dirname(__file__)

DEBUG = False 
TEMPLATE_DEBUG = DEBUG

ADMINS = (
	# ('Your Name', 'your_email@example.com'),
	('Équipe système', 'systeme@exemple.fr'),
)

MANAGERS = ADMINS

# Réglages de la base de données  
DATABASES = {
	"default": {
		"ENGINE": "django.db.backends.postgresql_psycopg2",
		"NAME": "modoboa",
		"USER": "modoboa",
		"PASSWORD": "p&amp;ssw0rd",
		"HOST": "",
		"PORT": "",
	},
	"amavis": {
		"ENGINE": "django.db.backends.postgresql_psycopg2",
		"HOST": "",
		"NAME": "amavis",
		"USER": "amavis",
		"PASSWORD": "am&lt;v1s&gt;"
	}
}

DATABASE_ROUTERS = ["modoboa.extensions.amavis.dbrouter.AmavisRouter"]

# Fuseau horaire et langue 
TIME_ZONE = 'Europe/Paris'

LANGUAGE_CODE = 'fr-FR'

SITE_ID = 1

	# Mettre à False pour désactiver la traduction.
USE_I18N = True

MEDIA_ROOT = os.path.join(MODOBOA_DIR, 'media')

MEDIA_URL = '/media/'

STATIC_ROOT = os.path.join(MODOBOA_DIR, 'sitestatic')

STATIC_URL = '/sitestatic/'

# Clé secrète : ne pas la diffuser.
SECRET_KEY = 'x1&amp;c^9(v@b2n!m3&amp;q#w4e)r5t%y6u*i7o_p8a=s0d-f'

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

ROOT_URLCONF = 'mailexemple.urls'

TEMPLATE_DIRS = (
	# Chemins absolus, avec des « / » même sous Windows.
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

	# Extensions Modoboa (désactivées : commentées) 
	'modoboa.extensions.limits',
	'modoboa.extensions.postfix_autoreply',
	'modoboa.extensions.webmail',
	#'modoboa.extensions.stats',
	'modoboa.extensions.amavis',
	'modoboa.extensions.sievefilters',
)

AUTHENTICATION_BACKENDS = ('modoboa.lib.authbackends.SimpleBackend',)

LOGIN_REDIRECT_URL = '/'
LOGIN_URL = '/accounts/login/'  
