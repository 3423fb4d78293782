//! The check both fuzz targets run (`upgrade`, `upgrade_fast`): arbitrary bytes through what
//! `modoboa-settings upgrade` does: decode and parse
//! (`load_bytes`), detect the release, upgrade to the newest, then check the output the way
//! the property tests do: it parses, it encodes back to the file's encoding, it loads again,
//! and a second run (the release detected again) changes nothing.
//!
//! The first byte, when the input has at least two, picks the starting release (the rest is
//! the file): 0 means "detect", as the command line does; anything else runs every step from
//! 0.7, which exercises the steps on files they were not written for.

use modoboa_settings::error::render;
use modoboa_settings::load::load_bytes;
use modoboa_settings::detect::detect;
use modoboa_settings::text::encoding;
use modoboa_settings::engine::{self, Request};
use modoboa_settings::model::SettingsFile;
use modoboa_settings::release::{Options, Release, RELEASES};
use modoboa_settings::report::{self, Colors};

fn request(from: &'static Release) -> Request {
    Request {
        from,
        to: modoboa_settings::release::newest(),
        options: Options {
            hostname: Some("mail.example.com".into()),
            ..Options::default()
        },
        only: Vec::new(),
        skip: Vec::new(),
    }
}

/// One input: panics (libFuzzer's finding) when a property does not hold.
pub fn run(data: &[u8]) {
    let (from_oldest, file) = match data.split_first() {
        Some((&mode, rest)) if !rest.is_empty() && mode.is_ascii_control() => (mode != 0, rest),
        _ => (false, data),
    };
    let loaded = match load_bytes(file.to_vec(), "settings.py") {
        Ok(l) => l,
        Err(e) => {
            // The command line renders every error with a code frame: that must not panic.
            let _ = render(&e, Colors(false));
            return;
        }
    };
    let from = if from_oldest {
        RELEASES[0]
    } else {
        // A file that is not Modoboa's is left alone by the command line; here it runs every
        // step, which exercises them on files they were not written for.
        detect(&loaded.file).release.unwrap_or(RELEASES[0])
    };
    let original = loaded.file.text().to_string();
    let up = engine::upgrade(loaded.file, &request(from)).expect("no internal error");
    let _ = report::diff("settings.py", &original, &up.output, Colors(false));
    let _ = report::diff_kept("settings.py", &original, &up.output, &up.kept, Colors(false));
    SettingsFile::parse(up.output.clone()).expect("the output parses");
    let bytes = encoding::encode(&up.output, &loaded.encoding).expect("the output encodes");
    let again = load_bytes(bytes, "settings.py").expect("the output loads");
    assert_eq!(again.file.text(), up.output);
    let from_again = detect(&again.file).release.unwrap_or(RELEASES[0]);
    let second = engine::upgrade(again.file, &request(from_again)).expect("no internal error");
    assert!(second.output == up.output, "a second run changed the file");
    assert!(
        second.applied.is_empty(),
        "a second run applied {:?}",
        second.applied
    );
}
