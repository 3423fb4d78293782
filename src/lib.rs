//! modoboa-settings: upgrade a Modoboa `settings.py` from one release to another.
//!
//! The library holds everything; the binary (`src/main.rs`) only turns arguments into calls and
//! reports into output. The pipeline: [`source`] decodes the bytes, [`model`] parses them once
//! (through [`parse`], the only module that knows the parser, and [`scan`], the one scanner of
//! Python text) into a settings model with byte ranges, [`ops`] turns each operation of the
//! vocabulary into byte-range [`edit`]s, [`release`] declares every Modoboa release as a list of
//! steps built from those operations, [`engine`] runs the steps and re-parses the result, and
//! [`report`] prints diffs, text and JSON.

pub mod cli;
pub mod config;
pub mod detect;
pub mod discover;
pub mod edit;
pub mod encoding;
pub mod engine;
pub mod error;
pub mod fastparse;
pub mod lexer;
pub mod model;
pub mod ops;
pub mod parse;
pub mod path;
pub mod py2;
pub mod release;
pub mod report;
pub mod scan;
pub mod source;
pub mod syntax;
pub mod values;
pub mod write;
