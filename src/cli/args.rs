//! The arguments of the command line, as clap reads them: every subcommand, flag, default and
//! help text (`--help`, the completions and the manual page are made from these).

use clap::{Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::ArgValueCandidates;

use super::candidates;

#[derive(Debug, Parser)]
#[command(
    name = "modoboa-settings",
    version,
    about = "Upgrade a Modoboa settings.py from one release to another"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Upgrade settings files (shows a diff unless --write or --check).
    Upgrade(UpgradeArgs),
    /// Tell which release each file is at, with the evidence.
    Detect(DetectArgs),
    /// How each file differs from a fresh install of its release (or of --to): what the
    /// deploy template has that the file lacks, and what the file still has that it dropped.
    Drift(DriftArgs),
    /// The checklist of an upgrade: automated and manual steps, in release order.
    Plan(PlanArgs),
    /// List the releases and their steps.
    Transforms(TransformsArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout.
    Completions(CompletionsArgs),
    /// Print a manual page (roff) on stdout, or write them all into a directory:
    /// `modoboa-settings man upgrade | man -l -`.
    Man(ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The formats of `plan`: those of every subcommand, and a Markdown checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Text,
    Json,
    /// A checklist with `- [ ]` boxes, to paste into a ticket.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct UpgradeArgs {
    /// Settings files; `-` reads standard input.
    #[arg(required = true, value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub paths: Vec<String>,
    /// Target release, `latest` or `next-stop` (the first migration stop after the file's
    /// release). Default: `to` [env: MODOBOA_SETTINGS_TO; pyproject.toml: to], else the
    /// `modoboa==X` pinned beside or above the file (requirements*.txt, constraints*.txt,
    /// pyproject.toml dependencies), else `latest`; without one, `--write` stops at the first
    /// migration stop.
    #[arg(long, value_name = "RELEASE",
          add = ArgValueCandidates::new(candidates::upgrade_targets))]
    pub to: Option<String>,
    /// Starting release (default: detected per file).
    #[arg(long, value_name = "RELEASE", add = ArgValueCandidates::new(candidates::release_names))]
    pub from: Option<String>,
    /// Print a unified diff (the default unless --write or --check).
    #[arg(long)]
    pub diff: bool,
    /// Rewrite the files in place (with `-`, print the new file).
    #[arg(short = 'w', long)]
    pub write: bool,
    /// Write nothing; report the files that would change.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// The server's fully qualified host name (1.0.0's ALLOWED_HOSTS)
    /// [env: MODOBOA_SETTINGS_HOSTNAME; pyproject.toml: hostname].
    #[arg(long, value_name = "FQDN", value_hint = ValueHint::Hostname)]
    pub hostname: Option<String>,
    /// The mail domain, where a release asks for one
    /// [env: MODOBOA_SETTINGS_MAIL_DOMAIN; pyproject.toml: mail-domain].
    #[arg(long, value_name = "DOMAIN", value_hint = ValueHint::Hostname)]
    pub mail_domain: Option<String>,
    /// Where Dovecot may be installed (repeatable; default the manual's two paths)
    /// [env: MODOBOA_SETTINGS_DOVECOT_PATH, separated by ':'; pyproject.toml: dovecot-path].
    #[arg(long = "dovecot-path", value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub dovecot_path: Vec<String>,
    /// Print the values (--hostname, --mail-domain, --dovecot-path) each file would get and
    /// where they come from (flag, environment, pyproject.toml), and do nothing else.
    #[arg(long)]
    pub show_settings: bool,
    /// Print only the diff, errors and one line per file that needs attention (would be
    /// rewritten, steps pending or skipped).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the evidence of detection and where each value came from.
    #[arg(short, long)]
    pub verbose: bool,
    /// Also add what a fresh install of the target has and the file lacks, where that is
    /// safe and the value known (steps `drift/...`; `modoboa-settings drift` lists them all).
    #[arg(long)]
    pub with_drift: bool,
    /// Run only these steps or releases (repeatable).
    #[arg(long, value_name = "ID|RELEASE", add = ArgValueCandidates::new(candidates::steps))]
    pub only: Vec<String>,
    /// Do not run these steps or releases (repeatable).
    #[arg(long, value_name = "ID|RELEASE", add = ArgValueCandidates::new(candidates::steps))]
    pub skip: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Colour: auto uses it on a terminal; FORCE_COLOR and CLICOLOR_FORCE force it, NO_COLOR
    /// and TERM=dumb disable it; this flag wins over all.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// The name to show for standard input.
    #[arg(long, value_name = "NAME", value_hint = ValueHint::FilePath)]
    pub stdin_filename: Option<String>,
    /// Exit 0 when files changed or would change (errors still exit 2).
    #[arg(long)]
    pub exit_zero_even_if_changed: bool,
    /// With --write, keep the previous file as PATH.orig (or PATH<SUFFIX>).
    #[arg(long, value_name = "SUFFIX", num_args = 0..=1, require_equals = true, default_missing_value = ".orig", requires = "write")]
    pub backup: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct DetectArgs {
    /// Settings files, or directories (the settings.py files below them).
    #[arg(required = true, value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct DriftArgs {
    #[arg(required = true, value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub paths: Vec<String>,
    /// Compare with a fresh install of this release (default: the file's own release).
    #[arg(long, value_name = "RELEASE", add = ArgValueCandidates::new(candidates::release_names))]
    pub to: Option<String>,
    /// Exit 1 when a file drifts (by default drift is advice: exit 0).
    #[arg(long)]
    pub strict: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Starting release (default: detected from PATH).
    #[arg(long, value_name = "RELEASE", add = ArgValueCandidates::new(candidates::release_names))]
    pub from: Option<String>,
    #[arg(long, default_value = "latest", value_name = "RELEASE",
          add = ArgValueCandidates::new(candidates::targets))]
    pub to: String,
    /// `markdown` prints a checklist with `- [ ]` boxes, to paste into a ticket.
    #[arg(long, value_enum, default_value = "text")]
    pub format: PlanFormat,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// A settings file to detect the starting release from (or a directory holding one).
    #[arg(value_hint = ValueHint::AnyPath)]
    pub path: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct TransformsArgs {
    #[arg(long, default_value = "latest", value_name = "RELEASE",
          add = ArgValueCandidates::new(candidates::targets))]
    pub to: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (default: the page of modoboa-settings itself).
    #[arg(value_parser = ["upgrade", "detect", "drift", "plan", "transforms", "completions", "man"])]
    pub subcommand: Option<String>,
    /// Write every page into DIR (created if missing) as modoboa-settings.1,
    /// modoboa-settings-upgrade.1, ..., and print their paths.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, conflicts_with = "subcommand")]
    pub dir: Option<String>,
}
