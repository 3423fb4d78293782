//! Unit tests of the Python 2 shadow ([`super`]).

//! Every expected shadow below was checked by hand to parse as Python 3, both with
//! `python3 -c "import ast; ast.parse(...)"` and with rustpython-parser 0.4 (lex +
//! parse_tokens, as `parse.rs` does); the error offsets used are the ones rustpython reports.

use super::*;

/// Neutralize at `offset`, check the description and the exact shadow, and that the length
/// did not change.
fn check(src: &str, offset: usize, expected: &str, what: &str) {
    let mut shadow = src.to_owned();
    let got = neutralize_at(&mut shadow, offset);
    assert_eq!(shadow, expected, "shadow of {src:?} at {offset}");
    assert_eq!(shadow.len(), src.len());
    let got = got.unwrap_or_else(|| panic!("nothing neutralized in {src:?} at {offset}"));
    assert!(got.contains(what), "{got:?} for {src:?}");
}

fn none(src: &str, offset: usize) {
    let mut shadow = src.to_owned();
    assert_eq!(
        neutralize_at(&mut shadow, offset),
        None,
        "{src:?} at {offset}"
    );
    assert_eq!(shadow, src);
}

#[test]
fn octal_literal_at_end_or_start() {
    // rustpython: "Invalid Token" at offset 8, just after the literal.
    check("x = 0644", 8, "x = 420 ", "octal");
    check("x = 0644", 4, "x = 420 ", "octal");
    check("x = (0644)", 9, "x = (420 )", "octal");
    check("os.chmod(p, 00755)\n", 17, "os.chmod(p, 493  )\n", "octal");
    check("x = 01", 6, "x = 1 ", "octal");
    check("x = 0777777777777", 17, "x = 68719476735  ", "octal");
    // An error in Python 2 too.
    none("x = 09", 6);
}

#[test]
fn huge_octal_still_parses() {
    let src = format!("x = 0{}", "7".repeat(60));
    let expected = format!("x = 1{}", "7".repeat(60));
    check(&src, src.len(), &expected, "octal");
}

#[test]
fn octal_long_literal() {
    // rustpython stops at 8, before the `L`.
    check("x = 0644L", 8, "x = 420  ", "octal long");
    check("x = 00L", 7, "x = 00 ", "long");
}

#[test]
fn long_suffix() {
    check("x = 10L", 6, "x = 10 ", "long");
    check("x = 10l + 1", 6, "x = 10  + 1", "long");
    check("x = 0xFFL", 8, "x = 0xFF ", "long");
    check("x = 0o17L\n", 8, "x = 0o17 \n", "long");
    check("x = [0644, 10L]", 13, "x = [0644, 10 ]", "long");
}

#[test]
fn valid_numbers_are_left_alone() {
    none("x = 00", 6);
    none("x = 0", 5);
    none("x = 1.5L", 7);
    none("x = 0x", 4);
    none("x = 1e-5", 8);
    none("x = 0644.5", 4);
}

#[test]
fn print_statement() {
    check("print \"x\"", 6, "print,\"x\"", "print");
    check("print \"a %s\" % x", 6, "print,\"a %s\" % x", "print");
    check("print \"a\", b", 6, "print,\"a\", b", "print");
    check("print x", 6, "print,x", "print");
    check("print ~x", 6, "print,~x", "print");
    check("print not x", 6, "print,not x", "print");
    check("print 1644", 6, "print,1644", "print");
    check(
        "if DEBUG:\n    print \"debug\"\n",
        20,
        "if DEBUG:\n    print,\"debug\"\n",
        "print",
    );
    check("if x: print \"y\"", 12, "if x: print,\"y\"", "print");
    check("x = 1; print x", 13, "x = 1; print,x", "print");
    // No blank after `print`: rustpython stops at 5.
    check("print\"x\"", 5, "pass;\"x\"", "print");
}

#[test]
fn exec_statement() {
    check("exec \"code\"", 5, "exec,\"code\"", "exec");
    check("exec \"code\" in ns", 5, "exec,\"code\" in ns", "exec");
    check("exec\"code\"", 4, "...;\"code\"", "exec");
}

#[test]
fn print_that_is_not_a_statement() {
    none("print", 5);
    none("x = print \"y\"", 10);
    none("print if x", 6);
    none("printer \"x\"", 8);
}

#[test]
fn ur_prefix() {
    // rustpython stops at the quote (offset 6), having lexed `ur` as a name.
    check("x = ur\"x\"", 6, "x =  r\"x\"", "ur");
    check("x = UR'x'", 6, "x =  R'x'", "ur");
    check("x = Ur\"x\"", 4, "x =  r\"x\"", "ur");
    check("x = uR\"\"\"x\"\"\"", 5, "x =  R\"\"\"x\"\"\"", "ur");
    check(
        "X = (\n    ur\"a\",\n)\n",
        12,
        "X = (\n     r\"a\",\n)\n",
        "ur",
    );
    // First on its line: a space would be an indent.
    check("ur\"doc\"\nX = 1\n", 2, "fr\"doc\"\nX = 1\n", "ur");
    none("ur\"{doc}\"\n", 2);
    // Not a Python 2 prefix.
    none("x = r\"x\"", 4);
}

#[test]
fn print_then_ur_string_in_two_steps() {
    // rustpython stops first at 6 (the `ur` name): the print statement is neutralized first
    // (print statements before backticks and strings, so that `print `x`` is both), then the
    // string where it stops next.
    let mut shadow = String::from("print ur\"x\"");
    assert!(neutralize_at(&mut shadow, 6).is_some());
    assert_eq!(shadow, "print,ur\"x\"");
    assert!(neutralize_at(&mut shadow, 7).is_some());
    assert_eq!(shadow, "print, r\"x\"");
}

#[test]
fn backticks_python_2_rejects_stay_errors() {
    none("x = ``", 4);
    none("x = ````", 4);
    none("x = a`1`", 5);
    none("x = 1 `1`", 6);
    check("x = a and `1`", 10, "x = a and (1)", "backtick");
    check("print `x`", 7, "print,`x`", "print");
    check("print`x`", 6, "pass;`x`", "print");
}

#[test]
fn byte_string_with_backslash_u() {
    check("x = 'D:\\users'", 5, "x = 'D:/users'", "byte string");
    check("x = 'a\\N b\\\\u'", 5, "x = 'a/N b\\\\u'", "byte string");
    none("x = r'D:\\users'", 5);
    none("x = u'D:\\users'", 5);
}

#[test]
fn print_statements_python_3_reads_otherwise() {
    fn found(t: &str) -> Vec<&str> {
        print_statements(t)
            .into_iter()
            .map(|c| &t[c.range])
            .collect()
    }
    assert_eq!(
        found("print\nprint -1\nprint >>f, x,  # c\nif a: print [1]\nprint(x)\nprint (x)\n"),
        ["print", "print -1", "print >>f, x,", "print [1]"]
    );
    assert!(found("f = lambda: print\nx.print\nx = print\n").is_empty());
    assert!(found("from __future__ import absolute_import, print_function\nprint\n").is_empty());
}

#[test]
fn backticks() {
    check("x = `y`", 4, "x = (y)", "backtick");
    check("x = `f(a)` + 'b'", 4, "x = (f(a)) + 'b'", "backtick");
    check("x = `'`'`", 4, "x = ('`')", "backtick");
    // Nested inside a call: the outer pair first, then the inner one.
    let mut shadow = String::from("x = `f(`a`)`");
    assert!(neutralize_at(&mut shadow, 4).is_some());
    assert_eq!(shadow, "x = (f(`a`))");
    assert!(neutralize_at(&mut shadow, 7).is_some());
    assert_eq!(shadow, "x = (f((a)))");
    // No closing backtick on the logical line.
    none("x = `y\nz = 1`", 4);
}

#[test]
fn not_equal() {
    // rustpython stops at the `>`.
    check("x = a <> b", 7, "x = a != b", "<>");
    check("x = 1 if a<>b else 2", 11, "x = 1 if a!=b else 2", "<>");
}

#[test]
fn raise_and_except_with_comma() {
    check("raise E, \"msg\"", 7, "raise E; \"msg\"", "raise");
    check("if x: raise E, \"m\"", 13, "if x: raise E; \"m\"", "raise");
    check(
        "try:\n    pass\nexcept E, e:\n    pass",
        22,
        "try:\n    pass\nexcept E. e:\n    pass",
        "except",
    );
    check(
        "try:\n    pass\nexcept (A, B), e:\n    pass",
        27,
        "try:\n    pass\nexcept (A, B). e:\n    pass",
        "except",
    );
    none("x = 1, 2", 5);
    none("raise E(a, b)", 9);
}

#[test]
fn strings_and_comments_are_not_touched() {
    none("x = '0644'", 6);
    none("x = \"print 'x'\"", 11);
    none("# print \"x\" 10L <> `a`\nx = 1", 8);
    none("# x = 0644\n", 10);
    none("x = 'a <> b'", 7);
    none("x = \"\"\"\n`a`\n\"\"\"", 8);
    none("x = '''\nprint \"x\"\n'''", 14);
}

#[test]
fn whole_file_neutralized_step_by_step() {
    // The offsets are those rustpython reports on each successive shadow.
    let src = "# -*- coding: utf-8 -*-\nimport os\nMODE = 0644\nBIG = 10L\n\
               NAME = ur\"caf\u{e9}\"\nprint \"loaded\"\nOK = DEBUG <> True\n";
    let mut shadow = src.to_owned();
    let at = |s: &str, needle: &str, plus: usize| s.find(needle).unwrap() + plus;
    for offset in [
        at(src, "0644", 4),
        at(src, "10L", 2),
        at(src, "ur\"", 2),
        at(src, "print", 6),
        at(src, "<>", 1),
    ] {
        assert!(neutralize_at(&mut shadow, offset).is_some(), "at {offset}");
    }
    assert_eq!(
        shadow,
        "# -*- coding: utf-8 -*-\nimport os\nMODE = 420 \nBIG = 10 \n\
         NAME =  r\"caf\u{e9}\"\nprint,\"loaded\"\nOK = DEBUG != True\n"
    );
    assert_eq!(shadow.len(), src.len());
}

/// A lone `\r` ends a line as `\n` does (the scanner's rule, the parser's too): it ends a
/// comment, a single-quoted string and a logical line, and a backslash before it joins
/// the lines.
#[test]
fn a_lone_carriage_return_ends_a_line() {
    check("# c\rx = 0644", 12, "# c\rx = 420 ", "octal");
    check("x = 'a\ry = 0644", 15, "x = 'a\ry = 420 ", "octal");
    check("x = 1\rprint \"y\"\r", 12, "x = 1\rprint,\"y\"\r", "print");
    check("print \\\r\"x\"", 6, "print,\\\r\"x\"", "print");
    // The backtick pair must close on its logical line.
    none("x = `y\rz = 1`", 4);
}

#[test]
fn real_errors_return_none() {
    none("x = (1, 2", 9);
    none("x = = 1", 4);
    none("def f(:\n", 6);
    none("", 0);
}

#[test]
fn never_panics_on_any_offset() {
    let samples = [
        "x = `caf\u{e9}` <> 0644L\nprint \"\u{1F600}\" ; exec\"x\"\n",
        "ur'\u{e9}\\\n",
        "\"\"\"unterminated \u{e9}",
        "x = 'unterminated\n`",
        "0x\u{e9}L 0L 0l",
        "print\u{e9}",
        "except , :",
        "raise ,",
        "\\",
        "`",
        "<",
    ];
    for src in samples {
        for offset in 0..=src.len() + 2 {
            let mut shadow = src.to_owned();
            let _ = neutralize_at(&mut shadow, offset);
            assert_eq!(shadow.len(), src.len(), "{src:?} at {offset}");
        }
    }
}

#[test]
fn repeated_calls_make_progress_then_stop() {
    // Calling again at the same offset on an already neutralized shadow finds nothing.
    let mut shadow = String::from("x = 0644");
    assert!(neutralize_at(&mut shadow, 8).is_some());
    assert_eq!(neutralize_at(&mut shadow, 8), None);
    let mut shadow = String::from("print \"x\"");
    assert!(neutralize_at(&mut shadow, 6).is_some());
    assert_eq!(neutralize_at(&mut shadow, 6), None);
}
