//! Long utterance tables (one utterance per row, as chat and transcription
//! tools export them): `--doc-col` names the conversation, `--speaker-col`
//! the speaker, `--time-col` the time and `--text-col` the text. One
//! [`Document`] per conversation in first-seen order, one [`Unit`] per row.

use super::model::{Accounting, Column, ColumnKind, Document, DocumentKind, Role, Unit};
use super::table::Table;
use super::{Note, ReadOptions};
use crate::Result;
use crate::error::{ColumnOption, OptionError};
use rustc_hash::FxHashMap;
use std::path::Path;

fn column(path: &Path, table: &Table, option: ColumnOption, name: &str) -> Result<usize> {
    table.find(name).ok_or_else(|| {
        OptionError::UnknownColumn {
            option,
            name: name.to_string(),
            file: Some(path.to_path_buf()),
            columns: table.header.clone(),
        }
        .into()
    })
}

/// Build one interview document per value of the document column.
pub(crate) fn build(
    path: &Path,
    table: &Table,
    o: &ReadOptions,
    source: usize,
    accounting: &mut Accounting,
    notes: &mut Vec<Note>,
) -> Result<(Vec<Column>, Vec<Document>)> {
    let doc = column(
        path,
        table,
        ColumnOption::Document,
        o.doc_col.as_deref().unwrap_or_default(),
    )?;
    let Some(text_name) = o.text_cols.first() else {
        return Err(OptionError::UtteranceTextMissing.into());
    };
    let text = column(path, table, ColumnOption::Text, text_name)?;
    let speaker = o
        .speaker_col
        .as_deref()
        .map(|n| column(path, table, ColumnOption::Speaker, n))
        .transpose()?;
    let time = o
        .time_col
        .as_deref()
        .map(|n| column(path, table, ColumnOption::Time, n))
        .transpose()?;
    let columns = table
        .header
        .iter()
        .enumerate()
        .map(|(c, name)| Column {
            name: name.clone(),
            kind: if c == doc {
                ColumnKind::Id
            } else if c == text {
                ColumnKind::OpenText
            } else if Some(c) == time {
                ColumnKind::Date
            } else {
                ColumnKind::Categorical
            },
        })
        .collect();
    let interviewer = |s: &str| o.interviewers.iter().any(|i| i.eq_ignore_ascii_case(s));
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut documents: Vec<Document> = Vec::new();
    for row in &table.rows {
        let key = row.cell(doc);
        let d = *index.entry(key).or_insert_with(|| {
            documents.push(Document {
                id: key.to_owned(),
                kind: DocumentKind::Interview,
                source,
                line: row.line,
                meta: Vec::new(),
                units: Vec::new(),
            });
            documents.len() - 1
        });
        if key.is_empty() {
            notes.push(Note::warning(
                row.line,
                format!(
                    "empty value in --doc-col '{}'; row joins document ''",
                    table.header[doc]
                ),
            ));
        }
        let t = row.cell(text);
        if t.is_empty() {
            accounting.empty += 1;
            continue;
        }
        accounting.ingested += 1;
        let who = speaker.map(|c| row.cell(c).to_owned());
        let role = if o.interviewers.is_empty() {
            Role::Participant
        } else if who.as_deref().is_some_and(interviewer) {
            Role::Interviewer
        } else {
            Role::Interviewee
        };
        documents[d].units.push(Unit {
            question: None,
            speaker: who,
            role: Some(role),
            time: time
                .map(|c| row.cell(c).to_owned())
                .filter(|s| !s.is_empty()),
            text: t.into(),
            line: row.line,
            span: (0, t.len()),
        });
    }
    Ok((columns, documents))
}
