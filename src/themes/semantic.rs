//! What a segment means: the weighted mean of the word vectors
//! ([`crate::meaning`]) of its content words, so that two answers saying
//! the same thing in different words ("muut samassa jamassa olevat",
//! "vertaistuki") come out near each other even when they share no lemma.
//!
//! A segment's vector is the sum of its content lemmas' unit vectors, each
//! weighted by its inverse document frequency over the segments (a word in
//! every other answer says little about the theme; a word in one answer
//! still has a meaning, unlike in the TF-IDF features, which drop it) and,
//! as discovery asks, by its specificity in general Finnish
//! ([`crate::text::commonness`]: "saada" says little wherever it is). The
//! sums are centred (the mean over segments is subtracted: what every
//! answer shares, such as being feedback about a service, is not a theme),
//! their common top direction is removed as well (after centring, the
//! register and length of the answers still line up along one direction),
//! and each is scaled to unit length. Discovery appends them to the TF-IDF rows
//! ([`super::discover`]).
//!
//! Deterministic at any thread count: every sum is taken in segment order.

use super::features::{Analysed, Segment};
use crate::meaning::WordVectors;
use rayon::prelude::*;

/// Unit-length meaning vectors of segments, `dims` values per segment in
/// segment order (all zeros: no content word).
#[derive(Debug, Clone, Default)]
pub struct SegmentMeaning {
    /// Values per segment.
    pub dims: usize,
    /// `segments × dims` values.
    pub data: Vec<f32>,
}

impl SegmentMeaning {
    /// Number of segments.
    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.dims).unwrap_or(0)
    }

    /// True when there are no segments.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The vector of segment `i`.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.dims..(i + 1) * self.dims]
    }

    /// True when segment `i` has a vector (a content word).
    pub fn has_row(&self, i: usize) -> bool {
        self.row(i).iter().any(|&x| x != 0.0)
    }
}

/// Is token `t` a content word (what both the features and the meaning
/// count)?
fn content(t: &super::features::Tok, long: &[bool]) -> bool {
    !t.stopword() && !t.number() && long[t.lemma as usize]
}

/// The meaning vectors of `segments` of `a`.
pub fn segment_meaning(
    a: &Analysed,
    segments: &[Segment],
    vectors: &WordVectors,
    commonness: f32,
) -> SegmentMeaning {
    let dims = vectors.dims();
    let long = a.long_terms();
    let n = segments.len();
    // Document frequency of each lemma over the segments.
    let mut df = vec![0u32; a.vocab.len()];
    let mut last = vec![u32::MAX; a.vocab.len()];
    for (s, seg) in segments.iter().enumerate() {
        for t in seg.tokens(a) {
            if content(t, &long) && last[t.lemma as usize] != s as u32 {
                last[t.lemma as usize] = s as u32;
                df[t.lemma as usize] += 1;
            }
        }
    }
    drop(last);
    // Words in more than half the segments carry no theme.
    let max_df = (n / 2).max(1) as u32;
    let used: Vec<u32> = (0..a.vocab.len() as u32)
        .filter(|&l| df[l as usize] > 0 && df[l as usize] <= max_df)
        .collect();
    let words: Vec<&str> = used.iter().map(|&l| a.vocab.term(l)).collect();
    let table = vectors.vectors(&words);
    let mut row_of = vec![u32::MAX; a.vocab.len()];
    for (r, &l) in used.iter().enumerate() {
        row_of[l as usize] = r as u32;
    }
    let nf = n.max(1) as f32;
    let weight: Vec<f32> = used
        .iter()
        .map(|&l| {
            (((1.0 + nf) / (1.0 + df[l as usize] as f32)).ln() + 1.0)
                * crate::text::commonness::specificity(a.vocab.term(l), commonness)
        })
        .collect();
    let mut data = vec![0f32; n * dims];
    data.par_chunks_mut(dims)
        .zip(segments.par_iter())
        .for_each(|(out, seg)| {
            for t in seg.tokens(a) {
                if !content(t, &long) {
                    continue;
                }
                let r = row_of[t.lemma as usize];
                if r == u32::MAX {
                    continue;
                }
                let w = weight[r as usize];
                let v = &table[r as usize * dims..(r as usize + 1) * dims];
                for (o, x) in out.iter_mut().zip(v) {
                    *o += w * x;
                }
            }
        });
    // Centre: subtract the mean of the segments that have a vector (summed
    // in segment order), then scale each to unit length.
    let mut mean = vec![0f64; dims];
    let mut count = 0usize;
    for row in data.chunks_exact(dims) {
        if row.iter().any(|&x| x != 0.0) {
            count += 1;
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            for (m, &x) in mean.iter_mut().zip(row) {
                *m += (x / norm) as f64;
            }
        }
    }
    let mean: Vec<f32> = mean
        .iter()
        .map(|&m| (m / count.max(1) as f64) as f32)
        .collect();
    data.par_chunks_mut(dims).for_each(|row| {
        let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm == 0.0 {
            return;
        }
        for (x, m) in row.iter_mut().zip(&mean) {
            *x = *x / norm - m;
        }
        crate::meaning::normalise(row);
    });
    remove_top_direction(&mut data, dims);
    centre_within_answers(&mut data, dims, segments);
    SegmentMeaning { dims, data }
}

/// Share of the mean of an answer's sentences taken from each of them.
const ANSWER_CENTRING: f32 = 0.25;

/// Take from each sentence [`ANSWER_CENTRING`] of the mean of its
/// answer's sentences (sentences without a vector count as zeros), then
/// scale to unit length again. What every sentence of one answer shares is
/// the respondent's: the relative they write about, their language, their
/// mood; the themes are what changes from one sentence to the next.
/// Measured with `teema analyze` and `eval themes --by-sentence` over
/// seeds 1–8 (0 against 0.25): palautekysely mean best F1 0.549 -> 0.572
/// (automatic k, at most 12 themes), 0.527 -> 0.548 (k = 7);
/// kotihoitokysely 0.375 -> 0.375 and 0.370 -> 0.373 (k = 9). A larger
/// share (0.4, 0.55) helps palautekysely as much and costs
/// kotihoitokysely with k given. Segments of one answer are
/// consecutive; a whole answer (one segment) is left as it is.
fn centre_within_answers(data: &mut [f32], dims: usize, segments: &[Segment]) {
    let mut mean = vec![0f32; dims];
    let mut start = 0;
    while start < segments.len() {
        let unit = segments[start].unit;
        let mut end = start + 1;
        while end < segments.len() && segments[end].unit == unit {
            end += 1;
        }
        if end - start > 1 {
            let rows = &mut data[start * dims..end * dims];
            mean.iter_mut().for_each(|m| *m = 0.0);
            for row in rows.chunks_exact(dims) {
                for (m, &x) in mean.iter_mut().zip(row) {
                    *m += x;
                }
            }
            let share = ANSWER_CENTRING / (end - start) as f32;
            for row in rows.chunks_exact_mut(dims) {
                if row.iter().all(|&x| x == 0.0) {
                    continue;
                }
                for (x, m) in row.iter_mut().zip(&mean) {
                    *x -= share * m;
                }
                crate::meaning::normalise(row);
            }
        }
        start = end;
    }
}

/// Segments needed before their common direction is removed.
const MIN_ROWS_FOR_COMMON_DIRECTION: usize = 50;

/// Remove from each row its part along the rows' top singular direction
/// (found by power iteration in row order, so the result does not depend
/// on the thread count), then scale to unit length again: what most
/// segments share (their being feedback, their register) is not a theme.
fn remove_top_direction(data: &mut [f32], dims: usize) {
    let rows = data.len() / dims.max(1);
    // A direction the segments share is only seen among many of them: in a
    // handful it would be one segment's own meaning.
    if rows < MIN_ROWS_FOR_COMMON_DIRECTION {
        return;
    }
    let mut u: Vec<f32> = (0..dims).map(|d| 1.0 / ((d + 1) as f32).sqrt()).collect();
    crate::meaning::normalise(&mut u);
    for _ in 0..30 {
        let mut next = vec![0f64; dims];
        for row in data.chunks_exact(dims) {
            let p: f32 = row.iter().zip(&u).map(|(a, b)| a * b).sum();
            for (n, &x) in next.iter_mut().zip(row) {
                *n += (p * x) as f64;
            }
        }
        let norm = next.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            return;
        }
        u = next.iter().map(|&x| (x / norm) as f32).collect();
    }
    data.par_chunks_mut(dims).for_each(|row| {
        if row.iter().all(|&x| x == 0.0) {
            return;
        }
        let p: f32 = row.iter().zip(&u).map(|(a, b)| a * b).sum();
        for (x, b) in row.iter_mut().zip(&u) {
            *x -= p * b;
        }
        crate::meaning::normalise(row);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meaning::dot;
    use crate::text::{Analyzer, AnalyzerConfig, Register};

    #[test]
    fn paraphrases_of_one_theme_are_nearer_than_other_themes() {
        let analyzer = Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let texts = [
            "Vertaistuki on ollut tärkeintä.",
            "Muiden samassa tilanteessa olevien kokemukset auttoivat.",
            "Aukioloajat ovat liian lyhyet.",
            "Ovet pitäisi avata aikaisemmin aamulla.",
            "Kahvi oli hyvää.",
        ];
        let input: Vec<(&str, Register)> = texts.iter().map(|t| (*t, Register::Written)).collect();
        let a = super::super::features::analyse(&analyzer, &input);
        let segments = super::super::features::whole_units(&a);
        let m = segment_meaning(&a, &segments, WordVectors::embedded(), 0.0);
        assert_eq!(m.len(), 5);
        for i in 0..5 {
            assert!(m.has_row(i), "segment {i} has no vector");
            let norm = dot(m.row(i), m.row(i));
            assert!((norm - 1.0).abs() < 1e-3, "segment {i} has length {norm}");
        }
        // Opening hours are nearer to each other than to peer support.
        let hours = dot(m.row(2), m.row(3));
        assert!(hours > dot(m.row(2), m.row(0)), "{hours}");
        assert!(hours > dot(m.row(3), m.row(1)), "{hours}");
    }

    #[test]
    fn what_the_sentences_of_one_answer_share_is_taken_down() {
        // Answer 0 has two sentences sharing dimension 0 (the relative
        // they both name); answer 1 has one sentence.
        let dims = 4;
        let mut data = vec![
            0.8, 0.6, 0.0, 0.0, //
            0.8, 0.0, 0.6, 0.0, //
            0.8, 0.0, 0.0, 0.6,
        ];
        let seg = |unit| Segment {
            unit,
            first: 0,
            last: 0,
        };
        let segments = [seg(0), seg(0), seg(1)];
        let before = dot(&data[..dims], &data[dims..2 * dims]);
        let alone: Vec<f32> = data[2 * dims..].to_vec();
        centre_within_answers(&mut data, dims, &segments);
        let after = dot(&data[..dims], &data[dims..2 * dims]);
        assert!(after < before - 0.1, "{before} -> {after}");
        for r in 0..3 {
            let row = &data[r * dims..(r + 1) * dims];
            assert!((dot(row, row) - 1.0).abs() < 1e-4, "row {r}");
        }
        assert_eq!(
            &data[2 * dims..],
            &alone[..],
            "a one-sentence answer is left as it is"
        );
    }

    #[test]
    fn the_direction_all_rows_share_is_removed() {
        // 60 rows: one shared direction (dimension 0) plus each row's own.
        let (rows, dims) = (60, 64);
        let mut data = vec![0f32; rows * dims];
        for r in 0..rows {
            data[r * dims] = 3.0;
            data[r * dims + 1 + r % (dims - 1)] = 1.0;
            crate::meaning::normalise(&mut data[r * dims..(r + 1) * dims]);
        }
        let before = dot(&data[..dims], &data[dims..2 * dims]);
        remove_top_direction(&mut data, dims);
        let after = dot(&data[..dims], &data[dims..2 * dims]);
        assert!(before > 0.8, "{before}");
        assert!(after.abs() < 0.1, "{after}");
        for r in 0..rows {
            let row = &data[r * dims..(r + 1) * dims];
            assert!((dot(row, row) - 1.0).abs() < 1e-3);
            assert!(row[0].abs() < 0.05, "row {r} keeps {}", row[0]);
        }
    }
}
