//! Bytes in, text out, same bytes back.
//!
//! A `settings.py` is read as bytes and decoded the way Python itself would (PEP 263: UTF-8 by
//! default, or the encoding declared on line 1 or 2), so that [`encode`] of the decoded text gives
//! back the identical bytes. For UTF-8 the byte order mark, if any, stays in the text as U+FEFF,
//! so byte offsets in the text equal byte offsets in the file.

use std::fmt;

/// How a file's bytes map to text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (also used for files declaring ASCII, which are checked to be pure ASCII). `bom`
    /// records a leading byte order mark, which is kept in the text as U+FEFF.
    Utf8 { bom: bool },
    /// ISO-8859-1: every byte is the char U+0000..=U+00FF of the same value.
    Latin1,
    /// Windows-1252; the five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are
    /// rejected, as Python rejects them.
    Cp1252,
}

impl Encoding {
    /// The encoding's usual name, as a coding declaration would spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Encoding::Utf8 { .. } => "utf-8",
            Encoding::Latin1 => "latin-1",
            Encoding::Cp1252 => "cp1252",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Encoding::Utf8 { bom: true } => f.write_str("utf-8 (with byte order mark)"),
            other => f.write_str(other.name()),
        }
    }
}

/// A decoded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// The bytes cannot be decoded as Python would decode them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset in the input of the first bad byte (or of the offending encoding name).
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

/// A char of the text has no representation in the file's encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    /// Byte offset of the char in the text.
    pub offset: usize,
    pub ch: char,
    pub encoding: Encoding,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "character {:?} (U+{:04X}) at byte offset {} of the new text cannot be written in {}",
            self.ch, self.ch as u32, self.offset, self.encoding
        )
    }
}

impl std::error::Error for EncodeError {}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Chars of Windows-1252 bytes 0x80..=0x9F; `None` where the byte is undefined.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

/// What a coding declaration asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declared {
    Utf8,
    Ascii,
    Latin1,
    Cp1252,
}

/// A PEP 263 coding declaration found in the file.
struct Declaration<'a> {
    /// The encoding name as written.
    name: &'a str,
    /// Byte offset of the name in the file.
    offset: usize,
    /// 1 or 2.
    line: usize,
}

/// Decode a file's bytes the way Python 3 reads source files.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let bom = bytes.starts_with(BOM);
    let declaration = find_declaration(bytes, if bom { BOM.len() } else { 0 });
    let declared = match &declaration {
        None => None,
        Some(d) => match classify(d.name) {
            Some(kind) => Some((kind, d)),
            None => {
                return Err(DecodeError {
                    offset: d.offset,
                    message: format!(
                        "unsupported encoding '{}' declared on line {}",
                        d.name, d.line
                    ),
                })
            }
        },
    };
    match declared {
        None => decode_utf8(bytes, bom, None),
        Some((Declared::Utf8, d)) => decode_utf8(bytes, bom, Some(d)),
        Some((_, d)) if bom => Err(DecodeError {
            offset: d.offset,
            message: format!(
                "the file starts with a UTF-8 byte order mark but line {} declares '{}'",
                d.line, d.name
            ),
        }),
        Some((Declared::Ascii, d)) => {
            if let Some(pos) = bytes.iter().position(|b| !b.is_ascii()) {
                let byte = bytes.get(pos).copied().unwrap_or(0);
                return Err(DecodeError {
                    offset: pos,
                    message: format!(
                        "non-ASCII byte 0x{byte:02X} at byte offset {pos} (line {}), but line {} \
                         declares '{}'",
                        line_of(bytes, pos),
                        d.line,
                        d.name
                    ),
                });
            }
            decode_utf8(bytes, false, Some(d))
        }
        Some((Declared::Latin1, _)) => Ok(Decoded {
            text: bytes.iter().map(|&b| char::from(b)).collect(),
            encoding: Encoding::Latin1,
        }),
        Some((Declared::Cp1252, d)) => {
            let mut text = String::with_capacity(bytes.len());
            for (pos, &b) in bytes.iter().enumerate() {
                match cp1252_char(b) {
                    Some(c) => text.push(c),
                    None => {
                        return Err(DecodeError {
                            offset: pos,
                            message: format!(
                                "byte 0x{b:02X} at byte offset {pos} (line {}) is undefined in \
                                 cp1252, declared on line {}",
                                line_of(bytes, pos),
                                d.line
                            ),
                        })
                    }
                }
            }
            Ok(Decoded {
                text,
                encoding: Encoding::Cp1252,
            })
        }
    }
}

/// Encode text back to bytes. For UTF-8 these are the text's own bytes (a BOM, if the file had
/// one, is still at the start of the text).
pub fn encode(text: &str, encoding: &Encoding) -> Result<Vec<u8>, EncodeError> {
    match encoding {
        Encoding::Utf8 { .. } => Ok(text.as_bytes().to_vec()),
        Encoding::Latin1 => encode_with(text, encoding, |c| u8::try_from(u32::from(c)).ok()),
        Encoding::Cp1252 => encode_with(text, encoding, cp1252_byte),
    }
}

fn encode_with(
    text: &str,
    encoding: &Encoding,
    byte_of: impl Fn(char) -> Option<u8>,
) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(text.len());
    for (offset, ch) in text.char_indices() {
        match byte_of(ch) {
            Some(b) => out.push(b),
            None => {
                return Err(EncodeError {
                    offset,
                    ch,
                    encoding: *encoding,
                })
            }
        }
    }
    Ok(out)
}

fn decode_utf8(
    bytes: &[u8],
    bom: bool,
    declared: Option<&Declaration<'_>>,
) -> Result<Decoded, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_owned(),
            encoding: Encoding::Utf8 { bom },
        }),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = line_of(bytes, offset);
            let message = match declared {
                Some(d) => format!(
                    "invalid UTF-8 at byte offset {offset} (line {line}), although line {} \
                     declares '{}'; fix the declaration or convert the file to UTF-8",
                    d.line, d.name
                ),
                None => format!(
                    "invalid UTF-8 at byte offset {offset} (line {line}); declare the file's \
                     encoding with a '# -*- coding: latin-1 -*-' line or convert it to UTF-8"
                ),
            };
            Err(DecodeError { offset, message })
        }
    }
}

/// 1-based line number of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    bytes
        .get(..end)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
        + 1
}

/// The PEP 263 declaration on line 1, or on line 2 when line 1 is blank or a comment (as Python
/// does). `start` skips a BOM.
fn find_declaration(bytes: &[u8], start: usize) -> Option<Declaration<'_>> {
    let mut line_start = start;
    for line in 1..=2 {
        let rest = bytes.get(line_start..)?;
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let text = rest.get(..len)?;
        if let Some((at, name)) = coding_spec(text) {
            return Some(Declaration {
                name,
                offset: line_start + at,
                line,
            });
        }
        if line == 1 && !is_blank_or_comment(text) {
            return None;
        }
        line_start += len + 1;
    }
    None
}

/// `^[ \t\f]*(?:[#\r\n]|$)`
fn is_blank_or_comment(line: &[u8]) -> bool {
    matches!(
        line.iter().find(|&&b| !matches!(b, b' ' | b'\t' | b'\x0C')),
        None | Some(b'#' | b'\r' | b'\n')
    )
}

/// `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` on one line: the name's offset in the line and the
/// name.
fn coding_spec(line: &[u8]) -> Option<(usize, &str)> {
    let hash = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0C'))?;
    if line.get(hash) != Some(&b'#') {
        return None;
    }
    let mut from = hash + 1;
    while let Some(found) = find(line.get(from..)?, b"coding") {
        let after = from + found + b"coding".len();
        from += found + 1;
        if !matches!(line.get(after), Some(b':' | b'=')) {
            continue;
        }
        let mut name_start = after + 1;
        while matches!(line.get(name_start), Some(b' ' | b'\t')) {
            name_start += 1;
        }
        let name_len = line
            .get(name_start..)?
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .count();
        if name_len > 0 {
            let name = std::str::from_utf8(line.get(name_start..name_start + name_len)?).ok()?;
            return Some((name_start, name));
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Map a declared name to a supported encoding, following Python's own normalisation
/// (`tokenizer.c` `get_normal_name`, then the codec alias table).
fn classify(name: &str) -> Option<Declared> {
    let lower = name.to_ascii_lowercase();
    let dashed = lower.replace('_', "-");
    if dashed == "utf-8" || dashed.starts_with("utf-8-") {
        return Some(Declared::Utf8);
    }
    for latin in ["latin-1", "iso-8859-1", "iso-latin-1"] {
        if dashed == latin
            || dashed
                .strip_prefix(latin)
                .is_some_and(|r| r.starts_with('-'))
        {
            return Some(Declared::Latin1);
        }
    }
    let key = lower.replace(['-', ' '], "_");
    match key.as_str() {
        "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => Some(Declared::Utf8),
        "latin_1" | "latin1" | "latin" | "l1" | "iso8859" | "iso8859_1" | "iso_8859_1"
        | "iso_8859_1_1987" | "iso_ir_100" | "8859" | "cp819" | "ibm819" | "csisolatin1" => {
            Some(Declared::Latin1)
        }
        "cp1252" | "windows_1252" | "1252" => Some(Declared::Cp1252),
        "ascii" | "us_ascii" | "us" | "646" | "iso646_us" | "ansi_x3.4_1968" | "ansi_x3.4_1986"
        | "ansi_x3_4_1968" | "cp367" | "csascii" | "ibm367" | "iso_646.irv_1991" | "iso_ir_6" => {
            Some(Declared::Ascii)
        }
        _ => None,
    }
}

fn cp1252_char(b: u8) -> Option<char> {
    match b {
        0x80..=0x9F => CP1252_HIGH.get(usize::from(b - 0x80)).copied().flatten(),
        _ => Some(char::from(b)),
    }
}

fn cp1252_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    if code < 0x80 || (0xA0..=0xFF).contains(&code) {
        return u8::try_from(code).ok();
    }
    let index = CP1252_HIGH.iter().position(|&x| x == Some(c))?;
    u8::try_from(0x80 + index).ok()
}

#[cfg(test)]
mod tests;
