//! The hostile-input sweep of the command line: inputs built to make teema
//! hang, write a report that harms whoever opens it, or let a personal
//! identifier through, each run from the user's side (the built binary on
//! a file written here) with what teema must do written down.

use crate::util::{p, run, run_within, tempdir, write};
use std::path::Path;

/// Standard error of a run that must not have panicked.
fn assert_no_panic(stderr: &str, what: &str) {
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(
            !stderr.contains(bad),
            "{what}: '{bad}' in stderr:\n{stderr}"
        );
    }
}

/// A small survey of our own: 40 respondents, four kinds of answer.
fn survey(dir: &Path) -> std::path::PathBuf {
    let answers = [
        "Palvelu oli hyvä ja henkilökunta ystävällinen",
        "Jonot olivat pitkiä ja odotus kesti kauan",
        "Hinta oli liian korkea palveluun nähden",
        "Henkilökunta oli avulias ja ystävällinen",
    ];
    let mut csv = String::from("id;vastaus\n");
    for i in 0..40 {
        csv.push_str(&format!("{i};{} {i}\n", answers[i % 4]));
    }
    write(dir, "kysely.csv", csv)
}

/// A codebook or refine file of tens of thousands of entries is read, and
/// a codebook of 20,000 themes coded and reported, in about linear time:
/// every entry's line was counted from the start of the file, each theme
/// looked for its co-occurring themes, its subthemes and its label among
/// all the others (20,000 themes took more than three minutes, now a few
/// seconds in a debug build).
#[test]
fn a_codebook_or_refine_file_of_many_entries_does_not_hang() {
    let dir = tempdir();
    let input = survey(dir.path());
    let mut codebook = String::new();
    for i in 0..20_000 {
        // Every thousandth theme codes the answers about queues.
        let also = if i % 1000 == 0 { " OR jono" } else { "" };
        codebook.push_str(&format!(
            "[[theme]]\nname = \"t{i}\"\nrule = \"sana{i}{also}\"\n"
        ));
    }
    let codebook = write(dir.path(), "iso.toml", codebook);
    let r = run_within(&["codebook", "--check", p(&codebook)], 60);
    assert_no_panic(&r.stderr, "codebook --check");
    let r = r.expect_code(0);
    assert!(r.stdout.contains("20000"), "{}", r.stdout);
    let out = dir.path().join("koodattu");
    let r = run_within(
        &[
            "analyze",
            p(&input),
            "--codebook",
            p(&codebook),
            "--out",
            p(&out),
        ],
        90,
    );
    assert_no_panic(&r.stderr, "analyze --codebook");
    r.expect_code(0);
    let qdc = std::fs::read_to_string(out.join("codebook.qdc")).unwrap();
    assert_eq!(qdc.matches("<Code ").count(), 20_000);
    let codings = std::fs::read_to_string(out.join("codings.csv")).unwrap();
    assert_eq!(
        codings.lines().filter(|l| l.contains(",t1000,")).count(),
        10
    );

    let mut refine = String::new();
    for i in 0..50_000 {
        refine.push_str(&format!(
            "[[rename]]\ntheme = \"t1\"\nlabel = \"nimi {i}\"\n"
        ));
    }
    let refine = write(dir.path(), "iso.refine.toml", refine);
    let out = dir.path().join("tarkennettu");
    let r = run_within(
        &[
            "analyze",
            p(&input),
            "--refine",
            p(&refine),
            "--out",
            p(&out),
        ],
        60,
    );
    assert_no_panic(&r.stderr, "analyze --refine");
    r.expect_code(0);
    let themes = std::fs::read_to_string(out.join("themes.json")).unwrap();
    assert!(themes.contains("nimi 49999"), "the last rename holds");
}

/// Wherever `needle` stands in report.md it is inside an inline code span
/// (an odd number of unescaped backquotes before it on its line).
fn assert_inert_in_markdown(md: &str, needle: &str) {
    for line in md.lines() {
        let mut from = 0;
        while let Some(at) = line[from..].find(needle) {
            let at = from + at;
            // Backquotes that open or close a span (not escaped ones).
            let before = &line.as_bytes()[..at];
            let ticks = (0..before.len())
                .filter(|&i| before[i] == b'`' && (i == 0 || before[i - 1] != b'\\'))
                .count();
            assert!(
                ticks % 2 == 1,
                "{needle:?} outside a code span in report.md: {line}"
            );
            from = at + needle.len();
        }
    }
}

/// A file name or a codebook theme with line breaks, a backquote and HTML
/// cannot leave the inline code span report.md names it in: a blank line
/// in it used to end the paragraph, so `<img onerror>` became live HTML
/// and `# ...` a heading of the report.
#[cfg(unix)]
#[test]
fn names_with_line_breaks_stay_inside_their_code_span_in_report_md() {
    let dir = tempdir();
    let csv = std::fs::read(survey(dir.path())).unwrap();
    let hostile = "a`\n\n<img src=x onerror=alert(1)>\n\n# otsikko.csv";
    let input = write(dir.path(), hostile, csv);
    let codebook = write(
        dir.path(),
        "koodit.toml",
        "[[theme]]\nname = \"jonot`\\n\\n<img src=x onerror=alert(2)>\\n\\n# pää\"\nrule = \"jono*\"\n\n\
         [[theme]]\nname = \"henkilökunta\"\nrule = \"henkilökun*\"\n",
    );
    let out = dir.path().join("tulos");
    let r = run(&[
        "analyze",
        p(&input),
        "--codebook",
        p(&codebook),
        "--out",
        p(&out),
    ]);
    assert_no_panic(&r.stderr, "analyze");
    r.expect_code(0);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("alert(1)") && md.contains("alert(2)"), "{md}");
    assert_inert_in_markdown(&md, "<img");
    for line in md.lines() {
        assert!(!line.starts_with('<'), "a line of raw HTML: {line}");
        assert!(
            !line.starts_with("# otsikko") && !line.starts_with("# pää"),
            "{line}"
        );
    }
}

/// Identifiers in file and folder names (`asiakas 010190-123A.csv`, a
/// folder named after the interviewee, a phone number in a name) reach no
/// output: not the reports, themes.json, project.qdpx, the run record with
/// its command line, nor the index. The file names are pseudonymised like
/// the texts, and an index updated from the same files still replaces
/// them rather than adding them twice; `teema pseudonymise` names its copy
/// without the identifier.
#[test]
fn identifiers_in_file_names_reach_no_output() {
    let dir = tempdir();
    let csv = std::fs::read(survey(dir.path())).unwrap();
    let hetu = write(dir.path(), "asiakas 010190-123A.csv", &csv);
    let phone = write(dir.path(), "soita 0401234567.csv", &csv);
    let person = dir.path().join("Matti Virtanen");
    let mut other = csv.clone();
    other.extend_from_slice(b"99;Jonotin kaksi tuntia\n");
    write(&person, "haastattelu.csv", &other);
    let names = write(dir.path(), "nimet.txt", "Matti Virtanen\n");
    let out = dir.path().join("tulos");
    let r = run(&[
        "analyze",
        p(&hetu),
        p(&phone),
        p(&person),
        "--names",
        p(&names),
        "--out",
        p(&out),
    ]);
    assert_no_panic(&r.stderr, "analyze");
    r.expect_code(0);
    let secrets = ["010190", "0401234567", "Virtanen"];
    let left = |root: &Path| -> Vec<String> {
        crate::util::every_file(root)
            .into_iter()
            .flat_map(|(name, bytes)| {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                secrets
                    .iter()
                    .filter(move |s| text.contains(*s))
                    .map(move |s| format!("{s} in {name}"))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let found = left(&out);
    assert!(found.is_empty(), "{found:?}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("asiakas [HETU 1].csv"), "{manifest}");

    // An index updated from a changed file replaces it.
    let ix = dir.path().join("indeksi");
    run(&["index", p(&hetu), "--index", p(&ix)]).expect_code(0);
    std::fs::write(&hetu, &other).unwrap();
    let r = run(&["index", p(&hetu), "--index", p(&ix)]).expect_code(0);
    assert!(
        r.stdout.contains("replaced: ") && r.stdout.contains("asiakas [HETU 1].csv"),
        "{}",
        r.stdout
    );
    let stats = run(&["stats", p(&ix)]).expect_code(0);
    assert!(stats.stdout.contains("documents: 41"), "{}", stats.stdout);
    let found = left(&ix);
    assert!(found.is_empty(), "{found:?}");

    // A pseudonymised copy is named without the identifier too.
    let copies = dir.path().join("kopiot");
    run(&["pseudonymise", p(&hetu), "--out", p(&copies)]).expect_code(0);
    assert!(copies.join("asiakas [HETU 1].csv").is_file());
    let found = left(&copies);
    assert!(found.is_empty(), "{found:?}");
    let names: Vec<_> = std::fs::read_dir(&copies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["asiakas [HETU 1].csv"]);
}

/// An Office file or REFI-QDA project that is not a zip archive is one
/// error line naming the file and saying what it is: empty, encrypted
/// with a password (Office keeps such a file in an OLE compound file, as
/// it does the old .xls and .doc), or not a zip archive at all. Before,
/// all three were calamine's or zip's "Could not find EOCD".
#[test]
fn an_office_file_that_is_not_a_zip_says_what_it_is() {
    let dir = tempdir();
    let mut compound = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    compound.resize(4096, 0);
    let cases: [(&str, &[u8], &str); 6] = [
        (
            "tyhja.xlsx",
            b"",
            "is empty (0 bytes), not an Excel .xlsx workbook",
        ),
        ("salattu.xlsx", &compound, "is encrypted with a password"),
        (
            "teksti.xlsx",
            b"id;vastaus\n1;hyv\xc3\xa4\n",
            "is not an Excel .xlsx workbook (not a zip archive",
        ),
        ("salattu.docx", &compound, "is encrypted with a password"),
        (
            "tyhja.docx",
            b"",
            "is empty (0 bytes), not a Word .docx file",
        ),
        (
            "tyhja.qdpx",
            b"",
            "is empty (0 bytes), not a REFI-QDA project",
        ),
    ];
    for (name, bytes, says) in cases {
        let path = write(dir.path(), name, bytes);
        let r = run(&["ingest", p(&path)]);
        assert_no_panic(&r.stderr, name);
        let r = r.expect_code(2);
        let first = r.stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("teema: error: {}: {says}", p(&path))),
            "{name}: {first}"
        );
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    }
}

/// A REFI-QDA project of one text source, `sources` inside `<Sources>`,
/// with a DOCTYPE `prolog` and the codes `codes`, as a .qdpx archive with
/// the further `entries`.
fn qdpx(prolog: &str, codes: &str, sources: &str, entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let qde = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{prolog}<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n\
         <CodeBook><Codes>\n{codes}\n</Codes></CodeBook>\n<Sources>\n{sources}\n</Sources>\n</Project>\n"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("project.qde", opts).unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    for (name, text) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const CODE: &str =
    "<Code guid=\"00000000-0000-0000-0000-0000000000c1\" name=\"Arki\" isCodable=\"true\"/>";

fn text_source(guid: &str, text: &str) -> String {
    format!(
        "<TextSource guid=\"00000000-0000-0000-0000-0000000000{guid}\" name=\"s{guid}\">\
         <PlainTextContent>{text}</PlainTextContent></TextSource>"
    )
}

/// A hostile REFI-QDA project is one error line naming the project, the
/// line of project.qde and the element: an external entity (XXE) reads no
/// local file, entities that expand a billion times are not expanded, a
/// source outside the archive is not read, and two codes or sources with
/// one GUID (which gave one of them the other's codings without a word)
/// are refused.
#[test]
fn a_hostile_refi_project_is_refused_naming_its_line() {
    let dir = tempdir();
    let text = "Palvelu oli hyvä ja henkilökunta ystävällinen";
    let xxe = "<!DOCTYPE Project [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n";
    let laughs = "<!DOCTYPE Project [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\
                  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n";
    let outside = "<TextSource guid=\"00000000-0000-0000-0000-0000000000a1\" name=\"s\" \
                   plainTextPath=\"internal://../../../../etc/passwd\"/>";
    let absolute = "<TextSource guid=\"00000000-0000-0000-0000-0000000000a1\" name=\"s\" \
                    plainTextPath=\"file:///etc/passwd\"/>";
    let two_codes = format!(
        "{CODE}\n<Code guid=\"00000000-0000-0000-0000-0000000000C1\" name=\"Muu\" isCodable=\"true\"/>"
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "xxe.qdpx",
            qdpx(xxe, CODE, &text_source("a1", &format!("&xxe; {text}")), &[]),
            "line 8: unknown entity &xxe;",
        ),
        (
            "naurut.qdpx",
            qdpx(
                laughs,
                CODE,
                &text_source("a1", &format!("&d; {text}")),
                &[],
            ),
            "line 8: unknown entity &d;",
        ),
        (
            "polku.qdpx",
            qdpx("", CODE, outside, &[("sources/a.txt", text)]),
            "line 7: <TextSource name=\"s\"> points to internal://../../../../etc/passwd, but the archive has no",
        ),
        (
            "absoluutti.qdpx",
            qdpx("", CODE, absolute, &[]),
            "line 7: <TextSource name=\"s\"> points to file:///etc/passwd, outside the project",
        ),
        (
            "koodit.qdpx",
            qdpx("", &two_codes, &text_source("a1", text), &[]),
            "line 5: <Code guid=\"00000000-0000-0000-0000-0000000000C1\"> has the guid of the <Code> at line 4",
        ),
        (
            "lahteet.qdpx",
            qdpx(
                "",
                CODE,
                &format!(
                    "{}\n{}",
                    text_source("a1", text),
                    text_source("a1", "Jonot olivat pitkiä")
                ),
                &[],
            ),
            "line 8: <TextSource guid=\"00000000-0000-0000-0000-0000000000a1\"> has the guid of the <TextSource> at line 7",
        ),
    ];
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let first_passwd_line = passwd.lines().next().unwrap_or("root:x:0:0");
    for (name, bytes, says) in cases {
        let path = write(dir.path(), name, bytes);
        let r = run_within(&["ingest", p(&path)], 60);
        assert_no_panic(&r.stderr, name);
        assert!(!r.stdout.contains(first_passwd_line) && !r.stderr.contains(first_passwd_line));
        let r = r.expect_code(2);
        let first = r.stderr.lines().next().unwrap_or_default();
        let want = format!("teema: error: {}: project.qde {says}", p(&path));
        assert!(first.starts_with(&want), "{name}:\n{first}\nnot:\n{want}");
    }
}

/// A phone number broken over two lines (a cell written on two lines, a
/// wrapped transcript line) is pseudonymised whole: its second half used
/// to reach every output. A time or years on two lines stay as written.
#[test]
fn a_phone_number_split_by_a_line_break_is_pseudonymised() {
    let dir = tempdir();
    let input = write(
        dir.path(),
        "puhelin.csv",
        "id;vastaus\n1;\"Soittakaa minulle +358 40\n123 4567 kiitos\"\n\
         2;\"Numero on 040 765\r\n4321, soita iltaisin\"\n3;Palvelu oli hyvä\n\
         4;\"Kello 09\n30 alkaen auki\"\n5;\"Vuodet 2019\n2020 ja 2021\"\n",
    );
    let transcript = write(
        dir.path(),
        "haastattelu.txt",
        "H: Miten teihin saa yhteyden?\nV: Parhaiten numerosta 050\n987 6543 arkisin.\n",
    );
    let out = dir.path().join("tulos");
    let r = run(&["analyze", p(&input), p(&transcript), "--out", p(&out)]);
    assert_no_panic(&r.stderr, "analyze");
    let r = r.expect_code(0);
    assert!(
        r.stdout.contains("3 phone numbers (3 distinct)"),
        "{}",
        r.stdout
    );
    for (name, bytes) in crate::util::every_file(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for digits in ["4567", "4321", "6543"] {
            // A half of a number as written (after a space or a line
            // break), not the same digits inside a longer number such as
            // a timing in manifest.json (0.004321 s).
            let leaked = text.match_indices(digits).any(|(i, _)| {
                !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit() || c == '.')
            });
            assert!(!leaked, "{digits} in {name}");
        }
    }
    let themes = std::fs::read_to_string(out.join("themes.json")).unwrap();
    assert!(themes.contains("Kello 09\\n30 alkaen") && themes.contains("2019\\n2020"));
}

/// An escape sequence in a file name cannot drive the terminal through an
/// error line (clear the screen, set the window title): the error names
/// the file with its control characters shown as escapes, as warnings and
/// answers already were.
#[cfg(unix)]
#[test]
fn an_error_line_shows_control_characters_in_a_file_name_as_escapes() {
    let dir = tempdir();
    let input = write(dir.path(), "x\u{1b}[2J\u{1b}]0;otsikko\u{7}.csv", "");
    let r = run(&["ingest", p(&input)]);
    assert_no_panic(&r.stderr, "ingest");
    let r = r.expect_code(2);
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
        "{:?}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("x\\u{1b}[2J\\u{1b}]0;otsikko\\u{7}.csv: is empty (0 bytes)"),
        "{}",
        r.stderr
    );
}

/// A workbook whose first sheet is empty names its other sheets in the
/// error, and the sheet holding the survey is read when named.
#[test]
fn an_empty_first_sheet_names_the_other_sheets() {
    let dir = tempdir();
    let path = dir.path().join("kysely.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Tyhjä").unwrap();
    let sheet = book.add_worksheet().set_name("Vastaukset").unwrap();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "vastaus").unwrap();
    for (i, a) in ["Palvelu oli hyvä", "Jonot olivat pitkiä", "Kiitos avusta"]
        .iter()
        .enumerate()
    {
        sheet.write_number(i as u32 + 1, 0, i as f64 + 1.0).unwrap();
        sheet.write_string(i as u32 + 1, 1, *a).unwrap();
    }
    book.save(&path).unwrap();
    let r = run(&["ingest", p(&path)]);
    assert_no_panic(&r.stderr, "ingest");
    let r = r.expect_code(2);
    assert!(
        r.stderr.starts_with(&format!(
            "teema: error: {}: sheet 'Tyhjä' is empty: expected a header row and one row per \
             respondent; the workbook's other sheets are: Vastaukset",
            p(&path)
        )),
        "{}",
        r.stderr
    );
    let r = run(&["ingest", p(&path), "--sheet", "Vastaukset"]).expect_code(0);
    assert!(r.stdout.contains("ingested 3"), "{}", r.stdout);
}
