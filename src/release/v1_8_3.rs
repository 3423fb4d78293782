//! 1.8.3, BASE_DIR resolves links: the generated BASE_DIR wrapped in os.path.realpath.

use super::marks::*;
use super::{Op, Release, Step};

pub static RELEASE: Release = Release::new("1.8.3", "BASE_DIR resolves links")
    .steps(&[Step::new(
        "1.8.3/base-dir",
        "BASE_DIR = os.path.realpath(os.path.dirname(os.path.dirname(__file__))) (a BASE_DIR of your own is reported)",
        &[Op::Update {
            name: "BASE_DIR",
            from: &["os.path.dirname(os.path.dirname(__file__))"],
            to: "os.path.realpath(os.path.dirname(os.path.dirname(__file__)))",
        }],
    )])
    .marks(&[ident("BASE_DIR", "realpath").generic().optional()]);
