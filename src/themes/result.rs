//! [`ThemeResult`]: everything a theme run found, with a stable serde schema
//! (`schema_version`) that the reports (HTML, Markdown, CSV, REFI-QDA) and
//! `teema themes --json` share. Field names are part of the interface: add
//! fields, never rename them; bump [`SCHEMA_VERSION`] when a meaning changes.
//!
//! Counting conventions, used everywhere below:
//! - an *answer* is one analysed unit (an answer to an open question or one
//!   utterance); interviewer turns are left out unless asked for;
//! - a *respondent* is a document (respondent or interview) with at least
//!   one analysed answer;
//! - shares are fractions 0–1 of the analysed answers or respondents.

use crate::corpus::{Corpus, Role};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Version of the [`ThemeResult`] schema.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of `teema themes`: run parameters, corpus overview, themes
/// with quotes, cross-tabs and every coded span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeResult {
    /// [`SCHEMA_VERSION`] of this result.
    pub schema_version: u32,
    /// How the run was made.
    pub params: RunParams,
    /// Respondents, answers per question, NPS.
    pub overview: Overview,
    /// Themes, parents before their subthemes, in codebook order (coding) or
    /// by decreasing size (discovery).
    pub themes: Vec<Theme>,
    /// Analysed answers that fit no theme.
    pub unassigned: Unassigned,
    /// One cross-tab per `--by` column (and the automatic ones: NPS group,
    /// question, speaker role where the corpus has them).
    pub crosstabs: Vec<CrossTab>,
    /// One entry per coded span, in document, answer and offset order.
    pub codings: Vec<Coding>,
    /// Agreement with a reference coding (`teema analyze --gold`): the
    /// reference is A, this result's codings B.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<super::agreement::CodingAgreement>,
}

/// Coded spans of the quoted answers by (answer ordinal, theme): (start,
/// end, coded text).
pub type QuotedSpans<'a> = rustc_hash::FxHashMap<(usize, &'a str), Vec<(usize, usize, &'a str)>>;

impl ThemeResult {
    /// Each theme's position in [`ThemeResult::themes`], by id.
    pub fn positions(&self) -> rustc_hash::FxHashMap<&str, usize> {
        self.themes
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect()
    }

    /// The coded spans of every quoted answer in its theme, to mark or
    /// excerpt them. Only those are kept: a large survey has millions of
    /// codings and a few quotes per theme. Quotes and codings find each
    /// other by the answer's ordinal; those without one (a themes.json of
    /// an older teema not yet numbered, see [`ThemeResult::number_answers`])
    /// have no spans.
    pub fn quoted_spans(&self) -> QuotedSpans<'_> {
        let quoted: rustc_hash::FxHashSet<(usize, &str)> = self
            .themes
            .iter()
            .flat_map(|t| {
                t.quotes
                    .iter()
                    .filter_map(|q| Some((q.ordinal?, t.id.as_str())))
            })
            .collect();
        let mut map: QuotedSpans<'_> = rustc_hash::FxHashMap::default();
        for c in &self.codings {
            let Some(ordinal) = c.ordinal else { continue };
            let key = (ordinal, &*c.theme);
            if quoted.contains(&key) {
                map.entry(key)
                    .or_default()
                    .push((c.start, c.end, c.text.as_str()));
            }
        }
        map
    }

    /// Give every quote and coding without an answer ordinal (those of a
    /// themes.json written before teema recorded them) the ordinal of its
    /// answer in `corpus`, named by document id and unit number. This is
    /// exact only while document ids are unique, as teema's readers make
    /// them: where the id is shared, or names no answer of the corpus, it
    /// fails, saying which, rather than choose.
    pub fn number_answers(&mut self, corpus: &Corpus) -> std::result::Result<(), String> {
        let ordinals = corpus.unit_ordinals();
        let mut by_id: rustc_hash::FxHashMap<&str, Option<usize>> =
            rustc_hash::FxHashMap::default();
        for (d, doc) in corpus.documents.iter().enumerate() {
            by_id
                .entry(doc.id.as_str())
                .and_modify(|e| *e = None)
                .or_insert(Some(d));
        }
        let ordinal = |document: &str, unit: usize| match by_id.get(document) {
            Some(Some(d)) if unit < corpus.documents[*d].units.len() => {
                Ok(ordinals.ordinal(*d, unit))
            }
            Some(None) => Err(format!(
                "several documents of the corpus have the id '{document}', and the \
                 result does not say which one answer {unit} belongs to"
            )),
            _ => Err(format!(
                "the corpus has no answer {unit} of document '{document}'"
            )),
        };
        let quotes = self
            .themes
            .iter_mut()
            .flat_map(|t| t.quotes.iter_mut())
            .chain(self.unassigned.examples.iter_mut());
        for q in quotes.filter(|q| q.ordinal.is_none()) {
            q.ordinal = Some(ordinal(&q.document, q.unit)?);
        }
        for c in self.codings.iter_mut().filter(|c| c.ordinal.is_none()) {
            c.ordinal = Some(ordinal(&c.document, c.unit)?);
        }
        Ok(())
    }
}

/// How themes were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Deductive: rules of a codebook file.
    Codebook,
    /// Inductive: clusters found in the data.
    Discovery,
}

/// The parameters of a run, so a result can be reproduced and cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunParams {
    /// Codebook coding or discovery.
    pub method: Method,
    /// The algorithm, e.g. `codebook rules` or `spherical k-means on TF-IDF
    /// (lemmas, compound parts)`.
    pub algorithm: String,
    /// The same in Finnish, for the reports; empty in a result of a teema
    /// that did not write it (the reports then show `algorithm`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub algorithm_fi: String,
    /// Random seed of discovery (recorded for codebook runs too).
    pub seed: u64,
    /// Number of themes asked for (`--themes N`); `None` for automatic.
    pub k_requested: Option<usize>,
    /// Number of top-level themes in the result.
    pub k: usize,
    /// The codebook file, for codebook runs.
    #[serde(serialize_with = "crate::corpus::optional_path_text")]
    pub codebook: Option<PathBuf>,
    /// Whether interviewer turns were analysed.
    pub include_interviewer: bool,
    /// The lemmatiser that produced the lemmas (`builtin`, `voikko …`).
    pub lemmatizer: String,
    /// The `--by` columns asked for.
    pub by: Vec<String>,
    /// The input files, in read order.
    #[serde(serialize_with = "crate::corpus::paths_text")]
    pub sources: Vec<PathBuf>,
    /// teema's version.
    pub teema_version: String,
    /// What pseudonymisation replaced before the analysis, per kind looked
    /// for; `None` when the run did not pseudonymise (`teema themes` on
    /// files, `--no-pseudonymise`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonymised: Option<Vec<PseudonymCount>>,
    /// Sources the index read held only part of (its indexing was cut
    /// short); left out when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partial_sources: Vec<PathBuf>,
    /// The refine file applied to the discovered themes (`--refine`), with
    /// what it did; left out when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refine: Option<Refinements>,
}

/// A refine file applied to discovered themes ([`crate::themes::refine`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refinements {
    /// The file, as given.
    #[serde(serialize_with = "crate::corpus::path_text")]
    pub path: PathBuf,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// One line per refinement applied (`line 4: merge t3, t6 into
    /// "Vertaistuki" (t3)`), in the order they were applied.
    pub applied: Vec<String>,
}

/// Replacements of one kind of personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PseudonymCount {
    /// `hetu`, `phone`, `email`, `iban`, `address` or `name`.
    pub kind: String,
    /// The code label used in the text (`HETU`, `PUHELIN`, …).
    pub label: String,
    /// Spans replaced.
    pub replaced: u64,
    /// Distinct originals (codes given).
    pub distinct: u64,
}

/// An overview of the analysed corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// All documents read (respondents and interviews), analysed or not.
    pub documents: usize,
    /// Documents with at least one analysed answer.
    pub respondents: usize,
    /// Analysed answers (units).
    pub answers: usize,
    /// Interviewer turns left out of the analysis.
    pub excluded_interviewer_turns: usize,
    /// Analysed answers per open question (survey) and per speaker role
    /// (interviews), in first-seen order.
    pub questions: Vec<QuestionCount>,
    /// NPS summary, when the corpus has an NPS column.
    pub nps: Option<NpsSummary>,
}

/// Answers to one open question (or utterances of one role).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionCount {
    /// The question text, or `role: interviewee` for utterances.
    pub question: String,
    /// Analysed answers.
    pub answers: usize,
}

/// Net Promoter Score of an NPS column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NpsSummary {
    /// The NPS column.
    pub column: String,
    /// Respondents with a score 0–10.
    pub responses: usize,
    /// Mean score.
    pub mean: f64,
    /// Respondents per score 0, 1, …, 10 (11 entries).
    pub distribution: Vec<usize>,
    /// Respondents scoring 0–6.
    pub detractors: usize,
    /// Respondents scoring 7–8.
    pub passives: usize,
    /// Respondents scoring 9–10.
    pub promoters: usize,
    /// % promoters − % detractors (−100…100).
    pub nps: f64,
}

/// A weighted term: a lemma, a compound part or a two-word phrase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// The lemma, part or phrase (`aukioloaika`, `viikonloppu auki`).
    pub term: String,
    /// Its weight (centroid weight, or a distinctiveness score; see the field).
    pub score: f64,
}

/// One theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// Stable id: the codebook name (`vertaistuki`, `ohjaajat.vaihtuvuus`)
    /// or `t1`, `t2`, … by decreasing size for discovered themes.
    pub id: String,
    /// Human-readable label (codebook name, or built from the top terms).
    pub label: String,
    /// The codebook description, if any.
    pub description: Option<String>,
    /// The parent theme's id, for subthemes.
    pub parent: Option<String>,
    /// Characteristic lemmas, strongest first.
    pub lemmas: Vec<Term>,
    /// Characteristic compound parts, strongest first.
    pub parts: Vec<Term>,
    /// Characteristic two-word phrases (lemmas), strongest first.
    pub bigrams: Vec<Term>,
    /// Words that set this theme apart from the rest (log-odds z-score of
    /// the lemma in this theme's answers against all other answers).
    pub distinguishing: Vec<Term>,
    /// Answers in this theme.
    pub answers: usize,
    /// `answers` / analysed answers.
    pub answer_share: f64,
    /// Respondents with at least one answer in this theme.
    pub respondents: usize,
    /// `respondents` / respondents with an analysed answer.
    pub respondent_share: f64,
    /// 3–5 representative quotes (fewer when the theme is smaller).
    pub quotes: Vec<Quote>,
    /// Themes found in the same answers, most frequent first.
    pub cooccurring: Vec<Cooccurrence>,
}

/// A quote: an answer or utterance with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Respondent id or interview name.
    pub document: String,
    /// Index of the answer within its document (0-based).
    pub unit: usize,
    /// The answer's ordinal: its position among all answers and utterances
    /// of the corpus in reading order (0-based; see
    /// [`crate::corpus::UnitOrdinals`]). It names the answer exactly, also
    /// where documents share an id. Absent only in a themes.json written
    /// before teema recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinal: Option<usize>,
    /// The open question, for survey answers.
    pub question: Option<String>,
    /// The speaker label, for utterances.
    pub speaker: Option<String>,
    /// The speaker's role, for utterances.
    pub role: Option<Role>,
    /// The input file.
    #[serde(serialize_with = "crate::corpus::path_text")]
    pub source: PathBuf,
    /// 1-based line in the input file.
    pub line: u64,
    /// Byte span of the answer in its source (see `Unit::span`).
    pub span: (usize, usize),
    /// The answer's text.
    pub text: String,
    /// How typical the quote is for the theme (cosine to the theme centre,
    /// or matched rules for codebook themes).
    pub score: f64,
}

/// A theme that appears in the same answers as another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cooccurrence {
    /// The other theme's id.
    pub theme: String,
    /// Answers coded with both.
    pub answers: usize,
    /// Respondents with both themes (in the same or different answers).
    pub respondents: usize,
}

/// Answers that fit no theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unassigned {
    /// Analysed answers in no theme.
    pub answers: usize,
    /// `answers` / analysed answers.
    pub share: f64,
    /// A few examples (up to 5).
    pub examples: Vec<Quote>,
}

/// Themes by the categories of one column or grouping.
///
/// Each row is one theme. Per category, `counts` is how many respondents
/// (document-level columns) or answers (`question`, `role`) of that
/// category raise the theme, out of `totals`. Each row carries the
/// chi-square test of independence of "raises the theme" and the category
/// (2 × categories table); the table-level test is over the themes ×
/// categories table of counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossTab {
    /// The column (`Ikäryhmä`), or `nps_group`, `question`, `role`.
    pub column: String,
    /// `nps_group`, `likert`, `categorical`, `number`, `question`, `role`.
    pub kind: String,
    /// What is counted: `respondents` or `answers`.
    pub counted: String,
    /// Category labels in display order (`detractor`, `passive`, `promoter`).
    pub categories: Vec<String>,
    /// Respondents or answers per category (the column-share denominators).
    pub totals: Vec<usize>,
    /// One row per theme, in the order of [`ThemeResult::themes`].
    pub rows: Vec<CrossTabRow>,
    /// Chi-square statistic of the themes × categories table of counts.
    pub chi_square: f64,
    /// Its degrees of freedom.
    pub df: usize,
    /// Its p-value.
    pub p_value: f64,
}

/// One theme's row in a [`CrossTab`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossTabRow {
    /// The theme id.
    pub theme: String,
    /// Respondents or answers raising the theme, per category.
    pub counts: Vec<usize>,
    /// `counts` / row total: where the theme's mentions come from.
    pub row_shares: Vec<f64>,
    /// `counts` / category total: how often each category raises the theme.
    pub column_shares: Vec<f64>,
    /// Adjusted standardised residual per category (|r| > 1.96 ≈ p < 0.05;
    /// positive: the category raises the theme more than expected).
    pub residuals: Vec<f64>,
    /// Chi-square of this theme (raised / not raised) × category.
    pub chi_square: f64,
    /// Degrees of freedom (categories − 1).
    pub df: usize,
    /// p-value of the chi-square test.
    pub p_value: f64,
}

/// One coded span: a theme in part of an answer (codebook: the matched
/// words; discovery: the whole answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coding {
    /// Respondent id or interview name.
    pub document: String,
    /// Index of the answer within its document (0-based).
    pub unit: usize,
    /// The answer's ordinal, as in [`Quote::ordinal`]: the reports find
    /// the coded answer by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinal: Option<usize>,
    /// The open question, for survey answers.
    pub question: Option<crate::corpus::Name>,
    /// The speaker label, for utterances.
    pub speaker: Option<String>,
    /// The theme id (shared by the theme's codings).
    pub theme: crate::corpus::Name,
    /// Byte offset of the span's start in the answer's text.
    pub start: usize,
    /// Byte offset one past the span's end in the answer's text.
    pub end: usize,
    /// The span's text.
    pub text: Snippet,
}

/// Part of an answer's text that shares the answer's text instead of
/// copying it (a survey of millions of answers has millions of codings,
/// most of them whole answers). Serialised as the string it stands for.
#[derive(Clone)]
pub struct Snippet {
    text: crate::corpus::Text,
    start: usize,
    end: usize,
}

impl Snippet {
    /// Bytes `range` of `text` (widened to the characters it cuts into).
    pub fn new(text: &crate::corpus::Text, range: std::ops::Range<usize>) -> Snippet {
        let mut end = range.end.min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let mut start = range.start.min(end);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        Snippet {
            text: text.clone(),
            start,
            end,
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text[self.start..self.end]
    }
}

impl std::ops::Deref for Snippet {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Snippet {
    fn from(s: &str) -> Snippet {
        Snippet {
            text: s.into(),
            start: 0,
            end: s.len(),
        }
    }
}

impl From<String> for Snippet {
    fn from(s: String) -> Snippet {
        s.as_str().into()
    }
}

impl PartialEq for Snippet {
    fn eq(&self, other: &Snippet) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::fmt::Debug for Snippet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl std::fmt::Display for Snippet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Snippet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Snippet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Snippet, D::Error> {
        String::deserialize(d).map(Snippet::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coding(document: &str, unit: usize) -> Coding {
        Coding {
            document: document.into(),
            unit,
            ordinal: None,
            question: None,
            speaker: None,
            theme: "t1".into(),
            start: 0,
            end: 1,
            text: "x".into(),
        }
    }

    fn corpus(documents: &[(&str, usize)]) -> Corpus {
        use crate::corpus::{Document, DocumentKind, Unit};
        let unit = Unit {
            question: None,
            speaker: None,
            role: None,
            time: None,
            text: "x".into(),
            line: 1,
            span: (0, 1),
        };
        Corpus {
            documents: documents
                .iter()
                .map(|&(id, units)| Document {
                    id: id.into(),
                    kind: DocumentKind::Respondent,
                    source: 0,
                    line: 1,
                    meta: Vec::new(),
                    units: vec![unit.clone(); units],
                })
                .collect(),
            ..Corpus::default()
        }
    }

    #[test]
    fn an_older_result_is_numbered_by_unique_ids_only() {
        let json = r#"{"document": "b", "unit": 1, "question": null, "speaker": null,
            "theme": "t1", "start": 0, "end": 1, "text": "x"}"#;
        let read: Coding = serde_json::from_str(json).unwrap();
        assert_eq!(read.ordinal, None, "a coding of an older teema has none");
        assert!(!serde_json::to_string(&read).unwrap().contains("ordinal"));
        let mut result = ThemeResult {
            schema_version: SCHEMA_VERSION,
            params: RunParams {
                method: Method::Discovery,
                algorithm: String::new(),
                algorithm_fi: String::new(),
                seed: 1,
                k_requested: None,
                k: 0,
                codebook: None,
                include_interviewer: false,
                lemmatizer: String::new(),
                by: Vec::new(),
                sources: Vec::new(),
                teema_version: String::new(),
                pseudonymised: None,
                partial_sources: Vec::new(),
                refine: None,
            },
            overview: Overview {
                documents: 0,
                respondents: 0,
                answers: 0,
                excluded_interviewer_turns: 0,
                questions: Vec::new(),
                nps: None,
            },
            themes: Vec::new(),
            unassigned: Unassigned {
                answers: 0,
                share: 0.0,
                examples: Vec::new(),
            },
            crosstabs: Vec::new(),
            codings: vec![read, coding("a", 0)],
            agreement: None,
        };
        let unique = corpus(&[("a", 1), ("", 0), ("b", 2)]);
        result.clone().number_answers(&unique).unwrap();
        let mut numbered = result.clone();
        numbered.number_answers(&unique).unwrap();
        let ordinals: Vec<_> = numbered.codings.iter().map(|c| c.ordinal).collect();
        assert_eq!(ordinals, [Some(2), Some(0)]);
        // Recorded ordinals are kept as they are.
        numbered
            .number_answers(&corpus(&[("b", 2), ("a", 1)]))
            .unwrap();
        assert_eq!(numbered.codings[0].ordinal, Some(2));
        let shared = corpus(&[("a", 1), ("b", 2), ("b", 2)]);
        let err = result.clone().number_answers(&shared).unwrap_err();
        assert!(
            err.contains("several documents") && err.contains("'b'"),
            "{err}"
        );
        let short = corpus(&[("a", 1), ("b", 1)]);
        let err = result.number_answers(&short).unwrap_err();
        assert!(err.contains("no answer 1 of document 'b'"), "{err}");
    }

    #[test]
    fn a_snippet_shares_the_answer_and_serialises_as_its_text() {
        let answer: crate::corpus::Text = "Ohjaajat ovat ihania. Aukioloajat lyhyet.".into();
        let s = Snippet::new(&answer, 22..41);
        assert_eq!(s.as_str(), "Aukioloajat lyhyet.");
        assert_eq!(
            std::sync::Arc::strong_count(&answer),
            2,
            "shared, not copied"
        );
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"Aukioloajat lyhyet.\"");
        let back: Snippet = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        // A span cutting into a character is widened to the whole character.
        let ae: crate::corpus::Text = "Hyvää".into();
        assert_eq!(Snippet::new(&ae, 4..5).as_str(), "ä");
        assert_eq!(Snippet::new(&ae, 3..99).as_str(), "ää");
    }
}
