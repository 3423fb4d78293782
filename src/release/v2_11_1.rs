//! 2.11.1: the deploy command may write a REDIS_URL of its own (a unix socket); the settings
//! of an existing file need no change.

use super::{task, Release};

pub static RELEASE: Release = Release::new("2.11.1", "REDIS_URL given at deploy time")
    .manual(&[task("optional: Redis on a unix socket: REDIS_URL = 'unix:///var/run/redis/redis.sock?db=0' (the RQ queues and the cache use REDIS_URL)")]);
