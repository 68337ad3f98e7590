//! `teema stats`: figures of an index — documents, answers and utterances,
//! tokens, distinct lemmas, the most frequent lemmas (stopwords left out)
//! and compound parts, and counts per source, question and role. Read from
//! the index itself (postings and fast fields), deleted documents excluded.

use super::IndexHandle;
use crate::Result;
use crate::text::Register;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, TERMINATED};

/// Figures of an index. Field names are stable: they are the `--json` output.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Respondents and interviews.
    pub documents: u64,
    /// Answers and utterances.
    pub units: u64,
    /// Word and number tokens.
    pub tokens: u64,
    /// Distinct lemmas.
    pub distinct_lemmas: u64,
    /// Distinct compound parts.
    pub distinct_parts: u64,
    /// Most frequent lemmas that are not stopwords.
    pub top_lemmas: Vec<Frequency>,
    /// Most frequent compound parts.
    pub top_parts: Vec<Frequency>,
    /// Documents and units per source, in manifest order.
    pub sources: Vec<SourceCount>,
    /// Answers per open question (sorted by question).
    pub questions: Vec<NameCount>,
    /// Utterances per role (sorted by role).
    pub roles: Vec<NameCount>,
    /// The lemmatiser the index was analysed with.
    pub lemmatizer: String,
    /// Sources whose indexing was cut short (a killed `teema index`): the
    /// index holds only part of them. Empty when every source is complete.
    pub partial_sources: Vec<String>,
}

/// A lemma or part with its counts.
#[derive(Debug, Clone, Serialize)]
pub struct Frequency {
    /// The lemma or part.
    pub term: String,
    /// Occurrences.
    pub count: u64,
    /// Answers or utterances it occurs in.
    pub units: u64,
}

/// Documents and units of one source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceCount {
    /// Source file as indexed.
    pub path: String,
    /// Respondents or interviews.
    pub documents: u64,
    /// Answers or utterances.
    pub units: u64,
}

/// A name with a count.
#[derive(Debug, Clone, Serialize)]
pub struct NameCount {
    /// Question or role.
    pub name: String,
    /// Answers or utterances.
    pub count: u64,
}

/// Compute the figures of an index, listing `top` lemmas and parts.
pub fn stats(handle: &IndexHandle, top: usize) -> Result<Stats> {
    super::damage::guarded(&handle.dir, || stats_unguarded(handle, top))
}

fn stats_unguarded(handle: &IndexHandle, top: usize) -> Result<Stats> {
    let searcher = handle.reader.searcher();
    let f = &handle.fields;
    let (mut documents, mut units, mut tokens) = (0u64, 0u64, 0u64);
    let mut per_source: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut questions: BTreeMap<String, u64> = BTreeMap::new();
    let mut roles: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let unit_seq = super::damage::fast_u64(segment, "unit_seq")?.first_or_default_col(u64::MAX);
        let source = super::damage::fast_field(ff.str("source"), "source")?;
        let question = super::damage::fast_field(ff.str("question"), "question")?;
        let role = super::damage::fast_field(ff.str("role"), "role")?;
        let mut source_ords: FxHashMap<u64, (u64, u64)> = FxHashMap::default();
        let mut question_ords: FxHashMap<u64, u64> = FxHashMap::default();
        let mut role_ords: FxHashMap<u64, u64> = FxHashMap::default();
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let seq = unit_seq.get_val(doc);
            let is_unit = seq != u64::MAX;
            let first = seq == 0 || !is_unit;
            documents += first as u64;
            units += is_unit as u64;
            if let Some(ord) = source.as_ref().and_then(|c| c.term_ords(doc).next()) {
                let e = source_ords.entry(ord).or_default();
                e.0 += first as u64;
                e.1 += is_unit as u64;
            }
            if let Some(ord) = question.as_ref().and_then(|c| c.term_ords(doc).next()) {
                *question_ords.entry(ord).or_default() += 1;
            }
            if let Some(ord) = role.as_ref().and_then(|c| c.term_ords(doc).next()) {
                *role_ords.entry(ord).or_default() += 1;
            }
        }
        let mut name = String::new();
        let mut resolve = |col: &Option<tantivy::columnar::StrColumn>, ord: u64| -> String {
            name.clear();
            if let Some(c) = col {
                let _ = c.ord_to_str(ord, &mut name);
            }
            name.clone()
        };
        for (ord, (d, u)) in source_ords {
            let e = per_source.entry(resolve(&source, ord)).or_default();
            e.0 += d;
            e.1 += u;
        }
        for (ord, n) in question_ords {
            *questions.entry(resolve(&question, ord)).or_default() += n;
        }
        for (ord, n) in role_ords {
            *roles.entry(resolve(&role, ord)).or_default() += n;
        }
    }
    let lemmas = term_counts(&searcher, f.lemma)?;
    let parts = term_counts(&searcher, f.parts)?;
    tokens += lemmas.values().map(|c| c.0).sum::<u64>();
    let top_lemmas = top_terms(&lemmas, top, |t| !is_stopword(handle, t));
    let top_parts = top_terms(&parts, top, |_| true);
    Ok(Stats {
        documents,
        units,
        tokens,
        distinct_lemmas: lemmas.len() as u64,
        distinct_parts: parts.len() as u64,
        top_lemmas,
        top_parts,
        sources: handle
            .manifest
            .sources
            .iter()
            .map(|s| {
                let (documents, units) = per_source.get(&s.sha256).copied().unwrap_or_default();
                SourceCount {
                    path: s.path.display().to_string(),
                    documents,
                    units,
                }
            })
            .collect(),
        questions: questions
            .into_iter()
            .map(|(name, count)| NameCount { name, count })
            .collect(),
        roles: roles
            .into_iter()
            .map(|(name, count)| NameCount { name, count })
            .collect(),
        lemmatizer: handle.manifest.lemmatizer.clone(),
        partial_sources: handle
            .partial_sources()
            .iter()
            .map(|s| s.path.display().to_string())
            .collect(),
    })
}

/// Every lemma of the index that is not a stopword, with its occurrences
/// and units (in no particular order): the vocabulary that
/// `teema similar` and `search --expand` look for neighbours in.
pub fn lemma_frequencies(handle: &IndexHandle) -> Result<Vec<crate::meaning::WordCount>> {
    let searcher = handle.reader.searcher();
    let counts = term_counts(&searcher, handle.fields.lemma)?;
    Ok(counts
        .into_iter()
        .filter(|(t, _)| crate::meaning::is_candidate(t) && !is_stopword(handle, t))
        .map(|(word, (count, units))| crate::meaning::WordCount { word, count, units })
        .collect())
}

/// Occurrences and units of every term of `field` in live documents.
fn term_counts(
    searcher: &tantivy::Searcher,
    field: Field,
) -> Result<FxHashMap<String, (u64, u64)>> {
    let mut counts: FxHashMap<String, (u64, u64)> = FxHashMap::default();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let alive = segment.alive_bitset();
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(|e| crate::Error::Tantivy(e.into()))?;
        while stream.advance() {
            let info = stream.value();
            let mut postings = inverted
                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
                .map_err(|e| crate::Error::Tantivy(e.into()))?;
            let (mut n, mut docs) = (0u64, 0u64);
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    n += postings.term_freq() as u64;
                    docs += 1;
                }
                doc = postings.advance();
            }
            if docs > 0 {
                let term = String::from_utf8_lossy(stream.key()).into_owned();
                let e = counts.entry(term).or_default();
                e.0 += n;
                e.1 += docs;
            }
        }
    }
    Ok(counts)
}

/// The `n` most frequent terms passing `keep` (ties by term).
fn top_terms(
    counts: &FxHashMap<String, (u64, u64)>,
    n: usize,
    mut keep: impl FnMut(&str) -> bool,
) -> Vec<Frequency> {
    let mut all: Vec<(&String, &(u64, u64))> = counts.iter().collect();
    all.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(b.0)));
    all.into_iter()
        .filter(|(t, _)| keep(t))
        .take(n)
        .map(|(t, &(count, units))| Frequency {
            term: t.clone(),
            count,
            units,
        })
        .collect()
}

/// True when the analysis calls this lemma a stopword.
fn is_stopword(handle: &IndexHandle, lemma: &str) -> bool {
    let mut stop = false;
    handle
        .analyzer
        .session()
        .for_each_token(lemma, Register::Written, |t| stop |= t.stopword);
    stop
}
