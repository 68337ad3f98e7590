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
/// segments discovery clusters.
pub fn seeded_segments(
    a: &Analysed,
    texts: &[&str],
    segments: &[Segment],
    seeds: &Codebook,
) -> Vec<Option<u32>> {
    segments
        .par_iter()
        .map(|seg| {
            let view = UnitView {
                analysed: a,
                unit: seg.unit(),
                text: texts[seg.unit()],
            };
            seeds.themes.iter().position(|s| {
                let Some(rule) = &s.rule else { return false };
                view.eval(rule).is_some_and(|ranges| {
                    ranges.is_empty()
                        || ranges.iter().any(|&(first, _)| {
                            (seg.first as usize..seg.last as usize).contains(&first)
                        })
                })
            })
        })
        .map(|s| s.map(|s| s as u32))
        .collect()
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
        },
        seed_of,
    )
}
