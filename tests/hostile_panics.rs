//! Hostile input never ends in a panic, an abort or a backtrace: every case
//! of the audit is generated here with what teema must do written down.
//! Bad input is exit code 2 and one error line (clap adds its `--help`
//! hint to usage errors); input that is merely odd (a file name that is
//! not UTF-8) works.

use crate::util::{run, teema, tempdir, write};
use std::path::{Path, PathBuf};

/// A small survey of our own (semicolons, an NPS column, Finnish answers).
const SURVEY: &str = "id;ikäryhmä;nps;palaute\n\
1;alle 25;9;Vertaistuesta oli paljon apua ja ohjaajat olivat ystävällisiä.\n\
2;25-44;3;Aukioloajat ovat liian lyhyet, iltaisin ei pääse kahville.\n\
3;45-64;7;Kahvi oli kylmää mutta tilat olivat siistit ja valoisat.\n\
4;yli 65;10;Ryhmässä sai puhua omista asioista, kiitos ohjaajille!\n\
5;alle 25;0;Ei vastausta sähköpostiin kahteen viikkoon, kahvia ei ollut.\n";

/// Standard error of a run that must not have panicked: no panic message,
/// no backtrace hint, no internal-error line, no stack overflow.
fn assert_no_panic(stderr: &str, what: &str) {
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "internal error",
        "overflowed its stack",
        "stack backtrace",
    ] {
        assert!(
            !stderr.contains(bad),
            "{what}: '{bad}' in stderr:\n{stderr}"
        );
    }
}

/// `args` fails cleanly: exit code 2, no panic, and the error on its first
/// line says every one of `words` (other lines: only clap's `--help` hint).
fn expect_error(args: &[&str], words: &[&str]) -> String {
    let r = run(args);
    let what = format!("teema {}", args.join(" "));
    assert_no_panic(&r.stderr, &what);
    assert_eq!(r.code, 2, "{what}: exit code\n{}", r.stderr);
    let mut lines = r.stderr.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default().to_string();
    for w in words {
        assert!(first.contains(w), "{what}: '{w}' not in: {first}");
    }
    for other in lines {
        assert!(
            other.starts_with("For more information"),
            "{what}: a second error line: {other}"
        );
    }
    first
}

/// A path with a byte that is not UTF-8 in its file name (Latin-1 ÿ).
#[cfg(unix)]
fn latin1(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let mut name = stem.as_bytes().to_vec();
    name.push(0xff);
    name.extend_from_slice(ext.as_bytes());
    dir.join(OsString::from_vec(name))
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_read_and_written() {
    let dir = tempdir();
    // As an input path: analysed, and named (with U+FFFD) in the manifests.
    let input = latin1(dir.path(), "kysely", ".csv");
    std::fs::write(&input, SURVEY).unwrap();
    let out = dir.path().join("tulos");
    let r = teema(&["analyze", "--builtin", "--themes", "2", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_no_panic(&stderr, "analyze on a Latin-1 file name");
    assert_eq!(r.status.code(), Some(0), "{stderr}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("kysely\u{fffd}.csv"), "{manifest}");
    let themes = std::fs::read_to_string(out.join("themes.json")).unwrap();
    assert!(themes.contains("kysely\u{fffd}.csv"));

    // Inside an input folder, and as --out.
    let folder = dir.path().join("kansio");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(latin1(&folder, "vastaukset", ".csv"), SURVEY).unwrap();
    let out = latin1(dir.path(), "tulos", "");
    let r = teema(&["analyze", "--builtin", "--themes", "2", "--out"])
        .arg(&out)
        .arg(&folder)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_no_panic(&stderr, "analyze a folder into a Latin-1 --out");
    assert_eq!(r.status.code(), Some(0), "{stderr}");
    assert!(out.join("report.html").is_file());
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("vastaukset\u{fffd}.csv"), "{manifest}");

    // Indexing it again finds the same source unchanged (matched by hash).
    let index = dir.path().join("indeksi");
    for _ in 0..2 {
        let r = teema(&["index", "--builtin", "--index"])
            .arg(&index)
            .arg(&folder)
            .output()
            .unwrap();
        assert_no_panic(&String::from_utf8_lossy(&r.stderr), "index");
        assert_eq!(r.status.code(), Some(0));
    }
}

/// An index of [`SURVEY`] in `dir/index`.
fn index_of_survey(dir: &Path) -> String {
    let input = write(dir, "kysely.csv", SURVEY);
    let index = dir.join("index");
    let (i, x) = (input.to_str().unwrap(), index.to_str().unwrap());
    run(&["index", "--builtin", "--threads", "1", "--index", x, i]).expect_code(0);
    x.to_string()
}

#[test]
fn huge_widths_and_limits_are_usage_errors_and_large_ones_work() {
    let dir = tempdir();
    let x = index_of_survey(dir.path());
    // Rust's formatting takes widths up to 65535 only: a wider one was a panic.
    expect_error(
        &["kwic", &x, "kahvi", "--width", "65536"],
        &["--width", "between 0 and 1000"],
    );
    let r = run(&["kwic", &x, "kahvi", "--width", "1000"]).expect_code(0);
    assert!(r.stdout.contains("ahvi"), "{}", r.stdout);
    // tantivy sets room aside for every hit asked for: 2^40 was 52 TB.
    expect_error(
        &["search", &x, "kahvi", "--limit", "1099511627776"],
        &["--limit", "between 1 and 1000000"],
    );
    let r = run(&["search", &x, "kahvi", "--limit", "1000000"]).expect_code(0);
    assert!(r.stdout.contains("matching"), "{}", r.stdout);
    // The library takes any limit: at most the entries there are.
    let analyzer = teema::index::analyzer_for(Path::new(&x), Default::default()).unwrap();
    let handle = teema::index::IndexHandle::open(Path::new(&x), analyzer).unwrap();
    let options = teema::index::search::SearchOptions {
        limit: usize::MAX,
        ..Default::default()
    };
    let found = teema::index::search::search(&handle, "kahvi", &options).unwrap();
    assert_eq!(found.hits.len(), found.total);
}

#[test]
fn every_numeric_flag_has_a_range() {
    let dir = tempdir();
    let x = index_of_survey(dir.path());
    let input = dir.path().join("kysely.csv");
    let i = input.to_str().unwrap();
    let out = dir.path().join("tulos");
    let o = out.to_str().unwrap();
    let conllu = write(
        dir.path(),
        "g.conllu",
        "1\tkahvi\tkahvi\tNOUN\t_\t_\t0\troot\t_\t_\n\n",
    );
    let c = conllu.to_str().unwrap();
    // (arguments, the flag's range as the error says it)
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--threads", "100000", "ingest", i],
            "between 1 and 1024",
        ),
        (vec!["--threads", "0", "ingest", i], "between 1 and 1024"),
        (vec!["themes", i, "--themes", "100000"], "between 1 and 500"),
        (vec!["themes", i, "--themes", "0"], "between 1 and 500"),
        (
            vec!["analyze", i, "--out", o, "--themes", "100000"],
            "between 1 and 500",
        ),
        (
            vec!["analyze", i, "--out", o, "--memory", "99999999999999"],
            "between 16 and 4095",
        ),
        (
            vec!["analyze", i, "--out", o, "--memory", "1"],
            "between 16 and 4095",
        ),
        (
            vec!["index", i, "--index", o, "--memory", "5000"],
            "between 16 and 4095",
        ),
        (
            vec!["index", i, "--index", o, "--commit-every", "0"],
            "between 1 and",
        ),
        (
            vec![
                "eval", "themes", i, "--text", "palaute", "--label", "nps", "--themes", "9999",
            ],
            "between 1 and 500",
        ),
        (
            vec!["eval", "lemmas", c, "--errors", "99999999"],
            "between 0 and 100000",
        ),
        (
            vec!["eval", "lemmas", c, "--min-accuracy", "1.5"],
            "between 0 and 1",
        ),
        (
            vec!["eval", "lemmas", c, "--min-accuracy", "NaN"],
            "between 0 and 1",
        ),
        (vec!["search", &x, "kahvi", "--limit", "0"], "between 1 and"),
        (vec!["search", &x, "kahvi", "--limit=-5"], "between 1 and"),
        (
            vec!["kwic", &x, "kahvi", "--limit", "99999999999"],
            "between 1 and",
        ),
        (
            vec!["kwic", &x, "kahvi", "--width=-1"],
            "between 0 and 1000",
        ),
        (vec!["stats", &x, "--top", "0"], "between 1 and"),
        (
            vec!["stats", &x, "--top", "18446744073709551616"],
            "between 1 and",
        ),
        (vec!["bench", "--scale", "100000"], "between 1 and 1000"),
        (vec!["bench", "--themes", "100000"], "between 1 and 500"),
        (
            vec!["bench", "--threads-list", "1,100000"],
            "between 1 and 1024",
        ),
        (
            vec!["lexicon", "build", i, "--out", o, "--forms", "0"],
            "between 1 and",
        ),
        (
            vec!["lexicon", "build", i, "--out", o, "--min-count", "0"],
            "between 1 and",
        ),
    ];
    for (args, range) in cases {
        expect_error(&args, &[range]);
    }
    assert!(!out.exists(), "no run started");
}

/// A codebook with one theme whose rule is `rule`, on line 3.
fn codebook(dir: &Path, rule: &str) -> String {
    let text = format!("[[theme]]\nname = \"kahvi\"\nrule = '{rule}'\n");
    write(dir, "koodikirja.toml", text)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn deeply_nested_codebook_rules_are_an_error_naming_the_file_and_line() {
    let dir = tempdir();
    let input = write(dir.path(), "kysely.csv", SURVEY);
    let i = input.to_str().unwrap();
    for rule in [
        format!("{}kahvi{}", "(".repeat(10_000), ")".repeat(10_000)),
        format!("{}kahvi", "NOT ".repeat(10_000)),
        vec!["kahvi"; 10_000].join(" NEAR/3 "),
    ] {
        let cb = codebook(dir.path(), &rule);
        let words = ["koodikirja.toml:3:", "theme 'kahvi'", "levels deep"];
        expect_error(&["codebook", "--builtin", "--check", &cb], &words);
        expect_error(&["themes", "--builtin", i, "--codebook", &cb], &words);
    }
}

#[test]
fn a_codebook_rule_of_200000_terms_is_checked_and_codes() {
    let dir = tempdir();
    let input = write(dir.path(), "kysely.csv", SURVEY);
    let mut terms: Vec<String> = (0..200_000).map(|n| format!("sana{n}")).collect();
    terms.push("kahvi".into());
    let cb = codebook(dir.path(), &terms.join(" OR "));
    let r = run(&["codebook", "--builtin", "--check", &cb]);
    assert_no_panic(&r.stderr, "codebook --check");
    let r = r.expect_code(0);
    assert!(r.stdout.contains("rules OK"), "{}", r.stdout);
    let r = run(&[
        "themes",
        "--builtin",
        input.to_str().unwrap(),
        "--codebook",
        &cb,
        "--json",
    ]);
    assert_no_panic(&r.stderr, "themes --codebook");
    let r = r.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["themes"][0]["answers"], 3, "three answers on coffee");
}

/// Zero the middle half of every file of the index with extension `ext`,
/// keeping the footers (a truncated or flipped footer is caught by tantivy
/// itself; damage inside is what its decoders trust).
fn damage(index: &Path, ext: &str) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(index).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == ext) {
            let mut bytes = std::fs::read(&path).unwrap();
            let len = bytes.len();
            bytes[len / 4..3 * len / 4].fill(0);
            std::fs::write(&path, bytes).unwrap();
            n += 1;
        }
    }
    n
}

#[test]
fn a_damaged_index_is_an_error_saying_to_rebuild_it() {
    for ext in ["store", "term", "pos", "idx", "fast"] {
        let dir = tempdir();
        let x = index_of_survey(dir.path());
        assert!(damage(Path::new(&x), ext) > 0, "{ext} files to damage");
        // Themes read every stored text and position: always an error.
        let first = expect_error(&["themes", "--builtin", &x], &["is damaged"]);
        assert!(
            first.starts_with(&format!("teema: error: index {x} is damaged: "))
                && first.ends_with("; rebuild it with teema index --rebuild"),
            "{ext}: {first}"
        );
        // The others read what they need: results, or the same error.
        for args in [
            vec!["search", &x, "kahvi"],
            vec!["search", &x, "kahvi", "--count"],
            vec!["search", &x, "vertais* OR kahvi"],
            vec!["kwic", &x, "kahvi"],
            vec!["stats", &x],
        ] {
            let r = run(&args);
            let what = format!("{ext}: teema {}", args.join(" "));
            assert_no_panic(&r.stderr, &what);
            match r.code {
                0 => {}
                2 => assert!(
                    r.stderr.contains("is damaged") && r.stderr.lines().count() == 1,
                    "{what}: {}",
                    r.stderr
                ),
                code => panic!("{what}: exit code {code}: {}", r.stderr),
            }
        }
    }
}

// `..Default::default()` keeps the options to what the case is about when
// search gains options.
#[allow(clippy::needless_update)]
mod query_properties {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;
    use teema::index::IndexHandle;
    use teema::index::search::{SearchOptions, search};

    /// Pieces of queries: words, fields of the survey's index, ranges with
    /// numbers too large for any type, operators, quotes and brackets.
    const PIECES: &[&str] = &[
        "kahvi",
        "vertais*",
        "ohjaaja~2",
        "nps:",
        "nps:[0 TO 6]",
        "nps:>99999999999999999999",
        "nps:[-18446744073709551617 TO *]",
        "ikäryhmä:\"alle 25\"",
        "role:interviewee",
        "question:palaute",
        "line:",
        "text:",
        "AND",
        "OR",
        "NOT",
        "+",
        "-",
        "\"",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "*",
        "^",
        "^99999999999",
        "~",
        ":",
        "\\",
        "ä",
        " ",
        "IN [",
        "1e400",
    ];

    /// One index of the survey for all cases (the tests' processes share it).
    fn handle() -> &'static IndexHandle {
        static H: OnceLock<(tempfile::TempDir, IndexHandle)> = OnceLock::new();
        let (_, handle) = H.get_or_init(|| {
            let dir = tempdir();
            let x = index_of_survey(dir.path());
            let analyzer = teema::index::analyzer_for(Path::new(&x), Default::default()).unwrap();
            let handle = IndexHandle::open(Path::new(&x), analyzer).unwrap();
            (dir, handle)
        });
        handle
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any query with any limit is hits or an error, never a panic;
        /// never more hits than asked for or than match.
        #[test]
        fn any_query_is_hits_or_an_error(
            picks in prop::collection::vec(0..PIECES.len(), 0..12),
            limit in prop_oneof![Just(0usize), 1usize..50, Just(usize::MAX)],
            filter in prop_oneof![
                Just(None),
                Just(Some("nps=99999999999999999999")),
                Just(Some("nps=")),
                Just(Some("ikäryhmä=alle 25")),
                Just(Some("=")),
            ],
        ) {
            let query: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
            let options = SearchOptions {
                limit,
                filters: filter.map(str::to_string).into_iter().collect(),
                ..Default::default()
            };
            if let Ok(found) = search(handle(), &query, &options) {
                prop_assert!(found.hits.len() <= limit.min(found.total));
            }
        }
    }
}
