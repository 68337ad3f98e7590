//! IBAN account numbers (`FI21 1234 5600 0007 85`, `FI2112345600000785`,
//! `DE89 3704 0044 0532 0130 00`): two letters, two check digits and the
//! account, in groups of four or written together, in upper or lower case
//! (`fi21 1234 5600 0007 85`), with spaces, no-break spaces, hyphens,
//! dashes or dots between the groups (`FI21-1234-5600-0007-85`), in groups
//! of other sizes (`FI2112 3456 0000 0785`) and a space after the country
//! (`FI 21 …`). The length must be the country's (teema
//! knows those of the IBAN registry and of the countries that use IBANs
//! outside it) and the mod-97 check must hold, so an ordinary code of
//! letters and digits is never taken for an account; a Finnish account
//! (`FI` and sixteen digits) is found even with a wrong check, as a
//! mistyped account is still personal data.

use super::{Context, Detector, Found, ending_after, word_after, word_before};
use crate::privacy::Kind;
use regex::Regex;

/// IBAN lengths of the countries of the IBAN registry and of the countries
/// that use IBANs outside it.
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AO", 25),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BF", 28),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BJ", 28),
    ("BR", 29),
    ("BY", 28),
    ("CF", 27),
    ("CG", 27),
    ("CH", 21),
    ("CI", 28),
    ("CM", 27),
    ("CR", 22),
    ("CV", 25),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("DZ", 26),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GA", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GQ", 27),
    ("GR", 27),
    ("GT", 28),
    ("GW", 25),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IR", 26),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KM", 27),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MA", 28),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MG", 27),
    ("MK", 19),
    ("ML", 28),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("MZ", 25),
    ("NE", 28),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SN", 28),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TD", 27),
    ("TG", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// Finds IBANs.
#[derive(Debug)]
pub struct Iban {
    re: Regex,
}

impl Iban {
    /// Compile the candidate pattern.
    pub fn new() -> Iban {
        let sep = r"[ \u{a0}\u{202f}\-\u{2010}-\u{2014}.]";
        // Letters and digits with at most one separator between any two:
        // groups of four, written together, or groups of any size typed
        // from a form (`FI2112 3456 0000 0785`). The candidate may run on
        // into the text after it; `iban_at` takes the country's length
        // from its start, and the check decides.
        let re = Regex::new(&format!(
            r"(?i)[A-Z]{{2}} ?[0-9]{{2}}(?:{sep}?[A-Z0-9]){{10,30}}"
        ))
        .expect("IBAN regex");
        Iban { re }
    }
}

impl Default for Iban {
    fn default() -> Self {
        Iban::new()
    }
}

impl Detector for Iban {
    fn kind(&self) -> Kind {
        Kind::Iban
    }

    fn find(&self, text: &str, cx: &mut Context<'_, '_>, out: &mut Vec<Found>) {
        if !cx.hints.digit {
            return;
        }
        let mut at = 0;
        while let Some(m) = self.re.find_at(text, at) {
            let found = (!word_before(text, m.start()) || case_change_before(text, m.start()))
                .then(|| iban_at(m.as_str()))
                .flatten()
                .map(|(len, key)| (m.start() + len, key))
                .filter(|&(end, _)| !word_after(text, end) || ending_after(text, end));
            match found {
                Some((end, key)) => {
                    out.push(Found {
                        start: m.start(),
                        end,
                        kind: Kind::Iban,
                        key,
                    });
                    at = end;
                }
                // A match that is no IBAN may have run over the start of
                // one (`ab12 FI21 …`): look again from its next character.
                None => at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }
}

/// True when a lower-case letter ends right before an upper-case country
/// code at `start` (`tiliFI21…`, `tililleFI21…`): the change of case
/// marks where the account begins, as a space would. A letter in the same
/// case (`XFI21…`, `tilifi21…`) makes one code of them.
fn case_change_before(text: &str, start: usize) -> bool {
    let before = text[..start].chars().next_back();
    let country = &text.as_bytes()[start..start + 2];
    before.is_some_and(char::is_lowercase) && country.iter().all(u8::is_ascii_uppercase)
}

/// The IBAN at the start of `s`: its length in bytes and its compact form.
/// What follows it in the text (a letter, a digit) is the caller's to
/// judge.
/// The country must be one of the registry's and the length its own (an
/// unknown country would leave only the 1-in-97 check between a code of
/// letters and digits and a false account), and the check must hold, except
/// for a Finnish account (`FI` and sixteen digits), found even mistyped.
fn iban_at(s: &str) -> Option<(usize, String)> {
    // (byte end, compact) after each alphanumeric character.
    let mut compact = String::with_capacity(34);
    let mut ends = Vec::with_capacity(34);
    for (i, c) in s.char_indices() {
        if c.is_ascii_alphanumeric() {
            compact.push(c.to_ascii_uppercase());
            ends.push(i + 1);
        }
    }
    let &(_, n) = LENGTHS.iter().find(|(cc, _)| *cc == &compact[..2])?;
    if n > compact.len() {
        return None;
    }
    let iban = &compact[..n];
    // Words never make an account (`jo 13 fina alio …`): mostly digits.
    if iban[4..].bytes().filter(u8::is_ascii_alphabetic).count() * 2 > n - 4 {
        return None;
    }
    // A Finnish account with a wrong check (a typo) is still an account:
    // `FI`, two digits and fourteen, nothing else is written so.
    let finnish = iban.starts_with("FI") && iban[2..].bytes().all(|c| c.is_ascii_digit());
    (finnish || mod97(iban) == Some(1)).then(|| (ends[n - 1], iban.to_string()))
}

/// The IBAN check value: the first four characters moved to the end,
/// letters as 10–35, the number mod 97 (1 for a valid IBAN).
pub fn mod97(iban: &str) -> Option<u32> {
    let b = iban.as_bytes();
    if b.len() < 5 {
        return None;
    }
    let mut r = 0u32;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return None,
        };
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::detect::found_by;

    fn find(text: &str) -> Vec<(String, String)> {
        found_by(&Iban::new(), text)
    }

    #[test]
    fn check_of_known_examples() {
        // The examples of the IBAN registry.
        assert_eq!(mod97("FI2112345600000785"), Some(1));
        assert_eq!(mod97("DE89370400440532013000"), Some(1));
        assert_eq!(mod97("GB29NWBK60161331926819"), Some(1));
        assert_ne!(mod97("FI2112345600000786"), Some(1));
    }

    #[test]
    fn grouped_and_compact_with_text_after() {
        assert_eq!(
            find("tili FI21 1234 5600 0007 85 SEPA-maksuun"),
            [(
                "FI21 1234 5600 0007 85".to_string(),
                "FI2112345600000785".to_string()
            )]
        );
        assert_eq!(
            find("FI2112345600000785, kiitos")[0].0,
            "FI2112345600000785"
        );
        assert_eq!(
            find("DE89 3704 0044 0532 0130 00.")[0].0,
            "DE89 3704 0044 0532 0130 00"
        );
    }

    #[test]
    fn lower_case_hyphens_dashes_dots_and_other_countries() {
        for (text, iban) in [
            ("tili fi21 1234 5600 0007 85.", "fi21 1234 5600 0007 85"),
            ("FI21-1234-5600-0007-85", "FI21-1234-5600-0007-85"),
            ("FI21–1234–5600–0007–85", "FI21–1234–5600–0007–85"),
            ("FI21.1234.5600.0007.85", "FI21.1234.5600.0007.85"),
            ("FI 21 1234 5600 0007 85", "FI 21 1234 5600 0007 85"),
            ("Fi2112345600000785", "Fi2112345600000785"),
            ("ab12 FI21 1234 5600 0007 85", "FI21 1234 5600 0007 85"),
            ("GB29 NWBK 6016 1331 9268 19", "GB29 NWBK 6016 1331 9268 19"),
            ("gb29nwbk60161331926819", "gb29nwbk60161331926819"),
            (
                "SE45 5000 0000 0583 9825 7466",
                "SE45 5000 0000 0583 9825 7466",
            ),
            ("tili FI2112 3456 0000 0785 ok", "FI2112 3456 0000 0785"),
            ("FI21 123456 00000785.", "FI21 123456 00000785"),
            ("fi21 1234 5600 000 785", "fi21 1234 5600 000 785"),
        ] {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text:?}: {f:?}");
            assert_eq!(f[0].0, iban, "{text:?}");
        }
        assert_eq!(
            find("fi21-1234-5600-0007-85")[0].1,
            find("FI21 1234 5600 0007 85")[0].1
        );
    }

    #[test]
    fn a_mistyped_finnish_account_is_still_an_account() {
        assert_eq!(find("FI21 1234 5600 0007 86")[0].1, "FI2112345600000786");
        assert_eq!(find("fi55-1111-2222-3333-44")[0].1, "FI5511112222333344");
    }

    /// An ending typed against an account (`…785kin`, `…785:stä`), or the
    /// word before it (`tililleFI21…`, told apart by the change of case).
    #[test]
    fn glued_to_an_ending_or_a_lower_case_word() {
        for (text, iban) in [
            ("tilille FI2112345600000785kin", "FI2112345600000785"),
            ("FI2112345600000785:stä", "FI2112345600000785"),
            (
                "tililtä FI21 1234 5600 0007 85stä",
                "FI21 1234 5600 0007 85",
            ),
            ("tililleFI2112345600000785", "FI2112345600000785"),
            (
                "tiliFI21 1234 5600 0007 85, kiitos",
                "FI21 1234 5600 0007 85",
            ),
            ("DE89370400440532013000lle", "DE89370400440532013000"),
        ] {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text:?}: {f:?}");
            assert_eq!(f[0].0, iban, "{text:?}");
        }
        for text in [
            "FI2112345600000785KIN",
            "FI2112345600000785abc",
            "FI21123456000007851",
            "tilifi2112345600000785",
            "DE89370400440532013000x",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }

    #[test]
    fn wrong_check_or_length_is_not_an_account() {
        assert!(find("DE89 3704 0044 0532 0130 01").is_empty());
        assert!(find("GB29 NWBK 6016 1331 9268 18").is_empty());
        assert!(find("FI21 1234 5600 0007 8").is_empty());
        assert!(find("FI21 1234 5600 0007 8A").is_empty());
        assert!(find("AB12CDEF34567890 koodi").is_empty());
        assert!(find("XFI2112345600000785").is_empty());
        // Jordan's length and, by chance, a right check: words, not an account.
        assert!(find("jo 13 finaaliottelua ilman voittoa").is_empty());
        assert!(find("jo13 fina alio ttel uail manv oitt oa").is_empty());
    }
}
