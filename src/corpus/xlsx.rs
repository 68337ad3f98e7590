//! XLSX survey tables via calamine: the first visible sheet (or `--sheet`;
//! hidden sheets hold helper tables and old versions, and are named in a
//! warning when passed over), first row as header. Merged header cells are filled: a question merged over
//! several columns names each of them (`Q`, `Q (2)`, …) and a warning names
//! the merged range, so no column is left nameless.
//!
//! Cells are read one by one and only the filled ones kept, so a sheet
//! costs memory in proportion to its cells wherever they lie: the table
//! has a row per row holding a cell and a column per column holding one
//! (or under a merged header cell); a table still far larger than its cells
//! (cells on a diagonal) is refused with an error naming a stray cell. The XML is unpacked
//! within the limit of [`super::zipped`].

use super::table::{Row, tidy_header};
use super::values::parse_number;
use super::zipped::XmlBudget;
use super::{Note, TableRead};
use crate::{Error, Result};
use calamine::{DataRef, Reader, Xlsx};
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

fn cell_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.is_duration() {
                format!("{h:02}:{mi:02}:{s:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// A table may hold this many cells (filled or empty) beyond
/// [`SPARSE_RATIO`] times the cells its sheet really holds.
const SPARSE_FLOOR: u64 = 16_000_000;
/// See [`SPARSE_FLOOR`].
const SPARSE_RATIO: u64 = 16;

/// The non-empty cells of a sheet, sorted by row and column: memory in
/// proportion to the cells the sheet really holds, wherever they are (a
/// lone cell at XFD1048576 is one cell, not a grid of 17 billion).
struct Cells {
    /// (row, column, text), 0-based.
    cells: Vec<(u32, u32, String)>,
    /// The columns of the table, sorted: those holding a cell, and those
    /// under a merged header cell (a column with neither holds nothing).
    used: Vec<u32>,
}

impl Cells {
    /// The cells of row `row`, from index `at` on; returns them and the
    /// index after them.
    fn row(&self, at: usize, row: u32) -> (&[(u32, u32, String)], usize) {
        let end = at + self.cells[at..].partition_point(|c| c.0 == row);
        (&self.cells[at..end], end)
    }

    /// Position among the table's columns of the first one at or after
    /// sheet column `c`.
    fn position(&self, c: u32) -> usize {
        self.used.partition_point(|&u| u < c)
    }

    /// One field per column of the table (empty where the row has no cell).
    fn record(&self, row: &[(u32, u32, String)]) -> csv::StringRecord {
        let bytes = row.iter().map(|c| c.2.len()).sum();
        let mut record = csv::StringRecord::with_capacity(bytes, self.used.len());
        let mut cells = row.iter().peekable();
        for &u in &self.used {
            match cells.next_if(|c| c.1 == u) {
                Some((_, _, text)) => record.push_field(text),
                None => record.push_field(""),
            }
        }
        record
    }
}

fn read_cells(
    path: &Path,
    book: &mut Xlsx<std::io::Cursor<&[u8]>>,
    name: &str,
    merged: &[calamine::Dimensions],
) -> Result<Option<Cells>> {
    let bad =
        |e: calamine::XlsxError| Error::input(path, format!("sheet '{name}' cannot be read: {e}"));
    let mut reader = book.worksheet_cells_reader(name).map_err(bad)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(bad)? {
        let value = cell.get_value();
        if *value != DataRef::Empty {
            let (r, c) = cell.get_position();
            cells.push((r, c, cell_text(value)));
        }
    }
    if !cells.is_sorted_by_key(|c| (c.0, c.1)) {
        cells.sort_by_key(|c| (c.0, c.1));
    }
    // A cell written twice: the first is kept.
    cells.dedup_by_key(|c| (c.0, c.1));
    let Some(first) = cells.iter().map(|c| c.1).min() else {
        return Ok(None);
    };
    let last = cells.iter().map(|c| c.1).max().unwrap_or(first);
    let row0 = cells[0].0;
    let mut used: Vec<u32> = cells.iter().map(|c| c.1).collect();
    for m in merged {
        if m.start.0 <= row0 && m.end.0 >= row0 && m.end.1 > m.start.1 {
            used.extend(m.start.1.max(first)..=m.end.1.min(last));
        }
    }
    used.sort_unstable();
    used.dedup();
    // The table is one row per row holding a cell, one column per column
    // used: refuse a grid far larger than the cells.
    let mut rows = 0u64;
    for (i, c) in cells.iter().enumerate() {
        if i == 0 || cells[i - 1].0 != c.0 {
            rows += 1;
        }
    }
    let grid = rows * used.len() as u64;
    let allowed = (cells.len() as u64 * SPARSE_RATIO).max(SPARSE_FLOOR);
    if grid > allowed {
        let far = cells
            .iter()
            .max_by_key(|c| c.1)
            .map(|c| format!("{}{}", column_letters(c.1), c.0 + 1))
            .unwrap_or_default();
        return Err(Error::input(
            path,
            format!(
                "sheet '{name}' holds {} cells in {} columns over {rows} rows: as a table it \
                 would be {grid} cells, more than teema reads for that many ({allowed}); delete \
                 the stray cells far from the table (such as {far}) or save the table as .csv",
                cells.len(),
                used.len(),
            ),
        ));
    }
    Ok(Some(Cells { cells, used }))
}

/// Open the workbook as a zip archive (an error saying what it is when it
/// is not one) and check the sizes it declares for its parts against the limit
/// of [`super::zipped`] before calamine reads it: calamine unpacks the
/// parts itself, and the `zip` crate stops a part at its declared size.
/// Every part counts (a worksheet can be any part the workbook names).
fn check_xml(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut zip = super::zipped::open(
        path,
        bytes,
        &super::zipped::Expected {
            kind: "an Excel .xlsx workbook",
            remedy: "save it from Excel as .xlsx, or export the sheet as .csv",
        },
    )?;
    XmlBudget::for_file(bytes.len()).check_declared(path, &mut zip, |_| true)
}

/// Read the first sheet (or `sheet`) of an XLSX workbook.
pub(crate) fn read(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<TableRead> {
    check_xml(path, bytes)?;
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
        None => {
            let visible = book
                .sheets_metadata()
                .iter()
                .find(|m| m.visible == calamine::SheetVisible::Visible)
                .map(|m| m.name.clone());
            match visible {
                Some(v) => v,
                None => names
                    .first()
                    .cloned()
                    .ok_or_else(|| Error::input(path, "has no sheets"))?,
            }
        }
    };
    // Hidden sheets before the one read, said so: they are not read.
    let passed: Vec<&str> = if sheet.is_none() {
        names
            .iter()
            .take_while(|n| **n != name)
            .map(String::as_str)
            .collect()
    } else {
        Vec::new()
    };
    let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
    let Some(cells) = read_cells(path, &mut book, &name, &merged)? else {
        // The sheets that could be meant instead.
        let others: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| *n != name)
            .collect();
        let others = if others.is_empty() {
            String::new()
        } else {
            format!("; the workbook's other sheets are: {}", others.join(", "))
        };
        return Err(Error::input(
            path,
            format!(
                "sheet '{name}' is empty: expected a header row and one row per respondent{others}"
            ),
        ));
    };
    let row0 = cells.cells[0].0;
    let (header_cells, mut at) = cells.row(0, row0);
    let mut header: Vec<String> = cells
        .record(header_cells)
        .iter()
        .map(|t| t.trim().to_owned())
        .collect();
    let mut out = TableRead::default();
    if !passed.is_empty() {
        out.notes.push(Note::warning(
            0,
            format!(
                "read sheet '{name}', the first visible one; hidden sheet{} {} not read \
                 (--sheet NAME reads another)",
                if passed.len() == 1 { "" } else { "s" },
                passed
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ));
    }
    // Horizontal merges on the header row: (first, last) relative columns.
    let mut spans: Vec<(usize, usize, String)> = merged
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
            let end = cells.position(m.end.1.saturating_add(1)).saturating_sub(1);
            (cells.position(m.start.1), end, name)
        })
        .filter(|(a, b, _)| a <= b)
        .collect();
    // Merges cannot overlap (Excel does not write such a file): one that
    // overlaps an earlier one is left out, so the merges cover each column
    // once and handling them costs the header's width, however many there are.
    spans.sort_by_key(|(a, b, _)| (*a, *b));
    let mut covered = 0usize;
    spans.retain(|(a, b, _)| {
        let keep = *a >= covered;
        if keep {
            covered = b + 1;
        }
        keep
    });
    let mut spanned = vec![false; header.len()];
    for (a, b, _) in &spans {
        if let Some(columns) = spanned.get_mut(*a..=(*b).min(header.len().saturating_sub(1))) {
            columns.fill(true);
        }
    }
    let in_span = |c: usize| spanned.get(c).copied().unwrap_or(false);
    // A second header row: text under every merged column, nothing elsewhere
    // (the Webropol layout of a multiple-choice question and its options).
    let (second, after_second) = cells.row(at, row0 + 1);
    let sub: Option<Vec<String>> = {
        let sub: Vec<String> = cells
            .record(second)
            .iter()
            .map(|t| t.trim().to_owned())
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
    };
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
    if sub.is_some() {
        at = after_second;
    }
    for w in tidy_header(&mut header) {
        out.notes.push(Note::warning(u64::from(row0) + 1, w));
    }
    // One record per row holding a cell: rows with none are not records
    // (as blank lines of a CSV file are not).
    while at < cells.cells.len() {
        let row = cells.cells[at].0;
        let (fields, next) = cells.row(at, row);
        at = next;
        out.read += 1;
        out.table.rows.push(Row {
            line: u64::from(row) + 1,
            record: cells.record(fields),
        });
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
