//! Unit tests of the tokenizer ([`super`]).

use super::*;

fn kinds(text: &str) -> Vec<Kind> {
    match lex(text) {
        Lexed::Tokens(t) => t.into_iter().map(|t| t.kind).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn assignment_with_tuple_and_comment() {
    assert_eq!(
        kinds("X = ('a',  # c\n  u\"b\")\n"),
        vec![
            Kind::Name,
            Kind::Op("="),
            Kind::Op("("),
            Kind::Str {
                prefix: 0,
                triple: false
            },
            Kind::Op(","),
            Kind::Str {
                prefix: 1,
                triple: false
            },
            Kind::Op(")"),
            Kind::Newline,
        ]
    );
}

/// The depth read off the tokens is the byte scan's, bound and offset, at and around the
/// limit: brackets, chained operators, calls after a line break inside brackets (no call),
/// comments and continuations between tokens, lambda parameters, blocks.
#[test]
fn too_deep_from_tokens_matches_the_byte_scan() {
    let texts = [
        "X = (1 + 2) * (3 - 4)\n".to_string(),
        "X = [a.b.c(d)[0], f\n  (g), h # c\n  (i)]\n".to_string(),
        "X = (a \\\n (b))\n".to_string(),
        "X = {'k': lambda a, b: a + b, 'l': not not x}\n".to_string(),
        "if A:\n    if B:\n        X = 1\nY = 2\n".to_string(),
        format!("X = {}1{}\n", "(".repeat(12), ")".repeat(12)),
        format!("X = 1{}\n", "+1".repeat(12)),
        format!("X = a{}\n", "()".repeat(12)),
        format!("X = f\n{}\n", "(\n  a\n)".repeat(3)),
    ];
    for text in &texts {
        let Lexed::Tokens(tokens) = lex(text) else {
            panic!("not lexed: {text:?}");
        };
        // Each bound alone, and both together.
        for limit in 0..16 {
            for limits in [
                Limits {
                    depth: limit,
                    chain: 100,
                },
                Limits {
                    depth: 100,
                    chain: limit,
                },
                Limits {
                    depth: limit,
                    chain: limit + 3,
                },
            ] {
                assert_eq!(
                    too_deep(text, &tokens, limits),
                    crate::syntax::depth::too_deep(text, limits),
                    "{text:?} at {limits:?}"
                );
            }
        }
    }
}

#[test]
fn indentation_gives_indent_and_dedent() {
    assert_eq!(
        kinds("if X:\n    Y = 1\nZ = 2.5"),
        vec![
            Kind::Name,
            Kind::Name,
            Kind::Op(":"),
            Kind::Newline,
            Kind::Indent,
            Kind::Name,
            Kind::Op("="),
            Kind::Int(1),
            Kind::Newline,
            Kind::Dedent,
            Kind::Name,
            Kind::Op("="),
            Kind::Float(2.5),
            Kind::Newline,
        ]
    );
}

#[test]
fn prefixed_integers() {
    assert_eq!(kinds("X = 0o640\n")[2], Kind::Int(0o640));
    assert_eq!(kinds("X = 0xFF\n")[2], Kind::Int(255));
    assert_eq!(kinds("X = 0B101\n")[2], Kind::Int(5));
}

#[test]
fn python2_octal_and_backtick_give_the_parser_lexer_offset() {
    assert_eq!(lex("X = 0644\n"), Lexed::Python2 { offset: 8 });
    assert_eq!(lex("X = `1`\n"), Lexed::Python2 { offset: 5 });
}

#[test]
fn unusual_text_is_left_to_the_parser_lexer() {
    for text in [
        "X = 0x1G\n",
        "X = 0o\n",
        "X = 1e3\n",
        "X = 1_000\n",
        "X = f'{a}'\n",
        "café = 1\n",
        "X = 'open\n",
        "X = (1\n",
        "X = 1 ! 2\n",
        "X = $\n",
    ] {
        assert_eq!(lex(text), Lexed::Unsupported, "{text:?}");
    }
}

#[test]
fn a_lone_carriage_return_ends_a_line_a_comment_and_continues_after_a_backslash() {
    let str0 = Kind::Str {
        prefix: 0,
        triple: false,
    };
    assert_eq!(
        kinds("# c\rX = 'a\\\rb'\rY = 1 + \\\r2\r"),
        vec![
            Kind::Name,
            Kind::Op("="),
            str0,
            Kind::Newline,
            Kind::Name,
            Kind::Op("="),
            Kind::Int(1),
            Kind::Op("+"),
            Kind::Int(2),
            Kind::Newline,
        ]
    );
    // An unterminated string ends at a lone `\r`: left to the parser's lexer.
    assert_eq!(lex("X = 'a\rb'\n"), Lexed::Unsupported);
}
