//! 2.11.0: Modoboa's syslog handlers send to the local socket, as syslog-auth has since 2.0.4.

use super::marks::*;
use super::{Op, Release, Step};
use crate::ops::special::v2_11_0::syslog_address;

pub static RELEASE: Release = Release::new("2.11.0", "syslog handlers on the local socket")
    .steps(&[Step::new(
        "2.11.0/syslog-address",
        "LOGGING handlers syslog and syslog-mail (SysLogHandler): 'address': '/dev/log' where they have no address (without it, logs go as UDP to localhost:514 and are lost)",
        &[Op::Custom(syslog_address)],
    )])
    .marks(&[
        key("LOGGING['handlers']['syslog']", "address").optional(),
        key("LOGGING['handlers']['syslog-mail']", "address").optional(),
    ]);
