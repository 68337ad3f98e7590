//! `teema themes`, `teema codebook --check` and `teema eval themes`: coding
//! with corpora/koodikirja.toml and discovery on corpora/palautekysely.csv,
//! both checked against palautekysely.gold.csv (the themes each answer was
//! written with); determinism across thread counts; interviews; errors.

use crate::util::{corpora, run, tempdir, write};
use std::collections::{BTreeMap, BTreeSet};
use teema::themes::ThemeResult;

const GOOD: &str = "Mikä toiminnassa on ollut hyvää?";
const DEVELOP: &str = "Miten toimintaa voisi kehittää?";

fn survey() -> String {
    corpora("palautekysely.csv").to_string_lossy().into_owned()
}

fn themes_json(args: &[&str]) -> (ThemeResult, String) {
    let mut all = vec!["themes"];
    all.extend_from_slice(args);
    all.push("--json");
    let r = run(&all).expect_code(0);
    let parsed: ThemeResult = serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "not a ThemeResult ({e}):\n{}",
            &r.stdout[..r.stdout.len().min(2000)]
        )
    });
    (parsed, r.stdout)
}

/// Gold themes per (respondent, question) of non-empty answers.
fn gold() -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let mut reader = csv::Reader::from_path(corpora("palautekysely.gold.csv")).expect("gold file");
    for rec in reader.records() {
        let rec = rec.expect("gold record");
        let themes = &rec[2];
        if themes.is_empty() {
            continue;
        }
        let set: BTreeSet<String> = themes
            .split('|')
            .filter(|t| *t != "none")
            .map(str::to_string)
            .collect();
        out.insert((rec[0].to_string(), rec[1].to_string()), set);
    }
    out
}

/// Themes per (respondent, question) in a result, top-level ids only.
fn coded(r: &ThemeResult) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut out: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for c in &r.codings {
        let top = c.theme.split('.').next().unwrap().to_string();
        out.entry((
            c.document.clone(),
            c.question.as_deref().unwrap_or_default().to_string(),
        ))
        .or_default()
        .insert(top);
    }
    out
}

/// (precision, recall, F1) of `theme` in `found` against gold `gold_theme`.
fn agreement(
    gold: &BTreeMap<(String, String), BTreeSet<String>>,
    found: &BTreeMap<(String, String), BTreeSet<String>>,
    gold_theme: &str,
    theme: &str,
) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (key, g) in gold {
        let f = found.get(key).is_some_and(|s| s.contains(theme));
        match (g.contains(gold_theme), f) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fn_ += 1.0,
            _ => {}
        }
    }
    let p = tp / f64::max(1.0, tp + fp);
    let r = tp / f64::max(1.0, tp + fn_);
    (p, r, 2.0 * tp / f64::max(1.0, 2.0 * tp + fp + fn_))
}

#[test]
fn codebook_coding_agrees_with_the_gold_themes() {
    let (r, _) = themes_json(&[
        &survey(),
        "--codebook",
        corpora("koodikirja.toml").to_str().unwrap(),
    ]);
    let gold = gold();
    let found = coded(&r);
    let mut total = 0.0;
    for theme in [
        "vertaistuki",
        "aukioloajat",
        "ohjaajat",
        "yhteisollisyys",
        "yksinaisyys",
        "monipuolisuus",
        "saavutettavuus",
    ] {
        let (p, rc, f1) = agreement(&gold, &found, theme, theme);
        eprintln!("  {theme:<15} precision {p:.3} recall {rc:.3} F1 {f1:.3}");
        assert!(
            f1 >= 0.75,
            "{theme}: precision {p:.3} recall {rc:.3} F1 {f1:.3}"
        );
        total += f1;
    }
    eprintln!("  codebook against gold: mean F1 {:.3}", total / 7.0);
    assert!(total / 7.0 >= 0.85, "mean F1 {:.3}", total / 7.0);
    // Subthemes are listed after their parent and counted in it.
    let parent = r.themes.iter().find(|t| t.id == "vertaistuki").unwrap();
    let child = r
        .themes
        .iter()
        .find(|t| t.id == "vertaistuki.ryhmat")
        .unwrap();
    assert_eq!(child.parent.as_deref(), Some("vertaistuki"));
    assert!(child.answers > 0 && child.answers < parent.answers);
    // Every coded span is the text at its offsets in the answer.
    let csv = std::fs::read_to_string(corpora("palautekysely.csv")).unwrap();
    for c in r.codings.iter().take(200) {
        assert_eq!(c.text.len(), c.end - c.start, "{c:?}");
        assert!(csv.contains(c.text.as_str()), "{c:?}");
    }
    let q = &parent.quotes[0];
    assert!(
        r.codings.iter().any(|c| c.document == q.document
            && c.unit == q.unit
            && c.theme.starts_with("vertaistuki")),
        "{q:?}"
    );
    assert!(q.line > 1 && q.source.ends_with("palautekysely.csv"));
}

/// True when the text analysis lemmatises Finnish (vertaistuesta →
/// vertaistuki) and marks stopwords, which discovery needs to find themes.
fn lemmatiser_ready() -> bool {
    use teema::text::{Analyzer, AnalyzerConfig, Register};
    let analyzer = Analyzer::new(AnalyzerConfig::default()).expect("analyser");
    let tokens = analyzer
        .session()
        .tokens("vertaistuesta on", Register::Written);
    tokens.len() == 2 && tokens[0].lemma == "vertaistuki" && tokens[1].stopword
}

#[test]
fn discovery_finds_peer_support_and_opening_hours_and_who_raises_them() {
    if !lemmatiser_ready() {
        eprintln!("skipped: the text analysis does not lemmatise Finnish yet");
        return;
    }
    let (r, _) = themes_json(&[&survey(), "--by", "Ikäryhmä"]);
    let gold = gold();
    let found = coded(&r);
    let nps = r
        .crosstabs
        .iter()
        .find(|c| c.column == "nps_group")
        .expect("NPS cross-tab");
    assert_eq!(nps.categories, ["detractor", "passive", "promoter"]);
    for (gold_theme, stem, more, fewer) in [
        ("vertaistuki", "vertai", 2, 0),
        ("aukioloajat", "auki", 0, 2),
    ] {
        // The discovered theme that best matches the gold theme.
        let (best, (p, rc, f1)) = r
            .themes
            .iter()
            .map(|t| (t, agreement(&gold, &found, gold_theme, &t.id)))
            .max_by(|a, b| a.1.2.total_cmp(&b.1.2))
            .expect("some themes");
        // Mostly about the gold theme, and a good part of it.
        assert!(
            p >= 0.6 && rc >= 0.25,
            "{gold_theme}: best theme {} [{}] precision {p:.2} recall {rc:.2} F1 {f1:.2}",
            best.id,
            best.label
        );
        let words: Vec<&str> = best
            .lemmas
            .iter()
            .chain(&best.parts)
            .chain(&best.distinguishing)
            .map(|t| t.term.as_str())
            .collect();
        assert!(
            words.iter().any(|w| w.starts_with(stem)),
            "{gold_theme}: theme {} words {words:?}",
            best.id
        );
        // Promoters praise peer support, detractors ask for opening hours.
        let row = nps.rows.iter().find(|x| x.theme == best.id).unwrap();
        assert!(
            row.column_shares[more] > row.column_shares[fewer] && row.residuals[fewer] < -1.96,
            "{gold_theme}: {row:?}"
        );
    }
    assert!(
        r.crosstabs
            .iter()
            .any(|c| c.column == "Ikäryhmä" && c.categories.len() == 5)
    );
    let o = &r.overview;
    let n = o.nps.as_ref().expect("NPS summary");
    assert_eq!((n.detractors, n.passives, n.promoters), (90, 93, 117));
    assert!((n.nps - 9.0).abs() < 1e-9, "NPS {}", n.nps);
    assert_eq!(n.distribution.iter().sum::<usize>(), 300);
    assert_eq!(o.answers, 524);
    // Answers with no theme stay unassigned rather than forced in.
    assert!(r.unassigned.answers > 0);
}

#[test]
fn quotes_show_a_theme_in_different_words() {
    if !lemmatiser_ready() {
        eprintln!("skipped: the text analysis does not lemmatise Finnish yet");
        return;
    }
    // Several respondents wrote the same sentence about the instructors
    // beside other things; a theme's quotes should not all be built on it.
    let (r, _) = themes_json(&[&survey()]);
    let mut checked = 0;
    for t in r.themes.iter().filter(|t| t.answers >= 20) {
        let mut sentences: BTreeMap<String, usize> = BTreeMap::new();
        for q in &t.quotes {
            let of_quote: BTreeSet<String> = q
                .text
                .split(['.', '!', '?'])
                .map(|s| s.trim().to_lowercase())
                .filter(|s| s.split_whitespace().count() >= 4)
                .collect();
            for s in of_quote {
                *sentences.entry(s).or_default() += 1;
            }
        }
        let (most, n) = sentences
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(s, n)| (s.as_str(), *n))
            .unwrap_or_default();
        assert!(
            n <= 2,
            "theme {} [{}]: {n} of {} quotes say \"{most}\"",
            t.id,
            t.label,
            t.quotes.len()
        );
        assert_eq!(t.quotes.len(), 5, "theme {} [{}]", t.id, t.label);
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} themes of 20 answers or more");
}

#[test]
fn json_is_byte_identical_whatever_the_thread_count() {
    for extra in [vec![], vec!["--codebook", "corpora/koodikirja.toml"]] {
        let runs: Vec<String> = ["1", "2"]
            .iter()
            .map(|t| {
                let mut args = vec![
                    "--threads",
                    t,
                    "themes",
                    "corpora/palautekysely.csv",
                    "--seed",
                    "7",
                    "--json",
                ];
                args.extend(extra.iter().copied());
                let mut cmd = crate::util::teema(&args);
                cmd.current_dir(crate::util::root());
                crate::util::run_cmd(cmd).expect_code(0).stdout
            })
            .collect();
        assert!(runs[0] == runs[1], "--threads 1 and 2 differ ({extra:?})");
    }
}

#[test]
fn interviewer_turns_are_left_out_unless_asked() {
    let dir = corpora("haastattelut");
    let dir = dir.to_str().unwrap();
    let (without, _) = themes_json(&[dir, "--themes", "4"]);
    let (with, _) = themes_json(&[dir, "--themes", "4", "--include-interviewer"]);
    assert!(without.overview.excluded_interviewer_turns > 0);
    assert_eq!(with.overview.excluded_interviewer_turns, 0);
    assert_eq!(
        with.overview.answers,
        without.overview.answers + without.overview.excluded_interviewer_turns
    );
    assert_eq!(without.params.k, 4);
    assert!(without.themes.iter().all(|t| {
        t.quotes
            .iter()
            .all(|q| q.role != Some(teema::corpus::Role::Interviewer))
    }));
}

#[test]
fn codebook_check_names_the_line_of_a_bad_rule() {
    let tmp = tempdir();
    let path = write(
        tmp.path(),
        "huono.toml",
        "[[theme]]\nname = \"aukiolo\"\nrule = '''\n  aukiolo* OR\n  (ilta* AND\n'''\n",
    );
    let r = run(&["codebook", "--check", path.to_str().unwrap()]).expect_code(2);
    assert!(r.stderr.contains("huono.toml:5:"), "{}", r.stderr);
    assert!(r.stderr.contains("the rule ends"), "{}", r.stderr);
    let ok = run(&[
        "codebook",
        "--check",
        corpora("koodikirja.toml").to_str().unwrap(),
    ])
    .expect_code(0);
    assert!(ok.stdout.contains("rules OK"), "{}", ok.stdout);
}

#[test]
fn an_unknown_by_column_lists_the_columns() {
    let r = run(&["themes", &survey(), "--by", "Sukupuoli"]).expect_code(2);
    assert!(
        r.stderr.contains("Sukupuoli") && r.stderr.contains("Ikäryhmä"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_summary_shows_themes_nps_and_cross_tabs() {
    let r = run(&[
        "themes",
        &survey(),
        "--codebook",
        corpora("koodikirja.toml").to_str().unwrap(),
    ])
    .expect_code(0);
    for needle in [
        "NPS +9",
        "vertaistuki",
        "aukioloajat",
        "themes by nps_group",
        "unassigned:",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle}:\n{}", r.stdout);
    }
    let _ = (GOOD, DEVELOP);
}

#[test]
fn eval_themes_scores_an_obvious_grouping() {
    let tmp = tempdir();
    let mut tsv = String::from("teksti\taihe\n");
    let groups = [
        (
            "kissa",
            [
                "kissa kehrää sohvalla",
                "kissa nukkuu sohvalla",
                "kissa söi kalaa",
                "musta kissa sohvalla",
            ],
        ),
        (
            "auto",
            [
                "auto hajosi tiellä",
                "uusi auto tiellä",
                "auto ajoi tiellä",
                "punainen auto pysähtyi tiellä",
            ],
        ),
        (
            "sää",
            [
                "sataa vettä ja tuulee",
                "huomenna sataa vettä",
                "vettä sataa koko päivän",
                "tuulee ja sataa vettä",
            ],
        ),
    ];
    for (label, texts) in groups {
        for t in texts {
            tsv.push_str(&format!("{t}\t{label}\n"));
        }
    }
    let path = write(tmp.path(), "ryhmat.tsv", tsv);
    let args = [
        "eval",
        "themes",
        path.to_str().unwrap(),
        "--text",
        "teksti",
        "--label",
        "aihe",
        "--themes",
        "3",
    ];
    let with = |extra: &[&'static str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(extra);
        run(&all).expect_code(0).stdout
    };
    let r = with(&["--json"]);
    let v: serde_json::Value = serde_json::from_str(&r).unwrap();
    assert_eq!(v["themes"], 3, "{v}");
    assert!(v["nmi"].as_f64().unwrap() > 0.99, "{v}");
    assert!(v["ari"].as_f64().unwrap() > 0.99, "{v}");
    assert_eq!(v["coverage"], 1.0, "{v}");
    assert!(v.get("by_label").is_none(), "only with --table: {v}");
    // --table: each label went whole to one theme, whose words are its own.
    let table = with(&["--table"]);
    let v: serde_json::Value = serde_json::from_str(&with(&["--table", "--json"])).unwrap();
    for (label, word) in [("kissa", "kissa"), ("auto", "auto"), ("sää", "vesi")] {
        let row = v["by_label"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["label"] == label)
            .unwrap_or_else(|| panic!("no row for {label}: {v}"));
        assert_eq!(row["texts"], 4, "{row}");
        assert_eq!(row["themes"][0]["texts"], 4, "{row}");
        let theme = row["themes"][0]["of"].as_u64().unwrap();
        let t = v["by_theme"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["theme"] == theme)
            .unwrap();
        assert_eq!(t["labels"][0]["of"], label, "{t}");
        assert_eq!(t["labels"][0]["share"], 1.0, "{t}");
        assert!(t["words"].as_str().unwrap().contains(word), "{t}");
        let line = table
            .split("by gold label")
            .nth(1)
            .expect("the --table section")
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no line for {label}:\n{table}"));
        assert!(line.contains(&format!("t{theme} 100 %")), "{line}");
    }
    let bad = run(&[
        "eval",
        "themes",
        path.to_str().unwrap(),
        "--text",
        "text",
        "--label",
        "aihe",
    ])
    .expect_code(2);
    assert!(
        bad.stderr.contains("ryhmat.tsv:1:") && bad.stderr.contains("teksti"),
        "{}",
        bad.stderr
    );
    // A row without its label field is named, not scored as a label "".
    let short = write(
        tmp.path(),
        "lyhyt.tsv",
        "teksti\taihe\nkissa kehrää\tkissa\nauto hajosi\n",
    );
    let bad = run(&[
        "eval",
        "themes",
        short.to_str().unwrap(),
        "--text",
        "teksti",
        "--label",
        "aihe",
    ])
    .expect_code(2);
    assert!(
        bad.stderr.contains("lyhyt.tsv:3:") && bad.stderr.contains("'aihe'"),
        "{}",
        bad.stderr
    );
}

#[test]
fn eval_themes_scores_multi_label_gold_by_best_f1() {
    let tmp = tempdir();
    let mut csv = String::from("teksti,aiheet\n");
    for t in [
        "kissa kehrää sohvalla",
        "kissa nukkuu sohvalla",
        "musta kissa sohvalla",
    ] {
        csv.push_str(&format!("{t},kissa\n"));
    }
    for t in ["auto hajosi tiellä", "uusi auto tiellä", "auto ajoi tiellä"] {
        csv.push_str(&format!("{t},auto\n"));
    }
    // Two texts with both themes, two with none ("-" and "none").
    csv.push_str("kissa sohvalla ja auto tiellä,kissa|auto\n");
    csv.push_str("auto tiellä ja kissa sohvalla,auto | kissa\n");
    csv.push_str("en osaa sanoa,-\nei mitään,none\n");
    let path = write(tmp.path(), "monta.csv", csv);
    let p = path.to_str().unwrap();
    let base = ["eval", "themes", p, "--text", "teksti", "--label", "aiheet"];
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut all = base.to_vec();
        all.extend_from_slice(extra);
        all.push("--json");
        serde_json::from_str(&run(&all).expect_code(0).stdout).unwrap()
    };
    let v = json(&["--label-sep", "|", "--themes", "2"]);
    assert_eq!(v["gold_themes"], 2, "{v}");
    assert_eq!(v["no_theme_texts"], 2, "{v}");
    assert_eq!(v["multi_theme_texts"], 2, "{v}");
    // NMI and ARI leave the two-theme texts out; CI reads `nmi`.
    assert_eq!(
        (v["texts"].as_u64(), v["nmi_texts"].as_u64()),
        (Some(10), Some(8))
    );
    assert!(
        v["nmi"].as_f64().is_some() && v["coverage"].as_f64().is_some(),
        "{v}"
    );
    let per: Vec<(String, u64)> = v["per_theme"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["label"].as_str().unwrap().to_string(),
                t["texts"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(per, [("auto".to_string(), 5), ("kissa".to_string(), 5)]);
    let mean = v["mean_best_f1"].as_f64().unwrap();
    let by_hand: f64 = v["per_theme"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["f1"].as_f64().unwrap())
        .sum::<f64>()
        / 2.0;
    assert!((mean - by_hand).abs() < 1e-9 && mean > 0.5, "{v}");
    // Gold that gives texts several themes is scored on themes found by
    // sentence, as teema analyze finds them, unless each text is asked to
    // be one unit; the two texts with both themes then get both.
    assert_eq!(v["by_sentence"], true, "{v}");
    let both = |v: &serde_json::Value| {
        v["per_theme"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["recall"].as_f64().unwrap() == 1.0)
    };
    assert!(both(&v), "{v}");
    let whole = json(&["--label-sep", "|", "--themes", "2", "--whole"]);
    assert_eq!(whole["by_sentence"], false, "{whole}");
    assert!(
        !both(&whole),
        "one theme per text cannot recall both: {whole}"
    );
    // Without a separator "kissa|auto" is a label of its own, every text
    // has at most one, and each text is one unit.
    let single = json(&["--themes", "2"]);
    assert_eq!(single["gold_themes"], 4);
    assert_eq!(single["by_sentence"], false, "{single}");
    // The text output names each gold theme with its F1.
    let mut all = base.to_vec();
    all.extend_from_slice(&["--label-sep", "|", "--themes", "2"]);
    let text = run(&all).expect_code(0).stdout;
    assert!(text.contains("mean best F1"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("kissa") && l.contains("F1 ")),
        "{text}"
    );
}

/// What discovery found, without provenance: (theme, label, answers) and
/// every coding (theme, document, unit, answer ordinal, span).
type Found = (
    Vec<(String, String, usize)>,
    Vec<(String, String, usize, Option<usize>, usize, usize)>,
);

fn found(r: &ThemeResult) -> Found {
    (
        r.themes
            .iter()
            .map(|t| (t.id.clone(), t.label.clone(), t.answers))
            .collect(),
        r.codings
            .iter()
            .map(|c| {
                (
                    c.theme.to_string(),
                    c.document.clone(),
                    c.unit,
                    c.ordinal,
                    c.start,
                    c.end,
                )
            })
            .collect(),
    )
}

#[test]
fn themes_from_an_index_use_its_analysis_and_find_the_same_themes() {
    let dir = tempdir();
    for (i, input) in [
        survey(),
        corpora("haastattelut").to_string_lossy().into_owned(),
    ]
    .iter()
    .enumerate()
    {
        let index = dir.path().join(format!("index{i}"));
        let index = index.to_str().unwrap();
        run(&["index", input, "--index", index]).expect_code(0);
        let (from_files, _) = themes_json(&[input, "--seed", "3"]);
        let (from_index, _) = themes_json(&[index, "--seed", "3"]);
        assert!(!from_index.themes.is_empty(), "{input}: no themes");
        assert_eq!(found(&from_index), found(&from_files), "{input}");
        assert!(
            from_index.codings.iter().all(|c| c.ordinal.is_some()),
            "{input}: every coding names its answer's ordinal"
        );
    }
}

#[test]
fn the_home_care_survey_is_read_as_written_and_its_gold_scores() {
    let survey = corpora("kotihoitokysely.csv");
    let r = run(&["ingest", survey.to_str().unwrap()]).expect_code(0);
    assert!(
        r.stdout.contains("460 documents, 826 answers"),
        "{}",
        r.stdout
    );
    for (column, kind) in [
        ("Vastaajatunnus", "id"),
        ("Vastauspäivä", "date"),
        ("Ikäryhmä", "categorical"),
        ("Mitä palveluja läheisesi saa?", "categorical"),
        ("Hoitajilla on ollut riittävästi aikaa", "likert 1–5"),
        ("Kuinka todennäköisesti suosittelisit", "nps"),
        ("Mikä kotihoidossa on toiminut hyvin?", "open"),
        ("Mitä kotihoidossa pitäisi kehittää?", "open"),
    ] {
        let line = r
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(column))
            .unwrap_or_else(|| panic!("no line for {column}:\n{}", r.stdout));
        assert!(line.trim_end().ends_with(kind), "{column}: {line}");
    }
    // The gold file scores as it is: every non-empty answer, nine themes.
    let gold = corpora("kotihoitokysely.gold.csv");
    let v: serde_json::Value = serde_json::from_str(
        &run(&[
            "eval",
            "themes",
            gold.to_str().unwrap(),
            "--text",
            "text",
            "--label",
            "themes",
            "--label-sep",
            "|",
            "--themes",
            "9",
            "--json",
        ])
        .expect_code(0)
        .stdout,
    )
    .unwrap();
    assert_eq!(v["texts"], 826, "{v}");
    assert_eq!(v["gold_themes"], 9, "{v}");
    assert_eq!(v["no_theme_texts"], 125, "{v}");
    assert_eq!(v["multi_theme_texts"], 267, "{v}");
}
