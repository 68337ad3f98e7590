//! Inter-coder agreement: two coders' binary decisions as a 2×2 table
//! ([`Counts`]) with its F1, Cohen's κ and Krippendorff's α, and
//! Krippendorff's α for nominal data, any number of coders,
//! missing values allowed (the coincidence-matrix method of Krippendorff,
//! "Computing Krippendorff's Alpha-Reliability", 2011).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// F1 of `both` shared decisions between two sets of `a` and `b`
/// decisions; `None` when both are empty.
pub fn f1(both: usize, a: usize, b: usize) -> Option<f64> {
    (a + b > 0).then(|| 2.0 * both as f64 / (a + b) as f64)
}

/// How two coders decided one code (or all codes pooled) over units: the
/// 2×2 table of their decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Units both gave the code.
    pub both: usize,
    /// Units only A (the reference) gave it: misses of B.
    pub only_a: usize,
    /// Units only B gave it.
    pub only_b: usize,
    /// Units neither gave it.
    pub neither: usize,
}

impl Counts {
    /// Count one unit.
    pub fn add(&mut self, a: bool, b: bool) {
        self.add_n(a, b, 1);
    }

    /// Count `n` units with the same decisions.
    pub fn add_n(&mut self, a: bool, b: bool, n: usize) {
        match (a, b) {
            (true, true) => self.both += n,
            (true, false) => self.only_a += n,
            (false, true) => self.only_b += n,
            (false, false) => self.neither += n,
        }
    }

    /// Add another table's counts.
    pub fn plus(&mut self, o: &Counts) {
        self.both += o.both;
        self.only_a += o.only_a;
        self.only_b += o.only_b;
        self.neither += o.neither;
    }

    /// F1 of B against A; `None` when neither gave the code.
    pub fn f1(&self) -> Option<f64> {
        f1(self.both, self.both + self.only_a, self.both + self.only_b)
    }

    /// Cohen's κ of the table.
    pub fn kappa(&self) -> Option<f64> {
        let f = |x: usize| x as f64;
        cohen_kappa([
            [f(self.both), f(self.only_a)],
            [f(self.only_b), f(self.neither)],
        ])
    }

    /// Krippendorff's α of the table (binary decisions, no missing data:
    /// the same as [`krippendorff_alpha_nominal`] on them).
    pub fn alpha(&self) -> Option<f64> {
        let (tp, fp, fnn, tn) = (
            self.both as f64,
            self.only_b as f64,
            self.only_a as f64,
            self.neither as f64,
        );
        let n = 2.0 * (tp + fp + fnn + tn);
        let (n0, n1) = (2.0 * tn + fp + fnn, 2.0 * tp + fp + fnn);
        (n0 * n1 > 0.0).then(|| 1.0 - (n - 1.0) * (fp + fnn) / (n0 * n1))
    }
}

/// Cohen's κ of a 2×2 table `[[yes/yes, yes/no], [no/yes, no/no]]` (first
/// coder by row); `None` when chance agreement is total.
pub fn cohen_kappa(t: [[f64; 2]; 2]) -> Option<f64> {
    let n = t[0][0] + t[0][1] + t[1][0] + t[1][1];
    if n == 0.0 {
        return None;
    }
    let po = (t[0][0] + t[1][1]) / n;
    let pe = ((t[0][0] + t[0][1]) * (t[0][0] + t[1][0])
        + (t[1][0] + t[1][1]) * (t[0][1] + t[1][1]))
        / (n * n);
    (pe < 1.0).then(|| (po - pe) / (1.0 - pe))
}

/// Krippendorff's α for nominal data by the coincidence matrix: `data[u]`
/// holds unit `u`'s values, one per coder (`None`: missing). Units with
/// fewer than two values are not pairable and left out. `None` when there
/// is no variation (fewer than two values in all, or one value only).
pub fn krippendorff_alpha_nominal(data: &[Vec<Option<u32>>]) -> Option<f64> {
    let mut o: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for unit in data {
        let vals: Vec<u32> = unit.iter().flatten().copied().collect();
        let m = vals.len();
        if m < 2 {
            continue;
        }
        for (i, &c) in vals.iter().enumerate() {
            for (j, &k) in vals.iter().enumerate() {
                if i != j {
                    *o.entry((c, k)).or_default() += 1.0 / (m - 1) as f64;
                }
            }
        }
    }
    let mut nc: BTreeMap<u32, f64> = BTreeMap::new();
    for (&(c, _), &v) in &o {
        *nc.entry(c).or_default() += v;
    }
    let n: f64 = nc.values().sum();
    let disagree: f64 = o.iter().filter(|((c, k), _)| c != k).map(|(_, v)| v).sum();
    let expected: f64 = nc.values().map(|a| a * (n - a)).sum();
    (n > 1.0 && expected > 0.0).then(|| 1.0 - (n - 1.0) * disagree / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: Option<f64>, want: f64) {
        let g = got.expect("a value");
        assert!((g - want).abs() < 5e-4, "got {g:.4}, want {want:.3}");
    }

    #[test]
    fn alpha_two_coders_binary_by_hand() {
        // 10 units: both 1 on 3, both 0 on 4, A 1 / B 0 on 2, A 0 / B 1 on 1.
        // Coincidences: o11 = 6, o00 = 8, o01 = o10 = 3; n1 = 9, n0 = 11, n = 20.
        // α = 1 - (n-1) o01 / (n0 n1) ... with both off-diagonal cells:
        // 1 - 19 * 6 / (2 * 11 * 9) = 1 - 114/198 = 0.4242.
        let c = Counts {
            both: 3,
            only_a: 2,
            only_b: 1,
            neither: 4,
        };
        close(c.alpha(), 1.0 - 114.0 / 198.0);
        let mut data = Vec::new();
        for (n, a, b) in [(3, 1, 1), (2, 1, 0), (1, 0, 1), (4, 0, 0)] {
            for _ in 0..n {
                data.push(vec![Some(a), Some(b)]);
            }
        }
        close(krippendorff_alpha_nominal(&data), 1.0 - 114.0 / 198.0);
        // κ of the same table: po = 0.7, pe = 0.5*0.4 + 0.5*0.6 = 0.5, κ = 0.4.
        close(c.kappa(), 0.4);
        // F1: 2·3 / (5 + 4).
        close(c.f1(), 6.0 / 9.0);
        assert_eq!(Counts::default().f1(), None);
    }

    #[test]
    fn kappa_wikipedia_example() {
        // Wikipedia, Cohen's kappa: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15.
        close(cohen_kappa([[20.0, 5.0], [10.0, 15.0]]), 0.4);
        assert_eq!(cohen_kappa([[5.0, 0.0], [0.0, 0.0]]), None);
    }

    #[test]
    fn alpha_krippendorff_2011_nominal_example() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
        // 4 coders, 12 units, missing values: nominal α = 0.743.
        let rows: [[u32; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let data: Vec<Vec<Option<u32>>> = (0..12)
            .map(|u| rows.iter().map(|r| (r[u] != 0).then_some(r[u])).collect())
            .collect();
        close(krippendorff_alpha_nominal(&data), 0.743);
    }
}
