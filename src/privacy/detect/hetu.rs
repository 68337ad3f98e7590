//! Finnish personal identity codes (henkilötunnus): `DDMMYYCNNNQ`, where
//! `C` is the century sign (`+` 1800s; `-` `Y` `X` `W` `V` `U` 1900s;
//! `A` `B` `C` `D` `E` `F` 2000s), `NNN` the individual number and `Q` the
//! check character (`DDMMYYNNN` mod 31 in
//! `0123456789ABCDEFHJKLMNPRSTUVWXY`), in upper or lower case, with the
//! hyphen also written as a dash or a minus sign (`131052–308T`).
//!
//! A code with a real date, a century sign and a check character from the
//! alphabet is found even when the check character is wrong: a mistyped
//! identity code still points at a person, and nothing else is written
//! this way. A code with spaces around its sign (`131052 - 308T`) is found
//! only with the right check character; an impossible date (`310252-308T`)
//! is left as written.
//!
//! A code glued to letters (`ID131052-308T`, `hetu131052-308T`,
//! `131052-308Tkin`, `tunnus_131052-308T`) is found when its check
//! character is right: people type codes against a label or an ending, and
//! a string of that shape with a right check by chance is rare. Digits
//! glued to it make it part of a longer number, never a code.

use super::{Context, Detector, Found, word_after, word_before};
use crate::privacy::Kind;
use regex::Regex;
use std::sync::LazyLock;

/// The check characters, indexed by the remainder mod 31.
const CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// Candidates: six digits, a century sign (a dash of any kind or `+`, with
/// or without a space on each side, or a letter), three digits, a check
/// character.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{6}(?: ?[-+\u{2010}-\u{2014}\u{2212}] ?|[A-FU-Ya-fu-y])[0-9]{3}[0-9A-Ya-y]")
        .expect("hetu regex")
});

/// Finds valid identity codes.
#[derive(Debug)]
pub struct Hetu;

impl Detector for Hetu {
    fn kind(&self) -> Kind {
        Kind::Hetu
    }

    fn find(&self, text: &str, cx: &mut Context<'_, '_>, out: &mut Vec<Found>) {
        if !cx.hints.digit || text.len() < 11 {
            return;
        }
        for m in CANDIDATE.find_iter(text) {
            let (before, after) = (
                text[..m.start()].chars().next_back(),
                text[m.end()..].chars().next(),
            );
            if before.is_some_and(|c| c.is_ascii_digit())
                || after.is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
            let glued = word_before(text, m.start()) || word_after(text, m.end());
            let code = compact(m.as_str());
            let spaced = m.as_str().contains(' ');
            let checked = spaced || glued;
            if (checked && valid(&code)) || (!checked && well_formed(&code)) {
                out.push(Found {
                    start: m.start(),
                    end: m.end(),
                    kind: Kind::Hetu,
                    key: code,
                });
            }
        }
    }
}

/// The code without spaces, in upper case, a dash written as `-`: the key
/// of a code however it was written.
fn compact(written: &str) -> String {
    written
        .chars()
        .filter(|&c| c != ' ')
        .map(|c| match c {
            '\u{2010}'..='\u{2014}' | '\u{2212}' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// The year a century sign starts, or `None` for a character that is not one.
fn century(sign: u8) -> Option<u32> {
    match sign.to_ascii_uppercase() {
        b'+' => Some(1800),
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => Some(1900),
        b'A' | b'B' | b'C' | b'D' | b'E' | b'F' => Some(2000),
        _ => None,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// True when `code` (11 characters) is a valid identity code: well formed
/// ([`well_formed`]), an individual number 002–999 and the right check
/// character (case is not significant).
pub fn valid(code: &str) -> bool {
    if !well_formed(code) {
        return false;
    }
    let b = code.as_bytes();
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    if num(7..10) < 2 {
        return false;
    }
    let n = u64::from(num(0..6)) * 1000 + u64::from(num(7..10));
    CHECK[(n % 31) as usize] == b[10].to_ascii_uppercase()
}

/// True when `code` (11 characters) is written as an identity code: a real
/// date, a known century sign, three digits and a character of the check
/// alphabet, whether or not it is the right one.
pub fn well_formed(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 11
        || !b[..6].iter().all(u8::is_ascii_digit)
        || !b[7..10].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    let Some(base) = century(b[6]) else {
        return false;
    };
    let (day, month, year) = (num(0..2), num(2..4), base + num(4..6));
    day > 0 && day <= days_in_month(year, month) && CHECK.contains(&b[10].to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::detect::found_by;

    fn find(text: &str) -> Vec<String> {
        found_by(&Hetu, text).into_iter().map(|f| f.0).collect()
    }

    #[test]
    fn known_valid_codes_of_every_century() {
        // 131052-308T is the example of the Digital and Population Data
        // Services Agency; the others are computed by hand.
        for code in [
            "131052-308T",
            "131052Y308T",
            "131052X308T",
            "131052W308T",
            "131052V308T",
            "131052U308T",
            "131052A308T",
            "131052B308T",
            "131052F308T",
            "131052+308T",
            "290200A002C",
        ] {
            assert!(valid(code), "{code} should be valid");
        }
    }

    #[test]
    fn wrong_check_date_or_number_is_invalid() {
        assert!(!valid("131052-308U"), "wrong check character");
        assert!(!valid("310252-308T"), "31 February");
        assert!(!valid("290201A002C"), "29 February 2001");
        assert!(!valid("131052-001H"), "individual number 001");
        assert!(!valid("131052G308T"), "G is no century sign");
        assert!(!valid("131352-308T"), "month 13");
    }

    #[test]
    fn glued_to_letters_with_the_right_check_never_to_digits() {
        assert_eq!(find("hetu 131052-308T."), ["131052-308T"]);
        assert_eq!(find("(131052-308t)"), ["131052-308t"]);
        for glued in [
            "x131052-308T",
            "ID131052-308T",
            "tunnus_131052-308T",
            "131052-308Tä",
            "131052-308Tkin",
            "hetu131052a308tkin",
        ] {
            assert_eq!(find(glued).len(), 1, "{glued}");
        }
        assert!(find("x131052-308U").is_empty(), "glued needs the check");
        assert!(find("131052-308Ux").is_empty(), "glued needs the check");
        assert!(find("1131052-308T").is_empty());
        assert!(find("131052-308T5").is_empty());
        assert!(find("310252-308T ja 24.12.2025").is_empty());
    }

    #[test]
    fn mistyped_dashed_lower_case_and_spaced_codes() {
        assert_eq!(find("hetu 131052-308U"), ["131052-308U"], "wrong check");
        assert_eq!(find("131052–308T"), ["131052–308T"], "en dash");
        assert_eq!(find("131052\u{2212}308T"), ["131052\u{2212}308T"]);
        assert_eq!(find("131052a308t"), ["131052a308t"]);
        assert_eq!(find("131052 - 308T"), ["131052 - 308T"]);
        assert_eq!(find("131052 -308T"), ["131052 -308T"]);
        assert!(find("131052 - 308U").is_empty(), "spaced needs the check");
        assert!(find("131052-308G").is_empty(), "G is no check character");
        let keys: Vec<String> = ["131052-308t", "131052–308T", "131052 - 308T"]
            .iter()
            .map(|t| found_by(&Hetu, t)[0].1.clone())
            .collect();
        assert!(keys.iter().all(|k| k == "131052-308T"), "{keys:?}");
    }
}
