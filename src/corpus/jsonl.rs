//! JSON Lines survey tables: one respondent object per line. Columns are
//! the keys in first-seen order; a line that is not a JSON object is
//! rejected with its line and the parser's reason.

use super::table::{Row, tidy_header};
use super::{Note, TableRead};
use crate::{Error, Result};
use rustc_hash::FxHashMap;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::path::Path;

/// A JSON object with its keys in file order.
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object (one respondent)")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn cell(v: serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Read a JSON Lines table from decoded `text`.
pub(crate) fn read(path: &Path, text: &str) -> Result<TableRead> {
    if text.trim().is_empty() {
        return Err(Error::input(
            path,
            "is empty: expected one JSON object per line",
        ));
    }
    let mut out = TableRead::default();
    let mut columns: Vec<String> = Vec::new();
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut rows: Vec<(u64, Vec<(usize, String)>)> = Vec::new();
    for (i, (_, line)) in super::lines::lines(text).enumerate() {
        let line_no = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        out.read += 1;
        match serde_json::from_str::<Ordered>(line) {
            Ok(Ordered(fields)) => {
                let cells = fields
                    .into_iter()
                    .map(|(k, v)| {
                        let c = *index.entry(k.clone()).or_insert_with(|| {
                            columns.push(k);
                            columns.len() - 1
                        });
                        (c, cell(v))
                    })
                    .collect();
                rows.push((line_no, cells));
            }
            Err(e) => out.reject(line_no, format!("not a JSON object: {e}")),
        }
    }
    let width = columns.len();
    out.table.rows = rows
        .into_iter()
        .map(|(line, cells)| {
            let mut record = vec![String::new(); width];
            for (c, v) in cells {
                record[c] = v;
            }
            Row {
                line,
                record: csv::StringRecord::from(record),
            }
        })
        .collect();
    out.table.header = columns;
    for w in tidy_header(&mut out.table.header) {
        out.notes.push(Note::warning(0, w));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_file_order_and_bad_lines_are_rejected() {
        let t = read(
            Path::new("v.jsonl"),
            "{\"id\":1,\"vastaus\":\"hyvä\",\"ikä\":null}\n{bad\n\n{\"id\":2,\"uusi\":true}\n",
        )
        .unwrap();
        assert_eq!(t.table.header, ["id", "vastaus", "ikä", "uusi"]);
        assert_eq!((t.read, t.rejected, t.table.rows.len()), (3, 1, 2));
        assert_eq!(t.notes[0].line, 2);
        assert_eq!(t.table.rows[1].line, 4);
        assert_eq!(&t.table.rows[1].record[3], "true");
    }
}
