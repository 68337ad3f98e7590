//! XLSX survey tables via calamine: the first sheet (or `--sheet`), first
//! row as header. Merged header cells are filled: a question merged over
//! several columns names each of them (`Q`, `Q (2)`, …) and a warning names
//! the merged range, so no column is left nameless.

use super::table::{Row, tidy_header};
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
    for m in &merged {
        let (r1, c1) = m.start;
        let (r2, c2) = m.end;
        if r1 > row0 || r2 < row0 || c2 == c1 {
            continue;
        }
        let first = (c1.max(col0) - col0) as usize;
        let title = header.get(first).cloned().unwrap_or_default();
        let range_name = format!(
            "{}{}:{}{}",
            column_letters(c1),
            r1 + 1,
            column_letters(c2),
            r2 + 1
        );
        for c in (c1 + 1)..=c2 {
            let i = (c - col0) as usize;
            if i < header.len() && header[i].is_empty() {
                header[i] = title.clone();
            }
        }
        out.notes.push(Note::warning(
            u64::from(row0) + 1,
            format!(
                "header cells {range_name} are merged ('{title}'); each of its {} columns is read as its own \
                 question named after it — unmerge the header so every column has its own question",
                c2 - c1 + 1
            ),
        ));
    }
    for w in tidy_header(&mut header) {
        out.notes.push(Note::warning(u64::from(row0) + 1, w));
    }
    for (i, cells) in rows.enumerate() {
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
