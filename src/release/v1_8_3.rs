//! 1.8.3, BASE_DIR resolves links: the generated BASE_DIR wrapped in os.path.realpath.

use super::marks::*;
use super::{Op, Release, Step};

pub static RELEASE: Release = Release {
    version: "1.8.3",
    title: "BASE_DIR resolves links",
    steps: &[Step {
        id: "1.8.3/base-dir",
        summary: "BASE_DIR = os.path.realpath(os.path.dirname(os.path.dirname(__file__))) (a BASE_DIR of your own is reported)",
        ops: &[Op::Update {
            name: "BASE_DIR",
            from: &["os.path.dirname(os.path.dirname(__file__))"],
            to: "os.path.realpath(os.path.dirname(os.path.dirname(__file__)))",
        }],
    }],
    manual: &[],
    marks: &[ident("BASE_DIR", "realpath").generic().optional()],
    migration_stop: false,
    own_procedure: false,
    automated: true,
    owed: &[],
};
