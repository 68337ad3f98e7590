//! Features of the analysed answers: the same tokens, lemmas and compound
//! parts as the index (from [`crate::text`]), interned to ids, and the
//! sparse TF-IDF vectors that discovery clusters.
//!
//! Analysis runs in parallel over fixed-size chunks, each with its own
//! [`crate::text::Session`] and local vocabulary; the chunks are merged in
//! order, so term ids (and everything built on them) do not depend on the
//! thread count.

use crate::text::{Analyzer, Register, TokenKind};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Units analysed per parallel chunk (fixed, so results do not depend on threads).
const CHUNK: usize = 2048;

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
    /// Range of this token's compound parts in [`Analysed::parts`].
    pub parts: (u32, u32),
    /// Stopword (function word, filler).
    pub stopword: bool,
    /// Number rather than word.
    pub number: bool,
    /// Sentence index within the answer.
    pub sentence: u32,
}

/// The tokens of every analysed answer.
#[derive(Debug, Default)]
pub struct Analysed {
    /// Lemma and part strings.
    pub vocab: Vocab,
    /// Tokens per answer, in answer order.
    pub units: Vec<Vec<Tok>>,
    /// Part ids, referenced by [`Tok::parts`] of the answer (per answer).
    pub parts: Vec<Vec<u32>>,
}

impl Analysed {
    /// The compound parts of token `t` of answer `u`.
    pub fn parts_of(&self, u: usize, t: &Tok) -> &[u32] {
        &self.parts[u][t.parts.0 as usize..t.parts.1 as usize]
    }
}

/// Analyse `texts` (text and register) in parallel; deterministic ids.
pub fn analyse(analyzer: &Analyzer, texts: &[(&str, Register)]) -> Analysed {
    struct Chunk {
        vocab: Vocab,
        units: Vec<Vec<Tok>>,
        parts: Vec<Vec<u32>>,
    }
    let chunks: Vec<Chunk> = texts
        .par_chunks(CHUNK)
        .map_init(
            || analyzer.session(),
            |session, chunk| {
                let mut vocab = Vocab::default();
                let mut units = Vec::with_capacity(chunk.len());
                let mut parts_all = Vec::with_capacity(chunk.len());
                for (text, register) in chunk {
                    let mut toks = Vec::new();
                    let mut parts = Vec::new();
                    session.for_each_token(text, *register, |t| {
                        let lemma = vocab.intern(t.lemma);
                        let p0 = parts.len() as u32;
                        for p in t.parts {
                            parts.push(vocab.intern(p));
                        }
                        toks.push(Tok {
                            lemma,
                            start: t.start as u32,
                            end: t.end as u32,
                            parts: (p0, parts.len() as u32),
                            stopword: t.stopword,
                            number: t.kind == TokenKind::Number,
                            sentence: t.sentence as u32,
                        });
                    });
                    units.push(toks);
                    parts_all.push(parts);
                }
                Chunk {
                    vocab,
                    units,
                    parts: parts_all,
                }
            },
        )
        .collect();
    let mut out = Analysed::default();
    for mut chunk in chunks {
        let map: Vec<u32> = chunk
            .vocab
            .terms
            .iter()
            .map(|t| out.vocab.intern(t))
            .collect();
        for toks in &mut chunk.units {
            for t in toks.iter_mut() {
                t.lemma = map[t.lemma as usize];
            }
        }
        for parts in &mut chunk.parts {
            for p in parts.iter_mut() {
                *p = map[*p as usize];
            }
        }
        out.units.append(&mut chunk.units);
        out.parts.append(&mut chunk.parts);
    }
    out
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

/// The feature space: which string each feature id stands for.
#[derive(Debug, Default)]
pub struct Features {
    /// Feature names: `lemma`, `part:x`, `pre:x`, `a b` for bigrams.
    pub names: Vec<String>,
    /// Kind of each feature.
    pub kinds: Vec<FeatureKind>,
    /// Inverse document frequency of each feature.
    pub idf: Vec<f32>,
    /// L2-normalised TF-IDF vector of each answer (empty: no features).
    pub rows: Vec<SparseVec>,
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

fn is_content(a: &Analysed, t: &Tok) -> bool {
    !t.stopword && !t.number && a.vocab.term(t.lemma).chars().count() >= 2
}

/// A stretch of one answer that discovery treats as a document: the whole
/// answer, or one sentence of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Index of the answer in [`Analysed::units`].
    pub unit: usize,
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub last: usize,
}

/// Every answer whole, as one segment each.
pub fn whole_units(a: &Analysed) -> Vec<Segment> {
    a.units
        .iter()
        .enumerate()
        .map(|(unit, t)| Segment {
            unit,
            first: 0,
            last: t.len(),
        })
        .collect()
}

/// Split answers into sentences: a new segment starts after `.`, `!`, `?`,
/// `;`, `:` or a line break between two tokens, or where the analyser
/// starts a new sentence.
pub fn sentences(a: &Analysed, texts: &[&str]) -> Vec<Segment> {
    let mut out = Vec::new();
    for (unit, toks) in a.units.iter().enumerate() {
        let text = texts[unit];
        let mut first = 0;
        for i in 1..toks.len() {
            let gap = &text[toks[i - 1].end as usize..toks[i].start as usize];
            if toks[i].sentence != toks[i - 1].sentence
                || gap.contains(['.', '!', '?', ';', ':', '\n'])
            {
                out.push(Segment {
                    unit,
                    first,
                    last: i,
                });
                first = i;
            }
        }
        out.push(Segment {
            unit,
            first,
            last: toks.len(),
        });
    }
    out
}

/// Build L2-normalised, sublinear TF-IDF vectors of `segments`.
pub fn tfidf(a: &Analysed, segments: &[Segment], config: &FeatureConfig) -> Features {
    let mut feat_ids: FxHashMap<(FeatureKind, u64), u32> = FxHashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut kinds: Vec<FeatureKind> = Vec::new();
    let mut prefix_ids: FxHashMap<String, u32> = FxHashMap::default();
    // Per vocabulary id: its lemma feature and its prefix feature.
    let mut lemma_feat = vec![u32::MAX; a.vocab.len()];
    let mut prefix_feat = vec![u32::MAX; a.vocab.len()];
    let mut raw: Vec<Vec<(u32, f32)>> = Vec::with_capacity(segments.len());
    let mut df: Vec<u32> = Vec::new();
    let mut new_feature = |kind: FeatureKind, name: String, names: &mut Vec<String>| {
        names.push(name);
        kinds.push(kind);
        (names.len() - 1) as u32
    };
    for seg in segments {
        let u = seg.unit;
        let mut counts: Vec<(u32, f32)> = Vec::new();
        let mut prev: Option<u32> = None;
        for t in &a.units[u][seg.first..seg.last] {
            if !is_content(a, t) {
                prev = None;
                continue;
            }
            let lemma = a.vocab.term(t.lemma);
            if lemma_feat[t.lemma as usize] == u32::MAX {
                lemma_feat[t.lemma as usize] =
                    new_feature(FeatureKind::Lemma, lemma.to_string(), &mut names);
            }
            counts.push((lemma_feat[t.lemma as usize], 1.0));
            if config.part_weight > 0.0 {
                for &p in a.parts_of(u, t) {
                    if p == t.lemma {
                        continue;
                    }
                    let key = (FeatureKind::Part, p as u64);
                    let f = match feat_ids.get(&key) {
                        Some(&f) => f,
                        None => {
                            let f = new_feature(
                                FeatureKind::Part,
                                format!("part:{}", a.vocab.term(p)),
                                &mut names,
                            );
                            feat_ids.insert(key, f);
                            f
                        }
                    };
                    counts.push((f, config.part_weight));
                }
            }
            if config.prefix_weight > 0.0 && lemma.chars().nth(config.prefix_len).is_some() {
                if prefix_feat[t.lemma as usize] == u32::MAX {
                    let pre: String = lemma.chars().take(config.prefix_len).collect();
                    let f = match prefix_ids.get(&pre) {
                        Some(&f) => f,
                        None => {
                            let f =
                                new_feature(FeatureKind::Prefix, format!("pre:{pre}"), &mut names);
                            prefix_ids.insert(pre, f);
                            f
                        }
                    };
                    prefix_feat[t.lemma as usize] = f;
                }
                counts.push((prefix_feat[t.lemma as usize], config.prefix_weight));
            }
            if config.bigram_weight > 0.0
                && let Some(p) = prev
            {
                let key = (FeatureKind::Bigram, ((p as u64) << 32) | t.lemma as u64);
                let f = match feat_ids.get(&key) {
                    Some(&f) => f,
                    None => {
                        let f = new_feature(
                            FeatureKind::Bigram,
                            format!("{} {lemma}", a.vocab.term(p)),
                            &mut names,
                        );
                        feat_ids.insert(key, f);
                        f
                    }
                };
                counts.push((f, config.bigram_weight));
            }
            prev = Some(t.lemma);
        }
        counts.sort_unstable_by_key(|c| c.0);
        let mut merged: Vec<(u32, f32)> = Vec::with_capacity(counts.len());
        for (f, w) in counts {
            match merged.last_mut() {
                Some(last) if last.0 == f => last.1 += w,
                _ => merged.push((f, w)),
            }
        }
        if df.len() < names.len() {
            df.resize(names.len(), 0);
        }
        for &(f, _) in &merged {
            df[f as usize] += 1;
        }
        raw.push(merged);
    }
    df.resize(names.len(), 0);
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
    let rows = raw
        .into_par_iter()
        .map(|counts| {
            let mut row: SparseVec = counts
                .into_iter()
                .filter(|&(f, _)| idf[f as usize] > 0.0)
                .map(|(f, c)| {
                    let tf = if c > 1.0 { 1.0 + c.ln() } else { c };
                    (f, tf * idf[f as usize])
                })
                .collect();
            normalise(&mut row);
            row
        })
        .collect();
    Features {
        names,
        kinds,
        idf,
        rows,
    }
}

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
        assert_eq!(a.units.len(), 5000);
        assert_eq!(a.vocab.term(a.units[0][0].lemma), "sana0");
        assert_eq!(a.vocab.term(a.units[4999][1].lemma), "yhteinen");
        assert_eq!(a.vocab.len(), 8);
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
        let f = tfidf(
            &a,
            &whole_units(&a),
            &FeatureConfig {
                prefix_weight: 0.0,
                ..Default::default()
            },
        );
        // "ja" is in every answer (> max_df), "hevonen", "lehmä", "lammas" once (< min_df).
        let kept: Vec<&str> = f.rows[0]
            .iter()
            .map(|&(id, _)| f.names[id as usize].as_str())
            .collect();
        assert_eq!(kept, ["kissa", "koira"]);
        assert!(f.rows[2].is_empty());
        let norm: f32 = f.rows[0].iter().map(|x| x.1 * x.1).sum();
        assert!((norm - 1.0).abs() < 1e-5);
    }
}
