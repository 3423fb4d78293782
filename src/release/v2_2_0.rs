//! 2.2.0, Django 4, RQ workers: known by its marks; its steps are not automated yet.

use super::marks::*;
use super::{known, Release};

pub static RELEASE: Release = known(
    "2.2.0",
    "Django 4, RQ workers",
    &[name("RQ_QUEUES").generic(), app("django_rq").generic()],
);
