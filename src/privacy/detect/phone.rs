//! Phone numbers: Finnish (`040 123 4567`, `050-1234567`, `09-1234 567`,
//! `(09) 123 4567`) and international (`+358 40 1234567`,
//! `+358 (0)40 123 4567`, `00358 40 123 4567`, `+46 70 123 45 67`).
//!
//! A hand-written scanner, not a regex: it starts only at `+`, `0` or `(`
//! (found with memchr), reads digit groups with one separator between them
//! (space, no-break space, `-`, `/`; `.` only after `+`), and then checks the
//! digit count of a Finnish or an international number. What looks like a
//! date (`01-12-2025`), a time range (`0800-1600`), money (`+100 000 €`),
//! a business id (`0123456-7`) or part of a longer number is not a phone
//! number. Two numbers are the same when their digits in international
//! form are (`040 123 4567` = `+358 40 1234567`).

use super::{Context, Detector, Found, word_after, word_before};
use crate::privacy::Kind;

/// Finds phone numbers.
#[derive(Debug)]
pub struct Phone;

impl Detector for Phone {
    fn kind(&self) -> Kind {
        Kind::Phone
    }

    fn find(&self, text: &str, cx: &mut Context<'_, '_>, out: &mut Vec<Found>) {
        if !cx.hints.digit {
            return;
        }
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(off) = memchr::memchr3(b'+', b'0', b'(', &b[i..]) {
            let s = i + off;
            match number_at(text, s) {
                Some((start, end, key)) => {
                    out.push(Found {
                        start,
                        end,
                        kind: Kind::Phone,
                        key,
                    });
                    i = end;
                }
                None => i = s + 1,
            }
        }
    }
}

/// A group of digits: byte range and the separator before it.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    sep: u8,
}

/// The phone number starting at byte `s` (or right after a bracket
/// there): its start, its end and its key.
fn number_at(text: &str, s: usize) -> Option<(usize, usize, String)> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if word_before(text, s) || b.get(s.wrapping_sub(1)) == Some(&b'+') {
        return None;
    }
    // `12.040…`, `3/040…`: the tail of another number.
    // `1 040 123 456 ihmistä`: a group of a number written with spaces.
    if s >= 2
        && matches!(b[s - 1], b'.' | b',' | b':' | b'/' | b'-' | b' ')
        && b[s - 2].is_ascii_digit()
    {
        return None;
    }
    let mut p = s;
    let mut paren = false;
    if b[p] == b'(' {
        if !(b.get(p + 1) == Some(&b'0') && digit(p + 2)) {
            return None;
        }
        paren = true;
        p += 1;
    }
    let intl = if b[p] == b'+' && !paren {
        if !digit(p + 1) || b[p + 1] == b'0' {
            return None;
        }
        p += 1;
        true
    } else if b[p] == b'0' && b.get(p + 1) == Some(&b'0') && digit(p + 2) && !paren {
        if b[p + 2] == b'0' {
            return None;
        }
        p += 2;
        true
    } else if b[p] == b'0' && digit(p + 1) {
        false
    } else {
        return None;
    };
    let Some(groups) = read_groups(b, p, intl, paren) else {
        // `(040 123 4567)`: the brackets are the sentence's, not an area
        // code's; the number starts inside them.
        return if paren { number_at(text, s + 1) } else { None };
    };
    // The longest run of groups that is a phone number; a last group of one
    // digit (`040 123 4567 2 kertaa`) only when nothing else fits.
    for pass in 0..2 {
        for k in (1..=groups.len()).rev() {
            let gs = &groups[..k];
            if pass == 0 && gs[k - 1].end - gs[k - 1].start < 2 {
                continue;
            }
            let end = gs[k - 1].end;
            if word_after(text, end) || money_after(&text[end..]) {
                continue;
            }
            if let Some(key) = check(b, gs, intl) {
                return Some((s, end, key));
            }
        }
    }
    None
}

/// Digit groups from `p`: a group, then a separator and a group, and so on.
/// `(0)` after the country code is a group with separator `(`.
fn read_groups(b: &[u8], mut p: usize, intl: bool, mut paren: bool) -> Option<Vec<Group>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut sep = 0u8;
    loop {
        let start = p;
        while b.get(p).is_some_and(u8::is_ascii_digit) {
            p += 1;
        }
        if p == start {
            break;
        }
        groups.push(Group { start, end: p, sep });
        if groups.len() > 8 {
            return None;
        }
        // `(09) 123 4567`: only an area code is bracketed.
        if paren && groups.len() == 1 && b.get(p) == Some(&b')') {
            paren = false;
            p += 1;
            let skip = sep_len(b, p, false);
            if skip > 0 && b.get(p + skip).is_some_and(u8::is_ascii_digit) {
                sep = b' ';
                p += skip;
                continue;
            }
            break;
        }
        if intl && groups.len() == 1 {
            // `+358 (0)40`
            let sp = if b.get(p) == Some(&b' ') { 1 } else { 0 };
            if b[p + sp..].starts_with(b"(0)") {
                let q = p + sp + 3;
                let sp2 = if b.get(q) == Some(&b' ') { 1 } else { 0 };
                if b.get(q + sp2).is_some_and(u8::is_ascii_digit) {
                    groups.push(Group {
                        start: p + sp + 1,
                        end: p + sp + 2,
                        sep: b'(',
                    });
                    p = q + sp2;
                    sep = b' ';
                    continue;
                }
            }
        }
        let skip = sep_len(b, p, intl);
        if skip == 0 || !b.get(p + skip).is_some_and(u8::is_ascii_digit) {
            break;
        }
        sep = b[p];
        p += skip;
    }
    if paren || groups.is_empty() {
        return None;
    }
    Some(groups)
}

/// Length of a separator at `p` (0 when there is none).
fn sep_len(b: &[u8], p: usize, intl: bool) -> usize {
    match b.get(p) {
        Some(b' ' | b'-' | b'/') => 1,
        Some(b'.') if intl => 1,
        Some(0xC2) if b.get(p + 1) == Some(&0xA0) => 2,
        Some(0xE2) if b.get(p + 1) == Some(&0x80) && b.get(p + 2) == Some(&0xAF) => 3,
        _ => 0,
    }
}

/// `€`, `%`, `e`, `eur`, `euroa` right after a number: money, not a phone.
fn money_after(rest: &str) -> bool {
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    rest.starts_with('€')
        || rest.starts_with('%')
        || rest.starts_with('$')
        || rest.starts_with("e ")
        || rest == "e"
        || rest.starts_with("eur")
}

/// The key of the number made of `groups`, or `None` when it is not one.
fn check(b: &[u8], groups: &[Group], intl: bool) -> Option<String> {
    let len = |g: &Group| g.end - g.start;
    let mut digits = String::with_capacity(16);
    for g in groups.iter().filter(|g| g.sep != b'(') {
        digits.push_str(std::str::from_utf8(&b[g.start..g.end]).ok()?);
    }
    if intl {
        if let Some(rest) = digits.strip_prefix("358") {
            let rest = rest.strip_prefix('0').unwrap_or(rest);
            return (6..=10).contains(&rest.len()).then(|| format!("358{rest}"));
        }
        return (8..=15).contains(&digits.len()).then_some(digits);
    }
    let n = digits.len();
    let mobile = digits.starts_with("04") || digits.starts_with("050");
    let fits = if mobile {
        (8..=11).contains(&n)
    } else {
        (7..=10).contains(&n)
    };
    if !fits || (groups.len() == 1 && n < 9) {
        return None;
    }
    // 01-12-2025, 1/12/25: a date.
    if groups.len() == 3
        && groups[1].sep == groups[2].sep
        && len(&groups[0]) <= 2
        && len(&groups[1]) <= 2
        && matches!(len(&groups[2]), 2 | 4)
    {
        return None;
    }
    // 0800-1600: a time range.
    if groups.len() == 2 && len(&groups[0]) == 4 && len(&groups[1]) == 4 {
        let hhmm = |g: &Group| {
            let s = &b[g.start..g.end];
            let h = (s[0] - b'0') * 10 + (s[1] - b'0');
            let m = (s[2] - b'0') * 10 + (s[3] - b'0');
            h < 24 && m < 60
        };
        if hhmm(&groups[0]) && hhmm(&groups[1]) {
            return None;
        }
    }
    // 0123456-7: a business id.
    if groups.len() == 2 && len(&groups[0]) == 7 && len(&groups[1]) == 1 {
        return None;
    }
    Some(format!("358{}", &digits[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::detect::found_by;

    fn find(text: &str) -> Vec<(String, String)> {
        found_by(&Phone, text)
    }

    fn one(text: &str) -> String {
        let f = find(text);
        assert_eq!(f.len(), 1, "expected one number in {text:?}, found {f:?}");
        f[0].0.to_string()
    }

    #[test]
    fn finnish_and_international_formats() {
        for (text, number) in [
            ("soita 040 123 4567 heti", "040 123 4567"),
            ("numero on 0401234567.", "0401234567"),
            ("050-1234567", "050-1234567"),
            ("p. 09-1234 567", "09-1234 567"),
            ("(09) 123 4567 virka-aikana", "(09) 123 4567"),
            ("soitti (040 123 4567) heti", "040 123 4567"),
            ("(puh. 040 123 4567)", "040 123 4567"),
            ("+358 40 1234567", "+358 40 1234567"),
            ("+358401234567", "+358401234567"),
            ("+358 (0)40 123 4567", "+358 (0)40 123 4567"),
            ("00358 40 123 4567", "00358 40 123 4567"),
            ("+46 70 123 45 67", "+46 70 123 45 67"),
            ("puh: 044 123 45 67, kiitos", "044 123 45 67"),
            ("040/123 4567", "040/123 4567"),
            ("03 1234 5678", "03 1234 5678"),
            ("numero 040\u{a0}123\u{a0}4567", "040\u{a0}123\u{a0}4567"),
            ("040 123 4567 2 kertaa", "040 123 4567"),
        ] {
            assert_eq!(one(text), number, "in {text:?}");
        }
    }

    #[test]
    fn same_number_same_key_in_every_format() {
        let keys: Vec<String> = [
            "040 123 4567",
            "+358 40 1234567",
            "+358 (0)40 123 4567",
            "00358401234567",
        ]
        .iter()
        .map(|t| find(t)[0].1.clone())
        .collect();
        assert!(keys.iter().all(|k| k == "358401234567"), "{keys:?}");
    }

    #[test]
    fn dates_times_money_years_and_ids_are_not_numbers() {
        for text in [
            "24.12.2025",
            "01.12.2025 klo 09.30",
            "01-12-2025",
            "01/12/2025",
            "klo 0800-1600",
            "09.30-10.00",
            "+100 000 €",
            "0 500 000 euroa",
            "vuonna 2025",
            "NPS 0, 7 ja 10",
            "00100 Helsinki",
            "y-tunnus 0123456-7",
            "0,5 %",
            "00:01:02.500 --> 00:01:05.000",
            "tilinro 12040 1234567",
            "v. 2005-2010",
            "040 123",
            "2 040 123 456 ihmistä",
        ] {
            assert!(find(text).is_empty(), "{text:?} gave {:?}", find(text));
        }
    }
}
