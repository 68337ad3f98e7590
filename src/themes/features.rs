//! Features of the analysed answers: the token table of
//! `crate::text::table` (the same tokens, lemmas and compound parts as the
//! index, interned to ids, in an order that does not depend on the thread
//! count), and the sparse TF-IDF vectors that discovery clusters.

pub use crate::text::table::{Analysed, Tok, Vocab, analyse};
use crate::text::table::{CHUNK, WINDOW};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

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
    /// The `a` of [`crate::text::commonness::specificity`]: each feature's
    /// weight is also multiplied by how rare its word is in general
    /// Finnish; 0 (the default) turns it off. Discovery turns it on for
    /// sentences clustered with meaning
    /// ([`super::discover::DiscoverConfig::meaning_commonness`]).
    pub commonness: f32,
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
            commonness: 0.0,
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
            if t.stopword() || t.number() || !self.long[t.lemma as usize] {
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
    /// Index of the answer in [`Analysed`] ([`Analysed::unit`]).
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
                    if toks[i].new_sentence() || gap.contains(['.', '!', '?', ';', ':', '\n']) {
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
                        if t.stopword() || t.number() || !long[t.lemma as usize] {
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
    let mut idf = idf;
    if config.commonness > 0.0 {
        weigh_by_commonness(&mut idf, &names, &kinds, &maker, config.commonness);
    }
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

/// Multiply each feature's weight by its word's specificity in general
/// Finnish: a lemma's own, a compound part's as a word, a truncated word's
/// the mean of the lemmas that share it, a phrase's its less specific word's.
fn weigh_by_commonness(
    idf: &mut [f32],
    names: &[String],
    kinds: &[FeatureKind],
    maker: &RowMaker<'_>,
    a: f32,
) {
    use crate::text::commonness::specificity;
    let vocab = &maker.a.vocab;
    let mut prefix_sum = vec![(0f32, 0u32); names.len()];
    for (l, &f) in maker.prefix_feat.iter().enumerate() {
        if f != u32::MAX {
            let e = &mut prefix_sum[f as usize];
            e.0 += specificity(vocab.term(l as u32), a);
            e.1 += 1;
        }
    }
    for (f, w) in idf.iter_mut().enumerate() {
        if *w == 0.0 {
            continue;
        }
        let name = names[f].as_str();
        *w *= match kinds[f] {
            FeatureKind::Lemma => specificity(name, a),
            FeatureKind::Part => specificity(name.strip_prefix("part:").unwrap_or(name), a),
            FeatureKind::Prefix => {
                let (sum, n) = prefix_sum[f];
                if n == 0 { 1.0 } else { sum / n as f32 }
            }
            FeatureKind::Bigram => name
                .split(' ')
                .map(|w| specificity(w, a))
                .fold(1.0, f32::min),
        };
    }
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
    use crate::text::{Analyzer, AnalyzerConfig, Register};

    #[test]
    fn with_commonness_an_everyday_word_weighs_less_than_a_theme_word() {
        let analyzer = Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        // "saada" and "kiire" are in the same answers, so their document
        // frequencies (and their plain weights) are equal.
        let texts = [
            "kiire saada",
            "kiire saada",
            "kissa nukkuu",
            "kissa nukkuu",
            "koira juoksee",
        ];
        let pairs: Vec<(&str, Register)> = texts.iter().map(|t| (*t, Register::Written)).collect();
        let a = analyse(&analyzer, &pairs);
        let units = whole_units(&a);
        let weights = |commonness: f32| {
            let f = tfidf(
                &a,
                &units,
                &FeatureConfig {
                    prefix_weight: 0.0,
                    commonness,
                    ..Default::default()
                },
            );
            let of = |w: &str| f.idf[f.names.iter().position(|n| n == w).unwrap()];
            (of("saada"), of("kiire"))
        };
        let (saada, kiire) = weights(0.0);
        assert_eq!(saada, kiire);
        let (saada, kiire) = weights(0.001);
        assert!(saada < 0.3 * kiire, "saada {saada}, kiire {kiire}");
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
