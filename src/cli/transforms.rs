//! `transforms`: the releases and their steps.

use crate::engine;
use crate::report;

use super::{colors, fail, out, Format, TransformsArgs};

pub(super) fn transforms(a: &TransformsArgs) -> i32 {
    let (out_colors, err_colors) = colors(a.color);
    let releases = match engine::releases_up_to(&a.to) {
        Ok(r) => engine::catalogue(r),
        Err(e) => return fail(&e, err_colors),
    };
    let text = match a.format {
        Format::Text => report::transforms_text(&releases, out_colors),
        Format::Json => report::transforms_json(&releases),
    };
    out(text.as_bytes());
    0
}
