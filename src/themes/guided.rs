//! Guided discovery: themes seeded with words (`[[seed]]` in a refine
//! file, [`super::refine`]) that discovery keeps as themes of their own.
//!
//! A seed is a rule in the codebook language (its words joined by OR, or a
//! rule as written). Every sentence the rule matches in belongs to the
//! seed's theme (to the first seed in file order when several match) and is
//! left out of the clustering; discovery clusters the other sentences as it
//! would without seeds. The seed themes then take their places among the
//! discovered ones by decreasing size, so the ids `t1`, `t2`, … still run
//! from the largest theme. A sentence's score in a seed theme is its cosine
//! to the mean of the seed's sentences, as a discovered theme's is to its
//! centre, so quotes are chosen the same way.

use super::codebook::{Codebook, UnitView};
use super::discover::Clustering;
use super::features::{Analysed, Features, Segment, SparseVec};
use rayon::prelude::*;

/// The seed (index in `seeds.themes`) of each segment, `None` for the
/// segments discovery clusters. Each rule is evaluated once per answer
/// (segments are consecutive per answer, in answer order), then its
/// matches are placed in the answer's sentences.
pub fn seeded_segments(
    a: &Analysed,
    texts: &[&str],
    segments: &[Segment],
    seeds: &Codebook,
) -> Vec<Option<u32>> {
    let mut first = vec![usize::MAX; a.len()];
    for (s, seg) in segments.iter().enumerate().rev() {
        first[seg.unit()] = s;
    }
    let seeded: Vec<Option<u32>> = (0..a.len())
        .into_par_iter()
        .filter(|&u| first[u] != usize::MAX)
        .flat_map_iter(|u| {
            let view = UnitView {
                analysed: a,
                unit: u,
                text: texts[u],
            };
            // Per seed: the first tokens of its matches (`Some(empty)`: a
            // rule that holds through NOT alone, in every sentence).
            let hits: Vec<Option<Vec<usize>>> = seeds
                .themes
                .iter()
                .map(|t| {
                    t.rule
                        .as_ref()
                        .and_then(|r| view.eval(r))
                        .map(|ranges| ranges.iter().map(|r| r.0).collect())
                })
                .collect();
            segments[first[u]..]
                .iter()
                .take_while(move |seg| seg.unit() == u)
                .map(move |seg| {
                    let inside = seg.first as usize..seg.last as usize;
                    hits.iter()
                        .position(|h| {
                            h.as_ref().is_some_and(|starts| {
                                starts.is_empty() || starts.iter().any(|t| inside.contains(t))
                            })
                        })
                        .map(|s| s as u32)
                })
        })
        .collect();
    debug_assert_eq!(seeded.len(), segments.len(), "segments in answer order");
    seeded
}

/// Join the clusters discovery found among the unseeded segments with the
/// seed themes: every theme numbered by decreasing size (discovered before
/// seeded on a tie, each in its own order). Returns the clustering and, per
/// theme, the seed it comes from. A seed that matched no sentence has an
/// empty theme, last, for the caller to report.
pub fn join(
    discovered: Clustering,
    seeded: &[Option<u32>],
    n_seeds: usize,
    features: &Features,
) -> (Clustering, Vec<Option<usize>>) {
    let k = discovered.k();
    let discovered_with_meaning = discovered.with_meaning;
    let dim = features.names.len();
    // Each seed's centre: the sum of its sentences' rows in row order (the
    // same sums at any thread count), unit length.
    let mut sums: Vec<Vec<f32>> = vec![vec![0f32; dim]; n_seeds];
    let mut sizes: Vec<usize> = vec![0; k + n_seeds];
    for j in discovered.assignment.iter().flatten() {
        sizes[*j as usize] += 1;
    }
    for (i, s) in seeded.iter().enumerate() {
        if let Some(s) = s {
            let s = *s as usize;
            sizes[k + s] += 1;
            for &(f, w) in features.row(i).iter() {
                sums[s][f as usize] += w;
            }
        }
    }
    let centres: Vec<SparseVec> = sums
        .iter()
        .map(|sum| {
            let mut v: SparseVec = sum
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(f, &w)| (f as u32, w))
                .collect();
            super::features::normalise(&mut v);
            v
        })
        .collect();
    let mut order: Vec<usize> = (0..k + n_seeds).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut rank = vec![0u32; k + n_seeds];
    for (r, &j) in order.iter().enumerate() {
        rank[j] = r as u32;
    }
    let cosine = |row: &SparseVec, centre: &SparseVec| -> f32 {
        let (mut i, mut j, mut dot) = (0, 0, 0f32);
        while i < row.len() && j < centre.len() {
            match row[i].0.cmp(&centre[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += row[i].1 * centre[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    };
    let (assignment, similarity): (Vec<Option<u32>>, Vec<f32>) = (0..seeded.len())
        .into_par_iter()
        .map(|i| match seeded[i] {
            Some(s) => (
                Some(rank[k + s as usize]),
                cosine(&features.row(i), &centres[s as usize]),
            ),
            None => (
                discovered.assignment[i].map(|j| rank[j as usize]),
                discovered.similarity[i],
            ),
        })
        .unzip();
    let mut all_centres = discovered.centroids;
    all_centres.extend(centres);
    let centroids = order.iter().map(|&j| all_centres[j].clone()).collect();
    let seed_of = order.iter().map(|&j| (j >= k).then(|| j - k)).collect();
    (
        Clustering {
            assignment,
            similarity,
            centroids,
            with_meaning: discovered_with_meaning,
        },
        seed_of,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analyzer, AnalyzerConfig};

    #[test]
    fn a_seed_takes_the_sentences_its_words_are_in_first_seed_first() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let texts = [
            "Ohjaajat ovat ihania. Viikonloppuisin voisi olla auki.",
            "Kahvi on hyvää. Aukioloajat ovat lyhyet ja kahvi loppuu.",
            "Ei mitään lisättävää.",
        ];
        let owned: Vec<(&str, crate::text::Register)> = texts
            .iter()
            .map(|t| (*t, crate::text::Register::default()))
            .collect();
        let a = super::super::features::analyse(&analyzer, &owned);
        let segments = super::super::features::sentences(&a, &texts);
        let cb = Codebook::parse(
            "[[theme]]\nname = \"Aukiolo\"\nrule = \"auki OR aukioloaika\"\n\n\
             [[theme]]\nname = \"Kahvi\"\nrule = \"kahvi\"\n",
            std::path::Path::new("seeds.toml"),
            &analyzer,
        )
        .unwrap();
        let seeded = seeded_segments(&a, &texts, &segments, &cb);
        let by_unit: Vec<(usize, Option<u32>)> = segments
            .iter()
            .zip(&seeded)
            .map(|(s, &x)| (s.unit(), x))
            .collect();
        // The second answer's second sentence has both seeds' words: the
        // first seed takes it.
        assert_eq!(
            by_unit,
            [
                (0, None),
                (0, Some(0)),
                (1, Some(1)),
                (1, Some(0)),
                (2, None)
            ]
        );
    }
}
