//! modoboa-settings: upgrade a Modoboa `settings.py` from one release to another.
//!
//! The library holds everything; the binary (`src/main.rs`) only calls [`cli::main`]. The
//! layers, lowest first; each imports only the layers below it (`tests/house.rs` checks it,
//! and that no two modules import each other):
//!
//! 1. [`text`]: bytes in and out: decoding ([`text::encoding`]), lines ([`text::source`]),
//!    byte-range edits ([`text::edit`]) and atomic, locked writes ([`text::write`]).
//! 2. [`syntax`]: Python source as a tree with byte ranges. One scanner of Python text
//!    ([`syntax::scan`]) serves the tokenizer ([`syntax::lexer`]), the Python 2 shadow
//!    ([`syntax::py2`]) and the depth guard ([`syntax::depth`]); the tokens feed the builder of
//!    `NAME = value` statements ([`syntax::fastparse`]); the parser crate sees the rest
//!    ([`syntax::parse`], the only module that names it).
//! 3. [`model`]: the settings model over that tree: assignments, sequences, dicts, comments,
//!    the enabled applications, paths into values ([`model::path`]), their values
//!    ([`model::values`]) and the file's style ([`model::style`]), kept up to date after each
//!    edit.
//! 4. [`ops`]: the operation vocabulary as data ([`ops::Op`], [`ops::Target`]), filed by what an
//!    operation edits (sequences, containers, statements, imports, dicts, and the larger
//!    rewrites), each `Op` variant's function named after it; one-of-a-kind operations in
//!    [`ops::special`].
//! 5. [`release`]: every Modoboa release as data, one file each: its steps, marks
//!    ([`release::marks`]) and manual steps, listed once in [`release::RELEASES`].
//! 6. The application: [`load`] reads and parses a file, [`detect`] places it at a release by
//!    its marks, [`drift`] compares it with a release's deploy template, [`engine`] decides the
//!    release range and runs its steps and computes the checklist, [`report`] prints diffs,
//!    text and JSON, [`config`] takes values from the environment and `pyproject.toml`,
//!    [`discover`] finds settings files below a directory, [`error`] renders diagnostics in
//!    the [`colors`] chosen.
//! 7. [`cli`]: arguments in, exit status out, one file per subcommand.

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
