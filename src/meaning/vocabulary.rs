//! The words of a data set (an index, inputs, an analysed corpus) with
//! their frequencies and vectors: where the neighbours of a researcher's
//! word are looked for, so that only words the data uses are offered.

use super::{WordTable, WordVectors, is_candidate};
use crate::text::{Analyzer, Register, TokenKind};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// A word of the data with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordCount {
    /// The lemma.
    pub word: String,
    /// Occurrences.
    pub count: u64,
    /// Answers or utterances it occurs in.
    pub units: u64,
}

/// A word of the data near a researcher's word. Field names are stable:
/// they are `teema similar --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similar {
    /// The lemma.
    pub word: String,
    /// Cosine similarity to the researcher's word (0–1 for related words).
    pub similarity: f32,
    /// Occurrences in the data.
    pub count: u64,
    /// Answers or utterances it occurs in.
    pub units: u64,
}

/// The candidate words of a data set with their counts and vectors.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    table: WordTable,
    counts: Vec<(u64, u64)>,
}

impl Vocabulary {
    /// The vocabulary of `words` (stopwords already left out by the
    /// caller); words that are not [`is_candidate`] are dropped and the
    /// rest sorted, so the order does not depend on how they were counted.
    pub fn new(vectors: &WordVectors, words: impl IntoIterator<Item = WordCount>) -> Self {
        let mut words: Vec<WordCount> = words
            .into_iter()
            .filter(|w| is_candidate(&w.word))
            .collect();
        words.sort_by(|a, b| a.word.cmp(&b.word));
        words.dedup_by(|b, a| {
            if a.word == b.word {
                a.count += b.count;
                a.units += b.units;
                true
            } else {
                false
            }
        });
        let counts = words.iter().map(|w| (w.count, w.units)).collect();
        Vocabulary {
            table: WordTable::new(vectors, words.into_iter().map(|w| w.word)),
            counts,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The `k` words nearest in meaning to `word` with at least
    /// `min_similarity`, most similar first, `word` itself left out.
    pub fn similar(
        &self,
        vectors: &WordVectors,
        word: &str,
        k: usize,
        min_similarity: f32,
    ) -> Vec<Similar> {
        let mut query = vec![0.0; vectors.dims()];
        vectors.vector(word, &mut query);
        self.table
            .nearest(&query, k, min_similarity, Some(word))
            .into_iter()
            .map(|n| Similar {
                word: self.table.word(n.index).to_string(),
                similarity: n.similarity,
                count: self.counts[n.index].0,
                units: self.counts[n.index].1,
            })
            .collect()
    }
}

/// The lemmas of `texts` that are words and not stopwords, with their
/// occurrences and the number of texts they occur in (in no particular
/// order: [`Vocabulary::new`] sorts). Analysed in parallel, a session per
/// worker.
pub fn count_words(analyzer: &Analyzer, texts: &[(&str, Register)]) -> Vec<WordCount> {
    let merged = texts
        .par_chunks(256)
        .map_init(
            || analyzer.session(),
            |session, chunk| {
                let mut counts: FxHashMap<String, (u64, u64)> = FxHashMap::default();
                let mut seen: Vec<String> = Vec::new();
                for &(text, register) in chunk {
                    seen.clear();
                    session.for_each_token(text, register, |t| {
                        if t.stopword || t.kind != TokenKind::Word {
                            return;
                        }
                        match counts.get_mut(t.lemma) {
                            Some(c) => c.0 += 1,
                            None => {
                                counts.insert(t.lemma.to_string(), (1, 0));
                            }
                        }
                        if !seen.iter().any(|s| s == t.lemma) {
                            seen.push(t.lemma.to_string());
                        }
                    });
                    for w in &seen {
                        if let Some(c) = counts.get_mut(w) {
                            c.1 += 1;
                        }
                    }
                }
                counts
            },
        )
        .reduce(FxHashMap::default, |mut a, b| {
            for (w, (n, u)) in b {
                let e = a.entry(w).or_default();
                e.0 += n;
                e.1 += u;
            }
            a
        });
    merged
        .into_iter()
        .map(|(word, (count, units))| WordCount { word, count, units })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wc(word: &str, count: u64) -> WordCount {
        WordCount {
            word: word.into(),
            count,
            units: count,
        }
    }

    #[test]
    fn neighbours_come_from_the_data_with_their_counts() {
        let v = WordVectors::embedded();
        let vocab = Vocabulary::new(
            v,
            [
                wc("vertaisryhmä", 3),
                wc("auto", 5),
                wc("12", 9),
                wc("vertaistuki", 4),
                wc("vertaisryhmä", 1),
            ],
        );
        assert_eq!(
            vocab.len(),
            3,
            "the number is no candidate, duplicates merge"
        );
        let near = vocab.similar(v, "vertaistuki", 1, 0.0);
        assert_eq!(near.len(), 1);
        assert_eq!((near[0].word.as_str(), near[0].count), ("vertaisryhmä", 4));
        assert!(vocab.similar(v, "vertaistuki", 5, 0.99).is_empty());
    }

    #[test]
    fn words_are_counted_by_lemma_without_stopwords() {
        let analyzer = Analyzer::new(crate::text::AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let texts = [
            ("Kahvi oli hyvää ja kahvia riitti.", Register::Written),
            ("Ei kahvia 12 kertaa.", Register::Written),
        ];
        let mut counts = count_words(&analyzer, &texts);
        counts.sort_by(|a, b| a.word.cmp(&b.word));
        let kahvi = counts
            .iter()
            .find(|c| c.word == "kahvi")
            .expect("kahvi counted");
        assert_eq!((kahvi.count, kahvi.units), (3, 2), "{counts:?}");
        assert!(
            counts.iter().all(|c| c.word != "ja" && c.word != "12"),
            "{counts:?}"
        );
    }
}
