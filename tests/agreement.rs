//! `teema eval codings A B` on real files: a second coder's hand coding of
//! the first 60 respondents of the feedback survey against teema's codebook
//! analysis, identical codings, `--units`, thread counts and bad input.

use crate::util::{corpora, p, run, tempdir, write};
use serde_json::Value;
use std::path::Path;

fn eval_json(args: &[&str]) -> Value {
    let mut all = vec!["eval", "codings", "--json"];
    all.extend_from_slice(args);
    let r = run(&all).expect_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// teema's codebook analysis of the feedback survey, in `dir/out`.
fn analysis(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("out");
    run(&[
        "analyze",
        p(&corpora("palautekysely.csv")),
        "--codebook",
        p(&corpora("koodikirja.toml")),
        "--out",
        p(&out),
    ])
    .expect_code(0);
    out
}

#[test]
fn second_coder_against_teema_codebook_analysis() {
    let dir = tempdir();
    let out = analysis(dir.path());
    let human = corpora("palautekysely.koodaus2.csv");
    let j = eval_json(&[p(&human), p(&out)]);
    // The table lists 105 non-empty answers of respondents 1–60, 81 coded.
    assert_eq!(j["all"]["units"], 105);
    assert_eq!(j["a"]["units_coded"], 81);
    assert_eq!(j["a"]["codes"], 7);
    // teema's codings of respondents 61–300 are left out, not counted against it.
    assert!(
        j["b"]["units_left_out"].as_u64().unwrap() > 200,
        "{}",
        j["b"]
    );
    assert_eq!(
        j["only_in_b"],
        serde_json::json!([
            "monipuolisuus.liikunta",
            "monipuolisuus.muu",
            "vertaistuki.ryhmat"
        ])
    );
    for (name, o) in [("all", &j["all"]), ("coded", &j["coded"])] {
        let (f1, k, a) = (
            num(&o["mean_f1"]),
            num(&o["pooled"]["kappa"]),
            num(&o["pooled"]["alpha"]),
        );
        // Close but not the same coding: the second coder hears community
        // (yhteisöllisyys) in more answers than the codebook's words find.
        assert!((0.8..0.99).contains(&f1), "{name} mean F1 {f1}");
        assert!((0.8..0.99).contains(&k), "{name} κ {k}");
        assert!((0.8..0.99).contains(&a), "{name} α {a}");
        for ci in ["mean_f1_ci", "kappa_ci", "alpha_ci"] {
            let (lo, hi) = (num(&o[ci][0]), num(&o[ci][1]));
            assert!(
                lo < hi && lo <= 1.0 && hi <= 1.0,
                "{name} {ci} [{lo}, {hi}]"
            );
        }
        assert!(num(&o["kappa_ci"][0]) < k && k < num(&o["kappa_ci"][1]));
    }
    let community = j["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "yhteisollisyys")
        .unwrap();
    assert!(num(&community["all"]["recall"]) < 0.8, "{community}");
    // The text form says the same.
    let text = run(&["eval", "codings", p(&human), p(&out)])
        .expect_code(0)
        .stdout;
    assert!(text.contains("units coded by either"), "{text}");
    assert!(text.contains("yhteisollisyys"), "{text}");
}

#[test]
fn identical_codings_agree_fully() {
    let human = corpora("palautekysely.koodaus2.csv");
    let j = eval_json(&[p(&human), p(&human), "--resamples", "100"]);
    for o in [&j["all"], &j["coded"]] {
        assert_eq!(num(&o["mean_f1"]), 1.0);
        assert_eq!(num(&o["pooled"]["kappa"]), 1.0);
        assert_eq!(num(&o["pooled"]["alpha"]), 1.0);
    }
    for c in j["codes"].as_array().unwrap() {
        assert_eq!(num(&c["all"]["f1"]), 1.0, "{c}");
        assert_eq!(num(&c["all"]["kappa"]), 1.0, "{c}");
    }
}

#[test]
fn units_of_the_survey_and_the_same_result_at_any_thread_count() {
    let human = corpora("palautekysely.koodaus2.csv");
    let survey = corpora("palautekysely.csv");
    // A second coder who coded the same as the first, but only respondents 1–60:
    // on all 524 answers of the survey, the rest are units neither coded.
    let one = run(&[
        "--threads",
        "1",
        "eval",
        "codings",
        "--json",
        "--units",
        p(&survey),
        p(&human),
        p(&human),
    ])
    .expect_code(0)
    .stdout;
    let two = run(&[
        "--threads",
        "2",
        "eval",
        "codings",
        "--json",
        "--units",
        p(&survey),
        p(&human),
        p(&human),
    ])
    .expect_code(0)
    .stdout;
    assert_eq!(one, two);
    let j: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(j["all"]["units"], 524);
    assert_eq!(j["coded"]["units"], 81);
}

#[test]
fn bad_input_names_the_file_and_line() {
    let dir = tempdir();
    let human = corpora("palautekysely.koodaus2.csv");
    let survey = corpora("palautekysely.csv");
    let stray = write(
        dir.path(),
        "gold.csv",
        "respondent,question,theme\n1,Mikä toiminnassa on ollut hyvää?,ohjaajat\n999,Mikä toiminnassa on ollut hyvää?,ohjaajat\n",
    );
    let r = run(&[
        "eval",
        "codings",
        "--units",
        p(&survey),
        p(&stray),
        p(&human),
    ])
    .expect_code(2);
    assert!(
        r.stderr.contains("gold.csv:3:") && r.stderr.contains("'999'"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    let no_theme = write(dir.path(), "bad.csv", "respondent,question,code\n1,q,x\n");
    let r = run(&["eval", "codings", p(&no_theme), p(&human)]).expect_code(2);
    assert!(
        r.stderr.contains("bad.csv:1:") && r.stderr.contains("'theme'"),
        "{}",
        r.stderr
    );
    let r = run(&["eval", "codings", p(dir.path()), p(&human)]).expect_code(2);
    assert!(r.stderr.contains("without codings.csv"), "{}", r.stderr);
}

#[test]
fn map_renames_codes_of_b_and_a_code_b_never_gives_scores_zero() {
    let dir = tempdir();
    let q = "Mikä toiminnassa on ollut hyvää?";
    let a = write(
        dir.path(),
        "a.csv",
        format!(
            "respondent,question,theme\n1,{q},Ohjaajat\n2,{q},vertaistuki\n3,{q},-\n4,{q},yksinaisyys\n"
        ),
    );
    let b = write(
        dir.path(),
        "b.csv",
        format!(
            "respondent,question,theme\n1,{q},henkilökunta\n2,{q}, Vertaistuki \n3,{q},\n4,{q},\n"
        ),
    );
    let map = write(dir.path(), "map.csv", "a,b\nohjaajat,Henkilökunta\n");
    let j = eval_json(&[p(&a), p(&b), "--map", p(&map), "--resamples", "0"]);
    let f1 = |code: &str| {
        let c = j["codes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code);
        num(&c.unwrap_or_else(|| panic!("no {code} in {j}"))["all"]["f1"])
    };
    assert_eq!(f1("ohjaajat"), 1.0);
    assert_eq!(f1("vertaistuki"), 1.0);
    assert_eq!(f1("yksinaisyys"), 0.0);
    assert_eq!(j["not_in_b"], serde_json::json!(["yksinaisyys"]));
    assert!(j["only_in_b"].as_array().unwrap().is_empty(), "{j}");
    // Without the map, henkilökunta is B's own code and ohjaajat is missed.
    let j = eval_json(&[p(&a), p(&b), "--resamples", "0"]);
    assert_eq!(j["only_in_b"], serde_json::json!(["henkilökunta"]));
    let bad = write(dir.path(), "badmap.csv", "a,b\nohjaajat\n");
    let r = run(&["eval", "codings", p(&a), p(&b), "--map", p(&bad)]).expect_code(2);
    assert!(r.stderr.contains("badmap.csv:2:"), "{}", r.stderr);
    let qdpx = write(dir.path(), "project.qdpx", "PK");
    let r = run(&["eval", "codings", p(&qdpx), p(&b)]).expect_code(2);
    assert!(
        r.stderr
            .contains("project.qdpx: is not a REFI-QDA project (not a zip archive"),
        "{}",
        r.stderr
    );
}
