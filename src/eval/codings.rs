//! Agreement between two codings of the same answers (`teema eval codings
//! A B`): a human coder and teema, or two humans. A is the reference.
//!
//! A coding is read from a teema analysis directory (its `codings.csv`),
//! from a `codings.csv` as teema writes it, from a human coding table
//! with the header `respondent,question,theme` (one row per code; a unit
//! coded with no theme has an empty theme or `-`), or from a REFI-QDA
//! project (`.qdpx`, from teema, QualCoder, NVivo, ATLAS.ti or MAXQDA:
//! each plain-text source is an answer, its case the respondent; a code
//! is its name; optionally one user's codings only). The unit is the answer
//! `(respondent, question)`; a code is teema's `theme_label` when it is not
//! empty, else the theme id, or the human table's theme, matched by name
//! (trimmed, case-insensitive). A `--map` file (`a,b`) renames a code `b`
//! of B to the code `a` of A.
//!
//! Units scored: with `--units`, all units of that file; otherwise the
//! units of the human tables (a human table lists every unit its coder
//! saw, coded or not), or, when neither input is one, the union of the
//! units both mention. A REFI-QDA project lists every answer it holds:
//! without human tables its answers are the units, and a human table's
//! unit that a project compared with it lacks is an error. teema's codings.csv lists only coded answers, so its
//! codings of units outside are left out and counted; a human table's unit
//! outside `--units` is an error.
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
//!
//! The comparison itself is the themes stage's ([`crate::themes::agreement`],
//! re-exported here): `teema analyze --gold` runs it inside the pipeline.

pub use crate::themes::agreement::*;
use crate::{Error, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Open a CSV with a header; return the reader and the column positions of
/// `wanted` (`None` where absent).
fn open(path: &Path, wanted: &[&str]) -> Result<(csv::Reader<std::fs::File>, Vec<Option<usize>>)> {
    let (reader, headers) = super::open_table(path, b',')?;
    let cols = wanted
        .iter()
        .map(|w| {
            headers
                .iter()
                .position(|h| normalise(h.trim_start_matches('\u{feff}')) == *w)
        })
        .collect();
    Ok((reader, cols))
}

/// The error for a header without `missing`.
fn missing(path: &Path, missing: &str, need: &str) -> Error {
    Error::parse(
        path,
        1,
        format!(
            "no column '{missing}': a coding needs the header {need} (a human table) or teema's codings.csv"
        ),
    )
}

/// Read a coding: a teema analysis directory, teema's `codings.csv` or a
/// human table `respondent,question,theme`. Codes pass through `map`
/// (normalised code → normalised code) after normalising.
pub fn read_coding(path: &Path, map: &BTreeMap<String, String>) -> Result<Coding> {
    let file = if path.is_dir() {
        let f = path.join("codings.csv");
        if !f.is_file() {
            return Err(Error::input(
                path,
                "is a directory without codings.csv: give the directory of a teema analysis, a codings.csv or a coding table",
            ));
        }
        f
    } else {
        path.to_path_buf()
    };
    let path = file.as_path();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "qdpx" {
        return read_refi(path, map, None);
    }
    if ext == "qdc" {
        return Err(Error::input(
            path,
            "is a REFI-QDA code book, which holds no codings: give the project (.qdpx) exported with the codings",
        ));
    }
    if ext == "xlsx" || ext == "xls" {
        return Err(Error::input(
            path,
            "a coding is read from CSV: save the sheet as CSV with the header respondent,question,theme",
        ));
    }
    let (mut reader, cols) = open(path, &["respondent", "question", "theme", "theme_label"])?;
    let need = "respondent,question,theme";
    let r = cols[0].ok_or_else(|| missing(path, "respondent", need))?;
    let q = cols[1].ok_or_else(|| missing(path, "question", need))?;
    let t = cols[2].ok_or_else(|| missing(path, "theme", need))?;
    let label = cols[3];
    let kind = if label.is_some() {
        CodingKind::Teema
    } else {
        CodingKind::Table
    };
    let mut units: BTreeMap<UnitKey, (BTreeSet<String>, u64)> = BTreeMap::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(i as u64 + 2, |p| p.line());
            Error::parse(path, line, e.to_string())
        })?;
        let line = rec.position().map_or(i as u64 + 2, |p| p.line());
        let field = |c: usize, name: &str| {
            rec.get(c).map(str::trim).ok_or_else(|| {
                Error::parse(
                    path,
                    line,
                    format!("this row has {} fields and no '{name}'", rec.len()),
                )
            })
        };
        let respondent = field(r, "respondent")?;
        if respondent.is_empty() {
            return Err(Error::parse(path, line, "empty respondent"));
        }
        let question = field(q, "question")?;
        let mut code = field(t, "theme")?;
        if let Some(l) = label {
            let l = field(l, "theme_label")?;
            if !l.is_empty() {
                code = l;
            }
        }
        let entry = units
            .entry((respondent.to_string(), question.to_string()))
            .or_insert_with(|| (BTreeSet::new(), line));
        let code = normalise(code);
        if !code.is_empty() && code != "-" {
            let code = map.get(&code).cloned().unwrap_or(code);
            entry.0.insert(code);
        }
    }
    Ok(Coding {
        path: path.to_path_buf(),
        kind,
        units,
    })
}

/// Read a coding from a REFI-QDA project: every plain-text answer of the
/// project is a unit (see [`crate::corpus::refi::RefiProject::answers`]),
/// coded with the codes of its selections (by `user` only, when given: a
/// user's name or GUID). A code is matched by its name (by its path
/// `parent/name` when two codes share a name).
pub fn read_refi(
    path: &Path,
    map: &BTreeMap<String, String>,
    user: Option<&str>,
) -> Result<Coding> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let project = crate::corpus::refi::read_project(path, &bytes)?;
    let user = match user {
        None => None,
        Some(u) => {
            let wanted = u.trim().to_lowercase();
            let found = project.users.iter().position(|x| {
                x.name.trim().to_lowercase() == wanted || x.guid.to_lowercase() == wanted
            });
            match found {
                Some(i) => Some(i),
                None => {
                    let names: Vec<&str> = project.users.iter().map(|u| u.name.as_str()).collect();
                    return Err(Error::input(
                        path,
                        format!(
                            "has no user '{u}'; its users are: {}",
                            if names.is_empty() {
                                "(none)".to_string()
                            } else {
                                names.join(", ")
                            }
                        ),
                    ));
                }
            }
        }
    };
    let names: Vec<String> = project
        .code_names()
        .iter()
        .map(|n| {
            let n = normalise(n);
            map.get(&n).cloned().unwrap_or(n)
        })
        .collect();
    let mut units: BTreeMap<UnitKey, (BTreeSet<String>, u64)> = BTreeMap::new();
    for a in project.answers() {
        let source = &project.sources[a.source];
        if source.text.trim().is_empty() {
            continue;
        }
        let entry = units
            .entry((a.respondent, a.question.unwrap_or_default()))
            .or_insert_with(|| (BTreeSet::new(), source.line));
        for sel in &source.selections {
            for &(code, by) in &sel.codings {
                if user.is_none() || by == user {
                    entry.0.insert(names[code].clone());
                }
            }
        }
    }
    Ok(Coding {
        path: path.to_path_buf(),
        kind: CodingKind::Refi,
        units,
    })
}

/// Read a `--map` file: CSV `a,b` (a header row is allowed: a first row
/// `a,b` is skipped). Returns B's code → A's code, normalised.
pub fn read_map(path: &Path) -> Result<BTreeMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::input(path, e.to_string()))?;
    let mut map = BTreeMap::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Error::parse(path, i as u64 + 1, e.to_string()))?;
        let line = rec.position().map_or(i as u64 + 1, |p| p.line());
        let (Some(a), Some(b)) = (rec.get(0), rec.get(1)) else {
            return Err(Error::parse(
                path,
                line,
                "expected two fields: a code of A, the code of B it corresponds to",
            ));
        };
        let (a, b) = (normalise(a), normalise(b));
        if i == 0 && a == "a" && b == "b" {
            continue;
        }
        if a.is_empty() || b.is_empty() {
            return Err(Error::parse(path, line, "an empty code"));
        }
        map.insert(b, a);
    }
    Ok(map)
}

/// Read the units of `--units`: a table with `respondent` and `question`
/// columns (a coding table, a codings.csv), or a survey teema reads (its
/// non-empty open answers).
pub fn read_units(path: &Path) -> Result<BTreeSet<UnitKey>> {
    let is_table = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        && open(path, &["respondent", "question"])
            .is_ok_and(|(_, c)| c.iter().all(Option::is_some));
    if is_table {
        let coding = read_coding(path, &BTreeMap::new())?;
        return Ok(coding.units.into_keys().collect());
    }
    let corpus = crate::corpus::read_paths(&[path.to_path_buf()], &Default::default())?;
    Ok(corpus_units(&corpus))
}
