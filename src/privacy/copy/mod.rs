//! Pseudonymised copies of input files in their own formats, for archiving
//! research data (`teema pseudonymise`):
//!
//! - text formats (CSV/TSV, `.txt`/`.md` transcripts, WebVTT, SRT): the
//!   same bytes except the replaced spans, in the file's own encoding
//!   (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252) and line
//!   endings, so a CSV keeps its delimiter and quoting ([`text`]);
//! - JSON Lines: every string value and key, the rest byte for byte
//!   ([`jsonl`]);
//! - XLSX and DOCX: the same workbook or document with the text of cells,
//!   paragraphs, headers, footers, notes, comments, tracked deletions,
//!   field codes, hyperlink targets, formulas, pivot caches and the
//!   document properties pseudonymised, and every field that names a
//!   person (the author of a comment or a tracked change, the document's
//!   creator) a person code; formatting and everything else copied as is
//!   ([`ooxml`]).
//!
//! One [`Copier`] serves a whole run, so the same person gets the same code
//! in every file.

pub mod jsonl;
pub mod ooxml;
mod people;
pub mod text;

use super::apply::{Edit, Pseudonymiser, replace};
use super::detect::Found;
use super::pseudonym::{PrivacyReport, Pseudonyms};
use super::{Kind, PrivacyOptions};
use crate::text::{Analyzer, Session};
use crate::{Error, Result};
use std::path::Path;

/// Pseudonymises texts of one run with shared codes.
pub struct Copier<'a> {
    analyzer: &'a Analyzer,
    ps: Pseudonymiser,
    session: Option<Session<'a>>,
    codes: Pseudonyms,
    delimiter: Option<u8>,
}

impl std::fmt::Debug for Copier<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Copier")
            .field("ps", &self.ps)
            .finish_non_exhaustive()
    }
}

/// What copying one file did.
#[derive(Debug, Clone)]
pub struct Copied {
    /// What the copy is (`CSV, UTF-8 (BOM), same format`).
    pub format: String,
    /// Spans replaced in this file.
    pub replaced: u64,
}

impl<'a> Copier<'a> {
    /// A copier for `options`; the analyser lemmatises when names are listed.
    pub fn new(options: &PrivacyOptions, analyzer: &'a Analyzer) -> Copier<'a> {
        let ps = Pseudonymiser::new(options);
        let session = ps.wants_session().then(|| analyzer.session());
        Copier {
            analyzer,
            ps,
            session,
            codes: Pseudonyms::new(),
            delimiter: None,
        }
    }

    /// The delimiter of CSV/TSV inputs, as given to the readers (`None`:
    /// sniffed from each file, as they do).
    pub fn with_delimiter(mut self, delimiter: Option<u8>) -> Copier<'a> {
        self.delimiter = delimiter;
        self
    }

    /// Pseudonymise a table's `text` (CSV/TSV of `path`) field by field, as
    /// the readers split it: a number at the end of one field never runs on
    /// into the next, and no code takes a delimiter or a line end with it.
    fn table(&mut self, path: &Path, text: &str) -> Option<String> {
        let fields = crate::corpus::field_spans(path, text, self.delimiter);
        let found = self.ps.find_in_pieces(text, &fields, self.analyzer);
        replace(text, &found, &mut self.codes, &mut Vec::new())
    }

    /// Pseudonymise one text; `None` when nothing was found. The edits are
    /// appended to `edits`. A long text (a whole CSV or transcript) is
    /// searched on all worker threads; codes are still given in text order.
    pub fn text(&mut self, text: &str, edits: &mut Vec<Edit>) -> Option<String> {
        const PIECE: usize = 1 << 20;
        if text.len() <= PIECE {
            return self
                .ps
                .pseudonymise(text, self.session.as_mut(), &mut self.codes, edits);
        }
        let found = self.ps.find_parallel(text, self.analyzer, PIECE);
        replace(text, &found, &mut self.codes, edits)
    }

    /// The code of a field whose whole value names a person (a comment's
    /// author, a document's creator; see `people.rs`): the code of the
    /// listed person it names, else a person code of its own. `None` when
    /// the value is empty or already a code.
    pub fn person(&mut self, value: &str) -> Option<String> {
        if people::nothing_to_hide(value) {
            return None;
        }
        let value = value.trim();
        let listed = self
            .ps
            .find(value, self.session.as_mut())
            .into_iter()
            .find(|f| f.kind == Kind::Name);
        let key = match listed {
            Some(f) => f.key,
            None => format!("field {}", value.to_lowercase()),
        };
        let found = Found {
            start: 0,
            end: value.len(),
            kind: Kind::Name,
            key,
        };
        Some(self.codes.code_for(&found, value))
    }

    /// Copy the file at `input` to `output` (a file path; its directory is
    /// created), pseudonymised, in the input's format.
    pub fn copy_file(&mut self, input: &Path, output: &Path) -> Result<Copied> {
        let bytes = std::fs::read(input).map_err(|e| Error::io(input, e))?;
        let before = self.codes.replaced();
        let ext = input
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let (out, format) = match ext.as_str() {
            // A zip of XML and texts: a copy made as text would keep every
            // answer as it was, deflated. Refused rather than half done.
            "qdpx" => {
                return Err(Error::input(
                    input,
                    "teema does not write pseudonymised copies of REFI-QDA projects:                      teema analyze writes a pseudonymised project.qdpx of it",
                ));
            }
            "jsonl" | "ndjson" => {
                let (out, enc) = jsonl::copy(self, input, &bytes)?;
                (out, format!("JSON Lines, {enc}, same format"))
            }
            "xlsx" => (
                ooxml::copy(self, input, &bytes, ooxml::Kind::Xlsx)?,
                "XLSX, same workbook (cell text, comments and properties pseudonymised)".into(),
            ),
            "docx" => (
                ooxml::copy(self, input, &bytes, ooxml::Kind::Docx)?,
                "DOCX, same document (paragraphs, headers, footers, notes, comments and properties pseudonymised)".into(),
            ),
            _ if crate::corpus::is_delimited(input, &bytes) => {
                let (out, enc) = text::copy(self, &bytes, |c, text| c.table(input, text));
                (out, format!("table, {enc}, same format"))
            }
            _ => {
                let (out, enc) = text::copy(self, &bytes, |c, text| c.text(text, &mut Vec::new()));
                let what = match ext.as_str() {
                    "vtt" => "WebVTT",
                    "srt" => "SRT",
                    _ => "transcript",
                };
                (out, format!("{what}, {enc}, same format"))
            }
        };
        // Through a temporary file beside it: a failed or killed run leaves
        // no half copy (the directory is created when missing).
        crate::output::write_file(output, &out)?;
        Ok(Copied {
            format,
            replaced: self.codes.replaced() - before,
        })
    }

    /// The counts and the key of the whole run.
    pub fn finish(self) -> PrivacyReport {
        let kinds = self.ps.kinds();
        self.codes.finish(&kinds)
    }
}
