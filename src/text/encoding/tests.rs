//! Unit tests of decoding and encoding ([`super`]).

use super::*;

fn round_trip(bytes: &[u8]) -> Decoded {
    let decoded = decode(bytes).unwrap();
    assert_eq!(encode(&decoded.text, &decoded.encoding).unwrap(), bytes);
    decoded
}

#[test]
fn plain_utf8() {
    let bytes = "# settings\nLANGUAGE_CODE = 'fr'\nNAME = 'Mod\u{e9}boa'\n".as_bytes();
    let d = round_trip(bytes);
    assert_eq!(d.encoding, Encoding::Utf8 { bom: false });
    assert_eq!(d.text.as_bytes(), bytes);
}

#[test]
fn empty_file() {
    let d = round_trip(b"");
    assert_eq!(d.encoding, Encoding::Utf8 { bom: false });
    assert_eq!(d.text, "");
}

#[test]
fn bom_is_kept_in_text_and_round_trips() {
    let bytes = b"\xEF\xBB\xBFDEBUG = False\nX = '\xC3\xA9'\n";
    let d = round_trip(bytes);
    assert_eq!(d.encoding, Encoding::Utf8 { bom: true });
    assert!(d.text.starts_with('\u{FEFF}'));
    // Byte offsets in the text are byte offsets in the file.
    assert_eq!(d.text.find("DEBUG"), Some(3));
    assert_eq!(d.text.len(), bytes.len());
}

#[test]
fn bom_with_utf8_declaration() {
    let d = round_trip(b"\xEF\xBB\xBF# -*- coding: utf-8 -*-\nX = 1\n");
    assert_eq!(d.encoding, Encoding::Utf8 { bom: true });
}

#[test]
fn latin1_declared_round_trips_every_byte() {
    let mut bytes = b"# -*- coding: latin-1 -*-\nX = '".to_vec();
    bytes.extend(0x80..=0xFFu8);
    bytes.extend(b"'\n");
    let d = round_trip(&bytes);
    assert_eq!(d.encoding, Encoding::Latin1);
    assert!(d.text.contains('\u{e9}'));
    assert!(d.text.contains('\u{80}'));
    assert!(d.text.contains('\u{ff}'));
    assert_eq!(d.text.chars().count(), bytes.len());
}

#[test]
fn latin1_name_variants() {
    for name in [
        "latin-1",
        "Latin-1",
        "LATIN_1",
        "latin1",
        "iso-8859-1",
        "ISO-8859-1",
        "iso_8859_1",
        "iso8859-1",
        "ISO8859_1",
        "l1",
        "L1",
        "latin-1-unix",
        "iso-latin-1",
    ] {
        let mut bytes = format!("# -*- coding: {name} -*-\nX = '").into_bytes();
        bytes.extend(b"\xE9'\n");
        let d = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(d.encoding, Encoding::Latin1, "{name}");
        assert_eq!(encode(&d.text, &d.encoding).unwrap(), bytes);
    }
}

#[test]
fn declaration_on_line_2() {
    let bytes = b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nX = '\xE9'\n";
    let d = round_trip(bytes);
    assert_eq!(d.encoding, Encoding::Latin1);
    assert!(d.text.ends_with("X = '\u{e9}'\n"));
}

#[test]
fn declaration_on_line_2_after_blank_line() {
    let d = round_trip(b"\n# coding=latin1\nX = '\xE9'\n");
    assert_eq!(d.encoding, Encoding::Latin1);
}

#[test]
fn declaration_on_line_2_ignored_after_code() {
    // Python ignores it too: line 1 is code, so the file must be UTF-8.
    let err = decode(b"X = 1\n# coding: latin-1\nY = '\xE9'\n").unwrap_err();
    assert_eq!(err.offset, 29);
}

#[test]
fn declaration_on_line_3_ignored() {
    let err = decode(b"#\n#\n# coding: latin-1\nY = '\xE9'\n").unwrap_err();
    assert_eq!(err.offset, 27);
}

#[test]
fn utf8_declared() {
    for name in ["utf-8", "UTF-8", "utf8", "utf_8", "utf-8-unix"] {
        let bytes = format!("# -*- coding: {name} -*-\nX = '\u{e9}'\n").into_bytes();
        let d = round_trip(&bytes);
        assert_eq!(d.encoding, Encoding::Utf8 { bom: false }, "{name}");
    }
}

#[test]
fn invalid_utf8_offset_and_line() {
    let bytes = b"# settings\nA = 1\nB = 'caf\xE9'\n";
    let err = decode(bytes).unwrap_err();
    assert_eq!(err.offset, 25);
    assert_eq!(bytes[err.offset], 0xE9);
    assert!(err.message.contains("byte offset 25"), "{}", err.message);
    assert!(err.message.contains("(line 3)"), "{}", err.message);
    assert!(err.message.contains("coding: latin-1"), "{}", err.message);
    assert_eq!(err.to_string(), err.message);
}

#[test]
fn invalid_utf8_with_utf8_declared() {
    let err = decode(b"# coding: utf-8\nX = '\xFF'\n").unwrap_err();
    assert_eq!(err.offset, 21);
    assert!(err.message.contains("declares 'utf-8'"), "{}", err.message);
}

#[test]
fn truncated_utf8_sequence_at_end() {
    let err = decode(b"X = '\xC3").unwrap_err();
    assert_eq!(err.offset, 5);
}

#[test]
fn unsupported_declared_encoding() {
    let bytes = b"#!/usr/bin/python\n# -*- coding: koi8-r -*-\nX = 1\n";
    let err = decode(bytes).unwrap_err();
    assert_eq!(err.offset, 32);
    assert_eq!(&bytes[err.offset..err.offset + 6], b"koi8-r");
    assert_eq!(
        err.message,
        "unsupported encoding 'koi8-r' declared on line 2"
    );
}

#[test]
fn bom_with_latin1_declaration_is_an_error() {
    let err = decode(b"\xEF\xBB\xBF# coding: latin-1\n").unwrap_err();
    assert_eq!(err.offset, 13);
    assert!(err.message.contains("byte order mark"), "{}", err.message);
}

#[test]
fn ascii_declared() {
    let d = round_trip(b"# coding: ascii\nX = 1\n");
    assert_eq!(d.encoding, Encoding::Utf8 { bom: false });
    let err = decode(b"# coding: us-ascii\nX = '\xC3\xA9'\n").unwrap_err();
    assert_eq!(err.offset, 24);
}

#[test]
fn cp1252_declared() {
    let bytes = b"# coding: cp1252\nX = '\x80\x93\xE9\x9F'\n";
    let d = round_trip(bytes);
    assert_eq!(d.encoding, Encoding::Cp1252);
    assert!(d.text.contains("'\u{20AC}\u{201C}\u{e9}\u{178}'"));
    let d = round_trip(b"# coding: windows-1252\nX = 1\n");
    assert_eq!(d.encoding, Encoding::Cp1252);
    let err = decode(b"# coding: cp1252\nX = '\x81'\n").unwrap_err();
    assert_eq!(err.offset, 22);
    let err = encode("X = '\u{e9}\u{100}'", &Encoding::Cp1252).unwrap_err();
    assert_eq!((err.offset, err.ch), (7, '\u{100}'));
}

#[test]
fn coding_needs_a_comment() {
    // Not a comment: no declaration, plain UTF-8.
    let d = round_trip(b"coding = 'latin-1'\n");
    assert_eq!(d.encoding, Encoding::Utf8 { bom: false });
    // `coding` without `:`/`=` first, then a real one later on the line.
    let d = round_trip(b"# coding and encoding: latin-1\nX = '\xE9'\n");
    assert_eq!(d.encoding, Encoding::Latin1);
}

#[test]
fn encode_error_for_char_outside_latin1() {
    let text = "# -*- coding: latin-1 -*-\nX = '\u{e9}\u{20AC}'\n";
    let err = encode(text, &Encoding::Latin1).unwrap_err();
    assert_eq!(err.ch, '\u{20AC}');
    assert_eq!(err.offset, text.find('\u{20AC}').unwrap());
    assert_eq!(err.encoding, Encoding::Latin1);
    assert!(err.to_string().contains("U+20AC"), "{err}");
    assert!(err.to_string().contains("latin-1"), "{err}");
}

#[test]
fn latin1_text_edited_then_encoded() {
    let bytes = b"# coding: latin-1\nNAME = 'caf\xE9'\n";
    let mut d = decode(bytes).unwrap();
    d.text.push_str("X = '\u{e8}'\n");
    assert_eq!(
        encode(&d.text, &d.encoding).unwrap(),
        b"# coding: latin-1\nNAME = 'caf\xE9'\nX = '\xE8'\n"
    );
}

#[test]
fn names() {
    assert_eq!(Encoding::Latin1.to_string(), "latin-1");
    assert_eq!(Encoding::Utf8 { bom: false }.name(), "utf-8");
    assert_eq!(
        Encoding::Utf8 { bom: true }.to_string(),
        "utf-8 (with byte order mark)"
    );
}
