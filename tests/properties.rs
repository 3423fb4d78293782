//! Property tests (issue 4): damaged settings files through the whole pipeline.
//!
//! The bundled release fixtures are damaged (byte ranges deleted, random bytes inserted, lines
//! duplicated or dropped, statements the tool must cope with added) and fed through what the
//! command line does: `load_bytes`, `detect`, `upgrade`, `encode`. For every input:
//!
//! - nothing panics (proptest reports a panic as a failure, with the minimal input);
//! - a rejected input is an `Err` before anything could be written;
//! - an accepted input upgrades without an internal error, to an output that parses and encodes
//!   back to the file's encoding;
//! - a second run on the output (the release detected again, as the command line does) changes
//!   nothing and applies nothing.
//!
//! (Running the same `--from` again on the output is not a property: `--from 0.7` on a file
//! already at 1.1.1 runs the 0.8 steps over the 1.1 layout, which they do not expect.)
//!
//! And `edit::apply` agrees with a naive implementation on random edits.

use std::sync::OnceLock;

use modoboa_settings::detect::detect;
use modoboa_settings::engine::{self, Request};
use modoboa_settings::load::load_bytes;
use modoboa_settings::model::SettingsFile;
use modoboa_settings::release::{self, Options, Release, RELEASES};
use modoboa_settings::text::edit::{self, Edit};
use modoboa_settings::text::encoding;
use proptest::prelude::*;
use proptest::sample::Index;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

fn fixtures() -> &'static [Vec<u8>] {
    static FIXTURES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/releases");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        paths.sort();
        assert!(paths.len() >= 16, "release fixtures");
        paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
    })
}

/// Bytes that break things: brackets, quotes, NUL, CR, invalid UTF-8, `#`, backslash.
fn nasty_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => prop::sample::select(
            b"()[]{}'\"\0\r\n#\\,:=`<>+-. \t\x0cLu0".to_vec()
        ),
        1 => prop::sample::select(vec![0x80u8, 0xBF, 0xC3, 0xE9, 0xEF, 0xBB, 0xFE, 0xFF]),
        1 => any::<u8>(),
    ]
}

#[derive(Debug, Clone)]
enum Damage {
    /// Delete up to `len` bytes at a position.
    Delete(Index, usize),
    /// Insert bytes at a position.
    Insert(Index, Vec<u8>),
    /// Repeat the line holding a position.
    DuplicateLine(Index),
    /// Delete the line holding a position.
    DeleteLine(Index),
    /// Insert a whole line (from [`LINES`]) before the line holding a position.
    InsertLine(Index, Index),
}

/// Lines that stay valid Python (or Python 2) and that the tool must cope with.
const LINES: &[&str] = &[
    "X = 1",
    "# a comment with 'quotes' and (brackets",
    "MIDDLEWARE_CLASSES = ()",
    "MIDDLEWARE_CLASSES += ('a.b.C',)",
    "INSTALLED_APPS = BASE_APPS + ('south',)",
    "INSTALLED_APPS = list(INSTALLED_APPS)",
    "DATABASES = get_databases()",
    "LOGGING = {}",
    "LOGGING['handlers'] = {}",
    "if DEBUG:\n    INSTALLED_APPS += ('debug_toolbar',)",
    "try:\n    from local_settings import *\nexcept ImportError:\n    pass",
    "AUTHENTICATION_BACKENDS = ('modoboa.lib.authbackends.SimpleBackend',)",
    "FILE_UPLOAD_PERMISSIONS = 0644",
    "print \"loading settings\"",
    "SIZE = 10L",
    "NAME = ur\"x\"",
    "R = `DEBUG`",
    "T = DEBUG <> False",
    "import os, sys",
    "from logging.handlers import SysLogHandler",
    "MODOBOA_DIR = os.path.dirname(__file__)",
    "ALLOWED_HOSTS = ['*']",
    "DOVECOT_LOOKUP_PATH = None",
    "SITE_ID = 1; DEBUG = False",
    "X = (\n    'a',  # one\n    # 'b',\n)",
    "",
    "\t",
];

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        2 => (any::<Index>(), 1..40usize).prop_map(|(i, n)| Damage::Delete(i, n)),
        3 => (any::<Index>(), prop::collection::vec(nasty_byte(), 1..6))
            .prop_map(|(i, b)| Damage::Insert(i, b)),
        1 => any::<Index>().prop_map(Damage::DuplicateLine),
        1 => any::<Index>().prop_map(Damage::DeleteLine),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(i, l)| Damage::InsertLine(i, l)),
    ]
}

/// Damage that keeps whole lines: far more of these inputs still parse.
fn line_damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        1 => any::<Index>().prop_map(Damage::DuplicateLine),
        1 => any::<Index>().prop_map(Damage::DeleteLine),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(i, l)| Damage::InsertLine(i, l)),
    ]
}

fn line_bounds(bytes: &[u8], at: usize) -> (usize, usize) {
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i + 1);
    (start, end)
}

fn apply_damage(mut bytes: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for d in damages {
        let pos = |i: &Index| i.index(bytes.len() + 1);
        match d {
            Damage::Delete(i, n) => {
                let at = pos(i);
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Damage::Insert(i, b) => {
                let at = pos(i);
                bytes.splice(at..at, b.iter().copied());
            }
            Damage::DuplicateLine(i) => {
                let (s, e) = line_bounds(&bytes, pos(i));
                let mut line = bytes[s..e].to_vec();
                if !line.ends_with(b"\n") {
                    line.insert(0, b'\n');
                }
                bytes.splice(e..e, line);
            }
            Damage::DeleteLine(i) => {
                let (s, e) = line_bounds(&bytes, pos(i));
                bytes.drain(s..e);
            }
            Damage::InsertLine(i, l) => {
                let (s, _) = line_bounds(&bytes, pos(i));
                let mut line = LINES[l.index(LINES.len())].as_bytes().to_vec();
                line.push(b'\n');
                bytes.splice(s..s, line);
            }
        }
    }
    bytes
}

// ---------------------------------------------------------------------------------------------
// The pipeline
// ---------------------------------------------------------------------------------------------

fn latest() -> &'static Release {
    RELEASES[RELEASES.len() - 1]
}

fn request(from: &'static Release) -> Request {
    Request {
        from,
        to: latest(),
        options: Options {
            hostname: Some("mail.example.com".into()),
            ..Options::default()
        },
        only: Vec::new(),
        skip: Vec::new(),
    }
}

/// What happened to one input.
#[derive(Debug, PartialEq, Eq)]
enum Fate {
    Rejected,
    Upgraded,
}

/// Run the command line's pipeline over `bytes` and check the properties; `from_oldest` runs
/// every step from 0.7 instead of detecting the release.
fn check(bytes: Vec<u8>, from_oldest: bool) -> Result<Fate, TestCaseError> {
    let Ok(loaded) = load_bytes(bytes.clone(), "x") else {
        // Rejected: the command line stops here, before any write.
        return Ok(Fate::Rejected);
    };
    prop_assert!(loaded.bytes == bytes, "load_bytes changed the bytes");
    let from = if from_oldest {
        RELEASES[0]
    } else {
        detect(&loaded.file).release.unwrap_or(RELEASES[0])
    };
    let original = loaded.file.text().to_string();
    let up = engine::upgrade(loaded.file, &request(from))
        .map_err(|e| TestCaseError::fail(format!("internal error: {e:?}")))?;
    if up.output == original {
        prop_assert!(up.applied.is_empty(), "applied without a change");
    }
    // Valid input never becomes invalid output.
    if let Err(e) = SettingsFile::parse(up.output.clone()) {
        return Err(TestCaseError::fail(format!(
            "the output does not parse: {e:?}\n{}",
            short_diff(&original, &up.output)
        )));
    }
    let new_bytes = encoding::encode(&up.output, &loaded.encoding)
        .map_err(|e| TestCaseError::fail(format!("the output does not encode: {e}")))?;
    // The output loads as a file again (same encoding, not empty) ...
    let again = load_bytes(new_bytes.clone(), "x")
        .map_err(|e| TestCaseError::fail(format!("the output does not load: {e}")))?;
    prop_assert_eq!(again.encoding, loaded.encoding);
    prop_assert!(
        again.file.text() == up.output,
        "the output does not round-trip"
    );
    // ... and a second run changes nothing: detected again, as the command line does,
    let from_again = detect(&again.file).release.unwrap_or(RELEASES[0]);
    prop_assert!(
        release::index_of(from_again) >= release::index_of(from),
        "detected {} after upgrading from {}",
        from_again.version,
        from.version
    );
    let second = engine::upgrade(again.file, &request(from_again))
        .map_err(|e| TestCaseError::fail(format!("internal error, second run: {e:?}")))?;
    if second.output != up.output {
        return Err(TestCaseError::fail(format!(
            "a second run (from {}) changed the file:\n{}",
            from_again.version,
            short_diff(&up.output, &second.output)
        )));
    }
    prop_assert!(second.applied.is_empty(), "{:?}", second.applied);
    Ok(Fate::Upgraded)
}

/// A unified diff, for failure messages (whole files would drown the minimal input).
fn short_diff(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .to_string()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // PROPTEST_CASES=5000 for a longer hunt.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
        max_shrink_iters: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn damaged_fixtures_never_panic_and_upgrade_consistently(
        which in any::<Index>(),
        damages in prop::collection::vec(damage(), 1..5),
        from_oldest in any::<bool>(),
    ) {
        let base = &fixtures()[which.index(fixtures().len())];
        check(apply_damage(base.clone(), &damages), from_oldest)?;
    }

    #[test]
    fn fixtures_with_lines_added_dropped_or_repeated_upgrade_consistently(
        which in any::<Index>(),
        damages in prop::collection::vec(line_damage(), 1..6),
        from_oldest in any::<bool>(),
    ) {
        let base = &fixtures()[which.index(fixtures().len())];
        check(apply_damage(base.clone(), &damages), from_oldest)?;
    }

    #[test]
    fn damaged_fixtures_in_other_encodings_and_line_endings_upgrade_consistently(
        which in any::<Index>(),
        damages in prop::collection::vec(line_damage(), 0..3),
        style in 0..4u8,
    ) {
        let base = apply_damage(fixtures()[which.index(fixtures().len())].clone(), &damages);
        let bytes = match style {
            // A byte order mark.
            0 => [b"\xEF\xBB\xBF".as_slice(), &base].concat(),
            // CRLF line endings.
            1 => String::from_utf8_lossy(&base).replace('\n', "\r\n").into_bytes(),
            // latin-1, declared, with a non-ASCII byte in a comment and in a string.
            2 => [
                b"# -*- coding: latin-1 -*-\n# caf\xE9\nNAME = 'caf\xE9'\n".as_slice(),
                &base,
            ]
            .concat(),
            // No final newline.
            _ => base.strip_suffix(b"\n").unwrap_or(&base).to_vec(),
        };
        check(bytes, false)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(nasty_byte(), 0..200)) {
        check(bytes, true)?;
    }
}

/// The property tests above are only worth something if many damaged inputs still load: a
/// deterministic sample, so that a change making nearly everything a rejection is noticed.
#[test]
fn line_damage_mostly_keeps_files_loadable() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (any::<Index>(), prop::collection::vec(line_damage(), 1..4));
    let mut upgraded = 0;
    let total = 40;
    for _ in 0..total {
        let (which, damages) = strategy.new_tree(&mut runner).unwrap().current();
        let base = &fixtures()[which.index(fixtures().len())];
        if check(apply_damage(base.clone(), &damages), false).unwrap() == Fate::Upgraded {
            upgraded += 1;
        }
    }
    assert!(upgraded * 2 > total, "only {upgraded} of {total} loaded");
}

// ---------------------------------------------------------------------------------------------
// edit::apply
// ---------------------------------------------------------------------------------------------

/// Sort as `apply` documents (by range, stable), then splice from the back.
fn naive_apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = text.to_string();
    for e in sorted.iter().rev() {
        out.replace_range(e.range.clone(), &e.content);
    }
    out
}

/// Text with multibyte characters.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a",
            "b",
            "\n",
            "\r\n",
            "'",
            "(",
            "\u{e9}",
            "\u{20ac}",
            "\u{1f600}",
        ]),
        0..40,
    )
    .prop_map(|v| v.concat())
}

/// Non-overlapping edits on char boundaries of `text`, in random order.
fn edits_for(text: String) -> impl Strategy<Value = (String, Vec<Edit>)> {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let n = bounds.len();
    prop::collection::vec((0..n, 0..3usize, "[x-z\u{e9}]{0,3}"), 0..8)
        .prop_map(move |picks| {
            let mut cuts: Vec<(usize, usize, String)> = picks
                .into_iter()
                .map(|(i, w, c)| (bounds[i], bounds[(i + w).min(n - 1)], c))
                .collect();
            cuts.sort_by_key(|c| c.0);
            // Drop any that overlap an earlier one (touching is fine).
            let mut end = 0;
            let mut kept = Vec::new();
            for (s, e, c) in cuts {
                if s >= end {
                    end = end.max(e);
                    kept.push(Edit::replace(s..e, c));
                }
            }
            kept
        })
        .prop_shuffle()
        .prop_map(move |edits| (text.clone(), edits))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn edit_apply_matches_a_naive_splice((text, edits) in text().prop_flat_map(edits_for)) {
        let got = edit::apply(&text, edits.clone());
        prop_assert_eq!(got, Ok(naive_apply(&text, &edits)));
    }

    #[test]
    fn edit_apply_never_panics_and_refuses_what_it_cannot_apply(
        text in text(),
        ranges in prop::collection::vec((0..50usize, 0..50usize), 0..4),
    ) {
        let edits: Vec<Edit> = ranges.iter().map(|&(s, e)| Edit::replace(s..e, "x")).collect();
        let mut sorted = edits.clone();
        sorted.sort_by_key(|e| (e.range.start, e.range.end));
        let valid = sorted.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        }) && sorted.windows(2).all(|w| w[0].range.end <= w[1].range.start);
        match edit::apply(&text, edits.clone()) {
            Ok(out) => {
                prop_assert!(valid, "accepted invalid edits {:?}", ranges);
                prop_assert_eq!(out, naive_apply(&text, &edits));
            }
            Err(_) => prop_assert!(!valid, "refused valid edits {:?}", ranges),
        }
    }
}

/// Found by the property above: one edit whose range runs backwards was applied (duplicating
/// text) instead of refused.
#[test]
#[allow(clippy::reversed_empty_ranges)]
fn edit_apply_refuses_a_backwards_range() {
    assert!(edit::apply("abcdef", vec![Edit::replace(4..1, "x")]).is_err());
    assert!(edit::apply(
        "abcdef",
        vec![Edit::insert(0, "<"), Edit::replace(4..1, "x")]
    )
    .is_err());
}

// ---------------------------------------------------------------------------------------------
// The fast tokenizer and the fast statements against the parser
// ---------------------------------------------------------------------------------------------

/// Python expressions of the settings kind, and a few shapes just outside what the fast path
/// builds (escapes, unary minus, implicit concatenation, keywords, comparisons, subscripts).
fn py_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            "'a'",
            "\"b c\"",
            "u'd'",
            "r'e'",
            "b'f'",
            "'''g\nh'''",
            "'i\\tj'",
            "'k' 'l'",
            "0",
            "42",
            "3.5",
            "1.",
            "0x1F",
            "1e3",
            "True",
            "None",
            "False",
            "NAME",
            "os.path",
            "-1",
            "not X",
            "X[0]",
            "lambda s: s",
            "'é'",
            "(  )",
            "[]",
            "{}",
            "f'{X}'",
            "0644",
        ])
        .prop_map(String::from),
        "[a-z_]{1,6}".prop_map(String::from),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec![
                    " + ",
                    "-",
                    " * ",
                    " / ",
                    " % ",
                    " // ",
                    " ** ",
                    " == ",
                    " if X else "
                ]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("{a}{op}{b}")),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("({})", v.join(", "))),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| format!("({},)", v.join(", "))),
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| format!("[{},\n  ]", v.join(",\n  "))),
            prop::collection::vec((inner.clone(), inner.clone()), 0..3).prop_map(|v| format!(
                "{{{}}}",
                v.into_iter()
                    .map(|(k, x)| format!("{k} : {x}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, a)| format!("{f}({})", a.join(", "))),
            (inner.clone(), inner.clone()).prop_map(|(f, a)| format!("{f}(key={a})")),
            inner.clone().prop_map(|e| format!("({e})")),
            inner.prop_map(|e| format!("{e}.attr")),
        ]
    })
}

fn py_statement() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => ("[A-Z_]{1,5}", prop::sample::select(vec![" = ", " += ", "=", " -= "]), py_expr())
            .prop_map(|(n, op, e)| format!("{n}{op}{e}")),
        1 => py_expr().prop_map(|e| format!("if {e}:\n    X = {e}\nelse:\n    pass")),
        1 => prop::sample::select(vec![
            "import os", "from a import b", "# comment", "", "X = 1; Y = 2", "match = 1",
            "  X = 1", "X = (1 +\n     2)", "X = 1 \\\n  + 2", "\tX = 1",
        ]).prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever path `parse` takes (fast tokens, fast statements, the parser's lexer), it gives
    /// the parser's tree, or fails where the parser fails. (Debug builds also compare inside
    /// `parse`; this checks the release-mode contract and the error side.)
    #[test]
    fn fast_parse_agrees_with_the_parser(
        stmts in prop::collection::vec(py_statement(), 1..8),
        crlf in any::<bool>(),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let text = stmts.join(nl) + nl;
        let fast = modoboa_settings::syntax::parse::parse(&text);
        let exact = modoboa_settings::syntax::parse::parse_exact(&text);
        match (&fast, &exact) {
            (Ok(a), Ok(b)) => prop_assert_eq!(format!("{a:?}"), format!("{b:?}")),
            (Err(a), Err(b)) => {
                if !a.provisional {
                    prop_assert_eq!(a, b);
                }
            }
            _ => prop_assert!(false, "fast {:?} vs exact {:?} on {:?}", fast.is_ok(), exact.is_ok(), text),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Every fixture and every hostile input, twice (issue 14)
// ---------------------------------------------------------------------------------------------

/// The inputs of issue 14, as the issue gives them (the fixtures of `fixtures/hostile/` hold
/// them too, inside whole settings files where they need one).
const HOSTILE_SNIPPETS: &[&str] = &[
    "INSTALLED_APPS=(\n#'e'\n),\n",
    "INSTALLED_APPS= (\n 'modoboa.auth',\n#'modoboa.auth'\n)\n",
    "# DATABASE_* settings\nDEBUG = False  # was True on mailng\n",
    "\u{feff}X = 1\n",
    "INSTALLED_APPS = A; (\n)\n",
    "DATABASES = {}; (\n)\n",
    "INSTALLED_APPS = ('a', 05)\n",
    "INSTALLED_APPS = (\n    'modoboa.extensions.\\\nwebmail',\n)\n",
    "INSTALLED_APPS = (\n    'modoboa'\n    ,  # core\n)\n",
    "DATABASE_ENGINE = 'mysql',\n",
    "DEBUG = False; X = \"\"\"a\nb\"\"\"\n",
    "# edited on the old Mac\rSESSION_COOKIE_AGE = 600\nMODOBOA_WEBPATH = 'modoboa/'\n",
];

/// Every `.py` file of the fixture directories.
fn every_fixture() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for dir in ["releases", "variants", "variants/py2", "hostile", "ops"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        paths.sort();
        for p in paths {
            let name = format!("{dir}/{}", p.file_name().unwrap().to_string_lossy());
            out.push((name, std::fs::read(&p).unwrap()));
        }
    }
    out
}

/// Run twice: the second run (the release detected again) changes nothing and applies
/// nothing, from the detected release and from 0.7 alike; never an internal error.
#[test]
fn every_fixture_and_hostile_input_upgraded_twice_settles_at_once() {
    let mut inputs = every_fixture();
    assert!(inputs.len() > 60, "{} fixtures", inputs.len());
    for (i, s) in HOSTILE_SNIPPETS.iter().enumerate() {
        inputs.push((format!("snippet {i}: {s:?}"), s.as_bytes().to_vec()));
    }
    // Old Mac line endings: every release fixture with `\r` alone.
    for (name, bytes) in every_fixture()
        .into_iter()
        .filter(|(n, _)| n.starts_with("releases/"))
    {
        let cr: Vec<u8> = bytes
            .iter()
            .map(|b| if *b == b'\n' { b'\r' } else { *b })
            .collect();
        inputs.push((format!("{name} with \\r line endings"), cr));
    }
    let mut upgraded = 0;
    for (name, bytes) in &inputs {
        for from_oldest in [false, true] {
            match check(bytes.clone(), from_oldest) {
                Ok(Fate::Upgraded) => upgraded += 1,
                Ok(Fate::Rejected) => {}
                Err(e) => panic!("{name} (from 0.7: {from_oldest}): {e}"),
            }
        }
    }
    // Most inputs upgrade: the check would pass vacuously if they were all rejected.
    assert!(
        upgraded > inputs.len(),
        "{upgraded} of {} upgraded",
        2 * inputs.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Values written as literals mean what they meant (issue 14)
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// The one function that writes a value as a string literal: the project's parser reads
    /// back the very string, whatever it holds (quotes, backslashes, line endings, controls).
    #[test]
    fn a_quoted_value_parses_back_to_itself(
        value in prop_oneof![
            any::<String>(),
            prop::collection::vec(
                prop::sample::select(vec!['\\', '\'', '"', '\n', '\r', '\t', '\0', 'x', 'n', '{', '\u{7f}', '\u{85}', '\u{feff}', '\u{2028}', 'é']),
                0..12,
            ).prop_map(|v| v.into_iter().collect::<String>()),
        ],
        quote in prop::sample::select(vec!['\'', '"']),
    ) {
        let literal = modoboa_settings::ops::quoted(&value, quote);
        prop_assert!(!literal.contains(['\n', '\r']), "{literal:?}");
        let f = SettingsFile::parse(format!("X = {literal}\n"))
            .map_err(|e| TestCaseError::fail(format!("{literal:?} does not parse: {e:?}")))?;
        let node = f.first_value().expect("an assignment");
        prop_assert_eq!(
            modoboa_settings::model::values::value(&f, node),
            serde_json::Value::String(value.clone()),
            "{:?}", literal
        );
    }
}
