//! `teema ingest` on files the tests write: every malformed input of the
//! foundation issue (message and counts asserted) and every format read
//! correctly. No test reads /work/shared.

use crate::util::{Run, p, run, tempdir, write};
use std::path::Path;

fn ingest(args: &[&str]) -> Run {
    let mut all = vec!["ingest"];
    all.extend_from_slice(args);
    run(&all)
}

/// The JSON summary of a successful (or rejected, `code`) run.
fn json(args: &[&str], code: i32) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let r = ingest(&all).expect_code(code);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", r.stdout))
}

fn kinds(v: &serde_json::Value) -> Vec<(String, String)> {
    v["files"][0]["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn accounting(v: &serde_json::Value) -> [u64; 4] {
    let a = &v["accounting"];
    ["read", "ingested", "empty", "rejected"].map(|k| a[k].as_u64().expect("count"))
}

fn assert_has(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n  {needle}\nin\n{haystack}"
    );
}

const SURVEY: &str = "\
Vastaajatunnus;Ikäryhmä;Olen saanut tukea arkeen (1-5);Kuinka todennäköisesti suosittelisit meitä? (0-10);Päivämäärä;Mikä on ollut hyvää?
r1;18-29;4;9;3.2.2025;Ohjaajat on tosi mukavia ja aina ehtii jutella
r2;30-49;5;10;4.2.2025;Vertaistuki, ku muut on samassa tilanteessa
r3;18-29;2;3;4.2.2025;
r4;65+;3;7;5.2.2025;aukioloajat vois olla pidempiä iltaisin
r5;50-64;1;0;6.2.2025;En oikein tiiä, kävin vaan kerran kahvilla
";

#[test]
fn semicolon_survey_columns_answers_and_accounting() {
    let dir = tempdir();
    let f = write(dir.path(), "kysely.csv", SURVEY);
    let v = json(&[p(&f)], 0);
    let k = kinds(&v);
    let got: Vec<&str> = k.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(got, ["id", "categorical", "likert", "nps", "date", "open"]);
    assert_eq!(
        v["files"][0]["columns"][2]["scale"],
        serde_json::json!([1, 5])
    );
    assert_eq!(accounting(&v), [5, 4, 1, 0]);
    assert_eq!(v["respondents"], 5);
    assert_eq!(v["answers_per_question"][0]["count"], 4);
    assert_eq!(v["files"][0]["encoding"], "UTF-8");
    let r = ingest(&[p(&f)]).expect_code(0);
    assert_has(&r.stdout, "read 5, ingested 4, empty 1, rejected 0");
    assert_has(&r.stdout, "Mikä on ollut hyvää?");
    assert_eq!(r.stderr, "");
}

#[test]
fn ragged_rows_are_rejected_with_line_and_exit_1() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "rosoinen.csv",
        "id;ikä;vastaus\n1;30;Hyvä paikka\n2;41\n3;25;Kiva porukka;ylimääräinen\n4;52;Ok\n",
    );
    let r = ingest(&[p(&f), "--text-col", "vastaus"]).expect_code(1);
    assert_has(&r.stdout, "read 4, ingested 2, empty 0, rejected 2");
    assert_has(
        &r.stderr,
        "rosoinen.csv:3: rejected: row has 2 fields but the header has 3",
    );
    assert_has(
        &r.stderr,
        "rosoinen.csv:4: rejected: row has 4 fields but the header has 3",
    );
}

#[test]
fn unclosed_quote_rejects_its_row_and_keeps_the_rest() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "lainaus.csv",
        "id;vastaus\n1;Hyvä\n2;\"Tämä jäi kesken\n3;Kolmas\n4;Neljäs\n",
    );
    let r = ingest(&[p(&f), "--text-col", "vastaus"]).expect_code(1);
    assert_has(&r.stdout, "read 4, ingested 3, empty 0, rejected 1");
    assert_has(&r.stderr, "lainaus.csv:3: rejected: unclosed quote");
    assert_has(&r.stderr, "reading goes on from line 4");
}

#[test]
fn header_only_and_empty_files_are_clear_errors() {
    let dir = tempdir();
    let h = write(dir.path(), "otsikot.csv", "id;Mikä oli hyvää?;Ikä\n");
    let r = ingest(&[p(&h)]).expect_code(2);
    assert_has(
        &r.stderr,
        "otsikot.csv: has a header row (3 columns) but no data rows",
    );
    assert_eq!(r.stdout, "");
    let e = write(dir.path(), "tyhja.csv", "");
    let r = ingest(&[p(&e)]).expect_code(2);
    assert_has(&r.stderr, "tyhja.csv: is empty (0 bytes)");
}

#[test]
fn binary_file_renamed_csv_is_an_error_naming_it() {
    let dir = tempdir();
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 100));
    let f = write(dir.path(), "kuva.csv", png);
    let r = ingest(&[p(&f)]).expect_code(2);
    assert_has(
        &r.stderr,
        "kuva.csv: is a binary file, not text (103 NUL bytes, the first at byte 8, on line 3)",
    );
}

#[test]
fn ten_megabyte_field_is_read_whole() {
    let dir = tempdir();
    let big = "pitkä vastaus ".repeat(800_000); // 12 MB
    let text = format!("id,vastaus\n1,\"{big}\"\n2,lyhyt mutta tosi hyvä vastaus\n");
    let f = write(dir.path(), "iso.csv", text);
    let v = json(&[p(&f), "--text-col", "vastaus"], 0);
    assert_eq!(accounting(&v), [2, 2, 0, 0]);
    assert_eq!(v["answers_per_question"][0]["count"], 2);
}

#[test]
fn mixed_line_endings_keep_rows_and_line_numbers() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "rivit.csv",
        "id;vastaus\r\n1;Eka vastaus tässä\n2;Toka vastaus tässä\r\n3;\"kolmas\r\nkahdella rivillä\"\n4\r\n5;Viides vastaus\n",
    );
    let r = ingest(&[p(&f), "--text-col", "vastaus"]).expect_code(1);
    assert_has(&r.stdout, "read 5, ingested 4, empty 0, rejected 1");
    assert_has(
        &r.stderr,
        "rivit.csv:6: rejected: row has 1 fields but the header has 2",
    );
}

#[test]
fn windows_1252_export_is_decoded_with_a_warning() {
    let dir = tempdir();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
        "id;Mitä pidit?\n1;Hyvä ohjaaja ja mukavat ihmiset\n2;Pöydät olivat liian pienet\n",
    );
    let f = write(dir.path(), "excel.csv", &bytes);
    let r = ingest(&[p(&f), "--text-col", "Mitä pidit?"]).expect_code(0);
    assert_has(
        &r.stderr,
        "excel.csv: warning: not valid UTF-8 (first invalid byte 0xE4 on line 1); read as Windows-1252",
    );
    assert_has(&r.stdout, "windows-1252");
    assert_has(&r.stdout, "2  Mitä pidit?");
    assert_has(&r.stdout, "read 2, ingested 2, empty 0, rejected 0");
}

#[test]
fn duplicate_respondent_ids_are_warned_with_lines_and_kept() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "tuplat.csv",
        "Vastaajatunnus;Mikä oli hyvää?\nv1;Ryhmät oli hyviä ja ohjaajat kivoja\nv2;Kahvi ja seura\nv3;Liikuntavuorot sopi mulle\nv2;Kahvi ja seura\nv4;Kaikki oli ihan hyvin\nv5;Retket luontoon\n",
    );
    let r = ingest(&[p(&f), "--text-col", "Mikä oli hyvää?"]).expect_code(0);
    assert_has(
        &r.stderr,
        "tuplat.csv:5: warning: duplicate respondent id 'v2' in column 'Vastaajatunnus' on lines 3, 5; all rows are kept",
    );
    assert_has(&r.stdout, "read 6, ingested 6, empty 0, rejected 0");
    assert_has(&r.stdout, "respondents: 6");
}

fn xlsx_survey(path: &Path, merged: bool) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Vastaajatunnus").unwrap();
    if merged {
        sheet
            .merge_range(0, 1, 0, 2, "Mitä toimintaa kävit?", &Format::new())
            .unwrap();
    } else {
        sheet.write_string(0, 1, "Ikäryhmä").unwrap();
        sheet.write_string(0, 2, "Tuki arjessa").unwrap();
    }
    sheet.write_string(0, 3, "Mikä on ollut hyvää?").unwrap();
    let rows = [
        ("a1", "18-29", 4.0, "Ohjaajat kuuntelee oikeesti"),
        ("a2", "30-49", 5.0, "Yhteiset ruokailut ja seura"),
        ("a3", "18-29", 2.0, ""),
        ("a4", "50-64", 3.0, "Aamupäivän ryhmä on paras juttu"),
    ];
    for (i, (id, age, support, good)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_string(r, 1, *age).unwrap();
        sheet.write_number(r, 2, *support).unwrap();
        if !good.is_empty() {
            sheet.write_string(r, 3, *good).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn xlsx_survey_is_read_like_csv() {
    let dir = tempdir();
    let f = dir.path().join("kysely.xlsx");
    xlsx_survey(&f, false);
    let v = json(&[p(&f)], 0);
    assert_eq!(v["files"][0]["format"], "xlsx");
    let got: Vec<String> = kinds(&v).into_iter().map(|(_, k)| k).collect();
    assert_eq!(got, ["id", "categorical", "likert", "open"]);
    assert_eq!(accounting(&v), [4, 3, 1, 0]);
}

#[test]
fn xlsx_merged_header_cells_are_named_and_warned() {
    let dir = tempdir();
    let f = dir.path().join("yhdistetty.xlsx");
    xlsx_survey(&f, true);
    let r = ingest(&[p(&f), "--json"]).expect_code(0);
    assert_has(
        &r.stderr,
        "yhdistetty.xlsx:1: warning: header cells B1:C1 are merged ('Mitä toimintaa kävit?')",
    );
    assert_has(
        &r.stderr,
        "header 'Mitä toimintaa kävit?' appears more than once; column 3 is named 'Mitä toimintaa kävit? (2)'",
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let names: Vec<String> = kinds(&v).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names[1..3],
        ["Mitä toimintaa kävit?", "Mitä toimintaa kävit? (2)"]
    );
    assert_eq!(accounting(&v), [4, 3, 1, 0]);
}

#[test]
fn xlsx_two_row_header_under_merged_cells_names_each_option() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempdir();
    let f = dir.path().join("webropol.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let fmt = Format::new();
    sheet
        .merge_range(0, 0, 1, 0, "Vastaajatunnus", &fmt)
        .unwrap();
    sheet
        .merge_range(0, 1, 0, 2, "Mihin osallistuit?", &fmt)
        .unwrap();
    sheet.write_string(1, 1, "Kuntosali").unwrap();
    sheet.write_string(1, 2, "Kahvila").unwrap();
    sheet
        .merge_range(0, 3, 1, 3, "Mikä oli hyvää?", &fmt)
        .unwrap();
    let rows = [
        ("w1", "1", "", "Kuntosalin ohjaaja auttoi paljon"),
        ("w2", "", "1", "Kahvilassa on aina seuraa"),
        ("w3", "1", "1", ""),
    ];
    for (i, (id, gym, cafe, good)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        for (c, v) in [id, gym, cafe, good].into_iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16, *v).unwrap();
            }
        }
    }
    book.save(&f).unwrap();
    let r = ingest(&[p(&f), "--json"]).expect_code(0);
    assert_has(
        &r.stderr,
        "webropol.xlsx:1: warning: header cells B1:C1 are merged ('Mihin osallistuit?') and row 2 under them names each of its 2 columns",
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let names: Vec<String> = kinds(&v).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "Vastaajatunnus",
            "Mihin osallistuit?: Kuntosali",
            "Mihin osallistuit?: Kahvila",
            "Mikä oli hyvää?"
        ]
    );
    assert_eq!(accounting(&v), [3, 2, 1, 0]);
}

#[test]
fn utf16_bom_unicode_text_and_jsonl() {
    let dir = tempdir();
    let text = "id\tryhmä\tpalaute\n1\tA\tTosi hyvä ilmapiiri aina\n2\tB\tLiian vähän ohjaajia paikalla\n3\tA\tKivat retket ja kahvit\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let f = write(dir.path(), "unicode.txt", le);
    let v = json(&[p(&f)], 0);
    assert_eq!(v["files"][0]["encoding"], "UTF-16LE");
    assert_eq!(v["files"][0]["format"], "csv");
    assert_eq!(kinds(&v).last().unwrap().1, "open");
    assert_eq!(accounting(&v), [3, 3, 0, 0]);

    let j = write(
        dir.path(),
        "vastaukset.jsonl",
        "{\"id\": \"x1\", \"tyytyväisyys\": 4, \"palaute\": \"Hyvä meininki ja rento olo\"}\n{\"id\": \"x2\", \"tyytyväisyys\": 2, \"palaute\": \"Aukioloajat on liian lyhyet\"}\n{rikki\n{\"id\": \"x3\", \"tyytyväisyys\": 5, \"palaute\": null}\n",
    );
    let r = ingest(&[p(&j), "--text-col", "palaute"]).expect_code(1);
    assert_has(&r.stderr, "vastaukset.jsonl:3: rejected: not a JSON object");
    assert_has(&r.stdout, "read 4, ingested 2, empty 1, rejected 1");
    assert_has(&r.stdout, "tyytyväisyys");
}

const INTERVIEW: &str = "\
# Haastattelu 3

[00:00:02] H: No niin, kerro vähän miten sä löysit tänne?
[00:00:09] V: No mä näin ilmotuksen kirjastossa.
Ja sit kaveri sano et siellä on hyvä porukka.

Mä tulin eka kerran syksyllä.
H (00:01:15): Mikä sai sut jäämään?
V: [00:01:20] Ohjaajat. Ne on niinku aidosti kiinnostuneita.
Esimerkiksi: ne muistaa mun nimen.
";

#[test]
fn transcript_with_timestamps_and_multiline_turns() {
    let dir = tempdir();
    let f = write(dir.path(), "haastattelu.md", INTERVIEW);
    let r = ingest(&[p(&f)]).expect_code(0);
    assert_has(
        &r.stderr,
        "haastattelu.md:1: warning: lines 1–1 come before the first speaker label",
    );
    assert_has(&r.stdout, "      2  H (interviewer)");
    assert_has(&r.stdout, "      2  V (interviewee)");
    assert_has(&r.stdout, "read 4, ingested 4, empty 0, rejected 0");
    let r = ingest(&[p(&f), "--interviewer", "V"]).expect_code(0);
    assert_has(&r.stdout, "      2  V (interviewer)");
}

#[test]
fn transcript_without_speaker_labels_is_one_speaker_said_so() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "muistiinpanot.txt",
        "Asiakas kertoi että ryhmä on auttanut paljon.\nHän käy kolmesti viikossa.\n\nToiveena pidemmät aukioloajat.\n",
    );
    let r = ingest(&[p(&f)]).expect_code(0);
    assert_has(
        &r.stderr,
        "muistiinpanot.txt: warning: no speaker labels found",
    );
    assert_has(&r.stderr, "read as one speaker in 2 paragraphs");
    assert_has(&r.stdout, "2  (no label) (interviewee)");
    assert_has(&r.stdout, "read 2, ingested 2, empty 0, rejected 0");
}

#[test]
fn vtt_and_srt_subtitles() {
    let dir = tempdir();
    let vtt = write(
        dir.path(),
        "teams.vtt",
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Haastattelija>Kuinka usein käyt täällä?</v>\n\n2\n00:00:04.500 --> 00:00:08.000\n<v Mikko Virtanen>Melkein joka päivä.\nAamulla yleensä.</v>\n\n3\n00:00:08.500 --> 00:00:10.000\n<v Haastattelija>Okei, kiitos.</v>\n",
    );
    let v = json(&[p(&vtt)], 0);
    assert_eq!(v["files"][0]["format"], "vtt");
    assert_eq!(accounting(&v), [3, 3, 0, 0]);
    let sp = &v["utterances_per_speaker"];
    assert_eq!(sp[0]["speaker"], "Haastattelija");
    assert_eq!(
        (sp[0]["role"].as_str(), sp[0]["count"].as_u64()),
        (Some("interviewer"), Some(2))
    );
    assert_eq!(sp[1]["speaker"], "Mikko Virtanen");
    let srt = write(
        dir.path(),
        "whisper.srt",
        "1\n00:00:00,000 --> 00:00:02,000\nH: Miten viikko meni?\n\n2\n00:00:02,500 --> 00:00:05,000\nV: Ihan hyvin, kävin kahdesti ryhmässä.\n",
    );
    let v = json(&[p(&srt)], 0);
    assert_eq!(v["files"][0]["format"], "srt");
    assert_eq!(v["utterances_per_role"][0]["name"], "interviewee");
    assert_eq!(accounting(&v), [2, 2, 0, 0]);
}

fn docx_bytes(paragraphs: &[&str]) -> Vec<u8> {
    let runs: Vec<[&str; 1]> = paragraphs.iter().map(|p| [*p]).collect();
    let paragraphs: Vec<&[&str]> = runs.iter().map(|r| &r[..]).collect();
    crate::util::docx(&paragraphs)
}

#[test]
fn docx_transcript_and_docx_that_is_not_a_zip() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "haastattelu.docx",
        docx_bytes(&[
            "Haastattelija: Mitä kuuluu?",
            "Haastateltava: Ihan hyvää &amp; rauhallista.",
            "Haastattelija: Hienoa.",
        ]),
    );
    let v = json(&[p(&f)], 0);
    assert_eq!(v["files"][0]["format"], "docx");
    assert_eq!(accounting(&v), [3, 3, 0, 0]);
    assert_eq!(v["utterances_per_speaker"][0]["speaker"], "Haastateltava");
    assert_eq!(v["utterances_per_speaker"][1]["role"], "interviewer");
    let bad = write(dir.path(), "vaara.docx", "H: tämä on tekstiä eikä zip\n");
    let r = ingest(&[p(&bad)]).expect_code(2);
    assert_has(
        &r.stderr,
        "vaara.docx: is not a Word .docx file (not a zip archive",
    );
}

#[test]
fn long_utterance_table_gives_one_document_per_conversation() {
    let dir = tempdir();
    let f = write(
        dir.path(),
        "chatit.csv",
        "keskustelu,puhuja,aika,teksti\nk1,a,10:00:01,Moi\nk1,b,10:00:05,Moikka mitä kuuluu\nk2,c,11:00:00,Hei\nk1,a,10:00:09,Hyvää\nk2,d,11:00:03,\nk2,d,11:00:04,Terve terve\n",
    );
    let args = [
        p(&f),
        "--doc-col",
        "keskustelu",
        "--speaker-col",
        "puhuja",
        "--time-col",
        "aika",
        "--text-col",
        "teksti",
    ];
    let v = json(&args, 0);
    assert_eq!(v["files"][0]["format"], "utterance_table");
    assert_eq!(v["interviews"], 2);
    assert_eq!(
        v["speakers_per_interview"],
        serde_json::json!([{"speakers": 2, "interviews": 2}])
    );
    assert_eq!(accounting(&v), [6, 5, 1, 0]);
    assert_eq!(
        v["utterances_per_role"],
        serde_json::json!([{"name": "participant", "count": 5}])
    );
    let r = ingest(&[p(&f), "--doc-col", "keskustelu"]).expect_code(2);
    assert_has(
        &r.stderr,
        "--doc-col reads a long utterance table and needs --text-col",
    );
}

#[test]
fn directory_in_sorted_order_with_unsupported_files_warned() {
    let dir = tempdir();
    write(
        dir.path(),
        "b_haastattelu.txt",
        "H: Miten menee?\nV: Hyvin menee.\n",
    );
    write(dir.path(), "a_kysely.csv", SURVEY);
    write(dir.path(), "muistio.pdf", "%PDF-1.4");
    write(dir.path(), "README.md", "Tämä kansio sisältää aineiston.\n");
    let v = json(&[p(dir.path())], 0);
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        files[0].ends_with("a_kysely.csv") && files[1].ends_with("b_haastattelu.txt"),
        "{files:?}"
    );
    assert_eq!(
        (v["respondents"].as_u64(), v["interviews"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(accounting(&v), [7, 6, 1, 0]);
    let issues = v["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(issues[0]["path"].as_str().unwrap().ends_with("README.md"));
    assert_has(issues[0]["message"].as_str().unwrap(), "skipped: a README");
    assert!(issues[1]["path"].as_str().unwrap().ends_with("muistio.pdf"));
    assert_has(
        issues[1]["message"].as_str().unwrap(),
        "skipped: unsupported file type",
    );
}

#[test]
fn unknown_override_column_is_a_usage_error() {
    let dir = tempdir();
    let f = write(dir.path(), "kysely.csv", SURVEY);
    let r = ingest(&[p(&f), "--text-col", "Vapaa palaute"]).expect_code(2);
    assert_has(
        &r.stderr,
        "--text-col 'Vapaa palaute' is not a column of any input table",
    );
}

/// A survey exported with one row per answer: respondent, question, answer.
const LONG: &str = "vastaaja,kysymys,vastaus,ikäryhmä,tunniste\n\
    7,Mikä on toiminut?,Ohjaajat kuuntelevat aina.,18-29,a\n\
    7,Mitä kehittäisit?,Iltaisin saisi olla auki.,18-29,b\n\
    8,Mikä on toiminut?,Vertaisryhmä on tärkein.,30-49,c\n\
    8,Mitä kehittäisit?,,30-49,c\n\
    9,Mitä kehittäisit?,Lisää retkiä luontoon.,50-64,d\n";

#[test]
fn one_row_per_answer_is_read_as_respondents_with_their_questions() {
    let tmp = tempdir();
    let file = write(tmp.path(), "pitka.csv", LONG);
    let out = tmp.path().join("out");
    let run = run(&["analyze", p(&file), "--out", p(&out), "--themes", "2"]).expect_code(0);
    assert_has(&run.stderr, "5 rows read as 3 respondents");
    // A column whose value differs between one respondent's rows is named.
    assert_has(
        &run.stderr,
        "column 'tunniste' differs between the rows of 1 respondents",
    );
    let mut codings = csv::Reader::from_path(out.join("codings.csv")).expect("codings.csv");
    let keys: std::collections::BTreeSet<(String, String)> = codings
        .records()
        .map(|r| {
            let r = r.expect("record");
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    // Every answer keeps its respondent and its row's question: no "7#2".
    let answered: std::collections::BTreeSet<(String, String)> = [
        ("7", "Mikä on toiminut?"),
        ("7", "Mitä kehittäisit?"),
        ("8", "Mikä on toiminut?"),
        ("9", "Mitä kehittäisit?"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert!(keys.is_subset(&answered), "{keys:?}");
    assert_has(&run.stdout, "3 respondents/interviews, 4 answers analysed");

    // The question column named by hand, and counts: every row is counted.
    let renamed = write(
        tmp.path(),
        "pitka2.csv",
        LONG.replacen("kysymys", "kohta", 1),
    );
    let v = json(&[p(&renamed), "--question-col", "kohta"], 0);
    assert_eq!(accounting(&v), [5, 4, 1, 0], "{v}");
    assert_eq!(v["respondents"], 3, "{v}");
    assert_eq!(
        v["answers_per_question"][0]["name"], "Mikä on toiminut?",
        "{v}"
    );
    assert_eq!(v["answers_per_question"][0]["count"], 2, "{v}");
    // Unnamed and not headed like a question: every row its own respondent,
    // as before, with the repeats warned about.
    let v = json(&[p(&renamed)], 0);
    assert_eq!(accounting(&v), [5, 4, 1, 0], "{v}");
    assert_eq!(v["respondents"], 5, "{v}");
    let unnamed = ingest(&[p(&renamed), "--question-col", "puuttuu"]).expect_code(2);
    assert_has(&unnamed.stderr, "--question-col 'puuttuu' is not a column");
    // Named, but no column holds respondent ids: the rows cannot be joined,
    // and the user is told so instead of the option being ignored.
    let no_ids = write(
        tmp.path(),
        "ilman_tunnusta.csv",
        "kysymys,vastaus\nMikä on toiminut?,Ohjaajat kuuntelevat.\n\
         Mitä kehittäisit?,Iltaisin auki.\n",
    );
    let run = ingest(&[p(&no_ids), "--question-col", "kysymys"]).expect_code(0);
    assert_has(&run.stderr, "no column holds respondent ids");
}

#[test]
fn an_identifier_in_a_question_cell_reaches_no_output() {
    // One row per answer: the question comes from a cell, and is
    // pseudonymised as a header would be.
    let tmp = tempdir();
    let file = write(
        tmp.path(),
        "pitka.csv",
        "vastaaja,kysymys,vastaus\n\
         1,Mitä 010190-123A kertoi?,Ohjaajat ovat hyviä ja kuuntelevat.\n\
         1,Muuta?,Vertaistuki auttoi jaksamaan.\n\
         2,Mitä 010190-123A kertoi?,Kahvi on aina hyvää.\n",
    );
    let out = tmp.path().join("out");
    run(&["analyze", p(&file), "--out", p(&out), "--themes", "2"]).expect_code(0);
    for (name, bytes) in crate::util::every_file(&out) {
        let leaked = bytes.windows(11).any(|w| w == b"010190-123A");
        assert!(!leaked, "{name} holds the identity code");
    }
    let md = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    assert_has(&md, "HETU 1");
}

#[test]
fn a_transcript_of_timestamps_alone_is_counted_empty() {
    let tmp = tempdir();
    let file = write(
        tmp.path(),
        "aikaleimat.txt",
        "[00:00:01]\n[00:00:05]\n(00:12)\n",
    );
    let v = json(&[p(&file)], 0);
    assert_eq!(accounting(&v), [1, 0, 1, 0], "{v}");
    let out = tmp.path().join("out");
    let r = run(&["analyze", p(&file), "--out", p(&out)]).expect_code(2);
    assert_has(&r.stderr, "no answers or utterances to analyse");
}

#[test]
fn a_column_differing_on_several_rows_of_one_respondent_counts_them_once() {
    let tmp = tempdir();
    let file = write(
        tmp.path(),
        "pitka.csv",
        "vastaaja,kysymys,vastaus,tunniste\n\
         7,A?,Ohjaajat kuuntelevat aina.,a\n\
         7,B?,Iltaisin saisi olla auki.,b\n\
         7,C?,Lisää retkiä luontoon.,c\n",
    );
    let r = ingest(&[p(&file)]).expect_code(0);
    assert_has(
        &r.stderr,
        "column 'tunniste' differs between the rows of 1 respondents",
    );
}
