//! Helpers shared by the REFI-QDA writers ([`super::qdpx`], [`super::qdc`]):
//! deterministic GUIDs and code colours (XML escaping is
//! [`crate::escape::xml`]).
//!
//! GUIDs are name-based: the first 16 bytes of SHA-256 over a kind and a key
//! (`code` + theme id, `source` + document and answer), marked as an
//! RFC 9562 version-8 UUID. The same analysis therefore always gets the same
//! GUIDs, and project.qdpx is byte-identical from run to run.

use sha2::{Digest, Sha256};

/// A deterministic GUID for `key` in the namespace `kind`.
pub(crate) fn guid(kind: &str, key: &str) -> String {
    let mut s = String::with_capacity(36);
    push_guid(&mut s, kind, key);
    s
}

/// [`guid`], appended to `out`.
pub(crate) fn push_guid(out: &mut String, kind: &str, key: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
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
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[usize::from(byte >> 4)] as char);
        out.push(HEX[usize::from(byte & 0x0f)] as char);
    }
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
        assert!(
            a.bytes()
                .all(|b| b == b'-' || b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert!("89ab".contains(&a[19..20]), "variant nibble of {a}");
    }
}
