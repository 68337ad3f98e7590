//! Decoding the bytes of a text file: UTF-8 with or without BOM, UTF-16
//! LE/BE with BOM (Excel "Unicode text"), and Windows-1252 as a fallback
//! (with a warning). Binary files are refused with an error naming the file.

use crate::{Error, Result};
use std::borrow::Cow;
use std::path::Path;

/// A decoded text file.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The text, without BOM (borrowed from the bytes when they are UTF-8).
    pub text: Cow<'a, str>,
    /// Name of the encoding the bytes were in.
    pub encoding: &'static str,
    /// Set when the file was not UTF-8 and was read as Windows-1252.
    pub fallback_warning: Option<String>,
}

/// Decode `bytes` of the file at `path` to text.
pub(crate) fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<Decoded<'a>> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8_or_fallback(path, rest, "UTF-8 (BOM)");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "UTF-16LE")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16BE")
        };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(Error::input(
                path,
                format!(
                    "starts with a {name} byte order mark but is not valid {name}; save it again as UTF-8"
                ),
            ));
        }
        check_text(path, text.as_bytes())?;
        return Ok(Decoded {
            text: Cow::Owned(text.into_owned()),
            encoding: name,
            fallback_warning: None,
        });
    }
    utf8_or_fallback(path, bytes, "UTF-8")
}

fn utf8_or_fallback<'a>(path: &Path, bytes: &'a [u8], name: &'static str) -> Result<Decoded<'a>> {
    check_text(path, bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: name,
            fallback_warning: None,
        }),
        Err(err) => {
            let at = err.valid_up_to();
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(Decoded {
                text: Cow::Owned(text.into_owned()),
                encoding: "windows-1252",
                fallback_warning: Some(format!(
                    "not valid UTF-8 (first invalid byte 0x{:02X} on line {line}); \
                     read as Windows-1252 — check that ä and ö look right, or save the file as UTF-8",
                    bytes[at]
                )),
            })
        }
    }
}

/// Refuse binary content: NUL bytes or many control characters.
fn check_text(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(Error::input(
            path,
            format!(
                "is a binary file, not text (NUL byte at byte offset {at}); \
                 if it is UTF-16 text, save it with a byte order mark or as UTF-8"
            ),
        ));
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if !head.is_empty() && control * 20 > head.len() {
        return Err(Error::input(
            path,
            format!(
                "is a binary file, not text ({control} control bytes in its first {} bytes)",
                head.len()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Decoded<'_> {
        decode(Path::new("t.csv"), bytes).expect("decodes")
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec("ä;ö".as_bytes()).text, "ä;ö");
        let d = dec(b"\xEF\xBB\xBFk\xC3\xA4y");
        assert_eq!((d.text.as_ref(), d.encoding), ("käy", "UTF-8 (BOM)"));
    }

    #[test]
    fn utf16_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("yö".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("yö".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(
            (dec(&le).text.as_ref(), dec(&le).encoding),
            ("yö", "UTF-16LE")
        );
        assert_eq!(
            (dec(&be).text.as_ref(), dec(&be).encoding),
            ("yö", "UTF-16BE")
        );
    }

    #[test]
    fn windows_1252_fallback_warns_with_line() {
        let d = dec(b"a\np\xE4iv\xE4");
        assert_eq!(d.text, "a\npäivä");
        assert_eq!(d.encoding, "windows-1252");
        let w = d.fallback_warning.expect("warning");
        assert!(w.contains("line 2") && w.contains("Windows-1252"), "{w}");
    }

    #[test]
    fn binary_is_refused() {
        let err = decode(Path::new("x.csv"), b"PK\x03\x04\x00\x00").unwrap_err();
        assert!(err.to_string().contains("x.csv: is a binary file"), "{err}");
    }
}
