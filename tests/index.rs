//! `teema index`, `search`, `kwic` and `stats` on corpora/ and on files the
//! tests write. Expected hits are derived from teema's own analysis of the
//! corpus (so the tests hold whichever lemmatiser answers), never from
//! /work/shared.

use crate::util::{Run, corpora, p, run, teema, tempdir, write};
use std::collections::BTreeSet;
use std::path::Path;
use teema::corpus::{ReadOptions, read_paths};
use teema::text::{Analyzer, AnalyzerConfig, Register, Token};

/// The analyzer the `--builtin` binary uses.
fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzerConfig {
        builtin_only: true,
        ..Default::default()
    })
    .expect("analyzer")
}

/// `teema --builtin args…`, expecting exit code 0.
fn ok(args: &[&str]) -> Run {
    let mut all = vec!["--builtin"];
    all.extend_from_slice(args);
    run(&all).expect_code(0)
}

fn index(inputs: &[&Path], dir: &Path) -> Run {
    let mut args = vec!["index"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--index", p(dir)]);
    ok(&args)
}

fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// (line, question or speaker) of every hit.
fn hit_keys(hits: &[serde_json::Value]) -> BTreeSet<(u64, String)> {
    hits.iter()
        .map(|h| {
            let who = h["question"]
                .as_str()
                .or(h["speaker"].as_str())
                .unwrap_or("")
                .to_string();
            (h["line"].as_u64().expect("line"), who)
        })
        .collect()
}

/// Does a token match a query word analysed as `lemma` with compound `parts`
/// (the index's rule: same lemma, or the query's parts inside a compound)?
fn matches(t: &Token, lemma: &str, parts: &[String]) -> bool {
    let want: Vec<&str> = if parts.len() >= 2 {
        parts.iter().map(String::as_str).collect()
    } else {
        vec![lemma]
    };
    t.lemma == lemma
        || (t.parts.len() >= 2
            && t.parts
                .windows(want.len())
                .any(|w| w.iter().map(String::as_str).eq(want.iter().copied())))
}

/// The answers of a survey file that contain any form of `word`'s lemma,
/// by teema's own analysis: (line, question), plus the forms seen.
fn expected_answers(file: &Path, word: &str) -> (BTreeSet<(u64, String)>, BTreeSet<String>) {
    let a = analyzer();
    let mut s = a.session();
    let q = s.tokens(word, Register::Written);
    assert_eq!(q.len(), 1, "{word} is one word");
    let corpus = read_paths(&[file.to_path_buf()], &ReadOptions::default()).expect("read");
    let (mut keys, mut forms) = (BTreeSet::new(), BTreeSet::new());
    for (_, u) in corpus.units() {
        for t in s.tokens(&u.text, u.register()) {
            if matches(&t, &q[0].lemma, &q[0].parts) {
                keys.insert((
                    u.line,
                    u.question.as_deref().unwrap_or_default().to_string(),
                ));
                forms.insert(t.surface.clone());
            }
        }
    }
    (keys, forms)
}

/// The lemmas of the survey with the most distinct written forms.
fn lemmas_with_many_forms(file: &Path, n: usize) -> Vec<(String, String)> {
    let a = analyzer();
    let mut s = a.session();
    let corpus = read_paths(&[file.to_path_buf()], &ReadOptions::default()).expect("read");
    let mut forms: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (_, u) in corpus.units() {
        for t in s.tokens(&u.text, Register::Written) {
            if !t.stopword && t.surface.chars().count() > 3 {
                forms.entry(t.lemma.clone()).or_default().insert(t.surface);
            }
        }
    }
    let mut by_forms: Vec<(usize, String, String)> = forms
        .into_iter()
        .filter(|(_, f)| f.len() >= 2)
        .map(|(l, f)| (f.len(), l, f.into_iter().next_back().expect("a form")))
        .collect();
    by_forms.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    by_forms
        .into_iter()
        .take(n)
        .map(|(_, l, f)| (l, f))
        .collect()
}

fn search_json(dir: &Path, query: &str) -> Vec<serde_json::Value> {
    json_lines(&ok(&["search", p(dir), query, "--json", "--limit", "10000"]).stdout)
}

#[test]
fn inflected_search_finds_every_answer_with_any_form_of_the_lemma() {
    let dir = tempdir();
    let ix = dir.path().join("ix");
    let survey = corpora("palautekysely.csv");
    index(&[&survey], &ix);
    let picked = lemmas_with_many_forms(&survey, 6);
    assert!(
        picked.len() >= 3,
        "the survey has lemmas with several forms: {picked:?}"
    );
    for (lemma, form) in picked {
        let (expected, forms) = expected_answers(&survey, &form);
        assert!(
            forms.len() >= 2,
            "{lemma}: several forms expected, got {forms:?}"
        );
        let got = hit_keys(&search_json(&ix, &form));
        assert_eq!(
            got, expected,
            "search '{form}' (lemma {lemma}, forms {forms:?}) must find exactly the answers containing it"
        );
    }
}

#[test]
fn compounds_are_found_through_their_parts() {
    let dir = tempdir();
    let csv = write(
        dir.path(),
        "vertaistuki.csv",
        "id;Mikä auttoi?\n\
         1;Vertaistuki oli tärkeintä.\n\
         2;Sain vertaistukea muilta.\n\
         3;Vertaistuen ansiosta jaksoin.\n\
         4;Vertaistukiryhmä kokoontui torstaisin.\n\
         5;Kahvi oli hyvää.\n",
    );
    let ix = dir.path().join("ix");
    index(&[&csv], &ix);
    let (expected, _) = expected_answers(&csv, "vertaistukea");
    let got = hit_keys(&search_json(&ix, "vertaistukea"));
    assert_eq!(got, expected);
    assert!(got.iter().any(|(l, _)| *l == 3), "the form itself is found");
    assert!(
        !got.iter().any(|(l, _)| *l == 6),
        "unrelated answer found: {got:?}"
    );
}

#[test]
fn detractors_on_opening_hours_come_as_json_lines() {
    let dir = tempdir();
    let ix = dir.path().join("ix");
    let survey = corpora("palautekysely.csv");
    index(&[&survey], &ix);
    for word in ["aukioloaika", "aukioloajat"] {
        let hits = search_json(&ix, &format!("{word} AND nps:[0 TO 6]"));
        let corpus = read_paths(std::slice::from_ref(&survey), &ReadOptions::default()).unwrap();
        let (with_word, _) = expected_answers(&survey, word);
        let expected: BTreeSet<(u64, String)> = corpus
            .units()
            .filter(|(d, _)| {
                d.meta.iter().any(|(c, v)| {
                    c.contains("suosittelisit") && v.as_f64().is_some_and(|n| n <= 6.0)
                })
            })
            .map(|(_, u)| {
                (
                    u.line,
                    u.question.as_deref().unwrap_or_default().to_string(),
                )
            })
            .filter(|k| with_word.contains(k))
            .collect();
        assert_eq!(hit_keys(&hits), expected, "{word} AND nps:[0 TO 6]");
        for h in &hits {
            for field in [
                "rank",
                "score",
                "document",
                "source",
                "line",
                "text",
                "snippet",
                "highlights",
                "meta",
            ] {
                assert!(h.get(field).is_some(), "field {field} missing in {h}");
            }
            let nps = h["meta"]
                .as_object()
                .unwrap()
                .iter()
                .find(|(k, _)| k.contains("suosittelisit"))
                .and_then(|(_, v)| v.as_f64())
                .expect("nps in meta");
            assert!(nps <= 6.0, "{h}");
            let text = h["text"].as_str().unwrap();
            for r in h["highlights"].as_array().unwrap() {
                let (a, b) = (
                    r[0].as_u64().unwrap() as usize,
                    r[1].as_u64().unwrap() as usize,
                );
                assert!(
                    text[a..b].to_lowercase().starts_with("aukioloa"),
                    "{}",
                    &text[a..b]
                );
            }
        }
    }
    let n = search_json(&ix, "aukioloajat AND nps:[0 TO 6]").len();
    assert!(n > 0, "the survey has detractors mentioning opening hours");
    let count = ok(&["search", p(&ix), "aukioloajat AND nps:[0 TO 6]", "--count"]).stdout;
    assert_eq!(count.trim(), n.to_string());
}

#[test]
fn where_filters_and_text_output() {
    let dir = tempdir();
    let ix = dir.path().join("ix");
    index(&[&corpora("palautekysely.csv")], &ix);
    let all = search_json(&ix, "ohjaajat");
    let young = json_lines(
        &ok(&[
            "search",
            p(&ix),
            "ohjaajat",
            "--where",
            "ikäryhmä=alle 25",
            "--json",
            "--limit",
            "1000",
        ])
        .stdout,
    );
    assert!(
        !young.is_empty() && young.len() < all.len(),
        "{} of {}",
        young.len(),
        all.len()
    );
    assert!(young.iter().all(|h| h["meta"]["Ikäryhmä"] == "alle 25"));
    let text = ok(&["search", p(&ix), "ohjaajat", "--limit", "2"]).stdout;
    assert!(
        text.contains("**"),
        "matches marked without a terminal:\n{text}"
    );
    assert!(text.contains("palautekysely.csv:"), "{text}");
    assert!(
        text.contains(&format!("{} matching, 2 shown", all.len())),
        "{text}"
    );
    // Queries use the lemmatiser the index was built with, whatever is installed.
    let plain = run(&["search", p(&ix), "ohjaajat", "--count"]).expect_code(0);
    assert_eq!(plain.stdout.trim(), all.len().to_string());
    assert_eq!(plain.stderr, "", "no lemmatiser warning expected");
    let bad = run(&["search", p(&ix), "ohjaajat", "--where", "ikä=1"]).expect_code(2);
    assert!(bad.stderr.contains("no column 'ikä'"), "{}", bad.stderr);
}

#[test]
fn kwic_with_role_shows_only_interviewee_turns() {
    let dir = tempdir();
    let ix = dir.path().join("ix");
    index(&[&corpora("haastattelut")], &ix);
    let all = json_lines(&ok(&["kwic", p(&ix), "ja", "--json"]).stdout);
    let lines = json_lines(&ok(&["kwic", p(&ix), "ja", "--json", "--role", "interviewee"]).stdout);
    assert!(!lines.is_empty());
    assert!(
        lines.iter().all(|l| l["role"] == "interviewee"),
        "{lines:?}"
    );
    assert!(all.len() > lines.len(), "the interviewers say it too");
    // Every occurrence in interviewee turns, by teema's own analysis.
    let a = analyzer();
    let mut s = a.session();
    let lemma = s.tokens("ja", Register::Written)[0].lemma.clone();
    let corpus = read_paths(&[corpora("haastattelut")], &ReadOptions::default()).unwrap();
    let expected: usize = corpus
        .units()
        .filter(|(_, u)| u.role == Some(teema::corpus::Role::Interviewee))
        .map(|(_, u)| {
            s.tokens(&u.text, Register::Spoken)
                .iter()
                .filter(|t| t.lemma == lemma)
                .count()
        })
        .sum();
    assert_eq!(lines.len(), expected);
    for l in &lines {
        assert!(l["left"].as_str().unwrap().chars().count() <= 40);
        assert!(l["right"].as_str().unwrap().chars().count() <= 40);
    }
    // Text output is aligned on the keyword.
    let text = ok(&[
        "kwic",
        p(&ix),
        "ja",
        "--role",
        "interviewee",
        "--width",
        "20",
        "--limit",
        "5",
    ])
    .stdout;
    let cols: BTreeSet<usize> = text
        .lines()
        .map(|l| l.find("**").map(|b| l[..b].chars().count()).unwrap())
        .collect();
    assert_eq!(cols.len(), 1, "keyword column differs:\n{text}");
    let csv = ok(&["kwic", p(&ix), "ja", "--csv", "--limit", "3"]).stdout;
    assert!(
        csv.starts_with(
            "source,line,document,kind,question,speaker,role,time,left,keyword,right,start,end\n"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4);
    // Sorting by the right context is ordered.
    let right = json_lines(&ok(&["kwic", p(&ix), "ja", "--json", "--sort", "right"]).stdout);
    let keys: Vec<String> = right
        .iter()
        .map(|l| l["right"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn adding_a_file_again_does_not_duplicate_and_a_changed_file_replaces() {
    let dir = tempdir();
    let ix = dir.path().join("ix");
    let csv = write(
        dir.path(),
        "kysely.csv",
        "id;Mitä toivot?\n1;Pidempiä aukioloaikoja.\n2;Lisää retkiä.\n",
    );
    let first = index(&[&csv], &ix);
    assert!(first.stdout.contains("added:"), "{}", first.stdout);
    let again = index(&[&csv], &ix);
    assert!(
        again.stdout.contains("unchanged, skipped:"),
        "{}",
        again.stdout
    );
    let count = |q: &str| {
        ok(&["search", p(&ix), q, "--count"])
            .stdout
            .trim()
            .parse::<u64>()
            .unwrap()
    };
    assert_eq!(count("retkiä"), 1);
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&["stats", p(&ix), "--json"]).stdout).unwrap();
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["units"], 2);
    // The same file under another name is the same content.
    let copy = write(dir.path(), "kopio.csv", std::fs::read(&csv).unwrap());
    assert!(index(&[&copy], &ix).stdout.contains("unchanged"));
    // Changed content at the same path replaces the old answers.
    std::fs::write(
        &csv,
        "id;Mitä toivot?\n1;Pidempiä aukioloaikoja.\n2;Lisää kursseja.\n3;Uusi vastaus.\n",
    )
    .unwrap();
    let changed = index(&[&csv], &ix);
    assert!(changed.stdout.contains("replaced:"), "{}", changed.stdout);
    assert_eq!(count("retkiä"), 0);
    assert_eq!(count("kursseja"), 1);
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&["stats", p(&ix), "--json"]).stdout).unwrap();
    assert_eq!(stats["units"], 3);
    assert_eq!(stats["sources"].as_array().unwrap().len(), 1);
    // --rebuild starts over.
    ok(&["index", p(&copy), "--index", p(&ix), "--rebuild"]);
    assert_eq!(count("retkiä"), 1);
    assert_eq!(count("kursseja"), 0);
}

#[test]
fn load_corpus_gives_back_what_was_indexed() {
    let dir = tempdir();
    let ix = dir.path().join("ix");
    let inputs = [corpora("palautekysely.csv"), corpora("haastattelut")];
    index(&[&inputs[0], &inputs[1]], &ix);
    let original = read_paths(&inputs, &ReadOptions::default()).unwrap();
    let loaded = teema::index::load_corpus(&ix).unwrap();
    assert_eq!(loaded.sources.len(), original.sources.len());
    for (a, b) in loaded.sources.iter().zip(&original.sources) {
        assert_eq!(
            (&a.path, &a.sha256, &a.columns),
            (&b.path, &b.sha256, &b.columns)
        );
    }
    assert_eq!(loaded.documents.len(), original.documents.len());
    for (a, b) in loaded.documents.iter().zip(&original.documents) {
        assert_eq!(
            (&a.id, a.source, a.line, &a.meta),
            (&b.id, b.source, b.line, &b.meta)
        );
        assert_eq!(a.units.len(), b.units.len(), "units of {}", a.id);
        for (x, y) in a.units.iter().zip(&b.units) {
            assert_eq!(
                (
                    &x.text,
                    x.line,
                    &x.question,
                    &x.speaker,
                    x.role,
                    x.span,
                    &x.time
                ),
                (
                    &y.text,
                    y.line,
                    &y.question,
                    &y.speaker,
                    y.role,
                    y.span,
                    &y.time
                )
            );
        }
    }
    assert_eq!(loaded.accounting.ingested, original.accounting.ingested);
    assert_eq!(loaded.issues, original.issues);
    assert_eq!(loaded.accounting.empty, original.accounting.empty);
}

#[test]
fn clear_errors_for_bad_directories_versions_and_queries() {
    let dir = tempdir();
    let missing = run(&["search", p(&dir.path().join("nope")), "x"]).expect_code(2);
    assert!(
        missing.stderr.contains("no such index directory"),
        "{}",
        missing.stderr
    );
    let other = dir.path().join("other");
    write(&other, "notes.txt", "hello");
    let not = run(&["stats", p(&other)]).expect_code(2);
    assert!(not.stderr.contains("not a teema index"), "{}", not.stderr);
    let refuse = run(&[
        "--builtin",
        "index",
        p(&corpora("palautekysely.csv")),
        "--index",
        p(&other),
    ])
    .expect_code(2);
    assert!(
        refuse.stderr.contains("not empty and not a teema index"),
        "{}",
        refuse.stderr
    );

    let ix = dir.path().join("ix");
    index(&[&corpora("palautekysely.csv")], &ix);
    let syntax = run(&["search", p(&ix), "aukioloajat AND (nps:[0 TO 6]"]).expect_code(2);
    assert!(
        syntax.stderr.contains("query error at character"),
        "{}",
        syntax.stderr
    );
    assert!(
        syntax.stderr.contains("  aukioloajat AND (nps:[0 TO 6]\n"),
        "{}",
        syntax.stderr
    );
    assert!(syntax.stderr.contains('^'), "{}", syntax.stderr);
    let field = run(&["search", p(&ix), "väri:sininen"]).expect_code(2);
    assert!(field.stderr.contains("no field 'väri'"), "{}", field.stderr);

    let manifest = ix.join("teema-index.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replacen("\"schema_version\": 1", "\"schema_version\": 99", 1),
    )
    .unwrap();
    let old = run(&["search", p(&ix), "kahvi"]).expect_code(2);
    assert!(old.stderr.contains("schema version 99"), "{}", old.stderr);
    assert!(old.stderr.contains("--rebuild"), "{}", old.stderr);
}

/// A survey big enough that indexing it takes a while in a debug build.
fn big_survey(dir: &Path, rows: usize) -> std::path::PathBuf {
    let words = [
        "ohjaajat",
        "kahvi",
        "ruokailu",
        "aukioloajat",
        "vertaistuki",
        "retket",
        "kurssit",
        "ystävällinen",
        "tärkeää",
        "kotona",
        "yksin",
        "apua",
        "arkeen",
        "jaksaminen",
    ];
    let mut s = String::from("id;Ikäryhmä;Mikä on ollut hyvää?;Mitä kehittäisit?\n");
    for i in 0..rows {
        let w = |k: usize| words[(i * 5 + k * 3) % words.len()];
        s.push_str(&format!(
            "{i};{};{} ja {} ovat olleet hyviä, kiitos {i}.;Enemmän {} ja {} {}.\n",
            ["alle 25", "25–49", "50–64"][i % 3],
            w(0),
            w(1),
            w(2),
            w(3),
            w(4)
        ));
    }
    write(dir, "iso.csv", s)
}

/// True once the tantivy index in `dir` has a committed segment.
fn has_commit(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("meta.json"))
        .ok()
        .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
        .is_some_and(|m| m["segments"].as_array().is_some_and(|s| !s.is_empty()))
}

#[test]
fn a_writer_killed_mid_indexing_leaves_a_searchable_index() {
    let dir = tempdir();
    let ix = dir.path().join("ix");
    let rows = 150_000;
    let csv = big_survey(dir.path(), rows);
    let mut child = teema(&[
        "--builtin",
        "--threads",
        "2",
        "index",
        p(&csv),
        "--index",
        p(&ix),
        "--commit-every",
        "5000",
        "--memory",
        "40",
    ])
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .expect("spawn teema index");
    let units = read_paths(std::slice::from_ref(&csv), &ReadOptions::default())
        .unwrap()
        .unit_count() as u64;
    let started = std::time::Instant::now();
    while !has_commit(&ix) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the writer finished before a first commit was seen"
        );
        assert!(started.elapsed().as_secs() < 300, "no commit after 300 s");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Searching while the other process writes.
    let during = ok(&["search", p(&ix), "kahvi", "--count"]);
    let during: u64 = during.stdout.trim().parse().unwrap();
    assert!(
        child.try_wait().unwrap().is_none(),
        "the writer should still be running; use a bigger input"
    );
    child.kill().expect("SIGKILL the writer");
    child.wait().unwrap();
    let after: u64 = ok(&["search", p(&ix), "kahvi", "--count"])
        .stdout
        .trim()
        .parse()
        .unwrap();
    assert!(
        after >= during && during > 0,
        "during {during}, after {after}"
    );
    let all: u64 = ok(&["search", p(&ix), "*", "--count"])
        .stdout
        .trim()
        .parse()
        .unwrap();
    assert!(all > 0 && all < units, "a partial index: {all} of {units}");
    let stats = ok(&["stats", p(&ix)]).stdout;
    assert!(stats.contains("documents:"), "{stats}");
    // Indexing the file again completes it, without duplicates.
    let again = index(&[&csv], &ix);
    assert!(again.stdout.contains("replaced:"), "{}", again.stdout);
    let all: u64 = ok(&["search", p(&ix), "*", "--count"])
        .stdout
        .trim()
        .parse()
        .unwrap();
    assert_eq!(all, units);
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let dir = tempdir();
    let inputs = [corpora("palautekysely.csv"), corpora("haastattelut")];
    let outputs: Vec<Vec<String>> = ["1", "2"]
        .iter()
        .map(|threads| {
            let ix = dir.path().join(format!("ix{threads}"));
            ok(&[
                "--threads",
                threads,
                "index",
                p(&inputs[0]),
                p(&inputs[1]),
                "--index",
                p(&ix),
                "--commit-every",
                "100",
            ]);
            vec![
                ok(&["search", p(&ix), "ja OR on", "--json", "--limit", "500"]).stdout,
                ok(&["kwic", p(&ix), "ja", "--json", "--sort", "left"]).stdout,
                ok(&["stats", p(&ix), "--json"]).stdout,
            ]
        })
        .collect();
    assert!(outputs[0][0].lines().count() > 100);
    assert_eq!(outputs[0], outputs[1]);
}
