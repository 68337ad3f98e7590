//! The data model: a corpus of documents (survey respondents, interviews,
//! conversations), each holding the units that teema analyses (one answer to
//! an open question, or one utterance). Every unit keeps where it came from,
//! so any count can be traced back to a quote.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// A column or question name, shared by every record that carries it (a
/// survey of a million rows holds each header once, not a million times).
pub type Name = Arc<str>;

/// An answer's or utterance's text, shared (not copied) by everything that
/// quotes it.
pub type Text = Arc<str>;

/// Everything read from the inputs of one run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Corpus {
    /// The files read, in the order they were read (stable: sorted paths).
    pub sources: Vec<Source>,
    /// Respondents, interviews and conversations, in source order.
    pub documents: Vec<Document>,
    /// What was read, ingested, empty and rejected.
    pub accounting: Accounting,
    /// Rejected records and warnings, each with file and line.
    pub issues: Vec<Issue>,
}

/// One input file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    /// Path as given (or as found under a directory).
    #[serde(serialize_with = "crate::corpus::path_text")]
    pub path: PathBuf,
    /// How the file was read.
    pub format: Format,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Text encoding the file was decoded from (`UTF-8`, `UTF-16LE`, `windows-1252`, …).
    pub encoding: String,
    /// The columns of a table, classified; empty for transcripts.
    pub columns: Vec<Column>,
    /// What a REFI-QDA project holds (sources, cases, codings, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refi: Option<super::refi::RefiCounts>,
}

/// The formats teema reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A survey table in CSV/TSV (delimiter sniffed).
    Csv,
    /// A survey table in an Excel workbook.
    Xlsx,
    /// A survey table as JSON Lines, one respondent per line.
    Jsonl,
    /// An utterance table in long format (one utterance per row).
    UtteranceTable,
    /// A plain-text or Markdown transcript with speaker turns.
    Transcript,
    /// WebVTT subtitles (Teams, Zoom, Whisper).
    Vtt,
    /// SubRip subtitles.
    Srt,
    /// A Word document transcript.
    Docx,
    /// A REFI-QDA project (`.qdpx`): its plain-text sources, cases and variables.
    Qdpx,
}

impl Format {
    /// Lower-case name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Jsonl => "jsonl",
            Format::UtteranceTable => "utterance_table",
            Format::Transcript => "transcript",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Docx => "docx",
            Format::Qdpx => "qdpx",
        }
    }
}

/// A column of a survey or utterance table, with its detected or given kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header text (the question as the survey tool exported it).
    pub name: String,
    /// What the column holds.
    pub kind: ColumnKind,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnKind {
    /// Respondent identifier.
    Id,
    /// An open question: each cell becomes an [`Unit`].
    OpenText,
    /// A closed question with a small set of text values.
    Categorical,
    /// A closed question on an ordinal numeric scale (1–5, 1–7, …).
    Likert {
        /// Smallest value seen or allowed.
        min: i64,
        /// Largest value seen or allowed.
        max: i64,
    },
    /// Net Promoter Score, 0–10.
    Nps,
    /// Any other number.
    Number,
    /// A date or date-time.
    Date,
}

impl ColumnKind {
    /// True for every closed kind (not id, not open text).
    pub fn is_closed(&self) -> bool {
        !matches!(self, ColumnKind::Id | ColumnKind::OpenText)
    }

    /// Short name used in summaries and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            ColumnKind::Id => "id",
            ColumnKind::OpenText => "open",
            ColumnKind::Categorical => "categorical",
            ColumnKind::Likert { .. } => "likert",
            ColumnKind::Nps => "nps",
            ColumnKind::Number => "number",
            ColumnKind::Date => "date",
        }
    }
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// One row of a survey: closed answers as metadata, open answers as units.
    Respondent,
    /// An interview or conversation: utterances with speakers.
    Interview,
}

/// A respondent or an interview.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Respondent id (from the id column, or the row number) or interview name.
    pub id: String,
    /// Respondent or interview.
    pub kind: DocumentKind,
    /// Index into [`Corpus::sources`].
    pub source: usize,
    /// 1-based line (row) where the document starts in its source.
    pub line: u64,
    /// Closed answers, in column order: (column name, value).
    pub meta: Vec<(Name, Value)>,
    /// Answers or utterances.
    pub units: Vec<Unit>,
}

impl Document {
    /// The value of a closed column, if this document has it.
    pub fn meta_value(&self, column: &str) -> Option<&Value> {
        self.meta
            .iter()
            .find(|(c, _)| &**c == column)
            .map(|(_, v)| v)
    }
}

/// A typed closed answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A number (Likert, NPS, any number).
    Number(f64),
    /// A category or any other text; dates are kept as their ISO 8601 text.
    Text(Box<str>),
}

impl Value {
    /// The value as a number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Text(_) => None,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => write!(f, "{}", *n as i64),
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(s) => f.write_str(s),
        }
    }
}

/// Interviewer or interviewee (or unknown, for chats between peers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Asks the questions; left out of theme counts by default.
    Interviewer,
    /// The client or staff member interviewed.
    Interviewee,
    /// A participant in a conversation without interview roles.
    Participant,
}

impl Role {
    /// Lower-case name, as in JSON and `--role`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Interviewer => "interviewer",
            Role::Interviewee => "interviewee",
            Role::Participant => "participant",
        }
    }
}

/// One answer to an open question, or one utterance: the unit teema analyses.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unit {
    /// The open question (column header) for a survey answer.
    pub question: Option<Name>,
    /// The speaker label for an utterance (`H`, `V`, `Haastattelija`, a chat id).
    pub speaker: Option<String>,
    /// The speaker's role, for utterances.
    pub role: Option<Role>,
    /// The timestamp as written in the source, if any.
    pub time: Option<String>,
    /// The text as written (whitespace at both ends trimmed); shared with
    /// the codings that quote it.
    pub text: Text,
    /// 1-based line (or row) of the unit in its source.
    pub line: u64,
    /// Byte offsets of `text` in the decoded source text, where the format
    /// has them (transcripts); for table cells, `0..text.len()` of the cell.
    pub span: (usize, usize),
}

impl Unit {
    /// The register the unit is written in: utterances are spoken,
    /// answers written.
    pub fn register(&self) -> crate::text::Register {
        if self.speaker.is_some() {
            crate::text::Register::Spoken
        } else {
            crate::text::Register::Written
        }
    }
}

/// Accounting of records: every record read is ingested, empty or rejected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounting {
    /// Records read (rows of tables, turns of transcripts).
    pub read: u64,
    /// Records that gave at least one non-empty unit.
    pub ingested: u64,
    /// Records with no text to analyse (kept as documents, counted here).
    pub empty: u64,
    /// Records that could not be used, each listed in [`Corpus::issues`].
    pub rejected: u64,
}

impl std::fmt::Display for Accounting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "read {}, ingested {}, empty {}, rejected {}",
            self.read, self.ingested, self.empty, self.rejected
        )
    }
}

/// A rejected record or a warning, with where it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// The file.
    #[serde(serialize_with = "crate::corpus::path_text")]
    pub path: PathBuf,
    /// 1-based line, 0 when it concerns the whole file.
    pub line: u64,
    /// Rejected record or warning.
    pub severity: Severity,
    /// What happened and what to do.
    pub message: String,
}

/// How serious an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record was not ingested.
    Rejected,
    /// The record was ingested, but something is worth knowing.
    Warning,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Rejected => "rejected",
            Severity::Warning => "warning",
        };
        if self.line > 0 {
            write!(
                f,
                "{}:{}: {sev}: {}",
                self.path.display(),
                self.line,
                self.message
            )
        } else {
            write!(f, "{}: {sev}: {}", self.path.display(), self.message)
        }
    }
}

impl Corpus {
    /// Iterate over every unit with its document.
    pub fn units(&self) -> impl Iterator<Item = (&Document, &Unit)> {
        self.documents
            .iter()
            .flat_map(|d| d.units.iter().map(move |u| (d, u)))
    }

    /// Total number of units.
    pub fn unit_count(&self) -> usize {
        self.documents.iter().map(|d| d.units.len()).sum()
    }

    /// The ordinal of every unit ([`UnitOrdinals`]).
    pub fn unit_ordinals(&self) -> UnitOrdinals {
        UnitOrdinals::new(self)
    }
}

/// Every unit's *ordinal*: its position among all units of the corpus in
/// reading order (0-based; documents in the order read, each document's
/// units in order, documents without units taking none). It is how every
/// stage names one answer or utterance exactly: unlike a document id with
/// a unit number it is unique even where documents share an id, and it is
/// the same at any thread count, in every run on the same inputs, and for
/// the corpus read back from the index (which keeps the reading order).
/// Codings and quotes carry it from the themes to every report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitOrdinals {
    /// The ordinal of each document's first unit, and the number of units
    /// after the last document.
    first: Vec<usize>,
}

impl UnitOrdinals {
    /// The ordinals of `corpus`'s units.
    pub fn new(corpus: &Corpus) -> UnitOrdinals {
        let mut first = Vec::with_capacity(corpus.documents.len() + 1);
        let mut n = 0;
        for d in &corpus.documents {
            first.push(n);
            n += d.units.len();
        }
        first.push(n);
        UnitOrdinals { first }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.first.last().copied().unwrap_or(0)
    }

    /// True when the corpus has no units.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ordinal of unit `unit` of document `document` (indices into
    /// [`Corpus::documents`] and [`Document::units`]).
    pub fn ordinal(&self, document: usize, unit: usize) -> usize {
        self.first[document] + unit
    }

    /// The (document, unit) indices of `ordinal`, or `None` past the last
    /// unit.
    pub fn locate(&self, ordinal: usize) -> Option<(usize, usize)> {
        if ordinal >= self.len() {
            return None;
        }
        // The last document starting at or before the ordinal: a document
        // without units starts where the next one does, and is passed over.
        let d = self.first.partition_point(|&f| f <= ordinal) - 1;
        Some((d, ordinal - self.first[d]))
    }
}

/// A path in a JSON file (manifests, themes.json): its text, with U+FFFD
/// for the bytes of a file name that are not UTF-8 (serde's own would fail
/// the whole write on such a name). Paths there are for people to read;
/// sources are matched by their SHA-256.
pub fn path_text<S: serde::Serializer>(path: &std::path::Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

/// [`path_text`] for an optional path.
pub fn optional_path_text<S: serde::Serializer>(
    path: &Option<PathBuf>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match path {
        Some(p) => s.serialize_some(&p.to_string_lossy()),
        None => s.serialize_none(),
    }
}

/// [`path_text`] for a list of paths.
pub fn paths_text<S: serde::Serializer>(paths: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(paths.iter().map(|p| p.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(units: usize) -> Document {
        Document {
            id: "1".into(),
            kind: DocumentKind::Respondent,
            source: 0,
            line: 1,
            meta: Vec::new(),
            units: (0..units)
                .map(|i| Unit {
                    question: None,
                    speaker: None,
                    role: None,
                    time: None,
                    text: format!("vastaus {i}").into(),
                    line: 1,
                    span: (0, 0),
                })
                .collect(),
        }
    }

    #[test]
    fn ordinals_count_units_in_reading_order_past_empty_documents() {
        let corpus = Corpus {
            documents: vec![doc(0), doc(2), doc(0), doc(0), doc(1), doc(3), doc(0)],
            ..Corpus::default()
        };
        let o = corpus.unit_ordinals();
        assert_eq!(o.len(), corpus.unit_count());
        let mut n = 0;
        for (d, doc) in corpus.documents.iter().enumerate() {
            for u in 0..doc.units.len() {
                assert_eq!(o.ordinal(d, u), n, "document {d} unit {u}");
                assert_eq!(o.locate(n), Some((d, u)), "ordinal {n}");
                n += 1;
            }
        }
        assert_eq!(o.locate(n), None);
        assert_eq!(Corpus::default().unit_ordinals().locate(0), None);
        assert!(Corpus::default().unit_ordinals().is_empty());
    }
}
