//! `man`: the manual pages, one per subcommand, rendered by clap_mangen from the arguments
//! (so every option is there and always the binary's own), with the sections clap does not
//! know: exit status, environment, files, examples, see also.

use std::path::Path;

use clap::CommandFactory;
use clap_mangen::roff::{bold, italic, roman, Roff};
use clap_mangen::Man;

use super::args::{Cli, ManArgs};
use super::{fail, out};
use crate::error::Error;
use crate::report::Colors;

/// The binary's name: the first page's, and the prefix of the others.
const BIN: &str = "modoboa-settings";

/// `man [SUBCOMMAND]` prints a page on stdout; `man --dir DIR` writes them all into DIR and
/// names each file written.
pub fn man(a: &ManArgs) -> i32 {
    let result = match &a.dir {
        Some(dir) => write_all(Path::new(dir)),
        None => page(a.subcommand.as_deref()).map(|p| out(&p)),
    };
    match result {
        Ok(()) => 0,
        Err(message) => fail(&Error::ManPage { message }, Colors(false)),
    }
}

/// The command line, built: each subcommand knows its full name (`modoboa-settings-upgrade`)
/// and how it is called (`modoboa-settings upgrade`).
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The subcommands that have a page of their own, in the order `--help` lists them.
pub fn subcommands() -> Vec<String> {
    command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_owned())
        .collect()
}

/// Every page into `dir` (created if missing): `modoboa-settings.1`, then one per subcommand.
fn write_all(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let names = std::iter::once(None).chain(subcommands().into_iter().map(Some));
    let mut listing = String::new();
    for name in names {
        let file = match &name {
            None => format!("{BIN}.1"),
            Some(sub) => format!("{BIN}-{sub}.1"),
        };
        let path = dir.join(&file);
        let text = page(name.as_deref())?;
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        listing.push_str(&format!("{}\n", path.display()));
    }
    out(listing.as_bytes());
    Ok(())
}

/// The page of a subcommand (`None`: the tool's own page), as roff.
fn page(sub: Option<&str>) -> Result<Vec<u8>, String> {
    let top = command();
    let cmd = match sub {
        None => top,
        Some(name) => top
            .find_subcommand(name)
            .cloned()
            .ok_or_else(|| format!("no subcommand {name}"))?,
    };
    let man = Man::new(cmd).source(format!("{BIN} {}", env!("CARGO_PKG_VERSION")));
    let mut buf = Vec::new();
    let io = |e: std::io::Error| e.to_string();
    man.render_title(&mut buf).map_err(io)?;
    // Each section rendered alone opens with roff's apostrophe preamble: kept once.
    let preamble = Roff::new().render();
    let mut section = |f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| -> Result<(), String> {
        let mut s = Vec::new();
        f(&mut s).map_err(io)?;
        buf.extend_from_slice(s.strip_prefix(preamble.as_bytes()).unwrap_or(&s));
        Ok(())
    };
    section(&|w| man.render_name_section(w))?;
    section(&|w| man.render_synopsis_section(w))?;
    section(&|w| man.render_description_section(w))?;
    section(&|w| man.render_options_section(w))?;
    if sub.is_none() {
        section(&|w| man.render_subcommands_section(w))?;
    }
    let extra = sections(sub.unwrap_or(""));
    section(&|w| extra.to_writer(w))?;
    Ok(buf)
}

/// A term and its paragraph (`.TP`).
fn item(r: &mut Roff, term: &str, text: &str) {
    r.control("TP", []);
    r.text([bold(term)]);
    r.text([roman(text)]);
}

/// Shell lines, kept as they are, indented.
fn example(r: &mut Roff, what: &str, lines: &[&str]) {
    r.control("PP", []);
    r.text([roman(what)]);
    r.control("RS", ["4"]);
    r.control("nf", []);
    for l in lines {
        r.text([roman(*l)]);
    }
    r.control("fi", []);
    r.control("RE", []);
}

/// EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES and SEE ALSO of a page (`""`: the tool's own).
fn sections(sub: &str) -> Roff {
    let mut r = Roff::new();
    if matches!(sub, "" | "upgrade") {
        workflow(&mut r);
    }
    exit_status(&mut r, sub);
    environment(&mut r, sub);
    if matches!(sub, "" | "upgrade") {
        r.control("SH", ["FILES"]);
        item(
            &mut r,
            "pyproject.toml",
            "The [tool.modoboa-settings] table of the nearest pyproject.toml above a settings \
             file that has one gives hostname, mail-domain and dovecot-path when neither the \
             flag nor the environment does. An unknown key or a value of the wrong type is an \
             error (exit status 2).",
        );
        item(
            &mut r,
            "PATH.orig",
            "With --write --backup, the previous file (or PATH<SUFFIX>; an existing backup is \
             never overwritten: PATH.orig.1, PATH.orig.2, ... are used).",
        );
        item(
            &mut r,
            ".PATH.modoboa-settings.XXXXXX.tmp",
            "The new content, written beside the file and renamed over it; a run killed half-way \
             leaves at most this file, which the next --write run removes.",
        );
    }
    examples(&mut r, sub);
    r.control("SH", ["SEE ALSO"]);
    let pages: Vec<String> = std::iter::once(BIN.to_owned())
        .chain(subcommands().iter().map(|s| format!("{BIN}-{s}")))
        .filter(|p| {
            *p != if sub.is_empty() {
                BIN.to_owned()
            } else {
                format!("{BIN}-{sub}")
            }
        })
        .map(|p| format!("{p}(1)"))
        .collect();
    r.text([roman(pages.join(", "))]);
    r.control("SH", ["VERSION"]);
    r.text([roman(format!("v{}", env!("CARGO_PKG_VERSION")))]);
    r
}

/// How an administrator goes from one release to the next with the tool.
fn workflow(r: &mut Roff) {
    r.control("SH", ["WORKFLOW"]);
    for p in [
        "The tool reads the hand-edited settings.py, detects its release, applies exactly the \
         changes each later release asks for as edits of the original text (everything else is \
         kept byte for byte) and shows them as a unified diff. It never executes the file.",
        "Review the diff, then write it with --write (atomically; --backup keeps the previous \
         file). A step that needs a value only you know (--hostname, --mail-domain) is pending: \
         nothing is written for it until the value is given.",
        "The manual steps (pip install, migrations, collectstatic, restarts) are listed by \
         plan, in release order. Older installations must stop at the migration stops: --to \
         next-stop brings the file to the next one; install that release, migrate, and run again.",
        "In a configuration repository, the pre-commit hooks run upgrade on every settings*.py \
         (see the README).",
    ] {
        r.control("PP", []);
        r.text([roman(p)]);
    }
}

fn exit_status(r: &mut Roff, sub: &str) {
    r.control("SH", ["EXIT STATUS"]);
    let usage = "An error: a usage error (an unknown flag, flags that do not go together, a \
                 value that is not one), or ";
    let (zero, one, two): (&str, Option<&str>, String) = match sub {
        "upgrade" => (
            "Nothing to change: every file is up to date, or is not a Modoboa settings file and \
             was left alone; with --exit-zero-even-if-changed, also when files changed or would \
             change.",
            Some(
                "Something changed (--write), would change (the default and --check), is \
                 pending (a step waits for a value only you know: --hostname, --mail-domain), \
                 or was skipped (a setting the tool cannot edit safely). Nothing pending or \
                 skipped was written.",
            ),
            format!(
                "{usage}a file that cannot be read, decoded or parsed, an unknown release, a \
                 --to older than the file's release, a lock not obtained within 30 seconds, a \
                 file changed on disk while it was upgraded. A file in error is never written."
            ),
        ),
        "detect" => (
            "Every file was read (a file that is not Modoboa's says so: not an error).",
            None,
            format!("{usage}a file that cannot be read, decoded or parsed."),
        ),
        "drift" => (
            "The comparison was printed (drift is advice).",
            Some("With --strict, a file drifts from the deploy template of its release."),
            format!("{usage}a file that cannot be read or parsed, an unknown release."),
        ),
        "plan" => (
            "The checklist was printed.",
            None,
            format!(
                "{usage}an unknown release, no starting release (neither --from nor PATH), a \
                 file that cannot be read or is not Modoboa's."
            ),
        ),
        "transforms" => (
            "The list was printed.",
            None,
            format!("{usage}an unknown release."),
        ),
        "completions" => (
            "The script was printed.",
            None,
            format!("{usage}a shell the tool cannot complete for."),
        ),
        "man" => (
            "The page was printed, or the pages written.",
            None,
            format!("{usage}a directory that cannot be created or written."),
        ),
        _ => (
            "Nothing to change (upgrade), or the report was printed (detect, drift, plan, \
             transforms, completions, man).",
            Some(
                "upgrade: something changed, would change, is pending or was skipped; drift \
                 --strict: a file drifts.",
            ),
            format!(
                "{usage}an unreadable or unparsable file, an unknown release, a --to older than \
                 the file's release. Nothing is written for a file in error."
            ),
        ),
    };
    item(r, "0", zero);
    if let Some(one) = one {
        item(r, "1", one);
    }
    item(r, "2", &two);
}

fn environment(r: &mut Roff, sub: &str) {
    r.control("SH", ["ENVIRONMENT"]);
    if matches!(sub, "" | "upgrade") {
        item(
            r,
            "MODOBOA_SETTINGS_HOSTNAME",
            "The server's fully qualified host name, when --hostname is not given (an empty \
             variable counts as unset).",
        );
        item(
            r,
            "MODOBOA_SETTINGS_MAIL_DOMAIN",
            "The mail domain, when --mail-domain is not given.",
        );
        item(
            r,
            "MODOBOA_SETTINGS_DOVECOT_PATH",
            "Where Dovecot may be installed, several paths separated by ':', when \
             --dovecot-path is not given.",
        );
    }
    if matches!(sub, "completions" | "man") {
        item(
            r,
            "_MODOBOA_SETTINGS_COMPLETE",
            "Set by the completion script when it asks the binary for candidates (its value is \
             the shell); not for use by hand.",
        );
        if sub == "man" {
            r.text([roman(
                "No other variable changes what this subcommand prints.",
            )]);
        }
        return;
    }
    item(
        r,
        "NO_COLOR",
        "Set and not empty: no colour (--color auto). --color always|never wins over every \
         variable.",
    );
    item(
        r,
        "FORCE_COLOR, CLICOLOR_FORCE",
        "Colour even when the output is not a terminal.",
    );
    item(r, "TERM", "dumb: no colour.");
}

fn examples(r: &mut Roff, sub: &str) {
    r.control("SH", ["EXAMPLES"]);
    let s = "instance/settings.py";
    match sub {
        "" | "upgrade" => {
            example(
                r,
                "Review the upgrade of a settings file (a unified diff), then write it, keeping \
                 the previous file:",
                &[
                    &format!("{BIN} upgrade {s} --hostname mail.example.com | less"),
                    &format!("{BIN} upgrade --write --backup {s} --hostname mail.example.com \\"),
                    "    --mail-domain example.com",
                ],
            );
            example(
                r,
                "One migration stop at a time: write, install that release, migrate, again:",
                &[&format!("{BIN} upgrade --write --to next-stop {s}")],
            );
            example(
                r,
                "In a script or a hook: exit 1 when a file is not up to date:",
                &[&format!("{BIN} upgrade --check --diff --format json {s}")],
            );
            if sub.is_empty() {
                example(
                    r,
                    "The release of a file, and the checklist of its upgrade:",
                    &[&format!("{BIN} detect {s}"), &format!("{BIN} plan {s}")],
                );
            }
        }
        "detect" => example(
            r,
            "The release of each file, with its evidence, as JSON:",
            &[&format!("{BIN} detect --format json {s}")],
        ),
        "drift" => example(
            r,
            "What a fresh install of 2.12.0 has that the file lacks; exit 1 if anything:",
            &[&format!("{BIN} drift --to 2.12.0 --strict {s}")],
        ),
        "plan" => example(
            r,
            "The checklist from the file's release to the newest, and between two releases:",
            &[
                &format!("{BIN} plan {s}"),
                &format!("{BIN} plan --from 1.1.1 --to 2.0.5"),
            ],
        ),
        "transforms" => example(
            r,
            "Every release up to 1.17.0 and its steps, as JSON:",
            &[&format!("{BIN} transforms --to 1.17.0 --format json")],
        ),
        "completions" => example(
            r,
            "Install the completion of bash, zsh or fish:",
            &[
                &format!(
                    "{BIN} completions bash > ~/.local/share/bash-completion/completions/{BIN}"
                ),
                &format!("echo 'source <({BIN} completions zsh)' >> ~/.zshrc"),
                &format!("{BIN} completions fish > ~/.config/fish/completions/{BIN}.fish"),
            ],
        ),
        _ => example(
            r,
            "Read a page, or install them all where man finds them:",
            &[
                &format!("{BIN} man upgrade | man -l -"),
                &format!("{BIN} man --dir ~/.local/share/man/man1"),
            ],
        ),
    }
    if sub == "completions" {
        r.control("PP", []);
        r.text([
            roman("The script asks "),
            bold(BIN),
            roman(" itself for the candidates at each "),
            italic("TAB"),
            roman(": regenerate it after upgrading the tool."),
        ]);
    }
}
