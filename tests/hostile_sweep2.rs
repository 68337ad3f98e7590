//! The second hostile-input sweep: personal identifiers written the ways
//! people really type them and stored where Office keeps text besides its
//! paragraphs, and queries built to crash the parser. Each case runs the
//! built binary on a file written here, with what teema must do written
//! down.

use crate::util::{every_file, run, tempdir, write};
use std::path::Path;

fn p(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 test path")
}

/// The originals of `needles` found in `files` (zip entries included),
/// as "file: needle".
fn leaks(files: &[(String, Vec<u8>)], needles: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for n in needles {
            if text.contains(&n.to_lowercase()) {
                out.push(format!("{name}: {n}"));
            }
        }
    }
    out
}

/// Identity codes typed against a label or an ending (`ID131052-308T`,
/// `hetu_…`, `…:n`, `…kin`) reach no output: they were left as written
/// when a letter touched them. A right check character is required there;
/// a code inside a longer number is no code.
#[test]
fn identity_codes_glued_to_words_reach_no_output() {
    let dir = tempdir();
    let glued = [
        "ID131052-308T",
        "tunnus_010594Y9021",
        "hetu010594Y9032kin",
        "020304A123Pkin",
    ];
    let mut csv = String::from("id;vastaus\n");
    let answers = [
        "Palvelu oli hyvä ja henkilökunta ystävällinen",
        "Jonot olivat pitkiä ja odotus kesti kauan",
        "Hinta oli liian korkea palveluun nähden",
    ];
    for i in 0..30 {
        let extra = glued.get(i).map_or(String::new(), |g| format!(" {g}"));
        csv.push_str(&format!("{i};{}{extra}\n", answers[i % 3]));
    }
    // Not codes: a longer number, and a wrong check against letters.
    csv.push_str("30;Tilausnumero 1131052-308T ja koodi X131052-308U\n");
    let input = write(dir.path(), "kysely.csv", csv);
    let out = dir.path().join("out");
    run(&[
        "analyze",
        p(&input),
        "--out",
        p(&out),
        "--text-col",
        "vastaus",
        "--threads",
        "1",
    ])
    .expect_code(0);
    // The longer number holds a code's digits: taken out before looking.
    let files: Vec<(String, Vec<u8>)> = every_file(&out)
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(&bytes).replace("1131052-308T", "");
            (name, text.into_bytes())
        })
        .collect();
    let found = leaks(
        &files,
        &["131052-308T", "010594Y9021", "010594Y9032", "020304A123P"],
    );
    assert!(found.is_empty(), "identity codes in the outputs: {found:?}");
    let manifest = crate::util::manifest(&out);
    let hetu = &manifest["pseudonymisation"]["counts"][0];
    assert_eq!(
        (hetu["kind"].as_str(), hetu["replaced"].as_u64()),
        (Some("hetu"), Some(4)),
        "four codes replaced: {hetu}"
    );
    let copies = dir.path().join("kopiot");
    run(&["pseudonymise", p(&input), "--out", p(&copies)]).expect_code(0);
    let copy = std::fs::read_to_string(copies.join("kysely.csv")).unwrap();
    assert!(
        copy.contains("1131052-308T") && copy.contains("X131052-308U"),
        "{copy}"
    );
    assert!(
        copy.contains("ID[HETU 1]") && copy.contains("[HETU 3]kin"),
        "{copy}"
    );
}

/// A table's copy is pseudonymised cell by cell, as the readers see it: a
/// phone number in the field after a number (`17,040 123 4567`: the comma
/// read as a decimal comma, the tab as a space) stayed in the copy, and
/// numbers in two TSV fields were joined into one code that swallowed the
/// tab between them, shifting the columns.
#[test]
fn a_table_copy_is_pseudonymised_field_by_field() {
    let dir = tempdir();
    let csv = write(
        dir.path(),
        "yhteys.csv",
        "id,puhelin,vastaus\n17,040 123 4567,hyvä palvelu\n18,(09) 123 4567,ok\n19,+358-40-765-4321,kiitos\n",
    );
    let tsv = write(
        dir.path(),
        "yhteys.tsv",
        "id\tsuunta\tnumero\tvastaus\n17\t040\t1234567\thyvä\n18\t040 765 4321\t3\tok\n",
    );
    let out = dir.path().join("kopiot");
    run(&["pseudonymise", p(&csv), p(&tsv), "--out", p(&out)]).expect_code(0);
    let copy = std::fs::read_to_string(out.join("yhteys.csv")).unwrap();
    for number in ["123 4567", "765-4321"] {
        assert!(!copy.contains(number), "{number} left in the copy:\n{copy}");
    }
    assert_eq!(
        copy,
        "id,puhelin,vastaus\n17,[PUHELIN 1],hyvä palvelu\n18,[PUHELIN 2],ok\n19,[PUHELIN 3],kiitos\n"
    );
    let copy = std::fs::read_to_string(out.join("yhteys.tsv")).unwrap();
    assert_eq!(
        copy, "id\tsuunta\tnumero\tvastaus\n17\t040\t1234567\thyvä\n18\t[PUHELIN 3]\t3\tok\n",
        "every row keeps its four fields"
    );
}

/// A survey and its index, for the query cases.
fn indexed(dir: &Path) -> std::path::PathBuf {
    let mut csv = String::from("id;vastaus\n");
    let answers = [
        "Palvelu oli hyvä ja henkilökunta ystävällinen",
        "Jonot olivat pitkiä ja odotus kesti kauan",
        "Hinta oli liian korkea palveluun nähden",
    ];
    for i in 0..30 {
        csv.push_str(&format!("{i};{} {i}\n", answers[i % 3]));
    }
    let input = write(dir, "kysely.csv", csv);
    let ix = dir.join("ix");
    run(&["index", p(&input), "--index", p(&ix)]).expect_code(0);
    ix
}

/// Queries built to crash the parser: 30,000 nested brackets or `NOT`s
/// overflowed the stack (an abort with exit 134, no message); now one
/// error naming the depth, exit 2. A 100 kB query or kwic word is echoed
/// as a short excerpt, not a 100 kB line.
#[test]
fn deep_or_huge_queries_are_one_short_error() {
    let dir = tempdir();
    let ix = indexed(dir.path());
    let brackets = format!("{}palvelu{}", "(".repeat(30_000), ")".repeat(30_000));
    let nots = format!("{}palvelu", "NOT ".repeat(20_000));
    for q in [&brackets, &nots] {
        for expand in [false, true] {
            let mut args = vec!["search", p(&ix)];
            if expand {
                args.push("--expand");
            }
            args.extend(["--", q.as_str()]);
            let r = run(&args).expect_code(2);
            assert!(
                r.stderr.contains("nests more than 64 levels deep"),
                "{}",
                &r.stderr[..r.stderr.len().min(500)]
            );
            assert!(r.stderr.len() < 600, "{} bytes of error", r.stderr.len());
        }
    }
    // Nesting within the limit still searches.
    let fine = format!("{}palvelu{}", "(".repeat(60), ")".repeat(60));
    let r = run(&["search", p(&ix), &fine]).expect_code(0);
    assert!(r.stdout.contains("Palvelu"), "{}", r.stdout);
    // A pasted text with an open quote, and the same as a kwic word.
    let pasted = format!("\"{}", "palvelu ".repeat(12_500));
    let r = run(&["search", p(&ix), &pasted]).expect_code(2);
    assert!(r.stderr.len() < 600, "{} bytes of error", r.stderr.len());
    assert!(r.stderr.contains("missing delimiter"), "{}", r.stderr);
    let r = run(&["kwic", p(&ix), &pasted]).expect_code(2);
    assert!(r.stderr.len() < 600, "{} bytes of error", r.stderr.len());
    assert!(r.stderr.contains("give one word"), "{}", r.stderr);
}
