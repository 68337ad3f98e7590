//! A corpus summarised for a researcher to check before an analysis:
//! files (format, encoding), respondents and documents, the detected
//! column types, answers per question, utterances per speaker and per
//! role, and the record accounting (`teema ingest` prints it).

use super::model::{Accounting, ColumnKind, Corpus, DocumentKind, Format, Issue};
use super::refi::RefiCounts;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a corpus holds, as `teema ingest` shows it (and prints as JSON:
/// the field order is stable).
#[derive(Debug, Serialize)]
pub struct Summary {
    /// One entry per file read.
    pub files: Vec<FileSummary>,
    /// Survey respondents.
    pub respondents: usize,
    /// Interviews and conversations.
    pub interviews: usize,
    /// Answers per open question, in the order questions were first seen.
    pub answers_per_question: Vec<NameCount>,
    /// Utterances per speaker label (sorted by label, then role).
    pub utterances_per_speaker: Vec<SpeakerCount>,
    /// Utterances per role (sorted by role).
    pub utterances_per_role: Vec<NameCount>,
    /// How many interviews have how many speakers (sorted by speakers).
    pub speakers_per_interview: Vec<SpeakersCount>,
    /// The record accounting.
    pub accounting: Accounting,
    /// Rejected records and warnings.
    pub issues: Vec<Issue>,
}

/// One file of the summary.
#[derive(Debug, Serialize)]
pub struct FileSummary {
    /// Path as read.
    pub path: String,
    /// Reader used.
    pub format: Format,
    /// Encoding the text was decoded from.
    pub encoding: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// Documents (respondents or interviews) from this file.
    pub documents: usize,
    /// Answers or utterances from this file.
    pub units: usize,
    /// Columns with their detected kinds (tables only; a REFI-QDA
    /// project's variables).
    pub columns: Vec<ColumnSummary>,
    /// What a REFI-QDA project holds: sources, cases, variables, codes,
    /// users, coded selections and codings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refi: Option<RefiCounts>,
}

/// A column and its kind.
#[derive(Debug, Serialize)]
pub struct ColumnSummary {
    /// Header text.
    pub name: String,
    /// Kind (`id`, `open`, `categorical`, `likert`, `nps`, `number`, `date`).
    pub kind: &'static str,
    /// Scale of a Likert column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<(i64, i64)>,
}

/// A name with a count.
#[derive(Debug, Serialize)]
pub struct NameCount {
    /// Question or role.
    pub name: String,
    /// How many.
    pub count: usize,
}

/// Utterances of one speaker label in one role.
#[derive(Debug, Serialize)]
pub struct SpeakerCount {
    /// Speaker label (`""` when the transcript has none).
    pub speaker: String,
    /// Role of the speaker.
    pub role: String,
    /// Utterances.
    pub count: usize,
}

/// How many interviews have a given number of speakers.
#[derive(Debug, Serialize)]
pub struct SpeakersCount {
    /// Distinct speakers in an interview.
    pub speakers: usize,
    /// Interviews with that many.
    pub interviews: usize,
}

/// Summarise a corpus: its files, documents, questions, speakers and
/// roles, with the accounting and the issues.
pub fn summarise(corpus: &Corpus) -> Summary {
    let mut files: Vec<FileSummary> = corpus
        .sources
        .iter()
        .map(|s| FileSummary {
            path: s.path.display().to_string(),
            format: s.format,
            encoding: s.encoding.clone(),
            sha256: s.sha256.clone(),
            documents: 0,
            units: 0,
            columns: s
                .columns
                .iter()
                .map(|c| ColumnSummary {
                    name: c.name.clone(),
                    kind: c.kind.name(),
                    scale: match c.kind {
                        ColumnKind::Likert { min, max } => Some((min, max)),
                        _ => None,
                    },
                })
                .collect(),
            refi: s.refi.clone(),
        })
        .collect();
    let mut questions: Vec<NameCount> = Vec::new();
    let mut speakers: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut roles: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_interview: BTreeMap<usize, usize> = BTreeMap::new();
    let (mut respondents, mut interviews) = (0, 0);
    for d in &corpus.documents {
        if let Some(f) = files.get_mut(d.source) {
            f.documents += 1;
            f.units += d.units.len();
        }
        match d.kind {
            DocumentKind::Respondent => respondents += 1,
            DocumentKind::Interview => interviews += 1,
        }
        let mut labels: Vec<&str> = Vec::new();
        for u in &d.units {
            if let Some(q) = &u.question {
                match questions.iter_mut().find(|c| *c.name == **q) {
                    Some(c) => c.count += 1,
                    None => questions.push(NameCount {
                        name: q.to_string(),
                        count: 1,
                    }),
                }
            }
            if let Some(role) = u.role {
                let s = u.speaker.clone().unwrap_or_default();
                if !labels.contains(&u.speaker.as_deref().unwrap_or("")) {
                    labels.push(u.speaker.as_deref().unwrap_or(""));
                }
                *speakers.entry((s, role.name().to_owned())).or_default() += 1;
                *roles.entry(role.name().to_owned()).or_default() += 1;
            }
        }
        if d.kind == DocumentKind::Interview {
            *per_interview.entry(labels.len()).or_default() += 1;
        }
    }
    Summary {
        files,
        respondents,
        interviews,
        answers_per_question: questions,
        utterances_per_speaker: speakers
            .into_iter()
            .map(|((speaker, role), count)| SpeakerCount {
                speaker,
                role,
                count,
            })
            .collect(),
        utterances_per_role: roles
            .into_iter()
            .map(|(name, count)| NameCount { name, count })
            .collect(),
        speakers_per_interview: per_interview
            .into_iter()
            .map(|(speakers, interviews)| SpeakersCount {
                speakers,
                interviews,
            })
            .collect(),
        accounting: corpus.accounting.clone(),
        issues: corpus.issues.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ReadOptions, read_paths};

    #[test]
    fn a_survey_is_summarised_by_question_and_an_interview_by_speaker() {
        let dir = tempfile::tempdir().unwrap();
        let survey = dir.path().join("kysely.csv");
        std::fs::write(
            &survey,
            "id,Mikä toimi?,Mitä parantaisit?\n1,Ohjaus oli selkeää,Lisää aikaa\n2,Ryhmä auttoi,\n",
        )
        .unwrap();
        let talk = dir.path().join("haastattelu.txt");
        std::fs::write(
            &talk,
            "H: Miten kurssi meni?\nV: Hyvin, opin paljon.\nH: Entä ryhmä?\nV: Se tuki minua.\n",
        )
        .unwrap();
        let corpus = read_paths(&[survey, talk], &ReadOptions::default()).unwrap();
        let s = summarise(&corpus);
        assert_eq!((s.respondents, s.interviews), (2, 1));
        let questions: Vec<(&str, usize)> = s
            .answers_per_question
            .iter()
            .map(|c| (c.name.as_str(), c.count))
            .collect();
        assert_eq!(questions, [("Mikä toimi?", 2), ("Mitä parantaisit?", 1)]);
        assert_eq!(s.speakers_per_interview.len(), 1);
        assert_eq!(s.speakers_per_interview[0].speakers, 2);
        let utterances: usize = s.utterances_per_role.iter().map(|r| r.count).sum();
        assert_eq!(utterances, 4);
        assert_eq!(s.files.iter().map(|f| f.units).sum::<usize>(), 7);
    }
}
