//! `drift`: how each file differs from a fresh install of its release (or of `--to`).

use crate::engine;
use crate::error::render;
use crate::load::load;
use crate::report;

use super::{colors, eprint, fail, print, DriftArgs};

pub(super) fn drift(a: &DriftArgs) -> i32 {
    let (_, err_colors) = colors(a.color);
    let to = match a.to.as_deref().map(engine::find_release).transpose() {
        Ok(t) => t,
        Err(e) => return fail(&e, err_colors),
    };
    let mut status = 0;
    let mut files = Vec::new();
    let mut text = String::new();
    for path in &a.paths {
        let loaded = match load(path, path) {
            Ok(l) => l,
            Err(e) => {
                status = 2;
                eprint(&render(&e, err_colors));
                files.push(report::detect_error_json(path, &e.to_string()));
                continue;
            }
        };
        let Some(release) = to.or_else(|| crate::detect::detect(&loaded.file).release) else {
            text.push_str(&report::drift_not_modoboa_text(path));
            files.push(report::drift_not_modoboa_json(path));
            continue;
        };
        match crate::drift::drift(&loaded.file, release) {
            Some(d) => {
                if a.strict && (!d.missing.is_empty() || !d.dropped.is_empty()) && status == 0 {
                    status = 1;
                }
                text.push_str(&crate::drift::text(path, &d));
                files.push(crate::drift::json(path, &d));
            }
            None => {
                text.push_str(&report::drift_no_facts_text(path, release));
                files.push(report::drift_no_facts_json(path, release));
            }
        }
    }
    print(a.format, &text, || report::files_json(files));
    status
}
