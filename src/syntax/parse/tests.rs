//! Unit tests of the parser door ([`super`]).

use super::*;

fn fixtures() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for dir in ["releases", "variants", "variants/py2", "hostile"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("fixture directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "py") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The fast tokenizer takes every fixture that the parser's lexer takes, and gives the same
/// tokens; the Python 2 fixture stops where the parser's lexer does.
#[test]
fn fast_tokens_equal_the_parser_lexer_tokens_on_every_fixture() {
    let mut fast = 0;
    for path in fixtures() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8: never reaches the parser
        };
        let theirs = parser_lexer(&text);
        match lexer::lex(&text) {
            Lexed::Tokens(tokens) => {
                let ours = convert(&text, &tokens).expect("no soft keywords in fixtures");
                assert_eq!(ours, theirs, "{}", path.display());
                fast += 1;
            }
            Lexed::Python2 { offset } => {
                let Some(Err(e)) = theirs.last() else {
                    panic!("{}: the parser's lexer found no error", path.display());
                };
                assert_eq!(usize::from(e.location), offset, "{}", path.display());
            }
            Lexed::Unsupported => {
                assert!(
                    theirs.iter().any(|t| t.is_err()),
                    "{}: left to the parser's lexer, which lexes it",
                    path.display()
                );
            }
        }
    }
    assert!(fast >= 30, "only {fast} fixtures took the fast path");
}

/// The crate's one scanner cuts every text the parser accepts (every fixture, and line
/// endings of every kind, lone `\r` included) where the parser's lexer does.
#[test]
fn scanner_pieces_equal_the_parser_lexer_tokens() {
    let mut texts: Vec<(String, String)> = fixtures()
        .into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    for t in [
        "# c\rX = 1  # d\rY = 2\r",
        "X = 'a\\\rb'\rY = \"c\\\r\nd\"\r\n",
        "X = 1 + \\\r2\rY = (3,\r  4)\r",
        "X = '''a\rb\r\nc'''\rif X:\r    Y = f'{X!r:>{9}}', rb'x', 0xFF, 1e-5, 1_000, .5, 3j\r",
        "\u{feff}X = [a.b, c[1:2], d ** -e, f // g, h != i, ...]\n",
    ] {
        assert!(parse_exact(t).is_ok(), "{t:?}");
        texts.push((format!("{t:?}"), t.to_string()));
    }
    let mut compared = 0;
    for (name, text) in &texts {
        let too_deep = crate::syntax::depth::too_deep(text, crate::syntax::depth::LIMITS).is_some();
        if too_deep || parse_exact(text).is_err() {
            continue; // Python 2 and broken files: the scanner cuts them its own way
        }
        let theirs: Vec<(Tok, Range<usize>)> = parser_lexer(text)
            .into_iter()
            .flatten()
            .filter(|(t, _)| {
                !matches!(t, Tok::Newline | Tok::Indent | Tok::Dedent | Tok::EndOfFile)
            })
            .map(|(t, r)| (t, to_range(r)))
            .collect();
        let bom = crate::text::source::body_start(text);
        let ours: Vec<crate::syntax::scan::Piece> =
            crate::syntax::scan::pieces(&text.as_bytes()[bom..])
                .filter(|p| {
                    use crate::syntax::scan::Kind::*;
                    !matches!(p.kind, Comment | LineEnd | Continuation)
                })
                .collect();
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for (p, (tok, range)) in ours.iter().zip(&theirs) {
            assert_eq!(p.start + bom..p.end + bom, *range, "{name}: {tok:?}");
            let same_kind = match p.kind {
                crate::syntax::scan::Kind::Str { .. } => matches!(tok, Tok::String { .. }),
                crate::syntax::scan::Kind::Number => matches!(
                    tok,
                    Tok::Int { .. } | Tok::Float { .. } | Tok::Complex { .. }
                ),
                crate::syntax::scan::Kind::Name => !matches!(
                    tok,
                    Tok::String { .. } | Tok::Int { .. } | Tok::Float { .. }
                ),
                _ => true,
            };
            assert!(same_kind, "{name}: {:?} against {tok:?}", p.kind);
        }
        compared += 1;
    }
    assert!(compared >= 40, "only {compared} texts compared");
}

#[test]
fn python2_octal_is_provisional_and_parse_exact_gives_the_message() {
    let e = parse("X = 0644\n").unwrap_err();
    assert!(e.provisional);
    assert_eq!(e.offset, 8);
    let exact = parse_exact("X = 0644\n").unwrap_err();
    assert_eq!(exact.offset, 8);
    assert!(!exact.message.is_empty());
}

#[test]
fn soft_keywords_and_f_strings_go_to_the_parser_lexer() {
    for text in ["match = 1\n", "type = 'x'\n", "X = f'{Y}'\n", "X = 0x10\n"] {
        assert!(parse(text).is_ok(), "{text:?}");
    }
}

/// The fast path of `NAME = value` statements against the parser.
mod fast_tests {
    use crate::syntax::parse::*;

    /// The statements of a typical file are built without the parser, and equal the parser's
    /// (the comparison runs inside `parse` in debug builds).
    #[test]
    fn most_statements_of_a_typical_file_skip_the_parser() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/variants/0.7-typical-site.py");
        let shadow = std::fs::read_to_string(path).expect("fixture");
        let Lexed::Tokens(tokens) = lexer::lex(&shadow) else {
            panic!("lexes");
        };
        let pieces = fastparse::pieces(&shadow, &tokens);
        let built = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Built(_)))
            .count();
        let module = parse(&shadow).expect("parses");
        assert!(
            built * 10 >= module.body.len() * 9,
            "{built} of {} statements built",
            module.body.len()
        );
        assert_eq!(
            module.body.len(),
            parse_exact(&shadow).expect("parses").body.len()
        );
    }

    /// What a splice leaves (blank lines, comments, simple statements, an import) is built
    /// without the parser, as the parser would.
    #[test]
    fn spliced_regions_are_built_without_the_parser() {
        let texts = [
            "\nLOGIN_URL = '/accounts/login/'\n",
            "ALLOWED_HOSTS = ['mail.example.com', ]  # hosts\n# note\n\n",
            "B = (\n    'a',  # one\n    \"b\",\n)\n",
            "E = ()\nL = []\n",
            "\nfrom logging.handlers import SysLogHandler\n",
            "\n# only a comment\n\n",
        ];
        for t in texts {
            let Lexed::Tokens(tokens) = lexer::lex(t) else {
                panic!("{t:?} lexes");
            };
            let pieces = fastparse::pieces(t, &tokens);
            assert!(pieces.iter().all(|p| matches!(p, Piece::Built(_))), "{t:?}");
            let (fast, exact) = (parse(t).expect("parses"), parse_exact(t).expect("parses"));
            assert_eq!(format!("{fast:?}"), format!("{exact:?}"), "{t:?}");
        }
        for t in [
            "X = ('a')\n",
            "X = 'a' 'b'\n",
            "X = f(1)\n",
            "from . import x\n",
        ] {
            let (fast, exact) = (parse(t).expect("parses"), parse_exact(t).expect("parses"));
            assert_eq!(format!("{fast:?}"), format!("{exact:?}"), "{t:?}");
        }
    }

    #[test]
    fn compound_statements_and_escapes_go_to_the_parser_and_keep_their_order() {
        let text = "A = 1\nif A:\n    B = 2\nelse:\n    B = 3\nC = 'x\\ty'\nD = (A)\nE = -1\n";
        let module = parse(text).expect("parses");
        let starts: Vec<usize> = module.body.iter().map(|s| s.range.start).collect();
        let exact = parse_exact(text).expect("parses");
        assert_eq!(format!("{module:?}"), format!("{exact:?}"));
        assert_eq!(starts.len(), 5);
    }
}
