//! Turn theme memberships into a [`ThemeResult`]: prevalence, labels,
//! quotes, co-occurrence, the corpus overview (answers per question, NPS)
//! and the cross-tabs.

use super::crosstab::{self, round};
use super::features::Analysed;
use super::label::TermCounts;
use super::quotes::{self, UnitRef};
use super::result::*;
use super::{Answers, Membership, ThemeDef, ThemeOptions};
use crate::Result;
use crate::corpus::{ColumnKind, Corpus, Value};
use crate::error::OptionError;
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

/// What [`assemble`] takes: the analysed answers and the themes found or
/// coded in them.
pub(super) struct Input<'c> {
    /// The corpus the answers are from.
    pub corpus: &'c Corpus,
    /// The analysed answers (references, tokens, texts).
    pub answers: Answers<'c>,
    /// The themes, in result order.
    pub defs: Vec<ThemeDef>,
    /// Every answer's themes, with scores and spans.
    pub members: Membership,
    /// The run's parameters, for the result.
    pub params: RunParams,
    /// The options of the run (`--by` for the cross-tabs).
    pub options: &'c ThemeOptions,
    /// Tells the word classes of labels' words.
    pub analyzer: &'c crate::text::Analyzer,
}

/// Which answers and respondents each theme has.
struct ThemeIndex {
    /// Each theme's answers, ascending.
    units: Vec<Vec<usize>>,
    /// Each theme's respondents, ascending and distinct (answers come in
    /// document order); a list, not a flag per respondent and theme.
    docs: Vec<Vec<usize>>,
    /// Per document: true when it has an analysed answer.
    answered: Vec<bool>,
}

impl ThemeIndex {
    fn new(corpus: &Corpus, refs: &[UnitRef], members: &Membership, k: usize) -> ThemeIndex {
        let mut answered = vec![false; corpus.documents.len()];
        for &(d, _) in refs {
            answered[d] = true;
        }
        let mut units: Vec<Vec<usize>> = vec![Vec::new(); k];
        let mut docs: Vec<Vec<usize>> = vec![Vec::new(); k];
        for (i, m) in members.iter().enumerate() {
            for e in m {
                units[e.theme as usize].push(i);
                let docs = &mut docs[e.theme as usize];
                if docs.last() != Some(&refs[i].0) {
                    docs.push(refs[i].0);
                }
            }
        }
        ThemeIndex {
            units,
            docs,
            answered,
        }
    }

    /// Respondents with an analysed answer.
    fn respondents(&self) -> usize {
        self.answered.iter().filter(|&&x| x).count()
    }
}

/// What the phases after the themes were found read: the answers and
/// their themes.
struct Themed<'a> {
    corpus: &'a Corpus,
    refs: &'a [UnitRef],
    texts: &'a [&'a str],
    defs: &'a [ThemeDef],
    members: &'a Membership,
    index: ThemeIndex,
    /// Quotes and codings name their answer by its ordinal.
    ordinals: crate::corpus::UnitOrdinals,
}

/// Assemble the result, in phases: index the memberships, characterise
/// each theme (terms, quotes, co-occurrence), then the answers in no
/// theme, the codings, the overview and the cross-tabs.
pub(super) fn assemble(input: Input<'_>) -> Result<ThemeResult> {
    let Input {
        corpus,
        answers,
        defs,
        members,
        params,
        options,
        analyzer,
    } = input;
    let Answers {
        refs,
        analysed,
        texts,
        excluded,
    } = answers;
    let cx = Themed {
        corpus,
        refs: &refs,
        texts: &texts,
        defs: &defs,
        members: &members,
        index: ThemeIndex::new(corpus, &refs, &members, defs.len()),
        ordinals: corpus.unit_ordinals(),
    };
    let counts = TermCounts::new(&analysed, &texts).worded_by(analyzer);
    crate::memory::trace("themes: term counts");
    let themes = characterise(&cx, &analysed, &counts, params.method);
    crate::memory::trace("themes: characterised");
    // The analysis is no longer needed: free it before the codings are made.
    drop(counts);
    drop(analysed);
    crate::memory::release_free_memory();
    let unassigned = unassigned(&cx);
    let codings = codings(&cx);
    crate::memory::trace("themes: codings");
    let overview = overview(corpus, &refs, &cx.index.answered, excluded);
    let crosstabs = crosstabs(&cx, options, &overview)?;
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

/// Each theme's terms, quotes and co-occurrences, in parallel (collected
/// in theme order).
fn characterise(
    cx: &Themed<'_>,
    analysed: &Analysed,
    counts: &TermCounts<'_>,
    method: Method,
) -> Vec<Theme> {
    let Themed {
        corpus,
        refs,
        texts,
        defs,
        members,
        ref index,
        ref ordinals,
    } = *cx;
    let n_answers = refs.len();
    let n_respondents = index.respondents();
    let (mut themes, wordings): (Vec<Theme>, Vec<_>) = defs
        .par_iter()
        .enumerate()
        .map(|(t, def)| {
            let units = &index.units[t];
            let ch = counts.characterise_within(analysed, texts, units, |i| {
                theme_spans(members, method, t, i)
            });
            let candidates: Vec<(usize, f64)> = units
                .iter()
                .map(|&i| {
                    let s = members
                        .of(i)
                        .iter()
                        .find(|m| m.theme as usize == t)
                        .map_or(0.0, |m| m.score);
                    // Codebook: prefer answers about this theme alone.
                    let s = if method == Method::Codebook {
                        s / members.of(i).len() as f64
                    } else {
                        s
                    };
                    (i, s)
                })
                .collect();
            let respondents = index.docs[t].len();
            let theme = Theme {
                id: def.id.clone(),
                // Named below, once the words are shared out.
                label: String::new(),
                description: def.description.clone(),
                parent: def.parent.map(|p| defs[p].id.clone()),
                lemmas: ch.lemmas,
                parts: ch.parts,
                bigrams: ch.bigrams,
                distinguishing: ch.distinguishing,
                answers: units.len(),
                answer_share: share(units.len(), n_answers),
                respondents,
                respondent_share: share(respondents, n_respondents),
                quotes: quotes::pick(corpus, ordinals, refs, &candidates, |i| {
                    quote_words(analysed, members, method, t, i)
                }),
                cooccurring: cooccurring(cx, t),
            };
            (theme, ch.wording)
        })
        .unzip();
    // Words are shared out: a discovered theme's label takes the words it
    // holds most of, so two themes are not both named by one word.
    let terms: Vec<_> = themes
        .iter()
        .zip(&wordings)
        .map(|(t, w)| (&t.lemmas[..], &t.bigrams[..], w))
        .collect();
    let labels = super::label::labels_of(defs, &terms);
    for (theme, label) in themes.iter_mut().zip(labels) {
        theme.label = label;
    }
    themes
}

/// The byte spans of answer `i` that put it in theme `t`, sorted:
/// discovery's are the sentences; a codebook's are none (the whole
/// answer counts, as its matched words can be anywhere in it).
fn theme_spans(members: &Membership, method: Method, t: usize, i: usize) -> Vec<(usize, usize)> {
    match method {
        Method::Discovery => members.theme_spans(i, t),
        Method::Codebook => Vec::new(),
    }
}

/// The words of answer `i` that say what it says on theme `t`, sorted
/// and distinct: discovery's spans are the sentences that put it there;
/// a codebook's are the matched words, so the whole answer is compared
/// instead.
fn quote_words(
    analysed: &Analysed,
    members: &Membership,
    method: Method,
    t: usize,
    i: usize,
) -> Vec<u32> {
    let spans = theme_spans(members, method, t, i);
    let mut within = super::membership::Within::new(&spans);
    let mut w: Vec<u32> = analysed
        .unit(i)
        .iter()
        .filter(|tok| {
            !tok.stopword()
                && !tok.number()
                && within.contains(tok.start as usize, tok.end as usize)
        })
        .map(|tok| tok.lemma)
        .collect();
    w.sort_unstable();
    w.dedup();
    w
}

/// The five themes that co-occur most with theme `t`, by answers and by
/// respondents.
fn cooccurring(cx: &Themed<'_>, t: usize) -> Vec<Cooccurrence> {
    let Themed {
        defs,
        members,
        refs,
        ref index,
        ..
    } = *cx;
    // Only the themes that share an answer or a respondent with `t` are
    // visited (through the answers of its respondents), so a codebook of
    // thousands of themes costs what its memberships hold, not the square
    // of its themes. Per theme: (answers, respondents, last respondent).
    let mut shared: FxHashMap<u32, (usize, usize, usize)> = FxHashMap::default();
    for &i in &index.units[t] {
        for m in members.of(i) {
            if m.theme as usize != t {
                shared.entry(m.theme).or_insert((0, 0, usize::MAX)).0 += 1;
            }
        }
    }
    for &d in &index.docs[t] {
        // Answers come in document order: the document's are a run of `refs`.
        let from = refs.partition_point(|r| r.0 < d);
        let to = from + refs[from..].partition_point(|r| r.0 == d);
        for i in from..to {
            for m in members.of(i) {
                if m.theme as usize == t {
                    continue;
                }
                let e = shared.entry(m.theme).or_insert((0, 0, usize::MAX));
                if e.2 != d {
                    e.1 += 1;
                    e.2 = d;
                }
            }
        }
    }
    let mut co: Vec<Cooccurrence> = shared
        .into_iter()
        .map(|(o, (answers, respondents, _))| Cooccurrence {
            theme: defs[o as usize].id.clone(),
            answers,
            respondents,
        })
        .collect();
    co.sort_by(|a, b| {
        (b.answers, b.respondents)
            .cmp(&(a.answers, a.respondents))
            .then_with(|| a.theme.cmp(&b.theme))
    });
    co.truncate(5);
    co
}

/// The answers in no theme, with the first five as examples.
fn unassigned(cx: &Themed<'_>) -> Unassigned {
    let Themed {
        corpus,
        refs,
        members,
        ref ordinals,
        ..
    } = *cx;
    let units: Vec<usize> = (0..refs.len())
        .filter(|&i| members.of(i).is_empty())
        .collect();
    Unassigned {
        answers: units.len(),
        share: share(units.len(), refs.len()),
        examples: units
            .iter()
            .take(5)
            .map(|&i| quotes::quote(corpus, ordinals, refs[i], 0.0))
            .collect(),
    }
}

/// The codings, made in parallel a window of answers at a time and
/// appended in answer order to a vector of their exact number (collecting
/// them all at once held two copies at the end).
fn codings(cx: &Themed<'_>) -> Vec<Coding> {
    let Themed {
        corpus,
        refs,
        texts,
        defs,
        members,
        ref ordinals,
        ..
    } = *cx;
    const WINDOW: usize = 1 << 16;
    let n_answers = refs.len();
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
    for first in (0..n_answers).step_by(WINDOW) {
        let window: Vec<Vec<Coding>> = (first..(first + WINDOW).min(n_answers))
            .into_par_iter()
            .map(|i| {
                let (d, u) = refs[i];
                let doc = &corpus.documents[d];
                let unit = &doc.units[u];
                let ordinal = Some(ordinals.ordinal(d, u));
                let text = texts[i];
                let mut out = Vec::new();
                for entry in members.of(i) {
                    let spans = members.spans(i, entry);
                    let whole = (spans.len() == 0).then_some((0, text.len()));
                    let spans = spans.chain(whole);
                    out.extend(spans.map(|(s, e)| Coding {
                        document: doc.id.clone(),
                        unit: u,
                        ordinal,
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
    codings
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

/// The cross-tabs, in phases: the columns to cross the themes with, then
/// one table per column (per answer for `question` and `role`, per
/// respondent for a closed column or `nps_group`).
fn crosstabs(
    cx: &Themed<'_>,
    options: &ThemeOptions,
    overview: &Overview,
) -> Result<Vec<CrossTab>> {
    let ids: Vec<String> = cx.defs.iter().map(|d| d.id.clone()).collect();
    crosstab_columns(cx, options, overview)
        .iter()
        .map(|column| match column.as_str() {
            "question" | "role" => answer_crosstab(cx, column, &ids),
            _ => respondent_crosstab(cx, column, &ids),
        })
        .collect()
}

/// The columns to cross the themes with: `nps_group` when there is an NPS
/// column, `question` and `role` when the answers have several, then the
/// columns asked for (`--by`).
fn crosstab_columns(cx: &Themed<'_>, options: &ThemeOptions, overview: &Overview) -> Vec<String> {
    let mut wanted: Vec<String> = Vec::new();
    if overview.nps.is_some() {
        wanted.push("nps_group".into());
    }
    let distinct = |f: &dyn Fn(&crate::corpus::Unit) -> Option<String>| {
        let mut seen: Vec<String> = Vec::new();
        for &(d, u) in cx.refs {
            if let Some(v) = f(&cx.corpus.documents[d].units[u])
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
    wanted
}

/// The themes by `question` or `role`, counted per answer.
fn answer_crosstab(cx: &Themed<'_>, column: &str, ids: &[String]) -> Result<CrossTab> {
    let key = |i: usize| -> Option<String> {
        let (d, u) = cx.refs[i];
        let unit = &cx.corpus.documents[d].units[u];
        if column == "question" {
            unit.question.as_deref().map(str::to_string)
        } else {
            unit.role.map(|r| r.name().to_string())
        }
    };
    let mut cats: Vec<String> = Vec::new();
    for i in 0..cx.refs.len() {
        if let Some(c) = key(i)
            && !cats.contains(&c)
        {
            cats.push(c);
        }
    }
    if cats.is_empty() {
        return Err(OptionError::NoCategories {
            column: column.to_string(),
        }
        .into());
    }
    let mut totals = vec![0usize; cats.len()];
    let mut counts = vec![vec![0usize; cats.len()]; ids.len()];
    for (i, m) in cx.members.iter().enumerate() {
        if let Some(c) = key(i) {
            let j = cats.iter().position(|x| *x == c).expect("category seen");
            totals[j] += 1;
            for e in m {
                counts[e.theme as usize][j] += 1;
            }
        }
    }
    Ok(crosstab::build(
        column, column, "answers", cats, totals, ids, counts,
    ))
}

/// The themes by a document-level value (a closed column or
/// `nps_group`), counted per respondent.
fn respondent_crosstab(cx: &Themed<'_>, column: &str, ids: &[String]) -> Result<CrossTab> {
    let (kind_name, value_of) = document_value(cx.corpus, column)?;
    let cats = respondent_categories(cx, column, kind_name, &value_of);
    let index: FxHashMap<&str, usize> = cats
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let documents = cx.corpus.documents.len();
    let mut totals = vec![0usize; cats.len()];
    let mut doc_cat: Vec<Option<usize>> = vec![None; documents];
    for (d, doc) in cx.corpus.documents.iter().enumerate() {
        if cx.index.answered[d]
            && let Some(v) = value_of(doc)
            && let Some(&j) = index.get(v.as_str())
        {
            doc_cat[d] = Some(j);
            totals[j] += 1;
        }
    }
    let mut raised = vec![vec![false; documents]; ids.len()];
    for (i, m) in cx.members.iter().enumerate() {
        for e in m {
            raised[e.theme as usize][cx.refs[i].0] = true;
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
    Ok(crosstab::build(
        column,
        kind_name,
        "respondents",
        cats,
        totals,
        ids,
        counts,
    ))
}

/// The kind of a document-level column and how to read its value from a
/// document; an error naming the columns there are when it is none.
fn document_value(corpus: &Corpus, column: &str) -> Result<(&'static str, ValueOf)> {
    if column == "nps_group" {
        let col = nps_column(corpus).ok_or(OptionError::NoNpsColumn)?;
        return Ok((
            "nps_group",
            Box::new(move |d| {
                d.meta_value(&col)
                    .and_then(nps_score)
                    .map(|s| nps_group(s).to_string())
            }),
        ));
    }
    let columns: Vec<(String, ColumnKind)> = corpus
        .sources
        .iter()
        .flat_map(|s| &s.columns)
        .filter(|c| c.kind.is_closed())
        .map(|c| (c.name.clone(), c.kind.clone()))
        .collect();
    let kind = columns
        .iter()
        .find(|c| c.0 == column)
        .map(|c| c.1.clone())
        .ok_or_else(|| OptionError::NoClosedColumn {
            column: column.to_string(),
            columns: columns.iter().map(|c| c.0.clone()).collect(),
        })?;
    let col = column.to_string();
    Ok((
        kind.name(),
        Box::new(move |d| d.meta_value(&col).map(|v| v.to_string())),
    ))
}

/// The categories of a document-level column among the respondents, in
/// display order (the NPS groups always all three).
fn respondent_categories(
    cx: &Themed<'_>,
    column: &str,
    kind_name: &str,
    value_of: &ValueOf,
) -> Vec<String> {
    if column == "nps_group" {
        return ["detractor", "passive", "promoter"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    }
    let mut cats: Vec<String> = Vec::new();
    for (d, doc) in cx.corpus.documents.iter().enumerate() {
        if cx.index.answered[d]
            && let Some(v) = value_of(doc)
            && !v.is_empty()
            && !cats.contains(&v)
        {
            cats.push(v);
        }
    }
    order_categories(&mut cats, matches!(kind_name, "likert" | "nps" | "number"));
    cats
}
