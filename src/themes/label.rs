//! What sets a theme apart: characteristic lemmas, compound parts and
//! two-word phrases (share of the theme's answers × inverse document
//! frequency), the distinguishing words (log-odds ratio with an informative
//! Dirichlet prior, as a z-score, theme against the rest) and the label.

use super::crosstab::round;
use super::features::{Analysed, Tok};
use super::membership::Within;
use super::result::Term;
use crate::text::{Analyzer, Register};
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
    /// How the top terms read, for labels.
    pub wording: Wording,
}

/// The word class of a label's candidate word, as the lemmatiser tells it
/// (Voikko does; the built-in lemmatiser and teema's own lexicon do not:
/// `Unknown`, which counts as a noun would, so labels without Voikko are
/// made as before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// A noun or a proper noun: what a researcher names a theme by.
    Noun,
    /// An adjective ("hyvä", "kiva", "iltainen").
    Adjective,
    /// A verb ("osata", "soittaa", "maata").
    Verb,
    /// Any other class: adverbs ("lyhyesti", "auki"), pronouns, numerals…
    Other,
    /// Not known.
    Unknown,
}

impl WordClass {
    /// The class of a UD part of speech.
    fn of(upos: Option<&str>) -> WordClass {
        match upos {
            Some("NOUN" | "PROPN") => WordClass::Noun,
            Some("ADJ") => WordClass::Adjective,
            Some("VERB" | "AUX") => WordClass::Verb,
            Some(_) => WordClass::Other,
            None => WordClass::Unknown,
        }
    }

    /// How much a word of this class weighs in a label against a noun: a
    /// researcher names a theme by its head nouns ("ateriapalvelu",
    /// "turvallisuuden tunne"), and "osata, pitää, huomata" or "lyhyesti"
    /// name none.
    fn weight(self) -> f64 {
        match self {
            WordClass::Noun | WordClass::Unknown => 1.0,
            WordClass::Adjective | WordClass::Verb => 0.5,
            WordClass::Other => 0.25,
        }
    }

    /// A word of this class can head a noun phrase.
    fn heads_phrase(self) -> bool {
        matches!(self, WordClass::Noun | WordClass::Unknown)
    }

    /// A word of this class can modify a noun before it ("iltainen
    /// aukioloaika", "turvallisuuden tunne"); a verb or an adverb cannot
    /// ("makasi lattialla", "jonkin verran huonoa").
    fn modifies(self) -> bool {
        matches!(
            self,
            WordClass::Noun | WordClass::Adjective | WordClass::Unknown
        )
    }
}

/// How a theme's top terms read: the word class of each top lemma and of
/// each word of the top phrases (from its commonest written form in the
/// theme), and each top phrase as a label shows it: a noun in the genitive
/// before its head as it is commonly written, any other modifier and the
/// head as lemmas ("kotihoito asiakas" reads "kotihoidon asiakas",
/// "turvallisuus tunne" "turvallisuuden tunne"; "vastaava hoitaja", whose
/// first word agrees with the head, stays). Empty without an analyzer.
#[derive(Debug, Clone, Default)]
pub struct Wording {
    classes: FxHashMap<String, WordClass>,
    written: FxHashMap<String, String>,
}

impl Wording {
    fn class(&self, lemma: &str) -> WordClass {
        self.classes
            .get(lemma)
            .copied()
            .unwrap_or(WordClass::Unknown)
    }

    /// A phrase as a label shows it.
    fn written<'a>(&'a self, phrase: &'a str) -> &'a str {
        self.written.get(phrase).map_or(phrase, String::as_str)
    }

    /// A two-word phrase reads as a noun phrase: a modifier, then a noun.
    fn noun_phrase(&self, phrase: &str) -> bool {
        let mut words = phrase.split(' ');
        match (words.next(), words.next(), words.next()) {
            (Some(x), Some(y), None) => self.class(x).modifies() && self.class(y).heads_phrase(),
            _ => true,
        }
    }
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
    /// `within` its spans; `long` marks content-word ids.
    fn fill(&mut self, a: &Analysed, text: &str, long: &[bool], u: usize, within: Within<'_>) {
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
        for_each_content_word(a, text, long, u, within, |t, prev| {
            l.push(t.lemma);
            p.extend(a.parts_of(u, t).iter().copied().filter(|&x| x != t.lemma));
            if let Some(q) = prev {
                b.push(((q.lemma as u64) << 32) | t.lemma as u64);
            }
        });
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

/// Call `f` for each content word of answer `u` (its text is `text`)
/// `within` its spans, with the content word before it when the two make a
/// two-word phrase: nothing but white space between them ("kuluneet,
/// uudet" is none). `long` marks content-word ids.
fn for_each_content_word(
    a: &Analysed,
    text: &str,
    long: &[bool],
    u: usize,
    mut within: Within<'_>,
    mut f: impl FnMut(&Tok, Option<&Tok>),
) {
    let mut prev: Option<&Tok> = None;
    for t in a.unit(u) {
        if t.stopword()
            || t.number()
            || !long[t.lemma as usize]
            || !within.contains(t.start as usize, t.end as usize)
        {
            prev = None;
            continue;
        }
        let phrase = prev.filter(|q| {
            text.get(q.end as usize..t.start as usize)
                .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        });
        f(t, phrase);
        prev = Some(t);
    }
}

/// Document frequencies of content lemmas, parts and bigrams over the
/// answers, and token totals. The terms of each answer are not kept: a
/// theme's are recomputed from the analysis when it is characterised, so
/// memory does not grow with the answers beyond the analysis itself.
pub struct TermCounts<'w> {
    /// Tells the word classes and written forms of labels' words
    /// ([`Wording`]); none: every word class is unknown.
    analyzer: Option<&'w Analyzer>,
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

impl<'w> TermCounts<'w> {
    /// Count over the analysed answers, whose texts are `texts` (in
    /// parallel over fixed chunks; the counts do not depend on the thread
    /// count).
    pub fn new(a: &Analysed, texts: &[&str]) -> TermCounts<'w> {
        use rayon::prelude::*;
        let long = a.long_terms();
        let n = a.len();
        let v = a.vocab.len();
        let mut counts = TermCounts {
            analyzer: None,
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

    /// Labels made with the word classes and written forms `analyzer`
    /// tells ([`Wording`]).
    pub fn worded_by(mut self, analyzer: &'w Analyzer) -> TermCounts<'w> {
        self.analyzer = Some(analyzer);
        self
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
        let wording = self.wording(a, texts, members, &spans, &lemmas, &bigrams);
        let label = label_of(&lemmas, &bigrams, &wording);
        Characteristic {
            lemmas,
            parts,
            bigrams,
            distinguishing,
            label,
            wording,
        }
    }

    /// How the top `lemmas` and `bigrams` of the answers `members` read
    /// within their spans: the commonest written form of each (lower
    /// case; ties to the first in sort order), the lemmas' word classes
    /// as the analyzer tells them of those forms. Empty without one.
    fn wording(
        &self,
        a: &Analysed,
        texts: &[&str],
        members: &[usize],
        spans: &impl Fn(usize) -> Vec<(usize, usize)>,
        lemmas: &[Term],
        bigrams: &[Term],
    ) -> Wording {
        let Some(analyzer) = self.analyzer else {
            return Wording::default();
        };
        type Forms = FxHashMap<String, u32>;
        let mut words: FxHashMap<u32, Forms> = FxHashMap::default();
        // Per phrase: the written forms of its first word.
        let mut phrases: FxHashMap<u64, (&str, Forms)> = FxHashMap::default();
        for t in lemmas {
            if let Some(x) = a.vocab.get(&t.term) {
                words.insert(x, Forms::default());
            }
        }
        for b in bigrams {
            let mut w = b.term.split(' ').map(|w| a.vocab.get(w));
            if let (Some(Some(x)), Some(Some(y)), None) = (w.next(), w.next(), w.next()) {
                phrases.insert(((x as u64) << 32) | y as u64, (&b.term, Forms::default()));
                words.entry(x).or_default();
                words.entry(y).or_default();
            }
        }
        for &m in members {
            let spans = spans(m);
            let text = texts[m];
            let form = |t: &Tok| text[t.start as usize..t.end as usize].to_lowercase();
            for_each_content_word(a, text, &self.long, m, Within::new(&spans), |t, prev| {
                if let Some(forms) = words.get_mut(&t.lemma) {
                    *forms.entry(form(t)).or_insert(0) += 1;
                }
                if let Some(q) = prev
                    && let Some((_, forms)) =
                        phrases.get_mut(&(((q.lemma as u64) << 32) | t.lemma as u64))
                {
                    *forms.entry(form(q)).or_insert(0) += 1;
                }
            });
        }
        let commonest = |forms: &Forms| -> Option<String> {
            forms
                .iter()
                .max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.cmp(x.0)))
                .map(|(f, _)| f.clone())
        };
        let mut session = analyzer.session();
        let mut out = Wording::default();
        for (x, forms) in &words {
            if let Some(f) = commonest(forms) {
                // The lemma's class where the analysis gave one, else
                // Voikko's for the form as written (a form a rule
                // answered, such as "EU:n", has no class).
                let upos = session.analyze_word(&f, Register::Written).upos;
                let class = WordClass::of(upos.or_else(|| session.part_of_speech(&f)));
                out.classes.insert(a.vocab.term(*x).to_string(), class);
            }
        }
        for (term, forms) in phrases.values() {
            // A genitive ends in -n ("hoitajien", "yön"); a form that is
            // its lemma is the nominative.
            if let (Some(f), Some((x, y))) = (commonest(forms), term.split_once(' '))
                && out.class(x) == WordClass::Noun
                && f.ends_with('n')
                && f != x
            {
                out.written.insert(term.to_string(), format!("{f} {y}"));
            }
        }
        out
    }
}

/// The words of one theme a label is made from: its lemmas, its two-word
/// phrases and how they read.
pub(super) type LabelTerms<'a> = (&'a [Term], &'a [Term], &'a Wording);

/// The labels of `themes` with words shared out: each theme's label is
/// made of the lemmas and phrases whose score (share of the theme's answers
/// × IDF) is highest in this theme among all themes, so two themes are not
/// both named by a word one of them holds far more of (a catch-all theme
/// with "ohjaaja" in 40 % of its answers is not named by it beside the
/// theme about the instructors, where it is in 90 %). A theme that holds
/// none of its words most keeps its own top words.
pub(super) fn distinct_labels(themes: &[LabelTerms<'_>]) -> Vec<String> {
    let mut best: FxHashMap<&str, f64> = FxHashMap::default();
    for (l, b, _) in themes {
        for x in l.iter().chain(b.iter()) {
            let b = best.entry(x.term.as_str()).or_insert(f64::NEG_INFINITY);
            *b = b.max(x.score);
        }
    }
    themes
        .iter()
        .map(|&(all_lemmas, all_bigrams, wording)| {
            let owned = |x: &&Term| x.score >= best[x.term.as_str()];
            let lemmas: Vec<Term> = all_lemmas.iter().filter(owned).cloned().collect();
            let bigrams: Vec<Term> = all_bigrams.iter().filter(owned).cloned().collect();
            if lemmas.is_empty() {
                label_of(all_lemmas, all_bigrams, wording)
            } else {
                label_of(&lemmas, &bigrams, wording)
            }
        })
        .collect()
}

/// The labels discovered themes get in `themes.json`: each theme
/// characterised by the sentences that put answers in it, the words shared
/// out ([`distinct_labels`]); a theme `defs` names keeps its name. A
/// refinement that names a theme by its label finds it by these.
pub(super) fn discovered_labels(
    counts: &TermCounts<'_>,
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
        .map(|c| (&c.lemmas[..], &c.bigrams[..], &c.wording))
        .collect();
    labels_of(defs, &terms)
}

/// The label of each theme: the name `defs` gives it, otherwise its words
/// (lemmas, two-word phrases) shared out between the themes
/// ([`distinct_labels`]). Assembling and [`discovered_labels`] both name
/// themes by it, so a refine file finds the labels themes.json shows.
pub(super) fn labels_of(defs: &[super::ThemeDef], terms: &[LabelTerms<'_>]) -> Vec<String> {
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

/// A label: the top lemmas by [`label_score`] weighed by their word class
/// ([`WordClass::weight`]), with a strong two-word noun phrase first, as
/// it is commonly written; no filler of any register
/// ([`crate::text::stopwords::Stopwords::filler`]) in it, as written
/// answers count spoken fillers ("no", "ok", "muuten") as content words.
fn label_of(lemmas: &[Term], bigrams: &[Term], wording: &Wording) -> String {
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
        .map(|t| (t, label_score(t) * wording.class(&t.term).weight()))
        .collect();
    by_label_score(&mut scored);
    let mut phrases: Vec<(&Term, f64)> = bigrams
        .iter()
        .filter(plain)
        .filter(|t| wording.noun_phrase(&t.term))
        .map(|t| (t, label_score(t)))
        .collect();
    by_label_score(&mut phrases);
    // The label's words, and the lemmas they hold.
    let mut words: Vec<&str> = Vec::new();
    let mut held: Vec<&str> = Vec::new();
    if let (Some(b), Some(l)) = (phrases.first(), scored.first())
        && b.1 >= 0.5 * l.1
    {
        words.push(wording.written(&b.0.term));
        held.extend(b.0.term.split(' '));
    }
    for (l, _) in scored {
        if words.len() >= LABEL_WORDS {
            break;
        }
        if !held.contains(&l.term.as_str()) {
            words.push(&l.term);
            held.push(&l.term);
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
            label_of(&lemmas, &bigrams, &Wording::default()),
            "viikonloppu aukioloaika, auki, ilta"
        );
        assert_eq!(
            label_of(&lemmas, &[], &Wording::default()),
            "aukioloaika, auki, ilta"
        );
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
        let none = Wording::default();
        // "saada", one word in 170 of general Finnish, yields to
        // "ymmärtää" though it is a little more characteristic.
        assert_eq!(
            distinct_labels(&[
                (&staff, &[], &none),
                (&mixed, &[], &none),
                (&only_shared, &[], &none)
            ]),
            ["ohjaaja, kiva", "ymmärtää, saada", "kiva"]
        );
    }

    #[test]
    fn a_phrase_with_an_everyday_word_does_not_lead_a_label() {
        let lemmas = [term("aukioloaika", 0.8), term("auki", 0.6)];
        // "olla" is the commonest Finnish lemma: the phrase says little more
        // than its other word, which names the theme anyway.
        let bigrams = [term("olla auki", 0.7)];
        assert_eq!(
            label_of(&lemmas, &bigrams, &Wording::default()),
            "aukioloaika, auki"
        );
        let bigrams = [term("viikonloppu aukioloaika", 0.7)];
        assert_eq!(
            label_of(&lemmas, &bigrams, &Wording::default()),
            "viikonloppu aukioloaika, auki"
        );
    }

    fn wording(classes: &[(&str, WordClass)], written: &[(&str, &str)]) -> Wording {
        Wording {
            classes: classes.iter().map(|&(w, c)| (w.to_string(), c)).collect(),
            written: written
                .iter()
                .map(|&(p, w)| (p.to_string(), w.to_string()))
                .collect(),
        }
    }

    #[test]
    fn nouns_name_a_theme_before_verbs_and_adverbs() {
        let lemmas = [
            term("osata", 0.9),
            term("lyhyesti", 0.8),
            term("ateriapalvelu", 0.6),
            term("huomata", 0.5),
        ];
        let w = wording(
            &[
                ("osata", WordClass::Verb),
                ("lyhyesti", WordClass::Other),
                ("ateriapalvelu", WordClass::Noun),
                ("huomata", WordClass::Verb),
            ],
            &[],
        );
        assert_eq!(label_of(&lemmas, &[], &w), "ateriapalvelu, osata, huomata");
        // Without word classes (the built-in lemmatiser) the scores and
        // commonness decide.
        assert_eq!(
            label_of(&lemmas, &[], &Wording::default()),
            "lyhyesti, osata, ateriapalvelu"
        );
    }

    #[test]
    fn a_label_phrase_is_a_noun_phrase_as_it_is_written() {
        let lemmas = [
            term("lattia", 0.8),
            term("turvallisuus", 0.7),
            term("tunne", 0.6),
        ];
        let bigrams = [term("maata lattia", 0.9), term("turvallisuus tunne", 0.8)];
        let w = wording(
            &[
                ("maata", WordClass::Verb),
                ("lattia", WordClass::Noun),
                ("turvallisuus", WordClass::Noun),
                ("tunne", WordClass::Noun),
            ],
            &[("turvallisuus tunne", "turvallisuuden tunne")],
        );
        // "makasi lattialla" is no name; the phrase's own words are not
        // repeated after it.
        assert_eq!(
            label_of(&lemmas, &bigrams, &w),
            "turvallisuuden tunne, lattia"
        );
    }

    #[test]
    fn labels_read_word_classes_and_genitives_from_the_answers() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        if !analyzer.has_voikko() {
            eprintln!("skipped: word classes come from Voikko, which is not installed");
            return;
        }
        let texts = [
            "Turvallisuuden tunne on tärkein. Äiti makasi lattialla.",
            "Turvallisuuden tunne kasvoi. Isä makasi lattialla.",
            "Turvallisuuden tunne on hyvä.",
            "Kahvi on hyvää.",
            "Kahvi oli kylmää.",
        ];
        let pairs: Vec<(&str, Register)> = texts.iter().map(|t| (*t, Register::Written)).collect();
        let a = analyse(&analyzer, &pairs);
        let counts = TermCounts::new(&a, &texts).worded_by(&analyzer);
        let ch = counts.characterise(&a, &texts, &[0, 1, 2]);
        assert!(
            ch.label.starts_with("turvallisuuden tunne"),
            "{} (phrases {:?})",
            ch.label,
            ch.bigrams
        );
        assert!(!ch.label.contains("maata"), "{}", ch.label);
        assert_eq!(ch.wording.class("maata"), WordClass::Verb);
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
