//! Decoding the bytes of a text file: UTF-8 with or without BOM, UTF-16
//! LE/BE with BOM (Excel "Unicode text"), and Windows-1252 as a fallback
//! (with a warning). Binary files are refused with an error naming the file.
//!
//! A UTF-8 file with a few bad bytes stays UTF-8: the bad sequences become
//! U+FFFD and one warning names the lines they are on. Only a file that is
//! clearly not UTF-8 (no valid multi-byte sequence at all, or more invalid
//! sequences than valid multi-byte ones) is read as Windows-1252. This is
//! teema's one text decoder: the readers and the pseudonymised copies
//! ([`decode_bytes`]) see the same text.

use crate::{Error, Result};
use std::borrow::Cow;
use std::path::Path;

/// A decoded text file.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The text, without BOM (borrowed from the bytes when they are UTF-8).
    pub text: Cow<'a, str>,
    /// Name of the encoding the bytes were in (`UTF-8`, `UTF-8 (BOM)`,
    /// `UTF-16LE`, `UTF-16BE`, `windows-1252`).
    pub encoding: &'static str,
    /// A warning about the decoding and the line it concerns: the first
    /// line with bad UTF-8 replaced, or 0 (the whole file) when the file
    /// was read as Windows-1252.
    pub warning: Option<(u64, String)>,
}

/// Lines listed in the warning about invalid UTF-8.
const LISTED_LINES: usize = 10;

/// Decode `bytes` of the file at `path` to text, refusing binary files and
/// broken UTF-16.
pub(crate) fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<Decoded<'a>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let d = decode_bytes(bytes);
        if d.warning.is_some() {
            return Err(Error::input(
                path,
                format!(
                    "starts with a {0} byte order mark but is not valid {0}; save it again as UTF-8",
                    d.encoding
                ),
            ));
        }
        check_text(path, d.text.as_bytes())?;
        return Ok(d);
    }
    check_text(path, bytes)?;
    Ok(decode_bytes(bytes))
}

/// Decode `bytes` without refusing anything (UTF-16 errors become U+FFFD
/// with a warning).
pub(crate) fn decode_bytes(bytes: &[u8]) -> Decoded<'_> {
    nul_free(decode_any(bytes))
}

/// [`decode_bytes`] before NULs are replaced.
fn decode_any(bytes: &[u8]) -> Decoded<'_> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8_or_fallback(rest, "UTF-8 (BOM)");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "UTF-16LE")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16BE")
        };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        return Decoded {
            text: Cow::Owned(text.into_owned()),
            encoding: name,
            warning: had_errors
                .then(|| (1, format!("not valid {name}; bad units replaced by U+FFFD"))),
        };
    }
    utf8_or_fallback(bytes, "UTF-8")
}

/// `d` with its NUL characters (stray bytes of a broken export, which
/// [`check_text`] lets through when they are few) as U+FFFD, and a
/// warning naming their lines.
fn nul_free(mut d: Decoded<'_>) -> Decoded<'_> {
    if memchr::memchr(0, d.text.as_bytes()).is_none() {
        return d;
    }
    let b = d.text.as_bytes();
    let mut lines: Vec<u64> = Vec::new();
    let (mut line, mut counted_to, mut count) = (1u64, 0usize, 0usize);
    for at in memchr::memchr_iter(0, b) {
        count += 1;
        line += memchr::memchr_iter(b'\n', &b[counted_to..at]).count() as u64;
        counted_to = at;
        if lines.last() != Some(&line) {
            lines.push(line);
        }
    }
    let mut listed: Vec<String> = lines
        .iter()
        .take(LISTED_LINES)
        .map(u64::to_string)
        .collect();
    if lines.len() > LISTED_LINES {
        listed.push(format!("and {} more", lines.len() - LISTED_LINES));
    }
    let said = format!(
        "{count} NUL byte{} replaced by U+FFFD (�) on line{} {}",
        if count == 1 { "" } else { "s" },
        if lines.len() == 1 { "" } else { "s" },
        listed.join(", ")
    );
    d.warning = Some(match d.warning.take() {
        // Line 0 is a warning on the whole file (read as Windows-1252).
        Some((0, w)) => (0, format!("{w}; {said}")),
        Some((l, w)) => (l.min(lines[0]), format!("{w}; {said}")),
        None => (lines[0], said),
    });
    d.text = Cow::Owned(d.text.replace('\0', "\u{FFFD}"));
    d
}

fn utf8_or_fallback<'a>(bytes: &'a [u8], name: &'static str) -> Decoded<'a> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: name,
            warning: None,
        };
    }
    // Count valid multi-byte characters and invalid sequences, and note
    // the lines of the invalid ones.
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    let mut bad_lines: Vec<u64> = Vec::new();
    let (mut at, mut line, mut counted_to) = (0usize, 1u64, 0usize);
    let mut first_bad: Option<usize> = None;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
        at += valid.len();
        if !chunk.invalid().is_empty() {
            first_bad.get_or_insert(at);
            invalid += 1;
            line += memchr::memchr_iter(b'\n', &bytes[counted_to..at]).count() as u64;
            counted_to = at;
            if bad_lines.last() != Some(&line) {
                bad_lines.push(line);
            }
        }
        at += chunk.invalid().len();
    }
    if multibyte == 0 || invalid > multibyte {
        let at = first_bad.unwrap_or(0);
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
        // A decision about the whole file: a warning on the file (line 0).
        return Decoded {
            text: Cow::Owned(text.into_owned()),
            encoding: "windows-1252",
            warning: Some((
                0,
                format!(
                    "not valid UTF-8 (first invalid byte 0x{:02X} on line {}); read as \
                     Windows-1252 ({invalid} invalid UTF-8 sequences, {multibyte} valid \
                     multi-byte letters) — check that ä and ö look right, or save the file as UTF-8",
                    bytes[at], bad_lines[0]
                ),
            )),
        };
    }
    let mut listed: Vec<String> = bad_lines
        .iter()
        .take(LISTED_LINES)
        .map(u64::to_string)
        .collect();
    if bad_lines.len() > LISTED_LINES {
        listed.push(format!("and {} more", bad_lines.len() - LISTED_LINES));
    }
    Decoded {
        text: String::from_utf8_lossy(bytes),
        encoding: name,
        warning: Some((
            bad_lines[0],
            format!(
                "{invalid} invalid UTF-8 byte sequence{} replaced by U+FFFD (�) on \
                 line{} {}; the rest of the file is read as UTF-8",
                if invalid == 1 { "" } else { "s" },
                if bad_lines.len() == 1 { "" } else { "s" },
                listed.join(", ")
            ),
        )),
    }
}

/// NUL bytes a text file may have: a few stray ones (a broken export) are
/// replaced and named by their lines; more (above this count and one per
/// thousand bytes) make a binary file, or UTF-16 without a byte order mark
/// (every other byte of Finnish text is NUL). A short file of UTF-16 or
/// binary fails the control-character test below anyway.
const STRAY_NULS: usize = 16;

/// Refuse binary content: NUL bytes (more than a few) or many control
/// characters.
fn check_text(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(at) = memchr::memchr(0, bytes) {
        let nuls = memchr::memchr_iter(0, bytes).count();
        if nuls > STRAY_NULS && nuls * 1000 > bytes.len() {
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
            return Err(Error::input(
                path,
                format!(
                    "is a binary file, not text ({nuls} NUL bytes, the first at byte {at}, on line {line}); \
                     if it is UTF-16 text, save it with a byte order mark or as UTF-8"
                ),
            ));
        }
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
        let (line, w) = d.warning.expect("warning");
        assert_eq!(line, 0, "a warning on the whole file");
        assert!(
            w.contains("0xE4 on line 2") && w.contains("Windows-1252"),
            "{w}"
        );
    }

    #[test]
    fn a_few_bad_bytes_keep_utf8_and_name_their_lines() {
        let mut bytes = Vec::new();
        for i in 0..50 {
            bytes.extend_from_slice(format!("{i};hyvä päivä\n").as_bytes());
        }
        bytes.extend_from_slice(b"x;p\xE4iv\xE4\n");
        bytes.extend_from_slice("y;hyvä\n".as_bytes());
        let d = dec(&bytes);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("hyvä päivä") && d.text.contains("p\u{FFFD}iv\u{FFFD}"));
        let (line, w) = d.warning.expect("warning");
        assert_eq!(line, 51);
        assert!(w.contains("2 invalid") && w.contains("line 51;"), "{w}");
    }

    #[test]
    fn mostly_invalid_is_windows_1252() {
        // One valid UTF-8 letter among many Latin-1 ones.
        let d = dec(b"\xE4\xE4\xF6 \xC3\xA4 \xE4\xF6");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn a_few_nul_bytes_are_replaced_and_named_many_are_binary() {
        let mut bytes = Vec::new();
        for i in 0..200 {
            bytes.extend_from_slice(format!("{i};hyvä palvelu ja nopea vastaus\n").as_bytes());
        }
        bytes[40] = 0;
        let d = dec(&bytes);
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.text.contains('\0') && d.text.contains('\u{FFFD}'));
        let (line, w) = d.warning.expect("warning");
        assert_eq!(
            (line, w.as_str()),
            (2, "1 NUL byte replaced by U+FFFD (�) on line 2")
        );
        let utf16: Vec<u8> = "id;vastaus\n1;hyvä\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = decode(Path::new("x.csv"), &utf16).unwrap_err().to_string();
        assert!(
            err.contains("NUL bytes, the first at byte 1, on line 1") && err.contains("UTF-16"),
            "{err}"
        );
    }

    #[test]
    fn binary_is_refused() {
        let err = decode(Path::new("x.csv"), b"PK\x03\x04\x00\x00").unwrap_err();
        assert!(err.to_string().contains("x.csv: is a binary file"), "{err}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Any bytes: decoding never panics, and a warning has a line.
        #[test]
        fn any_bytes_decode_or_are_refused(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let d = decode_bytes(&bytes);
            if let Some((line, _)) = d.warning {
                proptest::prop_assert!(line >= 1 || d.encoding == "windows-1252");
            }
            let _ = decode(Path::new("x.csv"), &bytes);
        }

        /// Valid UTF-8 (without BOM-like starts) is always decoded as
        /// UTF-8, unchanged and without a warning.
        #[test]
        fn valid_utf8_is_utf8(text in "\\PC{0,120}") {
            proptest::prop_assume!(!text.starts_with(['\u{feff}', '\u{fffe}', 'ÿ', 'þ']));
            let d = decode_bytes(text.as_bytes());
            proptest::prop_assert_eq!(d.encoding, "UTF-8");
            proptest::prop_assert_eq!(d.text.as_ref(), text.as_str());
            proptest::prop_assert!(d.warning.is_none());
        }

        /// UTF-8 text with a few bad bytes stays UTF-8 when it has more
        /// valid multi-byte letters than bad sequences.
        #[test]
        fn a_few_bad_bytes_stay_utf8(words in proptest::collection::vec("[a-zäöå ]{1,12}", 4..20), bad in 0usize..3) {
            let mut bytes = "hyvää päivää ".as_bytes().to_vec();
            for (i, w) in words.iter().enumerate() {
                bytes.extend_from_slice(w.as_bytes());
                if i < bad {
                    bytes.push(0xE4);
                }
                bytes.push(b'\n');
            }
            let d = decode_bytes(&bytes);
            proptest::prop_assert_eq!(d.encoding, "UTF-8");
            proptest::prop_assert_eq!(d.warning.is_some(), bad > 0);
        }
    }
}
