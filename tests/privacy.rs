//! Pseudonymisation on a corpus these tests generate: valid and invalid
//! identity codes of every century sign, phone numbers in many formats,
//! emails, IBANs, addresses and listed names in several cases, among
//! dates, times, money, years and NPS scores that must stay. Run through
//! `teema pseudonymise` (every input format) and through the library call
//! that `teema index` and `teema analyze` make. Prints found / present per
//! kind.

use crate::util::{docx, every_file, run, tempdir, write};
use std::collections::BTreeMap;
use std::path::Path;
use teema::corpus::{ReadOptions, Value, read_paths};
use teema::privacy::{Kind, NameList, PrivacyOptions, pseudonymise_corpus};
use teema::text::{Analyzer, AnalyzerConfig};

/// A small deterministic generator (no dependency, same data every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const CHECK: &[u8] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// An identity code with the right check character (computed here, apart
/// from teema's own code).
fn hetu(day: u32, month: u32, yy: u32, sign: char, individual: u32) -> String {
    let n = (day * 10000 + month * 100 + yy) as u64 * 1000 + individual as u64;
    format!(
        "{day:02}{month:02}{yy:02}{sign}{individual:03}{}",
        CHECK[(n % 31) as usize] as char
    )
}

/// A Finnish IBAN with the right check digits.
fn iban(bban: &str) -> String {
    let digits: String = format!("{bban}1518{}", "00"); // F=15 I=18
    let r = digits
        .bytes()
        .fold(0u64, |r, d| (r * 10 + u64::from(d - b'0')) % 97);
    format!("FI{:02}{bban}", 98 - r)
}

fn grouped(s: &str) -> String {
    s.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the generated corpus holds, by what must happen to it.
#[derive(Default)]
struct Planted {
    /// Must be gone from every output, by kind name.
    replace: BTreeMap<&'static str, Vec<String>>,
    /// Must still be there: identity codes with an impossible date.
    keep_hetu: Vec<String>,
    /// Must still be there: dates, times, money, years, ordinary words.
    keep_other: Vec<String>,
}

fn planted() -> (Planted, Vec<String>) {
    let mut rng = Lcg(7);
    let mut p = Planted::default();
    let mut sentences = Vec::new();
    let signs = "+-YXWVUABCDEF";
    for sign in signs.chars() {
        for _ in 0..3 {
            let (d, m, y) = (
                1 + rng.next(28) as u32,
                1 + rng.next(12) as u32,
                rng.next(100) as u32,
            );
            let code = hetu(d, m, y, sign, 2 + rng.next(897) as u32);
            sentences.push(format!("Henkilötunnukseni on {code}, tarkistakaa."));
            p.replace.entry("hetu").or_default().push(code);
        }
        // Wrong check character: a mistyped code is still personal data.
        let good = hetu(
            1 + rng.next(28) as u32,
            1 + rng.next(12) as u32,
            rng.next(100) as u32,
            sign,
            100 + rng.next(800) as u32,
        );
        let last = good.as_bytes()[10];
        let wrong_i = (CHECK.iter().position(|&c| c == last).unwrap() + 1) % 31;
        let wrong = format!("{}{}", &good[..10], CHECK[wrong_i] as char);
        sentences.push(format!("Väärä tunnus {wrong} ei kelpaa."));
        p.replace.entry("hetu").or_default().push(wrong);
        // Impossible date with a computed check character.
        let bad_date = hetu(
            31,
            2,
            rng.next(100) as u32,
            sign,
            100 + rng.next(800) as u32,
        );
        sentences.push(format!("Lomakkeessa luki {bad_date}."));
        p.keep_hetu.push(bad_date);
    }
    let mut digits = |n: usize| -> String {
        (0..n)
            .map(|_| char::from(b'0' + rng.next(10) as u8))
            .collect()
    };
    let phones = [
        format!("040 {} {}", digits(3), digits(4)),
        format!("050{}", digits(7)),
        format!("044-{}", digits(7)),
        format!("045 {} {} {}", digits(3), digits(2), digits(2)),
        format!("+358 40 {}", digits(7)),
        format!("+358{}", format_args!("50{}", digits(7))),
        format!("+358 (0)40 {} {}", digits(3), digits(4)),
        format!("00358 44 {} {}", digits(3), digits(4)),
        format!("09-{} {}", digits(4), digits(3)),
        format!("09 {} {}", digits(3), digits(4)),
        format!("(09) {} {}", digits(3), digits(4)),
        format!("03 {} {}", digits(4), digits(3)),
        format!("+46 70 {} {} {}", digits(3), digits(2), digits(2)),
        format!("+44 20 {} {}", digits(4), digits(4)),
    ];
    for ph in phones {
        sentences.push(format!("Soita minulle numeroon {ph} iltaisin."));
        p.replace.entry("phone").or_default().push(ph);
    }
    for email in [
        "matti.virtanen@example.fi",
        "tiina.mäkelä@yhdistys.fi",
        "x_y+palaute@posti.example.org",
        "etunimi.sukunimi(at)kunta.fi",
    ] {
        sentences.push(format!("Sähköposti: {email} kiitos."));
        p.replace
            .entry("email")
            .or_default()
            .push(email.to_string());
    }
    for i in 0..3 {
        let bban = format!("{}{}", digits(6), digits(8));
        let ib = iban(&bban);
        let written = if i == 0 { ib.clone() } else { grouped(&ib) };
        sentences.push(format!("Tilinumeroni on {written}, maksakaa sinne."));
        p.replace.entry("iban").or_default().push(written);
    }
    for addr in ["Mannerheimintie 12 A 5", "Koivukuja 3 b", "Rantapolulla 7"] {
        sentences.push(format!("Asun osoitteessa {addr} nykyään."));
        p.replace
            .entry("address")
            .or_default()
            .push(addr.to_string());
    }
    for (sentence, names) in [
        (
            "Matti Virtanen auttoi minua paljon.",
            vec!["Matti Virtanen"],
        ),
        (
            "Annoin paperit Virtaselle ja kiitin Mattia.",
            vec!["Virtaselle", "Mattia"],
        ),
        (
            "Virtasen kanssa oli helppo puhua, Matin neuvot auttoivat.",
            vec!["Virtasen", "Matin"],
        ),
        (
            "Liisa Korhoselta sain tukea, Liisan ryhmä on paras.",
            vec!["Liisa Korhoselta", "Liisan"],
        ),
        (
            "Heikille ja Mäen perheelle kiitos.",
            vec!["Heikille", "Mäen"],
        ),
        (
            "Anna-Liisalle soitin eilen, Niemisen luona käytiin.",
            vec!["Anna-Liisalle", "Niemisen"],
        ),
    ] {
        sentences.push(sentence.to_string());
        for n in names {
            p.replace.entry("name").or_default().push(n.to_string());
        }
    }
    for keep in [
        "24.12.2025",
        "1.1.2026 klo 09.00",
        "klo 9.30–11.00",
        "1 250,50 €",
        "vuonna 2025",
        "NPS 9",
        "asteikolla 0-10",
        "00100 Helsinki",
        "y-tunnus 1234567-8",
        "2 500 euroa",
        "10 %",
        "2024–2025",
        "koski kuohui",
        "puhelin ei vastannut",
        "kello 0800-1600",
        "tilaus 12345678",
    ] {
        sentences.push(format!("Muistiin: {keep}."));
        p.keep_other.push(keep.to_string());
    }
    (p, sentences)
}

const NAMES: &str = "Matti Virtanen\nLiisa Korhonen\nHeikki Mäki\nAnna-Liisa Nieminen\n";

/// Write the corpus in every format teema reads; returns the input dir.
fn write_inputs(dir: &Path, sentences: &[String]) -> std::path::PathBuf {
    let data = dir.join("aineisto");
    let n = sentences.len();
    let third = n / 3;
    // Survey CSV: answers in an open column, NPS and a date column.
    let mut csv = String::from(
        "Vastaajatunnus;Päivämäärä;Suosittelisitko meitä? (0-10);Mitä haluat kertoa?;\
         Terveiset Virtaselle\n",
    );
    for (i, s) in sentences[..third].iter().enumerate() {
        // A header with a name in it: questions are pseudonymised too.
        let greeting = ["kiitos kaikesta", "hyvää kevättä", ""][i % 3];
        csv.push_str(&format!(
            "v{};3.2.2025;{};\"{}\";{greeting}\n",
            i + 1,
            i % 11,
            s.replace('"', "\"\"")
        ));
    }
    write(&data, "kysely.csv", csv);
    // Transcript.
    let mut txt = String::new();
    for (i, s) in sentences[third..2 * third].iter().enumerate() {
        let who = if i % 2 == 0 { "H" } else { "V" };
        txt.push_str(&format!("{who}: {s}\n"));
    }
    write(&data, "haastattelu.txt", txt);
    // JSON Lines.
    let mut jsonl = String::new();
    for (i, s) in sentences[2 * third..].iter().enumerate() {
        jsonl.push_str(
            &serde_json::json!({"id": format!("j{i}"), "nps": i % 11, "vastaus": s}).to_string(),
        );
        jsonl.push('\n');
    }
    write(&data, "vastaukset.jsonl", jsonl);
    data
}

/// Every text of a corpus read back: ids, closed answers, speakers, units.
fn all_text(paths: &[std::path::PathBuf]) -> String {
    let corpus = read_paths(paths, &ReadOptions::default()).expect("read outputs");
    let mut s = String::new();
    for d in &corpus.documents {
        s.push_str(&d.id);
        s.push('\n');
        for (_, v) in &d.meta {
            if let Value::Text(t) = v {
                s.push_str(t);
                s.push('\n');
            }
        }
        for u in &d.units {
            s.push_str(u.speaker.as_deref().unwrap_or(""));
            s.push('\n');
            s.push_str(&u.text);
            s.push('\n');
        }
    }
    s
}

/// Check and print found / present per kind; returns the failures.
fn score(p: &Planted, out: &str, what: &str) -> Vec<String> {
    let mut failures = Vec::new();
    println!("{what}:");
    for (kind, items) in &p.replace {
        let left: Vec<&String> = items.iter().filter(|i| out.contains(i.as_str())).collect();
        println!(
            "  {kind:<8} found {:>3} / present {:>3}",
            items.len() - left.len(),
            items.len()
        );
        failures.extend(left.iter().map(|l| format!("{kind} left: {l}")));
    }
    let gone: Vec<&String> = p
        .keep_hetu
        .iter()
        .filter(|i| !out.contains(i.as_str()))
        .collect();
    println!(
        "  invalid hetu kept {:>3} / present {:>3}",
        p.keep_hetu.len() - gone.len(),
        p.keep_hetu.len()
    );
    failures.extend(gone.iter().map(|g| format!("invalid hetu replaced: {g}")));
    let gone: Vec<&String> = p
        .keep_other
        .iter()
        .filter(|i| !out.contains(i.as_str()))
        .collect();
    println!(
        "  dates, times, money, years, words kept {:>3} / present {:>3}",
        p.keep_other.len() - gone.len(),
        p.keep_other.len()
    );
    failures.extend(gone.iter().map(|g| format!("ordinary text replaced: {g}")));
    failures
}

#[test]
fn generated_corpus_is_pseudonymised_in_every_format() {
    let dir = tempdir();
    let (p, sentences) = planted();
    let data = write_inputs(dir.path(), &sentences);
    let names = write(dir.path(), "nimet.txt", NAMES);
    let out = dir.path().join("pseudonymisoitu");
    let key = dir.path().join("avain.tsv");
    let r = run(&[
        "pseudonymise",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
        "--key-out",
        key.to_str().unwrap(),
        "--kinds",
        "all",
    ])
    .expect_code(0);
    println!("{}", r.stdout);
    assert!(
        r.stdout.contains("wrote 3 pseudonymised copies"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("(table, UTF-8, same format)"),
        "{}",
        r.stdout
    );
    let text = all_text(std::slice::from_ref(&out));
    let failures = score(&p, &text, "teema pseudonymise");
    assert!(failures.is_empty(), "{failures:#?}\n{text}");
    // Valid codes really are in the key and nowhere in the copies' bytes.
    let key_text = std::fs::read_to_string(&key).unwrap();
    for code in &p.replace["hetu"] {
        assert!(key_text.contains(code.as_str()), "{code} not in the key");
    }
    for f in ["kysely.csv", "haastattelu.txt", "vastaukset.jsonl"] {
        let bytes = std::fs::read_to_string(out.join(f)).unwrap();
        for items in p.replace.values() {
            for i in items {
                assert!(!bytes.contains(i.as_str()), "{i} left in {f}");
            }
        }
    }
    // The CSV keeps its delimiter, header and row count.
    let csv = std::fs::read_to_string(out.join("kysely.csv")).unwrap();
    let orig = std::fs::read_to_string(data.join("kysely.csv")).unwrap();
    assert_eq!(csv.lines().count(), orig.lines().count());
    assert_eq!(
        csv.lines()
            .next()
            .unwrap()
            .replace("[HENKILÖ 1]", "Virtaselle"),
        orig.lines().next().unwrap()
    );
    assert!(
        csv.contains("[HETU ") && csv.contains(";3.2.2025;"),
        "{csv}"
    );
}

#[test]
fn same_person_same_code_across_files_and_the_key_stays_out() {
    let dir = tempdir();
    let data = dir.path().join("d");
    write(
        &data,
        "a.txt",
        "H: Kuka auttoi?\nV: Matti Virtanen, numero 040 765 4321.\n",
    );
    write(
        &data,
        "b.csv",
        "id;vastaus\n1;Virtaselle kiitos, +358 40 7654321\n",
    );
    let names = write(dir.path(), "n.txt", "Matti Virtanen\n");
    let out = dir.path().join("o");
    let r = run(&[
        "pseudonymise",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
    ])
    .expect_code(0);
    assert!(r.stdout.contains("key: not written"), "{}", r.stdout);
    let a = std::fs::read_to_string(out.join("a.txt")).unwrap();
    let b = std::fs::read_to_string(out.join("b.csv")).unwrap();
    assert_eq!(a, "H: Kuka auttoi?\nV: [HENKILÖ 1], numero [PUHELIN 1].\n");
    assert_eq!(b, "id;vastaus\n1;[HENKILÖ 1] kiitos, [PUHELIN 1]\n");
    // A second run refuses to overwrite, and the key may not go into --out.
    let r = run(&[
        "pseudonymise",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    let inside = out.join("avain.tsv");
    let r = run(&[
        "pseudonymise",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--force",
        "--key-out",
        inside.to_str().unwrap(),
    ])
    .expect_code(2);
    assert!(r.stderr.contains("kept apart"), "{}", r.stderr);
    assert!(!inside.exists());
}

#[test]
fn office_files_stay_office_files() {
    use rust_xlsxwriter::Workbook;
    let dir = tempdir();
    let data = dir.path().join("d");
    std::fs::create_dir_all(&data).unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Vastaajatunnus").unwrap();
    sheet.write_string(0, 1, "Suosittelisitko (0-10)").unwrap();
    sheet.write_string(0, 2, "Palaute").unwrap();
    sheet.write_string(1, 0, "a1").unwrap();
    sheet.write_number(1, 1, 9.0).unwrap();
    sheet
        .write_string(1, 2, "Soittakaa 040 111 2233, hetu 131052-308T")
        .unwrap();
    sheet.write_string(2, 0, "a2").unwrap();
    sheet.write_number(2, 1, 4.0).unwrap();
    sheet
        .write_string(2, 2, "Hyvää palvelua 24.12.2025")
        .unwrap();
    book.save(data.join("kysely.xlsx")).unwrap();
    write(
        &data,
        "h.docx",
        docx(&[
            &["H: Kuka soitti?"],
            &["V: Vir", "tanen soitti numerosta 050 222 3344."],
        ]),
    );
    let names = write(dir.path(), "n.txt", "Matti Virtanen\n");
    let out = dir.path().join("o");
    let r = run(&[
        "pseudonymise",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
    ])
    .expect_code(0);
    assert!(r.stdout.contains("XLSX, same workbook"), "{}", r.stdout);
    assert!(r.stdout.contains("DOCX, same document"), "{}", r.stdout);
    let text = all_text(std::slice::from_ref(&out));
    for gone in ["040 111 2233", "131052-308T", "050 222 3344", "Virtanen"] {
        assert!(!text.contains(gone), "{gone} left in\n{text}");
    }
    // h.docx comes before kysely.xlsx: its number is the first.
    for kept in [
        "[HENKILÖ 1] soitti numerosta [PUHELIN 1].",
        "Soittakaa [PUHELIN 2], hetu [HETU 1]",
        "24.12.2025",
    ] {
        assert!(text.contains(kept), "{kept} missing from\n{text}");
    }
    // Numbers stay numbers: the NPS column is still read as NPS.
    let r = run(&[
        "ingest",
        "--json",
        out.join("kysely.xlsx").to_str().unwrap(),
    ])
    .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["files"][0]["columns"][1]["kind"], "nps", "{}", r.stdout);
}

#[test]
fn library_call_of_index_and_analyze_leaves_no_original_and_keeps_spans() {
    let dir = tempdir();
    let (p, sentences) = planted();
    let data = write_inputs(dir.path(), &sentences);
    let mut corpus = read_paths(std::slice::from_ref(&data), &ReadOptions::default()).unwrap();
    let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
    let options = PrivacyOptions {
        kinds: Kind::ALL.to_vec(),
        names: Some(NameList::from_lines(NAMES.lines())),
    };
    let report = pseudonymise_corpus(&mut corpus, &options, &analyzer).unwrap();
    // Everything a later stage could store or print.
    let everything = serde_json::to_string(&corpus).unwrap();
    let failures = score(&p, &everything, "pseudonymise_corpus");
    assert!(failures.is_empty(), "{failures:#?}");
    let summary = serde_json::to_string(&report.summary).unwrap();
    for items in p.replace.values() {
        for i in items {
            assert!(!summary.contains(i.as_str()) && !format!("{report:?}").contains(i.as_str()));
        }
    }
    println!("{}", report.summary);
    // The same codes as the copies get, and spans that point at the words:
    // each transcript unit is found at its span in the pseudonymised copy.
    let out = dir.path().join("o");
    run(&[
        "pseudonymise",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--names",
        write(dir.path(), "n.txt", NAMES).to_str().unwrap(),
        "--kinds",
        "all",
    ])
    .expect_code(0);
    let copy = std::fs::read_to_string(out.join("haastattelu.txt")).unwrap();
    let mut checked = 0;
    for (d, u) in corpus.units() {
        if corpus.sources[d.source].path.ends_with("haastattelu.txt") {
            assert_eq!(&copy[u.span.0..u.span.1], &*u.text, "span {:?}", u.span);
            checked += 1;
        }
    }
    assert!(checked > 10, "{checked} transcript units checked");
}

#[test]
fn same_codes_at_any_thread_count() {
    let dir = tempdir();
    let (_, sentences) = planted();
    let data = write_inputs(dir.path(), &sentences);
    let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
    let options = PrivacyOptions {
        kinds: Kind::ALL.to_vec(),
        names: Some(NameList::from_lines(NAMES.lines())),
    };
    let outputs: Vec<String> = [1, 2, 4]
        .iter()
        .map(|&n| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap();
            pool.install(|| {
                let mut corpus =
                    read_paths(std::slice::from_ref(&data), &ReadOptions::default()).unwrap();
                let report = pseudonymise_corpus(&mut corpus, &options, &analyzer).unwrap();
                format!(
                    "{}\n{}",
                    serde_json::to_string(&corpus).unwrap(),
                    report.key.to_tsv()
                )
            })
        })
        .collect();
    assert!(outputs[0].contains("[HENKILÖ 4]"));
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn analyze_report_exports_and_index_hold_no_original() {
    let dir = tempdir();
    let (p, _) = planted();
    let themes = [
        "Palvelu oli ystävällistä ja ohjaajat auttoivat aina",
        "Palvelu on hyvää mutta aukioloajat voisivat olla pidempiä",
        "Palvelu ja vertaistuki ryhmissä ovat minulle tärkeitä",
        "Palvelu pelaa, kahvila ja yhteiset ruokailut ovat parhaita",
    ];
    let default_kinds = ["hetu", "phone", "email", "iban"];
    let secrets: Vec<(&str, &String)> = default_kinds
        .iter()
        .flat_map(|k| p.replace[k].iter().map(move |s| (*k, s)))
        .collect();
    let mut csv = String::from(
        "Vastaajatunnus;Ikäryhmä;Kuinka todennäköisesti suosittelisit meitä? (0-10);Mikä on ollut hyvää?\n",
    );
    for (i, (_, s)) in secrets.iter().enumerate() {
        let theme = themes[i % themes.len()];
        let age = ["18-29", "30-49", "50-64"][i % 3];
        csv.push_str(&format!(
            "v{};{age};{};{theme}. Tietoni: {s}.\n",
            i + 1,
            i % 11
        ));
    }
    for (i, bad) in p.keep_hetu.iter().enumerate() {
        let theme = themes[i % themes.len()];
        csv.push_str(&format!("w{i};30-49;8;{theme}, lomakkeessa {bad}.\n"));
    }
    let f = write(dir.path(), "kysely.csv", csv);
    let out = dir.path().join("tulos");
    run(&[
        "analyze",
        f.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    // Every file as text, and the entries of zip archives (`.qdpx`).
    let mut all: String = every_file(&out)
        .iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes))
        .collect();
    // The index stores texts compressed: read them back through search.
    let r = run(&[
        "search",
        out.join("index").to_str().unwrap(),
        "palvelu",
        "--limit",
        "1000",
        "--json",
    ])
    .expect_code(0);
    assert!(r.stdout.lines().count() >= secrets.len(), "{}", r.stdout);
    all.push_str(&r.stdout);
    println!("teema analyze, every output file and the index:");
    let mut left = Vec::new();
    for kind in default_kinds {
        let items = &p.replace[kind];
        let l: Vec<&String> = items.iter().filter(|s| all.contains(s.as_str())).collect();
        println!(
            "  {kind:<6} found {:>3} / present {:>3}",
            items.len() - l.len(),
            items.len()
        );
        left.extend(l);
    }
    assert!(left.is_empty(), "originals in the outputs: {left:?}");
    let kept = p
        .keep_hetu
        .iter()
        .filter(|s| all.contains(s.as_str()))
        .count();
    println!("  invalid hetu kept {kept} / present {}", p.keep_hetu.len());
    assert_eq!(
        kept,
        p.keep_hetu.len(),
        "an invalid identity code was replaced"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"pseudonymisation\""), "{manifest}");
}
