//! The operation vocabulary: each operation reads the settings model and returns byte-range edits.
//!
//! Operations never re-print anything: they compute [`Edit`](crate::text::edit::Edit)s against
//! the text as it is, copying the style of the container they touch (quotes, indentation,
//! one-per-line or one-line layout, trailing-comma habit, `key : value` spacing) and the file's
//! line ending. Each is idempotent: on a file that already has the result it returns no edit. A
//! setting the operation cannot edit safely gives [`Outcome::Skip`] with the reason and the
//! place.
//!
//! [`Op`] (in `op.rs`) is the vocabulary as data; each of its variants has a function of the same
//! name (`Op::RenameSetting` -> [`statements::rename_setting`]) in the module for what it edits.

/// `?` for an operation: an `Unsafe` becomes the operation's skip. Defined before the
/// modules below, which use it too.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(u) => return Outcome::Skip(u),
        }
    };
}

pub mod names;
mod op;
pub mod outcome;
pub mod special;

// What an operation edits.
pub mod containers;
pub mod dicts;
pub mod imports;
pub mod sequences;
pub mod statements;

// The larger rewrites, each named for what it does.
pub mod blocks;
pub mod django_defaults;
pub mod guarded;
pub mod loaders;
pub mod order;
pub mod python3;
pub mod templates;

pub use crate::model::apps::enabled_apps;
pub use crate::model::style::{container_quote, key_separator, quoted, requote};
pub use dicts::dict;
pub use names::DEFAULT_DOVECOT_PATHS;
pub use op::{Cond, Ctx, Op, Opt, Options, Target};
pub use outcome::{At, Near, Outcome, Place, Slot};
pub use statements::binding_stmt;
