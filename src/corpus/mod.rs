//! Reading inputs into a [`Corpus`]: survey tables (CSV, XLSX, JSON Lines),
//! utterance tables, transcripts (text, Markdown, WebVTT, SRT, DOCX),
//! REFI-QDA projects (`.qdpx`, [`refi`]) and directories of them.
//!
//! One file per reader; `registry.rs` chooses the reader of a file by its
//! extension and, for `.txt`, by its content. Every record read is ingested,
//! counted as empty, or rejected with file, line and reason in
//! [`Corpus::issues`]; a file that cannot be read at all is an [`Error`]
//! naming it.
//!
//! Read a file from Rust (here a transcript; a directory or several files
//! read the same way, in sorted order):
//!
//! ```
//! use teema::corpus::{ReadOptions, Role, read_paths};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let talk = dir.path().join("haastattelu.txt");
//! std::fs::write(&talk, "H: Miten arki sujuu?\nV: Kotihoitaja käy aamuisin, se auttaa paljon.\n").unwrap();
//! let corpus = read_paths(&[talk], &ReadOptions::default()).unwrap();
//! assert_eq!(corpus.unit_count(), 2);
//! let (_, answer) = corpus.units().nth(1).unwrap();
//! assert_eq!(answer.speaker.as_deref(), Some("V"));
//! assert_eq!(answer.role, Some(Role::Interviewee));
//! assert_eq!(corpus.accounting.rejected, 0);
//! ```

pub(crate) mod decode;
mod delimited;
pub(crate) use delimited::field_spans;
mod docx;
mod jsonl;
pub(crate) mod lines;
mod model;
#[cfg(test)]
mod properties;
pub mod refi;
mod registry;
pub(crate) use registry::is_delimited;
#[cfg(test)]
mod robustness;
mod roles;
mod subtitles;
mod summary;
mod survey;
mod table;
mod transcript;
mod utterance_table;
mod values;
mod xlsx;
pub(crate) mod zipped;

pub use model::*;
pub(crate) use registry::sha256_hex;
pub use registry::{SUPPORTED_EXTENSIONS, is_supported};
pub use summary::{
    ColumnSummary, FileSummary, NameCount, SpeakerCount, SpeakersCount, Summary, summarise,
};

use crate::events::{Progress, Task};
use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// How to read the inputs: overrides of the automatic classification.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Sheet of an XLSX workbook (default: the first).
    pub sheet: Option<String>,
    /// Column holding respondent ids.
    pub id_col: Option<String>,
    /// Columns to treat as open text (repeatable).
    pub text_cols: Vec<String>,
    /// Columns to treat as closed metadata (repeatable).
    pub meta_cols: Vec<String>,
    /// Column holding NPS 0–10.
    pub nps_col: Option<String>,
    /// A survey with one row per answer: the column naming each row's
    /// question (rows of one respondent id become one respondent). Without
    /// it, a column headed like `question` or `kysymys` is used when the
    /// ids repeat.
    pub question_col: Option<String>,
    /// Long-format utterance tables: column naming the conversation/interview.
    pub doc_col: Option<String>,
    /// Long-format utterance tables: column naming the speaker.
    pub speaker_col: Option<String>,
    /// Long-format utterance tables: column with the time.
    pub time_col: Option<String>,
    /// Speaker labels to treat as interviewer (`--interviewer H`).
    pub interviewers: Vec<String>,
    /// Where the progress of the reading goes ([`crate::events::Task::Read`]).
    pub events: crate::events::Reporter,
    /// Field delimiter of CSV/TSV files (default: sniffed from the file).
    pub delimiter: Option<u8>,
}

/// A rejected record or warning of one file, before it gets the file's path.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    /// 1-based line, 0 for the whole file.
    pub line: u64,
    /// Rejected or warning.
    pub severity: Severity,
    /// What happened.
    pub message: String,
}

impl Note {
    /// A warning at `line`.
    pub fn warning(line: u64, message: impl Into<String>) -> Note {
        Note {
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

/// What a table reader (CSV, XLSX, JSONL) hands over.
#[derive(Debug, Default)]
pub(crate) struct TableRead {
    /// The accepted rows.
    pub table: Table,
    /// Data rows read, accepted or rejected.
    pub read: u64,
    /// Rows rejected (each has a note).
    pub rejected: u64,
    /// Rejections and warnings.
    pub notes: Vec<Note>,
    /// How it was read, for the summary (e.g. `delimiter ';'`).
    pub detail: String,
}

impl TableRead {
    /// Reject the record at `line`.
    pub fn reject(&mut self, line: u64, message: impl Into<String>) {
        self.rejected += 1;
        self.notes.push(Note {
            line,
            severity: Severity::Rejected,
            message: message.into(),
        });
    }
}

pub(crate) use table::Table;

/// Why an output folder of teema is skipped, and what reads it: an
/// analysis keeps its index in `index/`.
fn own_output_note(dir: &Path, what: &str) -> String {
    let index = dir.join("index");
    if crate::output::own_output_dir(&index).is_some() {
        format!(
            "{what}: teema's own output is not read as data; its index is {} \
             (teema themes, search and report read it), or give its files by name",
            index.display()
        )
    } else {
        format!(
            "{what}: teema's own output is not read as data; give its files by name to read them"
        )
    }
}

/// Read every path (files, or directories walked in sorted order).
///
/// A file given by name must be a regular file of a supported kind; under a
/// directory, other files are skipped with a warning. Every file is read
/// once: a second name of it (a link, the same path twice, a hard link) and
/// a directory reached again (a link loop) are skipped with a warning, as
/// are named pipes, devices and sockets, and teema's own output folders (an
/// earlier analysis, an index) found under a directory.
pub fn read_paths(paths: &[PathBuf], options: &ReadOptions) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut walk = Walk::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            walk.dir(path, &meta, &mut corpus)?;
        } else if !meta.is_file() {
            return Err(Error::input(
                path,
                format!(
                    "is {}, not a file; teema reads only regular files: save the data to a file and give its path",
                    special_kind(&meta)
                ),
            ));
        } else if registry::is_supported(path) {
            walk.file(path, &meta, &mut corpus);
        } else {
            return Err(Error::input(
                path,
                format!(
                    "unsupported file type; teema reads {}",
                    registry::SUPPORTED_EXTENSIONS.join(", ")
                ),
            ));
        }
    }
    let files = walk.files;
    if files.is_empty() {
        return Err(crate::error::OptionError::NoInputFiles {
            paths: paths.to_vec(),
            supported: registry::SUPPORTED_EXTENSIONS,
            skipped: corpus.issues.iter().map(ToString::to_string).collect(),
        }
        .into());
    }
    let sizes: Vec<u64> = files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .collect();
    let progress = Progress::start(
        &*options.events,
        Task::Read {
            files: files.len() as u64,
        },
        sizes.iter().sum(),
    );
    let mut seen = registry::SeenColumns::default();
    for (path, &size) in files.iter().zip(&sizes) {
        progress.advance(0, Some(&path.display().to_string()));
        registry::read_file(path, options, &mut corpus, &mut seen)?;
        progress.advance(size, None);
    }
    drop(progress);
    seen.check(options)?;
    unique_ids(&mut corpus);
    Ok(corpus)
}

/// Make document ids unique in the corpus: every count, quote and coding
/// refers to its document by id. The first document keeps its id, later
/// ones with the same id (repeated rows, or the same id in two files) get
/// `#2`, `#3` … appended; the readers warn about repeats within a file.
fn unique_ids(corpus: &mut Corpus) {
    use rustc_hash::FxHashMap;
    // One pass over the ids, borrowed (no copy of a million of them),
    // counts them and notes each repeat; only the repeats are renamed.
    let renamed: Vec<(usize, String)> = {
        let mut taken: FxHashMap<&str, u32> = FxHashMap::default();
        taken.reserve(corpus.documents.len());
        let mut repeats: Vec<usize> = Vec::new();
        for (i, doc) in corpus.documents.iter().enumerate() {
            let n = taken.entry(doc.id.as_str()).or_insert(0);
            *n += 1;
            if *n > 1 {
                repeats.push(i);
            }
        }
        // The last number given to each repeated id (its first document
        // keeps the id: 1).
        let mut used: FxHashMap<&str, u32> = FxHashMap::default();
        repeats
            .into_iter()
            .map(|i| {
                let id = corpus.documents[i].id.as_str();
                let n = used.entry(id).or_insert(1);
                let mut k = *n + 1;
                while taken.contains_key(format!("{id}#{k}").as_str()) {
                    k += 1;
                }
                *n = k;
                (i, format!("{id}#{k}"))
            })
            .collect()
    };
    for (i, id) in renamed {
        corpus.documents[i].id = id;
    }
}

/// The identity of a file or directory on its file system, whatever name
/// it is reached by.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

#[cfg(unix)]
fn file_id(_path: &Path, meta: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &std::fs::Metadata) -> FileId {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The files to read, each once, in the order found.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    /// Files taken, by identity → the name they were taken under.
    seen_files: rustc_hash::FxHashMap<FileId, usize>,
    /// Directories walked, by identity.
    seen_dirs: rustc_hash::FxHashSet<FileId>,
}

impl Walk {
    /// Take the regular file `path` unless it was taken under another name.
    fn file(&mut self, path: &Path, meta: &std::fs::Metadata, corpus: &mut Corpus) {
        let n = self.files.len();
        match self.seen_files.entry(file_id(path, meta)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let first = self.files[*e.get()].display().to_string();
                corpus.issues.push(skipped(
                    path,
                    &format!("the same file as {first}, which is read once"),
                ));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(n);
                self.files.push(path.to_path_buf());
            }
        }
    }

    /// Collect the files under `dir`, sorted; warn about what is skipped.
    fn dir(&mut self, dir: &Path, meta: &std::fs::Metadata, corpus: &mut Corpus) -> Result<()> {
        if !self.seen_dirs.insert(file_id(dir, meta)) {
            corpus.issues.push(skipped(
                dir,
                "a folder already read (a link back to it); each folder is read once",
            ));
            return Ok(());
        }
        if let Some(what) = crate::output::own_output_dir(dir) {
            corpus
                .issues
                .push(skipped(dir, &own_output_note(dir, what)));
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .map(|e| e.map(|e| e.path()).map_err(|e| Error::io(dir, e)))
            .collect::<Result<_>>()?;
        entries.sort();
        for path in entries {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            // Through links: what the name leads to.
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    let why = if std::fs::symlink_metadata(&path).is_ok() {
                        format!("a link to nothing readable ({e})")
                    } else {
                        format!("cannot be read ({e})")
                    };
                    corpus.issues.push(skipped(&path, &why));
                    continue;
                }
            };
            if meta.is_dir() {
                if hidden {
                    corpus.issues.push(skipped(&path, "hidden directory"));
                } else {
                    self.dir(&path, &meta, corpus)?;
                }
            } else if !meta.is_file() {
                let why = format!("{}, not a regular file", special_kind(&meta));
                corpus.issues.push(skipped(&path, &why));
            } else if registry::is_supported(&path) && !hidden && !documentation(&path) {
                self.file(&path, &meta, corpus);
            } else {
                let why = if hidden {
                    "hidden file"
                } else if documentation(&path) {
                    "a README, LICENSE or CHANGELOG is documentation, not data; give its path to read it"
                } else {
                    "unsupported file type"
                };
                corpus.issues.push(skipped(&path, why));
            }
        }
        Ok(())
    }
}

/// What a path that is neither a file nor a directory is.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// README, LICENSE and CHANGELOG files found under a directory.
fn documentation(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_uppercase();
    ["README", "LICENSE", "LICENCE", "CHANGELOG"]
        .iter()
        .any(|d| stem.starts_with(d))
}

fn skipped(path: &Path, why: &str) -> Issue {
    Issue {
        path: path.to_path_buf(),
        line: 0,
        severity: Severity::Warning,
        message: if why.starts_with("unsupported") {
            format!(
                "skipped: {why} (teema reads {})",
                registry::SUPPORTED_EXTENSIONS.join(", ")
            )
        } else {
            format!("skipped: {why}")
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_reports_each_file_and_its_bytes_to_the_events() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        std::fs::write(&a, "Tunnus;Palaute\n1;Kurssi oli hyvä\n").unwrap();
        std::fs::write(&b, "Tunnus;Palaute\n2;Ohjaaja oli mukava ja asiantunteva\n").unwrap();
        let size = |p: &Path| std::fs::metadata(p).unwrap().len();
        let recorder = std::sync::Arc::new(crate::events::tests::Recorder::default());
        let options = ReadOptions {
            events: crate::events::Reporter::shared(recorder.clone()),
            ..Default::default()
        };
        let corpus = read_paths(&[dir.path().to_path_buf()], &options).unwrap();
        assert_eq!(corpus.unit_count(), 2);
        let task = Task::Read { files: 2 };
        assert_eq!(
            recorder.lines(),
            [
                format!("start {task:?} {}", size(&a) + size(&b)),
                format!("advance {task:?} 0 {:?}", Some(a.display().to_string())),
                format!("advance {task:?} {} None", size(&a)),
                format!("advance {task:?} 0 {:?}", Some(b.display().to_string())),
                format!("advance {task:?} {} None", size(&b)),
                format!("finish {task:?}"),
            ]
        );
    }

    fn doc(id: &str) -> Document {
        Document {
            id: id.into(),
            kind: DocumentKind::Respondent,
            source: 0,
            line: 2,
            meta: Vec::new(),
            units: Vec::new(),
        }
    }

    #[test]
    fn repeated_ids_get_a_suffix_and_the_first_keeps_its_id() {
        let mut corpus = Corpus {
            documents: ["v1", "v2", "v2", "v2#2", "v2", "v1"]
                .iter()
                .map(|i| doc(i))
                .collect(),
            ..Corpus::default()
        };
        unique_ids(&mut corpus);
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["v1", "v2", "v2#3", "v2#2", "v2#4", "v1#2"]);
    }
}
