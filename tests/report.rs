//! Report writers on a small survey and interview written for these tests:
//! REFI-QDA files validate against the QDA-XML schemas (xmllint), character
//! positions point at the coded text, respondent text is escaped in HTML,
//! Markdown and CSV, and every file but the manifest is byte-identical from
//! run to run.

use crate::util;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use teema::corpus::{Corpus, ReadOptions, Role};
use teema::pipeline::{self, RunManifest};
use teema::report;
use teema::themes::*;

/// A survey with NPS, dates and age groups whose open answers carry markup,
/// spreadsheet formulas and Finnish letters before coded words.
const SURVEY: &str = "\u{feff}Vastaajatunnus;Vastauspäivä;Ikäryhmä;Suosittelisitko? (0–10);Mikä on ollut hyvää?;Mitä pitäisi kehittää?\r\n\
1;2.3.2026;alle 25;9;Vertaistuki on ollut tärkeintä, äänekäs porukka.;Ovet voisi olla auki myös viikonloppuna.\r\n\
2;3.3.2026;25–34;3;<script>alert(\"teema\")</script> Hyvä paikka.;Aukioloajat ovat liian lyhyet, öisin ei pääse mihinkään.\r\n\
3;4.3.2026;65+;10;=cmd|' /C calc'!A0 vertaisryhmä auttoi;Ei mitään.\r\n\
4;5.3.2026;35–49;7;Ryhmässä sai vertaistukea ja kahvia.;Pidempiä aukioloaikoja iltaisin.\r\n\
5;6.3.2026;alle 25;6;Ohjaajat ovat ystävällisiä.;@SUM(1+1) ja -lista: enemmän vertaistukiryhmiä\r\n";

const INTERVIEW: &str = "[00:00:01] H: Kerrotko, mikä täällä on ollut tärkeää?\n\
[00:00:05] V: No se vertaistuki. Ja et ois auki iltasin, se ois kiva.\n\
[00:00:12] H: Entä ohjaajat?\n\
[00:00:15] V: Ohjaajat on ihan ok, mut aukioloajat on lyhyet.\n";

/// Byte spans of the words of `text` that contain `needle` (lower case).
fn word_spans(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if text[s..i].to_lowercase().contains(needle) {
                    spans.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    spans
}

struct Rule {
    id: &'static str,
    label: &'static str,
    parent: Option<&'static str>,
    needle: &'static str,
    whole_answer: bool,
}

const RULES: [Rule; 3] = [
    Rule {
        id: "aukioloajat",
        label: "Aukioloajat",
        parent: None,
        needle: "auki",
        whole_answer: false,
    },
    Rule {
        id: "vertaistuki",
        label: "Vertaistuki",
        parent: None,
        needle: "vertais",
        whole_answer: true,
    },
    Rule {
        id: "vertaistuki.ryhmat",
        label: "Vertaisryhmät",
        parent: Some("vertaistuki"),
        needle: "ryhm",
        whole_answer: false,
    },
];

/// Read the test inputs with teema's readers and code them with three
/// simple word rules into a [`ThemeResult`], as the themes stage would.
pub(crate) fn fixture(dir: &Path) -> (ThemeResult, Corpus) {
    let survey = util::write(dir, "kysely.csv", SURVEY);
    let interview = util::write(dir, "haastattelu.txt", INTERVIEW);
    let corpus = teema::corpus::read_paths(&[survey, interview], &ReadOptions::default())
        .expect("read the test inputs");
    let analysed = |role: Option<Role>| role != Some(Role::Interviewer);
    let ordinals = corpus.unit_ordinals();
    let mut codings = Vec::new();
    for rule in &RULES {
        for (d, doc) in corpus.documents.iter().enumerate() {
            for (i, u) in doc
                .units
                .iter()
                .enumerate()
                .filter(|(_, u)| analysed(u.role))
            {
                let spans = word_spans(&u.text, rule.needle);
                let spans = if rule.whole_answer && !spans.is_empty() {
                    vec![(0, u.text.len())]
                } else {
                    spans
                };
                for (start, end) in spans {
                    codings.push(Coding {
                        document: doc.id.clone(),
                        unit: i,
                        ordinal: Some(ordinals.ordinal(d, i)),
                        question: u.question.clone(),
                        speaker: u.speaker.clone(),
                        theme: (*rule.id).into(),
                        start,
                        end,
                        text: Snippet::new(&u.text, start..end),
                    });
                }
            }
        }
    }
    let answers = corpus.units().filter(|(_, u)| analysed(u.role)).count();
    let respondents = corpus
        .documents
        .iter()
        .filter(|d| d.units.iter().any(|u| analysed(u.role)))
        .count();
    let unit_of = |doc: &str, unit: usize| {
        let n = corpus.documents.iter().position(|d| d.id == doc).unwrap();
        let d = &corpus.documents[n];
        (d, &d.units[unit], ordinals.ordinal(n, unit))
    };
    let quote = |doc: &str, unit: usize| {
        let (d, u, ordinal) = unit_of(doc, unit);
        Quote {
            document: d.id.clone(),
            unit,
            ordinal: Some(ordinal),
            question: u.question.as_deref().map(str::to_string),
            speaker: u.speaker.clone(),
            role: u.role,
            source: corpus.sources[d.source].path.clone(),
            line: u.line,
            span: u.span,
            text: u.text.to_string(),
            score: 1.0,
        }
    };
    let mut by_theme: BTreeMap<&str, Vec<(String, usize)>> = BTreeMap::new();
    for c in &codings {
        let v = by_theme.entry(&*c.theme).or_default();
        if !v.contains(&(c.document.clone(), c.unit)) {
            v.push((c.document.clone(), c.unit));
        }
    }
    let themes: Vec<Theme> = RULES
        .iter()
        .map(|r| {
            let units = by_theme.get(r.id).cloned().unwrap_or_default();
            let docs: std::collections::BTreeSet<&String> = units.iter().map(|(d, _)| d).collect();
            let cooccurring = RULES
                .iter()
                .filter(|o| o.id != r.id)
                .filter_map(|o| {
                    let other = by_theme.get(o.id)?;
                    let n = units.iter().filter(|u| other.contains(u)).count();
                    (n > 0).then(|| Cooccurrence {
                        theme: o.id.to_string(),
                        answers: n,
                        respondents: n,
                    })
                })
                .collect();
            Theme {
                id: r.id.to_string(),
                label: r.label.to_string(),
                description: Some(format!(
                    "Vastaukset, joissa on sana, jossa on ”{}”.",
                    r.needle
                )),
                parent: r.parent.map(str::to_string),
                lemmas: vec![Term {
                    term: r.needle.to_string(),
                    score: 1.0,
                }],
                parts: vec![],
                bigrams: vec![],
                distinguishing: vec![Term {
                    term: r.needle.to_string(),
                    score: 3.2,
                }],
                answers: units.len(),
                answer_share: units.len() as f64 / answers as f64,
                respondents: docs.len(),
                respondent_share: docs.len() as f64 / respondents as f64,
                quotes: units.iter().take(4).map(|(d, u)| quote(d, *u)).collect(),
                cooccurring,
            }
        })
        .collect();
    let coded: Vec<(String, usize)> = by_theme.values().flatten().cloned().collect();
    let unassigned: Vec<(String, usize)> = corpus
        .documents
        .iter()
        .flat_map(|d| d.units.iter().enumerate().map(move |(i, u)| (d, i, u)))
        .filter(|(d, i, u)| analysed(u.role) && !coded.contains(&(d.id.clone(), *i)))
        .map(|(d, i, _)| (d.id.clone(), i))
        .collect();
    let rows = themes
        .iter()
        .enumerate()
        .map(|(i, t)| CrossTabRow {
            theme: t.id.clone(),
            counts: vec![1, 0, t.respondents.saturating_sub(1)],
            row_shares: vec![0.5, 0.0, 0.5],
            column_shares: vec![0.5, 0.0, 0.67],
            residuals: vec![2.4 - i as f64, -0.4, -2.2 + i as f64],
            chi_square: 6.1,
            df: 2,
            p_value: 0.047,
        })
        .collect();
    let result = ThemeResult {
        schema_version: SCHEMA_VERSION,
        params: RunParams {
            method: Method::Codebook,
            algorithm: "codebook rules".into(),
            algorithm_fi: "koodikirjan säännöt".into(),
            seed: 7,
            k_requested: None,
            k: 2,
            codebook: Some(PathBuf::from("testi.toml")),
            include_interviewer: false,
            lemmatizer: "builtin".into(),
            by: vec!["Ikäryhmä".into()],
            sources: corpus.sources.iter().map(|s| s.path.clone()).collect(),
            teema_version: "0.1.0".into(),
            pseudonymised: None,
            partial_sources: Vec::new(),
            refine: None,
        },
        overview: Overview {
            documents: corpus.documents.len(),
            respondents,
            answers,
            excluded_interviewer_turns: corpus.unit_count() - answers,
            questions: vec![
                QuestionCount {
                    question: "Mikä on ollut hyvää?".into(),
                    answers: 5,
                },
                QuestionCount {
                    question: "Mitä pitäisi kehittää?".into(),
                    answers: 5,
                },
            ],
            nps: Some(NpsSummary {
                column: "Suosittelisitko? (0–10)".into(),
                responses: 5,
                mean: 7.0,
                distribution: vec![0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1],
                detractors: 2,
                passives: 1,
                promoters: 2,
                nps: 0.0,
            }),
        },
        themes,
        unassigned: Unassigned {
            answers: unassigned.len(),
            share: unassigned.len() as f64 / answers as f64,
            examples: unassigned
                .iter()
                .take(3)
                .map(|(d, u)| quote(d, *u))
                .collect(),
        },
        crosstabs: vec![CrossTab {
            column: "nps_group".into(),
            kind: "nps_group".into(),
            counted: "respondents".into(),
            categories: vec!["detractor".into(), "passive".into(), "promoter".into()],
            totals: vec![2, 1, 2],
            rows,
            chi_square: 7.3,
            df: 4,
            p_value: 0.12,
        }],
        codings,
        agreement: None,
    };
    (result, corpus)
}

/// Validate `xml` against the schema `xsd` with xmllint; panics with its
/// output. Without xmllint the check says SKIPPED on stderr (the rest of
/// the test still runs), unless `TEEMA_REQUIRE_XMLLINT=1` (as in .ci/run).
pub(crate) fn validate(xml: &Path, xsd: &str) {
    let schema = util::root().join("tests/data/refi").join(xsd);
    let out = match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(xml)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            let msg = format!(
                "SKIPPED validating {} against {xsd}: cannot run xmllint ({e}); \
                 apt-get install libxml2-utils",
                xml.display()
            );
            if std::env::var("TEEMA_REQUIRE_XMLLINT").as_deref() == Ok("1") {
                panic!("{msg}; TEEMA_REQUIRE_XMLLINT=1 requires it");
            }
            eprintln!("{msg}");
            return;
        }
    };
    assert!(
        out.status.success(),
        "{} does not validate against {xsd}:\n{}",
        xml.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("project.qdpx is a zip");
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        files.insert(f.name().unwrap().to_string(), s);
    }
    files
}

/// The value of attribute `name` in an XML start tag.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    &tag[at..at + tag[at..].find('"').unwrap()]
}

#[test]
fn refi_files_validate_against_the_qda_xml_schemas() {
    let dir = util::tempdir();
    let (result, corpus) = fixture(dir.path());
    let qdpx = report::qdpx::render(&result, &corpus).unwrap();
    let files = unzip(&qdpx);
    let qde = files
        .get("project.qde")
        .expect("project.qde in the archive");
    let qde_path = util::write(dir.path(), "project.qde", qde);
    validate(&qde_path, "Project.xsd");
    let qdc_path = util::write(dir.path(), "codebook.qdc", report::qdc::render(&result));
    validate(&qdc_path, "Codebook.xsd");

    // One source per survey answer (10) and one per interview.
    assert_eq!(qde.matches("<TextSource ").count(), 11, "{qde}");
    assert_eq!(
        files.keys().filter(|k| k.starts_with("sources/")).count(),
        11
    );
    // Cases carry typed closed answers.
    assert!(
        qde.contains("typeOfVariable=\"Integer\""),
        "NPS as Integer:\n{qde}"
    );
    assert!(
        qde.contains("<DateValue>2026-03-02</DateValue>"),
        "dates as Date:\n{qde}"
    );
    assert!(qde.contains("<TextValue>alle 25</TextValue>"));
    // The subtheme is nested in its parent.
    let parent = qde.find("name=\"Vertaistuki\"").unwrap();
    let child = qde.find("name=\"Vertaisryhmät\"").unwrap();
    assert!(
        parent < child && !qde[parent..child].contains("</Code>"),
        "nesting:\n{qde}"
    );
}

/// Run `cmd` on an archive, or say SKIPPED when the tool is not there.
fn other_reader(cmd: &mut Command, what: &str) {
    match cmd.output() {
        Ok(out) => assert!(
            out.status.success(),
            "{what} rejects project.qdpx:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => eprintln!("SKIPPED checking project.qdpx with {what}: {e}"),
    }
}

#[test]
fn qdpx_in_many_pieces_holds_the_same_files_at_any_thread_count() {
    let dir = util::tempdir();
    let (result, corpus) = fixture(dir.path());
    let whole = unzip(&report::qdpx::render(&result, &corpus).unwrap());
    assert!(
        whole.len() > 3,
        "project.qde and sources: {:?}",
        whole.keys()
    );
    for per_piece in [1, 2, 5] {
        let bytes = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let out = std::io::Cursor::new(Vec::new());
                report::qdpx::write_in(&result, &corpus, out, per_piece)
                    .unwrap()
                    .into_inner()
            })
        };
        let one = bytes(1);
        assert!(
            one == bytes(3),
            "{per_piece} per piece: the bytes depend on the thread count"
        );
        assert!(
            unzip(&one) == whole,
            "{per_piece} per piece: other files than in one piece"
        );
        let path = util::write(dir.path(), &format!("pieces-{per_piece}.qdpx"), &one);
        other_reader(Command::new("unzip").arg("-tq").arg(&path), "unzip -t");
        other_reader(
            Command::new("python3")
                .arg("-c")
                .arg("import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None)")
                .arg(&path),
            "Python's zipfile",
        );
    }
}

/// Check that every selection of project.qdpx, read as character
/// positions into its source text, is exactly the coded text.
fn assert_selections_match(result: &ThemeResult, corpus: &Corpus) {
    let files = unzip(&report::qdpx::render(result, corpus).unwrap());
    let qde = &files["project.qde"];
    let mut checked = 0;
    for source in qde.split("<TextSource ").skip(1) {
        let path = attr(source, "plainTextPath").trim_start_matches("internal://");
        let text: Vec<char> = files[&format!("sources/{path}")].chars().collect();
        for sel in source.split("<PlainTextSelection ").skip(1) {
            let start: usize = attr(sel, "startPosition").parse().unwrap();
            let end: usize = attr(sel, "endPosition").parse().unwrap();
            let name = attr(sel, "name")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&#10;", "\n")
                .replace("&#13;", "\r")
                .replace("&#9;", "\t")
                .replace("&amp;", "&");
            let got: String = text[start..end].iter().collect();
            assert_eq!(got, name, "selection {start}..{end} in {path}");
            checked += sel.matches("<Coding ").count();
        }
    }
    assert_eq!(
        checked,
        result.codings.len(),
        "every coding is in a selection"
    );
    let mut guids: Vec<&str> = qde.split(" guid=\"").skip(1).map(|g| &g[..36]).collect();
    let n = guids.len();
    guids.sort_unstable();
    guids.dedup();
    assert_eq!(guids.len(), n, "GUIDs are unique");
}

#[test]
fn refi_selections_are_character_positions_into_the_sources() {
    let dir = util::tempdir();
    let (result, corpus) = fixture(dir.path());
    assert_selections_match(&result, &corpus);
    // `öisin` and `äänekäs` come before coded words: bytes ≠ characters there.
    assert!(
        result
            .codings
            .iter()
            .any(|c| c.text.starts_with("Aukioloajat"))
    );
}

/// The corpora/ survey and interviews through teema's own themes stage
/// (built-in lemmatiser, so the result does not depend on Voikko): theme
/// discovery, or coding with corpora/koodikirja.toml.
pub(crate) fn corpora_result() -> (ThemeResult, Corpus) {
    corpora_run(false)
}

/// [`corpora_result`] with the example codebook.
pub(crate) fn corpora_codebook_result() -> (ThemeResult, Corpus) {
    corpora_run(true)
}

fn corpora_run(codebook: bool) -> (ThemeResult, Corpus) {
    let corpus = teema::corpus::read_paths(
        &[
            util::corpora("palautekysely.csv"),
            util::corpora("haastattelut"),
        ],
        &ReadOptions::default(),
    )
    .expect("read corpora/");
    let analyzer = teema::text::Analyzer::new(teema::text::AnalyzerConfig {
        builtin_only: true,
        ..Default::default()
    })
    .unwrap();
    let codebook = codebook.then(|| {
        Codebook::load(&util::corpora("koodikirja.toml"), &analyzer)
            .expect("corpora/koodikirja.toml")
    });
    let options = ThemeOptions {
        codebook,
        by: vec!["Ikäryhmä".into()],
        ..Default::default()
    };
    let result = teema::themes::run(&corpus, &analyzer, &options).expect("themes of corpora/");
    (result, corpus)
}

#[test]
fn corpora_reports_validate_and_show_themes_quotes_and_the_nps_crosstab() {
    corpora_reports(corpora_result());
    corpora_reports(corpora_codebook_result());
}

fn corpora_reports((result, corpus): (ThemeResult, Corpus)) {
    let tmp = util::tempdir();
    // TEEMA_REPORT_OUT=dir keeps the reports to look at.
    let dir = std::env::var_os("TEEMA_REPORT_OUT").map(PathBuf::from);
    let dir = dir.as_deref().unwrap_or(tmp.path());
    let mut manifest = RunManifest::new(&result, &corpus);
    pipeline::write_reports(dir, &result, &corpus, &mut manifest, None).unwrap();
    let qdpx = std::fs::read(dir.join("project.qdpx")).unwrap();
    let qde = util::write(dir, "project.qde", &unzip(&qdpx)["project.qde"]);
    validate(&qde, "Project.xsd");
    validate(&dir.join("codebook.qdc"), "Codebook.xsd");
    assert_selections_match(&result, &corpus);

    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!result.themes.is_empty());
    for theme in &result.themes {
        assert!(
            html.contains(&teema::escape::html(&theme.label)),
            "{}",
            theme.label
        );
    }
    assert!(html.matches("class=\"quote\"").count() >= result.themes.len());
    assert!(html.contains("NPS-ryhmä") && html.contains("suosittelijat (9–10)"));
    assert!(html.contains("Ikäryhmä"));
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(md.contains("### NPS-ryhmä") && md.contains("NPS +"));
    // The Finnish report names its method in Finnish; the HTML has both
    // languages, themes.json keeps the English.
    let method = md
        .lines()
        .find(|l| l.starts_with("Aineisto:"))
        .expect("the method line");
    let finnish = if result.params.method == teema::themes::Method::Codebook {
        "koodikirjan säännöt"
    } else {
        "lauseittainen pallomainen k-means"
    };
    assert!(method.contains(finnish), "{method}");
    assert!(
        !method.contains("spherical") && !method.contains("codebook rules"),
        "{method}"
    );
    assert!(html.contains(&teema::escape::html(&result.params.algorithm)));
    assert!(html.contains(&teema::escape::html(&result.params.algorithm_fi)));
    let codings = std::fs::read(dir.join("codings.csv")).unwrap();
    let rows = csv::Reader::from_reader(codings.as_slice())
        .records()
        .count();
    assert_eq!(rows, result.codings.len());
}

#[test]
fn respondent_text_is_escaped_in_html_markdown_and_csv() {
    let dir = util::tempdir();
    let (result, corpus) = fixture(dir.path());
    let html = report::html::render(&result);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the report's own script"
    );
    assert!(html.contains("&lt;script&gt;alert(&quot;teema&quot;)&lt;/script&gt;"));
    assert!(html.contains("=cmd|&#39; /C calc&#39;!A0"));

    let md = report::markdown::render(&result);
    assert!(!md.contains("<script"), "raw markup in report.md");
    assert!(md.contains("&lt;script&gt;alert(\"teema\")&lt;/script&gt;"));
    assert!(
        md.contains("\\=cmd\\|"),
        "formula start and table pipe escaped"
    );

    let csv = report::csv::codings(&result, &corpus).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_slice());
    let mut formula_cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "cell a spreadsheet would run: {cell:?}"
            );
            if cell.starts_with("'=cmd|") || cell.starts_with("'@SUM") {
                formula_cells += 1;
            }
        }
    }
    assert!(
        formula_cells >= 2,
        "the formula answers are in codings.csv, neutralised"
    );
    let crosstab = report::csv::crosstab(&result).unwrap();
    let text = String::from_utf8(crosstab).unwrap();
    assert!(
        text.contains(",-2.200000,1,"),
        "negative residuals stay numbers:\n{text}"
    );
}

#[test]
fn csv_positions_are_characters_of_the_answer() {
    let dir = util::tempdir();
    let (result, corpus) = fixture(dir.path());
    let csv = report::csv::codings(&result, &corpus).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_slice());
    let mut seen = 0;
    for record in reader.records() {
        let r = record.unwrap();
        if &r[7] == "Aukioloajat" {
            // "Aukioloajat ovat…" starts its answer; "öisin" later does not shift it.
            assert_eq!((&r[5], &r[6]), ("0", "11"));
            seen += 1;
        }
        if &r[7] == "vertaistukiryhmiä" {
            // After "@SUM(1+1) ja -lista: enemmän ": 29 characters, 30 bytes.
            assert_eq!(&r[5], "29");
            seen += 1;
        }
    }
    assert_eq!(seen, 2, "both spans found");
}

/// The report stage returns what it wrote (each file's name, size and
/// SHA-256) and writes no manifest.json: the run record is the pipeline's,
/// and lists the very same files.
#[test]
fn the_report_stage_returns_what_it_wrote_and_the_pipeline_records_it() {
    let dir = util::tempdir();
    let (result, corpus) = fixture(dir.path());
    let alone = dir.path().join("alone");
    let outputs = report::write_all(&alone, &result, &corpus).unwrap();
    let names: Vec<&str> = outputs.iter().map(|o| o.file.as_str()).collect();
    assert_eq!(
        names,
        report::REPORT_FILES[..report::REPORT_FILES.len() - 1]
    );
    for o in &outputs {
        let (bytes, sha256) = teema::output::hash_file(&alone.join(&o.file)).unwrap();
        assert_eq!(
            (o.bytes, o.sha256.as_str()),
            (bytes, sha256.as_str()),
            "{}",
            o.file
        );
    }
    assert!(
        !alone.join("manifest.json").exists(),
        "the report wrote a run record"
    );
    let recorded = dir.path().join("recorded");
    let mut manifest = RunManifest::new(&result, &corpus);
    let written =
        pipeline::write_reports(&recorded, &result, &corpus, &mut manifest, None).unwrap();
    assert_eq!(written.last(), Some(&recorded.join("manifest.json")));
    let record: RunManifest =
        serde_json::from_slice(&std::fs::read(recorded.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        record.outputs, outputs,
        "the record lists what the report wrote"
    );
    let stages: Vec<&str> = record.stages.iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(stages, ["report"]);
}

#[test]
fn reports_are_byte_identical_from_run_to_run() {
    let a = util::tempdir();
    let b = util::tempdir();
    let (ra, ca) = fixture(a.path());
    let (rb, cb) = fixture(b.path());
    let out_a = a.path().join("out");
    let out_b = b.path().join("out");
    let mut ma = RunManifest::new(&ra, &ca);
    let mut mb = RunManifest::new(&rb, &cb);
    let written = pipeline::write_reports(&out_a, &ra, &ca, &mut ma, None).unwrap();
    pipeline::write_reports(&out_b, &rb, &cb, &mut mb, None).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, report::REPORT_FILES);
    for name in &names[..names.len() - 1] {
        let x = std::fs::read(out_a.join(name)).unwrap();
        let y = std::fs::read(out_b.join(name)).unwrap();
        // Paths differ between the two temp dirs; compare with them removed.
        let strip = |bytes: Vec<u8>, dir: &Path| {
            let text = if name.ends_with(".qdpx") {
                format!("{:?}", unzip(&bytes))
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            text.replace(&dir.display().to_string(), "DIR").into_bytes()
        };
        assert!(
            strip(x, a.path()) == strip(y, b.path()),
            "{name} differs between two runs on the same input"
        );
    }
    // The same result twice in one place gives the very same bytes, qdpx included.
    let first = report::render_all(&ra, &ca).unwrap();
    let second = report::render_all(&ra, &ca).unwrap();
    assert!(first == second, "render_all is not deterministic");
    let manifest: serde_json::Value = crate::util::manifest(&out_a);
    assert_eq!(manifest["outputs"].as_array().unwrap().len(), 7);
    assert_eq!(manifest["parameters"]["seed"], 7);
    assert_eq!(manifest["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn report_command_names_what_is_missing() {
    let dir = util::tempdir();
    let run = util::run(&["report", dir.path().to_str().unwrap()]).expect_code(2);
    assert!(
        run.stderr.contains("themes.json") && run.stderr.contains("teema analyze"),
        "{}",
        run.stderr
    );
    util::write(
        dir.path(),
        "themes.json",
        "{\"schema_version\": 1,\n \"params\": 3}",
    );
    let run = util::run(&["report", dir.path().to_str().unwrap()]).expect_code(2);
    assert!(
        run.stderr.contains("themes.json:2:") && run.stderr.contains("not a teema themes.json"),
        "{}",
        run.stderr
    );
    let analysis = util::tempdir();
    let (result, corpus) = fixture(analysis.path());
    let mut manifest = RunManifest::new(&result, &corpus);
    pipeline::write_reports(analysis.path(), &result, &corpus, &mut manifest, None).unwrap();
    let run = util::run(&["report", analysis.path().to_str().unwrap()]).expect_code(2);
    assert!(
        run.stderr.contains("index: missing") && run.stderr.contains("teema analyze"),
        "{}",
        run.stderr
    );
    let missing = dir.path().join("ei-ole");
    let run = util::run(&["report", missing.to_str().unwrap()]).expect_code(2);
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);
}

/// Measurement, not a check (ignored by default): the report writers on a
/// large input. `TEEMA_SCALE_INPUT=file.tsv TEEMA_SCALE_BY=puolue,answer
/// cargo test --release --test tests report::scale -- --ignored --nocapture`
/// prints the time of each writer and the size of each file.
#[test]
#[ignore]
fn scale_of_the_writers_on_a_given_input() {
    let Some(input) = std::env::var_os("TEEMA_SCALE_INPUT") else {
        eprintln!("set TEEMA_SCALE_INPUT to a survey or utterance table");
        return;
    };
    let corpus = teema::corpus::read_paths(&[PathBuf::from(input)], &ReadOptions::default())
        .expect("read TEEMA_SCALE_INPUT");
    let analyzer = teema::text::Analyzer::new(teema::text::AnalyzerConfig::default()).unwrap();
    let by = std::env::var("TEEMA_SCALE_BY").unwrap_or_default();
    let options = ThemeOptions {
        by: by
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let result = teema::themes::run(&corpus, &analyzer, &options).unwrap();
    eprintln!(
        "themes: {:.2} s ({} answers, {} themes, {} codings, {} cross-tabs)",
        t.elapsed().as_secs_f64(),
        result.overview.answers,
        result.themes.len(),
        result.codings.len(),
        result.crosstabs.len()
    );
    let time = |name: &str, f: &dyn Fn() -> usize| {
        let t = std::time::Instant::now();
        let bytes = f();
        eprintln!(
            "{name:>13}: {:7.3} s {bytes:>10} bytes",
            t.elapsed().as_secs_f64()
        );
    };
    time("themes.json", &|| {
        report::json::render(&result).unwrap().len()
    });
    time("report.html", &|| report::html::render(&result).len());
    time("report.md", &|| report::markdown::render(&result).len());
    time("codings.csv", &|| {
        report::csv::codings(&result, &corpus).unwrap().len()
    });
    time("crosstab.csv", &|| {
        report::csv::crosstab(&result).unwrap().len()
    });
    time("codebook.qdc", &|| report::qdc::render(&result).len());
    time("project.qde", &|| {
        report::qdpx::project(&result, &corpus).unwrap().0.len()
    });
    time("project.qdpx", &|| {
        report::qdpx::render(&result, &corpus).unwrap().len()
    });
    let dir = util::tempdir();
    let mut manifest = RunManifest::new(&result, &corpus);
    let t = std::time::Instant::now();
    pipeline::write_reports(dir.path(), &result, &corpus, &mut manifest, None).unwrap();
    eprintln!("    write_all: {:7.3} s", t.elapsed().as_secs_f64());
    let qdpx = std::fs::read(dir.path().join("project.qdpx")).unwrap();
    let qde = util::write(dir.path(), "project.qde", &unzip(&qdpx)["project.qde"]);
    validate(&qde, "Project.xsd");
    validate(&dir.path().join("codebook.qdc"), "Codebook.xsd");
    assert_selections_match(&result, &corpus);
}

#[test]
fn report_command_regenerates_the_same_reports_from_an_analysis() {
    let dir = util::tempdir();
    let out = dir.path().join("analyysi");
    let out_s = out.to_str().unwrap();
    let codebook = util::corpora("koodikirja.toml");
    util::run(&[
        "--builtin",
        "analyze",
        util::corpora("palautekysely.csv").to_str().unwrap(),
        "--codebook",
        codebook.to_str().unwrap(),
        "--by",
        "Ikäryhmä",
        "--out",
        out_s,
    ])
    .expect_code(0);
    let before: Vec<Vec<u8>> = report::REPORT_FILES
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    let run = util::run(&["report", out_s]).expect_code(0);
    assert!(run.stdout.contains("files written"), "{}", run.stdout);
    let again = dir.path().join("uudestaan");
    util::run(&["report", out_s, "--out", again.to_str().unwrap()]).expect_code(0);
    for (name, old) in report::REPORT_FILES.iter().zip(&before) {
        if *name == "manifest.json" {
            continue;
        }
        for place in [&out, &again] {
            let new = std::fs::read(place.join(name)).unwrap();
            assert!(
                &new == old,
                "{name} in {} differs from the analysis",
                place.display()
            );
        }
    }
    let manifest: serde_json::Value = crate::util::manifest(&again);
    let stages: Vec<&str> = crate::util::stages(&manifest);
    assert!(
        stages.contains(&"index") && stages.contains(&"report"),
        "{stages:?}"
    );
}

/// An index updated with a second file whose respondents are numbered
/// from 1 again holds two documents with the id `1`, and here both answers
/// have `Hyvä` at the same place. Each coding names its answer by its
/// ordinal, so project.qdpx codes each answer with its own theme. (Before,
/// the report took "the first document with the id whose answer holds the
/// coded text at the coded span", and put the second answer's `ruoka`
/// coding of `Hyvä` on the first answer.)
#[test]
fn codings_stay_on_their_answer_where_documents_share_an_id() {
    let dir = util::tempdir();
    let a = util::write(
        dir.path(),
        "kevat.csv",
        "Tunnus;Vastaus\n1;Hyvä palvelu ja mukava henkilökunta.\n",
    );
    let b = util::write(
        dir.path(),
        "syksy.csv",
        "Tunnus;Vastaus\n1;Hyvä ruoka ja mukava henkilökunta.\n",
    );
    let codebook = util::write(
        dir.path(),
        "koodit.toml",
        "[[theme]]\nname = \"palvelu\"\nrule = 'hyvä AND palvelu'\n\n\
         [[theme]]\nname = \"ruoka\"\nrule = 'hyvä AND ruoka'\n",
    );
    let index = dir.path().join("indeksi");
    for file in [&a, &b] {
        util::run(&[
            "--builtin",
            "index",
            file.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ])
        .expect_code(0);
    }
    let corpus = teema::index::load_corpus(&index).unwrap();
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["1", "1"], "the index keeps both ids as read");
    let analyzer = teema::text::Analyzer::new(teema::text::AnalyzerConfig {
        builtin_only: true,
        ..Default::default()
    })
    .unwrap();
    let options = ThemeOptions {
        codebook: Some(Codebook::load(&codebook, &analyzer).unwrap()),
        ..Default::default()
    };
    let result = teema::themes::run(&corpus, &analyzer, &options).unwrap();
    let coded: Vec<(Option<usize>, &str, &str)> = result
        .codings
        .iter()
        .map(|c| (c.ordinal, &*c.theme, c.text.as_str()))
        .collect();
    assert_eq!(
        coded,
        [
            (Some(0), "palvelu", "Hyvä"),
            (Some(0), "palvelu", "palvelu"),
            (Some(1), "ruoka", "Hyvä"),
            (Some(1), "ruoka", "ruoka"),
        ]
    );
    let (qde, _) = report::qdpx::project(&result, &corpus).unwrap();
    let code_of = |theme: &str| {
        let at = qde.find(&format!("name=\"{theme}\"")).unwrap();
        let tag = &qde[qde[..at].rfind('<').unwrap()..];
        attr(tag, "guid").to_string()
    };
    let (palvelu, ruoka) = (code_of("palvelu"), code_of("ruoka"));
    // The codes referred to in each answer's source, in document order.
    let sources: Vec<(usize, usize)> = qde
        .split("<TextSource ")
        .skip(1)
        .map(|source| {
            let source = &source[..source.find("</TextSource>").unwrap()];
            (
                source.matches(&palvelu).count(),
                source.matches(&ruoka).count(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [(2, 0), (0, 2)],
        "palvelu twice in the first answer, ruoka twice in the second"
    );
    // The HTML report marks each quote with its own answer's codings.
    let html = report::html::render(&result);
    assert!(
        html.contains("<mark>Hyvä</mark> <mark>palvelu</mark>"),
        "{html}"
    );
    assert!(
        html.contains("<mark>Hyvä</mark> <mark>ruoka</mark>"),
        "{html}"
    );
}

/// `teema report` on an analysis whose themes.json was written before
/// teema recorded each answer's ordinal: the ordinals come from the
/// analysis's index (document ids there are unique), and every report is
/// as before.
#[test]
fn report_command_numbers_the_answers_of_an_older_themes_json() {
    let dir = util::tempdir();
    let out = dir.path().join("analyysi");
    let out_s = out.to_str().unwrap();
    util::run(&[
        "--builtin",
        "analyze",
        util::corpora("palautekysely.csv").to_str().unwrap(),
        "--out",
        out_s,
    ])
    .expect_code(0);
    let themes = std::fs::read_to_string(out.join("themes.json")).unwrap();
    assert!(themes.contains("\"ordinal\": "), "themes.json has ordinals");
    let older: String = themes
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"ordinal\": "))
        .map(|l| format!("{l}\n"))
        .collect();
    let older_dir = dir.path().join("vanha");
    std::fs::create_dir(&older_dir).unwrap();
    std::fs::write(older_dir.join("themes.json"), &older).unwrap();
    for name in ["manifest.json", "index"] {
        std::fs::rename(out.join(name), older_dir.join(name)).unwrap();
    }
    let again = dir.path().join("uudestaan");
    util::run(&[
        "report",
        older_dir.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ])
    .expect_code(0);
    for name in report::REPORT_FILES {
        if name == "manifest.json" || name == "themes.json" {
            continue;
        }
        assert!(
            std::fs::read(out.join(name)).unwrap() == std::fs::read(again.join(name)).unwrap(),
            "{name} differs from the analysis's"
        );
    }
    assert_eq!(
        std::fs::read_to_string(again.join("themes.json")).unwrap(),
        older,
        "themes.json is kept as it was"
    );
}

/// The test reports against their golden copies in tests/data/report/
/// (temporary paths written as `DIR`). After a deliberate change, review
/// the difference and rewrite them with
/// `TEEMA_BLESS=1 cargo test --test tests report::golden`.
#[test]
fn golden_reports_are_unchanged() {
    let dir = util::tempdir();
    let (result, corpus) = fixture(dir.path());
    let qdpx = report::qdpx::render(&result, &corpus).unwrap();
    let files: [(&str, Vec<u8>); 6] = [
        ("report.md", report::markdown::render(&result).into_bytes()),
        ("report.html", report::html::render(&result).into_bytes()),
        (
            "codings.csv",
            report::csv::codings(&result, &corpus).unwrap(),
        ),
        ("crosstab.csv", report::csv::crosstab(&result).unwrap()),
        ("codebook.qdc", report::qdc::render(&result).into_bytes()),
        (
            "project.qde",
            unzip(&qdpx)["project.qde"].clone().into_bytes(),
        ),
    ];
    let golden = util::root().join("tests/data/report");
    let bless = std::env::var("TEEMA_BLESS").as_deref() == Ok("1");
    let tmp = dir.path().display().to_string();
    let mut stale = Vec::new();
    for (name, bytes) in files {
        let text = String::from_utf8(bytes).unwrap().replace(&tmp, "DIR");
        let path = golden.join(name);
        if bless {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != text {
            let line = want
                .split('\n')
                .zip(text.split('\n'))
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(text.lines().count()));
            stale.push(format!(
                "{name}:{}: golden {:?}\n{:>width$}   now {:?}",
                line + 1,
                want.split('\n').nth(line).unwrap_or(""),
                "",
                text.split('\n').nth(line).unwrap_or(""),
                width = name.len()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "reports differ from tests/data/report/ (if the change is meant, rewrite them: \
         TEEMA_BLESS=1 cargo test --test tests report::golden):\n{}",
        stale.join("\n")
    );
}
