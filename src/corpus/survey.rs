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
    options: &ReadOptions,
    source: usize,
    accounting: &mut Accounting,
    notes: &mut Vec<Note>,
) -> Vec<Document> {
    let id_col = kinds.iter().position(|k| *k == ColumnKind::Id);
    let open: Vec<usize> = (0..kinds.len())
        .filter(|&c| kinds[c] == ColumnKind::OpenText)
        .collect();
    let question_col = id_col.and_then(|id| question_column(&table, kinds, id, options));
    if let (None, Some(name)) = (id_col, &options.question_col) {
        notes.push(Note::warning(
            0,
            format!(
                "the question column '{name}' joins the rows of one respondent, but no column \
                 holds respondent ids, so each row is read as a respondent of its own; name the \
                 id column too"
            ),
        ));
    }
    let closed: Vec<usize> = (0..kinds.len())
        .filter(|&c| kinds[c].is_closed() && Some(c) != question_col)
        .collect();
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
        question: question_col,
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
    match (id_col, question_col) {
        (Some(id), Some(q)) => by_respondent(documents, &header, id, q, notes),
        (Some(id), None) => {
            duplicates(&header, id, &documents, notes);
            documents
        }
        _ => documents,
    }
}

/// Headers that name the question of a row in a survey table with one row
/// per answer.
pub(crate) fn question_like_header(name: &str) -> bool {
    // Exact names only: a `question_id` beside per-answer closed columns
    // (the Vaalikone comments: each row's own agree/disagree answer) is
    // better read row by row, or joined when the user names it.
    let l = name.trim().to_lowercase();
    ["question", "kysymys", "fråga"].contains(&l.as_str())
}

/// The column naming each row's question when `table` has one row per
/// answer: the column the options name, or, when most rows share their
/// respondent id with another row, a closed column headed `question`,
/// `kysymys` or `fråga` whose value changes between the rows of one
/// respondent.
fn question_column(
    table: &Table,
    kinds: &[ColumnKind],
    id: usize,
    options: &ReadOptions,
) -> Option<usize> {
    if let Some(name) = &options.question_col {
        return table.find(name).filter(|&c| c != id);
    }
    let mut rows_of: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, row) in table.rows.iter().enumerate() {
        let v = row.cell(id);
        if !v.is_empty() {
            rows_of.entry(v).or_default().push(i);
        }
    }
    let repeated: usize = rows_of.values().filter(|r| r.len() > 1).map(Vec::len).sum();
    if repeated * 2 <= table.rows.len() {
        return None;
    }
    (0..kinds.len()).find(|&c| {
        c != id
            && kinds[c].is_closed()
            && question_like_header(&table.header[c])
            && rows_of.values().any(|r| {
                r.iter()
                    .any(|&i| table.rows[i].cell(c) != table.rows[r[0]].cell(c))
            })
    })
}

/// Join the rows of one respondent id (one row per answer) into one
/// respondent, in the order the ids first appear; each answer keeps its
/// row's line and takes its question from column `q`. A closed value that
/// differs between a respondent's rows keeps the first row's, and the
/// column is warned about.
fn by_respondent(
    documents: Vec<Document>,
    header: &[String],
    id: usize,
    q: usize,
    notes: &mut Vec<Note>,
) -> Vec<Document> {
    let rows = documents.len();
    let mut at: FxHashMap<String, usize> = FxHashMap::default();
    let mut out: Vec<Document> = Vec::new();
    // Respondents whose rows disagree, per closed column (first seen order).
    // (column, respondents, the last respondent counted).
    let mut differing: Vec<(Name, usize, usize)> = Vec::new();
    for d in documents {
        let Some(&i) = at.get(&d.id) else {
            at.insert(d.id.clone(), out.len());
            out.push(d);
            continue;
        };
        let first = &mut out[i];
        first.units.extend(d.units);
        for (name, value) in d.meta {
            match first.meta.iter().find(|(n, _)| *n == name) {
                Some((_, v)) if *v != value => {
                    match differing.iter_mut().find(|(n, _, _)| *n == name) {
                        Some((_, count, last)) if *last != i => {
                            *count += 1;
                            *last = i;
                        }
                        Some(_) => {}
                        None => differing.push((name, 1, i)),
                    }
                }
                Some(_) => {}
                None => first.meta.push((name, value)),
            }
        }
    }
    notes.push(Note::warning(
        0,
        format!(
            "one row per answer: {rows} rows read as {} respondents (ids from column '{}', each row's question from column '{}')",
            out.len(),
            header[id],
            header[q]
        ),
    ));
    for (name, count, _) in differing {
        notes.push(Note::warning(
            0,
            format!(
                "column '{}' differs between the rows of {count} respondents; each keeps the value of their first row in cross-tabs",
                &*name
            ),
        ));
    }
    out
}

/// What building a respondent needs to know about the columns.
struct Columns<'a> {
    /// The header names, shared by every respondent's answers.
    names: &'a [Name],
    kinds: &'a [ColumnKind],
    id: Option<usize>,
    /// The question column of a table with one row per answer.
    question: Option<usize>,
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
                let question = match self.question.map(|q| row.cell(q)) {
                    Some(q) if !q.is_empty() && self.open.len() == 1 => Name::from(q),
                    Some(q) if !q.is_empty() => {
                        Name::from(format!("{q}: {}", &*self.names[c]).as_str())
                    }
                    _ => self.names[c].clone(),
                };
                units.push(Unit {
                    question: Some(question),
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
