//! 1.15.0, Python 3 only, Django 2.2: a new Python 3 virtual environment (a migration stop),
//! the settings file rewritten where it holds Python 2-only syntax, the dashboard's external
//! queries setting.

use super::marks::*;
use super::{task, Op, Release, Step};
use crate::ops::Place;

// Owed steps: Python 2-only syntax does not run under the Python 3 releases: every later run checks it.
pub static RELEASE: Release = Release::new("1.15.0", "Python 3 only, Django 2.2")
    .steps(&[
        Step::new(
            "1.15.0/python3-syntax",
            "rewrite Python 2-only syntax for Python 3 (0644 -> 0o644, 10L -> 10, <> -> !=, `x` -> repr(x), ur'' -> r'', print x -> print(x), print >>f, x -> print(x, file=f)); the rest is reported",
            &[Op::Python3Rewrite, Op::Python3Refuse],
        ).owed(),
        Step::new(
            "1.15.0/python3-division",
            "report / between integers for review: Python 3 divides exactly (7 / 2 is 3.5, 3 in Python 2)",
            &[Op::Python3Division],
        ),
        Step::new(
            "1.15.0/dashboard-external-queries",
            "add DISABLE_DASHBOARD_EXTERNAL_QUERIES = False",
            &[Op::Add {
                name: "DISABLE_DASHBOARD_EXTERNAL_QUERIES",
                value: "False",
                place: Place::after(&["MODOBOA_API_URL"]),
            }],
        ),
    ])
    .manual(&[
        task("this release drops Python 2: create a new Python 3 virtual environment (you can remove the old one and create the new one at the same path, so that the configuration files need no change)"),
        task("in the new virtual environment, install the Python 3 releases of every extension you use"),
        task("reload uwsgi, gunicorn or Apache (whichever serves Modoboa)"),
        task("as root: `python manage.py generate_postfix_maps --destdir <directory>`, then reload Postfix"),
    ])
    .marks(&[
        name("DISABLE_DASHBOARD_EXTERNAL_QUERIES"),
        name("PHONENUMBER_DB_FORMAT").generic().optional(),
        app("phonenumber_field").generic().optional(),
    ])
    // A new Python 3 virtual environment: the installation stops here and migrates.
    .migration_stop();
