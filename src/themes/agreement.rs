//! A coding's agreement with a reference coding: the comparison behind
//! `teema analyze --gold` (computed in the pipeline, carried by
//! [`ThemeResult::agreement`](super::ThemeResult) and rendered by the
//! reports) and `teema eval codings` (which reads the codings from files,
//! `crate::eval::codings`). A is the reference, B the coding scored.
//!
//! The unit is the answer `(respondent, question)`; a code is teema's
//! theme label when it is not empty, else the theme id, or a human
//! table's theme, matched by name (trimmed, case-insensitive).
//!
//! Units scored: those given (a units file), otherwise the units of the
//! human tables (a human table lists every unit its coder saw, coded or
//! not), or, when neither input is one, the union of the units both
//! mention. A REFI-QDA project lists every answer it holds: without human
//! tables its answers are the units, and a human table's unit that a
//! project compared with it lacks is an error. teema's codings list only
//! coded answers, so its codings of units outside are left out and
//! counted; a human table's unit outside the units given is an error.
//!
//! Per code, over the units (has the code or not, for each coder):
//! precision, recall and F1 of B against A, Cohen's κ and Krippendorff's α
//! (nominal). The codes scored are those A uses: a code of A that B never
//! gives scores F1 0 (it is listed in `not_in_b` too); a code only B uses
//! is listed in `only_in_b`, not scored (teema's subthemes against a
//! coder who codes only the parents, or themes discovery found that the
//! reference's codebook lacks). Overall: mean F1 over the codes scored,
//! and κ and α over
//! all (unit, code) decisions pooled. Everything is given on all units and
//! on the units at least one coder gave any code (κ means little when most
//! text is uncoded), with bootstrap 95 % intervals (percentile, resampling
//! units, seeded; resample `r` draws from its own stream, so the result is
//! the same at any thread count).

use super::discover::SplitMix64;
pub use super::reliability::Counts;
use crate::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// An answer: `(respondent, question)`.
pub type UnitKey = (String, String);

/// What kind of file a coding was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodingKind {
    /// teema's `codings.csv` (lists coded answers only).
    Teema,
    /// A human coding table (`respondent,question,theme`; lists every unit seen).
    Table,
    /// A REFI-QDA project (`.qdpx`; lists every answer it holds, coded or not).
    Refi,
}

/// One coder's codes per unit.
#[derive(Debug, Clone)]
pub struct Coding {
    /// The file read.
    pub path: PathBuf,
    /// Its kind.
    pub kind: CodingKind,
    /// Per unit, its codes (normalised names; empty: coded with none), and
    /// the first line that names the unit.
    pub units: BTreeMap<UnitKey, (BTreeSet<String>, u64)>,
}

/// A code's name as matched: trimmed, lower-case.
pub fn normalise(code: &str) -> String {
    code.trim().to_lowercase()
}

/// The scores of one code (or all pooled) on a set of units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// The decisions.
    #[serde(flatten)]
    pub counts: Counts,
    /// `both / (both + only_b)`: share of B's units A agrees with.
    pub precision: Option<f64>,
    /// `both / (both + only_a)`: share of A's units B found.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall.
    pub f1: Option<f64>,
    /// Cohen's κ.
    pub kappa: Option<f64>,
    /// Krippendorff's α (nominal).
    pub alpha: Option<f64>,
}

impl Scores {
    fn of(c: Counts) -> Self {
        let ratio = |x: usize, d: usize| (d > 0).then(|| x as f64 / d as f64);
        Scores {
            counts: c,
            precision: ratio(c.both, c.both + c.only_b),
            recall: ratio(c.both, c.both + c.only_a),
            f1: c.f1(),
            kappa: c.kappa(),
            alpha: c.alpha(),
        }
    }
}

/// One code's agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeAgreement {
    /// The code (normalised name).
    pub code: String,
    /// On all units.
    pub all: Scores,
    /// On the units at least one coder coded.
    pub coded: Scores,
}

/// The overall figures on one set of units, with bootstrap intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overall {
    /// Units in the set.
    pub units: usize,
    /// Mean over the codes scored of their F1.
    pub mean_f1: Option<f64>,
    /// 95 % bootstrap interval of `mean_f1`.
    pub mean_f1_ci: Option<[f64; 2]>,
    /// κ and α over all (unit, code) decisions pooled.
    pub pooled: Scores,
    /// 95 % bootstrap interval of the pooled κ.
    pub kappa_ci: Option<[f64; 2]>,
    /// 95 % bootstrap interval of the pooled α.
    pub alpha_ci: Option<[f64; 2]>,
}

/// One coder in the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coder {
    /// The file read.
    pub path: PathBuf,
    /// Its kind.
    pub kind: CodingKind,
    /// Units scored this coder gave at least one code.
    pub units_coded: usize,
    /// Units this coder coded that are outside the units scored (left out).
    pub units_left_out: usize,
    /// Codes this coder used on the units scored.
    pub codes: usize,
}

/// The agreement of two codings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodingAgreement {
    /// The reference.
    pub a: Coder,
    /// The coding scored against it.
    pub b: Coder,
    /// Bootstrap resamples and seed.
    pub resamples: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Per code of A.
    pub codes: Vec<CodeAgreement>,
    /// Codes of A that B never gave (scored: F1 0).
    pub not_in_b: Vec<String>,
    /// Codes only B used (not scored).
    pub only_in_b: Vec<String>,
    /// On all units scored.
    pub all: Overall,
    /// On the units at least one coder gave any code.
    pub coded: Overall,
}

/// How to compare.
#[derive(Debug, Clone)]
pub struct CompareConfig {
    /// Bootstrap resamples (0: no intervals).
    pub resamples: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
}

/// Error for the first unit (by line) of a human table or a REFI-QDA
/// project `c` that is not in `units` (the units of `of`; `why` says what
/// that means). teema's codings pass: those outside are left out.
pub fn check_within(c: &Coding, units: &BTreeSet<UnitKey>, of: &Path, why: &str) -> Result<()> {
    if c.kind == CodingKind::Teema {
        return Ok(());
    }
    let Some(((r, q), (_, line))) = c
        .units
        .iter()
        .filter(|(k, _)| !units.contains(*k))
        .min_by_key(|(_, (_, line))| *line)
    else {
        return Ok(());
    };
    let what = format!(
        "respondent '{r}', question '{q}' is not a unit of {} ({why})",
        of.display()
    );
    Err(match c.kind {
        CodingKind::Refi => Error::input(
            &c.path,
            format!(
                "project.qde line {line}: the answer of {what}: check the case's name and the source's name or set"
            ),
        ),
        _ => Error::parse(
            &c.path,
            *line,
            format!("{what}: check the id and the question's header, or leave the row out"),
        ),
    })
}

/// The units of a corpus: every non-empty answer as (respondent, question;
/// empty for utterances).
pub fn corpus_units(corpus: &crate::corpus::Corpus) -> BTreeSet<UnitKey> {
    corpus
        .documents
        .iter()
        .flat_map(|d| {
            d.units.iter().map(|u| {
                (
                    d.id.clone(),
                    u.question.as_deref().unwrap_or("").to_string(),
                )
            })
        })
        .collect()
}

/// teema's own coding of a theme result (what its codings.csv holds, read
/// as `eval::codings::read_coding` reads it: a code is the theme's label, else its id),
/// named `path`; codes pass through `map` as in `read_coding`, found by
/// the theme's label or, failing that, its id (`t3`).
pub fn from_result(
    result: &crate::themes::ThemeResult,
    path: &Path,
    map: &BTreeMap<String, String>,
) -> Coding {
    let code_of: BTreeMap<&str, String> = result
        .themes
        .iter()
        .map(|t| {
            let name = if t.label.trim().is_empty() {
                normalise(&t.id)
            } else {
                normalise(&t.label)
            };
            let mapped = map
                .get(&name)
                .or_else(|| map.get(&normalise(&t.id)))
                .cloned();
            (t.id.as_str(), mapped.unwrap_or(name))
        })
        .collect();
    let mut units: BTreeMap<UnitKey, (BTreeSet<String>, u64)> = BTreeMap::new();
    for (i, c) in result.codings.iter().enumerate() {
        let key = (
            c.document.clone(),
            c.question.as_deref().unwrap_or("").to_string(),
        );
        let entry = units
            .entry(key)
            .or_insert_with(|| (BTreeSet::new(), i as u64 + 2));
        let code = code_of
            .get(&*c.theme)
            .cloned()
            .unwrap_or_else(|| normalise(&c.theme));
        entry.0.insert(code);
    }
    Coding {
        path: path.to_path_buf(),
        kind: CodingKind::Teema,
        units,
    }
}

/// Which units to score (see the module docs); errors for a human table's
/// unit outside `--units` (or outside the corpus, for `analyze --gold`) or
/// outside a REFI-QDA project compared with it.
fn choose_units(
    a: &Coding,
    b: &Coding,
    units: Option<(&Path, BTreeSet<UnitKey>)>,
) -> Result<BTreeSet<UnitKey>> {
    if let Some((upath, units)) = units {
        for c in [a, b] {
            check_within(
                c,
                &units,
                upath,
                "no such respondent, or an empty answer: a survey's empty answers are not units",
            )?;
        }
        return Ok(units);
    }
    let listing = |kind: CodingKind| -> Vec<&Coding> {
        [a, b].into_iter().filter(|c| c.kind == kind).collect()
    };
    let (tables, projects) = (listing(CodingKind::Table), listing(CodingKind::Refi));
    for p in &projects {
        let theirs: BTreeSet<UnitKey> = p.units.keys().cloned().collect();
        for t in &tables {
            check_within(t, &theirs, &p.path, "the project has no such answer")?;
        }
    }
    let sources = if !tables.is_empty() {
        tables
    } else if !projects.is_empty() {
        projects
    } else {
        vec![a, b]
    };
    Ok(sources
        .iter()
        .flat_map(|c| c.units.keys().cloned())
        .collect())
}

/// Compare coding `b` against the reference `a` on `units` (`--units`,
/// read with `eval::codings::read_units`) or the units the codings give.
pub fn compare(
    a: &Coding,
    b: &Coding,
    units: Option<(&Path, BTreeSet<UnitKey>)>,
    config: &CompareConfig,
) -> Result<CodingAgreement> {
    let units = choose_units(a, b, units)?;
    let none = BTreeSet::new();
    let codes_of = |c: &Coding| -> BTreeSet<String> {
        units
            .iter()
            .filter_map(|u| c.units.get(u))
            .flat_map(|(s, _)| s.iter().cloned())
            .collect()
    };
    let (ca, cb) = (codes_of(a), codes_of(b));
    let scored: Vec<String> = ca.iter().cloned().collect();
    // Per unit: per scored code, (A has it, B has it); and whether anyone coded it.
    let grid: Vec<(Vec<(bool, bool)>, bool)> = units
        .iter()
        .map(|u| {
            let sa = a.units.get(u).map_or(&none, |x| &x.0);
            let sb = b.units.get(u).map_or(&none, |x| &x.0);
            let row = scored
                .iter()
                .map(|c| (sa.contains(c), sb.contains(c)))
                .collect();
            (row, !sa.is_empty() || !sb.is_empty())
        })
        .collect();
    let coded_idx: Vec<usize> = (0..grid.len()).filter(|&i| grid[i].1).collect();
    let all_idx: Vec<usize> = (0..grid.len()).collect();
    let counts = |idx: &mut dyn Iterator<Item = usize>| -> Vec<Counts> {
        let mut out = vec![Counts::default(); scored.len()];
        for i in idx {
            for (c, &(x, y)) in out.iter_mut().zip(&grid[i].0) {
                c.add(x, y);
            }
        }
        out
    };
    let per_all = counts(&mut all_idx.iter().copied());
    let per_coded = counts(&mut coded_idx.iter().copied());
    let overall = |idx: &[usize], per: &[Counts], salt: u64| Overall {
        units: idx.len(),
        ..summarise(per, idx, &grid, &scored, config, salt)
    };
    let coder = |c: &Coding, codes: &BTreeSet<String>| Coder {
        path: c.path.clone(),
        kind: c.kind,
        units_coded: units
            .iter()
            .filter(|u| c.units.get(*u).is_some_and(|x| !x.0.is_empty()))
            .count(),
        units_left_out: c
            .units
            .iter()
            .filter(|(k, v)| !v.0.is_empty() && !units.contains(*k))
            .count(),
        codes: codes.len(),
    };
    Ok(CodingAgreement {
        a: coder(a, &ca),
        b: coder(b, &cb),
        resamples: config.resamples,
        seed: config.seed,
        codes: scored
            .iter()
            .enumerate()
            .map(|(i, c)| CodeAgreement {
                code: c.clone(),
                all: Scores::of(per_all[i]),
                coded: Scores::of(per_coded[i]),
            })
            .collect(),
        not_in_b: ca.difference(&cb).cloned().collect(),
        only_in_b: cb.difference(&ca).cloned().collect(),
        all: overall(&all_idx, &per_all, 0),
        coded: overall(&coded_idx, &per_coded, 1),
    })
}

/// Mean F1 (over codes with an F1) and the pooled counts of per-code counts.
fn point(per: &[Counts]) -> (Option<f64>, Counts) {
    let f1s: Vec<f64> = per.iter().filter_map(Counts::f1).collect();
    let mean = (!f1s.is_empty()).then(|| f1s.iter().sum::<f64>() / f1s.len() as f64);
    let mut pooled = Counts::default();
    for c in per {
        pooled.plus(c);
    }
    (mean, pooled)
}

/// One bootstrap resample's mean F1, pooled κ and pooled α.
type Draw = (Option<f64>, Option<f64>, Option<f64>);

/// The overall figures of `per` with bootstrap intervals over `idx`.
fn summarise(
    per: &[Counts],
    idx: &[usize],
    grid: &[(Vec<(bool, bool)>, bool)],
    scored: &[String],
    config: &CompareConfig,
    salt: u64,
) -> Overall {
    let (mean_f1, pooled) = point(per);
    let mut draws: Vec<Draw> = Vec::new();
    if !idx.is_empty() && config.resamples > 0 {
        // Units with the same decisions on every code are one pattern: a
        // resample counts draws per pattern, then adds each pattern once.
        let mut ids: BTreeMap<&[(bool, bool)], usize> = BTreeMap::new();
        let mut patterns: Vec<&[(bool, bool)]> = Vec::new();
        let of_unit: Vec<usize> = idx
            .iter()
            .map(|&i| {
                let row = grid[i].0.as_slice();
                *ids.entry(row).or_insert_with(|| {
                    patterns.push(row);
                    patterns.len() - 1
                })
            })
            .collect();
        draws = (0..config.resamples)
            .into_par_iter()
            .map(|r| {
                // Each resample its own stream: the same at any thread count.
                let mut rng = SplitMix64::new(
                    config.seed ^ (salt << 63) ^ (r as u64).wrapping_mul(0xD1B5_4A32_D192_ED03),
                );
                let mut times = vec![0usize; patterns.len()];
                for _ in 0..of_unit.len() {
                    times[of_unit[(rng.next_u64() % of_unit.len() as u64) as usize]] += 1;
                }
                let mut per = vec![Counts::default(); scored.len()];
                for (row, &n) in patterns.iter().zip(&times) {
                    for (c, &(x, y)) in per.iter_mut().zip(row.iter()) {
                        c.add_n(x, y, n);
                    }
                }
                let (m, p) = point(&per);
                (m, p.kappa(), p.alpha())
            })
            .collect();
    }
    let ci = |f: fn(&Draw) -> Option<f64>| {
        let mut v: Vec<f64> = draws.iter().filter_map(f).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let at = |q: f64| v[((q * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
        Some([at(0.025), at(0.975)])
    };
    Overall {
        units: idx.len(),
        mean_f1,
        mean_f1_ci: ci(|d| d.0),
        pooled: Scores::of(pooled),
        kappa_ci: ci(|d| d.1),
        alpha_ci: ci(|d| d.2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_BOOTSTRAP: CompareConfig = CompareConfig {
        resamples: 0,
        seed: 1,
    };

    fn coding(kind: CodingKind, rows: &[(&str, &str, &[&str])]) -> Coding {
        Coding {
            path: "x.csv".into(),
            kind,
            units: rows
                .iter()
                .map(|(r, q, c)| {
                    (
                        (r.to_string(), q.to_string()),
                        (c.iter().map(|s| s.to_string()).collect(), 2),
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn identical_codings_agree_fully_and_intervals_are_deterministic() {
        let a = coding(
            CodingKind::Table,
            &[
                ("1", "q", &["x"]),
                ("2", "q", &["y", "x"]),
                ("3", "q", &[]),
                ("4", "q", &["y"]),
            ],
        );
        let config = CompareConfig {
            resamples: 200,
            seed: 7,
        };
        let r = compare(&a, &a, None, &config).unwrap();
        assert_eq!(r.all.mean_f1, Some(1.0));
        assert_eq!(r.all.pooled.kappa, Some(1.0));
        assert_eq!(r.all.pooled.alpha, Some(1.0));
        assert_eq!(r.coded.units, 3);
        let again = compare(&a, &a, None, &config).unwrap();
        assert_eq!(
            format!("{:?}", r.all.kappa_ci),
            format!("{:?}", again.all.kappa_ci)
        );
    }

    #[test]
    fn teema_codings_outside_the_tables_units_are_left_out() {
        let a = coding(CodingKind::Table, &[("1", "q", &["x"]), ("2", "q", &[])]);
        let b = coding(
            CodingKind::Teema,
            &[("1", "q", &["x", "z"]), ("9", "q", &["x"])],
        );
        let r = compare(&a, &b, None, &NO_BOOTSTRAP).unwrap();
        assert_eq!(r.all.units, 2);
        assert_eq!(r.b.units_left_out, 1);
        assert_eq!(r.only_in_b, vec!["z".to_string()]);
        assert_eq!(r.codes[0].all.f1, Some(1.0));
        // A code of the reference that B never gives scores F1 0.
        let a = coding(CodingKind::Table, &[("1", "q", &["x"]), ("2", "q", &["w"])]);
        let r = compare(&a, &b, None, &NO_BOOTSTRAP).unwrap();
        assert_eq!(r.not_in_b, vec!["w".to_string()]);
        assert_eq!(r.all.mean_f1, Some(0.5));
    }
}
