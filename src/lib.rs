//! modoboa-settings: upgrade a Modoboa `settings.py` from one release to another.
//!
//! The library holds everything; the binary (`src/main.rs`) only turns arguments into calls and
//! reports into output. The layers, in pipeline order:
//!
//! 1. [`text`]: bytes in and out. A file is read and refused when it is not text
//!    ([`text::load`]), decoded ([`text::encoding`]), seen as lines ([`text::source`]), changed
//!    by byte-range edits ([`text::edit`]) and written back atomically ([`text::write`]).
//! 2. [`syntax`]: Python source as a tree with byte ranges. One scanner of Python text
//!    ([`syntax::scan`], the one place for strings, numbers, comments and line endings) serves
//!    the tokenizer ([`syntax::lexer`]), the Python 2 shadow ([`syntax::py2`]) and the depth
//!    guard; the tokens feed the builder of `NAME = value` statements ([`syntax::fastparse`]);
//!    the parser crate sees the rest ([`syntax::parse`], the only module that names it).
//! 3. [`model`]: the settings model over that tree: assignments, sequences, dicts, comments,
//!    paths into them ([`model::path`]), their values ([`model::values`]) and the file's style
//!    ([`model::style`]), kept up to date after each edit.
//! 4. [`ops`]: the operation vocabulary as data ([`ops::Op`], [`ops::Target`]), each operation
//!    giving all its edits at once; one-of-a-kind operations in [`ops::special`].
//! 5. [`release`]: every Modoboa release as data: its steps (lists of operations), its marks
//!    ([`release::marks`]) and its manual steps, in one table ([`release::RELEASES`]).
//! 6. The application: [`detect`] places a file at a release by its marks, [`engine`] runs the
//!    steps of a range, [`report`] prints diffs, text and JSON, [`cli`] turns arguments into
//!    all that ([`config`] for values from the environment and `pyproject.toml`, [`discover`]
//!    for directories, [`error`] for diagnostics).

pub mod text {
    //! Bytes in and out: reading, decoding, lines, edits, atomic writes.
    pub mod edit;
    pub mod encoding;
    pub mod source;
    pub mod write;
}
pub mod model;
pub mod ops;
pub mod release;
pub mod syntax;

pub mod colors;
pub mod detect;
pub mod drift;
pub mod engine;
pub mod load;
pub mod report;

pub mod cli;
pub mod config;
pub mod discover;
pub mod error;
