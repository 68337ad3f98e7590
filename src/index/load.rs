//! Reading an index back into a [`Corpus`]: sources from the manifest,
//! documents and units from the stored fields, in indexing order.

use super::open_raw;
use crate::Result;
use crate::corpus::{Accounting, Corpus, Document, DocumentKind, Name, Role, Source, Unit, Value};
use std::path::Path;
use tantivy::TantivyDocument;
use tantivy::schema::Value as _;

/// Read the corpus stored in the teema index at `dir`: every document with
/// its closed answers and every unit (answer or utterance) with its source,
/// line, speaker, role and original text, in the order they were indexed
/// (sources in the order first added, then rows and turns as in the file).
pub fn load_corpus(dir: &Path) -> Result<Corpus> {
    let (index, manifest, fields) = open_raw(dir)?;
    super::damage::guarded(dir, || read_corpus(dir, index, manifest, fields))
}

/// [`load_corpus`] once the index is open.
fn read_corpus(
    dir: &Path,
    index: tantivy::Index,
    manifest: super::IndexManifest,
    fields: super::schema::Fields,
) -> Result<Corpus> {
    let reader = crate::index::reader(&index, dir)?;
    let searcher = reader.searcher();
    // (order, unit_seq, document fields, unit)
    let mut entries: Vec<(u64, Entry)> = Vec::new();
    for segment in searcher.segment_readers() {
        let store = segment
            .get_store_reader(64)
            .map_err(|e| super::damage::damaged(dir, e.to_string()))?;
        for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
            let doc = doc?;
            let u64_of = |f| doc.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0);
            let str_of = |f| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let unit_seq = u64_of(fields.unit_seq);
            let unit = (unit_seq != u64::MAX).then(|| Unit {
                question: str_of(fields.question).map(Name::from),
                speaker: str_of(fields.speaker),
                role: str_of(fields.role).and_then(|r| role_named(&r)),
                time: str_of(fields.time),
                text: str_of(fields.text).unwrap_or_default().into(),
                line: u64_of(fields.line),
                span: (
                    u64_of(fields.span_start) as usize,
                    u64_of(fields.span_end) as usize,
                ),
            });
            let meta: Vec<(Name, Value)> = str_of(fields.meta_json)
                .and_then(|j| serde_json::from_str(&j).ok())
                .unwrap_or_default();
            entries.push((
                u64_of(fields.order),
                Entry {
                    source: str_of(fields.source).unwrap_or_default(),
                    document: str_of(fields.document).unwrap_or_default(),
                    kind: if str_of(fields.kind).as_deref() == Some("interview") {
                        DocumentKind::Interview
                    } else {
                        DocumentKind::Respondent
                    },
                    doc_line: u64_of(fields.doc_line),
                    unit_seq,
                    meta,
                    unit,
                },
            ));
        }
    }
    entries.sort_by_key(|(order, _)| *order);

    let mut corpus = Corpus {
        sources: manifest
            .sources
            .iter()
            .map(|s| Source {
                path: s.path.clone(),
                format: s.format,
                sha256: s.sha256.clone(),
                encoding: s.encoding.clone(),
                columns: s.columns.clone(),
                refi: None,
            })
            .collect(),
        ..Corpus::default()
    };
    for (_, e) in entries {
        let source = manifest
            .sources
            .iter()
            .position(|s| s.sha256 == e.source)
            .unwrap_or(0);
        // A new document starts at its first unit (or is a document without units).
        let new_doc = e.unit_seq == 0
            || e.unit_seq == u64::MAX
            || corpus
                .documents
                .last()
                .is_none_or(|d| d.source != source || d.id != e.document || d.line != e.doc_line);
        if new_doc {
            corpus.documents.push(Document {
                id: e.document,
                kind: e.kind,
                source,
                line: e.doc_line,
                meta: e.meta,
                units: Vec::new(),
            });
        }
        if let (Some(unit), Some(doc)) = (e.unit, corpus.documents.last_mut()) {
            doc.units.push(unit);
        }
    }
    let mut acc = Accounting::default();
    // Records as the readers count them: a table row per respondent, a
    // turn per utterance.
    for d in &corpus.documents {
        match (d.kind, d.units.len()) {
            (DocumentKind::Respondent | DocumentKind::Interview, 0) => acc.empty += 1,
            (DocumentKind::Respondent, _) => acc.ingested += 1,
            (DocumentKind::Interview, n) => acc.ingested += n as u64,
        }
    }
    acc.rejected = manifest.sources.iter().map(|s| s.rejected).sum();
    acc.read = acc.ingested + acc.empty + acc.rejected;
    corpus.accounting = acc;
    corpus.issues = manifest
        .sources
        .iter()
        .flat_map(|s| s.issues.iter().cloned())
        .collect();
    Ok(corpus)
}

/// The stored fields of one entry.
struct Entry {
    source: String,
    document: String,
    kind: DocumentKind,
    doc_line: u64,
    unit_seq: u64,
    meta: Vec<(Name, Value)>,
    unit: Option<Unit>,
}

/// A role by its name.
pub(crate) fn role_named(name: &str) -> Option<Role> {
    [Role::Interviewer, Role::Interviewee, Role::Participant]
        .into_iter()
        .find(|r| r.name() == name)
}
