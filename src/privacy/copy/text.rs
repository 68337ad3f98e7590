//! Text files (CSV/TSV, transcripts, WebVTT, SRT) copied with only the
//! replaced spans changed, written back in the encoding they came in.
//!
//! A transcript or subtitle file is one text. A table is searched field by
//! field, split as the reader splits it (`corpus::field_spans`): a phone
//! number in the field after an id (`17,040 123 4567`) is not read as the
//! tail of a decimal, and no code swallows a tab or a line end between
//! fields. A code has no delimiter or quote in it, so a CSV stays a valid
//! CSV with the same columns.

use super::Copier;

/// The encodings teema reads text in, to write the copy back in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8 {
        /// The file started with a BOM.
        bom: bool,
    },
    /// UTF-16 little endian with BOM (Excel "Unicode text").
    Utf16Le,
    /// UTF-16 big endian with BOM.
    Utf16Be,
    /// Windows-1252 (files that are not UTF-8).
    Windows1252,
}

impl Encoding {
    /// Name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 { bom: false } => "UTF-8",
            Encoding::Utf8 { bom: true } => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// The text of `bytes` and the encoding it was in: teema's one decoder
/// (`corpus::decode`), so the copy is made from the text that was read.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let d = crate::corpus::decode::decode_bytes(bytes);
    let enc = match d.encoding {
        "UTF-8 (BOM)" => Encoding::Utf8 { bom: true },
        "UTF-16LE" => Encoding::Utf16Le,
        "UTF-16BE" => Encoding::Utf16Be,
        "windows-1252" => Encoding::Windows1252,
        _ => Encoding::Utf8 { bom: false },
    };
    (d.text.into_owned(), enc)
}

/// `text` in `encoding` (with the BOM it had).
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 { bom } => {
            let mut out = Vec::with_capacity(text.len() + 3);
            if bom {
                out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            }
            out.extend_from_slice(text.as_bytes());
            out
        }
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

/// The pseudonymised copy of a text file and the name of its encoding;
/// `pseudonymise` gives the text with the codes in (`None`: nothing found).
pub fn copy<'a>(
    c: &mut Copier<'a>,
    bytes: &[u8],
    pseudonymise: impl FnOnce(&mut Copier<'a>, &str) -> Option<String>,
) -> (Vec<u8>, &'static str) {
    let (text, enc) = decode(bytes);
    match pseudonymise(c, &text) {
        Some(new) => (encode(&new, enc), enc.name()),
        None => (bytes.to_vec(), enc.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_round_trips() {
        let text = "Nimi;Vastaus\r\nr1;Hyvää päivää [HENKILÖ 1]\r\n";
        for enc in [
            Encoding::Utf8 { bom: false },
            Encoding::Utf8 { bom: true },
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Windows1252,
        ] {
            let bytes = encode(text, enc);
            assert_eq!(decode(&bytes), (text.to_string(), enc), "{}", enc.name());
        }
    }
}
