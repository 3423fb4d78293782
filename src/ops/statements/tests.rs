//! Unit tests of the statement operations ([`super`]).

use super::*;
use crate::ops::outcome::tests::run;

#[test]
fn delete_leaves_no_double_blank() {
    let out = run("A = 1\n\nB = 2\n\nC = 3\n", |f| delete(f, "B"));
    assert_eq!(out, "A = 1\n\nC = 3\n");
}

#[test]
fn rename_variable_everywhere_it_is_used() {
    let src = "import os\nD = os.path.dirname(__file__)\nT = (os.path.join(D, 't'),)\nx.D = 1\n";
    let out = run(src, |f| rename_setting(f, "D", "BASE"));
    assert_eq!(
        out,
        "import os\nBASE = os.path.dirname(__file__)\nT = (os.path.join(BASE, 't'),)\nx.D = 1\n"
    );
    let f = SettingsFile::parse("A = 1\nB = A\n".to_string()).expect("parses");
    assert!(matches!(rename_setting(&f, "A", "B"), Outcome::Skip(_)));
}

#[test]
fn set_and_add() {
    let out = run("A = 'x'\nB = 1\n", |f| set(f, "A", "'y'", &Place::END));
    assert_eq!(out, "A = 'y'\nB = 1\n");
    let out = run("A = \"x\"\nB = 1\n", |f| {
        set(f, "C", "'y'", &Place::after(&["A"]))
    });
    assert_eq!(out, "A = \"x\"\nC = \"y\"\nB = 1\n");
}

#[test]
fn a_group_goes_with_its_comment() {
    let src = "A = 1\n\n# django-passwords\n\nP = 8\n\nQ = {\n    'U': 1,\n}\n\nB = 2\n";
    assert_eq!(
        run(src, |f| delete_group(f, &["P", "Q"])),
        "A = 1\n\nB = 2\n"
    );
}

#[test]
fn normal_ignores_spaces_and_quote_style() {
    assert_eq!(
        normal("environ.Env.read_env(os.path.join(BASE_DIR, \".env\"))"),
        normal("environ.Env.read_env( os.path.join(BASE_DIR,'.env') )")
    );
}
