//! The contract every reader and every privacy detector keeps, checked the
//! same way for each: a reader given any file (empty, cut short, bad
//! bytes) returns records or a typed error naming the file, never panics,
//! and accounts for every record it read; a detector finds nothing in
//! plain Finnish text without personal data, and whatever it finds is a
//! span on character boundaries inside the text. The readers are taken
//! from the registry's list of extensions and the detectors from the list
//! of kinds, so a new one is held to the contract without a new test.

use crate::util::{corpora, docx, tempdir, write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use teema::corpus::{ReadOptions, SUPPORTED_EXTENSIONS, read_paths};
use teema::privacy::{Detectors, Kind, NameList, PrivacyOptions};
use teema::text::{Analyzer, AnalyzerConfig};

const TRANSCRIPT: &str = "H: Kerro, miten ryhmä on sinua auttanut.\n\
V: Kävin siellä joka tiistai, ja sain vertaistukea.\n\
H: Mitä muuttaisit?\n\
V: Aukioloajat voisivat olla pidemmät, ehkä myös lauantaisin.\n";

/// A well-formed file for each extension the registry reads.
fn sample(ext: &str) -> Vec<u8> {
    let table = "id,Mikä on ollut hyvää?,Ikäryhmä\n\
                 1,Ohjaajat ovat ystävällisiä ja kuuntelevat,18–29\n\
                 2,\"Ryhmässä on hyvä henki, kiitos\",30–49\n\
                 3,,50–64\n";
    match ext {
        "csv" => table.into(),
        "tsv" | "tab" => table.replace(',', "\t").into(),
        "txt" | "md" => TRANSCRIPT.into(),
        "jsonl" | "ndjson" => "{\"id\": 1, \"palaute\": \"Hyvä ja lämmin tunnelma\"}\n\
                               {\"id\": 2, \"palaute\": \"Tilat ovat ahtaat\"}\n"
            .into(),
        "vtt" => {
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Haastattelija>Kerro kokemuksestasi.\n\n\
                  00:00:04.500 --> 00:00:09.000\n<v Vastaaja>Ryhmä on auttanut jaksamaan.\n"
                .into()
        }
        "srt" => "1\n00:00:01,000 --> 00:00:04,000\nHaastattelija: Kerro kokemuksestasi.\n\n\
                  2\n00:00:04,500 --> 00:00:09,000\nVastaaja: Ryhmä on auttanut jaksamaan.\n"
            .into(),
        "xlsx" => std::fs::read(corpora("palautekysely.xlsx")).expect("the sample workbook"),
        "docx" => docx(&[
            &["H: Kerro kokemuksestasi."],
            &["V: Ryhmä on auttanut ", "jaksamaan arjessa."],
        ]),
        "qdpx" => {
            let dir = tempdir();
            let path = crate::refi::qdpx(dir.path(), "sample.qdpx", |qde| qde, &[]);
            std::fs::read(path).expect("the sample project")
        }
        other => panic!("no sample for .{other}: add one to the reader contract"),
    }
}

/// The sample, then ways it goes wrong: empty, cut short (also inside a
/// character), bad bytes in it, bytes that are no text at all.
fn variants(good: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        ("the sample".to_string(), good.to_vec()),
        ("an empty file".into(), Vec::new()),
        ("one byte".into(), good[..1].to_vec()),
        ("half the file".into(), good[..good.len() / 2].to_vec()),
        (
            "all but the last byte".into(),
            good[..good.len() - 1].to_vec(),
        ),
    ];
    if let Some(i) = good.iter().position(|&b| b >= 0xC0) {
        out.push(("a cut inside a character".into(), good[..=i].to_vec()));
    }
    let mut bad = good.to_vec();
    bad.splice(
        good.len() / 3..good.len() / 3,
        [0xFF, 0xFE, 0x00, 0x80, 0xC3],
    );
    out.push(("bad bytes in the middle".into(), bad));
    out.push((
        "binary bytes".into(),
        (0u8..=255)
            .cycle()
            .take(3000)
            .map(|b| b.wrapping_mul(37))
            .collect(),
    ));
    out.push(("an odd UTF-16 file".into(), b"\xff\xfeH\0:\0 \0x".to_vec()));
    out
}

#[test]
fn every_reader_returns_records_or_an_error_naming_the_file() {
    let dir = tempdir();
    let mut failures = Vec::new();
    for ext in SUPPORTED_EXTENSIONS {
        for (what, bytes) in variants(&sample(ext)) {
            let name = format!("sopimus.{ext}");
            let path = write(dir.path(), &name, &bytes);
            let read = catch_unwind(AssertUnwindSafe(|| {
                read_paths(std::slice::from_ref(&path), &ReadOptions::default())
            }));
            match read {
                Err(_) => failures.push(format!(".{ext}, {what}: the reader panicked")),
                Ok(Err(e)) if !e.to_string().contains(&name) => failures.push(format!(
                    ".{ext}, {what}: the error does not name the file: {e}"
                )),
                Ok(Err(_)) => {}
                Ok(Ok(corpus)) => {
                    let a = &corpus.accounting;
                    if a.read != a.ingested + a.empty + a.rejected {
                        failures.push(format!(".{ext}, {what}: records lost: {a:?}"));
                    }
                    if what == "the sample" && a.ingested == 0 {
                        failures.push(format!(".{ext}: the sample gave no records: {a:?}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Finnish written for this test: dates, times, money, scores, numbers and
/// place names, but no personal data.
const PLAIN: &[&str] = &[
    "Palvelu oli hyvää ja henkilökunta ystävällistä.",
    "Kävin ryhmässä kolme kertaa viikossa vuonna 2024, ja ilta-aukiolo klo 17.30–20 sopi minulle.",
    "Hinta 12,50 € tuntui kohtuulliselta; annan arvosanan 4/5 ja suosittelisin 9/10.",
    "Toivoisin lisää retkiä Tampereelle ja ohjaajille enemmän aikaa.",
    "Sivulla 3 kerrottiin aikataulusta 1.–15.3. ja kokoontumisista joka toinen tiistai.",
    "Jonotin 45 minuuttia, mutta asia hoitui lopulta hyvin. Kiitos!",
    "Ryhmä kokoontuu kirjaston kokoushuoneessa toisessa kerroksessa.",
    "",
];

/// Texts with personal data and odd characters, to check the spans.
const MIXED: &[&str] = &[
    "Soita minulle 040 123 4567 tai laita viestiä matti.virtanen@example.fi.",
    "Tilinumero FI21 1234 5600 0007 85, henkilötunnus 131052-308T.",
    "Asun osoitteessa Mannerheimintie 12 B 7, 00100 Helsinki. Matti Virtanen kävi eilen.",
    "Ääkköset 🙂 ja yhdistelmämerkit e\u{301} sekä \u{200b}näkymätön väli: 050-765 4321",
    "aaaa@ääää.fi (at) ÄÄ ä@ä 1@1 @@ 0401234567890123456789",
];

#[test]
fn every_detector_finds_nothing_in_plain_text_and_spans_on_char_boundaries() {
    let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
    let mut session = analyzer.session();
    let names = NameList::from_lines(["Matti Virtanen", "Liisa Korhonen"]);
    let mut failures = Vec::new();
    for kind in Kind::ALL {
        let detectors = Detectors::new(&PrivacyOptions {
            kinds: vec![kind],
            names: Some(names.clone()),
        });
        assert_eq!(detectors.kinds(), [kind], "one detector per kind");
        for text in PLAIN {
            let found = detectors.find(text, Some(&mut session));
            if !found.is_empty() {
                failures.push(format!("{kind:?} found {found:?} in plain text {text:?}"));
            }
        }
        let mut spans = 0;
        for text in PLAIN.iter().chain(MIXED) {
            for f in detectors.find(text, Some(&mut session)) {
                spans += 1;
                let inside = f.start < f.end
                    && f.end <= text.len()
                    && text.is_char_boundary(f.start)
                    && text.is_char_boundary(f.end);
                if !inside || f.kind != kind {
                    failures.push(format!(
                        "{kind:?}: {f:?} is not a span of its kind in {text:?}"
                    ));
                }
            }
        }
        // The texts hold every kind, so the spans above were checked.
        if spans == 0 {
            failures.push(format!("{kind:?} found nothing in {MIXED:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
