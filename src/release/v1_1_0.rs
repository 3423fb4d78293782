//! 1.1.0, relay domains and better password hashing: the core application and a new
//! MODOBOA_APPS layout, the core user model and the core SQL log handler.

use super::marks::*;
use super::{Ctx, Op, Release, Step, Target};
use crate::model::Unsafe;
use crate::ops::{self, At, Outcome, Place, Slot};

const APPS: &str = "MODOBOA_APPS";
const OLD_HANDLER: &str = "modoboa.lib.logutils.SQLHandler";
const NEW_HANDLER: &str = "modoboa.core.loggers.SQLHandler";

pub static RELEASE: Release = Release {
    version: "1.1.0",
    title: "relay domains and better password hashing",
    steps: &[
        Step {
            id: "1.1.0/modoboa-apps",
            summary: "MODOBOA_APPS: modoboa.core replaces auth and userprefs; admin becomes an extension",
            ops: &[
                Op::Remove { target: Target::Name(APPS), value: "modoboa.auth" },
                Op::Remove { target: Target::Name(APPS), value: "modoboa.userprefs" },
                Op::Ensure { target: Target::Name(APPS), value: "modoboa.core", at: At { first: true, ..At::after(&["modoboa"]) } },
                Op::Remove { target: Target::Name(APPS), value: "modoboa.admin" },
                Op::Custom(admin_extension),
            ],
        },
        Step {
            id: "1.1.0/relay-domains",
            summary: "add modoboa.extensions.postfix_relay_domains before limits",
            ops: &[Op::Ensure {
                target: Target::Name(APPS),
                value: "modoboa.extensions.postfix_relay_domains",
                at: At::before(&["modoboa.extensions.limits"]),
            }],
        },
        Step {
            id: "1.1.0/auth-user-model",
            summary: "set AUTH_USER_MODEL = 'core.User'",
            ops: &[Op::Set {
                name: "AUTH_USER_MODEL",
                value: "'core.User'",
                place: Place::after(&["AUTHENTICATION_BACKENDS", "INSTALLED_APPS"]),
            }],
        },
        Step {
            id: "1.1.0/sql-handler",
            summary: "LOGGING handlers: modoboa.lib.logutils.SQLHandler becomes modoboa.core.loggers.SQLHandler",
            ops: &[Op::Custom(sql_handler)],
        },
    ],
    manual: &[
        "1.1.0 has a dedicated procedure that replaces the common one: follow these steps instead of `syncdb --migrate`",
        "python manage.py syncdb",
        "python manage.py migrate core 0001 --fake",
        "python manage.py migrate",
        "python manage.py collectstatic",
        "update the Dovecot authentication queries and the Postfix queries",
    ],
    marks: &[
        app("modoboa.core"),
        app("modoboa.extensions.admin").until("1.3.0"),
        app("modoboa.extensions.postfix_relay_domains").until("1.3.0").optional(),
        value(&["AUTH_USER_MODEL"], "core.User").generic(),
        value(&["LOGGING"], "modoboa.core.loggers.SQLHandler").optional(),
    ],
    migration_stop: false,
    own_procedure: true,
    automated: true,
    owed: &[],
};

/// `modoboa.admin` (removed by the step's `Remove`, every copy of it) comes back as
/// `modoboa.extensions.admin`, first extension.
fn admin_extension(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let seq = match f.seq(APPS) {
        Ok(Some(s)) => s,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let mut edits = Vec::new();
    if !seq.contains("modoboa.extensions.admin")
        && seq.commented("modoboa.extensions.admin").is_none()
    {
        let is_ext = |v: &str| v.starts_with("modoboa.extensions.");
        let first_item = seq.items().iter().position(|i| i.value.is_some_and(is_ext));
        let first_comment = seq
            .container
            .commented
            .iter()
            .position(|c| is_ext(&c.value));
        let slot = match (first_item, first_comment) {
            (Some(i), Some(c))
                if seq.container.commented[c].comment.start < seq.items()[i].range.start =>
            {
                Slot::BeforeCommented(c)
            }
            (Some(i), _) => Slot::BeforeItem(i),
            (None, Some(c)) => Slot::BeforeCommented(c),
            (None, None) => Slot::End,
        };
        let text = ops::quoted(
            "modoboa.extensions.admin",
            ops::container_quote(f, &seq.container),
        );
        edits.extend(ops::insert_item(
            f,
            &seq.container,
            slot,
            &text,
            seq.is_tuple,
        ));
    }
    Outcome::Edits(edits)
}

/// In LOGGING['handlers'], every `'class'` naming the old SQL handler gets the new one.
fn sql_handler(ctx: &Ctx) -> Outcome {
    let f = ctx.file;
    let handlers = match ops::dict_at(f, &["LOGGING", "handlers"]) {
        Ok(Some(d)) => d,
        Ok(None) => return Outcome::none(),
        Err(u) => return Outcome::Skip(u),
    };
    let mut edits = Vec::new();
    for (_, handler) in &handlers.entries {
        let Some(h) = f.dict_of(*handler) else {
            continue;
        };
        let Some(class) = h.get("class") else {
            continue;
        };
        if crate::model::str_value(&class).as_deref() == Some(OLD_HANDLER) {
            match ops::replace_string(f, &class.range(), NEW_HANDLER) {
                Ok(e) => edits.push(e),
                Err(u) => {
                    return Outcome::Skip(Unsafe {
                        reason: u.reason,
                        offset: u.offset,
                    })
                }
            }
        }
    }
    Outcome::Edits(edits)
}
