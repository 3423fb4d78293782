//! 2.6.3, API filters: its template adds django_filters and the filter inspector of the API
//! schema; the guide asks for no settings change.

use super::marks::*;
use super::Release;

pub static RELEASE: Release = Release::new("2.6.3", "API filters")
    .marks(&[
        app("django_filters").generic().optional(),
        value(&["SPECTACULAR_SETTINGS"], "DEFAULT_FILTER_INSPECTORS")
            .generic()
            .optional(),
    ]);
