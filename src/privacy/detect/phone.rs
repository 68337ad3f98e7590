//! Phone numbers in the ways Finns write them: mobile (`040 123 4567`,
//! `050-1234567`, `0401234567`), landline with an area code (`09-1234 567`,
//! `(09) 123 4567`, `013 123 456`), service and corporate numbers
//! (`0800 123 456`, `0100 100`, `020 123 456`, `010 123 4567`), and
//! international (`+358 40 1234567`, `+358 (0)40 123 4567`,
//! `+358(40)1234567`, `00358 40 123 4567`, `358401234567`,
//! `+46 70 123 45 67`).
//!
//! A hand-written scanner, not a regex: it starts only at `+`, `0`, `(` or
//! the `3` of `358`, reads digit groups with one separator between them
//! (space, no-break or thin space, a line break, hyphen, en or em dash,
//! minus sign, dot, slash, a dash with spaces around it) and checks the digits: a Finnish
//! number needs a prefix that exists (`04x`, `050`, an area code, a
//! service prefix; not `011`, `012` or `00`) and a length that fits. Guards
//! keep ordinary numbers out: a date (`01.12.2025`, `01-12-2025`), a time
//! or a time range (`0800-1600`, `09.30–10.00`: a number written with dots
//! uses no other separator), money (`+100 000 €`), a business id
//! (`0123456-7`), a postal code (`00100`), a scale (`0 1 2 … 10`: `012` is
//! no prefix) and the groups of a number written with spaces
//! (`1 040 123 456`). Two numbers are the same when their digits in
//! international form are (`040 123 4567` = `+358 40 1234567`).

use super::{Context, Detector, Found, ending_after, is_ending, word_after, word_before};
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
        let mut last_end = 0;
        while i < b.len() {
            if !matches!(b[i], b'+' | b'0' | b'(' | b'3') {
                i += 1;
                continue;
            }
            match number_at(text, i, last_end) {
                Some((start, end, key)) => {
                    out.push(Found {
                        start,
                        end,
                        kind: Kind::Phone,
                        key,
                    });
                    i = end;
                    last_end = end;
                }
                None => i += 1,
            }
        }
    }
}

/// What separates two digit groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// Nothing: the first group.
    First,
    /// A space of any width.
    Space,
    /// A hyphen, dash or minus sign, with or without spaces around it.
    Dash,
    /// `.`
    Dot,
    /// `/`
    Slash,
    /// An area code in brackets after the country code: `+358 (40)`.
    Paren,
    /// The trunk zero in brackets after the country code: `+358 (0)40`;
    /// its digit is not part of the number.
    Trunk,
}

/// How the number starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// `0…`: a Finnish number with its trunk zero.
    Domestic,
    /// `+` or `00`: a country code follows.
    Plus,
    /// `358…` without `+`: Finland's country code written bare.
    Bare358,
}

/// A group of digits: byte range and the separator before it.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    sep: Sep,
}

impl Group {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Most groups a number is read in (`0 4 0 1 2 3 4 5 6 7`, digit by digit,
/// is ten).
const MAX_GROUPS: usize = 14;

/// The separator at byte `p`, with its length in bytes.
fn sep_at(b: &[u8], p: usize) -> Option<(Sep, usize)> {
    let one = |p: usize| -> Option<(Sep, usize)> {
        match *b.get(p)? {
            b' ' | b'\t' => Some((Sep::Space, 1)),
            // A line break inside a number (a wrapped line, a cell
            // written on two lines) separates its groups as a space does.
            b'\n' => Some((Sep::Space, 1)),
            b'\r' if b.get(p + 1) == Some(&b'\n') => Some((Sep::Space, 2)),
            b'\r' => Some((Sep::Space, 1)),
            b'-' => Some((Sep::Dash, 1)),
            b'.' => Some((Sep::Dot, 1)),
            b'/' => Some((Sep::Slash, 1)),
            // no-break space
            0xC2 if b.get(p + 1) == Some(&0xA0) => Some((Sep::Space, 2)),
            0xE2 => match (*b.get(p + 1)?, *b.get(p + 2)?) {
                // figure, thin and narrow no-break spaces
                (0x80, 0x87 | 0x89 | 0xAF) => Some((Sep::Space, 3)),
                // hyphen, non-breaking hyphen, figure dash, en, em dash,
                // horizontal bar; minus sign
                (0x80, 0x90..=0x95) | (0x88, 0x92) => Some((Sep::Dash, 3)),
                _ => None,
            },
            _ => None,
        }
    };
    let (sep, n) = one(p)?;
    match sep {
        // ` - `, ` – `: a dash with spaces around it.
        Sep::Space => match one(p + n) {
            Some((Sep::Dash, m)) => match one(p + n + m) {
                Some((Sep::Space, k)) => Some((Sep::Dash, n + m + k)),
                _ => Some((Sep::Space, n)),
            },
            _ => Some((Sep::Space, n)),
        },
        // `040- 123`
        Sep::Dash => match one(p + n) {
            Some((Sep::Space, k)) => Some((Sep::Dash, n + k)),
            _ => Some((sep, n)),
        },
        _ => Some((sep, n)),
    }
}

/// The separator (one character, or `:` or `,` of a time or a decimal)
/// that ends right before byte `s`: the byte where it starts.
fn sep_before(b: &[u8], s: usize) -> Option<usize> {
    if s > 0 && matches!(b[s - 1], b':' | b',') {
        return Some(s - 1);
    }
    (1..=3)
        .filter(|&n| n <= s)
        .find(|&n| sep_at(b, s - n).is_some_and(|(_, len)| len == n))
        .map(|n| s - n)
}

/// Words that say a phone number follows, typed against it as often as
/// not (`puh0401234567`, `gsm040-1234567`, `tel+358…`).
const LABELS: &[&str] = &[
    "p",
    "puh",
    "puhelin",
    "puhelinnumero",
    "puhnro",
    "nro",
    "numero",
    "gsm",
    "tel",
    "mob",
    "mobile",
    "phone",
];

/// Stems of phone labels that change before an ending (`puhelin` →
/// `puhelimeen`, `kännykkä` → `kännykässä`), and words for a phone that
/// are labels only inflected.
const LABEL_STEMS: &[&str] = &[
    "puhelime",
    "puhelimi",
    "matkapuhelime",
    "kännykkä",
    "kännykä",
    "känny",
];

/// True when the word that ends at byte `s` is a phone label ([`LABELS`],
/// any case), also inflected (`numeroni`, `numeroon`, `puhelinnumerosta`,
/// `puhelimeenkin`: a label of two letters or more, or a stem of
/// [`LABEL_STEMS`], then a Finnish ending): a number glued to it is still a
/// number. Other words glued to a number (`tilaus0401234567`,
/// `abc0401234567`) make an order or product code.
fn label_before(text: &str, s: usize) -> bool {
    let word = text[..s]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or("", |(i, _)| &text[i..s]);
    if word.is_empty() {
        return false;
    }
    if LABELS.iter().any(|l| l.eq_ignore_ascii_case(word)) {
        return true;
    }
    let lower = word.to_lowercase();
    LABELS
        .iter()
        .filter(|l| l.len() >= 2)
        .chain(LABEL_STEMS)
        .any(|l| lower.strip_prefix(l).is_some_and(is_ending))
}

/// The phone number starting at byte `s` (or right after a bracket
/// there): its start, its end and its key. `last_end` is the end of the
/// number found before it.
fn number_at(text: &str, s: usize, last_end: usize) -> Option<(usize, usize, String)> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if (word_before(text, s) && !label_before(text, s)) || b.get(s.wrapping_sub(1)) == Some(&b'+') {
        return None;
    }
    // `12.040…`, `3/040…`: the tail of another number; `1 040 123 456
    // ihmistä`: a group of a number written with spaces. A number found
    // right before, or a year before a space (`2025 040 123 4567`), is no
    // such number.
    if let Some(q) = sep_before(b, s)
        && q > 0
        && b[q - 1].is_ascii_digit()
        && q > last_end
    {
        let run = b[..q]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let spaced = sep_at(b, q).is_some_and(|(sep, _)| sep == Sep::Space);
        if !(spaced && run >= 4) {
            return None;
        }
    }
    let mut p = s;
    let mut paren = false;
    if b[p] == b'(' {
        let next = *b.get(p + 1)?;
        if !((next == b'0' || next == b'+') && digit(p + 2)) {
            return None;
        }
        paren = true;
        p += 1;
    }
    let start = if b[p] == b'+' {
        if !digit(p + 1) || b[p + 1] == b'0' {
            return None;
        }
        p += 1;
        Start::Plus
    } else if b[p] == b'0' && b.get(p + 1) == Some(&b'0') && !paren {
        // `00358…`, `00 358 …`, `0046…`
        let q = match sep_at(b, p + 2) {
            Some((Sep::Space, n)) => p + 2 + n,
            _ => p + 2,
        };
        if !digit(q) || b[q] == b'0' {
            return None;
        }
        p = q;
        Start::Plus
    } else if b[p] == b'0' {
        Start::Domestic
    } else if b[p] == b'3' && b[p..].starts_with(b"358") && !paren {
        Start::Bare358
    } else {
        return None;
    };
    let Some(groups) = read_groups(b, p, start, paren) else {
        // `(040 123 4567)`: the brackets are the sentence's, not an area
        // code's; the number starts inside them.
        return if paren {
            number_at(text, s + 1, last_end)
        } else {
            None
        };
    };
    // The longest run of groups that is a phone number; a last group of one
    // digit (`040 123 4567 2 kertaa`) only when nothing else fits.
    for pass in 0..2 {
        for k in (1..=groups.len()).rev() {
            let gs = &groups[..k];
            let spaced = gs.iter().all(|g| g.len() == 1);
            if pass == 0 && gs[k - 1].len() < 2 && !spaced {
                continue;
            }
            let end = gs[k - 1].end;
            // Letters after it make a code (`0401234567abc`) unless they
            // are a Finnish ending typed against it (`0401234567kin`).
            if (word_after(text, end) && !ending_after(text, end)) || money_after(&text[end..]) {
                continue;
            }
            if let Some(key) = check(b, gs, start) {
                return Some((s, end, key));
            }
        }
    }
    None
}

/// Digit groups from `p`: a group, then a separator and a group, and so on.
/// `paren`: the number began with `(`, closed after the first group
/// (`(09) 123 4567`, `(+358) 40 123 4567`).
fn read_groups(b: &[u8], mut p: usize, start: Start, mut paren: bool) -> Option<Vec<Group>> {
    let digits_from = |p: usize| b[p..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut groups: Vec<Group> = Vec::new();
    let mut sep = Sep::First;
    loop {
        let n = digits_from(p);
        if n == 0 {
            break;
        }
        groups.push(Group {
            start: p,
            end: p + n,
            sep,
        });
        p += n;
        if groups.len() > MAX_GROUPS {
            return None;
        }
        // `(09) 123 4567`: only an area code is bracketed.
        if paren && groups.len() == 1 && b.get(p) == Some(&b')') {
            paren = false;
            p += 1;
            let (next, skip) = match sep_at(b, p) {
                Some((s, n)) => (s, n),
                None => (Sep::Space, 0),
            };
            if digits_from(p + skip) > 0 {
                sep = next;
                p += skip;
                continue;
            }
            break;
        }
        // `+358 (0)40`, `+358(40)123…`: trunk zero or area code in brackets.
        if start != Start::Domestic && groups.len() == 1 && !paren {
            let q = match sep_at(b, p) {
                Some((Sep::Space, n)) => p + n,
                _ => p,
            };
            if b.get(q) == Some(&b'(') {
                let n = digits_from(q + 1);
                if (1..=3).contains(&n) && b.get(q + 1 + n) == Some(&b')') {
                    let mut r = q + n + 2;
                    if let Some((Sep::Space | Sep::Dash, k)) = sep_at(b, r) {
                        r += k;
                    }
                    let trunk = n == 1 && b[q + 1] == b'0';
                    if digits_from(r) > 0 || !trunk {
                        groups.push(Group {
                            start: q + 1,
                            end: q + 1 + n,
                            sep: if trunk { Sep::Trunk } else { Sep::Paren },
                        });
                        p = r;
                        sep = Sep::Space;
                        if digits_from(p) > 0 {
                            continue;
                        }
                        break;
                    }
                }
            }
        }
        let Some((next, skip)) = sep_at(b, p) else {
            break;
        };
        if digits_from(p + skip) == 0 {
            break;
        }
        sep = next;
        p += skip;
    }
    if paren || groups.is_empty() {
        return None;
    }
    Some(groups)
}

/// `€`, `%`, `e`, `eur`, `euroa`, `mk` right after a number: money or a
/// share, not a phone.
fn money_after(rest: &str) -> bool {
    let rest = rest
        .strip_prefix(' ')
        .or_else(|| rest.strip_prefix('\u{a0}'))
        .unwrap_or(rest);
    rest.starts_with('€')
        || rest.starts_with('%')
        || rest.starts_with('$')
        || rest.starts_with("e ")
        || rest == "e"
        || rest.starts_with("eur")
        || rest.starts_with("EUR")
        || rest.starts_with("mk")
}

/// True when `nsn`, a Finnish number without its trunk zero, starts with a
/// prefix in use and has a length that fits it: mobile `4x` and `50` of 7
/// to 10 digits, others (area codes `2`, `3`, `5`, `6`, `8`, `9`,
/// `13`–`19`; `10`, `100`, `20`, `29`, `30`, `60`, `7x`, `800`) of 6 to 9.
fn finnish(nsn: &str) -> bool {
    let d = nsn.as_bytes();
    let n = d.len();
    match d.first() {
        Some(b'4') => (7..=10).contains(&n),
        Some(b'5') if d.get(1) == Some(&b'0') => (7..=10).contains(&n),
        Some(b'1') => matches!(d.get(1), Some(b'0' | b'3'..=b'9')) && (6..=9).contains(&n),
        Some(b'2'..=b'9') => (6..=9).contains(&n),
        _ => false,
    }
}

/// The key of the number made of `groups`, or `None` when it is not one.
fn check(b: &[u8], groups: &[Group], start: Start) -> Option<String> {
    let mut digits = String::with_capacity(16);
    for g in groups.iter().filter(|g| g.sep != Sep::Trunk) {
        digits.push_str(std::str::from_utf8(&b[g.start..g.end]).ok()?);
    }
    // A number written with dots uses no other separator: `09.30-10.00`
    // and `klo 9.30 040…` are times.
    let seps = || groups[1..].iter().map(|g| g.sep);
    if seps().any(|s| s == Sep::Dot)
        && seps().any(|s| !matches!(s, Sep::Dot | Sep::Trunk | Sep::Paren))
    {
        return None;
    }
    let finnish_key = |rest: &str| {
        let rest = rest.strip_prefix('0').unwrap_or(rest);
        finnish(rest).then(|| format!("358{rest}"))
    };
    match start {
        Start::Plus => {
            if let Some(rest) = digits.strip_prefix("358") {
                return finnish_key(rest);
            }
            return (8..=15).contains(&digits.len()).then_some(digits);
        }
        Start::Bare358 => {
            // Written together, the whole number; in groups, `358` alone
            // first (`358 40 123 4567`), never `3584 0…`.
            if groups.len() > 1 && groups[0].len() != 3 {
                return None;
            }
            return finnish_key(&digits[3..]);
        }
        Start::Domestic => {}
    }
    let n = digits.len();
    if !finnish(&digits[1..]) || (groups.len() == 1 && n < 9) {
        return None;
    }
    let len = |g: &Group| g.len();
    // `0 40 123 4567`, `0 4 0 1 2 3 4 5 6 7`: a lone zero first needs a
    // whole number after it, and not a list of small numbers (`0 5 10 15
    // 20 25`).
    if len(&groups[0]) == 1
        && groups.len() > 1
        && (n < 9
            || (groups.len() > 3
                && groups.iter().all(|g| len(g) <= 2)
                && groups.iter().any(|g| len(g) == 2)))
    {
        return None;
    }
    // 01-12-2025, 1/12/25, 01.12.2025: a date, also with more after it
    // when its year has four digits (`09-12-34-567` is a number).
    let value = |g: &Group| {
        b[g.start..g.end]
            .iter()
            .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'))
    };
    if groups.len() >= 3
        && groups[1].sep == groups[2].sep
        && (groups.len() == 3 || (groups[1].sep != Sep::Space && len(&groups[2]) == 4))
        && len(&groups[0]) <= 2
        && len(&groups[1]) <= 2
        && (1..=31).contains(&value(&groups[0]))
        && (1..=12).contains(&value(&groups[1]))
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
        if hhmm(&groups[0]) && hhmm(&groups[1]) && groups[1].sep == Sep::Dash {
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
            // The formats of the hostile-input audit.
            ("soita 040.123.4579 illalla", "040.123.4579"),
            ("puh. +358(40)1234504.", "+358(40)1234504"),
            ("numeroon 358401234506 kiitos", "358401234506"),
            ("tavoitat 040–1234512 arkisin", "040–1234512"),
            ("tai 0 40 123 4505", "0 40 123 4505"),
            ("040—123 4567", "040—123 4567"),
            ("040 - 123 4567", "040 - 123 4567"),
            ("(+358) 40 123 4567", "(+358) 40 123 4567"),
            ("00 358 40 123 4567", "00 358 40 123 4567"),
            ("358 40 123 4567", "358 40 123 4567"),
            ("+358-40-123-4567", "+358-40-123-4567"),
            ("0 4 0 1 2 3 4 5 6 7", "0 4 0 1 2 3 4 5 6 7"),
            ("0800 123 456 maksuton", "0800 123 456"),
            ("0100 100", "0100 100"),
            ("020 123 456", "020 123 456"),
            ("010 123 4567", "010 123 4567"),
            ("0295 123 456", "0295 123 456"),
            ("013-123 456", "013-123 456"),
            ("(013) 123 456", "(013) 123 456"),
            ("2025 040 123 4567", "040 123 4567"),
            ("09-12-34-567", "09-12-34-567"),
        ] {
            assert_eq!(one(text), number, "in {text:?}");
        }
    }

    #[test]
    fn glued_to_a_label_but_not_to_other_words() {
        for glued in [
            "puh0401234567",
            "Puh040-1234567",
            "GSM040 123 4567",
            "tel+358401234567",
            "p.0401234567",
        ] {
            assert_eq!(find(glued).len(), 1, "{glued}");
        }
        for word in [
            "abc0401234567",
            "x040-1234567",
            "lupuh0401234567",
            "tilaus0401234567",
            "tilausnumero0401234567",
            "tilaus1234567890",
            "0401234567abc",
            "0401234567ABC",
            "0401234567kinkku",
            "0401234567a1",
        ] {
            assert!(find(word).is_empty(), "{word}: {:?}", find(word));
        }
    }

    /// A label inflected (`numeroni`), a Finnish ending (`kin`, `lle`,
    /// `:ään`) typed against the number: the number without the letters.
    #[test]
    fn glued_to_an_inflected_label_or_an_ending() {
        for (text, number) in [
            ("numeroni0401234567", "0401234567"),
            ("Numeroni040-1234567.", "040-1234567"),
            ("numeroon0401234567 voi soittaa", "0401234567"),
            ("puhelinnumeroni0401234567", "0401234567"),
            ("puhelimeen0401234567", "0401234567"),
            ("soita 0401234567kin", "0401234567"),
            ("soita 0401234567:ään", "0401234567"),
            ("soita 0401234567lle", "0401234567"),
            ("040 123 4567kin", "040 123 4567"),
            ("+358401234567stä", "+358401234567"),
            ("09 123 4567ään", "09 123 4567"),
            ("numeroni0401234567kin", "0401234567"),
        ] {
            assert_eq!(one(text), number, "in {text:?}");
        }
        // Endings after what is no number are still nothing.
        for text in [
            "01.12.2025ssa",
            "klo 0800-1600kin",
            "00100ssa",
            "2025kin",
            "1234567890kin",
        ] {
            assert!(find(text).is_empty(), "{text:?} gave {:?}", find(text));
        }
    }

    #[test]
    fn two_numbers_side_by_side() {
        let f = find("puh 040 123 4567 050 765 4321");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[1].0, "050 765 4321");
    }

    #[test]
    fn same_number_same_key_in_every_format() {
        let keys: Vec<String> = [
            "040 123 4567",
            "+358 40 1234567",
            "+358 (0)40 123 4567",
            "+358(40)1234567",
            "00358401234567",
            "358401234567",
            "040.123.4567",
            "040–123 4567",
            "0 40 123 4567",
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
            "02.12.2025",
            "klo 0800-1600",
            "klo 0800–1600",
            "09.30-10.00",
            "09.30–10.00",
            "klo 08.00 - 16.00",
            "+100 000 €",
            "0 500 000 euroa",
            "vuonna 2025",
            "NPS 0, 7 ja 10",
            "asteikolla 0 1 2 3 4 5 6 7 8 9 10",
            "0 5 10 15 20 25",
            "00100 Helsinki",
            "FI-00100 Helsinki",
            "y-tunnus 0123456-7",
            "0,5 %",
            "00:01:02.500 --> 00:01:05.000",
            "tilinro 12040 1234567",
            "v. 2005-2010",
            "040 123",
            "2 040 123 456 ihmistä",
            "358 vastaajaa",
            "358 401 234 € ",
            "012 345 6789",
            "0000 1234 5678",
        ] {
            assert!(find(text).is_empty(), "{text:?} gave {:?}", find(text));
        }
    }
}
