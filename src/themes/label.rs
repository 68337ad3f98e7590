//! What sets a theme apart: characteristic lemmas, compound parts and
//! two-word phrases (share of the theme's answers × inverse document
//! frequency), the distinguishing words (log-odds ratio with an informative
//! Dirichlet prior, as a z-score, theme against the rest) and the label.

use super::crosstab::round;
use super::features::Analysed;
use super::result::Term;
use rustc_hash::FxHashMap;

/// Words in a label.
const LABEL_WORDS: usize = 3;
/// Terms kept per list.
const TOP: usize = 10;

/// The characteristic terms of one theme.
#[derive(Debug, Clone, Default)]
pub struct Characteristic {
    /// Lemmas.
    pub lemmas: Vec<Term>,
    /// Compound parts.
    pub parts: Vec<Term>,
    /// Two-word phrases.
    pub bigrams: Vec<Term>,
    /// Distinguishing words.
    pub distinguishing: Vec<Term>,
    /// A label from the top terms.
    pub label: String,
}

/// Ragged rows stored flat: row `i` is `items[start[i]..start[i + 1]]`.
#[derive(Debug, Default)]
struct Flat<T> {
    items: Vec<T>,
    start: Vec<usize>,
}

impl<T: Copy> Flat<T> {
    fn row(&self, i: usize) -> &[T] {
        &self.items[self.start[i]..self.start[i + 1]]
    }
    fn push(&mut self, row: &[T]) {
        if self.start.is_empty() {
            self.start.push(0);
        }
        self.items.extend_from_slice(row);
        self.start.push(self.items.len());
    }
    fn append(&mut self, other: Flat<T>) {
        if self.start.is_empty() {
            self.start.push(0);
        }
        let base = self.items.len();
        self.items.extend(other.items);
        self.start
            .extend(other.start.iter().skip(1).map(|&s| s + base));
    }
}

/// Answers counted per parallel chunk (fixed: counts do not depend on threads).
const CHUNK: usize = 4096;

/// Document frequencies of content lemmas, parts and bigrams per answer.
pub struct TermCounts {
    /// Answers counted.
    n: usize,
    /// Per answer: distinct lemma ids.
    lemmas: Flat<u32>,
    /// Per answer: distinct part ids.
    parts: Flat<u32>,
    /// Per answer: distinct bigram keys.
    bigrams: Flat<u64>,
    /// Token counts per answer: (lemma, count).
    tokens: Flat<(u32, u32)>,
    /// Answers with each lemma (by vocabulary id).
    df_lemma: Vec<u32>,
    /// Answers with each part (by vocabulary id).
    df_part: Vec<u32>,
    df_bigram: FxHashMap<u64, usize>,
    /// Tokens of each lemma (by vocabulary id).
    total_tokens: Vec<u64>,
    all_tokens: u64,
}

impl TermCounts {
    /// Count over the analysed answers (in parallel over fixed chunks; the
    /// counts do not depend on the thread count).
    pub fn new(a: &Analysed) -> TermCounts {
        use rayon::prelude::*;
        let long = a.long_terms();
        type Chunk = (Flat<u32>, Flat<u32>, Flat<u64>, Flat<(u32, u32)>);
        let chunks: Vec<Chunk> = a
            .units
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, units)| {
                let mut out: Chunk = Default::default();
                let (mut l, mut p, mut b, mut tc) =
                    (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                for (i, toks) in units.iter().enumerate() {
                    let u = c * CHUNK + i;
                    l.clear();
                    p.clear();
                    b.clear();
                    tc.clear();
                    let mut prev: Option<u32> = None;
                    for t in toks {
                        if t.stopword || t.number || !long[t.lemma as usize] {
                            prev = None;
                            continue;
                        }
                        l.push(t.lemma);
                        p.extend(a.parts_of(u, t).iter().copied().filter(|&x| x != t.lemma));
                        if let Some(q) = prev {
                            b.push(((q as u64) << 32) | t.lemma as u64);
                        }
                        prev = Some(t.lemma);
                    }
                    l.sort_unstable();
                    for &x in &l {
                        match tc.last_mut() {
                            Some((y, n)) if *y == x => *n += 1,
                            _ => tc.push((x, 1u32)),
                        }
                    }
                    l.dedup();
                    p.sort_unstable();
                    p.dedup();
                    b.sort_unstable();
                    b.dedup();
                    out.0.push(&l);
                    out.1.push(&p);
                    out.2.push(&b);
                    out.3.push(&tc);
                }
                out
            })
            .collect();
        let v = a.vocab.len();
        let mut counts = TermCounts {
            n: a.units.len(),
            lemmas: Flat::default(),
            parts: Flat::default(),
            bigrams: Flat::default(),
            tokens: Flat::default(),
            df_lemma: vec![0u32; v],
            df_part: vec![0u32; v],
            df_bigram: FxHashMap::default(),
            total_tokens: vec![0u64; v],
            all_tokens: 0,
        };
        for (l, p, b, tc) in chunks {
            for &(x, c) in &tc.items {
                counts.total_tokens[x as usize] += c as u64;
                counts.all_tokens += c as u64;
            }
            for &x in &l.items {
                counts.df_lemma[x as usize] += 1;
            }
            for &x in &p.items {
                counts.df_part[x as usize] += 1;
            }
            for &x in &b.items {
                *counts.df_bigram.entry(x).or_insert(0) += 1;
            }
            counts.lemmas.append(l);
            counts.parts.append(p);
            counts.bigrams.append(b);
            counts.tokens.append(tc);
        }
        counts
    }

    /// The characteristic terms of the answers `members` (indices into the
    /// analysed answers).
    pub fn characterise(&self, a: &Analysed, members: &[usize]) -> Characteristic {
        let n = self.n.max(1) as f64;
        let size = members.len().max(1) as f64;
        let (mut l, mut p, mut b): (
            FxHashMap<u32, usize>,
            FxHashMap<u32, usize>,
            FxHashMap<u64, usize>,
        ) = Default::default();
        let mut in_tokens: FxHashMap<u32, u64> = FxHashMap::default();
        let mut in_all = 0u64;
        for &m in members {
            let (ul, up, ub) = (self.lemmas.row(m), self.parts.row(m), self.bigrams.row(m));
            for &x in ul {
                *l.entry(x).or_insert(0) += 1;
            }
            for &x in up {
                *p.entry(x).or_insert(0) += 1;
            }
            for &x in ub {
                *b.entry(x).or_insert(0) += 1;
            }
            for &(x, c) in self.tokens.row(m) {
                *in_tokens.entry(x).or_insert(0) += c as u64;
                in_all += c as u64;
            }
        }
        let min = if members.len() >= 10 { 2 } else { 1 };
        let score =
            |count: usize, df: usize| (count as f64 / size) * (n / df.max(1) as f64).ln().max(0.0);
        let rank = |mut v: Vec<(String, f64)>| -> Vec<Term> {
            v.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            v.truncate(TOP);
            v.into_iter()
                .map(|(term, s)| Term {
                    term,
                    score: round(s, 4),
                })
                .collect()
        };
        let lemmas = rank(
            l.iter()
                .filter(|&(_, &c)| c >= min)
                .map(|(&x, &c)| {
                    (
                        a.vocab.term(x).to_string(),
                        score(c, self.df_lemma[x as usize] as usize),
                    )
                })
                .collect(),
        );
        let parts = rank(
            p.iter()
                .filter(|&(_, &c)| c >= min)
                .map(|(&x, &c)| {
                    (
                        a.vocab.term(x).to_string(),
                        score(c, self.df_part[x as usize] as usize),
                    )
                })
                .collect(),
        );
        let bigrams = rank(
            b.iter()
                .filter(|&(_, &c)| c >= 2)
                .map(|(&x, &c)| {
                    let s = format!(
                        "{} {}",
                        a.vocab.term((x >> 32) as u32),
                        a.vocab.term(x as u32)
                    );
                    (s, score(c, self.df_bigram[&x]))
                })
                .collect(),
        );
        // Log-odds with an informative Dirichlet prior (Monroe et al. 2008).
        let a0 = 100.0;
        let out_all = (self.all_tokens - in_all) as f64;
        let distinguishing = rank(
            in_tokens
                .iter()
                .filter(|&(_, &c)| c as usize >= min)
                .map(|(&x, &yi)| {
                    let total = self.total_tokens[x as usize] as f64;
                    let aw = a0 * total / self.all_tokens.max(1) as f64;
                    let yi = yi as f64;
                    let yj = total - yi;
                    let li = ((yi + aw) / (in_all as f64 + a0 - yi - aw)).ln();
                    let lj = ((yj + aw) / (out_all + a0 - yj - aw)).ln();
                    let z = (li - lj) / (1.0 / (yi + aw) + 1.0 / (yj + aw)).sqrt();
                    (a.vocab.term(x).to_string(), z)
                })
                .filter(|(_, z)| *z > 0.0)
                .collect(),
        );
        let label = label_of(&lemmas, &bigrams);
        Characteristic {
            lemmas,
            parts,
            bigrams,
            distinguishing,
            label,
        }
    }
}

/// A label: the top lemmas, with a strong two-word phrase first.
fn label_of(lemmas: &[Term], bigrams: &[Term]) -> String {
    let mut words: Vec<String> = Vec::new();
    if let (Some(b), Some(l)) = (bigrams.first(), lemmas.first())
        && b.score >= 0.5 * l.score
    {
        words.push(b.term.clone());
    }
    for l in lemmas {
        if words.len() >= LABEL_WORDS {
            break;
        }
        if !words.iter().any(|w| w.split(' ').any(|x| x == l.term)) {
            words.push(l.term.clone());
        }
    }
    if words.is_empty() {
        "(no characteristic words)".into()
    } else {
        words.join(", ")
    }
}
