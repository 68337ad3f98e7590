//! The second hostile-input sweep: personal identifiers written the ways
//! people really type them and stored where Office keeps text besides its
//! paragraphs, and queries built to crash the parser. Each case runs the
//! built binary on a file written here, with what teema must do written
//! down.

use crate::util::{every_file, leaks, p, run, tempdir, write};
use std::path::{Path, PathBuf};

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

/// A zip of `(name, content)` entries.
fn zip_of(entries: &[(&str, String)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, content) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The pseudonymised copy of a Word document or a workbook keeps no
/// identifier where Office stores text besides paragraphs and cells: a
/// tracked deletion, a field code, a hyperlink's target (Word turns every
/// typed address into one), a formula's text result, a defined name, a
/// pivot table's cache and a document system's custom XML were copied as
/// they were.
#[test]
fn office_copies_keep_no_identifier_outside_paragraphs_and_cells() {
    let dir = tempdir();
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>
<w:p><w:r><w:t>H: Miten palvelu toimi?</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">V: Hyvin, kirjoita </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>linkki</w:t></w:r></w:hyperlink></w:p>
<w:p><w:del w:id="1" w:author="A"><w:r><w:delText>V: soita 040 111 2233</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:kentta.nimi@example.fi" </w:instrText></w:r><w:r><w:t>V: kenttä</w:t></w:r></w:p>
<w:p><w:fldSimple w:instr="HYPERLINK mailto:yksi.kentta@example.fi"><w:r><w:t>V: yksinkertainen</w:t></w:r></w:fldSimple></w:p>
</w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:linkki.nimi@example.fi" TargetMode="External"/></Relationships>"#;
    let docx = zip_of(&[
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types/>".into(),
        ),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels.into()),
        (
            "customXml/item1.xml",
            "<?xml version=\"1.0\"?><root><Owner>omistaja.nimi@example.fi</Owner></root>".into(),
        ),
    ]);
    let x = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let cell = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let mut rows = format!(
        r#"<row r="1">{}{}</row>"#,
        cell("A1", "id"),
        cell("B1", "vastaus")
    );
    for i in 2..8 {
        rows.push_str(&format!(
            r#"<row r="{i}">{}{}</row>"#,
            cell(&format!("A{i}"), &format!("r{i}")),
            cell(&format!("B{i}"), "Palvelu oli hyvä ja nopea")
        ));
    }
    rows.push_str(&format!(
        r#"<row r="8">{}<c r="B8" t="str"><f>"kaava.nimi@example.fi"</f><v>kaava.nimi@example.fi</v></c></row>"#,
        cell("A8", "r8")
    ));
    let xlsx = zip_of(&[
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into()),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0"?><workbook {x}><sheets><sheet name="Vastaukset" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="yhteys">"nimi.maaritelty@example.fi"</definedName></definedNames></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.into()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0"?><worksheet {x}><sheetData>{rows}</sheetData></worksheet>"#)),
        ("xl/pivotCache/pivotCacheRecords1.xml", r#"<?xml version="1.0"?><pivotCacheRecords><r><s v="soita 040 444 5566"/></r></pivotCacheRecords>"#.into()),
    ]);
    let d = write(dir.path(), "haastattelu.docx", docx);
    let x = write(dir.path(), "kysely.xlsx", xlsx);
    let out = dir.path().join("kopiot");
    run(&["pseudonymise", p(&d), p(&x), "--out", p(&out)]).expect_code(0);
    // Every entry of both copies, as `copy!entry`.
    let files = every_file(&out);
    let found = leaks(
        &files,
        &[
            "111 2233",
            "kentta.nimi@",
            "yksi.kentta@",
            "linkki.nimi@",
            "omistaja.nimi@",
            "kaava.nimi@",
            "nimi.maaritelty@",
            "444 5566",
        ],
    );
    assert!(found.is_empty(), "left in the copies: {found:?}");
    // The copies are still read as what they are.
    for name in ["haastattelu.docx", "kysely.xlsx"] {
        run(&["ingest", p(&out.join(name))]).expect_code(0);
    }
}

/// A column of phone numbers written as digits (`0401234500`) was typed as
/// a number column: its values became 401234500, which is no phone number
/// to the pseudonymiser, and went into the index, project.qdpx and
/// themes.json. Digits with a leading zero are codes: kept as written, as
/// categories, and pseudonymised.
#[test]
fn a_column_of_phone_numbers_written_as_digits_is_pseudonymised() {
    let dir = tempdir();
    let answers = [
        "Palvelu oli hyvä ja nopea",
        "Jonotus kesti liian kauan",
        "Henkilökunta oli ystävällinen ja avulias",
        "Hinta oli liian korkea",
    ];
    let mut csv = String::from("id,puhelin,vastaus\n");
    for i in 0..30 {
        csv.push_str(&format!("{i},04012345{i:02},{} {i}\n", answers[i % 4]));
    }
    let input = write(dir.path(), "kysely.csv", csv);
    let out = dir.path().join("out");
    run(&["analyze", p(&input), "--out", p(&out), "--threads", "1"]).expect_code(0);
    let files = every_file(&out);
    let found = leaks(&files, &["401234500", "401234517", "401234529"]);
    assert!(found.is_empty(), "phone numbers in the outputs: {found:?}");
    let manifest = crate::util::manifest(&out);
    let phone = &manifest["pseudonymisation"]["counts"][1];
    assert_eq!(
        (phone["kind"].as_str(), phone["replaced"].as_u64()),
        (Some("phone"), Some(30)),
        "{phone}"
    );
}

/// A phone number typed against its label (`puh0401234567`,
/// `GSM040-1234567`) was left as written: a letter before a number made it
/// part of a word. A label glued to it is now read as a label; other
/// letters still make a product or order code.
#[test]
fn phone_numbers_typed_against_their_label_are_pseudonymised() {
    let dir = tempdir();
    let input = write(
        dir.path(),
        "yhteys.txt",
        "H: Miten sinut tavoittaa?\nV: puh0401234567 tai GSM040-7654321, tilaus ABC0401112223.\n",
    );
    let out = dir.path().join("kopiot");
    run(&["pseudonymise", p(&input), "--out", p(&out)]).expect_code(0);
    let copy = std::fs::read_to_string(out.join("yhteys.txt")).unwrap();
    assert_eq!(
        copy,
        "H: Miten sinut tavoittaa?\nV: puh[PUHELIN 1] tai GSM[PUHELIN 2], tilaus ABC0401112223.\n"
    );
}

/// `--out` in a directory teema may not write in: one line saying so,
/// without the name of the temporary file teema was making (`…
/// Permission denied (os error 13) at path "…/.index.teema-newxL91lX"`).
/// As root, permissions stop nothing: the run drops to `nobody` with
/// setpriv where it can, and is skipped where it cannot.
#[test]
fn an_output_directory_teema_cannot_write_in_is_one_plain_error() {
    use std::os::unix::fs::PermissionsExt;
    let root = unsafe { libc::geteuid() } == 0;
    let setpriv = Path::new("/usr/bin/setpriv");
    if root && !setpriv.exists() {
        eprintln!("skipped: running as root without setpriv");
        return;
    }
    let dir = tempdir();
    let input = write(
        dir.path(),
        "kysely.csv",
        "id,vastaus\n1,Palvelu oli hyvä\n2,Jonot olivat pitkiä\n3,Hinta oli korkea\n",
    );
    let locked = dir.path().join("lukittu");
    std::fs::create_dir(&locked).unwrap();
    for (path, mode) in [
        (dir.path(), 0o755),
        (input.as_path(), 0o644),
        (locked.as_path(), 0o555),
    ] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let teema = env!("CARGO_BIN_EXE_teema");
    for (sub, flag, out) in [
        ("analyze", "--out", locked.clone()),
        ("analyze", "--out", locked.join("uusi")),
        ("index", "--index", locked.join("ix")),
        ("pseudonymise", "--out", locked.join("kopiot")),
    ] {
        let args = [sub, p(&input), flag, p(&out)];
        let mut cmd = if root {
            let mut c = std::process::Command::new(setpriv);
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", teema]);
            c
        } else {
            std::process::Command::new(teema)
        };
        cmd.args(args).env("NO_COLOR", "1");
        let r = crate::util::run_cmd(cmd).expect_code(2);
        let error = r.stderr.lines().find(|l| l.starts_with("teema: error:"));
        assert_eq!(
            error,
            Some(
                format!(
                    "teema: error: {}: cannot be created or written in (permission denied)",
                    p(&out)
                )
                .as_str()
            ),
            "{sub} {}:\n{}",
            p(&out),
            r.stderr
        );
    }
}

/// The survey file or the analysis folder given where an index is
/// expected (`teema search kysely.csv …`, `teema stats out/`): said what
/// it is and where the index is, instead of `kysely.csv/teema-index.json:
/// Not a directory (os error 20)` or `not a teema index`.
#[test]
fn a_file_or_an_analysis_given_as_the_index_is_named_for_what_it_is() {
    let dir = tempdir();
    let (input, out) = analysed_survey(dir.path());
    for args in [
        vec!["search", p(&input), "palvelu"],
        vec!["kwic", p(&input), "palvelu"],
        vec!["stats", p(&input)],
    ] {
        let r = run(&args).expect_code(2);
        assert_eq!(
            r.stderr.trim_end(),
            format!(
                "teema: error: index {}: is a file, not an index directory: give the folder \
                 teema index or teema analyze wrote (an analysis keeps its index in index/)",
                p(&input)
            ),
            "{args:?}"
        );
    }
    for args in [vec!["search", p(&out), "palvelu"], vec!["stats", p(&out)]] {
        let r = run(&args).expect_code(2);
        assert_eq!(
            r.stderr.trim_end(),
            format!(
                "teema: error: index {}: is an analysis, not an index: its index is {}",
                p(&out),
                p(&out.join("index"))
            ),
            "{args:?}"
        );
    }
}

/// kwic given a query (`palv*`, `palvelu~`, `source:x`) took it apart into
/// letters and printed nothing, exit 0, as if the word were not there.
#[test]
fn kwic_given_a_query_says_it_takes_a_word() {
    let dir = tempdir();
    let ix = indexed(dir.path());
    for (q, c) in [("palv*", '*'), ("palvelu~", '~'), ("source:kysely", ':')] {
        let r = run(&["kwic", p(&ix), q]).expect_code(2);
        assert!(
            r.stderr
                .starts_with(&format!("teema: error: kwic: '{q}' is a query ('{c}')")),
            "{q}: {}",
            r.stderr
        );
    }
    // A word with ordinary punctuation is still a word.
    let r = run(&["kwic", p(&ix), "palvelu?"]).expect_code(0);
    assert!(r.stdout.contains("Palvelu"), "{}", r.stdout);
}

/// An account number typed in groups other than four (`FI2112 3456 0000
/// 0785`, as a bank form splits it) was left as written.
#[test]
fn an_iban_in_groups_of_any_size_is_pseudonymised() {
    let dir = tempdir();
    let input = write(
        dir.path(),
        "tili.txt",
        "H: Mihin palautus maksetaan?\nV: Tilille FI2112 3456 0000 0785, tai FI21 123456 00000785.\n",
    );
    let out = dir.path().join("kopiot");
    run(&["pseudonymise", p(&input), "--out", p(&out)]).expect_code(0);
    let copy = std::fs::read_to_string(out.join("tili.txt")).unwrap();
    assert_eq!(
        copy,
        "H: Mihin palautus maksetaan?\nV: Tilille [IBAN 1], tai [IBAN 1].\n"
    );
}

/// A survey export with a few stray NUL bytes was refused whole as a
/// binary file (every answer lost to the analysis); now the NULs are
/// replaced like damaged bytes and one warning names their lines. UTF-16
/// without a byte order mark (NUL in every other byte) is still refused,
/// saying so and on which line.
#[test]
fn a_few_nul_bytes_do_not_make_a_survey_binary() {
    let dir = tempdir();
    let answers = [
        "Palvelu oli hyvä ja nopea",
        "Jonotus kesti liian kauan",
        "Henkilökunta oli ystävällinen",
    ];
    let mut csv = String::from("id;vastaus\n");
    for i in 0..30 {
        csv.push_str(&format!("{i};{} {i}\n", answers[i % 3]));
    }
    let mut bytes = csv.clone().into_bytes();
    let line3 = csv.match_indices('\n').nth(2).unwrap().0 - 1;
    bytes[line3] = 0;
    let input = write(dir.path(), "kysely.csv", &bytes);
    let r = run(&["ingest", p(&input)]).expect_code(0);
    assert!(
        r.stderr
            .contains("kysely.csv:3: warning: 1 NUL byte replaced by U+FFFD (�) on line 3"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("ingested 30"), "{}", r.stdout);
    let utf16: Vec<u8> = csv.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let input = write(dir.path(), "unicode.csv", &utf16);
    let r = run(&["ingest", p(&input)]).expect_code(2);
    assert!(
        r.stderr.contains("is a binary file, not text (")
            && r.stderr
                .contains("NUL bytes, the first at byte 1, on line 1); if it is UTF-16 text"),
        "{}",
        r.stderr
    );
}

/// Speaker labels written as numbers (`1:`, `2:`) or as lower-case known
/// labels (`h:`, `v:`) were not read: with an `H:` in the file, every
/// interviewee line became part of the interviewer's turn, and so left out
/// of the themes, without a word. Now they are speakers when they recur;
/// a recurring label teema still cannot read (an emoji) is named in a
/// warning with its lines.
#[test]
fn numbered_and_lower_case_speakers_are_speakers_and_odd_ones_are_named() {
    let dir = tempdir();
    let numbered = write(
        dir.path(),
        "numerot.txt",
        "H: Miten palvelu toimi?\n1: Se toimi hyvin, kiitos.\nH: Entä jonot?\n1: Jonot olivat pitkiä.\n",
    );
    let r = run(&["ingest", "--json", p(&numbered)]).expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let interviewee = v["utterances_per_role"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "interviewee")
        .map(|r| r.to_string());
    assert!(
        interviewee.as_deref().is_some_and(|r| r.contains(":2")),
        "{}",
        r.stdout
    );
    let lower = write(
        dir.path(),
        "pienet.txt",
        "h: Miten palvelu toimi?\nv: Se toimi hyvin.\nh: Entä jonot?\nv: Jonot olivat pitkiä.\n",
    );
    let r = run(&["ingest", p(&lower)]).expect_code(0);
    assert!(r.stdout.contains("2  v (interviewee)"), "{}", r.stdout);
    let emoji = write(
        dir.path(),
        "emoji.txt",
        "H: Miten palvelu toimi?\n😀: Se toimi hyvin.\nH: Entä jonot?\n😀: Jonot olivat pitkiä.\n",
    );
    let r = run(&["ingest", p(&emoji)]).expect_code(0);
    assert!(
        r.stderr.contains(
            "emoji.txt:2: warning: '😀:' starts 2 lines (2, 4) but is not read as a speaker label"
        ),
        "{}",
        r.stderr
    );
}

/// kwic on one long answer with many occurrences: each line's context was
/// made by flattening the whole text before (and after) the keyword, so
/// the time grew with the square of the answer (a 20 MB answer ran for
/// more than ten minutes; now 4.5 s for its 388,000 lines in a debug
/// build). Here 40,000 occurrences in a 0.7 MB answer, under a deadline.
#[test]
fn kwic_on_a_long_answer_takes_time_by_its_lines_not_their_square() {
    let dir = tempdir();
    let long = "palvelu oli hyvä ".repeat(40_000);
    let input = write(dir.path(), "pitka.txt", format!("H: Kerro.\nV: {long}\n"));
    let ix = dir.path().join("ix");
    run(&["index", p(&input), "--index", p(&ix)]).expect_code(0);
    let r =
        crate::util::run_within(&["kwic", p(&ix), "palvelu", "--width", "20"], 60).expect_code(0);
    assert_eq!(r.stdout.lines().count(), 40_000);
    let line = r.stdout.lines().nth(1000).unwrap();
    assert!(line.contains("oli hyvä **palvelu** oli hyvä"), "{line}");
}

/// A workbook whose first sheet is hidden (a helper table, an old version)
/// was read from that sheet, and the visible answers were not analysed;
/// now the first visible sheet is read and a warning names the hidden one.
#[test]
fn the_first_visible_sheet_is_read_and_a_hidden_one_named() {
    let dir = tempdir();
    let x = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let cell = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let helper: String = (1..4)
        .map(|i| {
            format!(
                r#"<row r="{i}">{}{}</row>"#,
                cell(&format!("A{i}"), "koodi"),
                cell(&format!("B{i}"), "apu")
            )
        })
        .collect();
    let answers = [
        "Palvelu oli hyvä ja nopea",
        "Jonotus kesti liian kauan",
        "Henkilökunta oli ystävällinen",
    ];
    let mut rows = format!(
        r#"<row r="1">{}{}</row>"#,
        cell("A1", "id"),
        cell("B1", "vastaus")
    );
    for i in 2..20 {
        rows.push_str(&format!(
            r#"<row r="{i}">{}{}</row>"#,
            cell(&format!("A{i}"), &format!("r{i}")),
            cell(&format!("B{i}"), &format!("{} {i}", answers[i % 3]))
        ));
    }
    let rel = |id: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>"#
        )
    };
    let xlsx = zip_of(&[
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into()),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0"?><workbook {x}><sheets><sheet name="Apu" sheetId="1" state="hidden" r:id="rId1"/><sheet name="Vastaukset" sheetId="2" r:id="rId2"/></sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}{}</Relationships>"#, rel("rId1", "worksheets/sheet1.xml"), rel("rId2", "worksheets/sheet2.xml"))),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0"?><worksheet {x}><sheetData>{helper}</sheetData></worksheet>"#)),
        ("xl/worksheets/sheet2.xml", format!(r#"<?xml version="1.0"?><worksheet {x}><sheetData>{rows}</sheetData></worksheet>"#)),
    ]);
    let input = write(dir.path(), "kysely.xlsx", xlsx);
    let r = run(&["ingest", p(&input)]).expect_code(0);
    assert!(
        r.stderr.contains(
            "warning: read sheet 'Vastaukset', the first visible one; hidden sheet 'Apu' not read"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("18 answers"), "{}", r.stdout);
    // Asked for by name, the hidden sheet is read, without the warning.
    let r = run(&["ingest", p(&input), "--sheet", "Apu"]).expect_code(0);
    assert!(!r.stderr.contains("hidden sheet"), "{}", r.stderr);
}

/// An analysis folder given as the input (`teema themes out/`) said only
/// `no supported files found in out`: the note saying why (teema's own
/// output is not read as data) was dropped with the run. Now the error
/// carries it, and names the analysis's index.
#[test]
fn an_analysis_given_as_input_says_why_nothing_was_read() {
    let dir = tempdir();
    let (_, out) = analysed_survey(dir.path());
    let r = run(&["themes", p(&out)]).expect_code(2);
    assert!(
        r.stderr.contains(&format!(
            "an earlier teema analysis: teema's own output is not read as data; its index is {}",
            p(&out.join("index"))
        )),
        "{}",
        r.stderr
    );
}

/// An unclosed quote in the last rows said it ran to a line after the end
/// of the file (the final line end counted as a line).
#[test]
fn an_unclosed_quote_names_the_last_line_of_the_file() {
    let dir = tempdir();
    let input = write(
        dir.path(),
        "kysely.csv",
        "id,vastaus\n1,hyvä palvelu\n2,\"huono jono\n3,ihan ok\n",
    );
    let r = run(&["ingest", p(&input)]).expect_code(1);
    assert!(
        r.stderr.contains(
            "kysely.csv:3: rejected: unclosed quote: the quoted field that opens on this line never closes (it runs to line 4, the end of the file)"
        ),
        "{}",
        r.stderr
    );
}

/// `teema pseudonymise` took its kinds only as `--kinds`, while analyze
/// and index (and the README's pseudonymisation section) say
/// `--pseudonymise-kinds`: the same flag now works for all three.
#[test]
fn pseudonymise_takes_the_kinds_flag_analyze_takes() {
    let dir = tempdir();
    let input = write(
        dir.path(),
        "osoite.txt",
        "H: Missä asut?\nV: Asun osoitteessa Mannerheimintie 12 B 34, 00100 Helsinki.\n",
    );
    let out = dir.path().join("kopiot");
    run(&[
        "pseudonymise",
        p(&input),
        "--out",
        p(&out),
        "--pseudonymise-kinds",
        "all",
    ])
    .expect_code(0);
    let copy = std::fs::read_to_string(out.join("osoite.txt")).unwrap();
    assert!(!copy.contains("Mannerheimintie"), "{copy}");
}

/// Excel's "Text (Tab delimited)" saves a table as `.txt`: teema reads it
/// as a table, but its pseudonymised copy was made as a transcript (one
/// text), so a phone number after an id (`17<TAB>040 123 4567`) stayed.
/// The copy now splits every file teema reads as a table into fields.
#[test]
fn a_tab_separated_txt_is_copied_as_the_table_it_is_read_as() {
    let dir = tempdir();
    let input = write(
        dir.path(),
        "vienti.txt",
        "id\tpuhelin\tvastaus\n17\t040 123 4567\thyvä\n18\t040 765 4321\tok\n19\t3\tkiitos\n",
    );
    let out = dir.path().join("kopiot");
    let r = run(&["pseudonymise", p(&input), "--out", p(&out)]).expect_code(0);
    assert!(
        r.stdout.contains("(table, UTF-8, same format)"),
        "{}",
        r.stdout
    );
    let copy = std::fs::read_to_string(out.join("vienti.txt")).unwrap();
    assert_eq!(
        copy,
        "id\tpuhelin\tvastaus\n17\t[PUHELIN 1]\thyvä\n18\t[PUHELIN 2]\tok\n19\t3\tkiitos\n"
    );
}

/// A three-answer survey `kysely.csv` in `dir`, analysed into `dir/analyysi`:
/// (the survey, the analysis).
fn analysed_survey(dir: &Path) -> (PathBuf, PathBuf) {
    let input = write(
        dir,
        "kysely.csv",
        "id;vastaus\n1;Palvelu oli hyvä\n2;Jonot olivat pitkiä\n3;Hinta oli korkea\n",
    );
    let out = dir.join("analyysi");
    run(&[
        "analyze",
        p(&input),
        "--out",
        p(&out),
        "--text-col",
        "vastaus",
    ])
    .expect_code(0);
    (input, out)
}
