//! REFI-QDA projects (`.qdpx`, QDA-XML project 1.0) read back: the
//! plain-text sources, the cases with their variables, the code tree and
//! the coded selections, whichever tool wrote the project (teema, QualCoder,
//! NVivo, ATLAS.ti, MAXQDA).
//!
//! A `.qdpx` is a zip archive holding `project.qde` (the XML) and the
//! sources' texts under `sources/`. A `TextSource` has its text inline
//! (`PlainTextContent`) or in the archive (`plainTextPath="internal://…"`);
//! a text outside the archive (`relative://`, `absolute://`, a path) is not
//! read: the project is to be exported with its sources. The XML and the
//! texts are unpacked within the limit of `corpus/zipped.rs`.
//!
//! [`RefiProject::answers`] says which answer each source is: the case that
//! refers to it is the respondent, and the question is what follows
//! `respondent: ` in the source's name (as teema names them), else the name
//! of the first set holding the source, else the source's name. A source no
//! case refers to is a respondent of its own. Selections are *character*
//! offsets into the source's text (Unicode scalar values, as the standard
//! says); each keeps its byte range too.
//!
//! A project that contradicts itself is an error naming the file, the line
//! of `project.qde` and the element: a source whose text is missing, a
//! selection outside its source, a coding of a code the code book lacks.

mod qde;

pub use qde::read_project;

use super::model::{
    Accounting, Column, ColumnKind, Document, DocumentKind, Name, Text, Unit, Value,
};
use super::{Note, ReadOptions};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A user of the project (a coder).
#[derive(Debug, Clone)]
pub struct RefiUser {
    /// GUID.
    pub guid: String,
    /// Name (or id, or the GUID when the project gives neither).
    pub name: String,
}

/// A code of the code book.
#[derive(Debug, Clone)]
pub struct RefiCode {
    /// GUID.
    pub guid: String,
    /// Name as the project gives it.
    pub name: String,
    /// The code it is nested in (index into [`RefiProject::codes`]).
    pub parent: Option<usize>,
}

/// A variable (a closed answer of the cases).
#[derive(Debug, Clone)]
pub struct RefiVariable {
    /// GUID.
    pub guid: String,
    /// Name.
    pub name: String,
    /// `typeOfVariable` (Text, Boolean, Integer, Float, Date, DateTime).
    pub kind: String,
}

/// A case: a respondent or an interviewee, with variable values.
#[derive(Debug, Clone)]
pub struct RefiCase {
    /// Name (the respondent id in teema's projects).
    pub name: String,
    /// Line of the `<Case>` in `project.qde`.
    pub line: u64,
    /// (variable index, value), in the order given.
    pub values: Vec<(usize, Value)>,
    /// The sources it refers to (indices into [`RefiProject::sources`]).
    pub sources: Vec<usize>,
}

/// A coded selection of a source.
#[derive(Debug, Clone)]
pub struct RefiSelection {
    /// Line of the element in `project.qde`.
    pub line: u64,
    /// Character offsets into the source's text, as written.
    pub start: usize,
    /// End (exclusive), characters.
    pub end: usize,
    /// The same span in bytes of the source's text.
    pub bytes: (usize, usize),
    /// (code index, user index) of each coding of the selection.
    pub codings: Vec<(usize, Option<usize>)>,
}

/// A plain-text source.
#[derive(Debug, Clone)]
pub struct RefiSource {
    /// GUID.
    pub guid: String,
    /// Name.
    pub name: String,
    /// Line of the `<TextSource>` in `project.qde`.
    pub line: u64,
    /// Its text.
    pub text: String,
    /// Coded selections (a coding of the whole source is a selection of
    /// all its text).
    pub selections: Vec<RefiSelection>,
}

/// A REFI-QDA project as read.
#[derive(Debug, Clone, Default)]
pub struct RefiProject {
    /// Users.
    pub users: Vec<RefiUser>,
    /// Codes, parents before their children.
    pub codes: Vec<RefiCode>,
    /// Variables.
    pub variables: Vec<RefiVariable>,
    /// Cases.
    pub cases: Vec<RefiCase>,
    /// Plain-text sources (other kinds of source are counted in `skipped`).
    pub sources: Vec<RefiSource>,
    /// Sets of sources: (name, source indices).
    pub sets: Vec<(String, Vec<usize>)>,
    /// Picture, PDF, audio and video sources, which teema does not read.
    pub skipped: usize,
}

/// What a project holds, for `teema ingest`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefiCounts {
    /// Plain-text sources.
    pub sources: usize,
    /// Cases.
    pub cases: usize,
    /// Variables.
    pub variables: usize,
    /// Codes.
    pub codes: usize,
    /// Users.
    pub users: usize,
    /// Coded selections (spans).
    pub selections: usize,
    /// Codings (a selection coded with two codes counts twice).
    pub codings: usize,
    /// Sources of other kinds (pictures, PDF, audio, video), not read.
    pub other_sources: usize,
}

/// Which answer a source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefiAnswer {
    /// The source (index into [`RefiProject::sources`]).
    pub source: usize,
    /// The case it belongs to, if any.
    pub case: Option<usize>,
    /// The respondent: the case's name, or the source's own.
    pub respondent: String,
    /// The question, if the project says one (see the module docs).
    pub question: Option<String>,
}

impl RefiProject {
    /// The counts of the project.
    pub fn counts(&self) -> RefiCounts {
        RefiCounts {
            sources: self.sources.len(),
            cases: self.cases.len(),
            variables: self.variables.len(),
            codes: self.codes.len(),
            users: self.users.len(),
            selections: self.sources.iter().map(|s| s.selections.len()).sum(),
            codings: self
                .sources
                .iter()
                .flat_map(|s| &s.selections)
                .map(|s| s.codings.len())
                .sum(),
            other_sources: self.skipped,
        }
    }

    /// Every source as an answer, cases first (in their order, each with
    /// its sources in the order it gives them), then the sources no case
    /// refers to. A source two cases refer to belongs to the first.
    pub fn answers(&self) -> Vec<RefiAnswer> {
        // The first set of each source, found once (a survey's sets hold
        // every answer).
        let mut set_of: Vec<Option<usize>> = vec![None; self.sources.len()];
        for (i, (_, members)) in self.sets.iter().enumerate() {
            for &m in members {
                set_of[m].get_or_insert(i);
            }
        }
        let mut owner: Vec<Option<usize>> = vec![None; self.sources.len()];
        let mut out = Vec::with_capacity(self.sources.len());
        for (c, case) in self.cases.iter().enumerate() {
            for &s in &case.sources {
                if owner[s].is_none() {
                    owner[s] = Some(c);
                    out.push(self.answer(s, Some(c), set_of[s]));
                }
            }
        }
        for (s, owner) in owner.iter().enumerate() {
            if owner.is_none() {
                out.push(self.answer(s, None, set_of[s]));
            }
        }
        out
    }

    fn answer(&self, s: usize, case: Option<usize>, set: Option<usize>) -> RefiAnswer {
        let source = &self.sources[s];
        let set = || set.map(|i| self.sets[i].0.clone());
        match case {
            Some(c) => {
                let name = &self.cases[c].name;
                // A source named as its case is the case's whole text (an
                // interview, as teema writes them): no question.
                let question = if source.name == *name {
                    set()
                } else {
                    source
                        .name
                        .strip_prefix(name.as_str())
                        .and_then(|rest| rest.strip_prefix(": "))
                        .map(str::to_string)
                        .or_else(set)
                        .or_else(|| Some(source.name.clone()))
                };
                RefiAnswer {
                    source: s,
                    case,
                    respondent: name.clone(),
                    question,
                }
            }
            None => RefiAnswer {
                source: s,
                case,
                respondent: source.name.clone(),
                question: set(),
            },
        }
    }

    /// The name a code is matched by: its own, or `parent/name` (the whole
    /// path) when another code has the same name.
    pub fn code_names(&self) -> Vec<String> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for c in &self.codes {
            *seen.entry(c.name.trim().to_lowercase()).or_default() += 1;
        }
        (0..self.codes.len())
            .map(|i| {
                let c = &self.codes[i];
                if seen[&c.name.trim().to_lowercase()] < 2 {
                    return c.name.clone();
                }
                let mut path = vec![c.name.as_str()];
                let mut at = c.parent;
                while let Some(p) = at {
                    path.push(&self.codes[p].name);
                    at = self.codes[p].parent;
                    if path.len() > 64 {
                        break;
                    }
                }
                path.reverse();
                path.join("/")
            })
            .collect()
    }
}

/// The respondents of a project, for the corpus: one per case (its
/// variables as closed answers, its sources as answers), then one per
/// source no case refers to. A source without a question (named as its
/// case, or in no case and no set) whose text has speaker turns is an
/// interview, read as a transcript (its case's variables kept). Texts are
/// trimmed as every reader trims answers; an empty source is counted, not
/// an answer. Returns the
/// variables as columns (Integer and Float as numbers, Date and DateTime
/// as dates, the rest categorical), the documents and the accounting.
pub(crate) fn documents(
    project: &RefiProject,
    source: usize,
    options: &ReadOptions,
    notes: &mut Vec<Note>,
) -> (Vec<Column>, Vec<Document>, Accounting) {
    let columns: Vec<Column> = project
        .variables
        .iter()
        .map(|v| Column {
            name: v.name.clone(),
            kind: match v.kind.as_str() {
                "Integer" | "Float" => ColumnKind::Number,
                "Date" | "DateTime" => ColumnKind::Date,
                _ => ColumnKind::Categorical,
            },
        })
        .collect();
    let names: Vec<Name> = project
        .variables
        .iter()
        .map(|v| Name::from(v.name.as_str()))
        .collect();
    let mut questions: HashMap<String, Name> = HashMap::new();
    let mut documents: Vec<Document> = Vec::with_capacity(project.cases.len());
    let mut case_doc: Vec<Option<usize>> = vec![None; project.cases.len()];
    for (c, case) in project.cases.iter().enumerate() {
        case_doc[c] = Some(documents.len());
        documents.push(Document {
            id: case.name.clone(),
            kind: DocumentKind::Respondent,
            source,
            line: case.line,
            meta: case
                .values
                .iter()
                .map(|(v, value)| (names[*v].clone(), value.clone()))
                .collect(),
            units: Vec::new(),
        });
    }
    let mut turns_accounting = Accounting::default();
    for a in project.answers() {
        let s = &project.sources[a.source];
        let d = match a.case.and_then(|c| case_doc[c]) {
            Some(d) => d,
            None => {
                documents.push(Document {
                    id: a.respondent.clone(),
                    kind: DocumentKind::Respondent,
                    source,
                    line: s.line,
                    meta: Vec::new(),
                    units: Vec::new(),
                });
                documents.len() - 1
            }
        };
        let text = s.text.trim();
        if text.is_empty() {
            continue;
        }
        if a.question.is_none() {
            // What the transcript reader says is kept only for a transcript,
            // and names the source (its lines are lines of the source's text).
            let mut said = Vec::new();
            let turns = super::transcript::parse(&s.text, &mut said);
            if turns.len() >= 2 && turns.iter().any(|t| t.speaker.is_some()) {
                let id = documents[d].id.clone();
                let (mut interview, counted) =
                    super::roles::interview(id, source, turns, options, &mut said);
                notes.extend(said.into_iter().map(|n| Note {
                    message: format!(
                        "<TextSource name=\"{}\"> line {} of its text: {}",
                        s.name, n.line, n.message
                    ),
                    line: s.line,
                    ..n
                }));
                turns_accounting.read += counted.read;
                turns_accounting.ingested += counted.ingested;
                turns_accounting.empty += counted.empty;
                turns_accounting.rejected += counted.rejected;
                interview.meta = documents[d].meta.clone();
                interview.line = documents[d].line;
                if documents[d].units.is_empty() {
                    documents[d] = interview;
                } else {
                    documents.push(interview);
                }
                continue;
            }
        }
        let question = a.question.map(|q| {
            questions
                .entry(q)
                .or_insert_with_key(|q| Name::from(q.as_str()))
                .clone()
        });
        documents[d].units.push(Unit {
            question,
            speaker: None,
            role: None,
            time: None,
            text: Text::from(text),
            line: s.line,
            span: (0, text.len()),
        });
    }
    // Respondents count one record each, interviews their turns (as the
    // transcript reader counts them).
    let respondents = documents
        .iter()
        .filter(|d| d.kind == DocumentKind::Respondent);
    let (n, ingested) = respondents.fold((0u64, 0u64), |(n, i), d| {
        (n + 1, i + u64::from(!d.units.is_empty()))
    });
    let a = turns_accounting;
    let accounting = Accounting {
        read: n + a.read,
        ingested: ingested + a.ingested,
        empty: n - ingested + a.empty,
        rejected: a.rejected,
    };
    (columns, documents, accounting)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_names_the_respondent_and_the_source_name_the_question() {
        let mut p = RefiProject::default();
        for name in ["7: Mikä oli hyvää?", "haastattelu", "8: Muuta"] {
            p.sources.push(RefiSource {
                guid: String::new(),
                name: name.into(),
                line: 1,
                text: "x".into(),
                selections: Vec::new(),
            });
        }
        p.cases.push(RefiCase {
            name: "7".into(),
            line: 1,
            values: Vec::new(),
            sources: vec![0, 1],
        });
        p.sets.push(("Kysymys".into(), vec![1]));
        let a = p.answers();
        assert_eq!(a[0].question.as_deref(), Some("Mikä oli hyvää?"));
        assert_eq!(a[1].question.as_deref(), Some("Kysymys"));
        assert_eq!((a[2].respondent.as_str(), a[2].case), ("8: Muuta", None));
    }
}
