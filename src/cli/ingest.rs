//! `teema ingest`: read the inputs and print what a researcher checks before
//! an analysis — files (format, encoding), respondents and documents, the
//! detected column types, answers per question, utterances per speaker and
//! per role, and the accounting line. Every issue goes to stderr as
//! `file:line: message`. Exit code 1 when any record was rejected.

use super::{Globals, InputArgs};
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use teema::Result;
use teema::corpus::{Accounting, ColumnKind, Corpus, DocumentKind, Issue, read_paths};

/// Arguments of `teema ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Inputs and how to read them.
    #[command(flatten)]
    pub input: Box<InputArgs>,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// The ingest summary (also the `--json` output; field order is stable).
#[derive(Debug, Serialize)]
pub struct Summary {
    /// One entry per file read.
    pub files: Vec<FileSummary>,
    /// Survey respondents.
    pub respondents: usize,
    /// Interviews and conversations.
    pub interviews: usize,
    /// Answers per open question, in the order questions were first seen.
    pub answers_per_question: Vec<Count>,
    /// Utterances per speaker label (sorted by label, then role).
    pub utterances_per_speaker: Vec<SpeakerCount>,
    /// Utterances per role (sorted by role).
    pub utterances_per_role: Vec<Count>,
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
    pub format: teema::corpus::Format,
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
    pub refi: Option<teema::corpus::refi::RefiCounts>,
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
pub struct Count {
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

/// Summarise a corpus.
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
    let mut questions: Vec<Count> = Vec::new();
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
                    None => questions.push(Count {
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
            .map(|(name, count)| Count { name, count })
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

/// At most this many speaker lines in the text summary.
const MAX_SPEAKER_LINES: usize = 40;

/// The human-readable summary.
pub fn render(s: &Summary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "files: {}", s.files.len());
    for f in &s.files {
        let what = if f.format == teema::corpus::Format::Qdpx {
            "answers"
        } else if f.columns.is_empty() || f.format == teema::corpus::Format::UtteranceTable {
            "utterances"
        } else {
            "answers"
        };
        let _ = writeln!(
            o,
            "  {}  {} {}  {} documents, {} {what}",
            f.path,
            f.format.name(),
            f.encoding,
            f.documents,
            f.units
        );
        if let Some(r) = &f.refi {
            let _ = writeln!(
                o,
                "    REFI-QDA project: {} text sources, {} cases, {} variables, {} codes, {} users, {} coded spans, {} codings",
                r.sources, r.cases, r.variables, r.codes, r.users, r.selections, r.codings
            );
        }
        let width = f
            .columns
            .iter()
            .map(|c| c.name.chars().count().min(50))
            .max()
            .unwrap_or(0);
        for c in &f.columns {
            let name: String = c.name.chars().take(50).collect();
            let pad = width - name.chars().count();
            let scale = c
                .scale
                .map(|(a, b)| format!(" {a}–{b}"))
                .unwrap_or_default();
            let _ = writeln!(o, "    {name}{:pad$}  {}{scale}", "", c.kind);
        }
    }
    let _ = writeln!(o, "respondents: {}", s.respondents);
    let _ = writeln!(o, "interviews: {}", s.interviews);
    if !s.answers_per_question.is_empty() {
        let _ = writeln!(o, "answers per question:");
        for q in &s.answers_per_question {
            let _ = writeln!(o, "  {:>7}  {}", q.count, q.name);
        }
    }
    if !s.utterances_per_speaker.is_empty() {
        let _ = writeln!(o, "utterances per speaker:");
        for sp in s.utterances_per_speaker.iter().take(MAX_SPEAKER_LINES) {
            let label = if sp.speaker.is_empty() {
                "(no label)"
            } else {
                &sp.speaker
            };
            let _ = writeln!(o, "  {:>7}  {label} ({})", sp.count, sp.role);
        }
        if s.utterances_per_speaker.len() > MAX_SPEAKER_LINES {
            let _ = writeln!(
                o,
                "  … {} more speakers (--json lists all)",
                s.utterances_per_speaker.len() - MAX_SPEAKER_LINES
            );
        }
        let _ = writeln!(o, "utterances per role:");
        for r in &s.utterances_per_role {
            let _ = writeln!(o, "  {:>7}  {}", r.count, r.name);
        }
        let _ = writeln!(o, "speakers per interview:");
        for p in &s.speakers_per_interview {
            let _ = writeln!(
                o,
                "  {:>7}  interviews with {} speakers",
                p.interviews, p.speakers
            );
        }
    }
    let _ = writeln!(o, "{}", s.accounting);
    o
}

/// Run `teema ingest`.
pub fn run(args: IngestArgs, globals: Globals) -> Result<u8> {
    let _ = globals;
    let corpus = read_paths(&args.input.paths, &args.input.read_options())?;
    let summary = summarise(&corpus);
    let out = if args.json {
        let mut s = serde_json::to_string_pretty(&summary)?;
        s.push('\n');
        s
    } else {
        // Headers and values come from the file: shown, never acted on.
        super::terminal::clean_lines(&render(&summary))
    };
    super::print_issues(&corpus);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    let code = if corpus.accounting.rejected > 0 { 1 } else { 0 };
    // The process ends right after this: freeing millions of small strings
    // one by one would only add time.
    std::mem::forget(corpus);
    Ok(code)
}
