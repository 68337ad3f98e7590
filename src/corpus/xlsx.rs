//! XLSX survey tables via calamine: the first sheet (or `--sheet`), first
//! row as header. Merged header cells are filled: a question merged over
//! several columns names each of them (`Q`, `Q (2)`, …) and a warning names
//! the merged range, so no column is left nameless.

use super::table::{Row, tidy_header};
use super::values::parse_number;
use super::{Note, TableRead};
use crate::{Error, Result};
use calamine::{Data, Reader, Xlsx};
use std::path::Path;

/// `A`, `B`, …, `AA` for a 0-based column.
pub(crate) fn column_letters(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.is_duration() {
                format!("{h:02}:{mi:02}:{s:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Read the first sheet (or `sheet`) of an XLSX workbook.
pub(crate) fn read(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<TableRead> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| Error::input(path, format!("is not a readable .xlsx workbook: {e}")))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                Error::input(
                    path,
                    format!("has no sheet '{s}'; sheets are: {}", names.join(", ")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::input(path, "has no sheets"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| Error::input(path, format!("sheet '{name}' cannot be read: {e}")))?;
    let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
    let Some((row0, col0)) = range.start() else {
        return Err(Error::input(
            path,
            format!("sheet '{name}' is empty: expected a header row and one row per respondent"),
        ));
    };
    let mut rows = range.rows();
    let header_cells = rows.next().unwrap_or(&[]);
    let mut header: Vec<String> = header_cells
        .iter()
        .map(|d| cell_text(d).trim().to_owned())
        .collect();
    let mut out = TableRead::default();
    // Horizontal merges on the header row: (first, last) relative columns.
    let spans: Vec<(usize, usize, String)> = merged
        .iter()
        .filter(|m| m.start.0 <= row0 && m.end.0 >= row0 && m.end.1 > m.start.1)
        .map(|m| {
            let name = format!(
                "{}{}:{}{}",
                column_letters(m.start.1),
                m.start.0 + 1,
                column_letters(m.end.1),
                m.end.0 + 1
            );
            let rel = |c: u32| (c.max(col0) - col0) as usize;
            (rel(m.start.1), rel(m.end.1), name)
        })
        .collect();
    let in_span = |c: usize| spans.iter().any(|(a, b, _)| (*a..=*b).contains(&c));
    // A second header row: text under every merged column, nothing elsewhere
    // (the Webropol layout of a multiple-choice question and its options).
    let sub: Option<Vec<String>> = range.rows().nth(1).and_then(|cells| {
        let sub: Vec<String> = cells
            .iter()
            .map(|d| cell_text(d).trim().to_owned())
            .collect();
        let fits = !spans.is_empty()
            && (0..header.len()).all(|c| {
                let v = sub.get(c).map_or("", String::as_str);
                if in_span(c) {
                    !v.is_empty() && parse_number(v).is_none()
                } else {
                    v.is_empty()
                }
            });
        fits.then_some(sub)
    });
    for (a, b, range_name) in &spans {
        let title = header.get(*a).cloned().unwrap_or_default();
        let columns = b - a + 1;
        match &sub {
            Some(sub) => {
                for c in *a..=(*b).min(header.len().saturating_sub(1)) {
                    header[c] = format!("{title}: {}", sub[c]);
                }
                out.notes.push(Note::warning(
                    u64::from(row0) + 1,
                    format!(
                        "header cells {range_name} are merged ('{title}') and row {} under them names \
                         each of its {columns} columns; read as a two-row header ('{title}: …')",
                        row0 + 2
                    ),
                ));
            }
            None => {
                for c in (a + 1)..=*b {
                    if c < header.len() && header[c].is_empty() {
                        header[c] = title.clone();
                    }
                }
                out.notes.push(Note::warning(
                    u64::from(row0) + 1,
                    format!(
                        "header cells {range_name} are merged ('{title}'); each of its {columns} columns \
                         is read as its own question named after it — unmerge the header so every \
                         column has its own question"
                    ),
                ));
            }
        }
    }
    let skip = usize::from(sub.is_some());
    for w in tidy_header(&mut header) {
        out.notes.push(Note::warning(u64::from(row0) + 1, w));
    }
    for (i, cells) in rows.enumerate().skip(skip) {
        let line = u64::from(row0) + i as u64 + 2;
        out.read += 1;
        let record: csv::StringRecord = cells.iter().map(cell_text).collect::<Vec<_>>().into();
        out.table.rows.push(Row { line, record });
    }
    out.table.header = header;
    if out.read == 0 {
        return Err(Error::input(
            path,
            format!(
                "sheet '{name}' has a header row ({} columns) but no data rows: nothing to ingest",
                out.table.header.len()
            ),
        ));
    }
    out.detail = format!("sheet '{name}'");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }
}
