//! Helpers shared by the REFI-QDA writers ([`super::qdpx`], [`super::qdc`]):
//! XML escaping and deterministic GUIDs.
//!
//! GUIDs are name-based: the first 16 bytes of SHA-256 over a kind and a key
//! (`code` + theme id, `source` + document and answer), marked as an
//! RFC 9562 version-8 UUID. The same analysis therefore always gets the same
//! GUIDs, and project.qdpx is byte-identical from run to run.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// A deterministic GUID for `key` in the namespace `kind`.
pub(crate) fn guid(kind: &str, key: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"teema/refi\0");
    h.update(kind.as_bytes());
    h.update(b"\0");
    h.update(key.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8 (custom, name-based)
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        let _ = write!(s, "{byte:02x}");
    }
    s
}

/// `text` escaped for XML content and attribute values. Characters that XML
/// 1.0 does not allow at all (most C0 controls) become U+FFFD.
/// The length in bytes of [`escape`]`(text)`, without building it.
pub(crate) fn escaped_len(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '\'' | '"' => 6,
            '&' | '\n' | '\r' => 5,
            '<' | '>' | '\t' => 4,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => 3,
            c => c.len_utf8(),
        })
        .sum()
}

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A fixed colour per position, so code colours are stable and distinct.
pub(crate) fn colour(i: usize) -> &'static str {
    const PALETTE: [&str; 12] = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf", "#393b79", "#ad494a",
    ];
    PALETTE[i % PALETTE.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_well_formed_and_distinct() {
        let a = guid("code", "vertaistuki");
        assert_eq!(a, guid("code", "vertaistuki"));
        assert_ne!(a, guid("code", "aukioloajat"));
        assert_ne!(a, guid("case", "vertaistuki"));
        assert_eq!(a.len(), 36);
        let parts: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert_eq!(&a[14..15], "8", "version nibble of {a}");
        assert!("89ab".contains(&a[19..20]), "variant nibble of {a}");
    }

    #[test]
    fn escape_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\u{FFFD}"
        );
        assert_eq!(escape("rivi\nrivi"), "rivi&#10;rivi");
        for s in ["<a href=\"x\">'&'</a>\u{1}", "rivi\n\r\tä\u{FFFE}€", ""] {
            assert_eq!(escaped_len(s), escape(s).len(), "{s:?}");
        }
    }
}
