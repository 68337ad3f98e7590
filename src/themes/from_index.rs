//! The analysis an index already holds, read back for the themes: the
//! lemma at every token position and the compound parts of every
//! compound, un-inverted from the `lemma` and `parts` fields' postings.
//!
//! `teema themes DIR` on an index then needs no second pass through the
//! lemmatiser: [`super::features::analyse_with`] walks each text's token
//! spans (the same tokenizer the index used) and takes each word's lemma
//! from here. A text whose stored positions do not line up with its spans
//! (or an index made by another lemmatiser or analyzer) is analysed afresh,
//! so the result is always the analysis of the current text.

use crate::index::analyzer::ANALYZER_NAME;
use crate::text::Analyzer;
use crate::{Error, Result};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::Path;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, SegmentReader, TERMINATED};

/// The stored analysis of every unit of a corpus read from an index.
#[derive(Debug, Default)]
pub struct IndexTokens {
    /// Lemma and part strings; ids below index this.
    pub terms: Vec<String>,
    /// Lemma ids of all units, concatenated.
    lemmas: Vec<u32>,
    /// Part ids of all compounds, concatenated.
    parts: Vec<u32>,
    /// Each compound's range in `parts`, concatenated over units.
    runs: Vec<Range<u32>>,
    /// Per unit (in [`Corpus::units`] order): its range in `lemmas` and in
    /// `runs`; `None` when the index holds no analysis for it.
    units: Vec<Option<(Range<u32>, Range<u32>)>>,
}

/// The stored analysis of one unit.
#[derive(Debug, Clone, Copy)]
pub struct UnitTokens<'a> {
    /// Lemma of every token (term ids), in order.
    pub lemmas: &'a [u32],
    /// The parts of each compound word, in order.
    pub runs: &'a [Range<u32>],
    /// All part ids (the runs index this).
    pub parts: &'a [u32],
}

impl IndexTokens {
    /// The analysis of unit `i` (corpus order), if stored.
    pub fn unit(&self, i: usize) -> Option<UnitTokens<'_>> {
        let (l, r) = self.units.get(i)?.as_ref()?;
        Some(UnitTokens {
            lemmas: &self.lemmas[l.start as usize..l.end as usize],
            runs: &self.runs[r.start as usize..r.end as usize],
            parts: &self.parts,
        })
    }

    /// Number of units covered (stored or not).
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// True when no unit is covered.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

/// Per segment document: (position, term id) pairs of one field.
struct Uninverted {
    /// Start of each document's pairs in `pairs` (`max_doc + 1` entries).
    start: Vec<u32>,
    /// (position, term) sorted by position within each document.
    pairs: Vec<(u32, u32)>,
}

/// Un-invert `field` of one segment: the terms at every position of every
/// document. Term ids come from `intern` (called in term order).
fn uninvert(
    segment: &SegmentReader,
    field: Field,
    mut intern: impl FnMut(&[u8]) -> u32,
) -> Result<Uninverted> {
    let inverted = segment.inverted_index(field)?;
    let max_doc = segment.max_doc() as usize;
    let mut triples: Vec<(u32, u32, u32)> = Vec::new();
    let mut positions: Vec<u32> = Vec::new();
    let mut stream = inverted
        .terms()
        .stream()
        .map_err(|e| Error::Tantivy(e.into()))?;
    while stream.advance() {
        let term = intern(stream.key());
        let mut postings = inverted
            .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqsAndPositions)
            .map_err(|e| Error::Tantivy(e.into()))?;
        while postings.doc() != TERMINATED {
            let doc = postings.doc();
            if doc as usize >= max_doc {
                return Err(Error::Tantivy(tantivy::TantivyError::DataCorruption(
                    tantivy::error::DataCorruption::comment_only(format!(
                        "a posting names document {doc} of a segment of {max_doc}"
                    )),
                )));
            }
            postings.positions(&mut positions);
            triples.extend(positions.iter().map(|&p| (doc, p, term)));
            postings.advance();
        }
    }
    // Counting sort by document, then by position within each.
    let mut start = vec![0u32; max_doc + 1];
    for &(d, _, _) in &triples {
        start[d as usize + 1] += 1;
    }
    for d in 0..max_doc {
        start[d + 1] += start[d];
    }
    let mut fill = start.clone();
    let mut pairs = vec![(0u32, 0u32); triples.len()];
    for (d, p, t) in triples {
        let at = &mut fill[d as usize];
        pairs[*at as usize] = (p, t);
        *at += 1;
    }
    for d in 0..max_doc {
        pairs[start[d] as usize..start[d + 1] as usize].sort_unstable();
    }
    Ok(Uninverted { start, pairs })
}

/// Read the stored analysis of every unit in the index at `dir`, in the
/// order [`crate::index::load_corpus`] gives the units (it can run at the
/// same time). `None` when the index was analysed by another lemmatiser
/// or analyzer than `analyzer`: its lemmas would differ from a fresh
/// analysis.
pub fn read(dir: &Path, analyzer: &Analyzer) -> Result<Option<IndexTokens>> {
    crate::index::damage::guarded(dir, || read_unguarded(dir, analyzer))
}

fn read_unguarded(dir: &Path, analyzer: &Analyzer) -> Result<Option<IndexTokens>> {
    let (index, manifest, fields) = crate::index::open_raw(dir)?;
    if manifest.lemmatizer != analyzer.lemmatizer_name() || manifest.analyzer != ANALYZER_NAME {
        return Ok(None);
    }
    let reader = crate::index::reader(&index, dir)?;
    let searcher = reader.searcher();
    let mut ids: FxHashMap<Vec<u8>, u32> = FxHashMap::default();
    let mut terms: Vec<String> = Vec::new();
    let mut intern = |key: &[u8]| -> u32 {
        if let Some(&id) = ids.get(key) {
            return id;
        }
        let id = terms.len() as u32;
        terms.push(String::from_utf8_lossy(key).into_owned());
        ids.insert(key.to_vec(), id);
        id
    };
    // (order, segment, doc) of every alive unit, and each segment's fields.
    let mut order: Vec<(u64, u32, u32)> = Vec::new();
    let mut segs: Vec<(Uninverted, Uninverted)> = Vec::new();
    for (s, segment) in searcher.segment_readers().iter().enumerate() {
        let order_col = crate::index::damage::fast_u64(segment, "order")?;
        let unit_col = crate::index::damage::fast_u64(segment, "unit_seq")?;
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            if unit_col.first(doc).unwrap_or(u64::MAX) == u64::MAX {
                continue;
            }
            order.push((order_col.first(doc).unwrap_or(0), s as u32, doc));
        }
        let lemmas = uninvert(segment, fields.lemma, &mut intern)?;
        let parts = uninvert(segment, fields.parts, &mut intern)?;
        segs.push((lemmas, parts));
    }
    order.sort_unstable();
    let mut out = IndexTokens {
        terms,
        ..Default::default()
    };
    for &(_, s, doc) in &order {
        let (lem, par) = &segs[s as usize];
        let d = doc as usize;
        let lp = &lem.pairs[lem.start[d] as usize..lem.start[d + 1] as usize];
        // Positions must be exactly 0..n.
        if lp.iter().enumerate().any(|(i, &(p, _))| p as usize != i) {
            out.units.push(None);
            continue;
        }
        let l0 = out.lemmas.len() as u32;
        out.lemmas.extend(lp.iter().map(|&(_, t)| t));
        let r0 = out.runs.len() as u32;
        let pp = &par.pairs[par.start[d] as usize..par.start[d + 1] as usize];
        let mut prev: Option<u32> = None;
        for &(p, t) in pp {
            if prev.is_none_or(|q| p != q + 1) {
                let at = out.parts.len() as u32;
                out.runs.push(at..at);
            }
            out.parts.push(t);
            if let Some(r) = out.runs.last_mut() {
                r.end = out.parts.len() as u32;
            }
            prev = Some(p);
        }
        out.units.push(Some((
            l0..out.lemmas.len() as u32,
            r0..out.runs.len() as u32,
        )));
    }
    Ok(Some(out))
}

/// One unit's stored analysis as strings: lemmas and compounds' parts.
#[cfg(test)]
pub(crate) type UnitStrings<'a> = (&'a [&'a str], &'a [&'a [&'a str]]);

#[cfg(test)]
impl IndexTokens {
    /// Stored tokens from strings: per unit, its lemmas and its compounds'
    /// parts (`None`: not stored).
    pub(crate) fn from_strings(units: &[Option<UnitStrings<'_>>]) -> IndexTokens {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut out = IndexTokens::default();
        let mut id = |s: &str, terms: &mut Vec<String>| -> u32 {
            *ids.entry(s.to_string()).or_insert_with(|| {
                terms.push(s.to_string());
                (terms.len() - 1) as u32
            })
        };
        for u in units {
            let Some((lemmas, runs)) = u else {
                out.units.push(None);
                continue;
            };
            let l0 = out.lemmas.len() as u32;
            for l in *lemmas {
                let t = id(l, &mut out.terms);
                out.lemmas.push(t);
            }
            let r0 = out.runs.len() as u32;
            for run in *runs {
                let p0 = out.parts.len() as u32;
                for p in *run {
                    let t = id(p, &mut out.terms);
                    out.parts.push(t);
                }
                out.runs.push(p0..out.parts.len() as u32);
            }
            out.units.push(Some((
                l0..out.lemmas.len() as u32,
                r0..out.runs.len() as u32,
            )));
        }
        out
    }
}
