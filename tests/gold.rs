//! `teema analyze --gold`: the agreement of the discovered themes with the
//! second coder's hand coding of the feedback survey in report.md,
//! report.html and themes.json; the discovered themes (ids t1, t2, …)
//! matched to the coder's codes by a map, and said plainly when nothing
//! matches; a gold table naming an answer the survey lacks.

use crate::util::{corpora, p, run, tempdir, write};
use serde_json::Value;
use std::path::Path;

/// A researcher's reading of the discovered themes against the second
/// coder's codes: a theme goes to a code when its label holds one of the
/// code's words (read from the run's own themes.json, so the map follows
/// discovery; monipuolisuus and yksinaisyys are left unmapped).
fn map_from_labels(themes: &Value) -> String {
    const WORDS: &[(&str, &[&str])] = &[
        ("ohjaajat", &["ohjaaja", "valmentaja"]),
        (
            "vertaistuki",
            &["vertaistuki", "vertaistukiryhmä", "kokemus"],
        ),
        ("aukioloajat", &["aukioloaika", "auki"]),
        ("saavutettavuus", &["matka", "päästä", "bussi"]),
        ("yhteisollisyys", &["yhteinen", "porukka"]),
    ];
    let mut map = String::from("a,b\n");
    for t in themes["themes"].as_array().unwrap() {
        let label = t["label"].as_str().unwrap();
        let words: Vec<&str> = label.split([',', ' ']).filter(|w| !w.is_empty()).collect();
        if let Some((code, _)) = WORDS
            .iter()
            .find(|(_, ws)| ws.iter().any(|w| words.contains(w)))
        {
            map.push_str(&format!("{code},{}\n", t["id"].as_str().unwrap()));
        }
    }
    assert!(map.contains("ohjaajat,"), "no instructor theme in {map}");
    map
}

fn themes_json(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("themes.json")).unwrap()).unwrap()
}

#[test]
fn agreement_with_the_second_coder_goes_into_every_report() {
    let dir = tempdir();
    let survey = corpora("palautekysely.csv");
    let gold = corpora("palautekysely.koodaus2.csv");
    let first = dir.path().join("first");
    run(&["analyze", p(&survey), "--out", p(&first)]).expect_code(0);
    let map = write(
        dir.path(),
        "teemat.csv",
        map_from_labels(&themes_json(&first)),
    );
    let out = dir.path().join("out");
    run(&[
        "analyze",
        p(&survey),
        "--gold",
        p(&gold),
        "--gold-map",
        p(&map),
        "--out",
        p(&out),
    ])
    .expect_code(0);
    let j = themes_json(&out);
    let a = &j["agreement"];
    // The coder's 105 answers of respondents 1–60 are the units scored.
    assert_eq!(a["all"]["units"], 105, "{a}");
    assert_eq!(a["a"]["units_coded"], 81);
    assert_eq!(a["a"]["kind"], "table");
    assert_eq!(a["b"]["kind"], "teema");
    let code = |name: &str| {
        a["codes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == name)
            .unwrap_or_else(|| panic!("no {name} in {a}"))
            .clone()
    };
    let ohjaajat = code("ohjaajat");
    let f1 = ohjaajat["all"]["f1"].as_f64().unwrap();
    assert!(f1 > 0.4, "{ohjaajat}");
    // Codes no theme was mapped to are named, scored F1 0: the second
    // coder's codes that the map (made from this run's labels) leaves out.
    let map_text = std::fs::read_to_string(&map).unwrap();
    let unmapped: Vec<&str> = [
        "aukioloajat",
        "monipuolisuus",
        "ohjaajat",
        "saavutettavuus",
        "vertaistuki",
        "yhteisollisyys",
        "yksinaisyys",
    ]
    .into_iter()
    .filter(|c| !map_text.lines().any(|l| l.starts_with(&format!("{c},"))))
    .collect();
    assert!(unmapped.contains(&"monipuolisuus"), "{map_text}");
    assert_eq!(a["not_in_b"], serde_json::json!(unmapped));
    for c in &unmapped {
        assert_eq!(code(c)["all"]["f1"].as_f64(), Some(0.0), "{c}");
    }
    for o in [&a["all"], &a["coded"]] {
        let k = o["pooled"]["kappa"].as_f64().unwrap();
        let (lo, hi) = (
            o["kappa_ci"][0].as_f64().unwrap(),
            o["kappa_ci"][1].as_f64().unwrap(),
        );
        assert!(lo <= k && k <= hi && lo < hi, "{o}");
        assert!(
            o["pooled"]["alpha"].is_number() && o["mean_f1_ci"].is_array(),
            "{o}"
        );
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let section = &md[md
        .find("## Yhtäpitävyys vertailukoodauksen kanssa")
        .expect(&md)..];
    assert!(section.contains("| ohjaajat | 29 |"), "{section}");
    assert!(section.contains("| Kaikki | 105 |"), "{section}");
    assert!(
        section.contains(&format!("(F1 0): {}", unmapped.join("; "))),
        "{section}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<section id=\"agreement\">"));
    assert!(html.contains("Agreement with the reference coding"));
    // teema report regenerates the section from themes.json.
    let again = dir.path().join("again");
    run(&["report", p(&out), "--out", p(&again)]).expect_code(0);
    let md2 = std::fs::read_to_string(again.join("report.md")).unwrap();
    assert!(md2.contains(section), "{md2}");
}

#[test]
fn without_a_map_the_report_says_no_code_matches() {
    let dir = tempdir();
    let out = dir.path().join("out");
    run(&[
        "analyze",
        p(&corpora("palautekysely.csv")),
        "--gold",
        p(&corpora("palautekysely.koodaus2.csv")),
        "--out",
        p(&out),
    ])
    .expect_code(0);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains(
            "**Yksikään vertailukoodauksen koodi ei vastaa nimeltään tämän analyysin teemaa**"
        ),
        "{md}"
    );
    assert!(md.contains("--gold-map"));
    assert!(!md.contains("| Kaikki |"), "no table of zeros");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("No code of the reference coding matches a theme"));
}

#[test]
fn a_gold_table_naming_an_answer_the_survey_lacks_is_an_error() {
    let dir = tempdir();
    let gold = write(
        dir.path(),
        "kultainen.csv",
        "respondent,question,theme\n1,Mikä toiminnassa on ollut hyvää?,ohjaajat\n999,Mikä toiminnassa on ollut hyvää?,ohjaajat\n",
    );
    let out = dir.path().join("out");
    let r = run(&[
        "analyze",
        p(&corpora("palautekysely.csv")),
        "--gold",
        p(&gold),
        "--out",
        p(&out),
    ])
    .expect_code(2);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("kultainen.csv:3: respondent '999', question 'Mikä toiminnassa on ollut hyvää?' is not a unit of"),
        "{}",
        r.stderr
    );
    assert!(!out.join("report.html").exists());
    // A REFI-QDA project of another survey: its first answer is named.
    let project = crate::refi::qdpx(dir.path(), "kirjasto.qdpx", |s| s, &[]);
    let r = run(&[
        "analyze",
        p(&corpora("palautekysely.csv")),
        "--gold",
        p(&project),
        "--out",
        p(&out),
    ])
    .expect_code(2);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("kirjasto.qdpx: project.qde line ")
            && r.stderr.contains("the answer of respondent 'V01', question 'Mitä pidit kirjastosta?' is not a unit of"),
        "{}",
        r.stderr
    );
}
