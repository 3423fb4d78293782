//! The operations of their own shape of release 1.0.0 (see `src/release/v1_0_0.rs`).

use crate::model::lines;
use crate::ops::names::*;
use crate::ops::Ctx;
use crate::ops::{self, At, Opt, Outcome, Place};
use crate::text::edit::Edit;
use crate::text::source;

/// The 1.0.0 LOGGING, as the manual gives it.
pub(crate) const LOGGING: &str = "{
    'version': 1,
    'disable_existing_loggers': False,
    'filters': {
        'require_debug_false': {
            '()': 'django.utils.log.RequireDebugFalse'
        }
    },
    'formatters': {
        'syslog': {
            'format': '%(name)s: %(levelname)s %(message)s'
        },
    },
    'handlers': {
        'mail_admins': {
            'level': 'ERROR',
            'filters': ['require_debug_false'],
            'class': 'django.utils.log.AdminEmailHandler'
        },
        'console': {
            # logging handler that outputs log messages to terminal
            'class': 'logging.StreamHandler',
            #'level': 'DEBUG', # message level to be written to console
        },
        'syslog-auth': {
            'class': 'logging.handlers.SysLogHandler',
            'facility': SysLogHandler.LOG_AUTH,
            'formatter': 'syslog'
        },
        'modoboa': {
            'class': 'modoboa.lib.logutils.SQLHandler',
        }
    },
    'loggers': {
        'django.request': {
            'handlers': ['mail_admins'],
            'level': 'ERROR',
            'propagate': True,
        },
        'modoboa.auth': {
            'handlers': ['syslog-auth', 'modoboa'],
            'level': 'INFO',
            'propagate': False
        },
        'modoboa.admin': {
            'handlers': ['modoboa'],
            'level': 'INFO',
            'propagate': False
        }
    }
}";

pub(crate) fn allowed_hosts(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let existing = match f.seq("ALLOWED_HOSTS") {
        Ok(s) => s,
        Err(u) => return Outcome::Skip(u),
    };
    match (&ctx.options.hostname, existing) {
        (Some(host), Some(seq)) => ops::sequences::ensure_in_seq(f, &seq, host, &At::LAST),
        (Some(host), None) => {
            let value = format!(
                "[{}, ]",
                ops::quoted(host, crate::model::style::file_quote(f))
            );
            ops::statements::add_statement(
                f,
                &format!("ALLOWED_HOSTS = {value}"),
                &Place::after(&["TEMPLATE_DEBUG", "DEBUG"]),
            )
        }
        (None, Some(seq)) if !seq.items().is_empty() => Outcome::none(),
        (None, _) => Outcome::needs(
            Opt::Hostname,
            "ALLOWED_HOSTS needs the server's host name: pass --hostname <FQDN>".into(),
        ),
    }
}

pub(crate) fn is_modoboa(v: &str) -> bool {
    v == "modoboa" || v.starts_with("modoboa.")
}

/// The order of the core applications inside MODOBOA_APPS.
pub(crate) const CORE: [&str; 5] = [
    "modoboa",
    "modoboa.auth",
    "modoboa.admin",
    "modoboa.lib",
    "modoboa.userprefs",
];

/// One line of INSTALLED_APPS that moves: its text (without indentation and line ending).
pub(crate) struct Moved {
    value: String,
    lines: Vec<String>,
    extension: bool,
}

pub(crate) fn modoboa_apps(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let seq = match f.seq(INSTALLED_APPS) {
        Ok(Some(s)) => s,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let active: Vec<usize> = (0..seq.items().len())
        .filter(|i| seq.items()[*i].value.is_some_and(is_modoboa))
        .collect();
    let modoboa_apps = match f.setting(MODOBOA_APPS) {
        Ok(s) => s,
        Err(u) => return Outcome::Skip(u),
    };
    if modoboa_apps.is_some() {
        if let Some(i) = active.first() {
            return Outcome::Skip(crate::model::Unsafe {
                reason: "MODOBOA_APPS exists but INSTALLED_APPS still holds Modoboa applications"
                    .into(),
                offset: seq.items()[*i].range.start,
            });
        }
        if seq.contains("<MODOBOA_APPS>") {
            return Outcome::none();
        }
        return ops::statements::add_statement(
            f,
            "INSTALLED_APPS += MODOBOA_APPS",
            &Place::after(&[MODOBOA_APPS]),
        );
    }
    let commented: Vec<_> = seq
        .container
        .commented
        .iter()
        .filter(|c| is_modoboa(&c.value))
        .collect();
    if active.is_empty() && commented.is_empty() {
        return Outcome::none();
    }
    let text = f.text();
    let nl = f.newline();
    let multiline = active.iter().all(|i| {
        let it = &seq.items()[*i];
        let end = it.end_with_comma();
        let tail = text[end..source::line_end(text, end)].trim();
        // The item and its comma on one line of their own (a name continued with a backslash,
        // or a comma on the next line, would be cut in two).
        source::starts_line(text, it.range.start)
            && source::line_end(text, it.range.start) >= end
            && lines::blank_or_comment(tail)
            && source::line_end(text, end) < seq.container.close
    });
    if !multiline {
        return Outcome::Skip(crate::model::Unsafe {
            reason: "INSTALLED_APPS does not list its Modoboa applications one per line (with \
                     others on a line, over two lines, or with the comma on the next line); write \
                     one per line first"
                .into(),
            offset: seq.setting.value.range().start,
        });
    }
    // Walk the interior lines of INSTALLED_APPS: Modoboa entries move, with the comment lines
    // directly above them; everything else stays.
    let first_line = source::next_line(text, seq.container.open);
    let close_line = source::line_start(text, seq.container.close);
    let mut edits = Vec::new();
    let mut moved: Vec<Moved> = Vec::new();
    let mut comments: Vec<(usize, usize)> = Vec::new();
    let mut deleted: Vec<(usize, usize)> = Vec::new();
    let mut pos = first_line;
    while pos < close_line {
        let end = source::next_line(text, pos);
        let line = &text[pos..source::line_end(text, pos)];
        // Items and entries are in file order: one binary search per line keeps this linear.
        let items = seq.items();
        let item = items
            .get(items.partition_point(|i| i.range.start < pos))
            .filter(|i| i.range.start < end);
        let entry = commented
            .get(commented.partition_point(|c| c.comment.start < pos))
            .filter(|c| c.comment.start < end);
        let value = item
            .and_then(|i| i.value)
            .or_else(|| entry.map(|c| c.value.as_str()));
        match value {
            Some(v) if is_modoboa(v) => {
                let mut lines: Vec<String> = comments
                    .iter()
                    .map(|(a, _)| text[*a..source::line_end(text, *a)].trim().to_string())
                    .collect();
                deleted.append(&mut comments);
                let own = match item {
                    Some(it) if it.comma.is_none() => {
                        let cut = it.range.end - pos;
                        format!("{},{}", &line[..cut], &line[cut..])
                    }
                    _ => line.to_string(),
                };
                lines.push(own.trim().to_string());
                moved.push(Moved {
                    extension: v.starts_with("modoboa.extensions."),
                    value: v.to_string(),
                    lines,
                });
                deleted.push((pos, end));
            }
            _ if line.trim_start().starts_with('#') && entry.is_none() => comments.push((pos, end)),
            _ => comments.clear(),
        }
        pos = end;
    }
    for (a, b) in merge_ranges(deleted, text) {
        edits.push(Edit::delete(a..b));
    }
    // A tuple left with one element needs its comma.
    let remaining: Vec<_> = seq
        .items()
        .iter()
        .filter(|i| !i.value.is_some_and(is_modoboa))
        .collect();
    if seq.is_tuple && remaining.len() == 1 && remaining[0].comma.is_none() {
        edits.push(Edit::insert(remaining[0].range.end, ","));
    }
    // Build MODOBOA_APPS.
    let indent = seq
        .items()
        .iter()
        .find(|i| source::starts_line(text, i.range.start))
        .map_or("    ".to_string(), |i| {
            source::indent_of(text, i.range.start).to_string()
        });
    let mut body = String::new();
    let mut core: Vec<&Moved> = moved.iter().filter(|m| !m.extension).collect();
    core.sort_by_key(|m| {
        CORE.iter()
            .position(|c| *c == m.value)
            .unwrap_or(CORE.len())
    });
    for m in &core {
        for l in &m.lines {
            body.push_str(&format!("{indent}{l}{nl}"));
        }
    }
    let extensions: Vec<&Moved> = moved.iter().filter(|m| m.extension).collect();
    if !extensions.is_empty() && !core.is_empty() {
        body.push_str(nl);
    }
    for m in &extensions {
        for l in &m.lines {
            body.push_str(&format!("{indent}{l}{nl}"));
        }
    }
    let stmt = format!(
        "{nl}{nl}# A dedicated place to register Modoboa applications{nl}# Do not delete it.{nl}# Do not change the order.{nl}MODOBOA_APPS = ({nl}{body}){nl}{nl}INSTALLED_APPS += MODOBOA_APPS"
    );
    edits.push(Edit::insert(f.stmt_line_end(seq.setting.stmt), stmt));
    Outcome::Edits(edits)
}

/// Sort and join adjacent deleted line ranges; drop a blank line left between two deletions.
pub(crate) fn merge_ranges(mut ranges: Vec<(usize, usize)>, text: &str) -> Vec<(usize, usize)> {
    ranges.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        if let Some(last) = out.last_mut() {
            if a <= last.1 {
                last.1 = last.1.max(b);
                continue;
            }
            if text[last.1..a].trim().is_empty() {
                last.1 = b;
                continue;
            }
        }
        out.push((a, b));
    }
    out
}
