//! `teema analyze` end to end on the corpora: every output file, repeatable
//! byte for byte whatever the thread count, and a clear refusal to write
//! over a directory that is not an earlier analysis.

use crate::util::{corpora, run, tempdir};
use std::path::Path;

/// Every report file, manifest.json last, as the report stage lists them.
const OUTPUTS: [&str; 8] = teema::report::REPORT_FILES;

fn analyze(out: &Path, extra: &[&str]) {
    let survey = corpora("palautekysely.csv");
    let mut args = vec![
        "analyze",
        survey.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args).expect_code(0);
}

#[test]
fn survey_gives_every_output_and_a_searchable_index() {
    let dir = tempdir();
    let out = dir.path().join("palaute");
    analyze(&out, &[]);
    for name in OUTPUTS {
        let meta = std::fs::metadata(out.join(name))
            .unwrap_or_else(|e| panic!("{name} was not written: {e}"));
        assert!(meta.len() > 0, "{name} is empty");
    }
    let manifest: serde_json::Value = crate::util::manifest(&out);
    assert_eq!(manifest["counts"]["records_read"], 300);
    assert_eq!(manifest["counts"]["answers"], 524);
    let stages: Vec<&str> = crate::util::stages(&manifest);
    assert_eq!(
        stages,
        ["read", "pseudonymise", "index", "themes", "report"]
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains(
            "Pseudonymisointi: henkilötiedot korvattiin koodeilla ennen analyysia (0 × [HETU n]"
        ),
        "report.md does not say what was pseudonymised"
    );
    assert_eq!(manifest["pseudonymisation"]["pseudonymised"], true);
    let index = out.join("index");
    let hits = run(&["search", index.to_str().unwrap(), "vertaistuki", "--count"]).expect_code(0);
    let n: u64 = hits
        .stdout
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("search --count printed {:?}", hits.stdout));
    assert!(n > 10, "only {n} answers mention vertaistuki");
}

#[test]
fn same_seed_gives_byte_identical_reports_at_any_thread_count() {
    let dir = tempdir();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    analyze(&one, &["--threads", "1", "--seed", "7"]);
    analyze(&two, &["--threads", "2", "--seed", "7"]);
    for name in OUTPUTS.iter().filter(|n| **n != "manifest.json") {
        let a = std::fs::read(one.join(name)).unwrap();
        let b = std::fs::read(two.join(name)).unwrap();
        assert!(a == b, "{name} differs between --threads 1 and --threads 2");
    }
}

#[test]
fn out_dir_that_is_not_an_analysis_is_refused() {
    let dir = tempdir();
    let out = dir.path().join("thesis");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("chapter1.docx"), b"not ours").unwrap();
    let survey = corpora("palautekysely.csv");
    let r = run(&[
        "analyze",
        survey.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(2);
    assert!(
        r.stderr.contains("not an earlier teema analysis"),
        "{}",
        r.stderr
    );
    assert!(out.join("chapter1.docx").exists());
}

#[test]
fn interviews_leave_interviewer_turns_out_of_the_themes() {
    let dir = tempdir();
    let out = dir.path().join("haastattelut");
    let folder = corpora("haastattelut");
    run(&[
        "analyze",
        folder.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    let themes: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("themes.json")).unwrap()).unwrap();
    assert_eq!(
        themes["overview"]["answers"], 124,
        "only the 124 interviewee turns"
    );
    assert_eq!(themes["overview"]["excluded_interviewer_turns"], 124);
}

#[test]
fn bench_measures_every_stage_at_each_scale() {
    let survey = corpora("palautekysely.csv");
    let r = run(&[
        "bench",
        "--corpus",
        survey.to_str().unwrap(),
        "--scale",
        "2",
        "--threads-list",
        "1",
        "--themes",
        "6",
        "--json",
    ])
    .expect_code(0);
    let runs: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let runs = runs.as_array().unwrap();
    let answers: Vec<u64> = runs
        .iter()
        .map(|m| m["documents"].as_u64().unwrap())
        .collect();
    assert_eq!(answers, [524, 1048], "the copy doubles every answer");
    for m in runs {
        let stages: Vec<&str> = crate::util::stages(m);
        assert_eq!(
            stages,
            ["read", "pseudonymise", "index", "themes", "report"]
        );
        assert!(
            m["peak_memory_bytes"].as_u64().unwrap_or(0) > 1 << 20 || !cfg!(target_os = "linux")
        );
    }
}
