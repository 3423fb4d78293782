//! `detect`: the release of each file, with the evidence.

use crate::error::render;
use crate::load::load;
use crate::report;

use super::{colors, eprint, print, DetectArgs};

pub(super) fn detect(a: &DetectArgs) -> i32 {
    let (_, err_colors) = colors(a.color);
    let mut status = 0;
    let mut files = Vec::new();
    let mut text = String::new();
    for path in &a.paths {
        match load(path, path) {
            Ok(l) => {
                let d = crate::detect::detect(&l.file);
                text.push_str(&report::detect_text(path, &d));
                files.push(report::detect_json(path, &d));
            }
            Err(e) => {
                status = 2;
                eprint(&render(&e, err_colors));
                files.push(report::detect_error_json(path, &e.to_string()));
            }
        }
    }
    print(a.format, &text, || report::files_json(files));
    status
}
