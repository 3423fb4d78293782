//! 2.3.0, OAuth2 and OpenID Connect, CORS: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::names::CORS;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.3.0",
    "OAuth2 and OpenID Connect, CORS",
    &[
        import("environ", "").generic(),
        name("OAUTH2_PROVIDER").generic(),
        app("oauth2_provider").generic(),
        app("corsheaders").generic(),
        mw(CORS).generic(),
        app("modoboa.postfix_autoreply").until("2.4.0").optional(),
        app("modoboa.sievefilters").optional(),
    ],
);
