//! What sets a theme apart: characteristic lemmas, compound parts and
//! two-word phrases (share of the theme's answers × inverse document
//! frequency), the distinguishing words (log-odds ratio with an informative
//! Dirichlet prior, as a z-score, theme against the rest) and the label.

use super::crosstab::round;
use super::features::Analysed;
use super::membership::Within;
use super::result::Term;
use rayon::prelude::*;
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

/// Answers counted per parallel chunk (fixed: counts do not depend on threads).
const CHUNK: usize = 4096;

/// The terms of one answer that characterise themes: distinct content
/// lemmas, distinct compound parts, distinct two-word phrases and the
/// content-lemma token counts. Reused between answers (no allocation per
/// answer once grown).
#[derive(Debug, Default)]
struct AnswerTerms {
    lemmas: Vec<u32>,
    parts: Vec<u32>,
    bigrams: Vec<u64>,
    tokens: Vec<(u32, u32)>,
}

impl AnswerTerms {
    /// Fill with the terms of answer `u` (its text is `text`) that are
    /// `within` its spans; `long` marks content-word ids. A two-word
    /// phrase is two content words with only white space between them:
    /// "kuluneet, uudet" is none.
    fn fill(&mut self, a: &Analysed, text: &str, long: &[bool], u: usize, mut within: Within<'_>) {
        let (l, p, b, tc) = (
            &mut self.lemmas,
            &mut self.parts,
            &mut self.bigrams,
            &mut self.tokens,
        );
        l.clear();
        p.clear();
        b.clear();
        tc.clear();
        // The previous content word: lemma and where it ends.
        let mut prev: Option<(u32, u32)> = None;
        for t in a.unit(u) {
            if t.stopword
                || t.number
                || !long[t.lemma as usize]
                || !within.contains(t.start as usize, t.end as usize)
            {
                prev = None;
                continue;
            }
            l.push(t.lemma);
            p.extend(a.parts_of(u, t).iter().copied().filter(|&x| x != t.lemma));
            if let Some((q, end)) = prev
                && text
                    .get(end as usize..t.start as usize)
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
            {
                b.push(((q as u64) << 32) | t.lemma as u64);
            }
            prev = Some((t.lemma, t.end));
        }
        l.sort_unstable();
        for &x in l.iter() {
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
    }
}

/// Document frequencies of content lemmas, parts and bigrams over the
/// answers, and token totals. The terms of each answer are not kept: a
/// theme's are recomputed from the analysis when it is characterised, so
/// memory does not grow with the answers beyond the analysis itself.
pub struct TermCounts {
    /// Answers counted.
    n: usize,
    /// Per vocabulary id: a content word (two letters or more).
    long: Vec<bool>,
    /// Answers with each lemma (by vocabulary id).
    df_lemma: Vec<u32>,
    /// Answers with each part (by vocabulary id).
    df_part: Vec<u32>,
    df_bigram: FxHashMap<u64, usize>,
    /// Tokens of each lemma (by vocabulary id).
    total_tokens: Vec<u64>,
    all_tokens: u64,
}

/// Counts of one chunk of answers.
#[derive(Default)]
struct ChunkCounts {
    df_lemma: FxHashMap<u32, u32>,
    df_part: FxHashMap<u32, u32>,
    df_bigram: FxHashMap<u64, usize>,
    tokens: FxHashMap<u32, u64>,
    all_tokens: u64,
}

/// Chunks counted before they are added to the totals.
const WINDOW: usize = 16;

impl TermCounts {
    /// Count over the analysed answers, whose texts are `texts` (in
    /// parallel over fixed chunks; the counts do not depend on the thread
    /// count).
    pub fn new(a: &Analysed, texts: &[&str]) -> TermCounts {
        use rayon::prelude::*;
        let long = a.long_terms();
        let n = a.len();
        let v = a.vocab.len();
        let mut counts = TermCounts {
            n,
            long: Vec::new(),
            df_lemma: vec![0u32; v],
            df_part: vec![0u32; v],
            df_bigram: FxHashMap::default(),
            total_tokens: vec![0u64; v],
            all_tokens: 0,
        };
        // Chunks are counted in parallel a window at a time and added to the
        // totals in order (sums: the same whatever the thread count), so the
        // chunks' own tables do not pile up on a large corpus.
        let chunks = n.div_ceil(CHUNK);
        for window in (0..chunks).step_by(WINDOW) {
            let counted: Vec<ChunkCounts> = (window..(window + WINDOW).min(chunks))
                .into_par_iter()
                .map(|c| {
                    let mut out = ChunkCounts::default();
                    let mut terms = AnswerTerms::default();
                    let first = c * CHUNK;
                    let chunk = &texts[first..((c + 1) * CHUNK).min(n)];
                    for (j, text) in chunk.iter().enumerate() {
                        let u = first + j;
                        terms.fill(a, text, &long, u, Within::new(&[]));
                        for &(x, k) in &terms.tokens {
                            *out.tokens.entry(x).or_insert(0) += k as u64;
                            out.all_tokens += k as u64;
                        }
                        for &x in &terms.lemmas {
                            *out.df_lemma.entry(x).or_insert(0) += 1;
                        }
                        for &x in &terms.parts {
                            *out.df_part.entry(x).or_insert(0) += 1;
                        }
                        for &x in &terms.bigrams {
                            *out.df_bigram.entry(x).or_insert(0) += 1;
                        }
                    }
                    out
                })
                .collect();
            for c in counted {
                for (x, k) in c.tokens {
                    counts.total_tokens[x as usize] += k;
                }
                counts.all_tokens += c.all_tokens;
                for (x, k) in c.df_lemma {
                    counts.df_lemma[x as usize] += k;
                }
                for (x, k) in c.df_part {
                    counts.df_part[x as usize] += k;
                }
                for (x, k) in c.df_bigram {
                    *counts.df_bigram.entry(x).or_insert(0) += k;
                }
            }
        }
        counts.long = long;
        counts
    }

    /// The characteristic terms of the answers `members` (indices into the
    /// analysed answers and their `texts`).
    pub fn characterise(&self, a: &Analysed, texts: &[&str], members: &[usize]) -> Characteristic {
        self.characterise_within(a, texts, members, |_| Vec::new())
    }

    /// The characteristic terms of what the answers `members` say within
    /// their spans (`spans(i)`, sorted byte spans of answer `i`; none: the
    /// whole answer): a theme found in sentences is characterised by those
    /// sentences, not by the rest of the answers that hold them ("Vastaan
    /// lyhyesti. Muuten olen tyytyväinen." beside a sentence on opening
    /// hours does not make "muuten" a word of the opening-hours theme).
    /// Document frequencies stay those of whole answers.
    pub fn characterise_within(
        &self,
        a: &Analysed,
        texts: &[&str],
        members: &[usize],
        spans: impl Fn(usize) -> Vec<(usize, usize)>,
    ) -> Characteristic {
        let n = self.n.max(1) as f64;
        let size = members.len().max(1) as f64;
        let (mut l, mut p, mut b): (
            FxHashMap<u32, usize>,
            FxHashMap<u32, usize>,
            FxHashMap<u64, usize>,
        ) = Default::default();
        let mut in_tokens: FxHashMap<u32, u64> = FxHashMap::default();
        let mut in_all = 0u64;
        let mut terms = AnswerTerms::default();
        for &m in members {
            let spans = spans(m);
            terms.fill(a, texts[m], &self.long, m, Within::new(&spans));
            for &x in &terms.lemmas {
                *l.entry(x).or_insert(0) += 1;
            }
            for &x in &terms.parts {
                *p.entry(x).or_insert(0) += 1;
            }
            for &x in &terms.bigrams {
                *b.entry(x).or_insert(0) += 1;
            }
            for &(x, c) in &terms.tokens {
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

/// The labels of `themes` with words shared out: each theme's label is
/// made of the lemmas and phrases whose score (share of the theme's answers
/// × IDF) is highest in this theme among all themes, so two themes are not
/// both named by a word one of them holds far more of (a catch-all theme
/// with "ohjaaja" in 40 % of its answers is not named by it beside the
/// theme about the instructors, where it is in 90 %). A theme that holds
/// none of its words most keeps its own top words.
/// Each theme is given as its (lemmas, two-word phrases).
pub(super) fn distinct_labels(themes: &[(&[Term], &[Term])]) -> Vec<String> {
    let mut best: FxHashMap<&str, f64> = FxHashMap::default();
    for (l, b) in themes {
        for x in l.iter().chain(b.iter()) {
            let b = best.entry(x.term.as_str()).or_insert(f64::NEG_INFINITY);
            *b = b.max(x.score);
        }
    }
    themes
        .iter()
        .map(|&(all_lemmas, all_bigrams)| {
            let owned = |x: &&Term| x.score >= best[x.term.as_str()];
            let lemmas: Vec<Term> = all_lemmas.iter().filter(owned).cloned().collect();
            let bigrams: Vec<Term> = all_bigrams.iter().filter(owned).cloned().collect();
            if lemmas.is_empty() {
                label_of(all_lemmas, all_bigrams)
            } else {
                label_of(&lemmas, &bigrams)
            }
        })
        .collect()
}

/// The labels discovered themes get in `themes.json`: each theme
/// characterised by the sentences that put answers in it, the words shared
/// out ([`distinct_labels`]); a theme `defs` names keeps its name. A
/// refinement that names a theme by its label finds it by these.
pub(super) fn discovered_labels(
    counts: &TermCounts,
    a: &Analysed,
    texts: &[&str],
    defs: &[super::ThemeDef],
    members: &super::membership::Membership,
) -> Vec<String> {
    let mut units: Vec<Vec<usize>> = vec![Vec::new(); defs.len()];
    for (i, m) in members.iter().enumerate() {
        for e in m {
            units[e.theme as usize].push(i);
        }
    }
    let chars: Vec<Characteristic> = units
        .par_iter()
        .enumerate()
        .map(|(t, u)| counts.characterise_within(a, texts, u, |i| members.theme_spans(i, t)))
        .collect();
    let terms: Vec<_> = chars
        .iter()
        .map(|c| (&c.lemmas[..], &c.bigrams[..]))
        .collect();
    labels_of(defs, &terms)
}

/// The label of each theme: the name `defs` gives it, otherwise its words
/// (lemmas, two-word phrases) shared out between the themes
/// ([`distinct_labels`]). Assembling and [`discovered_labels`] both name
/// themes by it, so a refine file finds the labels themes.json shows.
pub(super) fn labels_of(defs: &[super::ThemeDef], terms: &[(&[Term], &[Term])]) -> Vec<String> {
    defs.iter()
        .zip(distinct_labels(terms))
        .map(|(d, l)| d.label.clone().unwrap_or(l))
        .collect()
}

/// A term's score for a label: its characteristic score times the square
/// root of how specific its words are in general Finnish (a phrase: its
/// least specific word's), so that a theme is named by "aukioloaika"
/// before "saada" or "asia" when both are characteristic of it. The root
/// keeps a theme's own word ahead of a rarer word in few of its answers:
/// "auto" (one word in 800) in all of a theme's answers stays ahead of
/// "hajota" in one of four.
fn label_score(t: &Term) -> f64 {
    let specificity = t
        .term
        .split(' ')
        .map(|w| crate::text::commonness::specificity(w, crate::text::commonness::A))
        .fold(1.0f32, f32::min);
    t.score * (specificity as f64).sqrt()
}

/// A label: the top lemmas by [`label_score`], with a strong two-word
/// phrase first; no filler of any register
/// ([`crate::text::stopwords::Stopwords::filler`]) in it, as written
/// answers count spoken fillers ("no", "ok", "muuten") as content words.
fn label_of(lemmas: &[Term], bigrams: &[Term]) -> String {
    let plain = |t: &&Term| {
        !t.term
            .split(' ')
            .any(|w| crate::text::stopwords::Stopwords::shared().filler(w))
    };
    let by_label_score = |v: &mut Vec<(&Term, f64)>| {
        v.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.term.cmp(&y.0.term)));
    };
    let mut scored: Vec<(&Term, f64)> = lemmas
        .iter()
        .filter(plain)
        .map(|t| (t, label_score(t)))
        .collect();
    by_label_score(&mut scored);
    let mut phrases: Vec<(&Term, f64)> = bigrams
        .iter()
        .filter(plain)
        .map(|t| (t, label_score(t)))
        .collect();
    by_label_score(&mut phrases);
    let lemmas: Vec<&Term> = scored.iter().map(|x| x.0).collect();
    let mut words: Vec<String> = Vec::new();
    if let (Some(b), Some(l)) = (phrases.first(), scored.first())
        && b.1 >= 0.5 * l.1
    {
        words.push(b.0.term.clone());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analyzer, AnalyzerConfig, Register};
    use crate::themes::features::analyse;

    fn term(t: &str, score: f64) -> Term {
        Term {
            term: t.into(),
            score,
        }
    }

    #[test]
    fn a_label_holds_no_filler_of_any_register() {
        let lemmas = [
            term("muuten", 0.9),
            term("aukioloaika", 0.8),
            term("ok", 0.7),
            term("auki", 0.6),
            term("ilta", 0.5),
        ];
        // The strongest phrase holds a filler: the next plain one leads.
        let bigrams = [term("muuten ok", 0.9), term("viikonloppu aukioloaika", 0.7)];
        assert_eq!(
            label_of(&lemmas, &bigrams),
            "viikonloppu aukioloaika, auki, ilta"
        );
        assert_eq!(label_of(&lemmas, &[]), "aukioloaika, auki, ilta");
    }

    #[test]
    fn a_word_names_the_theme_that_holds_most_of_it() {
        let staff = vec![term("ohjaaja", 1.4), term("kiva", 0.4)];
        let mixed = vec![
            term("ohjaaja", 0.4),
            term("saada", 0.35),
            term("ymmärtää", 0.3),
        ];
        let only_shared = vec![term("kiva", 0.2)];
        // "saada", one word in 170 of general Finnish, yields to
        // "ymmärtää" though it is a little more characteristic.
        assert_eq!(
            distinct_labels(&[(&staff, &[]), (&mixed, &[]), (&only_shared, &[])]),
            ["ohjaaja, kiva", "ymmärtää, saada", "kiva"]
        );
    }

    #[test]
    fn a_phrase_with_an_everyday_word_does_not_lead_a_label() {
        let lemmas = [term("aukioloaika", 0.8), term("auki", 0.6)];
        // "olla" is the commonest Finnish lemma: the phrase says little more
        // than its other word, which names the theme anyway.
        let bigrams = [term("olla auki", 0.7)];
        assert_eq!(label_of(&lemmas, &bigrams), "aukioloaika, auki");
        let bigrams = [term("viikonloppu aukioloaika", 0.7)];
        assert_eq!(label_of(&lemmas, &bigrams), "viikonloppu aukioloaika, auki");
    }

    #[test]
    fn a_theme_is_characterised_by_its_own_sentences() {
        let analyzer = Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let texts = [
            "Vastaan lyhyesti. Aukioloajat ovat liian lyhyet.",
            "Vastaan lyhyesti. Aukioloajat ovat liian lyhyet iltaisin.",
            "Kahvi on hyvää.",
        ];
        let pairs: Vec<(&str, Register)> = texts.iter().map(|t| (*t, Register::Written)).collect();
        let a = analyse(&analyzer, &pairs);
        let counts = TermCounts::new(&a, &texts);
        let second = |i: usize| vec![(texts[i].find("Aukio").unwrap(), texts[i].len())];
        let within = counts.characterise_within(&a, &texts, &[0, 1], second);
        let whole = counts.characterise(&a, &texts, &[0, 1]);
        let words = |c: &Characteristic| -> Vec<String> {
            c.lemmas.iter().map(|t| t.term.clone()).collect()
        };
        let lyhyesti = |ws: &[String]| ws.iter().any(|w| w.starts_with("lyhye"));
        assert!(lyhyesti(&words(&whole)), "{:?}", words(&whole));
        assert!(!lyhyesti(&words(&within)), "{:?}", words(&within));
        assert!(
            words(&within).iter().any(|w| w.starts_with("aukiolo")),
            "{:?}",
            words(&within)
        );
    }

    #[test]
    fn phrases_are_words_side_by_side_not_across_punctuation() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let texts = [
            "Sohvat kuluneet, tuolit rikki.",
            "Sohvat kuluneet, tuolit rikki!",
            "Sohvat kuluneet; tuolit rikki",
        ];
        let pairs: Vec<(&str, Register)> = texts.iter().map(|t| (*t, Register::Written)).collect();
        let a = analyse(&analyzer, &pairs);
        let lemma = |i: usize| a.vocab.term(a.unit(0)[i].lemma).to_string();
        assert_eq!(a.unit(0).len(), 4, "four content words");
        let counts = TermCounts::new(&a, &texts);
        let ch = counts.characterise(&a, &texts, &[0, 1, 2]);
        let phrases: Vec<&str> = ch.bigrams.iter().map(|b| b.term.as_str()).collect();
        let side_by_side = [
            format!("{} {}", lemma(0), lemma(1)),
            format!("{} {}", lemma(2), lemma(3)),
        ];
        for p in &side_by_side {
            assert!(phrases.contains(&p.as_str()), "{p} not in {phrases:?}");
        }
        let across = format!("{} {}", lemma(1), lemma(2));
        assert!(
            !phrases.contains(&across.as_str()),
            "{across} in {phrases:?}"
        );
    }
}
