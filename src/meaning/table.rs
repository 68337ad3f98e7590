//! The vectors of a vocabulary (the lemmas of an index or a data set), to
//! find the words nearest in meaning to a query vector.

use super::{WordVectors, dot};
use rayon::prelude::*;

/// Words with their normalised vectors, row `i` for word `i`.
#[derive(Debug, Clone)]
pub struct WordTable {
    words: Vec<String>,
    dims: usize,
    data: Vec<f32>,
}

/// A word of a [`WordTable`] near a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// The word's index in the table.
    pub index: usize,
    /// Cosine similarity to the query.
    pub similarity: f32,
}

impl WordTable {
    /// The vectors of `words`, computed in parallel.
    pub fn new<S: Into<String>>(vectors: &WordVectors, words: impl IntoIterator<Item = S>) -> Self {
        let words: Vec<String> = words.into_iter().map(Into::into).collect();
        let data = vectors.vectors(&words);
        WordTable {
            words,
            dims: vectors.dims(),
            data,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, in table order.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Word `i`.
    pub fn word(&self, i: usize) -> &str {
        &self.words[i]
    }

    /// The vector of word `i`.
    pub fn vector(&self, i: usize) -> &[f32] {
        &self.data[i * self.dims..(i + 1) * self.dims]
    }

    /// The `k` words most similar to `query` (a normalised vector) with at
    /// least `min_similarity`, most similar first (ties in table order),
    /// leaving out the word `skip` (the query word itself).
    pub fn nearest(
        &self,
        query: &[f32],
        k: usize,
        min_similarity: f32,
        skip: Option<&str>,
    ) -> Vec<Neighbour> {
        if k == 0 || self.dims == 0 {
            return Vec::new();
        }
        let mut found: Vec<Neighbour> = self
            .data
            .par_chunks_exact(self.dims)
            .enumerate()
            .with_min_len(1024)
            .filter_map(|(index, v)| {
                let similarity = dot(query, v);
                (similarity >= min_similarity && skip != Some(self.words[index].as_str()))
                    .then_some(Neighbour { index, similarity })
            })
            .collect();
        found.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(a.index.cmp(&b.index))
        });
        found.truncate(k);
        found
    }
}
