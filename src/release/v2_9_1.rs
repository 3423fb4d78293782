//! 2.9.1, PDF credentials re-encrypted, optional doveadm HTTP API: no settings change is
//! required; the optional settings are left to the administrator.

use super::marks::*;
use super::{task, Release};

pub static RELEASE: Release = Release::new("2.9.1", "PDF credentials re-encrypted, optional doveadm HTTP API")
    .manual(&[
        task("after the upgrade: python manage.py reencrypt_pdf_credentials (converts the old credential documents; safe to run again)"),
        task("optional, only on a fresh installation or before any credential document or IMAP migration exists: MODOBOA_ENCRYPTION_KEY = '<a random string of 32+ characters>' in settings.py (data encrypted with the previous key cannot be read once it changes); not written by this tool"),
        task("optional, when Dovecot runs on another host: DOVECOT_OPERATION_MODE = 'rest', DOVEADM_API_URL = 'https://<dovecot_host>:8080/doveadm/v1', DOVEADM_API_KEY = '<doveadm_api_key of Dovecot>' (DOVEADM_API_TIMEOUT = 10 optional) in settings.py, and the doveadm HTTP API in Dovecot; not written by this tool"),
    ])
    .marks(&[
        name("MODOBOA_ENCRYPTION_KEY").optional(),
        name("DOVECOT_OPERATION_MODE").optional(),
    ]);
