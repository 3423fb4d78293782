//! Reading a settings file: bytes from a path or standard input, refused when they are not a
//! text file, decoded (UTF-8, a BOM, a PEP 263 declaration), parsed into the settings model.
//! Every failure is an [`Error`] with the file, the line and a code frame.

// The error type carries the file's text for miette's code frames; it travels only on the cold
// path, once per file, so its size does not matter.
#![allow(clippy::result_large_err)]

use std::io::Read;
use std::path::Path;

use miette::NamedSource;

use crate::error::{visible_span, Error};
use crate::model::{ParseFailure, SettingsFile};
use crate::{text::encoding, text::source};

/// A file read and parsed, ready for the engine.
pub struct Loaded {
    pub display: String,
    pub bytes: Vec<u8>,
    pub encoding: encoding::Encoding,
    pub file: SettingsFile,
}

/// Read, decode and parse one path (`-` is standard input).
pub fn load(path: &str, display: &str) -> Result<Loaded, Error> {
    let bytes = if path == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| Error::Read {
                path: display.into(),
                message: e.to_string(),
            })?;
        b
    } else {
        let p = Path::new(path);
        if p.is_dir() {
            return Err(Error::Read {
                path: display.into(),
                message: "it is a directory".into(),
            });
        }
        // A device or a FIFO could be read forever (`/dev/zero`): only regular files.
        if std::fs::metadata(p).is_ok_and(|m| !m.is_file()) {
            return Err(Error::Read {
                path: display.into(),
                message: "not a regular file".into(),
            });
        }
        std::fs::read(p).map_err(|e| Error::Read {
            path: display.into(),
            message: io_message(&e),
        })?
    };
    load_bytes(bytes, display)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Why `bytes` are not a text file, if they are not: an executable, a NUL byte (which Python
/// refuses in source code), or mostly control characters. Checked before decoding, so that a
/// binary file is not met with advice about its encoding.
pub fn binary_reason(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x7fELF") {
        return Some("an ELF executable");
    }
    if bytes.contains(&0) {
        return Some("it holds NUL bytes");
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c) || b == 0x7f)
        .count();
    // A settings file has none; a tenth is far beyond any text.
    (control * 10 > head.len()).then_some("mostly control characters")
}

/// Decode and parse bytes.
pub fn load_bytes(bytes: Vec<u8>, display: &str) -> Result<Loaded, Error> {
    if let Some(why) = binary_reason(&bytes) {
        return Err(Error::Binary {
            path: display.into(),
            why,
        });
    }
    let decoded = encoding::decode(&bytes).map_err(|e| Error::Encoding {
        path: display.into(),
        message: e.message.clone(),
        offset: e.offset,
    })?;
    let text = decoded.text;
    let body = text.trim_start_matches('\u{feff}');
    if body.trim().is_empty() {
        return Err(Error::Empty {
            path: display.into(),
            what: "the file is empty",
        });
    }
    let file = SettingsFile::parse(text.clone()).map_err(|e| parse_error(display, &text, e))?;
    if file.statements().is_empty() {
        return Err(Error::Empty {
            path: display.into(),
            what: "only comments",
        });
    }
    Ok(Loaded {
        display: display.into(),
        bytes,
        encoding: decoded.encoding,
        file,
    })
}

fn parse_error(display: &str, text: &str, e: ParseFailure) -> Error {
    let lines = source::LineIndex::new(text);
    match e {
        ParseFailure::Syntax {
            offset, message, ..
        } => {
            let span = visible_span(text, offset);
            let (line, column) = lines.line_col(span.offset());
            Error::Syntax {
                path: display.into(),
                line,
                column,
                message,
                src: NamedSource::new(display, framed(text, span.offset())),
                span,
            }
        }
        ParseFailure::TooDeep { offset, chain } => {
            let span = visible_span(text, offset);
            Error::TooDeep {
                path: display.into(),
                line: lines.line(offset),
                chain,
                limit: if chain {
                    crate::syntax::depth::MAX_CHAIN
                } else {
                    crate::syntax::depth::MAX_DEPTH
                },
                src: NamedSource::new(display, framed(text, span.offset())),
                span,
            }
        }
    }
}

/// The text a code frame needs: up to the end of the line after the error, and at most 200
/// bytes past the error (a hostile file may hold one line of a megabyte).
fn framed(text: &str, offset: usize) -> String {
    let after = source::next_line(text, offset);
    let mut end = source::line_end(text, after).min(offset.saturating_add(200));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end.max(offset.min(text.len()))].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_reason_tells_executables_nul_bytes_and_control_characters() {
        assert_eq!(
            binary_reason(b"\x7fELF\x02\x01\x01"),
            Some("an ELF executable")
        );
        assert_eq!(binary_reason(b"X = 1\x00\n"), Some("it holds NUL bytes"));
        assert_eq!(
            binary_reason(&[1, 2, 3, 4, b'a', b'b']),
            Some("mostly control characters")
        );
        assert_eq!(binary_reason(b"X = 1\r\n\tY = '\x0c'\n"), None);
        assert_eq!(binary_reason("# café\n".as_bytes()), None);
        assert_eq!(binary_reason(b"# caf\xe9\n"), None);
    }
}
