//! The manifest of a teema index (`teema-index.json`, [`IndexManifest`]):
//! schema version, analyzer and lemmatiser, the closed columns and every
//! source with its content hash and what was indexed from it. Not to be
//! confused with the record of an analysis run (`manifest.json`,
//! [`crate::pipeline::RunManifest`]).
//!
//! It is written twice: as the payload of every tantivy commit (so it is
//! always exactly as new as the committed documents, also after a crash)
//! and as `teema-index.json` in the index directory, for people and for
//! recognising a teema index. When the two differ, the commit payload wins.

use super::schema::{MetaField, SCHEMA_VERSION};
use crate::corpus::{Column, Format, Issue};
use crate::{Error, Remedy, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// File name of the manifest in the index directory.
pub const MANIFEST_FILE: &str = crate::output::INDEX_MANIFEST;

/// What a teema index holds and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexManifest {
    /// Schema version (`SCHEMA_VERSION` when written by this teema).
    pub schema_version: u32,
    /// teema version that last wrote the index.
    pub teema_version: String,
    /// Token layout of the analyzer (`teema-fi/1`).
    pub analyzer: String,
    /// Lemmatiser that analysed the text (`builtin`, `voikko …`).
    pub lemmatizer: String,
    /// Closed columns and their fields.
    pub columns: Vec<MetaField>,
    /// Sources in the order they were first added.
    pub sources: Vec<SourceEntry>,
}

/// One source file in the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceEntry {
    /// Path as given when it was added.
    #[serde(serialize_with = "crate::corpus::path_text")]
    pub path: PathBuf,
    /// SHA-256 of its bytes (hex): the key of its documents.
    pub sha256: String,
    /// Reader used.
    pub format: Format,
    /// Encoding it was decoded from.
    pub encoding: String,
    /// Table columns with their kinds.
    pub columns: Vec<Column>,
    /// Documents (respondents, interviews) indexed from it.
    pub documents: u64,
    /// Answers and utterances indexed from it.
    pub units: u64,
    /// Records rejected when it was read.
    pub rejected: u64,
    /// Rejections and warnings of reading it.
    pub issues: Vec<Issue>,
    /// False while its documents are being added: a crash leaves it false
    /// and the next `teema index` of the file replaces the partial set.
    pub complete: bool,
}

impl IndexManifest {
    /// A new, empty manifest.
    pub fn new(lemmatizer: String) -> IndexManifest {
        IndexManifest {
            schema_version: SCHEMA_VERSION,
            teema_version: env!("CARGO_PKG_VERSION").to_string(),
            analyzer: super::analyzer::ANALYZER_NAME.to_string(),
            lemmatizer,
            columns: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Parse a manifest; `origin` names it in errors.
    pub fn parse(json: &str, dir: &Path, origin: &str) -> Result<IndexManifest> {
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<u32>,
        }
        let v: Version = serde_json::from_str(json).map_err(|e| Error::Index {
            path: dir.to_path_buf(),
            message: format!("{origin} is not a teema manifest ({e})"),
            remedy: None,
        })?;
        match v.schema_version {
            Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(Error::Index {
                    path: dir.to_path_buf(),
                    message: format!(
                        "written with index schema version {other}, this teema reads version \
                         {SCHEMA_VERSION}"
                    ),
                    remedy: Some(Remedy::RebuildIndex),
                });
            }
            None => {
                return Err(Error::Index {
                    path: dir.to_path_buf(),
                    message: format!("{origin} has no schema_version: not a teema index"),
                    remedy: None,
                });
            }
        }
        serde_json::from_str(json).map_err(|e| Error::Index {
            path: dir.to_path_buf(),
            message: format!("{origin} is damaged ({e})"),
            remedy: Some(Remedy::RebuildIndex),
        })
    }

    /// Read `dir/teema-index.json`.
    pub fn read_file(dir: &Path) -> Result<IndexManifest> {
        let path = dir.join(MANIFEST_FILE);
        // A file given where an index was expected (the survey itself), or
        // an analysis folder instead of the index inside it: said so.
        if dir.is_file() {
            return Err(Error::Index {
                path: dir.to_path_buf(),
                message: "is a file, not an index directory: give the folder teema index \
                          or teema analyze wrote (an analysis keeps its index in index/)"
                    .into(),
                remedy: None,
            });
        }
        let inner = dir.join("index");
        if !path.exists() && inner.join(MANIFEST_FILE).is_file() {
            return Err(Error::Index {
                path: dir.to_path_buf(),
                message: format!(
                    "is an analysis, not an index: its index is {}",
                    inner.display()
                ),
                remedy: None,
            });
        }
        let json = match std::fs::read_to_string(&path) {
            Ok(j) => j,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::Index {
                    path: dir.to_path_buf(),
                    message: if dir.is_dir() {
                        format!("not a teema index (no {MANIFEST_FILE})")
                    } else {
                        "no such index directory".into()
                    },
                    remedy: Some(Remedy::CreateIndex),
                });
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        IndexManifest::parse(&json, dir, MANIFEST_FILE)
    }

    /// Write `dir/teema-index.json` as every file teema writes is written
    /// ([`crate::output::write_file`]: staged, synced, renamed into place).
    pub fn write_file(&self, dir: &Path) -> Result<()> {
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        crate::output::write_file(&dir.join(MANIFEST_FILE), json.as_bytes())
    }

    /// The sources whose writing was cut short (a killed `teema index`).
    pub fn partial_sources(&self) -> Vec<&SourceEntry> {
        self.sources.iter().filter(|s| !s.complete).collect()
    }

    /// Position of the source with this hash.
    pub fn source_by_hash(&self, sha256: &str) -> Option<usize> {
        self.sources.iter().position(|s| s.sha256 == sha256)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_schema_version_says_how_to_rebuild() {
        let dir = Path::new("/tmp/x");
        let err = IndexManifest::parse(r#"{"schema_version": 99}"#, dir, "m").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("version 99"), "{msg}");
        assert!(
            matches!(
                err,
                Error::Index {
                    remedy: Some(Remedy::RebuildIndex),
                    ..
                }
            ),
            "{msg}"
        );
        let m = IndexManifest::new("builtin".into());
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(IndexManifest::parse(&json, dir, "m").unwrap(), m);
        assert!(IndexManifest::parse("[1]", dir, "m").is_err());
    }
    #[test]
    fn the_manifest_file_is_written_whole_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let m = IndexManifest::new("builtin".into());
        m.write_file(dir.path()).unwrap();
        m.write_file(dir.path()).unwrap();
        assert_eq!(IndexManifest::read_file(dir.path()).unwrap(), m);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [MANIFEST_FILE], "no temporary file is left");
    }
}
