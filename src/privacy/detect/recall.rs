//! Recall and false finds of the detectors on a generated set: every
//! template of `tests/data/privacy/formats.tsv` (ways people write phone
//! numbers, IBANs, e-mail addresses and identity codes, and dates, times,
//! money, scores, years and postal codes that hold no personal data)
//! filled a hundred times with random values, in Finnish sentences.
//! Check characters are computed here, apart from the detectors' own code.
//!
//! `cargo test --lib privacy::detect::recall -- --nocapture` prints the
//! figures per kind and the formats that were missed.

use super::Detectors;
use crate::privacy::{Kind, PrivacyOptions};
use std::collections::BTreeMap;

const TABLE: &str = include_str!("../../../tests/data/privacy/formats.tsv");

/// Times each template is filled.
const PER_TEMPLATE: usize = 100;

/// Sentences an identifier is written into (`{}`).
const SENTENCES: &[&str] = &[
    "Soittakaa minulle numeroon {}, kiitos.",
    "{} on oikea tieto, tarkistakaa se.",
    "Yhteystietoni: {}",
    "Lähetin viestin ({}) jo viime viikolla mutta vastausta ei kuulunut.",
    "Tieto {} löytyy lomakkeesta.",
    "Palautus tuli perille, kun laitoin sen tähän: {}. Hyvä palvelu!",
    "Ilmoitin tiedon {} puhelimessa, eikä kukaan kysynyt mitään.",
    "Kommentti: \"{}\" – näin kirjoitin lomakkeeseen.",
    "En halua antaa tietoa {} kaikkien nähtäväksi",
    "- {}\n- toinen rivi",
];

/// A small deterministic generator (the same set every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len() as u64) as usize]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.next(10) as u8))
            .collect()
    }
}

const HETU_CHECK: &[u8] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// An identity code with the right check character (`wrong`: another one).
fn hetu(rng: &mut Lcg, sign: char, wrong: bool) -> String {
    let (d, m, y) = (1 + rng.next(28), 1 + rng.next(12), rng.next(100));
    let ind = 2 + rng.next(897);
    let n = (d * 10000 + m * 100 + y) * 1000 + ind;
    let mut q = (n % 31) as usize;
    if wrong {
        q = (q + 1 + rng.next(30) as usize) % 31;
    }
    format!("{d:02}{m:02}{y:02}{sign}{ind:03}{}", HETU_CHECK[q] as char)
}

/// An IBAN of country `cc` (upper case) with the right check digits.
fn iban(rng: &mut Lcg, cc: &str) -> String {
    let bban = match cc {
        "FI" => rng.digits(14),
        "SE" => rng.digits(20),
        "DE" => rng.digits(18),
        "NO" => rng.digits(11),
        "EE" => rng.digits(16),
        "FR" => rng.digits(23),
        "ES" => rng.digits(20),
        "GB" => {
            let bank: String = (0..4)
                .map(|_| char::from(b'A' + rng.next(26) as u8))
                .collect();
            format!("{bank}{}", rng.digits(14))
        }
        _ => panic!("no BBAN for {cc}"),
    };
    let moved = format!("{bban}{cc}00");
    let r = moved.chars().fold(0u64, |r, c| {
        let v = c.to_digit(36).unwrap() as u64;
        if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        }
    });
    format!("{cc}{:02}{bban}", 98 - r)
}

/// Fill one template.
fn fill(rng: &mut Lcg, template: &str) -> String {
    const MOBILE: &[&str] = &["40", "41", "44", "45", "46", "50"];
    const AREA: &[&str] = &[
        "2", "3", "5", "6", "8", "9", "13", "14", "15", "16", "17", "19",
    ];
    const FIRST: &[&str] = &["matti", "liisa", "jukka", "aino", "pekka", "sari", "väinö"];
    const LAST: &[&str] = &["virtanen", "mäkinen", "korhonen", "nieminen", "hämäläinen"];
    const DOM: &[&str] = &["kunta", "yritys", "example", "posti", "yliopisto", "seura"];
    const TLD: &[&str] = &["fi", "com", "org", "net", "eu"];
    let mut out = String::new();
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if c == '{'
            && let Some(close) = rest.find('}')
        {
            let ph = &rest[1..close];
            rest = &rest[close + 1..];
            let cased = |rng: &mut Lcg, list: &[&str]| {
                let w = rng.pick(list);
                if ph.chars().all(|c| c.is_uppercase()) {
                    w.to_uppercase()
                } else if ph.starts_with(char::is_uppercase) {
                    let mut cs = w.chars();
                    cs.next()
                        .map(|f| f.to_uppercase().chain(cs).collect())
                        .unwrap_or_default()
                } else {
                    w.to_string()
                }
            };
            let v = match ph {
                "mob" => format!("0{}", rng.pick(MOBILE)),
                "mob-" => rng.pick(MOBILE).to_string(),
                "area" => format!("0{}", rng.pick(AREA)),
                "area-" => rng.pick(AREA).to_string(),
                "spaced" => {
                    let n = format!("0{}{}", rng.pick(MOBILE), rng.digits(7));
                    n.chars().map(String::from).collect::<Vec<_>>().join(" ")
                }
                "hetu-lower" => hetu(rng, 'A', false).to_lowercase(),
                "hetu-typo" => hetu(rng, '-', true),
                "hetu-spaced" => hetu(rng, '-', false).replace('-', " - "),
                "first" | "First" | "FIRST" => cased(rng, FIRST),
                "last" | "Last" | "LAST" => cased(rng, LAST),
                "dom" | "Dom" | "DOM" => cased(rng, DOM),
                "tld" | "TLD" => cased(rng, TLD),
                "day" => (1 + rng.next(28)).to_string(),
                "month" => (1 + rng.next(12)).to_string(),
                "dd" => format!("{:02}", 1 + rng.next(28)),
                "mm" => format!("{:02}", 1 + rng.next(12)),
                "year" => (1950 + rng.next(80)).to_string(),
                "hh" => format!("{:02}", rng.next(24)),
                "mi" => format!("{:02}", rng.next(60)),
                "n" => (1 + rng.next(999)).to_string(),
                "cc" => format!("{:02}", rng.next(100)),
                "score" => rng.next(11).to_string(),
                "postal" => format!("{:05}", 100 + 10 * rng.next(9990)),
                "thousands" => format!(
                    "{} {:03} {:03}",
                    1 + rng.next(999),
                    rng.next(1000),
                    rng.next(1000)
                ),
                _ if ph.starts_with("hetu:") => {
                    let sign = ph[5..].chars().next().unwrap();
                    let sign = if sign == '*' {
                        "+-YXWVUABCDEF".chars().nth(rng.next(13) as usize).unwrap()
                    } else {
                        sign
                    };
                    hetu(rng, sign, false)
                }
                _ if ph.starts_with("hetu-dash:") => hetu(rng, '-', false).replace('-', &ph[10..]),
                _ if ph.starts_with("iban:") => {
                    let mut parts = ph[5..].splitn(2, ':');
                    let cc = parts.next().unwrap();
                    let sep = parts.next().unwrap_or("").replace('~', "\u{a0}");
                    let code = iban(rng, &cc.to_uppercase());
                    let grouped = code
                        .as_bytes()
                        .chunks(4)
                        .map(|c| std::str::from_utf8(c).unwrap())
                        .collect::<Vec<_>>()
                        .join(&sep);
                    if cc.chars().all(|c| c.is_lowercase()) {
                        grouped.to_lowercase()
                    } else {
                        grouped
                    }
                }
                // Not a placeholder: written as it is (`{at}`).
                _ => format!("{{{ph}}}"),
            };
            out.push_str(&v);
            continue;
        }
        rest = &rest[c.len_utf8()..];
        match c {
            '#' => out.push(char::from(b'0' + rng.next(10) as u8)),
            '~' => out.push('\u{a0}'),
            c => out.push(c),
        }
    }
    out
}

/// The text without its `⟨…⟩` marks, and the byte spans they marked.
fn marked(filled: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(filled.len());
    let mut spans = Vec::new();
    let mut open = 0;
    for c in filled.chars() {
        match c {
            '⟨' => open = text.len(),
            '⟩' => spans.push((open, text.len())),
            c => text.push(c),
        }
    }
    (text, spans)
}

/// Per kind: generated, found whole, and the missed examples by template.
#[derive(Default)]
struct Tally {
    present: usize,
    found: usize,
    missed: BTreeMap<String, (usize, String)>,
}

#[test]
fn recall_per_kind_and_false_finds_on_generated_text() {
    let detectors = Detectors::new(&PrivacyOptions {
        kinds: Kind::ALL.to_vec(),
        names: None,
    });
    let mut rng = Lcg(2025);
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut sentence = 0;
    for line in TABLE.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (kind, template) = line.split_once('\t').expect("kind<TAB>template");
        let want = match kind.trim_end_matches('?') {
            "none" => None,
            k => Some(Kind::parse(k).unwrap_or_else(|| panic!("kind {k}"))),
        };
        for _ in 0..PER_TEMPLATE {
            let filled = fill(&mut rng, template);
            sentence = (sentence + 1) % SENTENCES.len();
            let (before, after) = SENTENCES[sentence].split_once("{}").unwrap();
            let (value, mut spans) = marked(&filled);
            if spans.is_empty() {
                spans.push((0, value.len()));
            }
            let text = format!("{before}{value}{after}");
            let found = detectors.find(&text, None);
            for f in &found {
                assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            }
            let t = tallies.entry(kind).or_default();
            t.present += 1;
            let ok = match want {
                Some(k) => spans.iter().all(|&(s, e)| {
                    let (start, end) = (before.len() + s, before.len() + e);
                    found
                        .iter()
                        .any(|f| f.kind == k && f.start <= start && f.end >= end)
                }),
                None => found.is_empty(),
            };
            if ok {
                t.found += 1;
            } else {
                let m = t
                    .missed
                    .entry(template.to_string())
                    .or_insert((0, text.clone()));
                m.0 += 1;
            }
        }
    }
    println!("kind     present  found whole  recall   (`?`: out of reach, not required)");
    for (kind, t) in &tallies {
        if *kind == "none" {
            continue;
        }
        println!(
            "{kind:<8} {:>7}  {:>11}  {:>6.2} %",
            t.present,
            t.found,
            100.0 * t.found as f64 / t.present as f64
        );
    }
    let none = &tallies["none"];
    println!(
        "no personal data: {} texts, {} with a false find ({:.2} %)",
        none.present,
        none.present - none.found,
        100.0 * (none.present - none.found) as f64 / none.present as f64
    );
    let mut failures = Vec::new();
    for (kind, t) in &tallies {
        for (template, (n, example)) in &t.missed {
            println!("  {kind}: {template:?} missed {n}× e.g. {example:?}");
            if !kind.ends_with('?') {
                failures.push(format!("{kind} {template}"));
            }
        }
    }
    assert!(
        tallies.values().map(|t| t.present).sum::<usize>() >= 5000,
        "the set is several thousand texts"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
