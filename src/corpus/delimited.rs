//! CSV and TSV survey tables: the delimiter is sniffed (`;` as Finnish Excel
//! and Webropol write it, `,`, tab) and the `csv` crate reads records in
//! flexible mode so that a row with the wrong number of fields is rejected
//! with its line and reason instead of stopping the run. A quote that is
//! never closed is rejected at the line where it opens, and reading goes on
//! from the next line, so the rows it would have swallowed are kept.

use super::lines::{LineCounter, line_ends, lines};
use super::table::{Row, tidy_header};
use super::{Note, TableRead};
use crate::{Error, Result};
use csv::{ReaderBuilder, StringRecord};
use std::ops::Range;
use std::path::Path;

/// Read a delimited table from decoded `text`.
pub(crate) fn read(path: &Path, text: &str, delimiter: Option<u8>) -> Result<TableRead> {
    if text.trim().is_empty() {
        let what = if text.is_empty() {
            "0 bytes"
        } else {
            "only whitespace"
        };
        return Err(Error::input(
            path,
            format!(
                "is empty ({what}): expected a header row of questions and one row per respondent"
            ),
        ));
    }
    let delimiter = delimiter.unwrap_or_else(|| sniff(path, text));
    let mut out = TableRead::default();
    let mut header: Option<StringRecord> = None;
    let mut start = 0usize;
    let mut base_line = 0u64;
    let mut lines = LineCounter::default();
    'chunks: while start < text.len() {
        let slice = &text[start..];
        let mut rdr = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(slice.as_bytes());
        let mut rec = StringRecord::new();
        loop {
            let before = rdr.position().byte() as usize;
            match rdr.read_record(&mut rec) {
                Ok(false) => break 'chunks,
                Ok(true) => {}
                Err(err) => {
                    let line = base_line + err.position().map_or(0, |p| p.line());
                    return Err(Error::parse(path, line, format!("cannot read CSV: {err}")));
                }
            }
            let pos_byte = rec.position().map_or(before as u64, |p| p.byte());
            let end = rdr.position().byte() as usize;
            let raw = &slice[(pos_byte as usize).min(end)..end];
            // With CRLF (and after blank lines) the record's position is at the
            // end of the previous line: skip to its first byte.
            let lead = raw.len() - raw.trim_start_matches(['\r', '\n']).len();
            let rec_start = pos_byte as usize + lead;
            // Counted here rather than by the CSV reader, which counts only
            // LF: CR-only line ends would all be line 1.
            let line = lines.line_at(text, start + rec_start);
            let raw = &raw[lead..];
            let at_eof = end >= slice.len();
            let body = raw.trim_end_matches(['\r', '\n']).as_bytes();
            let multi_line = memchr::memchr2(b'\n', b'\r', body).is_some();
            if at_eof && multi_line && memchr::memchr_iter(b'"', raw.as_bytes()).count() % 2 == 1 {
                // An unclosed quote swallowed the rest of the file.
                // The last line with text (a final line end starts no line).
                let last = line + line_ends(raw.trim_end_matches(['\r', '\n']));
                out.read += u64::from(header.is_some());
                out.reject(
                    line,
                    format!(
                        "unclosed quote: the quoted field that opens on this line never closes \
                         (it runs to line {last}, the end of the file); this row is rejected and \
                         reading goes on from line {}; add the missing \" or remove the stray one",
                        line + 1
                    ),
                );
                let abs = start + rec_start;
                let Some(nl) = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[abs..]) else {
                    break 'chunks;
                };
                let mut next = abs + nl + 1;
                if text.as_bytes()[abs + nl] == b'\r' && text.as_bytes().get(next) == Some(&b'\n') {
                    next += 1;
                }
                if header.is_none() {
                    header = Some(StringRecord::new());
                }
                start = next;
                base_line = line;
                continue 'chunks;
            }
            let Some(head) = &header else {
                header = Some(rec.clone());
                continue;
            };
            out.read += 1;
            let width = head.len();
            if rec.len() == width
                || (rec.len() > width && rec.iter().skip(width).all(|f| f.trim().is_empty()))
            {
                rec.truncate(width);
                if multi_line && width >= 2 {
                    swallowed_rows(raw, line, width, delimiter, &mut out);
                }
                out.table.rows.push(Row {
                    line,
                    record: compact(&rec),
                });
            } else {
                let span = if multi_line {
                    format!(
                        " (the row spans lines {line}–{}: a quote may be unclosed)",
                        line + line_ends(raw.trim_end_matches(['\r', '\n']))
                    )
                } else {
                    String::new()
                };
                out.reject(
                    line,
                    format!(
                        "row has {} fields but the header has {width}{span}; check the delimiter \
                         ({}) and quotes of this row",
                        rec.len(),
                        delimiter_name(delimiter)
                    ),
                );
            }
        }
    }
    let Some(header) = header else {
        return Err(Error::input(path, "has no header row"));
    };
    out.table.header = header.iter().map(str::to_owned).collect();
    if out.table.header.is_empty() {
        return Err(Error::input(
            path,
            "has no readable header row (the first row was rejected)",
        ));
    }
    if out.read == 0 {
        return Err(Error::input(
            path,
            format!(
                "has a header row ({} columns) but no data rows: nothing to ingest; export the responses too",
                out.table.header.len()
            ),
        ));
    }
    for w in tidy_header(&mut out.table.header) {
        out.notes.push(Note::warning(1, w));
    }
    out.detail = format!("delimiter {}", delimiter_name(delimiter));
    Ok(out)
}

/// A row whose quoted field runs over several lines is fine (answers have
/// line breaks), unless those lines look like rows themselves: then a quote
/// was probably left open and the rows were swallowed into one field.
fn swallowed_rows(raw: &str, line: u64, width: usize, delimiter: u8, out: &mut TableRead) {
    let inner: Vec<&str> = lines(raw.trim_end_matches(['\r', '\n']))
        .skip(1)
        .map(|(_, l)| l)
        .collect();
    let looks_like_rows = inner
        .iter()
        .filter(|l| l.bytes().filter(|&b| b == delimiter).count() + 1 >= width)
        .count();
    if looks_like_rows > 0 {
        out.notes.push(Note::warning(
            line,
            format!(
                "a quoted field runs from this line to line {} and {looks_like_rows} of its lines look \
                 like rows of their own: a quote may be unclosed; the rows are kept inside this \
                 field — check the quotes",
                line + inner.len() as u64
            ),
        ));
    }
}

/// A copy of `rec` with exactly the memory it needs (a plain clone copies
/// the whole grown buffer of the reused record).
fn compact(rec: &StringRecord) -> StringRecord {
    let bytes = rec.as_slice().len();
    let mut out = StringRecord::with_capacity(bytes, rec.len());
    for field in rec {
        out.push_field(field);
    }
    out
}

/// The fields of a delimited `text` as [`read`] splits it (the same
/// delimiter: the one given, else the one sniffed), as byte ranges of the
/// text, quotes included, without the delimiter or line end after them. A
/// quote never closed ends its field at the end of its line, and the next
/// line is read as rows again, as [`read`] does. The pseudonymised copy of
/// a table looks for personal data in each field by itself, as every other
/// stage sees the cells: a number never runs on into the next field.
pub(crate) fn field_spans(path: &Path, text: &str, delimiter: Option<u8>) -> Vec<Range<usize>> {
    use csv_core::ReadFieldResult;
    let delimiter = delimiter.unwrap_or_else(|| sniff(path, text));
    let b = text.as_bytes();
    let mut spans = Vec::new();
    // The unescaped fields are not needed: only how far each one reaches.
    let mut scratch = vec![0u8; 1 << 12];
    let mut from = 0;
    'restart: while from < b.len() {
        let mut rdr = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        let (mut pos, mut start) = (from, from);
        loop {
            let (result, read, _) = rdr.read_field(&b[pos..], &mut scratch);
            pos += read;
            match result {
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::Field { record_end } => {
                    let mut end = pos;
                    if end > start
                        && (record_end && matches!(b[end - 1], b'\n' | b'\r')
                            || !record_end && b[end - 1] == delimiter)
                    {
                        end -= 1;
                    }
                    let field = &text[start..end];
                    let opened = field.trim_start_matches(['\r', '\n']).starts_with('"');
                    if pos >= b.len()
                        && opened
                        && memchr::memchr_iter(b'"', field.as_bytes()).count() % 2 == 1
                        && let Some(nl) = memchr::memchr2(
                            b'\n',
                            b'\r',
                            field.trim_start_matches(['\r', '\n']).as_bytes(),
                        )
                    {
                        // An unclosed quote: its line is one field, and the
                        // lines after it are rows again.
                        let lead = field.len() - field.trim_start_matches(['\r', '\n']).len();
                        let line_end = start + lead + nl;
                        spans.push(start..line_end);
                        from = line_end + 1;
                        continue 'restart;
                    }
                    spans.push(start..end);
                    start = pos;
                }
                ReadFieldResult::End => break 'restart,
            }
        }
    }
    spans
}

/// A human name of a delimiter.
pub(crate) fn delimiter_name(d: u8) -> &'static str {
    match d {
        b'\t' => "tab",
        b';' => "';'",
        b',' => "','",
        b'|' => "'|'",
        _ => "custom",
    }
}

/// Guess the delimiter from the first 64 KiB: the candidate whose rows most
/// consistently have as many fields as the header, then the most fields.
fn sniff(path: &Path, text: &str) -> u8 {
    let mut cut = text.len().min(1 << 16);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let sample = &text[..cut];
    let truncated = cut < text.len();
    let tsv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        e.eq_ignore_ascii_case("tsv")
            || e.eq_ignore_ascii_case("tab")
            || e.eq_ignore_ascii_case("txt")
    });
    let order: [u8; 3] = if tsv {
        [b'\t', b';', b',']
    } else {
        [b';', b',', b'\t']
    };
    let mut best = (order[0], (false, 0u32, 0usize));
    for (rank, &d) in order.iter().enumerate() {
        let mut rdr = ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample.as_bytes());
        let mut counts: Vec<usize> = Vec::new();
        for rec in rdr.records().take(200) {
            match rec {
                Ok(r) => counts.push(r.len()),
                Err(_) => break,
            }
        }
        if truncated && counts.len() > 1 {
            counts.pop();
        }
        let Some(&width) = counts.first() else {
            continue;
        };
        let same = counts.iter().filter(|&&c| c == width).count();
        let score = (width > 1, (same * 100 / counts.len()) as u32, width);
        if rank == 0 || score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, delimiter: u8) -> Vec<&str> {
        field_spans(Path::new("k.csv"), text, Some(delimiter))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn field_spans_are_the_fields_as_written() {
        assert_eq!(
            fields(
                "id,puh\r\n17,040 123 4567\r\n18,\"soita\n040, kiitos\"\n",
                b','
            ),
            [
                "id",
                "puh",
                "\n17",
                "040 123 4567",
                "\n18",
                "\"soita\n040, kiitos\""
            ]
        );
        assert_eq!(fields("a\tb\r1\t2", b'\t'), ["a", "b", "1", "2"]);
        // An unclosed quote ends at its line; the next line is rows again.
        assert_eq!(
            fields("id;v\n1;\"auki\n2;040 123 4567\n", b';'),
            ["id", "v", "1", "\"auki", "2", "040 123 4567"]
        );
    }

    fn read_str(text: &str) -> TableRead {
        read(Path::new("k.csv"), text, None).expect("reads")
    }

    #[test]
    fn sniffs_semicolon_over_commas_in_text() {
        let t = read_str("Mikä oli hyvää, entä huonoa?;Ikä\nOhjaajat, kahvi;30\nkaikki;41\n");
        assert_eq!(t.table.header, ["Mikä oli hyvää, entä huonoa?", "Ikä"]);
        assert_eq!(t.table.rows.len(), 2);
        assert_eq!(t.detail, "delimiter ';'");
    }

    #[test]
    fn ragged_row_is_rejected_with_line() {
        let t = read_str("a,b,c\n1,2,3\n4,5\n6,7,8,\n");
        assert_eq!((t.read, t.rejected, t.table.rows.len()), (3, 1, 2));
        assert_eq!(t.notes[0].line, 3);
        assert!(
            t.notes[0]
                .message
                .contains("row has 2 fields but the header has 3")
        );
    }

    #[test]
    fn unclosed_quote_rejects_one_row_and_keeps_the_rest() {
        // `"ok` opens a quote that `"kesken` closes: rows 2 and 3 are inside
        // one field, which is said in a warning.
        let t = read_str("id;vastaus\n1;\"ok\n2;hyvä\n3;\"kesken\n4;loppu\n");
        assert_eq!((t.read, t.rejected), (2, 0));
        assert_eq!(t.notes[0].line, 2);
        assert!(
            t.notes[0].message.contains("a quote may be unclosed"),
            "{:?}",
            t.notes
        );
        let t = read_str("id;vastaus\n1;ok\n2;\"kesken\n3;hyvä\n4;loppu\n");
        assert_eq!((t.read, t.rejected, t.table.rows.len()), (4, 1, 3));
        assert_eq!(t.notes[0].line, 3);
        assert!(
            t.notes[0]
                .message
                .starts_with("unclosed quote: the quoted field that opens on this line never closes (it runs to line 5, the end of the file)"),
            "{}",
            t.notes[0].message
        );
        assert_eq!(t.table.rows[1].line, 4);
    }

    #[test]
    fn crlf_and_mixed_line_endings_keep_line_numbers() {
        let t = read_str("a;b\r\n1;x\r\n\r\n2;y\n3;\"monta\r\nriviä\"\n4;z\r\n");
        let lines: Vec<u64> = t.table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 5, 7]);
        assert!(t.notes.is_empty(), "{:?}", t.notes);
        assert_eq!(t.table.rows[2].cell(1), "monta\r\nriviä");
    }

    #[test]
    fn empty_and_header_only_are_errors() {
        let e = read(Path::new("e.csv"), "", None).unwrap_err().to_string();
        assert!(e.contains("e.csv: is empty (0 bytes)"), "{e}");
        let e = read(Path::new("h.csv"), "a;b\n", None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("header row (2 columns) but no data rows"), "{e}");
    }
}
