//! Writing an index: `teema index` and `teema analyze` call [`build`].
//!
//! In phases: [`open`] the index (or create it), [`plan`] what to write,
//! [`open_writer`] (its lock held from here), analyse the texts to write
//! into the token table (unless the caller has it: `teema analyze`
//! analyses once for the index and the themes), and [`write_batches`]:
//! the calling thread assembles documents, and tantivy's
//! indexing threads take each text's lemma and part tokens from the table
//! ([`super::entry`]), analysing nothing. Sources are keyed by their SHA-256: a file
//! already in the index is skipped, a changed file (same path, new hash)
//! replaces its old documents, and a source whose indexing was cut short
//! (killed writer) is replaced by the next run. Every commit carries the
//! manifest as its payload, so the last committed index and its manifest
//! always agree.

use super::analyzer;
use super::entry::{EntryDoc, Shared};
use super::manifest::{IndexManifest, MANIFEST_FILE, SourceEntry};
use super::schema::{Fields, MAX_CATEGORIES, MetaKind, build_schema, plan_meta};
use super::{open_for_writing, order_key};
use crate::corpus::{Corpus, Document, Severity, Source, Unit};
use crate::events::{Progress, Task};
use crate::text::table::Analysed;
use crate::text::{Analyzer, Register};
use crate::{Error, Remedy, Result};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tantivy::indexer::UserOperation;
use tantivy::schema::Field;
use tantivy::{IndexWriter, Term};

/// How to write the index.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Start over: build a new index beside the old one and replace it
    /// when complete (`super::rebuild`).
    pub rebuild: bool,
    /// tantivy indexing threads (1–8 are used): the run's worker threads,
    /// by default those of the rayon pool it runs in.
    pub threads: usize,
    /// Memory budget of the writer in bytes, shared by its threads (at
    /// least 15 MB per thread).
    pub memory_budget: usize,
    /// Commit after this many new entries (a killed writer loses at most
    /// this many).
    pub commit_every: u64,
    /// Where the progress of the writing goes ([`crate::events::Task::Index`]).
    pub events: crate::events::Reporter,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            rebuild: false,
            threads: rayon::current_num_threads(),
            memory_budget: 256 << 20,
            commit_every: 250_000,
            events: Default::default(),
        }
    }
}

/// What [`build`] did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IndexSummary {
    /// Sources added for the first time.
    pub added: Vec<PathBuf>,
    /// Sources whose earlier (changed or incomplete) documents were replaced.
    pub replaced: Vec<PathBuf>,
    /// Sources already in the index with the same content: skipped.
    pub unchanged: Vec<PathBuf>,
    /// Documents (respondents, interviews) written.
    pub documents: u64,
    /// Answers and utterances written.
    pub units: u64,
    /// Word and number tokens analysed and indexed.
    pub tokens: u64,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Sources in the index afterwards.
    pub sources: usize,
}

/// Bytes per compressed block of stored fields.
const DOCSTORE_BLOCK: usize = 4096;
/// Documents per message to tantivy's indexing threads: fewer messages,
/// fewer thread wake-ups (64 rather than 8 made indexing fi-news 4–15 %
/// faster).
const BATCH: usize = 64;
/// Texts sent to tantivy and not yet indexed above which the sending
/// thread waits until they are down to [`IN_FLIGHT_LOW`]. tantivy's queue
/// holds 10,000 messages, which with [`BATCH`] documents each would be the
/// whole of a large corpus in memory a second time.
const IN_FLIGHT_HIGH: u64 = 8192;
/// See [`IN_FLIGHT_HIGH`].
const IN_FLIGHT_LOW: u64 = 4096;
/// Minimum writer memory per thread (tantivy's limit).
const MIN_BUDGET_PER_THREAD: usize = 15 << 20;

/// Write the sources of `corpus` into the index at `dir` (created when
/// missing), analysing the texts of the sources it writes.
pub fn build(
    corpus: &Corpus,
    analyzer: &Analyzer,
    options: &IndexOptions,
    dir: &Path,
) -> Result<IndexSummary> {
    build_with(corpus, analyzer, None, options, dir)
}

/// [`build`], taking the texts' tokens from `table` when given: the token
/// table of every unit of `corpus`, in [`Corpus::units`] order
/// ([`crate::text::table::analyse`]), so nothing is analysed again.
/// `analyzer` names the lemmatiser in the manifest.
pub fn build_with(
    corpus: &Corpus,
    analyzer: &Analyzer,
    table: Option<Arc<Analysed>>,
    options: &IndexOptions,
    dir: &Path,
) -> Result<IndexSummary> {
    let started = Instant::now();
    let threads = options.threads.clamp(1, 8);
    if options.memory_budget < MIN_BUDGET_PER_THREAD * threads {
        return Err(crate::error::OptionError::MemoryBudget {
            min_bytes: MIN_BUDGET_PER_THREAD * threads,
            threads,
        }
        .into());
    }
    if let Some(t) = &table
        && t.len() != corpus.unit_count()
    {
        return Err(Error::Index {
            path: dir.to_path_buf(),
            message: format!(
                "the token table has {} texts for {} answers and utterances",
                t.len(),
                corpus.unit_count()
            ),
            remedy: None,
        });
    }
    if options.rebuild {
        return super::rebuild::stage(corpus, analyzer, table, options, dir)?.commit();
    }
    let lemmatizer = analyzer.lemmatizer_name();
    let (index, mut manifest, created) = open(corpus, &lemmatizer, dir)?;
    let mut summary = IndexSummary::default();
    let plan = plan(corpus, &mut manifest, &mut summary);
    let fields = check_fields(corpus, &index, &manifest, &plan, created, dir)?;
    if plan.sources.is_empty() {
        summary.sources = manifest.sources.len();
        summary.seconds = started.elapsed().as_secs_f64();
        return Ok(summary);
    }
    // The writer (and its lock) first: another run writing this index is
    // refused before any analysis, and a run killed while analysing leaves
    // a half-built index that the next rebuild knows to remove.
    let mut writer = open_writer(&index, threads, options.memory_budget, dir)?;
    let table = match table {
        Some(t) => t,
        None => Arc::new(analyse_planned(corpus, analyzer, &plan)),
    };
    for hash in &plan.deletes {
        writer.delete_term(Term::from_field_text(fields.source, hash));
    }
    write_batches(
        corpus,
        &table,
        &plan,
        &fields,
        options,
        &mut writer,
        &mut manifest,
        &mut summary,
    )?;
    commit(&mut writer, &manifest)?;
    manifest.write_file(dir)?;
    writer.wait_merging_threads()?;
    summary.sources = manifest.sources.len();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// What to write: the sources (corpus source, manifest position) and the
/// hashes whose earlier documents go.
struct Plan {
    sources: Vec<(usize, usize)>,
    deletes: Vec<String>,
}

/// Open the index at `dir`, or create it for `corpus` (its closed columns
/// planned as fields). True when created. An index analysed by another
/// lemmatiser or analyzer is refused.
fn open(
    corpus: &Corpus,
    lemmatizer: &str,
    dir: &Path,
) -> Result<(tantivy::Index, IndexManifest, bool)> {
    prepare_dir(dir)?;
    let (index, manifest, created) = if dir.join(MANIFEST_FILE).exists() {
        let (index, manifest, _) = open_for_writing(dir)?;
        if manifest.lemmatizer != lemmatizer || manifest.analyzer != analyzer::ANALYZER_NAME {
            return Err(Error::Index {
                path: dir.to_path_buf(),
                message: format!(
                    "was analysed with {} ({}), this run uses {} ({}); mixing them would make \
                     forms unfindable",
                    manifest.lemmatizer,
                    manifest.analyzer,
                    lemmatizer,
                    analyzer::ANALYZER_NAME
                ),
                remedy: Some(Remedy::RebuildIndexOrMatchLemmatiser),
            });
        }
        (index, manifest, false)
    } else {
        let mut manifest = IndexManifest::new(lemmatizer.to_string());
        plan_meta(
            &mut manifest.columns,
            corpus
                .sources
                .iter()
                .flat_map(|s| s.columns.iter().map(|c| (c.name.as_str(), &c.kind))),
        );
        for m in &mut manifest.columns {
            if m.kind == MetaKind::Category && distinct_over(corpus, &m.column, MAX_CATEGORIES) {
                m.kind = MetaKind::Label;
            }
        }
        // Small doc-store blocks: kwic and search fetch scattered
        // answers, and each fetch decompresses one block. Blocks are
        // compressed by the indexing thread that fills them: a thread of
        // its own gained nothing on busy cores and was woken for every 4 KB
        // block (5 % of indexing CPU on fi-news in futex wake-ups and
        // context switches).
        let settings = tantivy::IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK,
            docstore_compress_dedicated_thread: false,
            ..Default::default()
        };
        let index = tantivy::Index::builder()
            .schema(build_schema(&manifest.columns))
            .settings(settings)
            .create_in_dir(dir)
            .map_err(|e| Error::Index {
                path: dir.to_path_buf(),
                message: format!("cannot create the index: {e}"),
                remedy: None,
            })?;
        manifest.write_file(dir)?;
        (index, manifest, true)
    };
    analyzer::register_writing(&index);
    Ok((index, manifest, created))
}

/// Decide per source: skip, add, or replace (the manifest lists the
/// sources to write, incomplete, and `summary` says which is which).
fn plan(corpus: &Corpus, manifest: &mut IndexManifest, summary: &mut IndexSummary) -> Plan {
    let mut plan = Plan {
        sources: Vec::new(),
        deletes: Vec::new(),
    };
    let mut seen: Vec<&str> = Vec::new();
    for (i, src) in corpus.sources.iter().enumerate() {
        if seen.contains(&src.sha256.as_str()) {
            summary.unchanged.push(src.path.clone());
            continue;
        }
        seen.push(&src.sha256);
        let entry = new_entry(src, corpus);
        if let Some(p) = manifest.source_by_hash(&src.sha256) {
            if manifest.sources[p].complete {
                summary.unchanged.push(src.path.clone());
                continue;
            }
            plan.deletes.push(src.sha256.clone());
            summary.replaced.push(src.path.clone());
            manifest.sources[p] = entry;
            plan.sources.push((i, p));
        } else if let Some(p) = manifest.sources.iter().position(|s| s.path == src.path) {
            plan.deletes.push(manifest.sources[p].sha256.clone());
            summary.replaced.push(src.path.clone());
            manifest.sources[p] = entry;
            plan.sources.push((i, p));
        } else {
            summary.added.push(src.path.clone());
            manifest.sources.push(entry);
            plan.sources.push((i, manifest.sources.len() - 1));
        }
    }
    plan
}

/// The index's fields, checked to hold every closed column of the planned
/// sources (an index made for other inputs may lack some).
fn check_fields(
    corpus: &Corpus,
    index: &tantivy::Index,
    manifest: &IndexManifest,
    plan: &Plan,
    created: bool,
    dir: &Path,
) -> Result<Fields> {
    if !created {
        let mut columns = manifest.columns.clone();
        let same = plan_meta(
            &mut columns,
            plan.sources
                .iter()
                .flat_map(|&(i, _)| corpus.sources[i].columns.iter())
                .map(|c| (c.name.as_str(), &c.kind)),
        );
        if !same {
            let new: Vec<&str> = columns[manifest.columns.len()..]
                .iter()
                .map(|m| m.column.as_str())
                .collect();
            return Err(Error::Index {
                path: dir.to_path_buf(),
                message: format!(
                    "the new inputs have closed columns the index has no fields for ({})",
                    new.join(", "),
                ),
                remedy: Some(Remedy::RebuildIndex),
            });
        }
    }
    Fields::of(&index.schema(), &manifest.columns).ok_or_else(|| Error::Index {
        path: dir.to_path_buf(),
        message: "the tantivy schema does not match teema's manifest".into(),
        remedy: Some(Remedy::RebuildIndex),
    })
}

/// The token table of the units of the planned sources (every other unit
/// an empty text: its row is never read).
fn analyse_planned(corpus: &Corpus, analyzer: &Analyzer, plan: &Plan) -> Analysed {
    let mut write = vec![false; corpus.sources.len()];
    for &(i, _) in &plan.sources {
        write[i] = true;
    }
    let texts: Vec<(&str, Register)> = corpus
        .units()
        .map(|(d, u)| {
            if write[d.source] {
                (&*u.text, u.register())
            } else {
                ("", Register::Written)
            }
        })
        .collect();
    crate::text::table::analyse(analyzer, &texts)
}

/// A writer on `index` with `threads` indexing threads.
fn open_writer(
    index: &tantivy::Index,
    threads: usize,
    memory_budget: usize,
    dir: &Path,
) -> Result<IndexWriter<EntryDoc>> {
    index
        .writer_with_num_threads(threads, memory_budget)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Index {
                path: dir.to_path_buf(),
                message: "another teema index is writing to this index; wait for it to finish"
                    .into(),
                remedy: None,
            },
            e => Error::Tantivy(e),
        })
}

/// Send the entries of the planned sources to tantivy's indexing threads
/// in batches, committing every `options.commit_every` entries; each
/// source is marked complete in the manifest once sent.
#[allow(clippy::too_many_arguments)]
fn write_batches(
    corpus: &Corpus,
    table: &Arc<Analysed>,
    plan: &Plan,
    fields: &Fields,
    options: &IndexOptions,
    writer: &mut IndexWriter<EntryDoc>,
    manifest: &mut IndexManifest,
    summary: &mut IndexSummary,
) -> Result<()> {
    // Each document's first row in the table.
    let mut first_row = Vec::with_capacity(corpus.documents.len());
    let mut rows = 0;
    for doc in &corpus.documents {
        first_row.push(rows);
        rows += doc.units.len();
    }
    let shared = Arc::new(Shared {
        table: table.clone(),
        lemma: fields.lemma,
        parts: fields.parts,
        indexed: AtomicU64::new(0),
    });
    let total: u64 = plan
        .sources
        .iter()
        .map(|&(i, _)| entries_of(corpus, i).len() as u64)
        .sum();
    let progress = Progress::start(&*options.events, Task::Index, total);
    let mut since_commit = 0u64;
    let mut sent_texts = 0u64;
    for &(i, pos) in &plan.sources {
        let entries = entries_of(corpus, i);
        let meta = meta_fields(&corpus.sources[i], fields);
        let hash = corpus.sources[i].sha256.as_str();
        let mut units = 0u64;
        // A few documents per channel message: fewer thread wake-ups, and
        // tantivy's queue (10,000 messages) stays small.
        for (n, batch) in entries.chunks(BATCH).enumerate() {
            let ops: Vec<UserOperation<EntryDoc>> = batch
                .iter()
                .enumerate()
                .map(|(k, &(d, u))| {
                    let doc = &corpus.documents[d];
                    let unit = u.map(|u| (&doc.units[u], first_row[d] + u));
                    let order = order_key(pos, (n * BATCH + k) as u64);
                    UserOperation::Add(entry_doc(fields, &meta, hash, order, doc, unit, u, &shared))
                })
                .collect();
            wait_for_indexing(&shared.indexed, sent_texts);
            writer.run(ops)?;
            let batch_units = batch.iter().filter(|(_, u)| u.is_some()).count() as u64;
            summary.tokens += batch
                .iter()
                .filter_map(|&(d, u)| Some(table.unit(first_row[d] + u?).len() as u64))
                .sum::<u64>();
            units += batch_units;
            sent_texts += batch_units;
            since_commit += batch.len() as u64;
            if since_commit >= options.commit_every {
                commit(writer, manifest)?;
                since_commit = 0;
            }
            progress.advance(batch.len() as u64, None);
        }
        let e = &mut manifest.sources[pos];
        e.units = units;
        e.complete = true;
        summary.documents += e.documents;
        summary.units += units;
    }
    drop(progress);
    Ok(())
}

/// Wait while more than [`IN_FLIGHT_HIGH`] of the `sent` texts wait in
/// tantivy's queue, until at most [`IN_FLIGHT_LOW`] do (`indexed` counts
/// the texts indexed). Gives up after two seconds without progress (then
/// tantivy's own bounded queue holds the sender back), so it never hangs.
fn wait_for_indexing(indexed: &AtomicU64, sent: u64) {
    let done = indexed.load(Ordering::Acquire);
    if sent.saturating_sub(done) <= IN_FLIGHT_HIGH {
        return;
    }
    let (mut last, mut since) = (done, Instant::now());
    loop {
        std::thread::sleep(std::time::Duration::from_millis(1));
        let done = indexed.load(Ordering::Acquire);
        if sent.saturating_sub(done) <= IN_FLIGHT_LOW {
            return;
        }
        if done != last {
            (last, since) = (done, Instant::now());
        } else if since.elapsed() > std::time::Duration::from_secs(2) {
            return;
        }
    }
}

/// Make `dir` ready: create it when missing. A non-empty directory that
/// is not a teema index is refused. (`--rebuild` builds beside it instead:
/// see [`super::rebuild`].)
fn prepare_dir(dir: &Path) -> Result<()> {
    let teema = dir.join(MANIFEST_FILE).exists();
    let empty = match std::fs::read_dir(dir) {
        Ok(mut it) => it.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return std::fs::create_dir_all(dir).map_err(|e| crate::output::unwritable(dir, e));
        }
        Err(e) => return Err(Error::io(dir, e)),
    };
    if !teema && !empty {
        return Err(Error::Index {
            path: dir.to_path_buf(),
            message: "is not empty and not a teema index; give a new or empty directory".into(),
            remedy: None,
        });
    }
    Ok(())
}

/// The manifest entry of a source about to be written (incomplete).
fn new_entry(src: &Source, corpus: &Corpus) -> SourceEntry {
    let issues: Vec<_> = corpus
        .issues
        .iter()
        .filter(|i| i.path == src.path)
        .cloned()
        .collect();
    let i = corpus
        .sources
        .iter()
        .position(|s| std::ptr::eq(s, src))
        .unwrap_or(usize::MAX);
    SourceEntry {
        path: src.path.clone(),
        sha256: src.sha256.clone(),
        format: src.format,
        encoding: src.encoding.clone(),
        columns: src.columns.clone(),
        documents: corpus.documents.iter().filter(|d| d.source == i).count() as u64,
        units: 0,
        rejected: issues
            .iter()
            .filter(|i| i.severity == Severity::Rejected)
            .count() as u64,
        issues,
        complete: false,
    }
}

/// The entries of source `i`: (document, unit) for every unit, and
/// (document, None) for a document without units.
fn entries_of(corpus: &Corpus, i: usize) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    for (d, doc) in corpus.documents.iter().enumerate() {
        if doc.source != i {
            continue;
        }
        if doc.units.is_empty() {
            out.push((d, None));
        }
        out.extend((0..doc.units.len()).map(|u| (d, Some(u))));
    }
    out
}

/// Closed columns of a source mapped to their fields.
fn meta_fields<'a>(src: &'a Source, fields: &Fields) -> FxHashMap<&'a str, (Field, MetaKind)> {
    let mut map = FxHashMap::default();
    for c in &src.columns {
        let Some(kind) = MetaKind::of(&c.kind) else {
            continue;
        };
        if let Some((m, f)) = fields
            .meta
            .iter()
            .find(|(m, _)| m.column == c.name && m.kind.compatible(kind))
        {
            map.insert(c.name.as_str(), (*f, m.kind));
        }
    }
    map
}

/// True when `column` has more than `limit` distinct values in `corpus`.
fn distinct_over(corpus: &Corpus, column: &str, limit: usize) -> bool {
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    for d in &corpus.documents {
        if let Some(v) = d.meta_value(column) {
            if seen.len() > limit {
                return true;
            }
            if !seen.contains(&v.to_string()) {
                seen.insert(v.to_string());
            }
        }
    }
    seen.len() > limit
}

/// The tantivy document of one entry (`unit`: the unit and its row in the
/// table).
#[allow(clippy::too_many_arguments)]
fn entry_doc(
    fields: &Fields,
    meta: &FxHashMap<&str, (Field, MetaKind)>,
    hash: &str,
    order: u64,
    doc: &Document,
    unit: Option<(&Unit, usize)>,
    unit_seq: Option<usize>,
    shared: &Arc<Shared>,
) -> EntryDoc {
    let mut t = EntryDoc::new(shared);
    t.add_text(
        fields.entry,
        if unit.is_some() { "unit" } else { "document" },
    );
    t.add_text(fields.source, hash);
    t.add_u64(fields.order, order);
    t.add_text(fields.document, &*doc.id);
    t.add_text(
        fields.kind,
        match doc.kind {
            crate::corpus::DocumentKind::Respondent => "respondent",
            crate::corpus::DocumentKind::Interview => "interview",
        },
    );
    t.add_u64(fields.doc_line, doc.line);
    t.add_u64(fields.unit_seq, unit_seq.map_or(u64::MAX, |u| u as u64));
    if let Ok(json) = serde_json::to_string(&doc.meta) {
        t.add_text(fields.meta_json, json);
    }
    for (column, value) in &doc.meta {
        let Some(&(field, kind)) = meta.get(&**column) else {
            continue;
        };
        match (kind, value) {
            (MetaKind::Number, crate::corpus::Value::Number(n)) => t.add_f64(field, *n),
            (MetaKind::Category, v) => t.add_text(field, v.to_string()),
            (MetaKind::Date, crate::corpus::Value::Text(s)) => {
                if let Some(d) = parse_date(s) {
                    t.add_date(field, d);
                }
            }
            _ => {}
        }
    }
    let Some((unit, row)) = unit else {
        t.add_u64(fields.line, doc.line);
        return t;
    };
    if let Some(q) = &unit.question {
        t.add_text(fields.question, &**q);
    }
    if let Some(s) = &unit.speaker {
        t.add_text(fields.speaker, &**s);
    }
    if let Some(r) = unit.role {
        t.add_text(fields.role, r.name());
    }
    if let Some(time) = &unit.time {
        t.add_text(fields.time, &**time);
    }
    t.add_u64(fields.line, unit.line);
    t.add_u64(fields.span_start, unit.span.0 as u64);
    t.add_u64(fields.span_end, unit.span.1 as u64);
    t.add_text(fields.text, unit.text.clone());
    t.set_row(row);
    t
}

/// Commit with the manifest as payload.
fn commit(writer: &mut IndexWriter<EntryDoc>, manifest: &IndexManifest) -> Result<()> {
    let payload = serde_json::to_string(manifest)?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

/// An ISO 8601 date (`2026-03-02`) or date-time (`2012-01-01T09:31:00.000Z`,
/// read as UTC) as a tantivy date.
pub(crate) fn parse_date(s: &str) -> Option<tantivy::DateTime> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    if b.len() >= 19 && (b[10] == b'T' || b[10] == b' ') {
        secs += num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
    }
    Some(tantivy::DateTime::from_timestamp_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sender_waits_for_indexing_only_above_the_high_mark() {
        let indexed = Arc::new(AtomicU64::new(0));
        // At the mark: no wait.
        wait_for_indexing(&indexed, IN_FLIGHT_HIGH);
        assert_eq!(indexed.load(Ordering::Relaxed), 0);
        // Above it: back once indexing has caught up to the low mark.
        let sent = 3 * IN_FLIGHT_HIGH;
        let indexer = {
            let indexed = indexed.clone();
            std::thread::spawn(move || {
                for _ in 0..sent - IN_FLIGHT_LOW {
                    indexed.fetch_add(1, Ordering::Release);
                }
            })
        };
        wait_for_indexing(&indexed, sent);
        assert!(sent - indexed.load(Ordering::Acquire) <= IN_FLIGHT_LOW);
        indexer.join().unwrap();
    }

    #[test]
    fn dates_and_date_times_parse_as_utc() {
        let d = parse_date("1970-01-02").unwrap();
        assert_eq!(d.into_timestamp_secs(), 86_400);
        let t = parse_date("2012-01-01T09:31:00.000Z").unwrap();
        assert_eq!(t.into_timestamp_secs(), 1_325_410_260);
        assert!(parse_date("2.3.2026").is_none());
        assert!(parse_date("2026-13-01").is_none());
    }
}
