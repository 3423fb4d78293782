//! Printers over one report value: unified diff (`diff.rs`), human text (`text.rs`, and the
//! remarks beside it in `notes.rs`), JSON (`json.rs`), the checklists of `plan` and
//! `transforms` (`plan.rs`).
//!
//! The command line builds a [`FileReport`] per file (and the engine a [`crate::engine::Plan`])
//! and hands it to these functions; nothing here decides anything about the upgrade itself.

mod diff;
mod json;
mod notes;
mod plan;
mod text;

pub use crate::colors::Colors;
pub use diff::{diff, diff_bytes, diff_kept};
pub use json::{
    detect_empty_json, detect_error_json, detect_json, drift_no_facts_json, drift_not_modoboa_json,
    error_json, files_json, json, json_file, manual_json, settings_json,
};
pub use notes::{
    drift_no_facts_text, drift_not_modoboa_text, empty_reason, full_plan_note, left_alone,
    past_automated_note, removed_temp_note, run_again_note, run_summary, settings_text,
    stopped_note, stops_note, target_note, value_sources, would_rewrite, write_notes,
};
pub use plan::{plan_json, plan_markdown, plan_text, transforms_json, transforms_text};
pub use text::{detect_text, folded_manual, not_modoboa_text, quiet_attention, text, text_verbose};

use crate::detect::Detection;
use crate::engine::{Applied, Manual, Pending, Skipped};

/// Everything the tool has to say about one file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub path: String,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    /// The detection, when the starting release was detected rather than given.
    pub detected: Option<Detection>,
    pub changed: bool,
    pub written: bool,
    /// The lines of applied and skipped steps are those of the output (the file written), not
    /// those of the file given.
    pub lines_of_output: bool,
    pub applied: Vec<Applied>,
    pub pending: Vec<Pending>,
    pub skipped: Vec<Skipped>,
    pub manual: Vec<Manual>,
    /// The migration stops the upgrade goes past (`--to next-stop` stops at the first).
    pub stops: Vec<&'static str>,
    /// Why the file was left alone (not a Modoboa settings file), when it was.
    pub ignored: Option<String>,
    /// Remarks on the run (a target beyond what the tool automates, steps run again).
    pub notes: Vec<String>,
    pub error: Option<String>,
    /// Where the target came from: `flag`, `env`, `config`, `pin:<path>` or `latest`.
    pub target_source: Option<String>,
    /// A write without a target given stopped at this migration stop (exit 1).
    pub stopped_at: Option<&'static str>,
    /// With `--diff`: the unified diff (`Some(None)` when nothing changed). The JSON carries the
    /// key `diff` only when the diff was asked for.
    pub diff: Option<Option<String>>,
}
