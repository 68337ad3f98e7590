//! From discovery to a codebook: draft a rule for every theme of an
//! analysis, so the researcher can edit the themes and code with them
//! (`teema codebook draft DIR --out koodikirja.toml`).
//!
//! A theme's rule is chosen by what separates its answers from the others.
//! Every word an answer holds is a candidate term: its lemmas, compound
//! parts and written forms (the strings a codebook term matches, see
//! [`super::codebook`]). A term matches the answers that hold the word or
//! its lemma, exactly as `--codebook` will match it. Greedy selection
//! then adds, one at a time, the term whose `OR` with the terms chosen so
//! far best agrees with the theme's answers (F1 over answers), while that
//! improves it; then, in the same way, terms whose answers are left out
//! (`AND NOT (…)`). A term must match at least [`MIN_SUPPORT`] of the
//! theme's answers, so a rule names the theme's words, not one answer's.
//! Ties go to the word first in byte order, so the draft is the same on
//! every run and at any thread count.
//!
//! The rule is `a OR b OR c`, or `(a OR b) AND NOT (x OR y)`; the file
//! written by [`Draft::to_toml`] parses with [`super::Codebook::parse`].

use super::codebook::{Rule, parse_rule};
use super::{Answers, ThemeResult};
use crate::corpus::Corpus;
use crate::text::Analyzer;
use rustc_hash::FxHashMap;

/// Fewest answers of its theme a term must match.
pub const MIN_SUPPORT: usize = 2;
/// Most terms in a rule's `OR`.
pub const MAX_TERMS: usize = 40;
/// Most terms in a rule's `AND NOT (…)`.
pub const MAX_EXCLUDED: usize = 15;

/// One drafted theme.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftTheme {
    /// The codebook name: the theme's label, made unique.
    pub name: String,
    /// Where it came from (theme id, label, answers).
    pub description: String,
    /// The rule text.
    pub rule: String,
    /// The discovered theme's id.
    pub source: String,
    /// The discovered theme's answers.
    pub answers: usize,
    /// Agreement (F1 over answers) of the rule with the theme on the data
    /// it was drafted from.
    pub f1: f64,
}

/// A drafted codebook.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The themes with a rule, in the analysis's order.
    pub themes: Vec<DraftTheme>,
    /// Ids of themes no rule could be drafted for (no answers, or no word
    /// that any two of its answers share).
    pub skipped: Vec<String>,
}

/// Candidate words and the answers each matches.
struct Candidates {
    /// (word, sorted answer ids it matches).
    words: Vec<(String, Vec<u32>)>,
    /// For each answer, the candidate ids it holds.
    of_answer: Vec<Vec<u32>>,
}

/// True when `w` is one term of the rule language as it is written.
fn writable(w: &str) -> bool {
    !w.is_empty()
        && w.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !w.starts_with('-')
        && w.chars().any(|c| c.is_alphabetic())
}

/// Every string an answer offers a term (lemmas, parts, written forms),
/// and which answers hold each; the candidate words are those of
/// non-stopword, non-number tokens.
fn candidates(answers: &Answers<'_>, analyzer: &Analyzer) -> Candidates {
    let a = &answers.analysed;
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut strings: Vec<String> = Vec::new();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut content: Vec<bool> = Vec::new();
    let mut intern = |s: &str, u: u32, is_content: bool| {
        let id = match ids.get(s) {
            Some(&id) => id,
            None => {
                let id = strings.len() as u32;
                ids.insert(s.to_string(), id);
                strings.push(s.to_string());
                postings.push(Vec::new());
                content.push(false);
                id
            }
        };
        let p = &mut postings[id as usize];
        if p.last() != Some(&u) {
            p.push(u);
        }
        content[id as usize] |= is_content;
    };
    for u in 0..a.len() {
        let text = answers.texts[u];
        for t in a.unit(u) {
            let c = !t.stopword && !t.number;
            intern(a.vocab.term(t.lemma), u as u32, c);
            for &p in a.parts_of(u, t) {
                intern(a.vocab.term(p), u as u32, c);
            }
            let surface = &text[t.start as usize..t.end as usize];
            intern(&surface.to_lowercase(), u as u32, c);
        }
    }
    // Each candidate as the codebook will read it: its word and the lemma
    // the analyser gives, matching the answers that hold either.
    let mut order: Vec<u32> = (0..strings.len() as u32)
        .filter(|&i| content[i as usize] && postings[i as usize].len() >= MIN_SUPPORT)
        .filter(|&i| writable(&strings[i as usize]))
        .collect();
    order.sort_unstable_by(|&x, &y| strings[x as usize].cmp(&strings[y as usize]));
    let mut session = analyzer.session();
    let mut words = Vec::new();
    let mut of_answer: Vec<Vec<u32>> = vec![Vec::new(); a.len()];
    for i in order {
        let w = &strings[i as usize];
        let Ok(Rule::Term(term)) = parse_rule(w, &mut session) else {
            continue;
        };
        if term.prefix || term.similar || term.word != *w {
            continue;
        }
        let mut matched = postings[i as usize].clone();
        if term.lemma != term.word
            && let Some(&l) = ids.get(&term.lemma)
        {
            matched.extend_from_slice(&postings[l as usize]);
            matched.sort_unstable();
            matched.dedup();
        }
        let c = words.len() as u32;
        for &u in &matched {
            of_answer[u as usize].push(c);
        }
        words.push((w.clone(), matched));
    }
    Candidates { words, of_answer }
}

fn f1(tp: usize, predicted: usize, actual: usize) -> f64 {
    if predicted + actual == 0 {
        0.0
    } else {
        2.0 * tp as f64 / (predicted + actual) as f64
    }
}

/// Greedy selection for one theme: the terms of its `OR` and of its
/// `AND NOT`, and the F1 they reach.
fn select(c: &Candidates, member: &[bool]) -> (Vec<u32>, Vec<u32>, f64) {
    let actual = member.iter().filter(|&&m| m).count();
    // Candidates that match at least MIN_SUPPORT of the theme's answers.
    let mut support = vec![0usize; c.words.len()];
    for (u, &m) in member.iter().enumerate() {
        if m {
            for &w in &c.of_answer[u] {
                support[w as usize] += 1;
            }
        }
    }
    let pool: Vec<u32> = (0..c.words.len() as u32)
        .filter(|&w| support[w as usize] >= MIN_SUPPORT)
        .collect();
    let mut covered = vec![false; member.len()];
    let (mut tp, mut predicted) = (0usize, 0usize);
    let mut current = 0.0;
    let mut chosen = Vec::new();
    while chosen.len() < MAX_TERMS {
        let mut best: Option<(f64, u32, usize, usize)> = None;
        for &w in &pool {
            let (mut gain, mut cost) = (0, 0);
            for &u in &c.words[w as usize].1 {
                if !covered[u as usize] {
                    if member[u as usize] {
                        gain += 1;
                    } else {
                        cost += 1;
                    }
                }
            }
            if gain == 0 {
                continue;
            }
            let score = f1(tp + gain, predicted + gain + cost, actual);
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, w, gain, cost));
            }
        }
        match best {
            Some((score, w, gain, cost)) if score > current + 1e-12 => {
                current = score;
                tp += gain;
                predicted += gain + cost;
                for &u in &c.words[w as usize].1 {
                    covered[u as usize] = true;
                }
                chosen.push(w);
            }
            _ => break,
        }
    }
    // Terms that take out more of the others' answers than the theme's.
    let mut excluded = Vec::new();
    while !chosen.is_empty() && excluded.len() < MAX_EXCLUDED {
        let mut best: Option<(f64, u32, usize, usize)> = None;
        for w in 0..c.words.len() as u32 {
            if chosen.contains(&w) || excluded.contains(&w) {
                continue;
            }
            let (mut lost, mut removed) = (0, 0);
            for &u in &c.words[w as usize].1 {
                if covered[u as usize] {
                    if member[u as usize] {
                        lost += 1;
                    } else {
                        removed += 1;
                    }
                }
            }
            if removed < MIN_SUPPORT {
                continue;
            }
            let score = f1(tp - lost, predicted - lost - removed, actual);
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, w, lost, removed));
            }
        }
        match best {
            Some((score, w, lost, removed)) if score > current + 1e-12 => {
                current = score;
                tp -= lost;
                predicted -= lost + removed;
                for &u in &c.words[w as usize].1 {
                    covered[u as usize] = false;
                }
                excluded.push(w);
            }
            _ => break,
        }
    }
    (chosen, excluded, current)
}

/// The rule text of chosen and excluded terms.
fn rule_text(c: &Candidates, chosen: &[u32], excluded: &[u32]) -> String {
    let join = |ws: &[u32]| {
        ws.iter()
            .map(|&w| c.words[w as usize].0.as_str())
            .collect::<Vec<_>>()
            .join(" OR ")
    };
    match (chosen.len(), excluded.len()) {
        (_, 0) => join(chosen),
        (1, _) => format!("{} AND NOT ({})", join(chosen), join(excluded)),
        _ => format!("({}) AND NOT ({})", join(chosen), join(excluded)),
    }
}

/// Draft a codebook from `result` (a theme run) and the answers it was
/// made from (`answers` of `corpus`, analysed the way the run analysed
/// them). `analyzer` reads each candidate word as the codebook parser will.
pub fn draft(
    result: &ThemeResult,
    corpus: &Corpus,
    answers: &Answers<'_>,
    analyzer: &Analyzer,
) -> Draft {
    let n = answers.refs.len();
    // Which answer each (document, unit) of the codings is; document ids
    // come from the corpus the answers were taken from.
    let theme_ix: FxHashMap<&str, usize> = result
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut members: Vec<Vec<bool>> = vec![vec![false; n]; result.themes.len()];
    let mut doc_ids: FxHashMap<(&str, usize), usize> = FxHashMap::default();
    for (i, r) in answers.refs.iter().enumerate() {
        doc_ids.insert((corpus.documents[r.0].id.as_str(), r.1), i);
    }
    for coding in &result.codings {
        if let (Some(&t), Some(&u)) = (
            theme_ix.get(&*coding.theme),
            doc_ids.get(&(coding.document.as_str(), coding.unit)),
        ) {
            members[t][u] = true;
        }
    }
    let c = candidates(answers, analyzer);
    let mut names: Vec<String> = Vec::new();
    let mut themes = Vec::new();
    let mut skipped = Vec::new();
    for (t, theme) in result.themes.iter().enumerate() {
        let (chosen, excluded, f1) = select(&c, &members[t]);
        if chosen.is_empty() {
            skipped.push(theme.id.clone());
            continue;
        }
        let label = theme.label.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut name = if label.is_empty() {
            theme.id.clone()
        } else {
            label.clone()
        };
        if names.contains(&name) {
            name = format!("{name} ({})", theme.id);
        }
        names.push(name.clone());
        let answers_n = members[t].iter().filter(|&&m| m).count();
        themes.push(DraftTheme {
            name,
            description: format!(
                "Drafted by teema from discovered theme {}: {}; {} answers",
                theme.id, label, answers_n
            ),
            rule: rule_text(&c, &chosen, &excluded),
            source: theme.id.clone(),
            answers: answers_n,
            f1,
        });
    }
    Draft { themes, skipped }
}

impl Draft {
    /// The codebook file: a comment naming where it came from, then one
    /// `[[theme]]` table per theme (name, description, rule).
    pub fn to_toml(&self, source: &str) -> String {
        #[derive(serde::Serialize)]
        struct File<'a> {
            theme: Vec<Entry<'a>>,
        }
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            name: &'a str,
            description: &'a str,
            rule: &'a str,
        }
        let file = File {
            theme: self
                .themes
                .iter()
                .map(|t| Entry {
                    name: &t.name,
                    description: &t.description,
                    rule: &t.rule,
                })
                .collect(),
        };
        let body = toml::to_string(&file).unwrap_or_default();
        let mut out = String::new();
        for line in [
            format!("# A codebook drafted by teema from the themes of {source}."),
            "# Edit the names, descriptions and rules, then code with".to_string(),
            "# teema analyze DATA --codebook THIS_FILE (check it with teema codebook --check)."
                .to_string(),
            String::new(),
        ] {
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str(&body);
        out
    }
}
