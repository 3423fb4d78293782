//! The thorough target: built with debug assertions (`cargo fuzz run -a upgrade`), so that every
//! splice of the settings model is compared with a full parse and integer overflow panics, and
//! with AddressSanitizer. About 50 executions per second; it catches what the fast target
//! cannot see (a model that drifts from the text). The check itself is in `common.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::run(data));
