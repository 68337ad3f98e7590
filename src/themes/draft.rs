//! From discovery to a codebook: draft a rule for every theme of an
//! analysis, so the researcher can edit the themes and code with them
//! (`teema codebook draft DIR --out koodikirja.toml`).
//!
//! A theme's rule is chosen by what separates its answers from the others.
//! Every word an answer holds is a candidate term: its lemmas, compound
//! parts and written forms (the strings a codebook term matches, see
//! [`super::codebook`]). A term matches the answers that hold the word or
//! its lemma, exactly as `--codebook` will match it; so does a pair of the
//! [`PAIR_WORDS`] words most frequent in the theme's answers (`a AND b`).
//! Greedy selection then takes, one step at a time, the clause to add to
//! the rule's `OR` or the word to add to its `AND NOT (…)`, whichever
//! raises the rule's agreement with the theme's answers (F1 over answers)
//! most, while one does. A term must match at least [`MIN_SUPPORT`] of the
//! theme's answers (an excluded word as many of the others'), so a rule
//! names the theme's words, not one answer's.
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
pub const MAX_EXCLUDED: usize = 30;
/// The words of a theme (most frequent in its answers) whose pairs are
/// candidates too (`a AND b`).
pub const PAIR_WORDS: usize = 40;

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
            let c = !t.stopword() && !t.number();
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

/// A term of a rule's `OR`: one word, or two that must both be in the
/// answer (`a AND b`), with the answers it matches.
struct Clause {
    words: Vec<u32>,
    answers: Vec<u32>,
}

/// Answers in both sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Greedy selection for one theme: the clauses of its `OR` and the words
/// of its `AND NOT`, and the F1 they reach on the data. Each step takes
/// the one clause to add or word to exclude that raises F1 most.
fn select(c: &Candidates, member: &[bool]) -> (Vec<Clause>, Vec<u32>, f64) {
    let actual = member.iter().filter(|&&m| m).count();
    // Words that match at least MIN_SUPPORT of the theme's answers.
    let mut support = vec![0usize; c.words.len()];
    for (u, &m) in member.iter().enumerate() {
        if m {
            for &w in &c.of_answer[u] {
                support[w as usize] += 1;
            }
        }
    }
    let singles: Vec<u32> = (0..c.words.len() as u32)
        .filter(|&w| support[w as usize] >= MIN_SUPPORT)
        .collect();
    // Pairs of the words most frequent in the theme's answers: where no
    // word alone is the theme's, two together often are.
    let mut frequent = singles.clone();
    frequent.sort_by_key(|&w| std::cmp::Reverse(support[w as usize]));
    frequent.truncate(PAIR_WORDS);
    frequent.sort_unstable();
    let mut pool: Vec<Clause> = singles
        .iter()
        .map(|&w| Clause {
            words: vec![w],
            answers: c.words[w as usize].1.clone(),
        })
        .collect();
    for (i, &x) in frequent.iter().enumerate() {
        for &y in &frequent[i + 1..] {
            let answers = intersect(&c.words[x as usize].1, &c.words[y as usize].1);
            let within = answers.iter().filter(|&&u| member[u as usize]).count();
            if within >= MIN_SUPPORT {
                pool.push(Clause {
                    words: vec![x, y],
                    answers,
                });
            }
        }
    }
    let mut used = vec![false; pool.len()];
    let mut inside = vec![false; member.len()];
    let mut blocked = vec![false; member.len()];
    let (mut tp, mut predicted) = (0usize, 0usize);
    let mut current = 0.0;
    let (mut chosen, mut excluded): (Vec<usize>, Vec<u32>) = (Vec::new(), Vec::new());
    let (mut lost, mut removed) = (vec![0usize; c.words.len()], vec![0usize; c.words.len()]);
    loop {
        // (score, add clause i | exclude word w, tp change, predicted change)
        let mut best: Option<(f64, Result<usize, u32>, isize, isize)> = None;
        let mut consider = |score: f64, step: Result<usize, u32>, dtp: isize, dp: isize| {
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, step, dtp, dp));
            }
        };
        if chosen.len() < MAX_TERMS {
            for (i, clause) in pool.iter().enumerate() {
                if used[i] {
                    continue;
                }
                let (mut gain, mut cost) = (0, 0);
                for &u in &clause.answers {
                    let u = u as usize;
                    if !inside[u] && !blocked[u] {
                        if member[u] {
                            gain += 1;
                        } else {
                            cost += 1;
                        }
                    }
                }
                if gain > 0 {
                    let score = f1(tp + gain, predicted + gain + cost, actual);
                    consider(score, Ok(i), gain as isize, (gain + cost) as isize);
                }
            }
        }
        if !chosen.is_empty() && excluded.len() < MAX_EXCLUDED {
            // What excluding each word would take out, counted from the
            // answers the rule now codes (far fewer than all postings).
            lost.iter_mut().for_each(|n| *n = 0);
            removed.iter_mut().for_each(|n| *n = 0);
            for (u, &m) in member.iter().enumerate() {
                if inside[u] && !blocked[u] {
                    let count = if m { &mut lost } else { &mut removed };
                    for &w in &c.of_answer[u] {
                        count[w as usize] += 1;
                    }
                }
            }
            for w in 0..c.words.len() {
                let (l, r) = (lost[w], removed[w]);
                if r >= MIN_SUPPORT {
                    let score = f1(tp - l, predicted - l - r, actual);
                    consider(score, Err(w as u32), -(l as isize), -((l + r) as isize));
                }
            }
        }
        match best {
            Some((score, step, dtp, dp)) if score > current + 1e-12 => {
                current = score;
                tp = tp.wrapping_add_signed(dtp);
                predicted = predicted.wrapping_add_signed(dp);
                match step {
                    Ok(i) => {
                        used[i] = true;
                        for &u in &pool[i].answers {
                            inside[u as usize] = true;
                        }
                        chosen.push(i);
                    }
                    Err(w) => {
                        for &u in &c.words[w as usize].1 {
                            blocked[u as usize] = true;
                        }
                        excluded.push(w);
                    }
                }
            }
            _ => break,
        }
    }
    let mut clauses = Vec::new();
    for i in chosen {
        clauses.push(std::mem::replace(
            &mut pool[i],
            Clause {
                words: Vec::new(),
                answers: Vec::new(),
            },
        ));
    }
    (clauses, excluded, current)
}

/// The rule text of chosen clauses and excluded words.
fn rule_text(c: &Candidates, chosen: &[Clause], excluded: &[u32]) -> String {
    let word = |w: u32| c.words[w as usize].0.as_str();
    let clause = |cl: &Clause| match cl.words.as_slice() {
        [w] => word(*w).to_string(),
        ws if chosen.len() == 1 => ws
            .iter()
            .map(|&w| word(w))
            .collect::<Vec<_>>()
            .join(" AND "),
        ws => format!(
            "({})",
            ws.iter()
                .map(|&w| word(w))
                .collect::<Vec<_>>()
                .join(" AND ")
        ),
    };
    let any = chosen.iter().map(clause).collect::<Vec<_>>().join(" OR ");
    if excluded.is_empty() {
        return any;
    }
    let none = excluded
        .iter()
        .map(|&w| word(w))
        .collect::<Vec<_>>()
        .join(" OR ");
    if chosen.len() == 1 {
        format!("{any} AND NOT ({none})")
    } else {
        format!("({any}) AND NOT ({none})")
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
    // Which answer each coding's answer ordinal is (in the corpus the
    // answers were taken from).
    let theme_ix = result.positions();
    let mut members: Vec<Vec<bool>> = vec![vec![false; n]; result.themes.len()];
    let ordinals = corpus.unit_ordinals();
    let answer_of: FxHashMap<usize, usize> = answers
        .refs
        .iter()
        .enumerate()
        .map(|(i, &(d, u))| (ordinals.ordinal(d, u), i))
        .collect();
    for coding in &result.codings {
        let answer = coding.ordinal.and_then(|o| answer_of.get(&o));
        if let (Some(&t), Some(&u)) = (theme_ix.get(&*coding.theme), answer) {
            members[t][u] = true;
        }
    }
    let c = candidates(answers, analyzer);
    let mut names: Vec<String> = Vec::new();
    let mut themes = Vec::new();
    let mut skipped = Vec::new();
    let refined = result.params.refine.is_some();
    let kind = match result.params.method {
        super::Method::Discovery if refined => "refined theme",
        super::Method::Discovery => "discovered theme",
        super::Method::Codebook => "coded theme",
    };
    // Each theme's selection on its own (in parallel; collected in order).
    use rayon::prelude::*;
    let selected: Vec<_> = members.par_iter().map(|m| select(&c, m)).collect();
    for ((t, theme), (chosen, excluded, f1)) in result.themes.iter().enumerate().zip(selected) {
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
            // A refined theme's description is the researcher's: it leads.
            description: match theme.description.as_ref().filter(|_| refined) {
                Some(d) => format!(
                    "{d} (drafted by teema from {kind} {}; {} answers)",
                    theme.id, answers_n
                ),
                None => format!(
                    "Drafted by teema from {kind} {}: {}; {} answers",
                    theme.id, label, answers_n
                ),
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Candidates from (word, answers) lists over `n` answers.
    fn candidates(n: usize, words: &[(&str, &[u32])]) -> Candidates {
        let mut of_answer = vec![Vec::new(); n];
        for (i, (_, answers)) in words.iter().enumerate() {
            for &u in *answers {
                of_answer[u as usize].push(i as u32);
            }
        }
        Candidates {
            words: words
                .iter()
                .map(|(w, a)| (w.to_string(), a.to_vec()))
                .collect(),
            of_answer,
        }
    }

    #[test]
    fn words_that_cannot_be_written_as_one_term_are_left_out() {
        assert!(writable("vertaistuki") && writable("tasa-arvo") && writable("15v"));
        for w in ["", "-ko", "12", "a*", "~a", "a b", "(a", "\"a"] {
            assert!(!writable(w), "{w:?}");
        }
    }

    #[test]
    fn selection_takes_the_words_that_separate_the_theme_and_excludes_the_others() {
        // Theme: answers 0-3. "ryhmä" covers 0-2 and 5; "vertais" covers
        // 3-4; "kahvi" is in 4 and 5 only, outside the theme.
        let c = candidates(
            8,
            &[
                ("kahvi", &[4, 5]),
                ("ryhmä", &[0, 1, 2, 5]),
                ("vertais", &[2, 3, 4]),
                ("yksi", &[6]),
            ],
        );
        let member = [true, true, true, true, false, false, false, false];
        let (chosen, excluded, f1) = select(&c, &member);
        assert_eq!(
            rule_text(&c, &chosen, &excluded),
            "(ryhmä OR vertais) AND NOT (kahvi)"
        );
        assert!((f1 - 1.0).abs() < 1e-9, "{f1}");
    }

    #[test]
    fn a_theme_without_shared_words_gets_no_rule() {
        let c = candidates(4, &[("yksi", &[0]), ("kaksi", &[1])]);
        let (chosen, _, _) = select(&c, &[true, true, false, false]);
        assert!(chosen.is_empty());
    }
}
