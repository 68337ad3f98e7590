//! Inter-coder reliability coefficients: Cohen's κ of two coders' 2×2
//! table and Krippendorff's α for nominal data, any number of coders,
//! missing values allowed (the coincidence-matrix method of Krippendorff,
//! "Computing Krippendorff's Alpha-Reliability", 2011).

use std::collections::BTreeMap;

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
