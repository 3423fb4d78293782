//! 2.6.3, API filters: its template adds django_filters and the filter inspector of the API
//! schema; the guide asks for no settings change.

use super::marks::*;
use super::Release;

pub static RELEASE: Release = Release {
    version: "2.6.3",
    title: "API filters",
    steps: &[],
    manual: &[],
    marks: &[
        app("django_filters").generic().optional(),
        value(&["SPECTACULAR_SETTINGS"], "DEFAULT_FILTER_INSPECTORS")
            .generic()
            .optional(),
    ],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
