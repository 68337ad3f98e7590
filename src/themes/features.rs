//! Features of the analysed answers: the same tokens, lemmas and compound
//! parts as the index (from [`crate::text`]), interned to ids, and the
//! sparse TF-IDF vectors that discovery clusters.
//!
//! Analysis runs in parallel over fixed-size chunks, each with its own
//! [`crate::text::Session`] and local vocabulary; the chunks are merged in
//! order, so term ids (and everything built on them) do not depend on the
//! thread count.

use super::from_index::{IndexTokens, UnitTokens};
use crate::text::segment::is_boundary;
use crate::text::stopwords::Stopwords;
use crate::text::tokenize::{Span, SpanKind, for_each_span};
use crate::text::{Analyzer, Register, TokenKind};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Units analysed per parallel chunk (fixed, so results do not depend on threads).
const CHUNK: usize = 2048;

/// Chunks analysed before their vocabularies are merged.
const WINDOW: usize = 32;

/// Interned strings: lemmas and compound parts share one id space.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    ids: FxHashMap<String, u32>,
    terms: Vec<String>,
}

impl Vocab {
    /// The id of `term`, adding it when new.
    pub fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.terms.push(term.to_string());
        id
    }

    /// The id of `term`, if known.
    pub fn get(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    /// The string of an id.
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every term with its id, in id order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// One analysed token with interned lemma and parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    /// Lemma id.
    pub lemma: u32,
    /// Byte offset of the token in the answer text.
    pub start: u32,
    /// Byte offset one past the token.
    pub end: u32,
    /// Range of this token's compound parts among its answer's parts
    /// ([`Analysed::parts_of`]).
    pub parts: (u16, u16),
    /// Stopword (function word, filler).
    pub stopword: bool,
    /// Number rather than word.
    pub number: bool,
    /// Sentence index within the answer, modulo 65,536 (only compared
    /// between neighbouring tokens).
    pub sentence: u16,
}

/// The tokens of every analysed answer, stored flat: per chunk of
/// [`CHUNK`] answers (as they were analysed, never copied again), one
/// vector of tokens and one of compound parts, with where each answer
/// starts (a vector per answer would cost more than its tokens).
#[derive(Debug, Default)]
pub struct Analysed {
    /// Lemma and part strings.
    pub vocab: Vocab,
    /// The answers, [`CHUNK`] per chunk (the last may hold fewer).
    chunks: Vec<Stretch>,
}

/// The tokens of consecutive answers.
#[derive(Debug, Default, Clone)]
struct Stretch {
    /// Every answer's tokens, in answer order.
    toks: Vec<Tok>,
    /// Where each answer's tokens start in `toks`, and one past the last.
    tok_start: Vec<u32>,
    /// Every answer's compound part ids, in answer order.
    parts: Vec<u32>,
    /// Where each answer's parts start in `parts`, and one past the last.
    part_start: Vec<u32>,
}

impl Stretch {
    fn len(&self) -> usize {
        self.tok_start.len().saturating_sub(1)
    }

    /// Add an answer: its tokens and the parts they refer to.
    fn push(&mut self, toks: &[Tok], parts: &[u32]) {
        if self.tok_start.is_empty() {
            self.tok_start.push(0);
            self.part_start.push(0);
        }
        self.toks.extend_from_slice(toks);
        self.parts.extend_from_slice(parts);
        // A chunk of answers holds far fewer than 4 billion tokens.
        self.tok_start.push(self.toks.len() as u32);
        self.part_start.push(self.parts.len() as u32);
    }

    /// Empty it, keeping the vectors' memory.
    fn clear(&mut self) {
        self.toks.clear();
        self.parts.clear();
        self.tok_start.clear();
        self.part_start.clear();
    }
}

impl Analysed {
    /// Number of answers.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Stretch::len).sum()
    }

    /// True when no answer was analysed.
    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(|c| c.len() == 0)
    }

    /// The tokens of answer `u`.
    pub fn unit(&self, u: usize) -> &[Tok] {
        let (c, i) = (&self.chunks[u / CHUNK], u % CHUNK);
        &c.toks[c.tok_start[i] as usize..c.tok_start[i + 1] as usize]
    }

    /// Per vocabulary id: long enough (two letters or more) to be a
    /// content word.
    pub fn long_terms(&self) -> Vec<bool> {
        self.vocab
            .terms()
            .par_iter()
            .map(|t| t.chars().nth(1).is_some())
            .collect()
    }

    /// The compound parts of token `t` of answer `u`.
    pub fn parts_of(&self, u: usize, t: &Tok) -> &[u32] {
        let (c, i) = (&self.chunks[u / CHUNK], u % CHUNK);
        let base = c.part_start[i] as usize;
        &c.parts[base + t.parts.0 as usize..base + t.parts.1 as usize]
    }
}

/// The range of the parts pushed since `p0`, as a token holds it. An
/// answer keeps at most 65,535 compound parts: a token beyond that (only
/// in a pathological answer of hundreds of thousands of words) gets none.
fn part_range(parts: &mut Vec<u32>, p0: usize) -> (u16, u16) {
    match (u16::try_from(p0), u16::try_from(parts.len())) {
        (Ok(a), Ok(b)) => (a, b),
        _ => {
            parts.truncate(p0);
            (0, 0)
        }
    }
}

/// Analyse `texts` (text and register) in parallel; deterministic ids.
pub fn analyse(analyzer: &Analyzer, texts: &[(&str, Register)]) -> Analysed {
    analyse_with(analyzer, texts, None)
}

/// The analysis an index holds for the texts: the stored tokens and, per
/// text, its unit in them.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// The stored analysis.
    pub tokens: &'a IndexTokens,
    /// Unit (in [`IndexTokens`]) of each text.
    pub units: &'a [usize],
    /// The stopword lists of the analysis.
    pub stopwords: &'a Stopwords,
}

/// Like [`analyse`], taking lemmas and compound parts from `known` where
/// it has them for a text (the text is still tokenised here, so offsets
/// and sentences are exact); texts it lacks, or whose stored tokens do
/// not line up, go through the analyser.
pub fn analyse_with(
    analyzer: &Analyzer,
    texts: &[(&str, Register)],
    known: Option<Known<'_>>,
) -> Analysed {
    struct Chunk {
        vocab: Vocab,
        analysed: Stretch,
    }
    // Written-register stopword flag of each stored term.
    let stop: Vec<bool> = known.map_or_else(Vec::new, |k| {
        k.tokens
            .terms
            .par_iter()
            .map(|t| k.stopwords.contains(t, "", false))
            .collect()
    });
    // Stored terms keep their ids (the vocabulary starts with them);
    // chunk-local ids are mapped in chunk order.
    let mut out = Analysed::default();
    if let Some(k) = known {
        for t in &k.tokens.terms {
            out.vocab.intern(t);
        }
    }
    // A window of chunks at a time: each chunk's own vocabulary (about a
    // megabyte) lives only until its window is merged, so the memory this
    // takes does not grow with the corpus.
    for (w, window) in texts.chunks(CHUNK * WINDOW).enumerate() {
        let first_chunk = w * WINDOW;
        let chunks: Vec<Chunk> = window
            .par_chunks(CHUNK)
            .enumerate()
            .map_init(Stretch::default, |analysed, (c, chunk)| {
                let c = first_chunk + c;
                let mut session = None;
                let mut vocab = Vocab::default();
                analysed.clear();
                let (mut toks, mut parts) = (Vec::new(), Vec::new());
                for (i, (text, register)) in chunk.iter().enumerate() {
                    toks.clear();
                    parts.clear();
                    let stored = known.and_then(|k| {
                        let stored = k.tokens.unit(k.units[c * CHUNK + i])?;
                        Some((k, stored))
                    });
                    let done = stored.is_some_and(|(k, stored)| {
                        from_stored(text, *register, stored, k, &stop, &mut toks, &mut parts)
                    });
                    if !done {
                        toks.clear();
                        parts.clear();
                        let session = session.get_or_insert_with(|| analyzer.session());
                        session.for_each_token(text, *register, |t| {
                            let lemma = vocab.intern(t.lemma);
                            let p0 = parts.len();
                            for p in t.parts {
                                parts.push(vocab.intern(p));
                            }
                            toks.push(Tok {
                                lemma,
                                start: t.start as u32,
                                end: t.end as u32,
                                parts: part_range(&mut parts, p0),
                                stopword: t.stopword,
                                number: t.kind == TokenKind::Number,
                                sentence: t.sentence as u16,
                            });
                        });
                    }
                    analysed.push(&toks, &parts);
                }
                // An exact-size copy: the growing vectors are reused for
                // the next chunk, and no block outgrown on the way stays
                // behind.
                Chunk {
                    vocab,
                    analysed: analysed.clone(),
                }
            })
            .collect();
        // Interning is in chunk order (ids do not depend on the thread
        // count); the tokens are then renumbered in parallel.
        let maps: Vec<Vec<u32>> = chunks
            .iter()
            .map(|chunk| {
                chunk
                    .vocab
                    .terms
                    .iter()
                    .map(|t| out.vocab.intern(t))
                    .collect()
            })
            .collect();
        let mut chunks = chunks;
        chunks.par_iter_mut().zip(&maps).for_each(|(chunk, map)| {
            let id = |x: u32| {
                if x & STORED != 0 {
                    x & !STORED
                } else {
                    map[x as usize]
                }
            };
            for t in &mut chunk.analysed.toks {
                t.lemma = id(t.lemma);
            }
            for p in &mut chunk.analysed.parts {
                *p = id(*p);
            }
        });
        out.chunks.extend(chunks.into_iter().map(|c| c.analysed));
    }
    out
}

/// Marks a term id of the stored analysis (not of a chunk's vocabulary)
/// until the chunks are merged.
const STORED: u32 = 1 << 31;

/// One text's tokens from its stored analysis: spans from the tokenizer,
/// lemmas by position, each compound's parts given to the next word whose
/// lemma ends with the compound's last part. False when they do not line
/// up (the caller then analyses the text afresh).
#[allow(clippy::too_many_arguments)]
fn from_stored(
    text: &str,
    register: Register,
    stored: UnitTokens<'_>,
    known: Known<'_>,
    stop: &[bool],
    toks: &mut Vec<Tok>,
    parts: &mut Vec<u32>,
) -> bool {
    let terms = &known.tokens.terms;
    let spoken = register == Register::Spoken;
    let mut prev: Option<Span> = None;
    let mut sentence = 0u16;
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
            sentence = sentence.wrapping_add(1);
        }
        prev = Some(span);
        let t = stored.lemmas[pos];
        let number = span.kind == SpanKind::Number;
        let stopword = !number && {
            let lemma = terms[t as usize].as_str();
            if spoken {
                let lower = text[span.start..span.end].to_lowercase();
                known.stopwords.contains(lemma, &lower, true)
            } else {
                stop[t as usize]
            }
        };
        toks.push(Tok {
            lemma: t | STORED,
            start: span.start as u32,
            end: span.end as u32,
            parts: (0, 0),
            stopword,
            number,
            sentence,
        });
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
            !toks[w].number
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
        for &p in ps {
            parts.push(p | STORED);
        }
        toks[w].parts = part_range(parts, p0);
        next = w + 1;
    }
    true
}

/// A sparse vector: (feature id, weight), sorted by feature id.
pub type SparseVec = Vec<(u32, f32)>;

/// Settings of the TF-IDF features.
#[derive(Debug, Clone)]
pub struct FeatureConfig {
    /// Weight of a compound part relative to a whole lemma.
    pub part_weight: f32,
    /// Weight of the truncated-word feature (first [`Self::prefix_len`]
    /// letters), which joins inflected forms and typos the lemmatiser
    /// did not; 0 turns it off.
    pub prefix_weight: f32,
    /// Letters kept by the truncated-word feature.
    pub prefix_len: usize,
    /// Weight of two-word phrases (adjacent content lemmas); 0 turns them off.
    pub bigram_weight: f32,
    /// Features in fewer answers are dropped.
    pub min_df: usize,
    /// Exponent of the inverse document frequency (1: classic TF-IDF;
    /// larger favours rarer, more topical words).
    pub idf_power: f32,
    /// Features in more than this share of answers are dropped.
    pub max_df: f64,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            part_weight: 0.7,
            prefix_weight: 1.0,
            prefix_len: 5,
            bigram_weight: 0.0,
            min_df: 2,
            max_df: 0.5,
            idf_power: 2.0,
        }
    }
}

/// The feature space (which string each feature id stands for) and the
/// TF-IDF vector of each segment.
#[derive(Debug, Default)]
pub struct Features<'a> {
    /// Feature names: `lemma`, `part:x`, `pre:x`, `a b` for bigrams.
    pub names: Vec<String>,
    /// Kind of each feature.
    pub kinds: Vec<FeatureKind>,
    /// Inverse document frequency of each feature.
    pub idf: Vec<f32>,
    /// The vectors, kept or made when asked for.
    rows: Rows<'a>,
}

/// The segments' vectors: kept, or made from the analysis each time one is
/// asked for. [`tfidf`] keeps them up to [`KEEP_ROWS`] segments; beyond
/// that they would take more memory than the analysis itself (0.6 GB at 3.5
/// million answers), and discovery reads each only a few times.
#[derive(Debug)]
enum Rows<'a> {
    Kept(Vec<SparseVec>),
    Made(Box<RowMaker<'a>>),
}

impl Default for Rows<'_> {
    fn default() -> Self {
        Rows::Kept(Vec::new())
    }
}

/// What making a segment's vector needs.
#[derive(Debug)]
struct RowMaker<'a> {
    a: &'a Analysed,
    segments: &'a [Segment],
    config: FeatureConfig,
    long: Vec<bool>,
    /// Per vocabulary id: its lemma, part and prefix feature (`u32::MAX`: none).
    lemma_feat: Vec<u32>,
    part_feat: Vec<u32>,
    prefix_feat: Vec<u32>,
    /// Two-word phrases by (kind, first << 32 | second).
    bigrams: FxHashMap<(FeatureKind, u64), u32>,
}

impl RowMaker<'_> {
    /// Call `f` with each (feature, weight) of segment `i`'s tokens, in
    /// token order, a feature as often as it occurs.
    fn for_each_feature(&self, i: usize, mut f: impl FnMut(u32, f32) -> bool) {
        let (a, config) = (self.a, &self.config);
        let seg = &self.segments[i];
        let u = seg.unit();
        let mut prev: Option<u32> = None;
        for t in seg.tokens(a) {
            if t.stopword || t.number || !self.long[t.lemma as usize] {
                prev = None;
                continue;
            }
            if !f(self.lemma_feat[t.lemma as usize], 1.0) {
                return;
            }
            if config.part_weight > 0.0 {
                for &p in a.parts_of(u, t) {
                    if p != t.lemma && !f(self.part_feat[p as usize], config.part_weight) {
                        return;
                    }
                }
            }
            if self.prefix_feat[t.lemma as usize] != u32::MAX
                && !f(self.prefix_feat[t.lemma as usize], config.prefix_weight)
            {
                return;
            }
            if config.bigram_weight > 0.0
                && let Some(p) = prev
            {
                let key = (FeatureKind::Bigram, ((p as u64) << 32) | t.lemma as u64);
                if !f(self.bigrams[&key], config.bigram_weight) {
                    return;
                }
            }
            prev = Some(t.lemma);
        }
    }

    /// Segment `i`'s weighted feature counts, by feature id, into `out`.
    fn counts(&self, i: usize, out: &mut Vec<(u32, f32)>) {
        out.clear();
        self.for_each_feature(i, |f, w| {
            out.push((f, w));
            true
        });
        out.sort_unstable_by_key(|c| c.0);
        // Merge equal features in place, adding their weights in order.
        let mut n = 0;
        for j in 0..out.len() {
            if n > 0 && out[n - 1].0 == out[j].0 {
                out[n - 1].1 += out[j].1;
            } else {
                out[n] = out[j];
                n += 1;
            }
        }
        out.truncate(n);
    }
}

impl<'a> Features<'a> {
    /// A feature space with the given vectors (for tests and callers that
    /// make their own).
    pub fn with_rows(
        names: Vec<String>,
        kinds: Vec<FeatureKind>,
        idf: Vec<f32>,
        rows: Vec<SparseVec>,
    ) -> Features<'a> {
        Features {
            names,
            kinds,
            idf,
            rows: Rows::Kept(rows),
        }
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Kept(r) => r.len(),
            Rows::Made(m) => m.segments.len(),
        }
    }

    /// True when there are no segments.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The L2-normalised TF-IDF vector of segment `i` (empty: no features).
    pub fn row(&self, i: usize) -> std::borrow::Cow<'_, SparseVec> {
        match &self.rows {
            Rows::Kept(r) => std::borrow::Cow::Borrowed(&r[i]),
            Rows::Made(_) => {
                let mut row = SparseVec::new();
                self.row_into(i, &mut Vec::new(), &mut row);
                std::borrow::Cow::Owned(row)
            }
        }
    }

    /// [`Features::row`] written into `out`, with `scratch` to count in
    /// (both reused between calls: no allocation per segment).
    pub fn row_into(&self, i: usize, scratch: &mut Vec<(u32, f32)>, out: &mut SparseVec) {
        out.clear();
        match &self.rows {
            Rows::Kept(r) => out.extend_from_slice(&r[i]),
            Rows::Made(m) => {
                m.counts(i, scratch);
                out.extend(
                    scratch
                        .iter()
                        .filter(|&&(f, _)| self.idf[f as usize] > 0.0)
                        .map(|&(f, c)| {
                            let tf = if c > 1.0 { 1.0 + c.ln() } else { c };
                            (f, tf * self.idf[f as usize])
                        }),
                );
                normalise(out);
            }
        }
    }

    /// True when segment `i` has a feature (its vector is not empty).
    pub fn has_row(&self, i: usize) -> bool {
        match &self.rows {
            Rows::Kept(r) => !r[i].is_empty(),
            Rows::Made(m) => {
                let mut any = false;
                m.for_each_feature(i, |f, _| {
                    any = self.idf[f as usize] > 0.0;
                    !any
                });
                any
            }
        }
    }
}

/// What a feature is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    /// A whole lemma.
    Lemma,
    /// A compound part.
    Part,
    /// The first letters of a word.
    Prefix,
    /// Two adjacent content lemmas.
    Bigram,
}

/// A stretch of one answer that discovery treats as a document: the whole
/// answer, or one sentence of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Index of the answer in [`Analysed::units`].
    pub unit: u32,
    /// First token.
    pub first: u32,
    /// One past the last token.
    pub last: u32,
}

impl Segment {
    /// The segment of answer `unit` from token `first` to before `last`
    /// (answers and their tokens are counted in `u32`: a segment list of
    /// millions of sentences takes half the memory).
    pub fn new(unit: usize, first: usize, last: usize) -> Segment {
        let n = |x: usize| u32::try_from(x).expect("fewer than 4 billion answers and tokens");
        Segment {
            unit: n(unit),
            first: n(first),
            last: n(last),
        }
    }

    /// Index of the answer.
    pub fn unit(&self) -> usize {
        self.unit as usize
    }

    /// The segment's tokens.
    pub fn tokens<'a>(&self, a: &'a Analysed) -> &'a [Tok] {
        &a.unit(self.unit())[self.first as usize..self.last as usize]
    }
}

/// Every answer whole, as one segment each.
pub fn whole_units(a: &Analysed) -> Vec<Segment> {
    (0..a.len())
        .map(|unit| Segment::new(unit, 0, a.unit(unit).len()))
        .collect()
}

/// Split answers into sentences: a new segment starts after `.`, `!`, `?`,
/// `;`, `:` or a line break between two tokens, or where the analyser
/// starts a new sentence.
pub fn sentences(a: &Analysed, texts: &[&str]) -> Vec<Segment> {
    let chunks: Vec<Vec<Segment>> = texts[..a.len()]
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut out = Vec::new();
            for (i, &text) in chunk.iter().enumerate() {
                let unit = c * CHUNK + i;
                let toks = a.unit(unit);
                let mut first = 0;
                for i in 1..toks.len() {
                    let gap = &text[toks[i - 1].end as usize..toks[i].start as usize];
                    if toks[i].sentence != toks[i - 1].sentence
                        || gap.contains(['.', '!', '?', ';', ':', '\n'])
                    {
                        out.push(Segment::new(unit, first, i));
                        first = i;
                    }
                }
                out.push(Segment::new(unit, first, toks.len()));
            }
            out
        })
        .collect();
    chunks.concat()
}

/// What a stretch of segments brings to the feature space, in the order
/// the tokens bring it (each at its first occurrence in the stretch).
#[derive(Debug, Clone, Copy)]
enum NewFeature {
    Lemma(u32),
    Part(u32),
    Prefix(u32),
    Bigram(u32, u32),
}

/// The features of `segments` in order of first occurrence, given to
/// `emit` (each at least once; the caller keeps the first). Segments are
/// scanned in parallel stretches a window at a time, skipping what earlier
/// windows found, and the stretches' lists are read in order, so the order
/// is the one a single pass gives and the lists stay small.
fn first_occurrences(
    a: &Analysed,
    segments: &[Segment],
    config: &FeatureConfig,
    long: &[bool],
    mut emit: impl FnMut(NewFeature),
) {
    let v = a.vocab.len();
    let (mut known_lemma, mut known_part) = (vec![false; v], vec![false; v]);
    let mut known_bigram: rustc_hash::FxHashSet<u64> = Default::default();
    let stretches: Vec<&[Segment]> = segments.chunks(CHUNK).collect();
    for window in stretches.chunks(WINDOW) {
        let lists: Vec<Vec<NewFeature>> = window
            .par_iter()
            .map(|stretch| {
                let mut seen_lemma = known_lemma.clone();
                let mut seen_part = known_part.clone();
                let mut seen_bigram: rustc_hash::FxHashSet<u64> = Default::default();
                let mut out = Vec::new();
                for seg in *stretch {
                    let u = seg.unit();
                    let mut prev: Option<u32> = None;
                    for t in seg.tokens(a) {
                        if t.stopword || t.number || !long[t.lemma as usize] {
                            prev = None;
                            continue;
                        }
                        // In the order a token makes them: lemma, parts,
                        // prefix (made with the lemma's first occurrence).
                        let new_lemma = !std::mem::replace(&mut seen_lemma[t.lemma as usize], true);
                        if new_lemma {
                            out.push(NewFeature::Lemma(t.lemma));
                        }
                        if config.part_weight > 0.0 {
                            for &p in a.parts_of(u, t) {
                                if p != t.lemma
                                    && !std::mem::replace(&mut seen_part[p as usize], true)
                                {
                                    out.push(NewFeature::Part(p));
                                }
                            }
                        }
                        if new_lemma {
                            out.push(NewFeature::Prefix(t.lemma));
                        }
                        if config.bigram_weight > 0.0
                            && let Some(p) = prev
                            && let pair = ((p as u64) << 32) | t.lemma as u64
                            && !known_bigram.contains(&pair)
                            && seen_bigram.insert(pair)
                        {
                            out.push(NewFeature::Bigram(p, t.lemma));
                        }
                        prev = Some(t.lemma);
                    }
                }
                out
            })
            .collect();
        for new in lists.into_iter().flatten() {
            match new {
                NewFeature::Lemma(l) => known_lemma[l as usize] = true,
                NewFeature::Part(p) => known_part[p as usize] = true,
                NewFeature::Prefix(_) => {}
                NewFeature::Bigram(p, l) => {
                    known_bigram.insert(((p as u64) << 32) | l as u64);
                }
            }
            emit(new);
        }
    }
}

/// Build L2-normalised, sublinear TF-IDF vectors of `segments`.
pub fn tfidf<'a>(a: &'a Analysed, segments: &'a [Segment], config: &FeatureConfig) -> Features<'a> {
    tfidf_keeping(a, segments, config, KEEP_ROWS)
}

/// [`tfidf`], keeping the vectors when there are at most `keep` segments.
fn tfidf_keeping<'a>(
    a: &'a Analysed,
    segments: &'a [Segment],
    config: &FeatureConfig,
    keep: usize,
) -> Features<'a> {
    let mut feat_ids: FxHashMap<(FeatureKind, u64), u32> = FxHashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut kinds: Vec<FeatureKind> = Vec::new();
    let mut prefix_ids: FxHashMap<String, u32> = FxHashMap::default();
    // Per vocabulary id: its lemma feature and its prefix feature.
    let mut lemma_feat = vec![u32::MAX; a.vocab.len()];
    let mut prefix_feat = vec![u32::MAX; a.vocab.len()];
    let mut new_feature = |kind: FeatureKind, name: String, names: &mut Vec<String>| {
        names.push(name);
        kinds.push(kind);
        (names.len() - 1) as u32
    };
    let long = a.long_terms();
    let mut part_feat = vec![u32::MAX; a.vocab.len()];
    let prefix_ok =
        |lemma: &str| config.prefix_weight > 0.0 && lemma.chars().nth(config.prefix_len).is_some();
    // Feature ids in order of first occurrence.
    first_occurrences(a, segments, config, &long, |new| match new {
        NewFeature::Lemma(l) => {
            if lemma_feat[l as usize] == u32::MAX {
                let lemma = a.vocab.term(l).to_string();
                lemma_feat[l as usize] = new_feature(FeatureKind::Lemma, lemma, &mut names);
            }
        }
        NewFeature::Part(p) => {
            if part_feat[p as usize] == u32::MAX {
                part_feat[p as usize] = new_feature(
                    FeatureKind::Part,
                    format!("part:{}", a.vocab.term(p)),
                    &mut names,
                );
            }
        }
        NewFeature::Prefix(l) => {
            let lemma = a.vocab.term(l);
            if prefix_ok(lemma) && prefix_feat[l as usize] == u32::MAX {
                let pre: String = lemma.chars().take(config.prefix_len).collect();
                let f = match prefix_ids.get(&pre) {
                    Some(&f) => f,
                    None => {
                        let f = new_feature(FeatureKind::Prefix, format!("pre:{pre}"), &mut names);
                        prefix_ids.insert(pre, f);
                        f
                    }
                };
                prefix_feat[l as usize] = f;
            }
        }
        NewFeature::Bigram(p, l) => {
            let key = (FeatureKind::Bigram, ((p as u64) << 32) | l as u64);
            if let std::collections::hash_map::Entry::Vacant(e) = feat_ids.entry(key) {
                e.insert(new_feature(
                    FeatureKind::Bigram,
                    format!("{} {}", a.vocab.term(p), a.vocab.term(l)),
                    &mut names,
                ));
            }
        }
    });
    let maker = RowMaker {
        a,
        segments,
        config: config.clone(),
        long,
        lemma_feat,
        part_feat,
        prefix_feat,
        bigrams: feat_ids,
    };
    // Document frequencies, counted in parallel stretches and summed.
    let df = segments
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, stretch)| {
            let mut df = vec![0u32; names.len()];
            let mut counts = Vec::new();
            for i in c * CHUNK..c * CHUNK + stretch.len() {
                maker.counts(i, &mut counts);
                for &(f, _) in &counts {
                    df[f as usize] += 1;
                }
            }
            df
        })
        .reduce_with(|mut x, y| {
            for (a, b) in x.iter_mut().zip(y) {
                *a += b;
            }
            x
        })
        .unwrap_or_else(|| vec![0; names.len()]);
    let n = segments.len().max(1) as f64;
    let max_df = (config.max_df * n).max(1.0);
    let idf: Vec<f32> = df
        .iter()
        .map(|&d| {
            if (d as usize) < config.min_df || d as f64 > max_df {
                0.0
            } else {
                (((1.0 + n) / (1.0 + d as f64)).ln() as f32 + 1.0).powf(config.idf_power)
            }
        })
        .collect();
    let mut features = Features {
        names,
        kinds,
        idf,
        rows: Rows::Made(Box::new(maker)),
    };
    // Up to a million segments (about 150 MB of vectors) they are made
    // once and kept, which spares discovery making them again.
    if segments.len() <= keep {
        let rows = (0..segments.len())
            .into_par_iter()
            .map_init(Vec::new, |scratch, i| {
                let mut row = SparseVec::new();
                features.row_into(i, scratch, &mut row);
                row
            })
            .collect();
        features.rows = Rows::Kept(rows);
    }
    features
}

/// The most segments whose vectors [`tfidf`] keeps.
const KEEP_ROWS: usize = 1 << 20;

/// Scale `row` to unit length (no-op for an empty row).
pub fn normalise(row: &mut SparseVec) {
    let norm: f32 = row.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in row.iter_mut() {
            *w /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;

    #[test]
    fn an_answer_past_65535_parts_keeps_the_first_and_later_tokens_get_none() {
        let mut parts = vec![7u32; 65_530];
        assert_eq!(part_range(&mut parts, 65_520), (65_520, 65_530));
        let p0 = parts.len();
        parts.extend([1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(part_range(&mut parts, p0), (0, 0));
        assert_eq!(parts.len(), p0, "the parts that did not fit are dropped");
    }

    #[test]
    fn ids_do_not_depend_on_chunking() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let texts: Vec<String> = (0..5000)
            .map(|i| format!("sana{} yhteinen", i % 7))
            .collect();
        let pairs: Vec<(&str, Register)> = texts
            .iter()
            .map(|t| (t.as_str(), Register::Written))
            .collect();
        let a = analyse(&analyzer, &pairs);
        assert_eq!(a.len(), 5000);
        assert_eq!(a.vocab.term(a.unit(0)[0].lemma), "sana0");
        assert_eq!(a.vocab.term(a.unit(4999)[1].lemma), "yhteinen");
        assert_eq!(a.vocab.len(), 8);
    }

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
        let stored = IndexTokens::from_strings(&[
            Some((
                &["iso-x", "kahvikuppi", "ja", "2", "muu-x"],
                &[&["kahvi", "kuppi"]],
            )),
            Some((&["tämä", "ei"], &[])),
            None,
        ]);
        let stopwords = Stopwords::embedded();
        let known = Known {
            tokens: &stored,
            units: &[0, 1, 2],
            stopwords: &stopwords,
        };
        let a = analyse_with(&analyzer, &pairs, Some(known));
        let fresh = analyse(&analyzer, &pairs);
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
        assert!(a.unit(0)[2].stopword && a.unit(0)[3].number);
        assert_eq!((t.start, t.end), (4, 14));
        // Not lined up or not stored: analysed afresh.
        assert_eq!(lemmas(&a, 1), lemmas(&fresh, 1));
        assert_eq!(lemmas(&a, 2), lemmas(&fresh, 2));
        assert_eq!(a.unit(1).len(), 3);
    }

    #[test]
    fn tfidf_rows_are_unit_length_and_drop_rare_and_common_terms() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let texts = [
            "kissa koira ja",
            "kissa hevonen ja",
            "lehmä ja",
            "koira ja lammas",
        ];
        let pairs: Vec<(&str, Register)> = texts.iter().map(|t| (*t, Register::Written)).collect();
        let a = analyse(&analyzer, &pairs);
        let units = whole_units(&a);
        let f = tfidf(
            &a,
            &units,
            &FeatureConfig {
                prefix_weight: 0.0,
                ..Default::default()
            },
        );
        // "ja" is in every answer (> max_df), "hevonen", "lehmä", "lammas" once (< min_df).
        let kept: Vec<&str> = f
            .row(0)
            .iter()
            .map(|&(id, _)| f.names[id as usize].as_str())
            .collect();
        assert_eq!(kept, ["kissa", "koira"]);
        assert!(f.row(2).is_empty() && !f.has_row(2) && f.has_row(0));
        // Two-word phrases when asked for: "kissa koira" in the first two
        // answers' vocabulary, kept where it occurs twice.
        let texts2 = ["kissa koira", "kissa koira", "koira"];
        let pairs2: Vec<(&str, Register)> =
            texts2.iter().map(|t| (*t, Register::Written)).collect();
        let a2 = analyse(&analyzer, &pairs2);
        let units2 = whole_units(&a2);
        let f2 = tfidf(
            &a2,
            &units2,
            &FeatureConfig {
                prefix_weight: 0.0,
                bigram_weight: 1.0,
                max_df: 1.0,
                ..Default::default()
            },
        );
        let names: Vec<&str> = f2
            .row(0)
            .iter()
            .map(|&(id, _)| f2.names[id as usize].as_str())
            .collect();
        assert_eq!(names, ["kissa", "koira", "kissa koira"]);
        let norm: f32 = f.row(0).iter().map(|x| x.1 * x.1).sum();
        assert!((norm - 1.0).abs() < 1e-5);
    }

    #[test]
    fn vectors_made_on_demand_equal_the_kept_ones() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let texts = [
            "Vertaistuki auttoi jaksamaan. Ohjaajat olivat ystävällisiä.",
            "Aukioloajat ovat liian lyhyet, viikonloppuna ei pääse.",
            "Ohjaajat kuuntelivat ja vertaistuki oli tärkeintä.",
            "ja",
            "Viikonloppuisin pitäisi olla auki, aukioloajat!",
        ];
        let pairs: Vec<(&str, Register)> = texts.iter().map(|t| (*t, Register::Written)).collect();
        let a = analyse(&analyzer, &pairs);
        let segments = sentences(&a, &texts);
        let config = FeatureConfig {
            min_df: 1,
            max_df: 1.0,
            ..Default::default()
        };
        let kept = tfidf_keeping(&a, &segments, &config, usize::MAX);
        let made = tfidf_keeping(&a, &segments, &config, 0);
        assert!(matches!(kept.rows, Rows::Kept(_)) && matches!(made.rows, Rows::Made(_)));
        assert_eq!(
            (kept.names.clone(), kept.idf.clone()),
            (made.names.clone(), made.idf.clone())
        );
        assert_eq!(kept.len(), segments.len());
        for i in 0..segments.len() {
            let row = made.row(i);
            assert_eq!(kept.row(i), row, "segment {i}");
            // has_row stops at the first kept feature instead of making the
            // vector: it must agree with the vector's emptiness.
            assert_eq!(made.has_row(i), !row.is_empty(), "segment {i}");
            assert_eq!(kept.has_row(i), !row.is_empty(), "segment {i}");
            // Sorted by feature, each once, positive, unit length.
            assert!(row.windows(2).all(|w| w[0].0 < w[1].0), "{row:?}");
            assert!(row.iter().all(|&(_, w)| w > 0.0), "{row:?}");
            let norm: f32 = row.iter().map(|x| x.1 * x.1).sum();
            assert!(row.is_empty() || (norm - 1.0).abs() < 1e-5, "{row:?}");
        }
        // "Ohjaajat" is in two sentences: both vectors carry the lemma.
        let ohjaaja = made
            .names
            .iter()
            .position(|n| n == "ohjaaja")
            .expect("ohjaaja is a feature") as u32;
        let with = (0..segments.len())
            .filter(|&i| made.row(i).iter().any(|&(f, _)| f == ohjaaja))
            .count();
        assert_eq!(with, 2);
        // "ja" alone (the fourth answer) is a stopword: no features.
        let ja = segments.iter().position(|s| s.unit == 3).unwrap();
        assert!(made.has_row(0) && !made.has_row(ja), "{:?}", made.row(ja));
    }
}
