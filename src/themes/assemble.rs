//! Turn theme memberships into a [`ThemeResult`]: prevalence, labels,
//! quotes, co-occurrence, the corpus overview (answers per question, NPS)
//! and the cross-tabs.

use super::common;
use super::crosstab::{self, round};
use super::features::Analysed;
use super::label::TermCounts;
use super::quotes::{self, UnitRef};
use super::result::*;
use super::{Membership, ThemeDef, ThemeOptions};
use crate::corpus::{ColumnKind, Corpus, Value};
use crate::{Error, Result};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The value of a closed column (or grouping) for a document.
type ValueOf = Box<dyn Fn(&crate::corpus::Document) -> Option<String>>;

fn share(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        round(a as f64 / b as f64, 6)
    }
}

/// Assemble the result.
#[allow(clippy::too_many_arguments)]
pub(super) fn assemble(
    corpus: &Corpus,
    refs: &[UnitRef],
    analysed: Analysed,
    texts: &[&str],
    defs: Vec<ThemeDef>,
    members: Membership,
    params: RunParams,
    excluded: usize,
    options: &ThemeOptions,
) -> Result<ThemeResult> {
    let k = defs.len();
    let n_answers = refs.len();
    // Respondents with an analysed answer.
    let mut doc_answered = vec![false; corpus.documents.len()];
    for &(d, _) in refs {
        doc_answered[d] = true;
    }
    let n_respondents = doc_answered.iter().filter(|&&x| x).count();
    // Theme → answers, theme → respondents.
    let mut theme_units: Vec<Vec<usize>> = vec![Vec::new(); k];
    // Each theme's respondents, ascending and distinct (answers come in
    // document order); a list, not a flag per respondent and theme.
    let mut theme_docs: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, m) in members.iter().enumerate() {
        for e in m {
            theme_units[e.theme as usize].push(i);
            let docs = &mut theme_docs[e.theme as usize];
            if docs.last() != Some(&refs[i].0) {
                docs.push(refs[i].0);
            }
        }
    }
    let counts = TermCounts::new(&analysed, texts);
    crate::memory::trace("themes: term counts");
    // Each theme's terms, quotes and co-occurrences, in parallel (collected
    // in theme order).
    let themes: Vec<Theme> = defs
        .par_iter()
        .enumerate()
        .map(|(t, def)| {
            let ch = counts.characterise(&analysed, texts, &theme_units[t]);
            let candidates: Vec<(usize, f64)> = theme_units[t]
                .iter()
                .map(|&i| {
                    let s = members
                        .of(i)
                        .iter()
                        .find(|m| m.theme as usize == t)
                        .map_or(0.0, |m| m.score);
                    // Codebook: prefer answers about this theme alone.
                    let s = if params.method == Method::Codebook {
                        s / members.of(i).len() as f64
                    } else {
                        s
                    };
                    (i, s)
                })
                .collect();
            let respondents = theme_docs[t].len();
            // Co-occurrence by answers and by respondents.
            let mut co: Vec<Cooccurrence> = (0..k)
                .filter(|&o| o != t)
                .map(|o| Cooccurrence {
                    theme: defs[o].id.clone(),
                    answers: theme_units[t]
                        .iter()
                        .filter(|&&i| members.of(i).iter().any(|m| m.theme as usize == o))
                        .count(),
                    respondents: common(&theme_docs[t], &theme_docs[o]),
                })
                .filter(|c| c.answers > 0 || c.respondents > 0)
                .collect();
            co.sort_by(|a, b| {
                (b.answers, b.respondents)
                    .cmp(&(a.answers, a.respondents))
                    .then_with(|| a.theme.cmp(&b.theme))
            });
            co.truncate(5);
            Theme {
                id: def.id.clone(),
                label: def.label.clone().unwrap_or(ch.label),
                description: def.description.clone(),
                parent: def.parent.map(|p| defs[p].id.clone()),
                lemmas: ch.lemmas,
                parts: ch.parts,
                bigrams: ch.bigrams,
                distinguishing: ch.distinguishing,
                answers: theme_units[t].len(),
                answer_share: share(theme_units[t].len(), n_answers),
                respondents,
                respondent_share: share(respondents, n_respondents),
                // What an answer says on this theme: discovery's spans are
                // the sentences that put it there; a codebook's are the
                // matched words, so the whole answer is compared instead.
                quotes: quotes::pick(corpus, refs, &candidates, |i| {
                    let mut spans: Vec<(usize, usize)> = match params.method {
                        Method::Discovery => members
                            .of(i)
                            .iter()
                            .find(|m| m.theme as usize == t)
                            .map(|m| members.spans(i, m).collect())
                            .unwrap_or_default(),
                        Method::Codebook => Vec::new(),
                    };
                    // Tokens and spans are walked together in text order
                    // (a long answer has thousands of spans): the spans
                    // ending before a token cannot hold it or any later
                    // one, and of the rest the first starts earliest.
                    spans.sort_unstable();
                    let mut next = 0;
                    let mut inside = |tok: &super::features::Tok| {
                        let (start, end) = (tok.start as usize, tok.end as usize);
                        while next < spans.len() && spans[next].1 < end {
                            next += 1;
                        }
                        spans.is_empty() || spans.get(next).is_some_and(|&(a, _)| a <= start)
                    };
                    let mut w: Vec<u32> = analysed
                        .unit(i)
                        .iter()
                        .filter(|tok| !tok.stopword && !tok.number && inside(tok))
                        .map(|tok| tok.lemma)
                        .collect();
                    w.sort_unstable();
                    w.dedup();
                    w
                }),
                cooccurring: co,
            }
        })
        .collect();
    crate::memory::trace("themes: characterised");
    // The analysis is no longer needed: free it before the codings are made.
    drop(counts);
    drop(analysed);
    crate::memory::release_free_memory();
    let unassigned_units: Vec<usize> = (0..n_answers)
        .filter(|&i| members.of(i).is_empty())
        .collect();
    let unassigned = Unassigned {
        answers: unassigned_units.len(),
        share: share(unassigned_units.len(), n_answers),
        examples: unassigned_units
            .iter()
            .take(5)
            .map(|&i| quotes::quote(corpus, refs[i], 0.0))
            .collect(),
    };
    // The codings, made in parallel a window of answers at a time and
    // appended in answer order to a vector of their exact number (collecting
    // them all at once held two copies at the end).
    let total: usize = (0..n_answers)
        .map(|i| {
            let m = members.of(i);
            m.iter()
                .map(|e| members.spans(i, e).len().max(1))
                .sum::<usize>()
        })
        .sum();
    let mut codings: Vec<Coding> = Vec::with_capacity(total);
    let theme_names: Vec<crate::corpus::Name> = defs.iter().map(|d| d.id.as_str().into()).collect();
    const WINDOW: usize = 1 << 16;
    for first in (0..n_answers).step_by(WINDOW) {
        let window: Vec<Vec<Coding>> = (first..(first + WINDOW).min(n_answers))
            .into_par_iter()
            .map(|i| {
                let (d, u) = refs[i];
                let doc = &corpus.documents[d];
                let unit = &doc.units[u];
                let text = texts[i];
                let mut out = Vec::new();
                for entry in members.of(i) {
                    let spans = members.spans(i, entry);
                    let whole = (spans.len() == 0).then_some((0, text.len()));
                    let spans = spans.chain(whole);
                    out.extend(spans.map(|(s, e)| Coding {
                        document: doc.id.clone(),
                        unit: u,
                        question: unit.question.clone(),
                        speaker: unit.speaker.clone(),
                        theme: theme_names[entry.theme as usize].clone(),
                        start: s,
                        end: e,
                        text: Snippet::new(&unit.text, s..e),
                    }));
                }
                out
            })
            .collect();
        codings.extend(window.into_iter().flatten());
    }
    crate::memory::trace("themes: codings");
    let overview = overview(corpus, refs, &doc_answered, excluded);
    let ids: Vec<String> = defs.iter().map(|d| d.id.clone()).collect();
    let crosstabs = crosstabs(
        corpus,
        refs,
        &members,
        &doc_answered,
        &ids,
        options,
        &overview,
    )?;
    Ok(ThemeResult {
        schema_version: SCHEMA_VERSION,
        params,
        overview,
        themes,
        unassigned,
        crosstabs,
        codings,
        agreement: None,
    })
}

/// The NPS column of the corpus: the first column of kind NPS.
fn nps_column(corpus: &Corpus) -> Option<String> {
    corpus
        .sources
        .iter()
        .flat_map(|s| &s.columns)
        .find(|c| c.kind == ColumnKind::Nps)
        .map(|c| c.name.clone())
}

fn nps_score(v: &Value) -> Option<usize> {
    v.as_f64()
        .filter(|x| x.fract() == 0.0 && (0.0..=10.0).contains(x))
        .map(|x| x as usize)
}

fn overview(corpus: &Corpus, refs: &[UnitRef], answered: &[bool], excluded: usize) -> Overview {
    let mut questions: Vec<QuestionCount> = Vec::new();
    for &(d, u) in refs {
        let unit = &corpus.documents[d].units[u];
        let key = match (&unit.question, unit.role) {
            (Some(q), _) => q.to_string(),
            (None, Some(r)) => format!("role: {}", r.name()),
            (None, None) => "(text)".to_string(),
        };
        match questions.iter_mut().find(|q| q.question == key) {
            Some(q) => q.answers += 1,
            None => questions.push(QuestionCount {
                question: key,
                answers: 1,
            }),
        }
    }
    let nps = nps_column(corpus).map(|column| {
        let mut distribution = vec![0usize; 11];
        for doc in &corpus.documents {
            if let Some(s) = doc.meta_value(&column).and_then(nps_score) {
                distribution[s] += 1;
            }
        }
        let responses: usize = distribution.iter().sum();
        let sum: usize = distribution.iter().enumerate().map(|(s, c)| s * c).sum();
        let detractors: usize = distribution[..7].iter().sum();
        let passives: usize = distribution[7..9].iter().sum();
        let promoters: usize = distribution[9..].iter().sum();
        let pct = |x: usize| {
            if responses == 0 {
                0.0
            } else {
                100.0 * x as f64 / responses as f64
            }
        };
        NpsSummary {
            column,
            responses,
            mean: if responses == 0 {
                0.0
            } else {
                round(sum as f64 / responses as f64, 4)
            },
            distribution,
            detractors,
            passives,
            promoters,
            nps: round(pct(promoters) - pct(detractors), 4),
        }
    });
    Overview {
        documents: corpus.documents.len(),
        respondents: answered.iter().filter(|&&x| x).count(),
        answers: refs.len(),
        excluded_interviewer_turns: excluded,
        questions,
        nps,
    }
}

/// The NPS group of a score.
pub fn nps_group(score: usize) -> &'static str {
    match score {
        0..=6 => "detractor",
        7..=8 => "passive",
        _ => "promoter",
    }
}

/// Categories in display order: numbers numerically, text alphabetically.
fn order_categories(values: &mut [String], numeric: bool) {
    if numeric {
        values.sort_by(|a, b| {
            let (x, y) = (
                a.parse::<f64>().unwrap_or(f64::MAX),
                b.parse::<f64>().unwrap_or(f64::MAX),
            );
            x.total_cmp(&y).then_with(|| a.cmp(b))
        });
    } else {
        values.sort();
    }
}

fn crosstabs(
    corpus: &Corpus,
    refs: &[UnitRef],
    members: &Membership,
    answered: &[bool],
    ids: &[String],
    options: &ThemeOptions,
    overview: &Overview,
) -> Result<Vec<CrossTab>> {
    let mut wanted: Vec<String> = Vec::new();
    if overview.nps.is_some() {
        wanted.push("nps_group".into());
    }
    let distinct = |f: &dyn Fn(&crate::corpus::Unit) -> Option<String>| {
        let mut seen: Vec<String> = Vec::new();
        for &(d, u) in refs {
            if let Some(v) = f(&corpus.documents[d].units[u])
                && !seen.contains(&v)
            {
                seen.push(v);
            }
        }
        seen.len()
    };
    if distinct(&|u| u.question.as_deref().map(str::to_string)) > 1 {
        wanted.push("question".into());
    }
    if distinct(&|u| u.role.map(|r| r.name().to_string())) > 1 {
        wanted.push("role".into());
    }
    for b in &options.by {
        if !wanted.contains(b) {
            wanted.push(b.clone());
        }
    }
    let k = ids.len();
    let columns: Vec<(String, ColumnKind)> = corpus
        .sources
        .iter()
        .flat_map(|s| &s.columns)
        .filter(|c| c.kind.is_closed())
        .map(|c| (c.name.clone(), c.kind.clone()))
        .collect();
    let mut out = Vec::new();
    for column in wanted {
        match column.as_str() {
            "question" | "role" => {
                // Per answer.
                let key = |i: usize| -> Option<String> {
                    let unit = &corpus.documents[refs[i].0].units[refs[i].1];
                    if column == "question" {
                        unit.question.as_deref().map(str::to_string)
                    } else {
                        unit.role.map(|r| r.name().to_string())
                    }
                };
                let mut cats: Vec<String> = Vec::new();
                for i in 0..refs.len() {
                    if let Some(c) = key(i)
                        && !cats.contains(&c)
                    {
                        cats.push(c);
                    }
                }
                if cats.is_empty() {
                    return Err(Error::Usage(format!(
                        "--by {column}: the answers have no {column}"
                    )));
                }
                let mut totals = vec![0usize; cats.len()];
                let mut counts = vec![vec![0usize; cats.len()]; k];
                for (i, m) in members.iter().enumerate() {
                    if let Some(c) = key(i) {
                        let j = cats.iter().position(|x| *x == c).expect("category seen");
                        totals[j] += 1;
                        for e in m {
                            counts[e.theme as usize][j] += 1;
                        }
                    }
                }
                out.push(crosstab::build(
                    &column, &column, "answers", cats, totals, ids, counts,
                ));
            }
            _ => {
                // Per respondent: a document-level value.
                let (kind_name, value_of): (&str, ValueOf) = if column == "nps_group" {
                    let col = nps_column(corpus).ok_or_else(|| {
                        Error::Usage("--by nps_group: the corpus has no NPS column".into())
                    })?;
                    (
                        "nps_group",
                        Box::new(move |d| {
                            d.meta_value(&col)
                                .and_then(nps_score)
                                .map(|s| nps_group(s).to_string())
                        }),
                    )
                } else {
                    let kind = columns.iter().find(|c| c.0 == column).map(|c| c.1.clone()).ok_or_else(|| {
                            let names: Vec<&str> = columns.iter().map(|c| c.0.as_str()).collect();
                            Error::Usage(format!(
                                "--by '{column}': no such closed column; the corpus has: {}, and nps_group, question, role",
                                names.join(" | ")
                            ))
                        })?;
                    let col = column.clone();
                    (
                        kind.name(),
                        Box::new(move |d| d.meta_value(&col).map(|v| v.to_string())),
                    )
                };
                let mut cats: Vec<String> = Vec::new();
                for (d, doc) in corpus.documents.iter().enumerate() {
                    if answered[d]
                        && let Some(v) = value_of(doc)
                        && !v.is_empty()
                        && !cats.contains(&v)
                    {
                        cats.push(v);
                    }
                }
                if column == "nps_group" {
                    cats = ["detractor", "passive", "promoter"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect();
                } else {
                    order_categories(&mut cats, matches!(kind_name, "likert" | "nps" | "number"));
                }
                let index: FxHashMap<&str, usize> = cats
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.as_str(), i))
                    .collect();
                let mut totals = vec![0usize; cats.len()];
                let mut doc_cat: Vec<Option<usize>> = vec![None; corpus.documents.len()];
                for (d, doc) in corpus.documents.iter().enumerate() {
                    if answered[d]
                        && let Some(v) = value_of(doc)
                        && let Some(&j) = index.get(v.as_str())
                    {
                        doc_cat[d] = Some(j);
                        totals[j] += 1;
                    }
                }
                let mut raised = vec![vec![false; corpus.documents.len()]; k];
                for (i, m) in members.iter().enumerate() {
                    for e in m {
                        raised[e.theme as usize][refs[i].0] = true;
                    }
                }
                let counts: Vec<Vec<usize>> = raised
                    .iter()
                    .map(|r| {
                        let mut row = vec![0usize; cats.len()];
                        for (d, &x) in r.iter().enumerate() {
                            if x && let Some(j) = doc_cat[d] {
                                row[j] += 1;
                            }
                        }
                        row
                    })
                    .collect();
                out.push(crosstab::build(
                    &column,
                    kind_name,
                    "respondents",
                    cats,
                    totals,
                    ids,
                    counts,
                ));
            }
        }
    }
    Ok(out)
}
