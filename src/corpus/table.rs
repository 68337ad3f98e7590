//! A table read from CSV, XLSX or JSON Lines, before it becomes documents,
//! and the automatic classification of its columns (id, open text, closed
//! kinds) with the command-line overrides applied.

use super::ReadOptions;
use super::model::ColumnKind;
use super::values::{likert_phrase, parse_date, parse_int, parse_number};
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// A table: header row and data rows, each row with its 1-based line.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// Column names (made unique and non-empty by the reader).
    pub header: Vec<String>,
    /// Data rows with exactly `header.len()` fields.
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug)]
pub(crate) struct Row {
    /// 1-based line (CSV, JSONL) or row (XLSX) where the record starts.
    pub line: u64,
    /// The fields, one per column.
    pub record: csv::StringRecord,
}

impl Row {
    /// The trimmed cell of column `col` ("" when missing).
    pub fn cell(&self, col: usize) -> &str {
        self.record.get(col).unwrap_or("").trim()
    }
}

impl Table {
    /// Index of a column named `name` (exact, then case-insensitive).
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.header
            .iter()
            .position(|h| h == name)
            .or_else(|| {
                self.header
                    .iter()
                    .position(|h| h.eq_ignore_ascii_case(name))
            })
            .or_else(|| {
                let lower = name.to_lowercase();
                self.header.iter().position(|h| h.to_lowercase() == lower)
            })
    }
}

/// Make header names non-empty and unique; returns warnings to report.
pub(crate) fn tidy_header(header: &mut [String]) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut seen = FxHashSet::default();
    for (i, name) in header.iter_mut().enumerate() {
        let trimmed = name.trim();
        if trimmed.is_empty() {
            *name = format!("column {}", i + 1);
            warnings.push(format!(
                "header of column {} is empty; named it '{name}'",
                i + 1
            ));
        } else if trimmed.len() != name.len() {
            *name = trimmed.to_owned();
        }
        if !seen.insert(name.clone()) {
            let mut k = 2;
            while seen.contains(&format!("{name} ({k})")) {
                k += 1;
            }
            let new = format!("{name} ({k})");
            warnings.push(format!(
                "header '{name}' appears more than once; column {} is named '{new}'",
                i + 1
            ));
            seen.insert(new.clone());
            *name = new;
        }
    }
    warnings
}

/// What one pass over a column found.
#[derive(Debug, Default)]
struct Stats {
    non_empty: usize,
    distinct: usize,
    all_int: bool,
    all_num: bool,
    all_date: bool,
    min: i64,
    max: i64,
    bytes: usize,
    with_space: usize,
    likert_text: usize,
    /// Digit strings with a leading zero (`0401234567`, `00100`, `007`):
    /// codes whose zeros matter, never quantities.
    zero_led: usize,
}

/// Distinct values are counted among the first this many non-empty cells
/// of a column (the ratio only falls with more rows).
const DISTINCT_SAMPLE: usize = 50_000;

fn stats(table: &Table, col: usize) -> Stats {
    let mut s = Stats {
        all_int: true,
        all_num: true,
        all_date: true,
        min: i64::MAX,
        max: i64::MIN,
        ..Default::default()
    };
    let mut seen: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(
        table.rows.len().min(DISTINCT_SAMPLE),
        Default::default(),
    );
    for row in &table.rows {
        let v = row.cell(col);
        if v.is_empty() {
            continue;
        }
        s.non_empty += 1;
        if s.non_empty <= DISTINCT_SAMPLE {
            seen.insert(v);
        }
        s.bytes += v.len();
        if v.contains(' ') {
            s.with_space += 1;
        }
        if zero_led(v) {
            s.zero_led += 1;
        }
        if s.all_int {
            match parse_int(v) {
                Some(i) => {
                    s.min = s.min.min(i);
                    s.max = s.max.max(i);
                }
                None => s.all_int = false,
            }
        }
        if s.all_num && !s.all_int && parse_number(v).is_none() {
            s.all_num = false;
        }
        if s.all_date && parse_date(v).is_none() {
            s.all_date = false;
        }
        // Once a column is clearly not textual Likert, stop asking.
        let plausible = s.non_empty <= 1000 || s.likert_text * 2 >= s.non_empty;
        if plausible && v.len() <= 48 && likert_phrase(v) {
            s.likert_text += 1;
        }
    }
    s.distinct = seen.len();
    s
}

fn id_like_header(name: &str) -> bool {
    let l = name.trim().to_lowercase();
    matches!(
        l.as_str(),
        "id" | "tunnus" | "tunniste" | "vastaajatunnus" | "vastaajanumero" | "vastaaja" | "uuid"
    ) || l.starts_with("respondent")
        || l.starts_with("response id")
        || l.starts_with("responseid")
        || l.starts_with("vastaajan tunn")
        || l.starts_with("vastaajan numero")
        || l.ends_with("_id")
        || l.ends_with(" id")
        || l.ends_with("-id")
        || l.starts_with("id_")
}

fn nps_like_header(name: &str) -> bool {
    let l = name.to_lowercase();
    l.contains("suosittel")
        || l.contains("recommend")
        || l.split(|c: char| !c.is_alphanumeric()).any(|w| w == "nps")
}

/// Kind of every column of `table`, overrides from `options` applied.
pub(crate) fn classify(table: &Table, options: &ReadOptions) -> Vec<ColumnKind> {
    let stats: Vec<Stats> = (0..table.header.len())
        .into_par_iter()
        .map(|c| stats(table, c))
        .collect();
    let n_rows = table.rows.len();
    let forced = |list: &[String], c: usize| list.iter().any(|t| table.find(t) == Some(c));
    let id_forced = options.id_col.as_deref().and_then(|n| table.find(n));
    let nps_forced = options.nps_col.as_deref().and_then(|n| table.find(n));
    let question_forced = options.question_col.as_deref().and_then(|n| table.find(n));
    let mut id_col = id_forced;
    if id_col.is_none() && options.id_col.is_none() {
        let free = |c: &usize| !forced(&options.text_cols, *c) && !forced(&options.meta_cols, *c);
        id_col = (0..table.header.len())
            .filter(free)
            .find(|&c| {
                id_like_header(&table.header[c]) && stats[c].with_space * 10 <= stats[c].non_empty
            })
            .or_else(|| {
                (0..table.header.len()).filter(free).find(|&c| {
                    let s = &stats[c];
                    s.all_int
                        && s.non_empty == n_rows
                        && s.distinct == n_rows
                        && n_rows >= 5
                        && s.max > 10
                })
            });
    }
    (0..table.header.len())
        .map(|c| {
            let s = &stats[c];
            if Some(c) == id_col {
                ColumnKind::Id
            } else if forced(&options.text_cols, c) {
                ColumnKind::OpenText
            } else if Some(c) == nps_forced {
                ColumnKind::Nps
            } else if Some(c) == question_forced
                || (super::survey::question_like_header(&table.header[c])
                    && s.distinct < s.non_empty)
            {
                // The question of each row in a table of one row per
                // answer: its values repeat, however long they are.
                ColumnKind::Categorical
            } else {
                let kind = closed_or_open(&table.header[c], s);
                // Given --text-col, only those columns are analysed: other
                // free-text columns stay as closed metadata.
                let only_given = !options.text_cols.is_empty();
                if kind == ColumnKind::OpenText && (only_given || forced(&options.meta_cols, c)) {
                    ColumnKind::Categorical
                } else {
                    kind
                }
            }
        })
        .collect()
}

/// A scale written in the header, like `(1-5)` or `1–7`: (min, max).
fn header_scale(header: &str) -> Option<(i64, i64)> {
    let b = header.as_bytes();
    for (i, _) in header.match_indices(['-', '–']) {
        let dash = if b[i] == b'-' { 1 } else { '–'.len_utf8() };
        let before = header[..i].trim_end();
        let after = header[i + dash..].trim_start();
        let lo: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        let hi: String = after.chars().take_while(char::is_ascii_digit).collect();
        let (Ok(lo), Ok(hi)) = (
            lo.chars().rev().collect::<String>().parse::<i64>(),
            hi.parse::<i64>(),
        ) else {
            continue;
        };
        if (0..=1).contains(&lo) && (3..=10).contains(&hi) {
            return Some((lo, hi));
        }
    }
    None
}

/// A digit string with a leading zero and more digits after it.
fn zero_led(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 2 && b[0] == b'0' && b.iter().all(u8::is_ascii_digit)
}

fn closed_or_open(header: &str, s: &Stats) -> ColumnKind {
    let n = s.non_empty;
    if n == 0 {
        return ColumnKind::Categorical;
    }
    // Phone numbers, postal codes and other codes written with leading
    // zeros: as numbers they would lose their zeros (and a phone number
    // would no longer be recognised and pseudonymised); they are kept as
    // written, as categories.
    if s.zero_led > 0 && s.all_int {
        return ColumnKind::Categorical;
    }
    if s.all_int {
        if nps_like_header(header) && s.min >= 0 && s.max <= 10 {
            return ColumnKind::Nps;
        }
        if let Some((min, max)) = header_scale(header)
            && s.min >= min
            && s.max <= max
        {
            return ColumnKind::Likert { min, max };
        }
        if (0..=2).contains(&s.min) && (3..=10).contains(&s.max) && s.distinct <= 11 {
            return ColumnKind::Likert {
                min: s.min,
                max: s.max,
            };
        }
        if s.distinct <= 2 {
            return ColumnKind::Categorical;
        }
        return ColumnKind::Number;
    }
    if s.all_num {
        return ColumnKind::Number;
    }
    if s.all_date {
        return ColumnKind::Date;
    }
    if s.likert_text * 5 >= n * 4 {
        return ColumnKind::Categorical;
    }
    let ratio = s.distinct as f64 / n.min(DISTINCT_SAMPLE) as f64;
    let avg = s.bytes as f64 / n as f64;
    let spaced = s.with_space as f64 / n as f64;
    let open = (ratio >= 0.5 && ((avg >= 12.0 && spaced >= 0.3) || avg >= 30.0))
        || (ratio >= 0.3 && avg >= 60.0 && spaced >= 0.5);
    if open {
        ColumnKind::OpenText
    } else {
        ColumnKind::Categorical
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    line: i as u64 + 2,
                    record: csv::StringRecord::from(r.to_vec()),
                })
                .collect(),
        }
    }

    #[test]
    fn kinds_of_a_small_survey() {
        let t = table(
            &[
                "Vastaajatunnus",
                "Ikä",
                "Tuki arjessa",
                "Suosittelisitko?",
                "Pvm",
                "Mikä oli hyvää?",
            ],
            &[
                &[
                    "a1",
                    "18-29",
                    "4",
                    "9",
                    "1.2.2024",
                    "Ohjaajat oli tosi mukavia",
                ],
                &["a2", "30-49", "5", "10", "2.2.2024", "vertaistuki ja kahvi"],
                &["a3", "18-29", "2", "3", "3.2.2024", ""],
                &[
                    "a4",
                    "65+",
                    "1",
                    "0",
                    "4.2.2024",
                    "Aukioloajat voisi olla pidemmät",
                ],
            ],
        );
        let kinds = classify(&t, &ReadOptions::default());
        let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        assert_eq!(
            names,
            ["id", "categorical", "likert", "nps", "date", "open"]
        );
        assert_eq!(kinds[2], ColumnKind::Likert { min: 1, max: 5 });
    }

    #[test]
    fn digits_with_leading_zeros_are_codes_not_numbers() {
        let rows: Vec<[String; 4]> = (0..12)
            .map(|i| {
                [
                    format!("{:04}", i + 1),
                    format!("04012345{i:02}"),
                    format!("00{}00", i % 9 + 1),
                    format!("{}", 100 + i * 7),
                ]
            })
            .collect();
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let t = table(&["tunnus", "puhelin", "postinumero", "summa"], &rows);
        let names: Vec<&str> = classify(&t, &ReadOptions::default())
            .iter()
            .map(|k| k.name())
            .collect();
        assert_eq!(names, ["id", "categorical", "categorical", "number"]);
    }

    #[test]
    fn repeated_long_text_is_closed_and_overrides_win() {
        let q = "Kunnan pitäisi lisätä harrastusmahdollisuuksia nuorille ja ikääntyneille.";
        let t = table(
            &["kysymys", "kommentti"],
            &[
                &[q, "Olen samaa mieltä, koska rahaa on"],
                &[q, "Ei onnistu tällä budjetilla mitenkään"],
                &[q, "Kirjastot ensin kuntoon"],
                &[q, "Tärkeä asia meidän alueella"],
            ],
        );
        let kinds = classify(&t, &ReadOptions::default());
        assert_eq!(kinds, [ColumnKind::Categorical, ColumnKind::OpenText]);
        let opts = ReadOptions {
            text_cols: vec!["kysymys".into()],
            meta_cols: vec!["kommentti".into()],
            ..Default::default()
        };
        assert_eq!(
            classify(&t, &opts),
            [ColumnKind::OpenText, ColumnKind::Categorical]
        );
    }

    #[test]
    fn given_text_columns_are_the_only_open_ones() {
        let t = table(
            &["otsikko", "tiivistelmä"],
            &[
                &[
                    "Palvelu laajenee",
                    "Toimintakeskus on nyt auki myös iltaisin.",
                ],
                &[
                    "Uusi ryhmä alkaa",
                    "Vertaistukiryhmä kokoontuu tiistaisin kirjastolla.",
                ],
                &[
                    "Kysely valmis",
                    "Asiakkaat toivoivat pidempiä aukioloaikoja.",
                ],
            ],
        );
        let auto = classify(&t, &ReadOptions::default());
        assert_eq!(auto, [ColumnKind::OpenText, ColumnKind::OpenText]);
        let opts = ReadOptions {
            text_cols: vec!["tiivistelmä".into()],
            ..Default::default()
        };
        assert_eq!(
            classify(&t, &opts),
            [ColumnKind::Categorical, ColumnKind::OpenText]
        );
    }

    #[test]
    fn scale_written_in_the_header_wins_over_values_seen() {
        assert_eq!(header_scale("Tuki arjessa (1-5)"), Some((1, 5)));
        assert_eq!(header_scale("Tyytyväisyys 1 – 7"), Some((1, 7)));
        assert_eq!(header_scale("Ikä 18-29"), None);
        let t = table(&["Tuki (1-5)"], &[&["2"], &["3"], &["4"]]);
        assert_eq!(
            classify(&t, &ReadOptions::default()),
            [ColumnKind::Likert { min: 1, max: 5 }]
        );
    }

    #[test]
    fn header_tidying_names_empty_and_duplicate_columns() {
        let mut h = vec!["a".to_string(), "".into(), "a".into()];
        let w = tidy_header(&mut h);
        assert_eq!(h, ["a", "column 2", "a (2)"]);
        assert_eq!(w.len(), 2);
    }
}
