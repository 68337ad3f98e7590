//! How common a lemma is in general Finnish: its share of the running words
//! of a large body of news and web-forum text (`commonness.txt`, made by
//! `teema lexicon build --commonness`). Discovery weighs a word down by it
//! ([`specificity`]): "saada", "tulla", "asia" and "äiti" are frequent in
//! any Finnish text and carry no theme of their own, while "aukioloaika"
//! or "kiire" are rare in general text and say what a sentence is about.
//! A survey of a few hundred answers is too small to tell the two apart by
//! its own document frequencies.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The embedded table: `tokens<TAB>N`, then `lemma<TAB>count` lines.
const TABLE: &str = include_str!("commonness.txt");

/// Lemma → share of the running words, parsed once per process.
fn shares() -> &'static FxHashMap<String, f32> {
    static MAP: OnceLock<FxHashMap<String, f32>> = OnceLock::new();
    MAP.get_or_init(|| parse(TABLE).expect("the embedded commonness.txt is valid"))
}

/// Parse a commonness table; the error names the line.
pub fn parse(text: &str) -> Result<FxHashMap<String, f32>, String> {
    let mut total: Option<f64> = None;
    let mut map = FxHashMap::default();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (word, count) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected `word<TAB>count`", n + 1))?;
        let count: f64 = count
            .parse()
            .map_err(|_| format!("line {}: `{count}` is not a count", n + 1))?;
        match total {
            None if word == "tokens" && count > 0.0 => total = Some(count),
            None => return Err(format!("line {}: expected `tokens<TAB>N` first", n + 1)),
            Some(t) => {
                map.insert(word.to_string(), (count / t) as f32);
            }
        }
    }
    Ok(map)
}

/// The share of general Finnish running words that are `lemma` (0 for a
/// lemma the table does not list: rarer than about one word in 100,000).
pub fn share(lemma: &str) -> f32 {
    let map = shares();
    map.get(lemma)
        .or_else(|| map.get(lemma.to_lowercase().as_str()))
        .copied()
        .unwrap_or(0.0)
}

/// The `a` teema weighs words with (discovery with meaning, labels): a
/// word of one in a thousand running words weighs 0.5.
pub const A: f32 = 0.001;

/// How much `lemma` can say about a theme, from 0 to 1: `a / (a + share)`
/// (the smooth inverse frequency of sentence embeddings). With `a` = 0.001
/// a word of one in a thousand running words weighs 0.5, one in 100 about
/// 0.09, and a word rarer than one in 100,000 about 1. `a` = 0 turns the
/// weighting off (every word 1).
pub fn specificity(lemma: &str, a: f32) -> f32 {
    if a <= 0.0 {
        return 1.0;
    }
    a / (a + share(lemma))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_words_weigh_less_than_theme_words() {
        let a = 0.001;
        for common in ["saada", "tulla", "asia", "hyvä"] {
            for specific in ["aukioloaika", "vertaistuki", "kiire", "lääke"] {
                assert!(
                    specificity(common, a) < 0.5 * specificity(specific, a),
                    "{common} {} vs {specific} {}",
                    specificity(common, a),
                    specificity(specific, a)
                );
            }
        }
        assert_eq!(specificity("ei-sanaa-tällaista", a), 1.0);
        assert_eq!(specificity("saada", 0.0), 1.0);
    }

    #[test]
    fn a_malformed_table_names_its_line() {
        assert!(parse("tokens\t10\nsana\t2\n").is_ok());
        assert_eq!(
            parse("sana\t2\n").unwrap_err(),
            "line 1: expected `tokens<TAB>N` first"
        );
        assert_eq!(
            parse("tokens\t10\nsana kaksi\n").unwrap_err(),
            "line 2: expected `word<TAB>count`"
        );
    }
}
