//! Word meaning on corpora/palautekysely.csv: `teema similar` (on the file
//! and on an index), `teema search --expand`, and `~word` in a codebook.

use crate::util::{corpora, run, tempdir, write};

fn survey() -> String {
    corpora("palautekysely.csv").to_string_lossy().into_owned()
}

/// The words `teema similar --json` lists for `word` on `data`.
fn similar_words(word: &str, data: &str) -> Vec<(String, f64, u64)> {
    let r = run(&["similar", word, data, "--json"]).expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON array");
    assert_eq!(v[0]["word"], word, "{}", r.stdout);
    v[0]["similar"]
        .as_array()
        .expect("similar words")
        .iter()
        .map(|s| {
            (
                s["word"].as_str().unwrap().to_string(),
                s["similarity"].as_f64().unwrap(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn similar_lists_paraphrases_from_the_data_with_counts() {
    let near = similar_words("vertaistuki", &survey());
    let words: Vec<&str> = near.iter().map(|n| n.0.as_str()).collect();
    for want in ["vertaistukiryhmä", "vertaisryhmä"] {
        assert!(words.contains(&want), "{want} not among {words:?}");
    }
    assert!(
        !words.contains(&"vertaistuki"),
        "the word itself: {words:?}"
    );
    assert!(near.iter().all(|n| n.2 > 0 && n.1 >= 0.6), "{near:?}");
    assert!(
        near.windows(2).all(|w| w[0].1 >= w[1].1),
        "most similar first: {near:?}"
    );
    // An inflected form asks for its lemma's neighbours.
    let r = run(&["similar", "vertaistukea", &survey()]).expect_code(0);
    assert!(
        r.stdout.starts_with("vertaistukea (vertaistuki): 36 times"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("vertaisryhmä"), "{}", r.stdout);
}

#[test]
fn similar_reads_an_index_as_it_reads_the_file() {
    let dir = tempdir();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    run(&["index", &survey(), "--index", index]).expect_code(0);
    let from_index = similar_words("kahvi", index);
    let from_file = similar_words("kahvi", &survey());
    assert!(!from_index.is_empty());
    let words = |v: &[(String, f64, u64)]| v.iter().map(|n| n.0.clone()).collect::<Vec<_>>();
    assert_eq!(words(&from_index), words(&from_file));
}

#[test]
fn similar_wants_words_then_data() {
    let r = run(&["similar", &survey(), "vertaistuki"]).expect_code(2);
    assert!(r.stderr.contains("give the words first"), "{}", r.stderr);
    let r = run(&["similar", "vertaistuki", "ei-ole-olemassa.csv"]).expect_code(2);
    assert!(
        r.stderr
            .contains("no such index directory or input file: ei-ole-olemassa.csv"),
        "{}",
        r.stderr
    );
    let r = run(&["similar", "vertaistuki", &survey(), "--min-similarity", "2"]).expect_code(2);
    assert!(r.stderr.contains("not a similarity"), "{}", r.stderr);
}

#[test]
fn search_expand_finds_more_and_says_what_it_added() {
    let dir = tempdir();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    run(&["index", &survey(), "--index", index]).expect_code(0);
    let count = |extra: &[&str]| -> (u64, String) {
        let mut args = vec!["search", index, "vertaistuki", "--count"];
        args.extend_from_slice(extra);
        let r = run(&args).expect_code(0);
        (r.stdout.trim().parse().expect("a count"), r.stderr)
    };
    let (plain, _) = count(&[]);
    let (expanded, said) = count(&["--expand"]);
    assert!(
        expanded > plain,
        "{expanded} with --expand, {plain} without"
    );
    assert!(
        said.starts_with("expanded vertaistuki (vertaistuki) with: vertaistukiryhmä"),
        "{said}"
    );
    // A negated word is not expanded; a phrase neither.
    let r = run(&[
        "search",
        index,
        "kahvi NOT vertaistuki",
        "--expand",
        "--count",
    ]);
    let r = r.expect_code(0);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("expanded kahvi (kahvi) with: "),
        "{}",
        r.stderr
    );
    let r = run(&[
        "search",
        index,
        "\"vertaistuki ryhmä\"",
        "--expand",
        "--count",
    ]);
    assert_eq!(r.expect_code(0).stderr, "");
    // Highlights mark the added words too.
    let r = run(&[
        "search",
        index,
        "vertaistuki",
        "--expand",
        "--json",
        "--limit",
        "200",
    ]);
    let r = r.expect_code(0);
    assert!(
        r.stdout.lines().any(|l| l.contains("ertaisryhm")),
        "no hit through vertaisryhmä"
    );
}

#[test]
fn a_similar_term_in_a_codebook_codes_the_paraphrases() {
    let dir = tempdir();
    let answers = |rule: &str| -> u64 {
        let cb = write(
            dir.path(),
            "koodikirja.toml",
            format!("[[theme]]\nname = \"tuki\"\nrule = '{rule}'\n"),
        );
        let r = run(&[
            "themes",
            &survey(),
            "--codebook",
            cb.to_str().unwrap(),
            "--json",
        ])
        .expect_code(0);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        v["themes"][0]["answers"].as_u64().expect("answers")
    };
    let plain = answers("vertaistuki");
    let similar = answers("~vertaistuki");
    let spelled_out = answers("vertaistuki OR vertaistukiryhmä OR vertaisryhmä");
    assert!(
        similar > spelled_out && spelled_out > plain,
        "{plain} {spelled_out} {similar}"
    );
    let cb = write(
        dir.path(),
        "virhe.toml",
        "[[theme]]\nname = \"tuki\"\nrule = '~vertais*'\n",
    );
    let r = run(&["codebook", "--check", cb.to_str().unwrap()]).expect_code(2);
    assert!(r.stderr.contains("cannot be a prefix too"), "{}", r.stderr);
}
