//! `upgrade --show-settings`: the values each file would get and where they come from.

use crate::config::{ConfigError, Values};
use crate::discover::Target;
use crate::error::{render, Error};
use crate::report;

use super::upgrade_file::display_name;
use super::{colors, eprint, print, UpgradeArgs};

pub(super) fn show_settings(
    a: &UpgradeArgs,
    targets: &[Target],
    values: &[Result<Values, ConfigError>],
) -> i32 {
    let (_, err_colors) = colors(a.color);
    let mut status = 0;
    let mut text = String::new();
    let mut files = Vec::new();
    for (t, v) in targets.iter().zip(values) {
        let display = display_name(a, &t.path);
        match v {
            Ok(v) => {
                text.push_str(&report::settings_text(&display, v));
                files.push(report::settings_json(&display, v));
            }
            Err(e) => {
                status = 2;
                let e = Error::from(e.clone());
                eprint(&render(&e, err_colors));
                files.push(report::error_json(&display, &e.to_string()));
            }
        }
    }
    print(a.format, &text, || report::files_json(files));
    status
}
