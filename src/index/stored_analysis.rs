//! The analysis an index already holds, read back as the run's token table
//! ([`crate::text::table::Analysed`]): the lemma at every token position and
//! the compound parts of every compound, un-inverted from the `lemma` and
//! `parts` fields' postings.
//!
//! `teema themes DIR` on an index then needs no second pass through the
//! lemmatiser: [`StoredAnalysis::table`] walks each text's token spans (the
//! same tokenizer the index used) and takes each word's lemma from here. A
//! text whose stored positions do not line up with its spans (or an index
//! made by another lemmatiser or analyzer) is analysed afresh, so the result
//! is always the analysis of the current text.

use crate::corpus::Corpus;
use crate::index::analyzer::ANALYZER_NAME;
use crate::text::segment::is_boundary;
use crate::text::table::{Analysed, Tok, analyse_known};
use crate::text::tokenize::{Span, SpanKind, for_each_span};
use crate::text::{Analyzer, Register};
use crate::{Error, Result};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::Path;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, SegmentReader, TERMINATED};

/// The stored analysis of every unit of a corpus read from an index
/// (`read`); [`StoredAnalysis::table`] makes the token table of it.
#[derive(Debug, Default)]
pub struct StoredAnalysis {
    /// Lemma and part strings; ids below index this.
    terms: Vec<String>,
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
struct UnitTokens<'a> {
    /// Lemma of every token (term ids), in order.
    pub lemmas: &'a [u32],
    /// The parts of each compound word, in order.
    pub runs: &'a [Range<u32>],
    /// All part ids (the runs index this).
    pub parts: &'a [u32],
}

impl StoredAnalysis {
    /// The analysis of unit `i` (corpus order), if stored.
    fn unit(&self, i: usize) -> Option<UnitTokens<'_>> {
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
pub fn read(dir: &Path, analyzer: &Analyzer) -> Result<Option<StoredAnalysis>> {
    crate::index::damage::guarded(dir, || read_unguarded(dir, analyzer))
}

fn read_unguarded(dir: &Path, analyzer: &Analyzer) -> Result<Option<StoredAnalysis>> {
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
    let mut out = StoredAnalysis {
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

impl StoredAnalysis {
    /// The token table of every unit of `corpus` (the corpus read from the
    /// same index, [`crate::corpus::Corpus::units`] order): lemmas and parts
    /// from the index where they line up with the text, the rest analysed by
    /// `analyzer`. Offsets, sentences and stopwords come from the text.
    pub fn table(&self, analyzer: &Analyzer, corpus: &Corpus) -> Analysed {
        let texts: Vec<(&str, Register)> = corpus
            .units()
            .map(|(_, u)| (&*u.text, u.register()))
            .collect();
        self.table_of(analyzer, &texts)
    }

    /// The token table of `texts`, text `i` being unit `i` of the index.
    fn table_of(&self, analyzer: &Analyzer, texts: &[(&str, Register)]) -> Analysed {
        if self.len() != texts.len() {
            return crate::text::table::analyse(analyzer, texts);
        }
        // Written-register stopword flag of each stored term.
        let stopwords = analyzer.stopwords();
        let stop: Vec<bool> = self
            .terms
            .par_iter()
            .map(|t| stopwords.contains(t, "", false))
            .collect();
        analyse_known(analyzer, texts, &self.terms, |i, toks, parts| {
            let (text, register) = texts[i];
            self.unit(i).is_some_and(|stored| {
                from_stored(text, register, stored, self, analyzer, &stop, toks, parts)
            })
        })
    }
}

/// Read the index at `dir` back: its corpus and the token table of its
/// units (see [`StoredAnalysis::table`]); reading the corpus and the
/// postings run side by side.
pub fn load_analysed(dir: &Path, analyzer: &Analyzer) -> Result<(Corpus, Analysed)> {
    let (corpus, stored) = rayon::join(|| super::load_corpus(dir), || read(dir, analyzer));
    let (corpus, stored) = (corpus?, stored?);
    let table = table_or_analyse(stored, analyzer, &corpus);
    Ok((corpus, table))
}

/// The token table of `corpus`, already read from the index at `dir`:
/// from the index's stored analysis (see [`StoredAnalysis::table`]).
pub fn analysed_of(dir: &Path, analyzer: &Analyzer, corpus: &Corpus) -> Result<Analysed> {
    Ok(table_or_analyse(read(dir, analyzer)?, analyzer, corpus))
}

/// The stored analysis as a table; an index without one is analysed afresh.
fn table_or_analyse(
    stored: Option<StoredAnalysis>,
    analyzer: &Analyzer,
    corpus: &Corpus,
) -> Analysed {
    match stored {
        Some(s) => s.table(analyzer, corpus),
        None => {
            let texts: Vec<(&str, Register)> = corpus
                .units()
                .map(|(_, u)| (&*u.text, u.register()))
                .collect();
            crate::text::table::analyse(analyzer, &texts)
        }
    }
}

/// One text's tokens from its stored analysis: spans from the tokenizer,
/// lemmas by position, each compound's parts given to the next word whose
/// lemma ends with the compound's last part; term ids are the stored ones.
/// False when they do not line up (the caller then analyses the text
/// afresh).
#[allow(clippy::too_many_arguments)]
fn from_stored(
    text: &str,
    register: Register,
    stored: UnitTokens<'_>,
    known: &StoredAnalysis,
    analyzer: &Analyzer,
    stop: &[bool],
    toks: &mut Vec<Tok>,
    parts: &mut Vec<u32>,
) -> bool {
    let terms = &known.terms;
    let stopwords = analyzer.stopwords();
    let spoken = register == Register::Spoken;
    let mut prev: Option<Span> = None;
    let mut new_sentence = false;
    let mut ok = true;
    for_each_span(text, |span| {
        let pos = toks.len();
        if !ok || pos >= stored.lemmas.len() {
            ok = false;
            return;
        }
        if let Some(p) = prev
            && is_boundary(text, p, span)
        {
            new_sentence = true;
        }
        prev = Some(span);
        let t = stored.lemmas[pos];
        let number = span.kind == SpanKind::Number;
        let stopword = !number && {
            let lemma = terms[t as usize].as_str();
            if spoken {
                let lower = text[span.start..span.end].to_lowercase();
                stopwords.contains(lemma, &lower, true)
            } else {
                stop[t as usize]
            }
        };
        toks.push(Tok::new(
            t,
            (span.start as u32, span.end as u32),
            stopword,
            number,
            new_sentence,
        ));
        new_sentence = false;
    });
    if !ok || toks.len() != stored.lemmas.len() {
        return false;
    }
    let mut next = 0;
    for run in stored.runs {
        let ps = &stored.parts[run.start as usize..run.end as usize];
        let (Some(&first), Some(&last)) = (ps.first(), ps.last()) else {
            continue;
        };
        let (first, last) = (
            terms[first as usize].as_str(),
            terms[last as usize].as_str(),
        );
        // The compound's lemma ends with its last part (työpaikka: työ +
        // paikka), or holds its stem (koulukiusaaminen: koulu + kiusata).
        let stem: &str = match last.char_indices().nth(3) {
            Some((i, _)) => &last[..i],
            None => last,
        };
        let fits = |w: usize, strict: bool| {
            let lemma = terms[stored.lemmas[w] as usize].as_str();
            !toks[w].number()
                && lemma.len() > last.len().min(stem.len() + 1)
                && lemma.chars().next() == first.chars().next()
                && if ps.len() < 2 {
                    // A part the index could not hold (empty) is missing.
                    lemma.len() > first.len() && lemma.starts_with(first)
                } else if strict {
                    lemma.len() > last.len() && lemma.ends_with(last)
                } else {
                    lemma
                        .char_indices()
                        .nth(1)
                        .is_some_and(|(i, _)| lemma[i..].contains(stem))
                }
        };
        let found = (next..toks.len())
            .find(|&w| fits(w, true))
            .or_else(|| (next..toks.len()).find(|&w| fits(w, false)));
        let Some(w) = found else {
            return false;
        };
        let p0 = parts.len();
        parts.extend_from_slice(ps);
        toks[w] = toks[w].with_parts(crate::text::table::part_range(parts, p0));
        next = w + 1;
    }
    true
}

/// One unit's stored analysis as strings: lemmas and compounds' parts.
#[cfg(test)]
pub(crate) type UnitStrings<'a> = (&'a [&'a str], &'a [&'a [&'a str]]);

#[cfg(test)]
impl StoredAnalysis {
    /// Stored tokens from strings: per unit, its lemmas and its compounds'
    /// parts (`None`: not stored).
    pub(crate) fn from_strings(units: &[Option<UnitStrings<'_>>]) -> StoredAnalysis {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut out = StoredAnalysis::default();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;

    #[test]
    fn stored_lemmas_and_parts_are_used_where_they_line_up() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let texts = [
            "Iso kahvikuppi, ja 2 muuta.",
            "Tämä ei täsmää",
            "Ei tallennettu",
        ];
        let pairs: Vec<(&str, Register)> = texts.iter().map(|t| (*t, Register::Written)).collect();
        // Lemmas the analyser would not give, to see which were used; the
        // second text has one token too few, the third none stored.
        let stored = StoredAnalysis::from_strings(&[
            Some((
                &["iso-x", "kahvikuppi", "ja", "2", "muu-x"],
                &[&["kahvi", "kuppi"]],
            )),
            Some((&["tämä", "ei"], &[])),
            None,
        ]);
        let a = stored.table_of(&analyzer, &pairs);
        let fresh = crate::text::table::analyse(&analyzer, &pairs);
        let lemmas = |a: &Analysed, u: usize| -> Vec<String> {
            a.unit(u)
                .iter()
                .map(|t| a.vocab.term(t.lemma).to_string())
                .collect()
        };
        assert_eq!(lemmas(&a, 0), ["iso-x", "kahvikuppi", "ja", "2", "muu-x"]);
        let t = &a.unit(0)[1];
        let parts: Vec<&str> = a.parts_of(0, t).iter().map(|&p| a.vocab.term(p)).collect();
        assert_eq!(parts, ["kahvi", "kuppi"]);
        assert!(a.unit(0)[2].stopword() && a.unit(0)[3].number());
        assert_eq!((t.start, t.end), (4, 14));
        // Not lined up or not stored: analysed afresh.
        assert_eq!(lemmas(&a, 1), lemmas(&fresh, 1));
        assert_eq!(lemmas(&a, 2), lemmas(&fresh, 2));
        assert_eq!(a.unit(1).len(), 3);
    }
}
