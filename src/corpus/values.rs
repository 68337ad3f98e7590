//! Parsing cell values: numbers (with a decimal comma), dates (ISO 8601 or
//! Finnish d.m.yyyy) and typing a cell by its column kind.

use super::model::{ColumnKind, Value};
use std::borrow::Cow;

/// An integer cell (`-3`, `10`), if it is one.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A number cell (`3`, `3.5`, `3,5`, `-0.25`), if it is one.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    if let Some(i) = parse_int(s) {
        return Some(i as f64);
    }
    let body = s.strip_prefix('-').unwrap_or(s);
    let mut seps = 0;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {}
            b'.' | b',' => seps += 1,
            _ => return None,
        }
    }
    if seps != 1 || body.starts_with(['.', ',']) || body.ends_with(['.', ',']) {
        return None;
    }
    s.replace(',', ".").parse().ok()
}

/// A date or date-time cell as ISO 8601 text: `2024-03-05`, `2024-03-05T10:15:00Z`
/// (kept), `5.3.2024` → `2024-03-05`, `5.3.2024 10.15` → `2024-03-05T10:15`.
pub(crate) fn parse_date(s: &str) -> Option<Cow<'_, str>> {
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (num(&s[..4])?, num(&s[5..7])?, num(&s[8..10])?);
        let rest = &s[10..];
        if valid(y, m, d)
            && (rest.is_empty() || (rest.starts_with(['T', ' ']) && time_like(&rest[1..])))
        {
            return Some(if rest.starts_with(' ') {
                Cow::Owned(s.replacen(' ', "T", 1))
            } else {
                Cow::Borrowed(s)
            });
        }
        return None;
    }
    let (date, time) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let mut parts = date.split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || d.len() > 2 || m.len() > 2 || y.len() != 4 {
        return None;
    }
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    if !valid(y, m, d) {
        return None;
    }
    let mut iso = format!("{y:04}-{m:02}-{d:02}");
    if let Some(t) = time {
        if !time_like(t) {
            return None;
        }
        let t = t.replace('.', ":");
        let (h, rest) = t.split_once(':')?;
        iso.push_str(&format!("T{:02}:{rest}", num(h)?));
    }
    Some(Cow::Owned(iso))
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1000..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn time_like(t: &str) -> bool {
    let t = t.trim_end_matches('Z');
    let b = t.as_bytes();
    b.len() >= 4
        && b[0].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b':' | b'.' | b'+' | b'-'))
        && (t.contains(':') || t.contains('.'))
}

/// True when `s` reads like a textual Likert answer ("täysin samaa mieltä").
pub(crate) fn likert_phrase(s: &str) -> bool {
    // Cheap tests first: most cells are not Likert phrases.
    let starts = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if s.contains("mieltä") || s.contains("MIELTÄ") || s.contains("gree") || s.contains("GREE") {
        return true;
    }
    if !(starts("en ") || starts("ei ") || starts("erit") || starts("melko")) {
        return false;
    }
    let l = s.to_lowercase();
    l.starts_with("en osaa sanoa")
        || matches!(
            l.as_str(),
            "erittäin hyvin"
                | "melko hyvin"
                | "melko huonosti"
                | "erittäin huonosti"
                | "ei lainkaan"
        )
}

/// Type a non-empty, trimmed cell of a closed column.
pub(crate) fn typed(kind: &ColumnKind, cell: &str) -> Value {
    match kind {
        ColumnKind::Likert { .. } | ColumnKind::Nps | ColumnKind::Number => {
            match parse_number(cell) {
                Some(n) => Value::Number(n),
                None => Value::Text(cell.into()),
            }
        }
        ColumnKind::Date => Value::Text(parse_date(cell).map_or_else(|| cell.into(), |d| d.into())),
        _ => Value::Text(cell.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_decimal_comma_only_when_well_formed() {
        assert_eq!(parse_number("3,5"), Some(3.5));
        assert_eq!(parse_number("-2"), Some(-2.0));
        for bad in ["", "1,2,3", "nan", "1 000", ",5", "3."] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn likert_phrases() {
        for yes in [
            "Täysin samaa mieltä",
            "jokseenkin eri mieltä",
            "En osaa sanoa",
            "Melko hyvin",
            "Agree",
        ] {
            assert!(likert_phrase(yes), "{yes}");
        }
        for no in ["Ohjaajat", "en tiedä mitä sanoa", "melkoinen meteli"] {
            assert!(!likert_phrase(no), "{no}");
        }
    }

    #[test]
    fn dates_iso_and_finnish() {
        assert_eq!(parse_date("5.3.2024").as_deref(), Some("2024-03-05"));
        assert_eq!(
            parse_date("15.12.2023 9.05").as_deref(),
            Some("2023-12-15T09:05")
        );
        assert_eq!(
            parse_date("2012-01-01T09:31:00.000Z").as_deref(),
            Some("2012-01-01T09:31:00.000Z")
        );
        assert_eq!(parse_date("2024-02-30").as_deref(), Some("2024-02-30"));
        for bad in ["3.5", "1.2.3", "2024-13-01", "32.1.2024", "5.3.2024 klo"] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }
}
