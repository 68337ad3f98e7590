//! A survey table to respondents: one [`Document`] per row, closed answers
//! as typed metadata in column order, one [`Unit`] per non-empty open answer.
//! Duplicate respondent ids are warned about (naming the lines) and every
//! row is kept: dropping a row would lose answers, and only the researcher
//! can tell a double export from two people sharing an id.

use super::model::{Accounting, ColumnKind, Document, DocumentKind, Name, Unit};
use super::table::{Row, Table};
use super::values::typed;
use super::{Note, ReadOptions};
use rayon::prelude::*;

use rustc_hash::FxHashMap;

/// At most this many duplicate-id warnings per file, then a summary.
const MAX_DUPLICATE_WARNINGS: usize = 20;

/// Build respondent documents from `table` whose columns have `kinds`.
pub(crate) fn build(
    table: Table,
    kinds: &[ColumnKind],
    _options: &ReadOptions,
    source: usize,
    accounting: &mut Accounting,
    notes: &mut Vec<Note>,
) -> Vec<Document> {
    let id_col = kinds.iter().position(|k| *k == ColumnKind::Id);
    let open: Vec<usize> = (0..kinds.len())
        .filter(|&c| kinds[c] == ColumnKind::OpenText)
        .collect();
    let closed: Vec<usize> = (0..kinds.len()).filter(|&c| kinds[c].is_closed()).collect();
    if open.is_empty() {
        notes.push(Note::warning(
            0,
            "no column was recognised as open text, so there are no answers to analyse; \
             name the open questions with --text-col",
        ));
    }
    let Table { header, rows } = table;
    let columns = Columns {
        names: &header
            .iter()
            .map(|h| Name::from(h.as_str()))
            .collect::<Vec<_>>(),
        kinds,
        id: id_col,
        open: &open,
        closed: &closed,
        source,
    };
    // Documents are built in parallel and collected in row order, straight
    // into their own vector; each row is freed as soon as its document is
    // built, so the memory is reused for the documents rather than doubled.
    let (documents, empty_ids): (Vec<Document>, Vec<bool>) = rows
        .into_par_iter()
        .enumerate()
        .map(|(i, row)| columns.document(i, &row))
        .unzip();
    for (document, empty_id) in documents.iter().zip(empty_ids) {
        if empty_id {
            notes.push(Note::warning(
                document.line,
                format!("respondent id is empty; using row number {}", document.id),
            ));
        }
        if document.units.is_empty() {
            accounting.empty += 1;
        } else {
            accounting.ingested += 1;
        }
    }
    if let Some(c) = id_col {
        duplicates(&header, c, &documents, notes);
    }
    documents
}

/// What building a respondent needs to know about the columns.
struct Columns<'a> {
    /// The header names, shared by every respondent's answers.
    names: &'a [Name],
    kinds: &'a [ColumnKind],
    id: Option<usize>,
    open: &'a [usize],
    closed: &'a [usize],
    source: usize,
}

impl Columns<'_> {
    /// The respondent of data row `i` (0-based), and whether its id was empty.
    fn document(&self, i: usize, row: &Row) -> (Document, bool) {
        let (id, empty_id) = match self.id.map(|c| row.cell(c)) {
            Some(v) if !v.is_empty() => (v.to_owned(), false),
            Some(_) => ((i + 1).to_string(), true),
            None => ((i + 1).to_string(), false),
        };
        let filled = |cols: &[usize]| cols.iter().filter(|&&c| !row.cell(c).is_empty()).count();
        let mut meta = Vec::with_capacity(filled(self.closed));
        for &c in self.closed {
            let v = row.cell(c);
            if !v.is_empty() {
                meta.push((self.names[c].clone(), typed(&self.kinds[c], v)));
            }
        }
        let mut units = Vec::with_capacity(filled(self.open));
        for &c in self.open {
            let v = row.cell(c);
            if !v.is_empty() {
                units.push(Unit {
                    question: Some(self.names[c].clone()),
                    speaker: None,
                    role: None,
                    time: None,
                    text: v.into(),
                    line: row.line,
                    span: (0, v.len()),
                });
            }
        }
        let document = Document {
            id,
            kind: DocumentKind::Respondent,
            source: self.source,
            line: row.line,
            meta,
            units,
        };
        (document, empty_id)
    }
}

/// Warn about respondent ids that occur on more than one row.
fn duplicates(header: &[String], col: usize, documents: &[Document], notes: &mut Vec<Note>) {
    let mut first: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(documents.len(), Default::default());
    // (first document index, lines) of every repeated id.
    let mut repeated: FxHashMap<usize, Vec<u64>> = FxHashMap::default();
    for (i, d) in documents.iter().enumerate() {
        let f = *first.entry(d.id.as_str()).or_insert(i);
        if f != i {
            repeated
                .entry(f)
                .or_insert_with(|| vec![documents[f].line])
                .push(d.line);
        }
    }
    if repeated.is_empty() {
        return;
    }
    let mut dups: Vec<(&str, Vec<u64>)> = repeated
        .into_iter()
        .map(|(f, l)| (documents[f].id.as_str(), l))
        .collect();
    dups.sort_by_key(|(_, l)| l[1]);
    let name = &header[col];
    let repeated_rows: usize = dups.iter().map(|(_, l)| l.len()).sum();
    if repeated_rows * 2 > documents.len() {
        notes.push(Note::warning(
            0,
            format!(
                "id column '{name}' repeats: {} rows have {} distinct ids, so this looks like one row per \
                 answer rather than per respondent; every row is kept as its own document (repeated ids get #2, #3 …)",
                documents.len(),
                first.len()
            ),
        ));
        return;
    }
    for (id, l) in dups.iter().take(MAX_DUPLICATE_WARNINGS) {
        let shown: Vec<String> = l.iter().take(10).map(u64::to_string).collect();
        let more = if l.len() > 10 {
            format!(" and {} more", l.len() - 10)
        } else {
            String::new()
        };
        notes.push(Note::warning(
            l[1],
            format!(
                "duplicate respondent id '{id}' in column '{name}' on lines {}{more}; all rows are kept, the later ones as '{id}#2', '{id}#3' … — \
                 remove repeated rows if they are the same respondent exported twice",
                shown.join(", ")
            ),
        ));
    }
    if dups.len() > MAX_DUPLICATE_WARNINGS {
        notes.push(Note::warning(
            0,
            format!(
                "{} more duplicate respondent ids in column '{name}'",
                dups.len() - MAX_DUPLICATE_WARNINGS
            ),
        ));
    }
}
