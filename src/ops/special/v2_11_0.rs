//! 2.11.0: Modoboa's own syslog handlers send to the local syslog socket.

use crate::model::{str_ref, Dict};
use crate::ops::dicts::set_key;
use crate::ops::{dict, Ctx, Outcome};

/// Modoboa's SysLogHandler entries of LOGGING that 2.11.0's template gives an address.
const HANDLERS: [&str; 2] = [
    "LOGGING['handlers']['syslog']",
    "LOGGING['handlers']['syslog-mail']",
];

/// `'address': '/dev/log'` in Modoboa's `syslog` and `syslog-mail` handlers where they have no
/// address: without one, Python's SysLogHandler sends UDP to localhost:514, where a default
/// syslog does not listen, and the logs are lost. A handler of that name that is not a
/// SysLogHandler is the administrator's own, and left alone.
pub fn syslog_address(ctx: &Ctx) -> Outcome {
    add_address(ctx, &HANDLERS)
}

/// [`syslog_address`] for syslog-auth, whose template has had it since 2.0.4.
pub fn syslog_auth_address(ctx: &Ctx) -> Outcome {
    add_address(ctx, &["LOGGING['handlers']['syslog-auth']"])
}

/// A handler that is a SysLogHandler without an address (one of another class is the
/// administrator's own).
pub fn lacks_address(d: &Dict) -> bool {
    let syslog = d
        .get("class")
        .is_some_and(|c| str_ref(c.expr) == Some("logging.handlers.SysLogHandler"));
    syslog && d.get("address").is_none()
}

fn add_address(ctx: &Ctx, handlers: &[&'static str]) -> Outcome {
    let f = ctx.file;
    let mut edits = Vec::new();
    for &path in handlers {
        let d = match dict(f, path) {
            Ok(Some(d)) => d,
            Ok(None) => continue,
            Err(u) => return Outcome::Skip(u),
        };
        if !lacks_address(&d) {
            continue;
        }
        match set_key(f, path, "address", "'/dev/log'") {
            Outcome::Edits(e) => edits.extend(e),
            other => return other,
        }
    }
    Outcome::Edits(edits)
}
