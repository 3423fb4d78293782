//! 1.6.0, the Modoboa API over https: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "1.6.0",
    "the Modoboa API over https",
    &[value(&["MODOBOA_API_URL"], "https://api.modoboa.org/1/").optional()],
);
