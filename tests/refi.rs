//! REFI-QDA projects read back: teema's own project.qdpx of the feedback
//! survey (the same sources, cases, variables and coded spans as the
//! analysis), a project written by hand in another layout (valid against
//! Project.xsd: two coders, nested codes, inline and archived texts), and
//! projects that contradict themselves.

use crate::util::{corpora, p, root, run, tempdir, write};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn json(args: &[&str]) -> Value {
    let r = run(args).expect_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// The hand-written project's folder.
fn library() -> PathBuf {
    root().join("tests/data/refi/kirjastokysely")
}

/// Zip `project.qde` (after `edit`) and the files under `sources/` of
/// the hand-written project, leaving out the source files `leave_out`.
pub(crate) fn qdpx(
    dir: &Path,
    name: &str,
    edit: impl Fn(String) -> String,
    leave_out: &[&str],
) -> PathBuf {
    let qde = std::fs::read_to_string(library().join("project.qde")).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("project.qde", options).unwrap();
    w.write_all(edit(qde).as_bytes()).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(library().join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let file = f.file_name().unwrap().to_str().unwrap().to_string();
        if leave_out.contains(&file.as_str()) {
            continue;
        }
        w.start_file(format!("sources/{file}"), options).unwrap();
        w.write_all(&std::fs::read(&f).unwrap()).unwrap();
    }
    write(dir, name, w.finish().unwrap().into_inner())
}

#[test]
fn teemas_own_project_reads_back_with_the_same_sources_variables_and_spans() {
    let dir = tempdir();
    let out = dir.path().join("A");
    let survey = corpora("palautekysely.csv");
    run(&["analyze", p(&survey), "--out", p(&out)]).expect_code(0);
    let project = out.join("project.qdpx");
    let csv = json(&["ingest", p(&survey), "--json"]);
    let back = json(&["ingest", p(&project), "--json"]);
    assert_eq!(back["files"][0]["format"], "qdpx");
    for key in ["respondents", "answers_per_question", "accounting"] {
        assert_eq!(back[key], csv[key], "{key}");
    }
    let closed = csv["files"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] != "id" && c["kind"] != "open")
        .count();
    let refi = &back["files"][0]["refi"];
    assert_eq!(refi["cases"], 300, "{refi}");
    assert_eq!(refi["sources"], 524, "{refi}");
    assert_eq!(refi["variables"].as_u64(), Some(closed as u64), "{refi}");
    assert_eq!(
        back["files"][0]["columns"].as_array().unwrap().len(),
        closed
    );

    // Every coded span of codings.csv, and no other, at the same offsets.
    let mut rows = csv::Reader::from_path(out.join("codings.csv")).unwrap();
    let mut want: BTreeSet<(String, String, usize, usize, String)> = BTreeSet::new();
    for r in rows.records() {
        let r = r.unwrap();
        want.insert((
            r[0].to_string(),
            r[1].to_string(),
            r[5].parse().unwrap(),
            r[6].parse().unwrap(),
            r[4].to_string(),
        ));
    }
    let bytes = std::fs::read(&project).unwrap();
    let read = teema::corpus::refi::read_project(&project, &bytes).unwrap();
    let names = read.code_names();
    let mut got = BTreeSet::new();
    for a in read.answers() {
        for sel in &read.sources[a.source].selections {
            for &(code, _) in &sel.codings {
                got.insert((
                    a.respondent.clone(),
                    a.question.clone().unwrap_or_default(),
                    sel.start,
                    sel.end,
                    names[code].clone(),
                ));
            }
        }
    }
    assert!(!want.is_empty());
    assert_eq!(got, want);
    let spans: BTreeSet<_> = want.iter().map(|w| (&w.0, &w.1, w.2, w.3)).collect();
    assert_eq!(refi["selections"].as_u64(), Some(spans.len() as u64));

    // The project agrees fully with the analysis it came from.
    let j = json(&[
        "eval",
        "codings",
        p(&out),
        p(&project),
        "--json",
        "--resamples",
        "50",
    ]);
    assert_eq!(j["b"]["kind"], "refi");
    assert_eq!(j["all"]["units"], 524);
    for o in [&j["all"], &j["coded"]] {
        assert_eq!(o["mean_f1"], 1.0, "{o}");
        assert_eq!(o["pooled"]["kappa"], 1.0, "{o}");
        assert_eq!(o["pooled"]["alpha"], 1.0, "{o}");
    }
}

#[test]
fn teemas_own_project_of_interviews_reads_back_as_the_same_interviews() {
    let dir = tempdir();
    let out = dir.path().join("A");
    let interviews = corpora("haastattelut");
    run(&["analyze", p(&interviews), "--out", p(&out)]).expect_code(0);
    let project = out.join("project.qdpx");
    let read = json(&["ingest", p(&interviews), "--json"]);
    let back = json(&["ingest", p(&project), "--json"]);
    for key in [
        "interviews",
        "respondents",
        "utterances_per_speaker",
        "utterances_per_role",
        "speakers_per_interview",
        "accounting",
    ] {
        assert_eq!(back[key], read[key], "{key}");
    }
    assert_eq!(back["interviews"], 4);
    let j = json(&[
        "eval",
        "codings",
        p(&out),
        p(&project),
        "--json",
        "--resamples",
        "0",
    ]);
    assert_eq!(j["all"]["units"], 4);
    assert_eq!(j["all"]["mean_f1"], 1.0, "{j}");
    // κ is undefined where every interview holds every theme; then no
    // decision differs either.
    let pooled = &j["all"]["pooled"];
    assert!(pooled["kappa"] == 1.0 || pooled["kappa"].is_null(), "{j}");
    assert_eq!(
        (pooled["only_a"].clone(), pooled["only_b"].clone()),
        (0.into(), 0.into()),
        "{j}"
    );
}

#[test]
fn a_hand_written_project_in_another_layout_is_read() {
    let dir = tempdir();
    crate::report::validate(&library().join("project.qde"), "Project.xsd");
    let project = qdpx(dir.path(), "kirjasto.qdpx", |s| s, &[]);
    let r = run(&["ingest", p(&project), "--json"]).expect_code(0);
    let j: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        j["files"][0]["refi"],
        serde_json::json!({"sources": 7, "cases": 3, "variables": 4, "codes": 8,
            "users": 2, "selections": 8, "codings": 11, "other_sources": 1})
    );
    // Three cases and the answer no case refers to; the transcript no case
    // refers to is an interview.
    assert_eq!(j["respondents"], 4);
    assert_eq!(j["interviews"], 1);
    assert_eq!(
        j["utterances_per_speaker"],
        serde_json::json!([
            {"speaker": "H", "role": "interviewer", "count": 2},
            {"speaker": "V", "role": "interviewee", "count": 2}
        ])
    );
    assert_eq!(
        j["answers_per_question"],
        serde_json::json!([
            {"name": "Mitä pidit kirjastosta?", "count": 3},
            {"name": "Mitä kirjaston pitäisi parantaa?", "count": 2}
        ])
    );
    assert!(
        r.stderr
            .contains("1 picture, PDF, audio or video sources left out"),
        "{}",
        r.stderr
    );
    let kinds: Vec<&str> = j["files"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["categorical", "number", "date", "categorical"]);

    // Aino against Ville in the same project. Aino's codes per answer:
    // tapahtumat + henkilökunta, aukioloajat, e-kirjat, aukioloajat, -,
    // palvelut/muu; Ville: tapahtumat + palvelut, aukioloajat,
    // tilat ja aineisto/muu, e-kirjat (the whole source), -, -.
    let j = json(&[
        "eval",
        "codings",
        p(&project),
        p(&project),
        "--a-user",
        "aino",
        "--b-user",
        "Ville",
        "--json",
        "--resamples",
        "0",
    ]);
    assert_eq!(j["all"]["units"], 7);
    assert_eq!(
        (
            j["a"]["units_coded"].as_u64(),
            j["b"]["units_coded"].as_u64()
        ),
        (Some(5), Some(4))
    );
    let f1 = |code: &str| {
        j["codes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {j}"))["all"]["f1"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(f1("tapahtumat"), 1.0);
    assert!((f1("aukioloajat") - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(f1("palvelut/muu"), 0.0);
    assert!(
        (j["all"]["mean_f1"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9,
        "{j}"
    );
    assert_eq!(
        j["only_in_b"],
        serde_json::json!(["palvelut", "tilat ja aineisto/muu"])
    );
    // Everyone's codings together agree with themselves.
    let j = json(&[
        "eval",
        "codings",
        p(&project),
        p(&project),
        "--json",
        "--resamples",
        "0",
    ]);
    assert_eq!(j["all"]["mean_f1"], 1.0);
    let r = run(&[
        "eval",
        "codings",
        p(&project),
        p(&project),
        "--a-user",
        "Eero",
    ])
    .expect_code(2);
    assert!(
        r.stderr
            .contains("has no user 'Eero'; its users are: Aino, Ville"),
        "{}",
        r.stderr
    );
}

#[test]
fn contradictions_are_one_line_naming_the_file_and_the_element() {
    let dir = tempdir();
    let one_line = |args: &[&str], wants: &[&str]| {
        let r = run(args).expect_code(2);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
        for w in wants {
            assert!(r.stderr.contains(w), "{w} not in {}", r.stderr);
        }
    };
    let missing = qdpx(dir.path(), "puuttuu.qdpx", |s| s, &["s2-0021.txt"]);
    for cmd in ["ingest", "index"] {
        let mut args = vec![cmd, p(&missing)];
        let index = dir.path().join("index");
        if cmd == "index" {
            args.extend(["--index", p(&index)]);
        }
        one_line(
            &args,
            &[
                "puuttuu.qdpx: project.qde line ",
                "points to internal://s2-0021.txt, but the archive has no sources/s2-0021.txt",
            ],
        );
    }
    let outside = qdpx(
        dir.path(),
        "ulkona.qdpx",
        |s| {
            s.replace(
                "startPosition=\"0\" endPosition=\"29\"",
                "startPosition=\"60\" endPosition=\"90\"",
            )
        },
        &[],
    );
    one_line(
        &["ingest", p(&outside)],
        &[
            "ulkona.qdpx: project.qde line 100: <PlainTextSelection startPosition=\"60\" endPosition=\"90\"> falls outside its source 'V01 – parantaa' (74 characters)",
        ],
    );
    let unknown = qdpx(
        dir.path(),
        "koodi.qdpx",
        |s| {
            s.replacen(
                "<CodeRef targetGUID=\"5EED0000-0000-4000-8000-000000000016\"/>",
                "<CodeRef targetGUID=\"5EED0000-0000-4000-8000-0000000000FF\"/>",
                1,
            )
        },
        &[],
    );
    one_line(
        &["eval", "codings", p(&unknown), p(&unknown)],
        &[
            "koodi.qdpx: project.qde line 102: <CodeRef targetGUID=\"5EED0000-0000-4000-8000-0000000000FF\"> refers to no <Code>",
        ],
    );
    // No pseudonymised copy that would keep the texts as they were.
    let copies = dir.path().join("kopiot");
    let whole = qdpx(dir.path(), "kokonainen.qdpx", |s| s, &[]);
    one_line(
        &["pseudonymise", p(&whole), "--out", p(&copies)],
        &["teema does not write pseudonymised copies of REFI-QDA projects"],
    );
    // A gold table naming a respondent the project does not have.
    let project = qdpx(dir.path(), "kirjasto.qdpx", |s| s, &[]);
    let gold = write(
        dir.path(),
        "gold.csv",
        "respondent,question,theme\nV01,Mitä pidit kirjastosta?,tapahtumat\nV09,Mitä pidit kirjastosta?,tapahtumat\n",
    );
    one_line(
        &["eval", "codings", p(&gold), p(&project)],
        &[
            "gold.csv:3: respondent 'V09', question 'Mitä pidit kirjastosta?' is not a unit of",
            "kirjasto.qdpx (the project has no such answer)",
        ],
    );
}
