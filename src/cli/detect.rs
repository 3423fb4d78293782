//! `detect`: the release of each file, with the evidence. A directory stands for the settings
//! files below it, found as `upgrade` finds them.

use crate::discover;
use crate::error::{render, Error};
use crate::load::load;
use crate::report;

use super::{colors, eprint, print, DetectArgs};

pub(super) fn detect(a: &DetectArgs) -> i32 {
    let (out_colors, err_colors) = colors(a.color);
    let mut status = 0;
    let mut files = Vec::new();
    let mut text = String::new();
    for target in discover::targets(&a.paths) {
        let path = target.path.as_str();
        let loaded = match &target.problem {
            Some(problem) => Err(Error::Read {
                path: path.into(),
                message: problem.clone(),
            }),
            None => load(path, path),
        };
        match loaded {
            Ok(l) => {
                let d = crate::detect::detect(&l.file);
                text.push_str(&report::detect_text(path, &d, out_colors));
                files.push(report::detect_json(path, &d));
            }
            // An empty or comment-only file is not Modoboa's (as for `upgrade`), not an error.
            Err(Error::Empty { what, .. }) => {
                let reason = report::empty_reason(what);
                text.push_str(&report::not_modoboa_text(path, Some(&reason), out_colors));
                files.push(report::detect_empty_json(path, &reason));
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
