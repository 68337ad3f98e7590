//! Robustness tests: every reader on many odd inputs built from the pieces
//! that break parsers (quotes, delimiters, line endings, multi-byte letters,
//! colons, brackets). No reader may panic, and a table reader's counts must
//! add up: every data row read is kept or rejected.

use super::{delimited, jsonl, subtitles, transcript};
use std::path::Path;

const PIECES: &[&str] = &[
    "\"",
    "\"\"",
    ";",
    ",",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "ä",
    "ö",
    "Ä",
    "€",
    "H:",
    "V1:",
    " ",
    "[00:12:34]",
    "(12:",
    ")",
    "]",
    "<v Anna>",
    "</v>",
    "-->",
    "00:00:01.000",
    "{",
    "}",
    ":",
    "Haastattelija:",
    "**",
    "x",
    "12",
    "WEBVTT",
    "1.2.2024",
    "\u{feff}",
];

/// A deterministic pseudo-random input of `n` pieces.
fn input(seed: u64, n: usize) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut s = String::new();
    for _ in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push_str(PIECES[(x % PIECES.len() as u64) as usize]);
    }
    s
}

#[test]
fn readers_never_panic_and_counts_add_up() {
    for seed in 0..3000u64 {
        let text = input(seed, 1 + (seed % 60) as usize);
        if let Ok(t) = delimited::read(Path::new("f.csv"), &text, None) {
            assert_eq!(t.read, t.table.rows.len() as u64 + t.rejected, "{text:?}");
            assert!(
                t.table
                    .rows
                    .iter()
                    .all(|r| r.record.len() == t.table.header.len()),
                "{text:?}"
            );
        }
        if let Ok(t) = jsonl::read(Path::new("f.jsonl"), &text) {
            assert_eq!(t.read, t.table.rows.len() as u64 + t.rejected, "{text:?}");
        }
        let mut notes = Vec::new();
        for turn in transcript::parse(&text, &mut notes) {
            assert_eq!(&text[turn.span.0..turn.span.1], turn.text, "{text:?}");
        }
        for vtt in [true, false] {
            for turn in subtitles::parse(&text, vtt, &mut notes) {
                assert!(
                    turn.span.0 <= turn.span.1 && turn.span.1 <= text.len(),
                    "{text:?}"
                );
            }
        }
    }
}
