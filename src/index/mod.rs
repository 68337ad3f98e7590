//! The searchable index: tantivy on disk with teema's Finnish analyzer.
//!
//! Interface used by later stages (themes, analyze): [`load_corpus`] reads
//! an index back into a [`Corpus`] (documents with their closed answers and
//! units with source, line and text), in a stable order.

use crate::corpus::Corpus;
use crate::{Error, Result};
use std::path::Path;

/// Read the corpus stored in the teema index at `dir`: every document with
/// its closed answers and every unit (answer or utterance) with its source,
/// line, speaker, role and original text, in the order they were indexed.
pub fn load_corpus(dir: &Path) -> Result<Corpus> {
    Err(Error::Index {
        path: dir.to_path_buf(),
        message: "reading an index is not built yet".into(),
    })
}
