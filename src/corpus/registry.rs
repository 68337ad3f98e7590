//! The registry of readers: which reader reads a file (by extension, and by
//! content for `.txt`, which is either a transcript or Excel's tab-separated
//! "Unicode text"), and the one place that turns a reader's output into
//! sources, documents, accounting and issues of the corpus.

use super::decode::{Decoded, decode};
use super::model::{Accounting, Column, Corpus, Format, Issue, Source};
use super::table::classify;
use super::{
    Note, ReadOptions, TableRead, delimited, docx, jsonl, subtitles, survey, transcript,
    utterance_table, xlsx,
};
use crate::error::{ColumnOption, OptionError};
use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

/// File extensions teema reads (lower case, without dot).
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "tab", "xlsx", "jsonl", "ndjson", "txt", "md", "vtt", "srt", "docx", "qdpx",
];

/// True when the file's extension is one teema reads.
pub fn is_supported(path: &Path) -> bool {
    extension(path).is_some_and(|e| SUPPORTED_EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Columns named by overrides that some table had; unknown ones are an error.
#[derive(Debug, Default)]
pub(crate) struct SeenColumns {
    names: Vec<String>,
    tables: usize,
}

impl SeenColumns {
    fn add(&mut self, table: &super::Table) {
        self.tables += 1;
        self.names.extend(table.header.iter().cloned());
    }

    /// Error when an override names a column no table had.
    pub fn check(&self, o: &ReadOptions) -> Result<()> {
        if self.tables == 0 {
            return Ok(());
        }
        let flags = [
            (ColumnOption::Id, o.id_col.iter().collect::<Vec<_>>()),
            (ColumnOption::Text, o.text_cols.iter().collect()),
            (ColumnOption::Meta, o.meta_cols.iter().collect()),
            (ColumnOption::Nps, o.nps_col.iter().collect()),
            (ColumnOption::Question, o.question_col.iter().collect()),
        ];
        for (option, names) in flags {
            for name in names {
                let lower = name.trim().to_lowercase();
                if !self.names.iter().any(|h| h.to_lowercase() == lower) {
                    let mut cols = self.names.clone();
                    cols.dedup();
                    return Err(OptionError::UnknownColumn {
                        option,
                        name: name.clone(),
                        file: None,
                        columns: cols,
                    }
                    .into());
                }
            }
        }
        Ok(())
    }
}

/// Which reader reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    Delimited,
    Xlsx,
    Jsonl,
    Transcript,
    Subtitles(Format),
    Docx,
    Qdpx,
}

fn reader_for(path: &Path, head: &[u8], truncated: bool) -> Option<Reader> {
    Some(match extension(path)?.as_str() {
        "csv" | "tsv" | "tab" => Reader::Delimited,
        "xlsx" => Reader::Xlsx,
        "jsonl" | "ndjson" => Reader::Jsonl,
        "txt" if looks_tabular(head, truncated) => Reader::Delimited,
        "txt" | "md" => Reader::Transcript,
        "vtt" => Reader::Subtitles(Format::Vtt),
        "srt" => Reader::Subtitles(Format::Srt),
        "docx" => Reader::Docx,
        "qdpx" => Reader::Qdpx,
        _ => return None,
    })
}

/// True when teema reads the file at `path` (of these bytes) as a
/// delimited table, a tab-separated `.txt` included: the pseudonymised
/// copy of such a file is split into fields the same way.
pub(crate) fn is_delimited(path: &Path, bytes: &[u8]) -> bool {
    reader_for(path, &bytes[..bytes.len().min(4096)], bytes.len() > 4096) == Some(Reader::Delimited)
}

/// A `.txt` whose first lines all have the same number (≥ 2) of tabs.
fn looks_tabular(head: &[u8], truncated: bool) -> bool {
    let head = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        // UTF-16: look at every other byte.
        let odd = head.starts_with(&[0xFF, 0xFE]) as usize;
        head.iter()
            .skip(2 + 1 - odd)
            .step_by(2)
            .copied()
            .collect::<Vec<u8>>()
    } else {
        head.to_vec()
    };
    // Old Mac files end lines with CR alone.
    let line_end =
        if memchr::memchr(b'\n', &head).is_none() && memchr::memchr(b'\r', &head).is_some() {
            b'\r'
        } else {
            b'\n'
        };
    let lines: Vec<usize> = head
        .split(|&b| b == line_end)
        .take(20)
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .map(|l| l.iter().filter(|&&b| b == b'\t').count())
        .collect();
    // The last line of a truncated head may be cut short.
    let complete = if truncated && lines.len() > 1 {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    complete
        .first()
        .is_some_and(|&n| n >= 2 && complete.iter().all(|&c| c == n))
}

/// SHA-256 of `bytes`, hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// What one file gave.
struct FileRead {
    format: Format,
    encoding: String,
    columns: Vec<Column>,
    documents: Vec<super::Document>,
    accounting: Accounting,
    notes: Vec<Note>,
    refi: Option<super::refi::RefiCounts>,
}

/// Read one file into the corpus.
pub(crate) fn read_file(
    path: &Path,
    o: &ReadOptions,
    corpus: &mut Corpus,
    seen: &mut SeenColumns,
) -> Result<()> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let reader = reader_for(path, &bytes[..bytes.len().min(4096)], bytes.len() > 4096)
        .ok_or_else(|| Error::input(path, "unsupported file type"))?;
    let source = corpus.sources.len();
    // Hash on a helper thread while this thread parses (a rayon join from
    // outside the pool would move the parsing to a worker thread, whose
    // allocator arena grows more slowly than the main one).
    let (sha256, read) = std::thread::scope(|scope| {
        let hasher = scope.spawn(|| sha256_hex(&bytes));
        let read = read_bytes(path, &bytes, reader, o, source, seen);
        (hasher.join().unwrap_or_default(), read)
    });
    let mut read = read?;
    for d in &mut read.documents {
        d.source = source;
    }
    corpus.sources.push(Source {
        path: path.to_path_buf(),
        format: read.format,
        sha256,
        encoding: read.encoding,
        columns: read.columns,
        refi: read.refi,
    });
    corpus.documents.append(&mut read.documents);
    let a = &mut corpus.accounting;
    a.read += read.accounting.read;
    a.ingested += read.accounting.ingested;
    a.empty += read.accounting.empty;
    a.rejected += read.accounting.rejected;
    corpus.issues.extend(read.notes.into_iter().map(|n| Issue {
        path: path.to_path_buf(),
        line: n.line,
        severity: n.severity,
        message: n.message,
    }));
    Ok(())
}

fn text_of<'a>(path: &Path, bytes: &'a [u8], notes: &mut Vec<Note>) -> Result<Decoded<'a>> {
    let decoded = decode(path, bytes)?;
    if let Some((line, w)) = &decoded.warning {
        notes.push(Note::warning(*line, w.clone()));
    }
    Ok(decoded)
}

fn read_bytes(
    path: &Path,
    bytes: &[u8],
    reader: Reader,
    o: &ReadOptions,
    source: usize,
    seen: &mut SeenColumns,
) -> Result<FileRead> {
    let mut notes = Vec::new();
    let (format, encoding, table) = match reader {
        Reader::Delimited => {
            let d = text_of(path, bytes, &mut notes)?;
            (
                Format::Csv,
                d.encoding.to_owned(),
                delimited::read(path, &d.text, o.delimiter)?,
            )
        }
        Reader::Jsonl => {
            let d = text_of(path, bytes, &mut notes)?;
            (
                Format::Jsonl,
                d.encoding.to_owned(),
                jsonl::read(path, &d.text)?,
            )
        }
        Reader::Xlsx => (
            Format::Xlsx,
            "xlsx".to_owned(),
            xlsx::read(path, bytes, o.sheet.as_deref())?,
        ),
        Reader::Qdpx => {
            let project = super::refi::read_project(path, bytes)?;
            let (columns, documents, accounting) =
                super::refi::documents(&project, source, o, &mut notes);
            if project.skipped > 0 {
                notes.push(Note::warning(
                    0,
                    format!(
                        "{} picture, PDF, audio or video sources left out: teema reads the plain-text sources",
                        project.skipped
                    ),
                ));
            }
            return Ok(FileRead {
                format: Format::Qdpx,
                encoding: "UTF-8".to_owned(),
                columns,
                documents,
                accounting,
                notes,
                refi: Some(project.counts()),
            });
        }
        Reader::Transcript | Reader::Subtitles(_) | Reader::Docx => {
            let (format, encoding, text) = match reader {
                Reader::Docx => (
                    Format::Docx,
                    "docx".to_owned(),
                    std::borrow::Cow::Owned(docx::text(path, bytes)?),
                ),
                _ => {
                    let d = text_of(path, bytes, &mut notes)?;
                    let f = match reader {
                        Reader::Subtitles(f) => f,
                        _ => Format::Transcript,
                    };
                    (f, d.encoding.to_owned(), d.text)
                }
            };
            let turns = match format {
                Format::Vtt | Format::Srt => {
                    subtitles::parse(&text, format == Format::Vtt, &mut notes)
                }
                _ => transcript::parse(&text, &mut notes),
            };
            if turns.is_empty() {
                return Err(Error::input(
                    path,
                    "has no text: nothing to ingest (empty transcript)",
                ));
            }
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("transcript")
                .to_owned();
            let (document, accounting) = super::roles::interview(id, source, turns, o, &mut notes);
            return Ok(FileRead {
                format,
                encoding,
                columns: Vec::new(),
                documents: vec![document],
                accounting,
                notes,
                refi: None,
            });
        }
    };
    let TableRead {
        table,
        read,
        rejected,
        notes: table_notes,
        detail: _,
    } = table;
    notes.extend(table_notes);
    seen.add(&table);
    let mut accounting = Accounting {
        read,
        rejected,
        ..Default::default()
    };
    if o.doc_col.is_some() {
        let (columns, documents) =
            utterance_table::build(path, &table, o, source, &mut accounting, &mut notes)?;
        return Ok(FileRead {
            format: Format::UtteranceTable,
            encoding,
            columns,
            documents,
            accounting,
            notes,
            refi: None,
        });
    }
    let kinds = classify(&table, o);
    let header = table.header.clone();
    let documents = survey::build(table, &kinds, o, source, &mut accounting, &mut notes);
    let columns = header
        .into_iter()
        .zip(kinds)
        .map(|(name, kind)| Column { name, kind })
        .collect();
    Ok(FileRead {
        format,
        encoding,
        columns,
        documents,
        accounting,
        notes,
        refi: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_is_a_table_only_with_consistent_tabs() {
        assert!(looks_tabular(b"a\tb\tc\n1\t2\t3\n4\t5\t6\n", false));
        assert!(!looks_tabular(b"H: Moi\nV: No moi\n", false));
        assert!(!looks_tabular(b"H:\tMoi\tkaikki\nV: moi\n", false));
    }
}
