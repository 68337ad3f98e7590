//! Theme discovery: spherical k-means on sparse TF-IDF vectors of lemmas,
//! compound parts and truncated words (see [`super::features`]), chosen by
//! measurement against the peer's NMF and k-means (README, `teema eval
//! themes`).
//!
//! - Seeding: k-means++ on a sample, drawn with a splitmix64 stream from
//!   `--seed`; several restarts (in parallel, each with its own stream),
//!   the best objective wins.
//! - Automatic k: over-cluster, then merge clusters whose centres are more
//!   alike than a threshold (average link), then refine. A given k: start
//!   from 1.5 k clusters and merge the most alike down to k, then refine
//!   (NMI on the Vaalikone comments, mean of seeds 1–4: 0.538 → 0.551).
//! - A given k on an input small enough to fit whole (≤ 40,000 rows):
//!   k-means in 48 LSA dimensions (randomised SVD of the TF-IDF rows), where
//!   words that share answers pull together (mean of seeds 1–4: Vaalikone
//!   comments k = 78 NMI 0.551 → 0.557, open answers k = 6 0.321 → 0.328).
//!   Centres and labels stay in the feature space (similarities are LSA
//!   cosines).
//! - Answers whose vector is empty or too far from every centre stay
//!   unassigned; clusters too small to be a theme are dissolved.
//! - Deterministic at any thread count: assignments are computed in
//!   parallel per answer, centres are summed in answer order.

use super::features::{Features, SparseVec};
use super::semantic::SegmentMeaning;
use rayon::prelude::*;

/// Settings of discovery.
#[derive(Debug, Clone)]
pub struct DiscoverConfig {
    /// Number of themes; `None` chooses it.
    pub k: Option<usize>,
    /// Random seed.
    pub seed: u64,
    /// With a given k, start from this many times k clusters and merge the
    /// most alike (average link) down to k: groups of very different sizes
    /// come out better than from k centres directly.
    pub over_cluster: f32,
    /// With a given k, cluster in this many LSA dimensions (0: in the
    /// sparse TF-IDF space).
    pub lsa_dims: usize,
    /// Answers with cosine below this to their centre are left unassigned.
    pub min_similarity: f32,
    /// The same with a given k: the user asked for k themes, so only
    /// answers nearly unrelated to every theme stay out (Vaalikone open
    /// answers, k = 6: coverage 76 % -> 95 %, NMI 0.311 -> 0.316).
    pub min_similarity_given_k: f32,
    /// With automatic k, clusters whose centres have cosine above this merge.
    pub merge_similarity: f32,
    /// With automatic k, clusters whose mean cosine is below this share of
    /// the median cluster's are dissolved (their answers stay unassigned).
    pub loose_cluster: f64,
    /// k-means restarts; the best objective is kept.
    pub restarts: usize,
    /// Iterations per restart at most.
    pub max_iter: usize,
    /// Share of a cosine that comes from the segments' meaning vectors
    /// (`super::semantic`) when they are given (the rest from the LSA
    /// coordinates of their words). 0 turns meaning off.
    pub meaning_weight: f32,
    /// With meaning vectors and automatic k, clusters whose centres (in
    /// the joined space) have cosine above this merge.
    pub merge_similarity_meaning: f32,
    /// With meaning vectors and automatic k, at most this many clusters:
    /// the most alike go on merging beyond the threshold. A survey's
    /// themes are read by a person, and a list longer than a dozen is
    /// pieces of fewer themes (a codebook of a few hundred answers has
    /// 6-14).
    pub max_themes_meaning: usize,
    /// With meaning vectors, the words of the sentences (their TF-IDF
    /// features and their share of the meaning vectors) are also weighed
    /// by how rare they are in general Finnish, with this `a` of
    /// [`crate::text::commonness::specificity`]; 0 turns it off. A
    /// survey of a few hundred answers is too small for its own document
    /// frequencies to tell "saada" or "äiti" from "kiire". Measured over
    /// seeds 1–8 (0 against 0.001): palautekysely mean best F1 0.579 ->
    /// 0.630 (automatic k), 0.545 -> 0.593 (k = 7); kotihoitokysely 0.375
    /// -> 0.436, 0.373 -> 0.417 (k = 9). Whole texts keep their own
    /// frequencies: on the Vaalikone comments (automatic k) the weighting
    /// cost NMI 0.563 -> 0.547.
    pub meaning_commonness: f32,
}

impl Default for DiscoverConfig {
    fn default() -> Self {
        DiscoverConfig {
            k: None,
            seed: 1,
            over_cluster: 1.5,
            lsa_dims: 48,
            min_similarity: 0.08,
            min_similarity_given_k: 0.04,
            merge_similarity: 0.25,
            loose_cluster: 0.6,
            restarts: 4,
            max_iter: 25,
            meaning_weight: 0.6,
            merge_similarity_meaning: 0.16,
            max_themes_meaning: 12,
            meaning_commonness: crate::text::commonness::A,
        }
    }
}

/// The outcome of discovery.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Cluster of each answer (`None`: unassigned), clusters numbered by
    /// decreasing size.
    pub assignment: Vec<Option<u32>>,
    /// Cosine of each answer to its cluster's centre (0 when unassigned).
    pub similarity: Vec<f32>,
    /// Unit-length centre of each cluster, sparse over feature ids.
    pub centroids: Vec<SparseVec>,
    /// Whether the rows' meaning vectors joined their LSA coordinates (a
    /// space too small for LSA clusters on the words alone).
    pub with_meaning: bool,
}

impl Clustering {
    /// Number of clusters.
    pub fn k(&self) -> usize {
        self.centroids.len()
    }
}

/// A splitmix64 stream: small, fast, reproducible on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A stream from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Rows beyond this are not used to fit the centres (a seeded sample is),
/// only assigned to them.
const FIT_SAMPLE: usize = 40_000;

/// Sentences up to which their meaning vectors join the word coordinates:
/// a survey of a few hundred or a few thousand answers has too few
/// sentences for words that mean the same to co-occur, while in tens of
/// thousands the LSA coordinates learn it from the words themselves. On
/// the Vaalikone open answers (over 10,000 sentences) meaning merged the
/// themes into nine broad ones (`codebook draft` codes them back at mean
/// F1 0.73, against 0.80 for the themes of words alone).
const MEANING_MAX_SEGMENTS: usize = 10_000;
/// Rows made at a time when the final centres are summed.
const SUM_STRETCH: usize = 8192;

/// Automatic starting number of clusters for `n` answers (before merging).
fn auto_k0(n: usize) -> usize {
    ((n as f64 / 2.0).sqrt().round() as usize).clamp(2, 120)
}

/// Dense centres, feature-major (`c[f * k + j]`) over compacted feature ids:
/// sums of their rows, with each centre's inverse length (scores are
/// cosines without a pass that rescales the whole array). `data` ends with
/// [`PAD`] zeros, so the scores of up to [`PAD`] centres can be summed in
/// a fixed-size block.
struct Centres {
    k: usize,
    data: Vec<f32>,
    inv_norm: Vec<f32>,
}

/// The most centres scored in a block of registers; zeros after the
/// centres' data so a block read past the last feature stays inside.
const PAD: usize = 48;

/// Zeroed data for `dim * k` centre values and the [`PAD`] after them.
fn padded(dim: usize, k: usize) -> Vec<f32> {
    vec![0f32; dim * k + PAD]
}

impl Centres {
    /// Centres `k` over `data` (`dim * k` values, feature-major, then
    /// [`PAD`] zeros: allocate it with them, [`padded`]).
    fn new(k: usize, data: Vec<f32>, inv_norm: Vec<f32>) -> Centres {
        debug_assert!(data.len() >= PAD && data[data.len() - PAD..].iter().all(|&x| x == 0.0));
        Centres { k, data, inv_norm }
    }

    /// The cosine of `row` with every centre, into `out` (`k` values).
    fn scores(&self, row: &[(u32, f32)], out: &mut [f32]) {
        // Sums in a block of a fixed size stay in registers instead of
        // going through memory for every feature of the row (the loop is
        // bound by that round trip). Each centre's sum takes the same
        // additions in the same order as the general loop, so the scores
        // are the same to the bit.
        match self.k {
            0..=8 => self.scores_in::<8>(row, out),
            9..=16 => self.scores_in::<16>(row, out),
            17..=24 => self.scores_in::<24>(row, out),
            25..=32 => self.scores_in::<32>(row, out),
            33..=40 => self.scores_in::<40>(row, out),
            41..=PAD => self.scores_in::<PAD>(row, out),
            _ => self.scores_any(row, out),
        }
    }

    /// [`Centres::scores`] summed in a block of `N` >= k (the values past
    /// k belong to the next feature or the padding and are dropped).
    #[inline]
    fn scores_in<const N: usize>(&self, row: &[(u32, f32)], out: &mut [f32]) {
        let mut sums = [0f32; N];
        for &(f, w) in row {
            let base = f as usize * self.k;
            let Some(c) = self.data.get(base..base + N) else {
                return self.scores_any(row, out);
            };
            for (s, c) in sums.iter_mut().zip(c) {
                *s += w * c;
            }
        }
        for ((o, s), n) in out.iter_mut().zip(sums).zip(&self.inv_norm) {
            *o = s * n;
        }
    }

    fn scores_any(&self, row: &[(u32, f32)], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for &(f, w) in row {
            let base = f as usize * self.k;
            for (o, c) in out.iter_mut().zip(&self.data[base..base + self.k]) {
                *o += w * c;
            }
        }
        for (o, n) in out.iter_mut().zip(&self.inv_norm) {
            *o *= n;
        }
    }

    /// Component `f` of unit-length centre `j`.
    fn unit(&self, f: usize, j: usize) -> f32 {
        self.data[f * self.k + j] * self.inv_norm[j]
    }
}

fn best(scores: &[f32]) -> (usize, f32) {
    let mut b = (0, f32::NEG_INFINITY);
    for (j, &s) in scores.iter().enumerate() {
        if s > b.1 {
            b = (j, s);
        }
    }
    b
}

/// Sum the rows of each cluster (in row order) and normalise: dense centres.
fn centres_from(
    rows: &[SparseVec],
    assign: &[usize],
    k: usize,
    dim: usize,
) -> (Centres, Vec<usize>) {
    let mut data = padded(dim, k);
    let mut sizes = vec![0usize; k];
    for (row, &j) in rows.iter().zip(assign) {
        sizes[j] += 1;
        for &(f, w) in row {
            data[f as usize * k + j] += w;
        }
    }
    let mut norms = vec![0f32; k];
    for col in data[..dim * k].chunks_exact(k) {
        for (n, &x) in norms.iter_mut().zip(col) {
            *n += x * x;
        }
    }
    let inv_norm = norms
        .iter()
        .map(|&n| if n > 0.0 { 1.0 / n.sqrt() } else { 0.0 })
        .collect();
    (Centres::new(k, data, inv_norm), sizes)
}

/// k-means++ seeds among `rows` (indices), on a sample of at most 20,000.
fn seed_centres(rows: &[SparseVec], k: usize, dim: usize, rng: &mut SplitMix64) -> Vec<usize> {
    let n = rows.len();
    let sample: Vec<usize> = if n > 20_000 {
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..20_000 {
            let j = i + (rng.next_u64() % (n - i) as u64) as usize;
            idx.swap(i, j);
        }
        idx.truncate(20_000);
        idx.sort_unstable();
        idx
    } else {
        (0..n).collect()
    };
    // The chosen row scattered into a dense vector: dots by lookup.
    let mut dense = vec![0f32; dim];
    let scatter = |dense: &mut Vec<f32>, prev: Option<usize>, c: usize| {
        if let Some(p) = prev {
            for &(f, _) in &rows[p] {
                dense[f as usize] = 0.0;
            }
        }
        for &(f, w) in &rows[c] {
            dense[f as usize] = w;
        }
    };
    let dot = |dense: &[f32], i: usize| -> f32 {
        rows[i].iter().map(|&(f, w)| w * dense[f as usize]).sum()
    };
    let mut chosen = vec![sample[(rng.next_u64() % sample.len() as u64) as usize]];
    scatter(&mut dense, None, chosen[0]);
    let mut dist: Vec<f64> = sample
        .par_iter()
        .map(|&i| (1.0 - dot(&dense, i) as f64).max(0.0))
        .collect();
    while chosen.len() < k.min(sample.len()) {
        let total: f64 = dist.iter().map(|d| d * d).sum();
        let pick = if total <= 0.0 {
            match (0..sample.len()).find(|i| !chosen.contains(&sample[*i])) {
                Some(i) => i,
                None => break,
            }
        } else {
            let mut r = rng.next_f64() * total;
            let mut pick = sample.len() - 1;
            for (i, d) in dist.iter().enumerate() {
                r -= d * d;
                if r < 0.0 {
                    pick = i;
                    break;
                }
            }
            pick
        };
        let c = sample[pick];
        scatter(&mut dense, chosen.last().copied(), c);
        chosen.push(c);
        dist.par_iter_mut().zip(&sample).for_each(|(d, &i)| {
            let nd = (1.0 - dot(&dense, i) as f64).max(0.0);
            if nd < *d {
                *d = nd;
            }
        });
    }
    chosen
}

/// Lloyd iterations from initial assignments; returns assignments,
/// similarities and the objective (sum of similarities).
fn lloyd(
    rows: &[SparseVec],
    mut assign: Vec<usize>,
    k: usize,
    dim: usize,
    max_iter: usize,
) -> (Vec<usize>, Vec<f32>, f64) {
    let mut sims = vec![0f32; rows.len()];
    for _ in 0..max_iter {
        let (centres, sizes) = centres_from(rows, &assign, k, dim);
        let res: Vec<(usize, f32)> = rows
            .par_iter()
            .map_init(
                || vec![0f32; k],
                |buf, row| {
                    centres.scores(row, buf);
                    best(buf)
                },
            )
            .collect();
        let mut changed = 0;
        for (i, &(j, s)) in res.iter().enumerate() {
            if assign[i] != j {
                changed += 1;
                assign[i] = j;
            }
            sims[i] = s;
        }
        // Re-seed empty clusters with the answers farthest from their centres.
        let mut new_sizes = vec![0usize; k];
        for &j in &assign {
            new_sizes[j] += 1;
        }
        let empty: Vec<usize> = (0..k).filter(|&j| new_sizes[j] == 0).collect();
        if !empty.is_empty() {
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by(|&a, &b| sims[a].total_cmp(&sims[b]).then(a.cmp(&b)));
            let mut next = 0;
            for j in empty {
                while next < order.len() && new_sizes[assign[order[next]]] <= 1 {
                    next += 1;
                }
                if next < order.len() {
                    let i = order[next];
                    next += 1;
                    new_sizes[assign[i]] -= 1;
                    assign[i] = j;
                    new_sizes[j] += 1;
                    changed += 1;
                }
            }
        }
        let _ = sizes;
        // Converged: (almost) no answer moved.
        if changed <= rows.len() / 2000 {
            break;
        }
    }
    let objective = sims.iter().map(|&s| s as f64).sum();
    (assign, sims, objective)
}

/// Spherical k-means with `k` clusters over `rows` (all non-empty).
fn kmeans(
    rows: &[SparseVec],
    k: usize,
    dim: usize,
    config: &DiscoverConfig,
) -> (Vec<usize>, Vec<f32>) {
    // Restarts run in parallel, each from its own seeded stream; the best
    // objective wins (the first restart on a tie).
    let runs: Vec<(Vec<usize>, Vec<f32>, f64)> = (0..config.restarts.max(1))
        .into_par_iter()
        .map(|r| {
            let mut rng = SplitMix64::new(
                config
                    .seed
                    .wrapping_mul(0x2545_F491_4F6C_DD1D)
                    .wrapping_add(r as u64),
            );
            let seeds = seed_centres(rows, k, dim, &mut rng);
            let k = seeds.len();
            // Initial assignment: nearest seed.
            let mut seed_data = padded(dim, k);
            for (j, &s) in seeds.iter().enumerate() {
                for &(f, w) in &rows[s] {
                    seed_data[f as usize * k + j] = w;
                }
            }
            let centres = Centres::new(k, seed_data, vec![1.0; k]);
            let assign: Vec<usize> = rows
                .par_iter()
                .map_init(
                    || vec![0f32; k],
                    |buf, row| {
                        centres.scores(row, buf);
                        best(buf).0
                    },
                )
                .collect();
            lloyd(rows, assign, k, dim, config.max_iter)
        })
        .collect();
    let mut best_run: Option<(Vec<usize>, Vec<f32>, f64)> = None;
    for run in runs {
        if best_run.as_ref().is_none_or(|b| run.2 > b.2) {
            best_run = Some(run);
        }
    }
    let (a, s, _) = best_run.expect("at least one restart");
    (a, s)
}

/// Merge clusters whose centres are alike (average link over centre
/// cosines, weighted by size) until no pair is above `threshold`.
fn merge_clusters(
    rows: &[SparseVec],
    assign: &mut [usize],
    k: usize,
    dim: usize,
    threshold: f32,
    target: Option<usize>,
) -> usize {
    let (centres, sizes) = centres_from(rows, assign, k, dim);
    // Unnormalised sums are centre * norm; average link on unit centres.
    let mut groups: Vec<Vec<usize>> = (0..k).filter(|&j| sizes[j] > 0).map(|j| vec![j]).collect();
    let mut sim = vec![vec![0f32; k]; k];
    let mut col = vec![0f32; k];
    for f in 0..dim {
        for (j, c) in col.iter_mut().enumerate() {
            *c = centres.unit(f, j);
        }
        for a in 0..k {
            if col[a] == 0.0 {
                continue;
            }
            for b in 0..k {
                sim[a][b] += col[a] * col[b];
            }
        }
    }
    loop {
        let mut best_pair: Option<(usize, usize, f32)> = None;
        for x in 0..groups.len() {
            for y in x + 1..groups.len() {
                let mut s = 0f64;
                let mut w = 0f64;
                for &a in &groups[x] {
                    for &b in &groups[y] {
                        let ww = (sizes[a] * sizes[b]) as f64;
                        s += sim[a][b] as f64 * ww;
                        w += ww;
                    }
                }
                let s = (s / w) as f32;
                let force = target.is_some_and(|t| groups.len() > t);
                if (s > threshold || force) && best_pair.is_none_or(|p| s > p.2) {
                    best_pair = Some((x, y, s));
                }
            }
        }
        match best_pair {
            Some((x, y, _)) => {
                let g = groups.remove(y);
                groups[x].extend(g);
            }
            None => break,
        }
        if target.is_some_and(|t| groups.len() <= t) {
            break;
        }
    }
    let mut map = vec![0usize; k];
    for (g, members) in groups.iter().enumerate() {
        for &j in members {
            map[j] = g;
        }
    }
    for a in assign.iter_mut() {
        *a = map[*a];
    }
    groups.len()
}

/// Keep the `cap` largest of `k` clusters (ties to the lower number) and
/// give the rows of the others to the nearest kept centre: the smallest
/// clusters are the pieces. The number of clusters left.
fn keep_largest(
    rows: &[SparseVec],
    assign: &mut [usize],
    k: usize,
    dim: usize,
    cap: usize,
) -> usize {
    let (centres, sizes) = centres_from(rows, assign, k, dim);
    let mut order: Vec<usize> = (0..k).filter(|&j| sizes[j] > 0).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    order.truncate(cap);
    let mut new = vec![usize::MAX; k];
    for (g, &j) in order.iter().enumerate() {
        new[j] = g;
    }
    let mut buf = vec![0f32; k];
    for (row, a) in rows.iter().zip(assign.iter_mut()) {
        if new[*a] == usize::MAX {
            centres.scores(row, &mut buf);
            let mut b = (order[0], f32::NEG_INFINITY);
            for &j in &order {
                if buf[j] > b.1 {
                    b = (j, buf[j]);
                }
            }
            *a = b.0;
        }
        *a = new[*a];
    }
    order.len()
}

/// A rank-`l` basis of the rows (randomised SVD, one power iteration):
/// `V` (dim × l, row-major) with the rows' projections `x V` their
/// coordinates in the top singular directions.
fn lsa_basis(rows: &[SparseVec], dim: usize, l: usize, seed: u64) -> Vec<f32> {
    let n = rows.len();
    let mut rng = SplitMix64::new(seed ^ 0x4C53_4100);
    // Omega: dim × l, uniform in [-1, 1).
    let omega: Vec<f32> = (0..dim * l)
        .map(|_| (rng.next_f64() * 2.0 - 1.0) as f32)
        .collect();
    let times = |m: &[f32]| -> Vec<f32> {
        // A (n × dim) · m (dim × l) -> n × l
        rows.par_iter()
            .flat_map_iter(|r| {
                let mut out = vec![0f32; l];
                for &(f, w) in r {
                    let base = f as usize * l;
                    for (o, x) in out.iter_mut().zip(&m[base..base + l]) {
                        *o += w * x;
                    }
                }
                out
            })
            .collect()
    };
    let times_t = |y: &[f32]| -> Vec<f32> {
        // Aᵀ (dim × n) · y (n × l) -> dim × l
        let mut z = vec![0f32; dim * l];
        for (i, r) in rows.iter().enumerate() {
            let yi = &y[i * l..i * l + l];
            for &(f, w) in r {
                let base = f as usize * l;
                for (o, x) in z[base..base + l].iter_mut().zip(yi) {
                    *o += w * x;
                }
            }
        }
        z
    };
    // Orthonormalise the columns of an (m × l) row-major matrix.
    let orth = |y: &mut Vec<f32>, m: usize| {
        for c in 0..l {
            for p in 0..c {
                let mut d = 0f64;
                for i in 0..m {
                    d += (y[i * l + c] * y[i * l + p]) as f64;
                }
                for i in 0..m {
                    y[i * l + c] -= d as f32 * y[i * l + p];
                }
            }
            let norm: f64 = (0..m)
                .map(|i| (y[i * l + c] as f64).powi(2))
                .sum::<f64>()
                .sqrt();
            if norm > 1e-12 {
                for i in 0..m {
                    y[i * l + c] /= norm as f32;
                }
            }
        }
    };
    let mut y = times(&omega);
    orth(&mut y, n);
    let mut z = times_t(&y);
    orth(&mut z, dim);
    let mut y = times(&z);
    orth(&mut y, n);
    // B = Qᵀ A (l × dim) stored as Bᵀ (dim × l) = Aᵀ Q.
    let bt = times_t(&y);
    // Eigen-decomposition of B Bᵀ (l × l) by Jacobi rotations.
    let mut g = vec![0f64; l * l];
    for f in 0..dim {
        let row = &bt[f * l..f * l + l];
        for a in 0..l {
            if row[a] == 0.0 {
                continue;
            }
            for b in 0..l {
                g[a * l + b] += (row[a] * row[b]) as f64;
            }
        }
    }
    let mut vecs = vec![0f64; l * l];
    for i in 0..l {
        vecs[i * l + i] = 1.0;
    }
    for _sweep in 0..30 {
        let mut off = 0.0;
        for p in 0..l {
            for q in p + 1..l {
                off += g[p * l + q] * g[p * l + q];
            }
        }
        if off < 1e-18 {
            break;
        }
        for p in 0..l {
            for q in p + 1..l {
                let apq = g[p * l + q];
                if apq.abs() < 1e-30 {
                    continue;
                }
                let theta = (g[q * l + q] - g[p * l + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..l {
                    let gkp = g[k * l + p];
                    let gkq = g[k * l + q];
                    g[k * l + p] = c * gkp - s * gkq;
                    g[k * l + q] = s * gkp + c * gkq;
                }
                for k in 0..l {
                    let gpk = g[p * l + k];
                    let gqk = g[q * l + k];
                    g[p * l + k] = c * gpk - s * gqk;
                    g[q * l + k] = s * gpk + c * gqk;
                }
                for k in 0..l {
                    let vkp = vecs[k * l + p];
                    let vkq = vecs[k * l + q];
                    vecs[k * l + p] = c * vkp - s * vkq;
                    vecs[k * l + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    // V = Bᵀ Ũ Σ⁻¹ ; projections x V Σ = x Bᵀ Ũ (keep the Σ weighting).
    let mut v = vec![0f32; dim * l];
    for f in 0..dim {
        let row = &bt[f * l..f * l + l];
        for c in 0..l {
            let mut acc = 0f64;
            for a in 0..l {
                acc += row[a] as f64 * vecs[a * l + c];
            }
            v[f * l + c] = acc as f32;
        }
    }
    v
}

/// Rows projected on a basis `v` (`dim × l`, row-major), unit length.
fn project(rows: &[SparseVec], v: &[f32], l: usize) -> Vec<SparseVec> {
    rows.par_iter()
        .map(|r| {
            let mut out = vec![0f32; l];
            for &(f, w) in r {
                let base = f as usize * l;
                for (o, x) in out.iter_mut().zip(&v[base..base + l]) {
                    *o += w * x;
                }
            }
            let mut e: SparseVec = out
                .into_iter()
                .enumerate()
                .filter(|x| x.1 != 0.0)
                .map(|(i, x)| (i as u32, x))
                .collect();
            super::features::normalise(&mut e);
            e
        })
        .collect()
}

/// Discover clusters among the rows of `features`.
pub fn discover(features: &Features, config: &DiscoverConfig) -> Clustering {
    discover_except(features, None, config, |_| false)
}

/// [`discover`], with each row's meaning vector (`super::semantic`)
/// joined to its word coordinates, weighted by
/// [`DiscoverConfig::meaning_weight`] (a row with no TF-IDF feature, its
/// words all too rare, is clustered by its meaning alone), and the rows
/// `left_out` marks left unassigned and out of every centre (guided
/// discovery's seeded sentences: `super::guided`).
///
/// In phases: choose the rows to `sample` the centres on, `Compact`
/// their features, `embed` them (LSA and meaning), `cluster` them
/// (k-means, then merging), `assign` every row to the clusters kept,
/// `rank` the clusters and `sum_centroids` in the feature space.
pub fn discover_except(
    features: &Features,
    meaning: Option<&SegmentMeaning>,
    config: &DiscoverConfig,
    left_out: impl Fn(usize) -> bool + Sync,
) -> Clustering {
    let n = features.len();
    let meaning = meaning.filter(|m| m.len() == n && config.meaning_weight > 0.0);
    let active: Vec<usize> = (0..n)
        .into_par_iter()
        .filter(|&i| (features.has_row(i) || meaning.is_some_and(|m| m.has_row(i))) && !left_out(i))
        .collect();
    if active.is_empty() {
        return Clustering {
            assignment: vec![None; n],
            similarity: vec![0f32; n],
            centroids: Vec::new(),
            with_meaning: false,
        };
    }
    let fit_pos = sample(active.len(), config.seed);
    let compact = Compact::new(features, fit_pos.iter().map(|&p| active[p]));
    let all_fitted = fit_pos.len() == active.len();
    let fit: Vec<SparseVec> = fit_pos
        .par_iter()
        .map(|&p| compact.row(active[p]))
        .collect();
    let space = embed(fit, &active, &fit_pos, compact.dim(), meaning, config);
    // The rows answers are scored in: the embedded rows, the fitted rows when
    // every row was fitted, or each row made afresh (a fitted sample).
    let score_rows = (space.embedded || all_fitted).then_some(space.rows.as_slice());
    let (fitted, k) = cluster(&space, config);
    // Dissolve clusters too small to be a theme; their answers go to the
    // nearest remaining centre.
    let min_size = if config.k.is_some() {
        1
    } else {
        (space.rows.len() / 200).max(3)
    };
    let (centres, sizes) = centres_from(&space.rows, &fitted, k, space.dim);
    let keep: Vec<usize> = (0..k).filter(|&j| sizes[j] >= min_size).collect();
    let keep = if keep.is_empty() {
        (0..k).collect()
    } else {
        keep
    };
    let res = assign(&active, &centres, &keep, score_rows, &compact);
    let min_sim = if config.k.is_some() {
        config.min_similarity_given_k
    } else {
        config.min_similarity
    };
    let rank = rank(&res, k, &keep, min_sim, config);
    Clustering {
        with_meaning: space.with_meaning,
        ..sum_centroids(n, &active, &res, &rank, min_sim, &compact)
    }
}

/// Positions (in the active rows) of the rows the centres are fitted on:
/// every row, or on a large input a seeded sample of [`FIT_SAMPLE`] (the
/// other rows are only assigned to the centres).
fn sample(active: usize, seed: u64) -> Vec<usize> {
    if active <= FIT_SAMPLE {
        return (0..active).collect();
    }
    let mut rng = SplitMix64::new(seed ^ 0x5A4D_504C_4520_0001);
    let mut idx: Vec<usize> = (0..active).collect();
    for i in 0..FIT_SAMPLE {
        let j = i + (rng.next_u64() % (active - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(FIT_SAMPLE);
    idx.sort_unstable();
    idx
}

/// The feature ids of the fitted rows, compacted (other features cannot
/// weigh in any centre and are dropped). Rows are made in the compact ids
/// when needed rather than kept for every row: on a large corpus a second
/// copy of all the rows would be the largest thing in memory.
struct Compact<'a> {
    features: &'a Features<'a>,
    /// Compact id of each feature (`u32::MAX`: not in a fitted row).
    col: Vec<u32>,
    /// Feature of each compact id.
    cols: Vec<u32>,
}

/// Scratch space of [`Compact::row_into`].
type Scratch = (Vec<(u32, f32)>, SparseVec);

impl<'a> Compact<'a> {
    fn new(features: &'a Features<'a>, fitted: impl Iterator<Item = usize>) -> Self {
        let mut col = vec![u32::MAX; features.names.len()];
        for i in fitted {
            for &(f, _) in features.row(i).iter() {
                col[f as usize] = 0;
            }
        }
        let mut cols: Vec<u32> = Vec::new();
        for (f, c) in col.iter_mut().enumerate() {
            if *c == 0 {
                *c = cols.len() as u32;
                cols.push(f as u32);
            }
        }
        Compact {
            features,
            col,
            cols,
        }
    }

    /// Number of compact ids.
    fn dim(&self) -> usize {
        self.cols.len()
    }

    /// Row `i` in the compact ids, unit length, into `r`.
    fn row_into(&self, i: usize, scratch: &mut Scratch, r: &mut SparseVec) {
        self.features.row_into(i, &mut scratch.0, &mut scratch.1);
        r.clear();
        r.extend(
            scratch
                .1
                .iter()
                .filter(|&&(f, _)| self.col[f as usize] != u32::MAX)
                .map(|&(f, w)| (self.col[f as usize], w)),
        );
        r.sort_unstable_by_key(|x| x.0);
        super::features::normalise(r);
    }

    /// Row `i` in the compact ids, unit length.
    fn row(&self, i: usize) -> SparseVec {
        let mut r = SparseVec::new();
        self.row_into(i, &mut Default::default(), &mut r);
        r
    }
}

/// The fitted rows in the space they are clustered in.
struct Space {
    rows: Vec<SparseVec>,
    /// Dimensions of `rows`.
    dim: usize,
    /// The rows are LSA coordinates (joined with meaning), not compact
    /// features.
    embedded: bool,
    /// Meaning vectors are part of the rows.
    with_meaning: bool,
}

/// With a given k, or meaning, and every row fitted, the rows go into the
/// top singular directions of the rows (LSA), where words that share
/// answers pull together, and the meaning vectors are joined to them,
/// each part scaled by its share of the cosine. Automatic k without
/// meaning stays in the sparse space its merge threshold is measured in;
/// large inputs (a fitted sample) stay sparse too.
fn embed(
    fit: Vec<SparseVec>,
    active: &[usize],
    fit_pos: &[usize],
    dim: usize,
    meaning: Option<&SegmentMeaning>,
    config: &DiscoverConfig,
) -> Space {
    let lsa = config.lsa_dims;
    let all_fitted = fit_pos.len() == active.len();
    let in_lsa =
        (config.k.is_some() || meaning.is_some()) && lsa > 0 && all_fitted && dim > 2 * lsa;
    if !in_lsa {
        return Space {
            rows: fit,
            dim,
            embedded: false,
            with_meaning: false,
        };
    }
    let v = lsa_basis(&fit, dim, lsa, config.seed);
    let mut rows = project(&fit, &v, lsa);
    let mut dim = lsa;
    if let Some(m) = meaning {
        let dense: Vec<SparseVec> = fit_pos
            .par_iter()
            .map(|&p| {
                let mut r: SparseVec = m
                    .row(active[p])
                    .iter()
                    .enumerate()
                    .filter(|x| *x.1 != 0.0)
                    .map(|(d, &x)| (d as u32, x))
                    .collect();
                super::features::normalise(&mut r);
                r
            })
            .collect();
        let (ws, wm) = (
            (1.0 - config.meaning_weight).max(0.0).sqrt(),
            config.meaning_weight.min(1.0).sqrt(),
        );
        rows.par_iter_mut().zip(dense).for_each(|(e, r)| {
            e.iter_mut().for_each(|x| x.1 *= ws);
            e.extend(r.into_iter().map(|(d, x)| (lsa as u32 + d, x * wm)));
            super::features::normalise(e);
        });
        dim = lsa + m.dims;
    }
    Space {
        rows,
        dim,
        embedded: true,
        with_meaning: meaning.is_some(),
    }
}

/// k-means on the fitted rows from more clusters than wanted, then
/// merging: with automatic k while centres are alike, with a given k down
/// to k; refined after merging. The assignment of each fitted row and the
/// number of clusters.
fn cluster(space: &Space, config: &DiscoverConfig) -> (Vec<usize>, usize) {
    let (rows, dim) = (&space.rows, space.dim);
    let k0 = config
        .k
        .map(|k| (k as f32 * config.over_cluster.max(1.0)).ceil() as usize)
        .unwrap_or_else(|| auto_k0(rows.len()))
        .clamp(1, rows.len());
    let (mut assign, _) = kmeans(rows, k0, dim, config);
    let k = if config.k.is_none() {
        let threshold = if space.with_meaning {
            config.merge_similarity_meaning
        } else {
            config.merge_similarity
        };
        let k = merge_clusters(rows, &mut assign, k0, dim, threshold, None);
        let cap = config.max_themes_meaning.max(1);
        if space.with_meaning && k > cap {
            keep_largest(rows, &mut assign, k, dim, cap)
        } else {
            k
        }
    } else if let Some(want) = config.k.filter(|&w| w < k0) {
        merge_clusters(rows, &mut assign, k0, dim, f32::INFINITY, Some(want))
    } else {
        return (assign, k0);
    };
    let (a, _, _) = lloyd(rows, assign, k, dim, config.max_iter);
    (a, k)
}

/// Each active row's nearest kept centre and its cosine, in parallel.
fn assign(
    active: &[usize],
    centres: &Centres,
    keep: &[usize],
    score_rows: Option<&[SparseVec]>,
    compact: &Compact<'_>,
) -> Vec<(u32, f32)> {
    active
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0f32; centres.k], Scratch::default(), SparseVec::new()),
            |(buf, scratch, made), (p, &i)| {
                let row = match score_rows {
                    Some(rows) => &rows[p],
                    None => {
                        compact.row_into(i, scratch, made);
                        &*made
                    }
                };
                centres.scores(row, buf);
                let mut b = (keep[0], f32::NEG_INFINITY);
                for &j in keep {
                    if buf[j] > b.1 {
                        b = (j, buf[j]);
                    }
                }
                (b.0 as u32, b.1)
            },
        )
        .collect()
}

/// The rank of each of the `k` clusters by decreasing size (`usize::MAX`:
/// dropped): kept clusters with a row at least `min_sim` near. With
/// automatic k, a cluster much looser than the others (mean cosine under
/// [`DiscoverConfig::loose_cluster`] of the median cluster's) is a
/// catch-all of answers that fit nothing, and is dropped too.
fn rank(
    res: &[(u32, f32)],
    k: usize,
    keep: &[usize],
    min_sim: f32,
    config: &DiscoverConfig,
) -> Vec<usize> {
    let mut count = vec![0usize; k];
    for &(j, s) in res {
        if s >= min_sim {
            count[j as usize] += 1;
        }
    }
    let mut loose = vec![false; k];
    if config.k.is_none() {
        let mut sum = vec![0f64; k];
        for &(j, s) in res {
            if s >= min_sim {
                sum[j as usize] += s as f64;
            }
        }
        let mut means: Vec<f64> = (0..k)
            .filter(|&j| count[j] > 0)
            .map(|j| sum[j] / count[j] as f64)
            .collect();
        means.sort_by(f64::total_cmp);
        if let Some(&median) = means.get(means.len() / 2) {
            for j in 0..k {
                loose[j] =
                    count[j] > 0 && sum[j] / (count[j] as f64) < config.loose_cluster * median;
            }
        }
    }
    let mut order: Vec<usize> = keep
        .iter()
        .copied()
        .filter(|&j| count[j] > 0 && !loose[j])
        .collect();
    order.sort_by(|&a, &b| count[b].cmp(&count[a]).then(a.cmp(&b)));
    let mut rank = vec![usize::MAX; k];
    for (r, &j) in order.iter().enumerate() {
        rank[j] = r;
    }
    rank
}

/// The clustering: each row's ranked cluster (rows under `min_sim` stay
/// unassigned), and the centres in the feature space (labels are words),
/// summed in row order (the same sums at any thread count); rows are made
/// a stretch at a time, in parallel.
fn sum_centroids(
    n: usize,
    active: &[usize],
    res: &[(u32, f32)],
    rank: &[usize],
    min_sim: f32,
    compact: &Compact<'_>,
) -> Clustering {
    let clusters = rank.iter().filter(|&&r| r != usize::MAX).count();
    let sparse_dim = compact.dim();
    let mut assignment = vec![None; n];
    let mut similarity = vec![0f32; n];
    let mut sums: Vec<Vec<f32>> = vec![Vec::new(); clusters];
    let mut touched: Vec<Vec<u32>> = vec![Vec::new(); clusters];
    for (stretch, results) in active.chunks(SUM_STRETCH).zip(res.chunks(SUM_STRETCH)) {
        let made: Vec<Option<SparseVec>> = stretch
            .par_iter()
            .zip(results)
            .map_init(Scratch::default, |scratch, (&i, &(j, s))| {
                (s >= min_sim && rank[j as usize] != usize::MAX).then(|| {
                    let mut r = SparseVec::new();
                    compact.row_into(i, scratch, &mut r);
                    r
                })
            })
            .collect();
        for ((&i, &(j, s)), row) in stretch.iter().zip(results).zip(made) {
            let Some(row) = row else { continue };
            let r = rank[j as usize];
            assignment[i] = Some(r as u32);
            similarity[i] = s;
            if sums[r].is_empty() {
                sums[r] = vec![0f32; sparse_dim];
            }
            for &(f, w) in row.iter().filter(|x| (x.0 as usize) < sparse_dim) {
                if sums[r][f as usize] == 0.0 {
                    touched[r].push(f);
                }
                sums[r][f as usize] += w;
            }
        }
    }
    let centroids = sums
        .into_iter()
        .zip(touched)
        .map(|(sum, mut t)| {
            t.sort_unstable();
            t.dedup();
            let mut v: SparseVec = t
                .iter()
                .map(|&f| (compact.cols[f as usize], sum[f as usize]))
                .collect();
            v.sort_unstable_by_key(|x| x.0);
            super::features::normalise(&mut v);
            v
        })
        .collect();
    Clustering {
        assignment,
        similarity,
        centroids,
        with_meaning: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(u32, f32)]) -> SparseVec {
        let mut r = pairs.to_vec();
        super::super::features::normalise(&mut r);
        r
    }

    fn features(rows: Vec<SparseVec>, dim: usize) -> Features<'static> {
        Features::with_rows(
            (0..dim).map(|i| format!("f{i}")).collect(),
            vec![super::super::features::FeatureKind::Lemma; dim],
            vec![1.0; dim],
            rows,
        )
    }

    #[test]
    fn two_obvious_groups_are_found_and_empty_rows_stay_unassigned() {
        let mut rows = Vec::new();
        for i in 0..20 {
            rows.push(row(&[(0, 1.0), (1, 0.5 + (i % 3) as f32 * 0.1)]));
            rows.push(row(&[(2, 1.0), (3, 0.4 + (i % 4) as f32 * 0.1)]));
        }
        rows.push(Vec::new());
        let f = features(rows, 4);
        let c = discover(
            &f,
            &DiscoverConfig {
                k: Some(2),
                ..Default::default()
            },
        );
        assert_eq!(c.k(), 2);
        assert_eq!(c.assignment[40], None);
        for i in 0..20 {
            assert_eq!(c.assignment[2 * i], c.assignment[0], "row {}", 2 * i);
            assert_eq!(
                c.assignment[2 * i + 1],
                c.assignment[1],
                "row {}",
                2 * i + 1
            );
        }
        assert_ne!(c.assignment[0], c.assignment[1]);
        // Automatic k finds the same two groups.
        let auto = discover(&f, &DiscoverConfig::default());
        assert_eq!(auto.k(), 2, "{:?}", auto.assignment);
    }

    #[test]
    fn with_meaning_automatic_k_stops_at_a_readable_number_of_themes() {
        // 30 groups of 60 rows, each group on its own four words and its own
        // meaning direction: nothing is alike enough to merge, yet a person
        // reads at most a dozen themes.
        let (groups, per, dims) = (30u32, 60usize, 32usize);
        let mut rows = Vec::new();
        let mut data = Vec::new();
        for g in 0..groups {
            for i in 0..per {
                rows.push(row(&[(4 * g, 1.0), (4 * g + 1 + (i % 3) as u32, 0.5)]));
                let mut m = vec![0f32; dims];
                m[g as usize % dims] = 1.0;
                m[(g as usize + 1 + i % 2) % dims] = 0.2;
                data.extend(m);
            }
        }
        let f = features(rows, 4 * groups as usize);
        let meaning = SegmentMeaning { dims, data };
        let config = DiscoverConfig::default();
        let with = discover_except(&f, Some(&meaning), &config, |_| false);
        assert!(
            (2..=config.max_themes_meaning).contains(&with.k()),
            "{} themes",
            with.k()
        );
        // Words alone (a large input) keep the groups apart.
        let without = discover(&f, &config);
        assert!(
            without.k() > config.max_themes_meaning,
            "{} themes",
            without.k()
        );
    }

    #[test]
    fn with_a_given_k_groups_are_found_in_the_lsa_space_too() {
        // 120 features (more than twice the LSA dimensions): two groups of
        // answers, each over its own 60 words, six words an answer.
        let mut rng = SplitMix64::new(5);
        let rows: Vec<SparseVec> = (0..120u32)
            .map(|i| {
                let base = if i % 2 == 0 { 0 } else { 60 };
                let mut r: Vec<(u32, f32)> = (0..6)
                    .map(|_| (base + (rng.next_u64() % 60) as u32, 1.0))
                    .collect();
                r.sort_unstable_by_key(|x| x.0);
                r.dedup_by_key(|x| x.0);
                row(&r)
            })
            .collect();
        let f = features(rows, 120);
        let config = DiscoverConfig {
            k: Some(2),
            min_similarity_given_k: 0.0,
            ..Default::default()
        };
        assert!(120 > 2 * config.lsa_dims);
        let c = discover(&f, &config);
        assert_eq!(c.k(), 2);
        for i in 0..120 {
            assert_eq!(c.assignment[i], c.assignment[i % 2], "row {i}");
        }
        assert_ne!(c.assignment[0], c.assignment[1]);
        // Centres are reported over the features, not the LSA dimensions.
        assert!(c.centroids[0].len() > 48);
    }

    #[test]
    fn the_same_seed_gives_the_same_clusters() {
        let rows: Vec<SparseVec> = (0..300u32)
            .map(|i| {
                row(&[
                    (i % 11, 1.0),
                    ((i * 7) % 13 + 11, 0.7),
                    ((i * 3) % 5 + 24, 0.3),
                ])
            })
            .collect();
        let f = features(rows, 30);
        let cfg = DiscoverConfig {
            k: Some(6),
            seed: 42,
            ..Default::default()
        };
        let a = discover(&f, &cfg);
        let b = discover(&f, &cfg);
        assert_eq!(a.assignment, b.assignment);
        assert_eq!(a.similarity, b.similarity);
    }
}

/// The themes discovered in each answer.
#[derive(Debug)]
pub struct AnswerThemes {
    /// Number of themes.
    pub k: usize,
    /// Per answer, by theme: the byte spans of its segments in the theme,
    /// the best cosine (score) and the content tokens in the theme.
    pub members: super::membership::Membership,
    /// Per theme, the seed it was guided by ([`discover_answers_seeded`]).
    pub seeds: Vec<Option<usize>>,
    /// Whether the sentences' meaning vectors joined their words (up to
    /// 10,000 sentences, in a space large enough for LSA).
    pub with_meaning: bool,
    /// Whether words were weighed by their commonness in general Finnish
    /// (up to 10,000 sentences).
    pub by_commonness: bool,
}

impl AnswerThemes {
    /// One theme per answer (the one covering most of its content words),
    /// for scoring against single gold labels.
    pub fn dominant(&self) -> Vec<Option<usize>> {
        self.members
            .iter()
            .map(|m| {
                m.iter()
                    .max_by(|a, b| {
                        a.content
                            .cmp(&b.content)
                            .then(a.score.total_cmp(&b.score))
                            .then(b.theme.cmp(&a.theme))
                    })
                    .map(|x| x.theme as usize)
            })
            .collect()
    }
}

/// Discover themes in answers: each answer whole (`segmented` false) or
/// sentence by sentence, so an answer raising several themes gets each.
pub fn discover_answers(
    a: &super::features::Analysed,
    texts: &[&str],
    feature_config: &super::features::FeatureConfig,
    config: &DiscoverConfig,
    segmented: bool,
) -> AnswerThemes {
    discover_answers_seeded(a, texts, feature_config, config, segmented, None)
}

/// [`discover_answers`], guided by `seeds` (see `super::guided`): each
/// seed's sentences make a theme of their own, discovery clusters the rest.
pub fn discover_answers_seeded(
    a: &super::features::Analysed,
    texts: &[&str],
    feature_config: &super::features::FeatureConfig,
    config: &DiscoverConfig,
    segmented: bool,
    seeds: Option<&super::Codebook>,
) -> AnswerThemes {
    use super::features::{sentences, tfidf, whole_units};
    let segments = if segmented {
        sentences(a, texts)
    } else {
        whole_units(a)
    };
    crate::memory::trace("discover: segments");
    // Sentences are too short for their words alone to carry a theme: their
    // meaning vectors join the word coordinates, up to
    // [`MEANING_MAX_SEGMENTS`] sentences, and their words are weighed by
    // their commonness in general Finnish.
    let with_meaning =
        segmented && config.meaning_weight > 0.0 && segments.len() <= MEANING_MAX_SEGMENTS;
    let feature_config = super::features::FeatureConfig {
        commonness: if with_meaning {
            config.meaning_commonness
        } else {
            feature_config.commonness
        },
        ..feature_config.clone()
    };
    let features = tfidf(a, &segments, &feature_config);
    crate::memory::trace("discover: tf-idf");
    let meaning = with_meaning.then(|| {
        super::semantic::segment_meaning(
            a,
            &segments,
            crate::meaning::WordVectors::embedded(),
            feature_config.commonness,
        )
    });
    crate::memory::trace("discover: meaning");
    let (clustering, seed_of) = match seeds {
        None => {
            let c = discover_except(&features, meaning.as_ref(), config, |_| false);
            let k = c.k();
            (c, vec![None; k])
        }
        Some(seeds) => {
            let seeded = super::guided::seeded_segments(a, texts, &segments, seeds);
            let c = discover_except(&features, meaning.as_ref(), config, |i| seeded[i].is_some());
            super::guided::join(c, &seeded, seeds.themes.len(), &features)
        }
    };
    let clustering_with_meaning = clustering.with_meaning;
    drop(meaning);
    crate::memory::trace("discover: clustered");
    drop(features);
    crate::memory::release_free_memory();
    // Each answer's segments (its sentences are neighbours in `segments`).
    let mut first_segment = vec![usize::MAX; a.len()];
    for (s, seg) in segments.iter().enumerate().rev() {
        first_segment[seg.unit()] = s;
    }
    let k = clustering.k();
    let members = super::membership::Membership::build(a.len(), |u, out| {
        let first = first_segment[u];
        if first == usize::MAX {
            return;
        }
        // (theme, spans, best cosine, content tokens), by theme.
        type Found = (usize, Vec<(usize, usize)>, f64, usize);
        let mut m: Vec<Found> = Vec::new();
        for (s, seg) in segments
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, seg)| seg.unit() == u)
        {
            let Some(j) = clustering.assignment[s] else {
                continue;
            };
            let j = j as usize;
            let toks = seg.tokens(a);
            let span = (
                toks.first().map_or(0, |t| t.start as usize),
                toks.last().map_or(0, |t| t.end as usize),
            );
            let content = toks.iter().filter(|t| !t.stopword() && !t.number()).count();
            let sim = clustering.similarity[s] as f64;
            match m.iter_mut().find(|x| x.0 == j) {
                Some(x) => {
                    x.1.push(span);
                    x.2 = x.2.max(sim);
                    x.3 += content;
                }
                None => m.push((j, vec![span], sim, content)),
            }
        }
        m.sort_by_key(|x| x.0);
        for (j, spans, sim, content) in m {
            // Merge touching sentence spans.
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for s in spans {
                match merged.last_mut() {
                    Some(l) if s.0 <= l.1 + 2 => l.1 = l.1.max(s.1),
                    _ => merged.push(s),
                }
            }
            out.push(j, merged, sim, content);
        }
    });
    AnswerThemes {
        k,
        members,
        seeds: seed_of,
        with_meaning: clustering_with_meaning,
        by_commonness: with_meaning,
    }
}
