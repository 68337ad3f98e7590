//! Theme agreement against gold labels: normalised mutual information
//! (NMI, arithmetic mean normalisation as in scikit-learn), adjusted Rand
//! index (ARI), coverage (share of texts given a theme) and mean best F1.
//!
//! Unassigned texts count as one more group of their own in NMI and ARI
//! (the conservative choice: leaving texts out never raises the score);
//! `nmi_assigned` scores the assigned texts only.
//!
//! Gold may give a text several themes ([`GoldThemes::parse`] with a
//! separator) or none (an empty label or a no-theme marker such as `-`).
//! - Mean best F1 ([`best_f1`]): for each gold theme, the F1 over texts of
//!   the discovered theme that matches it best, averaged over gold themes
//!   (each counts the same, however many texts it has). A text belongs to
//!   each of its gold themes and to each theme discovery gave it. A theme
//!   split in pieces scores the recall of its biggest piece; a theme
//!   drowned in a bigger one scores that one's precision. Texts with no
//!   gold theme belong to no gold theme, and count against the precision
//!   of any theme they were put in.
//! - NMI and ARI are partition measures, so they score the texts with at
//!   most one gold label: the no-theme texts form one gold group, texts
//!   with several gold themes are left out (`nmi_texts` says how many
//!   were scored), and discovery's side is each text's dominant theme.

use rustc_hash::FxHashMap;
use serde::Serialize;

/// Agreement of a grouping with gold labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Texts scored.
    pub texts: usize,
    /// Texts NMI and ARI scored (those with at most one gold label).
    pub nmi_texts: usize,
    /// Distinct gold labels of the texts NMI and ARI scored.
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

/// Gold themes of texts, parsed from label fields.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldThemes {
    /// Theme names, in first-seen order.
    pub names: Vec<String>,
    /// Per text, its gold themes (ids into `names`, ascending, no repeats;
    /// empty: no theme).
    pub of_text: Vec<Vec<usize>>,
}

impl GoldThemes {
    /// Parse label fields: with `sep`, a field holds several labels split
    /// by it (parts trimmed, empty parts dropped); without, the whole
    /// field is one label. An empty label or one in `no_theme` means the
    /// text has no theme.
    pub fn parse<S: AsRef<str>>(labels: &[S], sep: Option<&str>, no_theme: &[String]) -> Self {
        let mut ids: FxHashMap<String, usize> = FxHashMap::default();
        let mut names = Vec::new();
        let of_text = labels
            .iter()
            .map(|field| {
                let field = field.as_ref();
                let parts: Vec<&str> = match sep {
                    Some(sep) if !sep.is_empty() => field.split(sep).map(str::trim).collect(),
                    _ => vec![field.trim()],
                };
                let mut themes: Vec<usize> = parts
                    .into_iter()
                    .filter(|p| !p.is_empty() && !no_theme.iter().any(|n| n == p))
                    .map(|p| {
                        *ids.entry(p.to_string()).or_insert_with(|| {
                            names.push(p.to_string());
                            names.len() - 1
                        })
                    })
                    .collect();
                themes.sort_unstable();
                themes.dedup();
                themes
            })
            .collect();
        GoldThemes { names, of_text }
    }

    /// The gold partition NMI and ARI score: a text's one theme, the
    /// no-theme group (id `names.len()`) for a text without one, `None`
    /// for a text with several.
    pub fn partition(&self) -> Vec<Option<usize>> {
        self.of_text
            .iter()
            .map(|t| match t.as_slice() {
                [] => Some(self.names.len()),
                [one] => Some(*one),
                _ => None,
            })
            .collect()
    }
}

/// How well one gold theme is found: the discovered theme with the best F1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeF1 {
    /// The gold theme.
    pub label: String,
    /// Texts with this gold theme.
    pub texts: usize,
    /// The best matching discovered theme (numbered from 1; `None` when no
    /// theme shares a text with it).
    pub theme: Option<usize>,
    /// Texts of that theme, and how many of them have the gold theme.
    pub theme_texts: usize,
    /// Texts in both.
    pub both: usize,
    /// `both / theme_texts`.
    pub precision: f64,
    /// `both / texts`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Mean best F1 and its parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestF1 {
    /// Gold themes (texts with none are not a theme).
    pub gold_themes: usize,
    /// Texts with no gold theme.
    pub no_theme_texts: usize,
    /// Texts with several gold themes.
    pub multi_theme_texts: usize,
    /// Mean over gold themes of their best F1 (0 without gold themes).
    pub mean_best_f1: f64,
    /// Per gold theme, by decreasing texts (then name).
    pub per_theme: Vec<ThemeF1>,
}

/// For each gold theme, the discovered theme (of `found`: each text's
/// themes) with the best F1 over texts, and their mean. Ties go to the
/// lower theme number.
pub fn best_f1(gold: &GoldThemes, found: &[Vec<usize>]) -> BestF1 {
    let k = found.iter().flatten().max().map_or(0, |m| m + 1);
    let g = gold.names.len();
    let mut size_found = vec![0usize; k];
    let mut size_gold = vec![0usize; g];
    let mut both = vec![0usize; g * k];
    for (gs, fs) in gold.of_text.iter().zip(found) {
        for &t in fs {
            size_found[t] += 1;
        }
        for &l in gs {
            size_gold[l] += 1;
            for &t in fs {
                both[l * k + t] += 1;
            }
        }
    }
    let f1 = |n: usize, a: usize, b: usize| crate::themes::reliability::f1(n, a, b).unwrap_or(0.0);
    let mut per_theme: Vec<ThemeF1> = (0..g)
        .map(|l| {
            let best = (0..k)
                .filter(|&t| both[l * k + t] > 0)
                .map(|t| (t, f1(both[l * k + t], size_gold[l], size_found[t])))
                .fold(None, |acc: Option<(usize, f64)>, x| match acc {
                    Some(a) if a.1 >= x.1 => Some(a),
                    _ => Some(x),
                });
            let (theme, n, tt, f) = match best {
                Some((t, f)) => (Some(t + 1), both[l * k + t], size_found[t], f),
                None => (None, 0, 0, 0.0),
            };
            ThemeF1 {
                label: gold.names[l].clone(),
                texts: size_gold[l],
                theme,
                theme_texts: tt,
                both: n,
                precision: if tt == 0 { 0.0 } else { n as f64 / tt as f64 },
                recall: if size_gold[l] == 0 {
                    0.0
                } else {
                    n as f64 / size_gold[l] as f64
                },
                f1: f,
            }
        })
        .collect();
    let mean_best_f1 = if g == 0 {
        0.0
    } else {
        per_theme.iter().map(|t| t.f1).sum::<f64>() / g as f64
    };
    per_theme.sort_by(|a, b| b.texts.cmp(&a.texts).then_with(|| a.label.cmp(&b.label)));
    BestF1 {
        gold_themes: g,
        no_theme_texts: gold.of_text.iter().filter(|t| t.is_empty()).count(),
        multi_theme_texts: gold.of_text.iter().filter(|t| t.len() > 1).count(),
        mean_best_f1,
        per_theme,
    }
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
    let gold: Vec<Option<usize>> = gold.iter().map(|&g| Some(g)).collect();
    partial_agreement(&gold, found)
}

/// [`agreement`] when some texts have no gold group (`None`): NMI and ARI
/// score the others (`nmi_texts`), coverage all texts.
pub fn partial_agreement(gold: &[Option<usize>], found: &[Option<usize>]) -> Agreement {
    let themes = found.iter().flatten().max().map_or(0, |m| m + 1);
    let (g_all, f_all): (Vec<usize>, Vec<usize>) = gold
        .iter()
        .zip(found)
        .filter_map(|(g, f)| g.map(|g| (g, f.unwrap_or(themes))))
        .unzip();
    let (ga, fa): (Vec<usize>, Vec<usize>) = gold
        .iter()
        .zip(found)
        .filter_map(|(g, f)| g.zip(*f))
        .unzip();
    let labels = g_all.iter().max().map_or(0, |m| m + 1);
    let assigned = found.iter().flatten().count();
    Agreement {
        texts: gold.len(),
        nmi_texts: g_all.len(),
        labels,
        themes,
        nmi: nmi(&g_all, &f_all),
        ari: ari(&g_all, &f_all),
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

    #[test]
    fn gold_fields_split_on_the_separator_and_markers_mean_no_theme() {
        let labels = ["a", "a | b", "-", "", "none", "b", "b|b|"];
        let no = ["-".to_string(), "none".to_string()];
        let g = GoldThemes::parse(&labels, Some("|"), &no);
        assert_eq!(g.names, ["a", "b"]);
        let want: Vec<Vec<usize>> = vec![
            vec![0],
            vec![0, 1],
            vec![],
            vec![],
            vec![],
            vec![1],
            vec![1],
        ];
        assert_eq!(g.of_text, want);
        // NMI's partition: no theme is group 2, the two-theme text is out.
        let p = g.partition();
        assert_eq!(
            p,
            [Some(0), None, Some(2), Some(2), Some(2), Some(1), Some(1)]
        );
        // Without a separator the whole field is one label.
        let g = GoldThemes::parse(&labels, None, &no);
        assert_eq!(g.names, ["a", "a | b", "b", "b|b|"]);
    }

    /// `best_f1` of one-theme-per-text groupings given as `Option`s.
    fn mean_f1(gold: &[&str], found: &[Option<usize>]) -> f64 {
        let g = GoldThemes::parse(gold, Some("|"), &["-".to_string()]);
        let f: Vec<Vec<usize>> = found.iter().map(|t| t.iter().copied().collect()).collect();
        best_f1(&g, &f).mean_best_f1
    }

    #[test]
    fn best_f1_matches_hand_computed_values() {
        // Gold a = {0, 1, 2}, b = {2, 3, 5}; text 4 has no theme.
        // Found: theme 1 = {0, 1, 2}, theme 2 = {3, 4}, text 5 unassigned.
        let gold = ["a", "a", "a|b", "b", "-", "b"];
        let g = GoldThemes::parse(&gold, Some("|"), &["-".to_string()]);
        let found = vec![vec![0], vec![0], vec![0], vec![1], vec![1], vec![]];
        let r = best_f1(&g, &found);
        assert_eq!(
            (r.gold_themes, r.no_theme_texts, r.multi_theme_texts),
            (2, 1, 1)
        );
        // a: theme 1 holds exactly its texts: F1 1.
        let a = &r.per_theme[0];
        assert_eq!((a.label.as_str(), a.theme, a.both), ("a", Some(1), 3));
        assert!((a.f1 - 1.0).abs() < 1e-12, "{a:?}");
        // b: theme 1 shares text 2 (F1 2/6), theme 2 shares text 3 and
        // holds the no-theme text 4 (P 1/2, R 1/3, F1 2/5): theme 2 wins.
        let b = &r.per_theme[1];
        assert_eq!(
            (b.label.as_str(), b.theme, b.theme_texts, b.both),
            ("b", Some(2), 2, 1)
        );
        assert!((b.precision - 0.5).abs() < 1e-12, "{b:?}");
        assert!((b.recall - 1.0 / 3.0).abs() < 1e-12, "{b:?}");
        assert!((b.f1 - 0.4).abs() < 1e-12, "{b:?}");
        assert!((r.mean_best_f1 - 0.7).abs() < 1e-12, "{r:?}");
    }

    #[test]
    fn best_f1_punishes_a_split_theme_and_a_drowned_one() {
        // a split in two halves: its best piece has recall 1/2, F1 2/3.
        let split = mean_f1(&["a", "a", "a", "a"], &[Some(0), Some(0), Some(1), Some(1)]);
        assert!((split - 2.0 / 3.0).abs() < 1e-12, "{split}");
        // a and b in one theme: precision 1/2 each, F1 2/3 each.
        let drowned = mean_f1(&["a", "a", "b", "b"], &[Some(0); 4]);
        assert!((drowned - 2.0 / 3.0).abs() < 1e-12, "{drowned}");
        let exact = mean_f1(&["a", "a", "b", "b"], &[Some(3), Some(3), Some(0), Some(0)]);
        assert!((exact - 1.0).abs() < 1e-12, "{exact}");
        // Nothing assigned: F1 0, and a gold theme never found is named.
        let g = GoldThemes::parse(&["a", "b"], None, &[]);
        let r = best_f1(&g, &[vec![], vec![]]);
        assert_eq!(r.mean_best_f1, 0.0);
        assert_eq!(r.per_theme[0].theme, None);
    }

    #[test]
    fn a_text_in_two_themes_counts_in_each() {
        // Text 1 went to themes 1 and 2: theme 2 = {1, 2} is then exactly b.
        let g = GoldThemes::parse(&["a", "a|b", "b"], Some("|"), &[]);
        let r = best_f1(&g, &[vec![0], vec![0, 1], vec![1]]);
        assert!((r.mean_best_f1 - 1.0).abs() < 1e-12, "{r:?}");
    }

    #[test]
    fn nmi_leaves_multi_label_texts_out_and_counts_them() {
        let gold = [Some(0), Some(0), None, Some(1), Some(1)];
        let found = [Some(0), Some(0), Some(1), Some(1), None];
        let ag = partial_agreement(&gold, &found);
        assert_eq!((ag.texts, ag.nmi_texts), (5, 4));
        assert_eq!(ag.coverage, 0.8);
        // Scored: gold [0,0,1,1] against [0,0,1,unassigned]: sklearn's
        // normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8.
        assert!((ag.nmi - 0.8).abs() < 1e-9, "{}", ag.nmi);
    }
}
