//! The fast target: the same check as `upgrade` (`common.rs`), meant to be built like the
//! release binary (`cargo fuzz run -O -s none upgrade_fast`: optimized, no debug assertions, so no
//! splice cross-check, and no sanitizer). It runs at the speed of the tool itself, for volume:
//! wrong output, a second run that changes the file, internal errors, panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::run(data));
