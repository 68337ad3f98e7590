//! JSON Lines copied with every string literal pseudonymised (decoded
//! first, so `\u00e4` and `\n` escapes do not hide a name or a number) and
//! everything else byte for byte: key order, numbers, spacing.

use super::Copier;
use super::text::{decode, encode};
use crate::{Error, Result};
use std::path::Path;

/// The pseudonymised copy of a JSON Lines file and the name of its encoding.
pub fn copy(c: &mut Copier<'_>, path: &Path, bytes: &[u8]) -> Result<(Vec<u8>, &'static str)> {
    let (text, enc) = decode(bytes);
    let new = pseudonymise_strings(c, &text)
        .map_err(|(line, message)| Error::parse(path, line, message))?;
    Ok((encode(&new, enc), enc.name()))
}

/// `text` with each JSON string literal pseudonymised; errors give the
/// 1-based line of a string that does not end or does not decode.
fn pseudonymise_strings(
    c: &mut Copier<'_>,
    text: &str,
) -> std::result::Result<String, (u64, String)> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    let mut edits = Vec::new();
    while let Some(off) = memchr::memchr(b'"', &b[i..]) {
        let start = i + off;
        let mut j = start + 1;
        while j < b.len() && b[j] != b'"' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        let line = || 1 + memchr::memchr_iter(b'\n', &b[..start]).count() as u64;
        if j >= b.len() {
            return Err((line(), "a string is not closed".into()));
        }
        let literal = &text[start..=j];
        let value: String = serde_json::from_str(literal)
            .map_err(|e| (line(), format!("a string cannot be read: {e}")))?;
        edits.clear();
        if let Some(new) = c.text(&value, &mut edits) {
            out.push_str(&text[copied..start]);
            out.push_str(&serde_json::to_string(&new).map_err(|e| (line(), e.to_string()))?);
            copied = j + 1;
        }
        i = j + 1;
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::PrivacyOptions;
    use crate::text::{Analyzer, AnalyzerConfig};

    #[test]
    fn strings_are_pseudonymised_the_rest_kept() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let mut c = Copier::new(&PrivacyOptions::default(), &analyzer);
        let text = "{\"id\": 7, \"vastaus\": \"soita\\n040 123 4567 \\\"kiitos\\\"\"}\n{\"id\":8,\"x\":\"ei\"}\n";
        let new = pseudonymise_strings(&mut c, text).unwrap();
        assert_eq!(
            new,
            "{\"id\": 7, \"vastaus\": \"soita\\n[PUHELIN 1] \\\"kiitos\\\"\"}\n{\"id\":8,\"x\":\"ei\"}\n"
        );
        let err = pseudonymise_strings(&mut c, "{\"a\": 1}\n{\"b\": \"auki").unwrap_err();
        assert_eq!(err.0, 2);
    }
}
