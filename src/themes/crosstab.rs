//! Cross-tabs of themes by a closed column or grouping: counts, row and
//! column shares, adjusted standardised residuals and chi-square tests
//! (statistic, degrees of freedom, p-value from the regularised incomplete
//! gamma function).

use super::result::{CrossTab, CrossTabRow};

/// Chi-square statistic, df and adjusted standardised residuals of an
/// r × c table of counts. Rows or columns summing to zero are ignored for
/// df; their residuals are 0.
pub fn chi_square(table: &[Vec<f64>]) -> (f64, usize, Vec<Vec<f64>>) {
    let r = table.len();
    let c = table.first().map_or(0, Vec::len);
    let row: Vec<f64> = table.iter().map(|x| x.iter().sum()).collect();
    let col: Vec<f64> = (0..c).map(|j| table.iter().map(|x| x[j]).sum()).collect();
    let n: f64 = row.iter().sum();
    let mut stat = 0.0;
    let mut resid = vec![vec![0.0; c]; r];
    if n > 0.0 {
        for i in 0..r {
            for j in 0..c {
                let e = row[i] * col[j] / n;
                if e > 0.0 {
                    let d = table[i][j] - e;
                    stat += d * d / e;
                    let v = e * (1.0 - row[i] / n) * (1.0 - col[j] / n);
                    if v > 0.0 {
                        resid[i][j] = d / v.sqrt();
                    }
                }
            }
        }
    }
    let rr = row.iter().filter(|&&x| x > 0.0).count();
    let cc = col.iter().filter(|&&x| x > 0.0).count();
    let df = rr.saturating_sub(1) * cc.saturating_sub(1);
    (stat, df, resid)
}

/// Upper tail of the chi-square distribution: P(X ≥ x) with `df` degrees.
pub fn chi_square_p(x: f64, df: usize) -> f64 {
    if df == 0 || x.is_nan() {
        return 1.0;
    }
    if x <= 0.0 {
        return 1.0;
    }
    gamma_q(df as f64 / 2.0, x / 2.0)
}

fn ln_gamma(x: f64) -> f64 {
    // Lanczos approximation (g = 7, n = 9).
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + 7.5;
    for (i, &c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Regularised upper incomplete gamma Q(a, x).
fn gamma_q(a: f64, x: f64) -> f64 {
    if x < a + 1.0 {
        // Series for P, then Q = 1 − P.
        let mut sum = 1.0 / a;
        let mut term = sum;
        let mut ap = a;
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        let p = sum * (-x + a * x.ln() - ln_gamma(a)).exp();
        (1.0 - p).clamp(0.0, 1.0)
    } else {
        // Continued fraction (Lentz).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-15 {
                break;
            }
        }
        ((-x + a * x.ln() - ln_gamma(a)).exp() * h).clamp(0.0, 1.0)
    }
}

/// Build a cross-tab from counts: `counts[theme][category]` of those
/// raising each theme, out of `totals[category]`.
pub fn build(
    column: &str,
    kind: &str,
    counted: &str,
    categories: Vec<String>,
    totals: Vec<usize>,
    themes: &[String],
    counts: Vec<Vec<usize>>,
) -> CrossTab {
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let rows: Vec<CrossTabRow> = themes
        .iter()
        .zip(&counts)
        .map(|(theme, row)| {
            let sum: usize = row.iter().sum();
            // 2 × c: raised / not raised by category.
            let table = vec![
                row.iter().map(|&x| x as f64).collect::<Vec<_>>(),
                row.iter()
                    .zip(&totals)
                    .map(|(&x, &t)| t.saturating_sub(x) as f64)
                    .collect(),
            ];
            let (stat, df, resid) = chi_square(&table);
            CrossTabRow {
                theme: theme.clone(),
                counts: row.clone(),
                row_shares: row.iter().map(|&x| share(x, sum)).collect(),
                column_shares: row
                    .iter()
                    .zip(&totals)
                    .map(|(&x, &t)| share(x, t))
                    .collect(),
                residuals: resid[0].iter().map(|r| round(*r, 4)).collect(),
                chi_square: round(stat, 4),
                df,
                p_value: chi_square_p(stat, df),
            }
        })
        .collect();
    let table: Vec<Vec<f64>> = counts
        .iter()
        .map(|r| r.iter().map(|&x| x as f64).collect())
        .collect();
    let (stat, df, _) = chi_square(&table);
    CrossTab {
        column: column.to_string(),
        kind: kind.to_string(),
        counted: counted.to_string(),
        categories,
        totals,
        rows,
        chi_square: round(stat, 4),
        df,
        p_value: chi_square_p(stat, df),
    }
}

/// Round to `d` decimals (stable JSON across platforms' last bits).
pub fn round(x: f64, d: i32) -> f64 {
    let m = 10f64.powi(d);
    (x * m).round() / m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_match_tables() {
        // Critical values: chi2(1) 3.841 → 0.05; chi2(2) 5.991 → 0.05; chi2(10) 23.209 → 0.01.
        assert!((chi_square_p(3.841, 1) - 0.05).abs() < 1e-3);
        assert!((chi_square_p(5.991, 2) - 0.05).abs() < 1e-3);
        assert!((chi_square_p(23.209, 10) - 0.01).abs() < 1e-3);
        assert_eq!(chi_square_p(0.0, 3), 1.0);
    }

    #[test]
    fn residuals_of_a_two_by_two_table() {
        // scipy.stats.chi2_contingency([[10, 20], [30, 40]], correction=False):
        // chi2 = 0.7937, df 1, p = 0.3730; adjusted residual = ±0.8909.
        let (stat, df, r) = chi_square(&[vec![10.0, 20.0], vec![30.0, 40.0]]);
        assert!((stat - 0.793_65).abs() < 1e-4, "{stat}");
        assert_eq!(df, 1);
        assert!((chi_square_p(stat, df) - 0.373).abs() < 1e-3);
        assert!((r[0][0] + 0.8909).abs() < 1e-3, "{:?}", r);
        assert!((r[0][0] + r[0][1]).abs() < 1e-9);
    }

    #[test]
    fn a_theme_raised_by_one_group_has_a_large_residual() {
        let ct = build(
            "nps_group",
            "nps_group",
            "respondents",
            vec!["detractor".into(), "passive".into(), "promoter".into()],
            vec![100, 100, 100],
            &["aukioloajat".into()],
            vec![vec![50, 20, 10]],
        );
        let row = &ct.rows[0];
        assert!(
            row.residuals[0] > 1.96 && row.residuals[2] < -1.96,
            "{:?}",
            row.residuals
        );
        assert!(row.p_value < 0.001);
        assert_eq!(row.column_shares[0], 0.5);
        assert!((row.row_shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
