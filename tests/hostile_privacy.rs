//! Personal data in the ways people write it, from the hostile-input audit:
//! phone numbers with dots, dashes, brackets, a bare country code or a lone
//! trunk zero, IBANs in lower case or with hyphens, e-mail addresses and
//! identity codes written out or mistyped. `teema analyze` on a survey that
//! holds all of them must leave none in any output file, in the index (raw
//! bytes) or on the terminal, in any form: the identifiers are searched as
//! their letters and digits with anything but letters and digits between
//! them. A pseudonymised Word copy keeps no listed name as the author of a
//! comment or in its metadata.

use crate::util::{every_file, run, tempdir, write};
use regex::bytes::Regex;
use std::io::Write;

/// Every identifier of the audit, and a few more of each class. No digits
/// in a row such as `98765`: the term dictionary of the index holds the
/// digits as labels side by side.
const IDENTIFIERS: &[&str] = &[
    "040.123.4579",
    "+358(40)1234504",
    "358401234506",
    "040–1234512",
    "0 40 123 4505",
    "050—726 4391",
    "+358 (0)45 987 6543",
    "00 358 44 555 0101",
    "(09) 682 7319",
    "fi21 1234 5600 0007 85",
    "FI21-1234-5600-0007-85",
    "FI55 1111 2222 3333 44",
    "FI49 5000 9420 0287 30",
    "de89-3704-0044-0532-0130-00",
    "ritva.kyyhkynen(at)lumijoki.fi",
    "veikko [at] tunturisusi [dot] fi",
    "AILA.PELTOKORPI@HIRVIKOSKI.FI",
    "131052-308T",
    "131052-308U",
    "150375a123x",
    "010101–1234",
];

/// Patterns that find `id` however it is written out: its letters and
/// digits in order, any case, up to three other characters between them
/// (`loose`), or with nothing between them (for the binary files of the
/// index, where unrelated short terms lie side by side). The digits of a
/// phone number are also looked for without the trunk zero or the country
/// code.
fn patterns(id: &str, loose: bool) -> Vec<Regex> {
    let alnum: Vec<char> = id.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut forms: Vec<String> = vec![alnum.iter().collect()];
    let digits: String = alnum.iter().filter(|c| c.is_ascii_digit()).collect();
    if alnum.iter().all(char::is_ascii_digit) {
        // Phone numbers: the national significant number.
        let nsn = digits
            .trim_start_matches("00")
            .trim_start_matches("358")
            .trim_start_matches('0');
        forms.push(nsn.to_string());
    } else if id.contains('@') || id.contains("at") {
        // E-mails: the distinctive words.
        forms = id
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() >= 7)
            .map(str::to_string)
            .collect();
    } else {
        forms.push(digits);
    }
    forms
        .iter()
        .map(|f| {
            let body: Vec<String> = f.chars().map(|c| regex::escape(&c.to_string())).collect();
            let between = if loose { "[^0-9A-Za-z]{0,3}" } else { "" };
            Regex::new(&format!("(?i){}", body.join(between))).unwrap()
        })
        .collect()
}

/// The places where an identifier was left.
fn leaks(outputs: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut left = Vec::new();
    for id in IDENTIFIERS {
        for loose in [true, false] {
            for re in patterns(id, loose) {
                for (name, bytes) in outputs {
                    let binary = name.contains("/index/") && !name.ends_with(".json");
                    if binary == loose {
                        continue;
                    }
                    if let Some(m) = re.find(bytes) {
                        left.push(format!(
                            "{id} as {:?} in {name}",
                            String::from_utf8_lossy(m.as_bytes())
                        ));
                    }
                }
            }
        }
    }
    left
}

#[test]
fn analyze_leaves_no_identifier_in_any_output_index_or_message() {
    let dir = tempdir();
    let sentences = [
        "Palvelu oli nopeaa, soittakaa minulle numeroon {}.",
        "Asiakaspalvelu ei vastannut, vaikka jätin tiedon {} lomakkeeseen.",
        "Hinnat ovat kohtuulliset. Palautukset tilille {} toimivat hyvin.",
        "Henkilökunta oli ystävällistä ja tietoni {} käsiteltiin nopeasti.",
        "Odotusaika oli liian pitkä; yhteystieto {} ei vieläkään toimi.",
    ];
    let mut csv = String::from(
        "Vastaajatunnus;Yhteystieto;Kuinka todennäköisesti suosittelisit meitä? (0-10);Mitä haluat kertoa?\n",
    );
    let mut row = 0;
    for round in 0..3 {
        for id in IDENTIFIERS {
            row += 1;
            let s = sentences[(row + round) % sentences.len()].replace("{}", id);
            csv.push_str(&format!("r{row};{id};{};\"{s}\"\n", row % 11));
        }
    }
    let input = write(dir.path(), "kysely.csv", csv);
    let out = dir.path().join("tulos");
    let r = run(&[
        "analyze",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    let mut outputs = every_file(&out);
    for want in [
        "report.md",
        "report.html",
        "themes.json",
        "codings.csv",
        "crosstab.csv",
        "project.qdpx",
        "manifest.json",
    ] {
        assert!(
            outputs.iter().any(|(n, _)| n.ends_with(want)),
            "{want} not written: {:?}",
            outputs.iter().map(|(n, _)| n).collect::<Vec<_>>()
        );
    }
    assert!(
        outputs.iter().any(|(n, _)| n.contains("/index/")),
        "no index files"
    );
    // The stored texts of the index, read back (they are compressed on disk).
    let stored = run(&[
        "search",
        out.join("index").to_str().unwrap(),
        "palvelu OR tieto OR tili OR numero OR yhteystieto OR asiakaspalvelu OR henkilökunta OR odotusaika",
        "--limit",
        "1000",
        "--json",
    ]);
    outputs.push(("search --json".into(), stored.stdout.into_bytes()));
    outputs.push(("stdout".into(), r.stdout.into_bytes()));
    outputs.push(("stderr".into(), r.stderr.into_bytes()));
    // The test can fail: the input itself is caught.
    let caught = leaks(&[("kysely.csv".into(), std::fs::read(&input).unwrap())]);
    assert!(caught.len() >= IDENTIFIERS.len(), "{caught:#?}");
    let left = leaks(&outputs);
    assert!(left.is_empty(), "identifiers left:\n{}", left.join("\n"));
}

/// A .docx with a comment by a listed person, a tracked change, people.xml
/// and document properties naming them.
fn commented_docx() -> Vec<u8> {
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>".to_string()),
        (
            "word/document.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{w}\"><w:body>\
                 <w:p><w:r><w:t>H: Miten palvelu toimi?</w:t></w:r></w:p>\
                 <w:p><w:ins w:id=\"7\" w:author=\"Matti Virtanen\" w:date=\"2025-01-02T10:00:00Z\">\
                 <w:r><w:t>V: Hyvin, kiitos.</w:t></w:r></w:ins></w:p></w:body></w:document>"
            ),
        ),
        (
            "word/comments.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:comments xmlns:w=\"{w}\">\
                 <w:comment w:id=\"0\" w:author=\"Matti Virtanen\" w:date=\"2025-01-02T10:00:00Z\" w:initials=\"MV\">\
                 <w:p><w:r><w:t>Tarkista vielä.</w:t></w:r></w:p></w:comment></w:comments>"
            ),
        ),
        (
            "word/people.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w15:people xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\">\
             <w15:person w15:author=\"Matti Virtanen\"><w15:presenceInfo w15:providerId=\"AD\" w15:userId=\"S::matti.virtanen@example.fi::1\"/></w15:person></w15:people>"
                .to_string(),
        ),
        (
            "docProps/core.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
             <dc:creator>Matti Virtanen</dc:creator><cp:lastModifiedBy>Virtanen Matti</cp:lastModifiedBy></cp:coreProperties>"
                .to_string(),
        ),
        (
            "docProps/app.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Properties><Manager>Matti Virtanen</Manager><Company>Tutkimus Oy</Company></Properties>"
                .to_string(),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, xml) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn pseudonymised_docx_keeps_no_listed_name_as_author_or_in_metadata() {
    let dir = tempdir();
    let data = dir.path().join("d");
    write(&data, "haastattelu.docx", commented_docx());
    let names = write(dir.path(), "nimet.txt", "Matti Virtanen\n");
    let out = dir.path().join("o");
    run(&[
        "pseudonymise",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
    ])
    .expect_code(0);
    let outputs = every_file(&out);
    let entries: Vec<&(String, Vec<u8>)> =
        outputs.iter().filter(|(n, _)| n.contains('!')).collect();
    assert!(
        entries.len() >= 6,
        "{:?}",
        outputs.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for (name, bytes) in &entries {
        let xml = String::from_utf8_lossy(bytes);
        for gone in ["Virtanen", "virtanen", "\"MV\""] {
            assert!(!xml.contains(gone), "{gone} left in {name}:\n{xml}");
        }
    }
    let comments = entries
        .iter()
        .find(|(n, _)| n.ends_with("word/comments.xml"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(
        comments.contains("w:author=\"[HENKILÖ 1]\"")
            && comments.contains("w:initials=\"[HENKILÖ 1]\""),
        "{comments}"
    );
    // Still a Word document that teema reads.
    let r = run(&[
        "ingest",
        "--json",
        out.join("haastattelu.docx").to_str().unwrap(),
    ])
    .expect_code(0);
    assert!(r.stdout.contains("docx"), "{}", r.stdout);
}
