//! 2.6.1, DNS checks logged to syslog.

use super::marks::*;
use super::{Cond, Op, Release, Step};

pub static RELEASE: Release = Release::new("2.6.1", "DNS checks logged to syslog")
    .steps(&[Step::new(
        "2.6.1/logging",
        "LOGGING: add the syslog handler (SysLogHandler.LOG_SYSLOG) and the modoboa.dns logger (with the syslog formatter and the SysLogHandler import where missing)",
        &[Op::When { cond: Cond::Assigned("LOGGING"), ops: &[
            // The handler needs SysLogHandler and the syslog formatter: a LOGGING of the
            // administrator's own may have neither.
            Op::Import { module: "logging.handlers", name: "SysLogHandler" },
            Op::MergeDict { path: "LOGGING", template: "{'formatters': {'syslog': {'format': '%(name)s: %(levelname)s %(message)s'}}, 'handlers': {'syslog': {\n    'class': 'logging.handlers.SysLogHandler',\n    'facility': SysLogHandler.LOG_SYSLOG,\n    'formatter': 'syslog'\n}}, 'loggers': {'modoboa.dns': {'handlers': ['syslog'], 'level': 'INFO', 'propagate': False}}}" },
        ] }],
    )])
    .marks(&[value(&["LOGGING"], "modoboa.dns").optional()]);
