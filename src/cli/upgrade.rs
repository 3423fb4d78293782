//! `upgrade`: the checks that stop a run before any file is read, the values of each file, then
//! every file in parallel ([`super::upgrade_file`]) and their output in order.

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, once per run, so its size does not matter.
#![allow(clippy::result_large_err)]

use std::path::Path;

use crate::config::{self, ConfigError, Values};
use crate::discover::{self, Target};
use crate::engine::{self, Request, Wanted};
use crate::error::Error;
use crate::release::{Options, Release, RELEASES};
use crate::report::{self, Colors};

use super::runner::run_parallel;
use super::upgrade_file::{display_name, upgrade_target, FileResult};
use super::{colors, eprint, fail, out, settings, Format, UpgradeArgs};

/// What `-q` and `-v` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// What every file of one `upgrade` shares.
#[derive(Clone, Copy)]
pub(super) struct Context<'a> {
    pub args: &'a UpgradeArgs,
    /// `--from`, for every file.
    pub from: Option<&'static Release>,
    /// `--to`.
    pub wanted: Wanted,
    pub base: &'a Request,
    pub verbosity: Verbosity,
    pub out_colors: Colors,
    pub err_colors: Colors,
}

/// What the run was given, checked before any file is read.
struct Given {
    wanted: Wanted,
    from: Option<&'static Release>,
    flags: config::Flags,
    env: config::Env,
}

pub(super) fn upgrade(a: &UpgradeArgs) -> i32 {
    let (out_colors, err_colors) = colors(a.color);
    let Given {
        wanted,
        from,
        flags,
        env,
    } = match given(a) {
        Ok(g) => g,
        Err(e) => return fail(&e, err_colors),
    };
    let targets = discover::targets(&a.paths);
    let values = values(a, &targets, &flags, &env);
    if a.show_settings {
        return settings::show_settings(a, &targets, &values);
    }
    let base = Request {
        from: RELEASES[0],
        to: wanted.to,
        options: Options::default(),
        only: a.only.clone(),
        skip: a.skip.clone(),
    };
    let ctx = Context {
        args: a,
        from,
        wanted,
        base: &base,
        verbosity: verbosity(a),
        out_colors,
        err_colors,
    };
    let jobs: Vec<(&Target, &Result<Values, ConfigError>)> =
        targets.iter().zip(values.iter()).collect();
    // Standard input is read by one file only; keep the simple path then.
    let stdin = a.paths.iter().any(|p| p == "-");
    let results = run_parallel(
        &jobs,
        stdin,
        |(t, v)| upgrade_target(&ctx, t, v),
        |(t, _), message| {
            let display = display_name(a, &t.path);
            let e = Error::Panic {
                path: display.clone(),
                message,
            };
            FileResult::error(display, &e, err_colors)
        },
    );
    finish(a, results)
}

/// The values given for every file, and their checks: the releases of `--to` and `--from`,
/// flags that do not go together, the steps of `--only` and `--skip`, the environment.
fn given(a: &UpgradeArgs) -> Result<Given, Error> {
    let wanted = Wanted::parse(a.to.as_deref().unwrap_or("latest"))?;
    let from = a.from.as_deref().map(engine::find_release).transpose()?;
    if let Some(f) = from {
        wanted.check_start(f)?;
    }
    if a.format == Format::Json && a.write && a.paths.iter().any(|p| p == "-") {
        return Err(Error::JsonWriteStdin);
    }
    engine::check_patterns(a.only.iter().chain(&a.skip))?;
    // An empty value counts as unset, as in the environment: `--mail-domain ""` (an Ansible
    // host without a domain) leaves the step pending instead of writing `autoconfig.`.
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    let flags = config::Flags {
        hostname: given(&a.hostname),
        mail_domain: given(&a.mail_domain),
        dovecot_paths: a
            .dovecot_path
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect(),
    };
    let env = config::Env::from_process()?;
    config::check_hostnames(&flags, &env)?;
    Ok(Given {
        wanted,
        from,
        flags,
        env,
    })
}

fn verbosity(a: &UpgradeArgs) -> Verbosity {
    if a.quiet {
        Verbosity::Quiet
    } else if a.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    }
}

/// The values of each file (a pyproject.toml is read once per directory).
fn values(
    a: &UpgradeArgs,
    targets: &[Target],
    flags: &config::Flags,
    env: &config::Env,
) -> Vec<Result<Values, ConfigError>> {
    let mut finder = config::Finder::default();
    targets
        .iter()
        .map(|t| {
            let anchor = if t.path == "-" {
                a.stdin_filename.clone().unwrap_or_else(|| ".".into())
            } else {
                t.path.clone()
            };
            config::values_for(&mut finder, flags, env, Path::new(&anchor))
        })
        .collect()
}

/// Every file's output in order, the JSON report, the exit status.
fn finish(a: &UpgradeArgs, results: Vec<FileResult>) -> i32 {
    let mut status = 0;
    let mut reports = Vec::new();
    let several = results.len() > 1;
    for r in results {
        status = status.max(r.status);
        if a.format == Format::Text || a.write {
            out(&r.stdout);
        }
        eprint(&r.stderr);
        reports.push(r.report);
    }
    if a.format == Format::Json {
        out(report::json(&reports).as_bytes());
    } else if several && !a.quiet {
        eprint(&report::run_summary(&reports, a.check));
    }
    if status == 1 && a.exit_zero_even_if_changed {
        status = 0;
    }
    status
}
