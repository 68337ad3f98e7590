//! Property tests of the text readers on arbitrary bytes: decoding, the
//! CSV/TSV, JSON Lines, transcript and subtitle readers never panic, a
//! table reader accounts for every data row it reads (kept or rejected,
//! each kept row as wide as the header), and every turn of a transcript
//! is a span of the text it was read from.

use super::{decode::decode, delimited, jsonl, subtitles, transcript};
use proptest::prelude::*;
use std::path::Path;

/// Bytes that lean towards what the readers look for, with arbitrary
/// bytes between.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"\"".to_vec()),
        Just(b";".to_vec()),
        Just(b",".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just("ä".as_bytes().to_vec()),
        Just(b"H: ".to_vec()),
        Just(b"{\"a\":".to_vec()),
        Just(b"[[[[".to_vec()),
        Just(b"}".to_vec()),
        Just(b"00:00:01.000 --> 00:00:02.000\n".to_vec()),
        Just(b"WEBVTT\n".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn text_readers_never_panic_and_account_for_every_record(bytes in input()) {
        let Ok(decoded) = decode(Path::new("f.csv"), &bytes) else {
            return Ok(());
        };
        let text = &decoded.text;
        for delimiter in [None, Some(b';'), Some(b'\t')] {
            if let Ok(t) = delimited::read(Path::new("f.csv"), text, delimiter) {
                prop_assert_eq!(t.read, t.table.rows.len() as u64 + t.rejected);
                prop_assert!(t.table.rows.iter().all(|r| r.record.len() == t.table.header.len()));
            }
        }
        if let Ok(t) = jsonl::read(Path::new("f.jsonl"), text) {
            prop_assert_eq!(t.read, t.table.rows.len() as u64 + t.rejected);
            prop_assert!(t.table.rows.iter().all(|r| r.record.len() == t.table.header.len()));
        }
        let mut notes = Vec::new();
        for turn in transcript::parse(text, &mut notes) {
            prop_assert_eq!(text.get(turn.span.0..turn.span.1), Some(turn.text.as_ref()));
        }
        for vtt in [true, false] {
            for turn in subtitles::parse(text, vtt, &mut notes) {
                prop_assert!(turn.span.0 <= turn.span.1 && turn.span.1 <= text.len());
            }
        }
    }
}
