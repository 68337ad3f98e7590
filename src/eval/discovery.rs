//! Theme discovery scored against gold labels (`teema eval themes`):
//! read labelled texts from a delimited file, discover themes in the
//! texts, score them with [`super::themes`] (NMI, ARI, coverage, mean best
//! F1 per gold theme) and, when asked, show how the gold labels and the
//! themes meet.

use super::themes::{Agreement, BestF1, GoldThemes, best_f1, partial_agreement};
use crate::text::{Analyzer, Register};
use crate::themes::discover::{DiscoverConfig, discover_answers};
use crate::themes::features::{FeatureConfig, analyse};
use crate::{Error, Result};
use serde::Serialize;
use std::time::Instant;

/// How to discover and what to score.
#[derive(Debug, Clone, Default)]
pub struct DiscoveryEval {
    /// Number of themes (`None`: chosen from the data).
    pub k: Option<usize>,
    /// Random seed of discovery.
    pub seed: u64,
    /// Discover by sentence, as `teema analyze` does (an answer gets the
    /// themes of its sentences: `Some(true)`), each text as one unit
    /// (`Some(false)`), or `None`: by sentence when the gold gives a text
    /// several themes (answers that carry several themes, as survey
    /// answers do), each text as one unit when it gives every text at most
    /// one (texts of one topic each).
    pub by_sentence: Option<bool>,
    /// A label field may hold several labels split by this.
    pub label_sep: Option<String>,
    /// Labels that mean "no theme" (an empty label always does).
    pub no_theme: Vec<String>,
    /// Also make the tables of labels by theme and themes by label.
    pub tables: bool,
}

/// The scores of one discovery against the gold labels.
#[derive(Debug, Clone)]
pub struct DiscoveryScores {
    /// NMI, ARI and coverage.
    pub agreement: Agreement,
    /// Mean best F1 and F1 per gold theme.
    pub best_f1: BestF1,
    /// Seconds taken by the analysis and discovery.
    pub seconds: f64,
    /// Whether discovery went by sentence ([`DiscoveryEval::by_sentence`]).
    pub by_sentence: bool,
    /// With [`DiscoveryEval::tables`]: per gold label, the themes its texts went to.
    pub by_label: Option<Vec<LabelRow>>,
    /// With [`DiscoveryEval::tables`]: per theme, its words and the labels of its texts.
    pub by_theme: Option<Vec<ThemeRow>>,
}

/// Discover themes in the texts of `rows` (`(text, gold label)`) and score
/// them against the labels.
pub fn score_discovery(
    analyzer: &Analyzer,
    rows: &[(String, String)],
    config: &DiscoveryEval,
) -> DiscoveryScores {
    let labels: Vec<&str> = rows.iter().map(|(_, l)| l.as_str()).collect();
    let gold = GoldThemes::parse(&labels, config.label_sep.as_deref(), &config.no_theme);
    let by_sentence = config
        .by_sentence
        .unwrap_or_else(|| gold.of_text.iter().any(|t| t.len() > 1));
    let start = Instant::now();
    let texts: Vec<(&str, Register)> = rows
        .iter()
        .map(|(t, _)| (t.as_str(), Register::Written))
        .collect();
    let analysed = analyse(analyzer, &texts);
    let discover = DiscoverConfig {
        k: config.k,
        seed: config.seed,
        ..Default::default()
    };
    let plain: Vec<&str> = texts.iter().map(|t| t.0).collect();
    let found = discover_answers(
        &analysed,
        &plain,
        &FeatureConfig::default(),
        &discover,
        by_sentence,
    );
    let seconds = start.elapsed().as_secs_f64();
    let dominant = found.dominant();
    let every: Vec<Vec<usize>> = found
        .members
        .iter()
        .map(|m| m.iter().map(|e| e.theme as usize).collect())
        .collect();
    let (by_label, by_theme) = if config.tables {
        let (l, t) = tables(&labels, &dominant, &analysed, &plain, analyzer);
        (Some(l), Some(t))
    } else {
        (None, None)
    };
    DiscoveryScores {
        agreement: partial_agreement(&gold.partition(), &dominant),
        best_f1: best_f1(&gold, &every),
        seconds,
        by_sentence,
        by_label,
        by_theme,
    }
}

/// One gold label in the tables: its texts and where they went, by count
/// (theme `None`: unassigned).
#[derive(Debug, Clone, Serialize)]
pub struct LabelRow {
    /// The gold label.
    pub label: String,
    /// Its texts.
    pub texts: usize,
    /// The themes (numbered from 1; `None`: unassigned) its texts went to.
    pub themes: Vec<Share<Option<usize>>>,
}

/// One theme in the tables (numbered from 1 by size): its texts, label
/// words and the gold labels of its texts, by count.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeRow {
    /// The theme, numbered from 1 by size.
    pub theme: usize,
    /// Its texts.
    pub texts: usize,
    /// Its label words.
    pub words: String,
    /// The gold labels of its texts.
    pub labels: Vec<Share<String>>,
}

/// Texts of one group in another, and their share of the first.
#[derive(Debug, Clone, Serialize)]
pub struct Share<T> {
    /// The group.
    pub of: T,
    /// Texts in it.
    pub texts: usize,
    /// Their share of the first group (4 decimals).
    pub share: f64,
}

/// Count `keys` and list them by count (then key), with shares of `total`.
fn cells<T: Ord>(keys: impl Iterator<Item = T>, total: usize) -> Vec<Share<T>> {
    let mut counts: std::collections::BTreeMap<T, usize> = std::collections::BTreeMap::new();
    for k in keys {
        *counts.entry(k).or_default() += 1;
    }
    let mut out: Vec<Share<T>> = counts
        .into_iter()
        .map(|(of, texts)| Share {
            of,
            texts,
            share: crate::themes::crosstab::round(texts as f64 / total.max(1) as f64, 4),
        })
        .collect();
    out.sort_by(|a, b| b.texts.cmp(&a.texts).then_with(|| a.of.cmp(&b.of)));
    out
}

/// The tables: per gold label and per theme.
fn tables(
    labels: &[&str],
    found: &[Option<usize>],
    analysed: &crate::themes::features::Analysed,
    texts: &[&str],
    analyzer: &Analyzer,
) -> (Vec<LabelRow>, Vec<ThemeRow>) {
    let k = found.iter().flatten().max().map_or(0, |m| m + 1);
    // Texts by label (in text order) and by theme.
    let mut of_label: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut of_theme: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, (&l, f)) in labels.iter().zip(found).enumerate() {
        of_label.entry(l).or_default().push(i);
        if let Some(t) = f {
            of_theme[*t].push(i);
        }
    }
    let mut by_label: Vec<LabelRow> = of_label
        .into_iter()
        .map(|(l, members)| LabelRow {
            label: l.to_string(),
            texts: members.len(),
            themes: cells(
                members.iter().map(|&i| found[i].map(|t| t + 1)),
                members.len(),
            ),
        })
        .collect();
    by_label.sort_by(|a, b| b.texts.cmp(&a.texts).then_with(|| a.label.cmp(&b.label)));
    let counts = crate::themes::label::TermCounts::new(analysed, texts).worded_by(analyzer);
    let by_theme = of_theme
        .iter()
        .enumerate()
        .map(|(t, members)| ThemeRow {
            theme: t + 1,
            texts: members.len(),
            words: counts.characterise(analysed, texts, members).label,
            labels: cells(
                members.iter().map(|&i| labels[i].to_string()),
                members.len(),
            ),
        })
        .collect();
    (by_label, by_theme)
}

/// Read `(text, label)` pairs from a delimited file, skipping empty texts.
pub fn read_labelled(
    path: &std::path::Path,
    text: &str,
    label: &str,
) -> Result<Vec<(String, String)>> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let (mut reader, headers) = super::open_table(path, if is_csv { b',' } else { b'\t' })?;
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| {
                Error::parse(
                    path,
                    1,
                    format!(
                        "no column '{name}'; the header has: {}",
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ),
                )
            })
    };
    let (ti, li) = (col(text)?, col(label)?);
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(i as u64 + 2, |p| p.line());
            Error::parse(path, line, e.to_string())
        })?;
        let t = rec.get(ti).unwrap_or("").trim();
        if t.is_empty() {
            continue;
        }
        // A text without its label field cannot be scored: say where.
        let Some(l) = rec.get(li) else {
            let line = rec.position().map_or(i as u64 + 2, |p| p.line());
            return Err(Error::parse(
                path,
                line,
                format!(
                    "this row has {} fields and no '{label}' (column {})",
                    rec.len(),
                    li + 1
                ),
            ));
        };
        out.push((t.to_string(), l.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;

    #[test]
    fn two_kinds_of_texts_are_scored_and_tabled_against_their_labels() {
        let mut rows = Vec::new();
        for i in 0..12 {
            rows.push((
                format!("Ohjaaja neuvoi hyvin ja ohjaus auttoi {i}"),
                "ohjaus".into(),
            ));
            rows.push((
                format!("Kahvila oli kallis ja ruoka kylmää {i}"),
                "ruoka".into(),
            ));
        }
        let analyzer = Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let config = DiscoveryEval {
            k: Some(2),
            seed: 1,
            tables: true,
            ..Default::default()
        };
        let s = score_discovery(&analyzer, &rows, &config);
        assert_eq!(s.agreement.texts, 24);
        assert_eq!(s.best_f1.gold_themes, 2);
        assert!(s.best_f1.mean_best_f1 > 0.9, "{:?}", s.best_f1);
        let by_label = s.by_label.unwrap();
        assert_eq!(by_label.iter().map(|r| r.texts).sum::<usize>(), 24);
        assert!(
            by_label.iter().all(|r| r.themes[0].share > 0.9),
            "{by_label:?}"
        );
        let by_theme = s.by_theme.unwrap();
        assert_eq!(by_theme.len(), 2);
        assert_eq!(by_theme[0].theme, 1);
    }

    #[test]
    fn a_row_without_its_label_field_is_an_error_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kultaiset.tsv");
        std::fs::write(&path, "teksti\tteema\nHyvä kurssi\tkurssi\nLiian lyhyt\n").unwrap();
        let err = read_labelled(&path, "teksti", "teema")
            .unwrap_err()
            .to_string();
        assert!(err.contains("kultaiset.tsv:3:"), "{err}");
        let rows = read_labelled(&path, "teksti", "teksti").unwrap();
        assert_eq!(rows.len(), 2);
    }
}
