//! Theme agreement against gold labels: normalised mutual information
//! (NMI, arithmetic mean normalisation as in scikit-learn), adjusted Rand
//! index (ARI) and coverage (share of texts given a theme).
//!
//! Unassigned texts count as one more group of their own in NMI and ARI
//! (the conservative choice: leaving texts out never raises the score);
//! `nmi_assigned` scores the assigned texts only.

use rustc_hash::FxHashMap;
use serde::Serialize;

/// Agreement of a grouping with gold labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Texts scored.
    pub texts: usize,
    /// Distinct gold labels.
    pub labels: usize,
    /// Themes found (unassigned not counted).
    pub themes: usize,
    /// NMI over all texts (unassigned as one group).
    pub nmi: f64,
    /// ARI over all texts (unassigned as one group).
    pub ari: f64,
    /// NMI over the assigned texts only.
    pub nmi_assigned: f64,
    /// Share of texts assigned to a theme.
    pub coverage: f64,
}

/// Cells of a contingency table, with the row and column sums.
type Contingency = (FxHashMap<(usize, usize), f64>, Vec<f64>, Vec<f64>);

fn contingency(a: &[usize], b: &[usize]) -> Contingency {
    let ka = a.iter().max().map_or(0, |m| m + 1);
    let kb = b.iter().max().map_or(0, |m| m + 1);
    let mut table = FxHashMap::default();
    let mut ra = vec![0f64; ka];
    let mut rb = vec![0f64; kb];
    for (&x, &y) in a.iter().zip(b) {
        *table.entry((x, y)).or_insert(0.0) += 1.0;
        ra[x] += 1.0;
        rb[y] += 1.0;
    }
    (table, ra, rb)
}

fn entropy(counts: &[f64], n: f64) -> f64 {
    counts
        .iter()
        .filter(|&&c| c > 0.0)
        .map(|&c| -(c / n) * (c / n).ln())
        .sum()
}

/// Normalised mutual information of two labelings (arithmetic mean of the
/// entropies); 1 for identical partitions, 1 when both have one group.
pub fn nmi(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len() as f64;
    if a.is_empty() {
        return 0.0;
    }
    let (table, ra, rb) = contingency(a, b);
    let (ha, hb) = (entropy(&ra, n), entropy(&rb, n));
    if ha == 0.0 && hb == 0.0 {
        return 1.0;
    }
    let mut cells: Vec<(&(usize, usize), &f64)> = table.iter().collect();
    cells.sort_by_key(|c| *c.0);
    let mi: f64 = cells
        .iter()
        .map(|&(&(x, y), &c)| (c / n) * ((c * n) / (ra[x] * rb[y])).ln())
        .sum();
    let denom = (ha + hb) / 2.0;
    if denom <= 0.0 {
        0.0
    } else {
        (mi / denom).clamp(0.0, 1.0)
    }
}

fn comb2(x: f64) -> f64 {
    x * (x - 1.0) / 2.0
}

/// Adjusted Rand index of two labelings; 1 for identical partitions, about
/// 0 for chance.
pub fn ari(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len() as f64;
    let (table, ra, rb) = contingency(a, b);
    let mut cells: Vec<f64> = table.values().copied().collect();
    cells.sort_by(f64::total_cmp);
    let index: f64 = cells.iter().map(|&c| comb2(c)).sum();
    let sa: f64 = ra.iter().map(|&c| comb2(c)).sum();
    let sb: f64 = rb.iter().map(|&c| comb2(c)).sum();
    let expected = sa * sb / comb2(n).max(1.0);
    let max = (sa + sb) / 2.0;
    if (max - expected).abs() < 1e-12 {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// Turn string labels into dense ids in first-seen order.
pub fn label_ids<S: AsRef<str>>(labels: &[S]) -> (Vec<usize>, usize) {
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    let out = labels
        .iter()
        .map(|l| {
            let next = ids.len();
            *ids.entry(l.as_ref()).or_insert(next)
        })
        .collect();
    (out, ids.len())
}

/// Score a grouping (`None` = unassigned) against gold label ids.
pub fn agreement(gold: &[usize], found: &[Option<usize>]) -> Agreement {
    let themes = found.iter().flatten().max().map_or(0, |m| m + 1);
    let all: Vec<usize> = found.iter().map(|f| f.unwrap_or(themes)).collect();
    let (ga, fa): (Vec<usize>, Vec<usize>) = gold
        .iter()
        .zip(found)
        .filter_map(|(&g, f)| f.map(|f| (g, f)))
        .unzip();
    let labels = gold.iter().max().map_or(0, |m| m + 1);
    let assigned = fa.len();
    Agreement {
        texts: gold.len(),
        labels,
        themes,
        nmi: nmi(gold, &all),
        ari: ari(gold, &all),
        nmi_assigned: nmi(&ga, &fa),
        coverage: if gold.is_empty() {
            0.0
        } else {
            assigned as f64 / gold.len() as f64
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_partitions_score_one_whatever_the_names() {
        let a = [0, 0, 1, 1, 2, 2];
        let b = [5, 5, 3, 3, 0, 0];
        assert!((nmi(&a, &b) - 1.0).abs() < 1e-12);
        assert!((ari(&a, &b) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn values_match_scikit_learn() {
        // sklearn: normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8
        // adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714
        let a = [0, 0, 1, 1];
        let b = [0, 0, 1, 2];
        assert!((nmi(&a, &b) - 0.8).abs() < 1e-9, "{}", nmi(&a, &b));
        assert!(
            (ari(&a, &b) - 0.571_428_571_4).abs() < 1e-9,
            "{}",
            ari(&a, &b)
        );
        // Independent partitions: NMI 0, ARI negative or about 0.
        let c = [0, 1, 0, 1];
        assert!(nmi(&a, &c).abs() < 1e-12);
        assert!(ari(&a, &c) <= 0.0);
    }

    #[test]
    fn unassigned_texts_lower_coverage_and_form_their_own_group() {
        let gold = [0, 0, 1, 1];
        let found = [Some(0), Some(0), Some(1), None];
        let ag = agreement(&gold, &found);
        assert_eq!(ag.coverage, 0.75);
        assert_eq!(ag.themes, 2);
        assert!((ag.nmi_assigned - 1.0).abs() < 1e-12);
        assert!(ag.nmi < 1.0);
    }
}
