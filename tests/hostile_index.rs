//! Hostile inputs for the index and its readers: each test writes its case
//! and the expected behaviour next to it.
//!
//! - an index keeps working: a second wave and a rerun after kill -9 with a
//!   column of more than 1,000 distinct values; a read-only index is read
//!   without writing; a partial source is named;
//! - text as written: a few bad bytes keep a UTF-8 file UTF-8; CR-only line
//!   ends split turns and rows like LF;
//! - queries do what they say: prefix, fuzzy, open ranges, `source:`,
//!   unknown fields and values, unsupported syntax; terminal output and
//!   kwic CSV are safe.

use crate::util::{Run, p, run, tempdir, write};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// `teema --builtin args…`.
fn teema(args: &[&str]) -> Run {
    let mut all = vec!["--builtin"];
    all.extend_from_slice(args);
    run(&all)
}

/// A survey of `rows` respondents whose `Kunta` column has `distinct`
/// values (more than 1,000: stored as a label, not a category).
fn survey(rows: usize, distinct: usize, words: &str) -> String {
    let mut s = String::from("Tunnus;Kunta;Arvio;Mitä haluat sanoa?\n");
    for i in 0..rows {
        s.push_str(&format!(
            "{};Kylä {};{};{words} vastaus {i}\n",
            i + 1,
            i % distinct,
            i % 5 + 1
        ));
    }
    s
}

#[test]
fn a_second_wave_with_a_column_of_many_values_is_added() {
    // Expectation: wave 2 is added (exit 0, two sources), not refused for
    // a "new" column: the column became a label in wave 1 and stays one.
    let dir = tempdir();
    let w1 = write(
        dir.path(),
        "aalto1.csv",
        survey(2400, 1200, "Ryhmässä oli mukavaa"),
    );
    let w2 = write(
        dir.path(),
        "aalto2.csv",
        survey(300, 1300, "Toinen aalto ryhmä"),
    );
    let ix = dir.path().join("ix");
    teema(&["index", p(&w1), "--index", p(&ix)]).expect_code(0);
    let manifest = std::fs::read_to_string(ix.join("teema-index.json")).unwrap();
    assert!(
        manifest.contains("\"label\""),
        "Kunta is a label: {manifest}"
    );
    let r = teema(&["index", p(&w2), "--index", p(&ix)]).expect_code(0);
    assert!(r.stdout.contains("sources in the index: 2"), "{}", r.stdout);
    let count = teema(&["search", p(&ix), "ryhmä", "--count"]).expect_code(0);
    assert_eq!(count.stdout.trim(), "2700");
}

/// Run `teema index` on `input` and kill -9 it once a commit has been made
/// with the source still incomplete. False when it finished first.
fn kill_mid_source(input: &Path, ix: &Path) -> bool {
    let mut child = crate::util::teema(&[
        "--builtin",
        "--threads",
        "1",
        "index",
        p(input),
        "--index",
        p(ix),
        "--commit-every",
        "100",
    ])
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .expect("start teema index");
    let started = Instant::now();
    loop {
        // The manifest is the commit's payload: a JSON string in meta.json.
        let meta = std::fs::read_to_string(ix.join("meta.json")).unwrap_or_default();
        if meta.contains("\\\"complete\\\":false") {
            child.kill().expect("kill -9");
            child.wait().unwrap();
            return true;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_killed_source_is_named_and_replaced_by_the_next_run() {
    // Expectation: after kill -9 mid-source, stats/search/themes print a
    // notice naming the partial source (stats --json has it in
    // partial_sources, search --json in index_partial_sources); the same
    // command again completes it (exit 0, "replaced"), without --rebuild,
    // also with a column of more than 1,000 values; then no notice.
    let dir = tempdir();
    let input = write(
        dir.path(),
        "iso.csv",
        survey(12_000, 1100, "Ryhmässä oli mukavaa"),
    );
    let ix = dir.path().join("ix");
    assert!(
        kill_mid_source(&input, &ix),
        "teema index finished before a partial commit could be seen"
    );
    let stats = teema(&["stats", p(&ix)]).expect_code(0);
    assert!(
        stats.stderr.contains("notice:") && stats.stderr.contains("iso.csv"),
        "{}",
        stats.stderr
    );
    assert!(stats.stderr.contains("teema index"), "{}", stats.stderr);
    let json = teema(&["stats", p(&ix), "--json"]).expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["partial_sources"][0].as_str(), Some(p(&input)));
    let search = teema(&["search", p(&ix), "ryhmä", "--json", "--limit", "1"]).expect_code(0);
    assert!(search.stderr.contains("notice:"), "{}", search.stderr);
    assert!(
        search.stdout.contains("index_partial_sources"),
        "{}",
        search.stdout
    );
    let themes = teema(&["themes", p(&ix), "--themes", "2", "--json"]).expect_code(0);
    assert!(themes.stderr.contains("notice:"), "{}", themes.stderr);
    let v: serde_json::Value = serde_json::from_str(&themes.stdout).unwrap();
    assert_eq!(v["params"]["partial_sources"][0].as_str(), Some(p(&input)));

    let again = teema(&["index", p(&input), "--index", p(&ix)]).expect_code(0);
    assert!(again.stdout.contains("replaced"), "{}", again.stdout);
    let stats = teema(&["stats", p(&ix), "--json"]).expect_code(0);
    assert!(!stats.stderr.contains("notice:"), "{}", stats.stderr);
    let v: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(v["partial_sources"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["units"].as_u64(), Some(12_000));
}

/// Every file under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            if m.is_dir() {
                stack.push(e.path());
            } else {
                out.insert(e.path(), (m.len(), m.modified().unwrap()));
            }
        }
    }
    out
}

fn set_read_only(dir: &Path, read_only: bool) {
    use std::os::unix::fs::PermissionsExt;
    let mut paths: Vec<PathBuf> = snapshot(dir).into_keys().collect();
    paths.push(dir.to_path_buf());
    for path in paths {
        let mode = if path.is_dir() { 0o755 } else { 0o644 };
        let mode = if read_only { mode & 0o555 } else { mode };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[test]
fn a_read_only_index_is_read_without_writing() {
    // Expectation: search, kwic, stats, themes DIR and report from an
    // analysis all succeed on a chmod a-w copy and leave every file as it
    // was (no lock file created, nothing written). As root, chmod does not
    // stop writes, so the snapshot is what shows it.
    let dir = tempdir();
    let out = dir.path().join("analyysi");
    let survey = crate::util::corpora("palautekysely.csv");
    teema(&["analyze", p(&survey), "--out", p(&out)]).expect_code(0);
    let ix = out.join("index");
    // An archived copy need not hold the writer's lock files: a reader that
    // took a lock would have to create one (and fail on a read-only drive).
    for lock in [".tantivy-meta.lock", ".tantivy-writer.lock"] {
        let _ = std::fs::remove_file(ix.join(lock));
    }
    set_read_only(&out, true);
    let before = snapshot(&out);
    let runs = [
        teema(&["search", p(&ix), "ryhmä"]),
        teema(&["kwic", p(&ix), "ryhmä"]),
        teema(&["stats", p(&ix)]),
        teema(&["themes", p(&ix), "--themes", "3"]),
        teema(&["report", p(&out), "--out", p(&dir.path().join("raportti"))]),
    ];
    set_read_only(&out, false);
    for r in runs {
        r.expect_code(0);
    }
    assert_eq!(snapshot(&out), before, "a reader changed the index");
}

#[test]
fn a_few_bad_bytes_keep_the_file_utf8() {
    // Expectation: 4 bad bytes in a 199-row UTF-8 file: the file is read
    // as UTF-8 (search hyvä finds all 199), one warning names the lines.
    let dir = tempdir();
    let mut bytes = b"Tunnus;Palaute\n".to_vec();
    for i in 0..199 {
        bytes.extend_from_slice(format!("{};Hyvä ryhmä ja ", i + 1).as_bytes());
        if i % 50 == 7 {
            bytes.push(0xE4);
        }
        bytes.extend_from_slice(
            format!("mukava ohjaaja, kävin {i} kertaa ja tapasin uusia ihmisiä.\n").as_bytes(),
        );
    }
    let csv = write(dir.path(), "huono.csv", &bytes);
    let ix = dir.path().join("ix");
    let r = teema(&["index", p(&csv), "--index", p(&ix)]).expect_code(0);
    assert!(
        r.stderr.contains("huono.csv:9") && r.stderr.contains("4 invalid UTF-8"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("9, 59, 109, 159"), "{}", r.stderr);
    let count = teema(&["search", p(&ix), "hyvä", "--count"]).expect_code(0);
    assert_eq!(count.stdout.trim(), "199");
}

#[test]
fn cr_only_line_ends_split_like_lf() {
    // Expectation: the same transcript and survey with CR, LF or CRLF line
    // ends give the same turns and rows on the same lines.
    let dir = tempdir();
    let transcript = "H: Miten olet kokenut ryhmän?\nV: Ryhmässä on mukavaa.\nSe auttaa.\n\nH: Entä ohjaaja?\nV: Ohjaaja kuuntelee.\n";
    let survey = "Tunnus;Palaute\n1;Hyvä ryhmä\n2;\"Ohjaaja\nauttoi\"\n3;Mukava ryhmä\n";
    let mut outputs = Vec::new();
    for (name, end) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let t = write(
            dir.path(),
            &format!("{name}/haastattelu.txt"),
            transcript.replace('\n', end),
        );
        let s = write(
            dir.path(),
            &format!("{name}/kysely.csv"),
            survey.replace('\n', end),
        );
        let ix = dir.path().join(format!("ix_{name}"));
        teema(&["index", p(&t), p(&s), "--index", p(&ix)]).expect_code(0);
        let stats = teema(&["stats", p(&ix), "--json"]).expect_code(0);
        let v: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
        let hits = teema(&[
            "search",
            p(&ix),
            "ryhmä OR ohjaaja",
            "--limit",
            "20",
            "--json",
        ])
        .expect_code(0);
        let lines: Vec<(String, u64)> = hits
            .stdout
            .lines()
            .map(|l| {
                let h: serde_json::Value = serde_json::from_str(l).unwrap();
                let src = h["source"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string();
                (src, h["line"].as_u64().unwrap())
            })
            .collect();
        outputs.push((name, v["units"].as_u64(), lines));
    }
    assert_eq!(outputs[0].1, Some(7), "4 turns and 3 answers");
    for o in &outputs[1..] {
        assert_eq!((o.1, &o.2), (outputs[0].1, &outputs[0].2), "{} vs lf", o.0);
    }
}

/// An index of a small survey with a number column and two sources.
fn query_index(dir: &Path) -> PathBuf {
    let a = write(
        dir,
        "kevät.csv",
        "Tunnus;Ikäryhmä;Kuinka todennäköisesti suosittelisit (0–10);Palaute\n\
         1;alle 25;9;Ryhmässä oli mukava ohjaaja\n\
         2;25–34;3;Ryhmätyöt olivat raskaita\n\
         3;alle 25;;Kahvi oli hyvää\n\
         4;65+;10;Ohjaajat auttoivat aina\n",
    );
    let b = write(
        dir,
        "syksy.csv",
        "Tunnus;Ikäryhmä;Kuinka todennäköisesti suosittelisit (0–10);Palaute\n\
         1;alle 25;7;Ohjaja oli kiva\n\
         2;65+;8;Vertaistukiryhmä auttoi\n",
    );
    let ix = dir.join("ix");
    teema(&["index", p(&a), p(&b), "--index", p(&ix)]).expect_code(0);
    ix
}

fn count(ix: &Path, query: &str) -> u64 {
    let r = teema(&["search", p(ix), query, "--count"]);
    let r = r.expect_code(0);
    r.stdout.trim().parse().expect("a count")
}

#[test]
fn queries_do_what_they_say() {
    let dir = tempdir();
    let ix = query_index(dir.path());
    // Prefix on lemmas and compound parts: ryhmä, ryhmätyö, vertaistukiryhmä.
    assert_eq!(count(&ix, "ryhm*"), 3);
    // Fuzzy: "ohjaja" (a typo) is one edit from ohjaaja.
    assert_eq!(count(&ix, "ohjaaja~1"), 3);
    assert_eq!(count(&ix, "ohjaaja"), 2);
    // Open ranges and field:* on a number field: every answer with a value.
    assert_eq!(count(&ix, "nps:[* TO *]"), 5);
    assert_eq!(count(&ix, "nps:*"), 5);
    assert_eq!(count(&ix, "nps:[9 TO *]"), 2);
    assert_eq!(count(&ix, "nps:<5"), 1);
    // source: by file name or path.
    assert_eq!(count(&ix, "source:syksy.csv"), 2);
    assert_eq!(count(&ix, "ohjaaja~1 AND source:kevät.csv"), 2);
    // NOT alone means everything but.
    assert_eq!(count(&ix, "NOT kahvi"), 5);
}

#[test]
fn queries_teema_cannot_run_are_errors_not_zero() {
    let dir = tempdir();
    let ix = query_index(dir.path());
    for (query, says) in [
        ("source:x", "no source 'x'"),
        ("paikka:x", "fields: role, speaker"),
        ("ikäryhmä:lapset", "values: 25–34, 65+, alle 25"),
        ("role:pomo", "roles are"),
        ("nps:[a TO 5]", "holds numbers"),
        ("/ryhm.*/", "regular expressions"),
        ("ry*hmä", "only at the end of a word"),
        ("!!!", "no word to search for"),
        ("", "nothing to search for"),
        ("ohjaaja~5", "0, 1 or 2 edits"),
        ("(ryhmä", "query error"),
        ("palaute:[a TO b]", "no field"),
    ] {
        let r = teema(&["search", p(&ix), query]).expect_code(2);
        assert!(r.stderr.contains(says), "{query:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{query:?}: {}", r.stdout);
    }
    let r = teema(&["search", p(&ix), "ryhmä", "--where", "source=x"]).expect_code(2);
    assert!(r.stderr.contains("no source 'x'"), "{}", r.stderr);
}

#[test]
fn answers_cannot_drive_the_terminal_or_a_spreadsheet() {
    // Expectation: ESC, C1 and bidi overrides in answers are printed as
    // visible escapes by search and kwic; --json escapes them as JSON;
    // kwic --csv guards formula cells with a leading '.
    let dir = tempdir();
    let csv = write(
        dir.path(),
        "paha.csv",
        "Tunnus;Palaute\n\
         1;\"Ryhmä \u{1b}[2J\u{1b}]0;otsikko\u{7}on hyvä\"\n\
         2;=HYPERLINK(http://x,ryhmä) kiitos\n\
         3;Ryhmä \u{202E}ävyh\u{9b}31m loppu\n",
    );
    let ix = dir.path().join("ix");
    teema(&["index", p(&csv), "--index", p(&ix)]).expect_code(0);
    for args in [
        vec!["search", p(&ix), "ryhmä"],
        vec!["kwic", p(&ix), "ryhmä"],
    ] {
        let r = teema(&args).expect_code(0);
        for bad in ['\u{1b}', '\u{7}', '\u{202E}', '\u{9b}'] {
            assert!(
                !r.stdout.contains(bad),
                "{args:?} printed {bad:?}: {}",
                r.stdout
            );
        }
        assert!(r.stdout.contains("\\u{1b}[2J"), "{}", r.stdout);
    }
    // The themes summary (labels, words, quotes) and ingest's column list
    // come from the data too.
    let rows: String = (1..=40)
        .map(|i| format!("{i};hyvä ryhmä ja mukavat ohjaajat\n"))
        .collect();
    let header = write(
        dir.path(),
        "otsikko.csv",
        format!("Tunnus;Pal\u{1b}[31m\u{7}aute\n{rows}"),
    );
    for args in [
        vec!["themes", p(&ix), "--themes", "2"],
        vec!["ingest", p(&header)],
    ] {
        let r = teema(&args).expect_code(0);
        for bad in ['\u{1b}', '\u{7}', '\u{202E}', '\u{9b}'] {
            assert!(
                !r.stdout.contains(bad) && !r.stderr.contains(bad),
                "{args:?} printed {bad:?}: {}{}",
                r.stdout,
                r.stderr
            );
        }
    }
    let json = teema(&["search", p(&ix), "ryhmä", "--json"]).expect_code(0);
    assert!(json.stdout.contains("\\u001b[2J"), "{}", json.stdout);
    let kwic = teema(&["kwic", p(&ix), "ryhmä", "--csv"]).expect_code(0);
    let mut rdr = csv::ReaderBuilder::new().from_reader(kwic.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let left: Vec<&str> = rows.iter().map(|r| &r[8]).collect();
    assert!(left.contains(&"'=HYPERLINK(http://x,"), "{left:?}");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "unguarded cell {cell:?}"
            );
        }
    }
}
