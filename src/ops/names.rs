//! Full names of the Django and Modoboa settings, middleware and applications the steps talk
//! about, and the manual's default DOVECOT_LOOKUP_PATH entries.

pub use crate::model::apps::{INSTALLED_APPS, MODOBOA_APPS};

pub const COMMON: &str = "django.middleware.common.CommonMiddleware";
pub const SESSION: &str = "django.contrib.sessions.middleware.SessionMiddleware";
pub const AUTH: &str = "django.contrib.auth.middleware.AuthenticationMiddleware";
pub const MESSAGES: &str = "django.contrib.messages.middleware.MessageMiddleware";
pub const LOCALE: &str = "django.middleware.locale.LocaleMiddleware";
pub const CSRF: &str = "django.middleware.csrf.CsrfViewMiddleware";
pub const EXTCONTROL: &str = "modoboa.lib.middleware.ExtControlMiddleware";
pub const AJAX_LOGIN: &str = "modoboa.lib.middleware.AjaxLoginRedirect";
pub const EXCEPTION_CATCHER: &str = "modoboa.lib.middleware.CommonExceptionCatcher";
pub const WEBMAIL_ERROR: &str = "modoboa.extensions.webmail.middleware.WebmailErrorMiddleware";
pub const REVISION: &str = "reversion.middleware.RevisionMiddleware";
pub const MODEL_BACKEND: &str = "django.contrib.auth.backends.ModelBackend";
pub const SIMPLE_BACKEND: &str = "modoboa.lib.authbackends.SimpleBackend";
pub const MIDDLEWARE_CLASSES: &str = "MIDDLEWARE_CLASSES";
pub const REQUEST_CATCHER: &str = "modoboa.lib.middleware.RequestCatcherMiddleware";
pub const LOCAL_CONFIG: &str = "modoboa.core.middleware.LocalConfigMiddleware";
pub const OTP: &str = "django_otp.middleware.OTPMiddleware";
pub const TWO_FA: &str = "modoboa.core.middleware.TwoFAMiddleware";
pub const CORS: &str = "corsheaders.middleware.CorsMiddleware";
/// Where the context processors are: the legacy setting, or TEMPLATES (from 1.4.0/1.7.0).
pub const PROCESSORS: &[&str] = &["TEMPLATE_CONTEXT_PROCESSORS", "TEMPLATES"];

/// The default DOVECOT_LOOKUP_PATH entries (the manual's).
pub const DEFAULT_DOVECOT_PATHS: [&str; 2] = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"];
