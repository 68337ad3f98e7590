//! `codings.csv` (one row per coded span) and `crosstab.csv` (one row per
//! cross-tab cell, long format for R, SPSS or Excel pivot tables).
//!
//! Text cells that a spreadsheet would read as a formula (starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading `'`, so an
//! answer such as `=cmd|' /C calc'!A0` shows as text and never runs.
//! Numbers teema computes are written as plain numbers.

use crate::themes::ThemeResult;
use crate::{Error, Result};

/// `cell` made safe for spreadsheets: a leading `'` when it would be read
/// as a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn writer<W: std::io::Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out)
}

fn finish<W: std::io::Write>(w: ::csv::Writer<W>, name: &str) -> Result<W> {
    w.into_inner()
        .map_err(|e| Error::io(name, std::io::Error::other(e.to_string())))
}

fn csv_err(name: &'static str) -> impl Fn(::csv::Error) -> Error {
    move |e| Error::io(name, std::io::Error::other(e.to_string()))
}

/// Character offset of byte offset `byte` in the cursor's text (bytes past
/// the end or inside a character count up to the previous boundary).
fn chars_before(cursor: &mut super::CharCursor<'_>, text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    cursor.chars_at(b).unwrap_or_default()
}

/// codings.csv: respondent, question, speaker, theme, theme_label, start,
/// end, text. `start`/`end` are character offsets (not bytes) of the span
/// in the answer, as in project.qdpx.
pub fn codings(result: &ThemeResult, corpus: &crate::corpus::Corpus) -> Result<Vec<u8>> {
    write_codings(result, corpus, Vec::new())
}

/// [`codings`] written into `out` as it is produced (no copy of the whole
/// file in memory); returns `out`.
pub fn write_codings<W: std::io::Write>(
    result: &ThemeResult,
    corpus: &crate::corpus::Corpus,
    out: W,
) -> Result<W> {
    write_codings_with(result, &super::UnitLookup::new(corpus), out)
}

/// [`write_codings`], finding the codings' answers with `lookup`.
pub(super) fn write_codings_with<W: std::io::Write>(
    result: &ThemeResult,
    lookup: &super::UnitLookup<'_>,
    out: W,
) -> Result<W> {
    let err = csv_err("codings.csv");
    let mut w = writer(out);
    w.write_record([
        "respondent",
        "question",
        "speaker",
        "theme",
        "theme_label",
        "start",
        "end",
        "text",
    ])
    .map_err(&err)?;
    let label = super::labels(result);
    // The codings of one answer follow each other: their offsets are
    // counted on from the previous one, not from the start of the answer.
    let mut cursor: Option<super::CharCursor<'_>> = None;
    for c in &result.codings {
        let (start, end) = match lookup.unit_text(c) {
            Some(text) => {
                let cursor = match &mut cursor {
                    Some(k) if k.is_over(text) => k,
                    _ => cursor.insert(super::CharCursor::new(text)),
                };
                (
                    chars_before(cursor, text, c.start),
                    chars_before(cursor, text, c.end),
                )
            }
            None => (c.start, c.end),
        };
        w.write_record([
            neutralise(&c.document).as_ref(),
            neutralise(c.question.as_deref().unwrap_or("")).as_ref(),
            neutralise(c.speaker.as_deref().unwrap_or("")).as_ref(),
            neutralise(&c.theme).as_ref(),
            neutralise(label.get(&*c.theme).copied().unwrap_or("")).as_ref(),
            &start.to_string(),
            &end.to_string(),
            neutralise(&c.text).as_ref(),
        ])
        .map_err(&err)?;
    }
    finish(w, "codings.csv")
}

/// crosstab.csv: one row per (cross-tab, theme, category) with count,
/// category total, row and column shares, adjusted residual, whether the
/// cell is significant (|residual| > 1.96), and the theme's and table's
/// chi-square tests.
pub fn crosstab(result: &ThemeResult) -> Result<Vec<u8>> {
    let err = csv_err("crosstab.csv");
    let mut w = writer(Vec::new());
    w.write_record([
        "column",
        "kind",
        "counted",
        "theme",
        "theme_label",
        "category",
        "count",
        "category_total",
        "row_share",
        "column_share",
        "adjusted_residual",
        "significant",
        "theme_chi_square",
        "theme_df",
        "theme_p_value",
        "table_chi_square",
        "table_df",
        "table_p_value",
    ])
    .map_err(&err)?;
    let label = super::labels(result);
    for t in &result.crosstabs {
        for row in &t.rows {
            for (j, cat) in t.categories.iter().enumerate() {
                let get = |v: &[f64]| v.get(j).copied().unwrap_or(f64::NAN);
                let residual = get(&row.residuals);
                w.write_record([
                    neutralise(&t.column).as_ref(),
                    &t.kind,
                    &t.counted,
                    neutralise(&row.theme).as_ref(),
                    neutralise(label.get(row.theme.as_str()).copied().unwrap_or("")).as_ref(),
                    neutralise(cat).as_ref(),
                    &row.counts.get(j).copied().unwrap_or(0).to_string(),
                    &t.totals.get(j).copied().unwrap_or(0).to_string(),
                    &num(get(&row.row_shares)),
                    &num(get(&row.column_shares)),
                    &num(residual),
                    if residual.abs() > 1.96 { "1" } else { "0" },
                    &num(row.chi_square),
                    &row.df.to_string(),
                    &p_num(row.p_value),
                    &num(t.chi_square),
                    &t.df.to_string(),
                    &p_num(t.p_value),
                ])
                .map_err(&err)?;
            }
        }
    }
    finish(w, "crosstab.csv")
}

/// A number with 6 decimals (trailing zeros kept for stable columns);
/// empty for NaN.
fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.6}")
    } else {
        String::new()
    }
}

/// A p-value: like [`num`], but in scientific notation below 0.0001 so
/// small values keep their digits (`3.142e-9`).
fn p_num(p: f64) -> String {
    if p > 0.0 && p < 1e-4 {
        format!("{p:.3e}")
    } else {
        num(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("+358 40"), "'+358 40");
        assert_eq!(neutralise("-"), "'-");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Hyvä = kiva"), "Hyvä = kiva");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn small_p_values_keep_their_digits() {
        assert_eq!(p_num(3.14159e-9), "3.142e-9");
        assert_eq!(p_num(0.047), "0.047000");
        assert_eq!(p_num(0.0), "0.000000");
    }

    #[test]
    fn char_positions_from_bytes() {
        let at =
            |text: &str, byte| chars_before(&mut super::super::CharCursor::new(text), text, byte);
        assert_eq!(at("äö auki", 4), 2);
        assert_eq!(at("äö", 1), 0);
        assert_eq!(at("ab", 9), 2);
    }
}
