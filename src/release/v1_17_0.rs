//! 1.17.0, two-factor authentication: django-otp applications and middleware, the TOTP
//! issuer, LocaleMiddleware after SessionMiddleware.

use super::marks::*;
use super::names::{AUTH, COMMON, INSTALLED_APPS, LOCALE, OTP, SESSION, TWO_FA};
use super::{task, Cond, Op, Opt, Release, Step, Target};
use crate::ops::{At, Place};

const MIDDLEWARE: Target = Target::Name("MIDDLEWARE");
const INSTALLED: Target = Target::Name(INSTALLED_APPS);

// Owed steps: The two-factor views read it; the host name is the administrator's, so the step waits
// for --hostname and stays owed until it is given.
pub static RELEASE: Release = Release::new("1.17.0", "two-factor authentication")
    .steps(&[
        Step::new(
            "1.17.0/otp-apps",
            "INSTALLED_APPS: add 'django_otp', 'django_otp.plugins.otp_totp' and 'django_otp.plugins.otp_static'",
            &[
                Op::Ensure { target: INSTALLED, value: "django_otp", at: At::after(&["rest_framework.authtoken"]) },
                Op::Ensure { target: INSTALLED, value: "django_otp.plugins.otp_totp", at: At::after(&["django_otp"]) },
                Op::Ensure { target: INSTALLED, value: "django_otp.plugins.otp_static", at: At::after(&["django_otp.plugins.otp_totp", "django_otp"]) },
            ],
        ),
        Step::new(
            "1.17.0/policyd-app",
            "MODOBOA_APPS: add 'modoboa.policyd' where the 1.16.0 installer left it out (the guide asks for it at 1.16.0; the template lists it from 1.16.1)",
            &[Op::Ensure {
                target: Target::Apps,
                value: "modoboa.policyd",
                at: At::between(&["modoboa.dnstools", "modoboa.parameters"], &["modoboa.maillog"]),
            }],
        ),
        Step::new(
            "1.17.0/otp-middleware",
            "MIDDLEWARE: OTPMiddleware and TwoFAMiddleware right after AuthenticationMiddleware",
            &[
                Op::Anchor { target: MIDDLEWARE, value: OTP, after: &[AUTH], before: &[] },
                Op::Anchor { target: MIDDLEWARE, value: TWO_FA, after: &[OTP], before: &[] },
            ],
        ),
        Step::new(
            "1.17.0/locale-middleware",
            "MIDDLEWARE: LocaleMiddleware after SessionMiddleware and before CommonMiddleware (moved right after SessionMiddleware)",
            &[Op::Anchor { target: MIDDLEWARE, value: LOCALE, after: &[SESSION], before: &[COMMON] }],
        ),
        Step::new(
            "1.17.0/totp-issuer",
            "add OTP_TOTP_ISSUER = the server's host name (a value already set is kept)",
            &[Op::When {
                cond: Cond::Not(&Cond::Assigned("OTP_TOTP_ISSUER")),
                ops: &[Op::SetOption {
                    name: "OTP_TOTP_ISSUER",
                    option: Opt::Hostname,
                    place: Place::after(&["AUTH_PASSWORD_VALIDATORS", "REDIS_URL"]),
                }],
            }],
        ).owed(),
    ])
    .manual(&[task("install the new requirements in the virtual environment: `pip install django-otp qrcode`")])
    .marks(&[
        name("OTP_TOTP_ISSUER").generic(),
        app("django_otp").generic(),
        app("django_otp.plugins.otp_totp").generic().optional(),
        app("django_otp.plugins.otp_static").generic().optional(),
        mw(OTP).generic().until("2.3.0"),
        mw(TWO_FA).until("2.3.0"),
    ]);
