//! The searchable index: tantivy on disk with teema's Finnish analyzer.
//!
//! One tantivy document per answer or utterance (and one per document that
//! has no text, so closed answers are kept): ids, source and line, speaker
//! and role, the original text (stored), its lemmas and compound parts
//! (written pre-tokenized from the run's token table, laid out as
//! `analyzer` says) and every closed column as a typed fast
//! field (`schema`). A `manifest` records the schema version, the
//! analyzer and lemmatiser and the hash of every source.
//!
//! - [`build`] writes or updates an index from a
//!   [`Corpus`](crate::corpus::Corpus) (`teema index`), [`build_with`]
//!   from the run's token table (`teema analyze`);
//! - [`IndexHandle::open`] opens one for [`search::search`], [`kwic::kwic`]
//!   and [`stats::stats`];
//! - [`load_corpus`] reads an index back into a
//!   [`Corpus`](crate::corpus::Corpus), and [`load_analysed`] with the
//!   token table of its units, from the analysis the index stores
//!   (`stored_analysis`), for the themes.
//!
//! Build an index in a directory and search it:
//!
//! ```
//! use std::sync::Arc;
//! use teema::corpus::{ReadOptions, read_paths};
//! use teema::index::search::{SearchOptions, search};
//! use teema::index::{IndexHandle, IndexOptions, build};
//! use teema::text::{Analyzer, AnalyzerConfig};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let survey = dir.path().join("palaute.csv");
//! std::fs::write(
//!     &survey,
//!     "id,Palaute\n1,Ohjaajat olivat ystävällisiä\n2,Aukioloajat ovat liian lyhyet\n3,Ohjaaja auttoi minua\n",
//! )
//! .unwrap();
//! let corpus = read_paths(&[survey], &ReadOptions::default()).unwrap();
//! let analyzer = Arc::new(Analyzer::new(AnalyzerConfig::default()).unwrap());
//! let index = dir.path().join("index");
//! build(&corpus, &analyzer, &IndexOptions::default(), &index).unwrap();
//! let handle = IndexHandle::open(&index, analyzer).unwrap();
//! let options = SearchOptions { limit: 10, filters: Vec::new(), expand: None };
//! // The lemma finds every inflected form.
//! let found = search(&handle, "ohjaaja", &options).unwrap();
//! assert_eq!(found.total, 2);
//! assert!(found.hits.iter().all(|h| h.text.starts_with("Ohjaaja")));
//! ```

pub(crate) mod analyzer;
pub mod damage;
mod entry;
pub mod kwic;
mod load;
pub(crate) mod manifest;
mod query;
mod readonly;
pub(crate) mod rebuild;
pub(crate) mod schema;
pub mod search;
pub mod stats;
pub(crate) mod stored;
pub(crate) mod stored_analysis;
mod writer;

pub use kwic::{KwicLine, KwicOptions};
pub use load::load_corpus;
pub use manifest::{IndexManifest, MANIFEST_FILE, SourceEntry};
pub use schema::{Fields, MetaField, MetaKind};
pub use search::{Hit, SearchOptions, SearchResults};
pub use stored::Provenance;
pub use stored_analysis::{StoredAnalysis, analysed_of, load_analysed};
pub use writer::{IndexOptions, IndexSummary, build, build_with};

use crate::text::Analyzer;
use crate::{Error, Remedy, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An open teema index, ready for queries.
pub struct IndexHandle {
    /// The index directory.
    pub dir: PathBuf,
    /// The tantivy index (teema's query tokenizers registered).
    pub index: tantivy::Index,
    /// A reader on the last commit.
    pub reader: tantivy::IndexReader,
    /// The manifest of the last commit.
    pub manifest: IndexManifest,
    /// The schema's fields.
    pub fields: Fields,
    /// The analyzer queries go through.
    pub analyzer: Arc<Analyzer>,
}

impl IndexHandle {
    /// Open the index at `dir` and register teema's analyzer on it.
    ///
    /// Errors name the directory and say what to do: missing, not a teema
    /// index, another schema version, damaged.
    pub fn open(dir: &Path, analyzer: Arc<Analyzer>) -> Result<IndexHandle> {
        let (index, manifest, fields) = open_raw(dir)?;
        analyzer::register_query(&index, analyzer.clone());
        let reader = damage::guarded(dir, || reader(&index, dir))?;
        Ok(IndexHandle {
            dir: dir.to_path_buf(),
            index,
            reader,
            manifest,
            fields,
            analyzer,
        })
    }

    /// The source entry of a hash, if the manifest lists it.
    pub fn source(&self, sha256: &str) -> Option<&SourceEntry> {
        self.manifest.sources.iter().find(|s| s.sha256 == sha256)
    }

    /// The sources whose writing was cut short (a killed `teema index`):
    /// the index holds only part of their answers.
    pub fn partial_sources(&self) -> Vec<&SourceEntry> {
        self.manifest.partial_sources()
    }

    /// The lemmatiser the index was analysed with, when it is not the one
    /// answering queries now (results would miss forms: worth a warning).
    pub fn other_lemmatizer(&self) -> Option<&str> {
        (self.analyzer.lemmatizer_name() != self.manifest.lemmatizer)
            .then_some(self.manifest.lemmatizer.as_str())
    }
}

/// Open the tantivy index and its manifest for reading, without
/// registering tokenizers (enough for reading stored fields). Nothing is
/// written and no lock is taken, so a read-only index can be read.
pub(crate) fn open_raw(dir: &Path) -> Result<(tantivy::Index, IndexManifest, Fields)> {
    let directory = readonly::ReadOnlyDirectory::open(dir).map_err(|e| index_error(dir, e))?;
    let index = tantivy::Index::open(directory).map_err(|e| index_error(dir, e))?;
    with_manifest(dir, index)
}

/// Open the tantivy index and its manifest to write to it.
pub(crate) fn open_for_writing(dir: &Path) -> Result<(tantivy::Index, IndexManifest, Fields)> {
    let index = tantivy::Index::open_in_dir(dir).map_err(|e| index_error(dir, e))?;
    with_manifest(dir, index)
}

/// A reader on the last commit of an index opened by [`open_raw`], reloaded
/// only when asked. Readers take no lock, so a writer's clean-up may delete
/// a merged segment while it is being opened: then it tries again.
pub(crate) fn reader(index: &tantivy::Index, dir: &Path) -> Result<tantivy::IndexReader> {
    let mut attempt = 0;
    loop {
        match index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
        {
            Ok(r) => return Ok(r),
            Err(_) if attempt < 3 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(50 << attempt));
            }
            Err(e) => return Err(index_error(dir, e)),
        }
    }
}

/// True when `path` is a teema index directory.
pub fn is_index_dir(path: &Path) -> bool {
    path.is_dir() && (path.join(MANIFEST_FILE).is_file() || path.join("meta.json").is_file())
}

/// The paths of the partial sources of the index at `dir` (see
/// [`IndexHandle::partial_sources`]).
pub fn partial_sources(dir: &Path) -> Result<Vec<PathBuf>> {
    let (_, manifest, _) = open_raw(dir)?;
    Ok(manifest
        .partial_sources()
        .iter()
        .map(|s| s.path.clone())
        .collect())
}

fn with_manifest(
    dir: &Path,
    index: tantivy::Index,
) -> Result<(tantivy::Index, IndexManifest, Fields)> {
    let file_manifest = IndexManifest::read_file(dir)?;
    let metas = index.load_metas().map_err(|e| index_error(dir, e))?;
    let manifest = match metas.payload.as_deref() {
        Some(p) => IndexManifest::parse(p, dir, "the last commit's manifest")?,
        None => file_manifest,
    };
    let fields = Fields::of(&index.schema(), &manifest.columns).ok_or_else(|| Error::Index {
        path: dir.to_path_buf(),
        message: "the tantivy schema does not match teema's manifest".into(),
        remedy: Some(Remedy::RebuildIndex),
    })?;
    Ok((index, manifest, fields))
}

/// A tantivy error on opening `dir`: the index is damaged.
fn index_error(dir: &Path, e: tantivy::TantivyError) -> Error {
    damage::damaged(
        dir,
        format!("cannot open the tantivy index ({})", damage::describe(&e)),
    )
}

/// Byte offsets of a stored document's order key: source position and
/// entry position in the source.
pub(crate) fn order_key(source_pos: usize, entry_pos: u64) -> u64 {
    ((source_pos as u64) << 40) | entry_pos
}

/// An analyzer to share with an index's query tokenizers (tantivy keeps
/// them as long as the index is open).
pub fn shared_analyzer(config: crate::text::AnalyzerConfig) -> Result<Arc<Analyzer>> {
    Ok(Arc::new(Analyzer::new(config)?))
}

/// The analyzer to query the index at `dir` with: the built-in lemmatiser
/// when the index was analysed with it (so queries see the same lemmas),
/// otherwise what `config` asks for.
pub fn analyzer_for(dir: &Path, mut config: crate::text::AnalyzerConfig) -> Result<Arc<Analyzer>> {
    if IndexManifest::read_file(dir)?.lemmatizer == "builtin" {
        config.builtin_only = true;
    }
    shared_analyzer(config)
}
