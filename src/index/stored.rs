//! Reading the stored fields of one answer or utterance: its text and where
//! it comes from. Search hits and concordance lines both carry a
//! [`Provenance`], so every quote can be traced back to its file and line.

use super::IndexHandle;
use crate::Result;
use crate::text::Register;
use serde::Serialize;
use tantivy::schema::Value as _;
use tantivy::{DocAddress, TantivyDocument};

/// Where an answer or utterance comes from. Field names are stable (they
/// appear, flattened, in the `--json` output of search and kwic).
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// Source file as indexed.
    pub source: String,
    /// 1-based line of the answer or utterance in the source.
    pub line: u64,
    /// Respondent id or interview name.
    pub document: String,
    /// `respondent` or `interview`.
    pub kind: String,
    /// Open question (answers).
    pub question: Option<String>,
    /// Speaker label (utterances).
    pub speaker: Option<String>,
    /// Speaker role (utterances).
    pub role: Option<String>,
    /// Timestamp as written (utterances).
    pub time: Option<String>,
}

impl Provenance {
    /// Spoken register for utterances, written for answers.
    pub fn register(&self) -> Register {
        if self.speaker.is_some() {
            Register::Spoken
        } else {
            Register::Written
        }
    }
}

/// The stored fields of one entry.
pub(crate) struct Stored {
    /// Where it comes from.
    pub at: Provenance,
    /// The original text.
    pub text: String,
    /// The document's closed answers as JSON.
    pub meta_json: Option<String>,
}

/// Fetch the stored fields of the entry at `address`.
pub(crate) fn fetch(
    handle: &IndexHandle,
    searcher: &tantivy::Searcher,
    address: DocAddress,
) -> Result<Stored> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let f = &handle.fields;
    let s = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let hash = s(f.source).unwrap_or_default();
    Ok(Stored {
        at: Provenance {
            source: handle
                .source(&hash)
                .map_or(hash.clone(), |e| e.path.display().to_string()),
            line: doc.get_first(f.line).and_then(|v| v.as_u64()).unwrap_or(0),
            document: s(f.document).unwrap_or_default(),
            kind: s(f.kind).unwrap_or_default(),
            question: s(f.question),
            speaker: s(f.speaker),
            role: s(f.role),
            time: s(f.time),
        },
        text: s(f.text).unwrap_or_default(),
        meta_json: s(f.meta_json),
    })
}
