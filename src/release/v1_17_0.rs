//! 1.17.0, two-factor authentication: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::names::{OTP, TWO_FA};
use super::{known, Release};

pub static RELEASE: Release = known(
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
