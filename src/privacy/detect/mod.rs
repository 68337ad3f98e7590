//! Detection of personal data: one [`Detector`] per kind, one file each,
//! and [`Detectors`], the list that runs the ones asked for.
//!
//! Detection is cheap next to lemmatising: one pass over the bytes gives
//! [`Hints`] (any digit, any `@`), and a detector that cannot match without
//! them returns at once. Most answers have neither, so most text is looked
//! at once and never by a regex.

mod address;
mod email;
mod hetu;
mod iban;
mod names;
mod phone;
#[cfg(test)]
mod props;
#[cfg(test)]
mod recall;

pub use names::NameList;

use super::{Kind, PrivacyOptions};
use crate::text::Session;

/// A piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
    /// What makes two finds the same: the normalised value (digits of a
    /// phone number in international form, an upper-case identity code, a
    /// lower-case email address) or, for names, the person's line in the
    /// list. Equal keys get equal codes.
    pub key: String,
}

/// Cheap facts about a text that let detectors skip it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints {
    /// The text has an ASCII digit.
    pub digit: bool,
    /// The text has `@`, or may have it written out (a closing bracket,
    /// ` at ` or ` ät `).
    pub at: bool,
    /// The text has an upper-case letter (street names).
    pub upper: bool,
}

impl Hints {
    /// Look at `text` once.
    pub fn of(text: &str) -> Hints {
        let b = text.as_bytes();
        let mut h = Hints::default();
        for &c in b {
            h.digit |= c.is_ascii_digit();
            h.at |= c == b'@';
            h.upper |= c.is_ascii_uppercase() || c >= 0xC3;
        }
        // `@` written out: in brackets, or ` at ` / ` ät ` between words.
        if !h.at {
            h.at = memchr::memchr3(b')', b']', b'}', b).is_some()
                || memchr::memchr(b'>', b).is_some()
                || [
                    &b" at "[..],
                    b" AT ",
                    b" At ",
                    " ät ".as_bytes(),
                    " ÄT ".as_bytes(),
                ]
                .iter()
                .any(|n| memchr::memmem::find(b, n).is_some());
        }
        h
    }
}

/// What a detector may use besides the text.
pub struct Context<'s, 'a> {
    /// Facts about the text.
    pub hints: Hints,
    /// The lemmatiser session of this thread (names use it).
    pub session: Option<&'s mut Session<'a>>,
}

/// A detector of one kind of personal data.
pub trait Detector: Send + Sync {
    /// The kind it finds.
    fn kind(&self) -> Kind;
    /// Append what it finds in `text` to `out` (any order, may overlap).
    fn find(&self, text: &str, cx: &mut Context<'_, '_>, out: &mut Vec<Found>);
}

/// The detectors of the kinds asked for, in a fixed order.
pub struct Detectors {
    list: Vec<Box<dyn Detector>>,
}

impl std::fmt::Debug for Detectors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds: Vec<&str> = self.list.iter().map(|d| d.kind().name()).collect();
        f.debug_struct("Detectors").field("kinds", &kinds).finish()
    }
}

impl Detectors {
    /// The detectors `options` ask for.
    pub fn new(options: &PrivacyOptions) -> Detectors {
        let mut list: Vec<Box<dyn Detector>> = Vec::new();
        for kind in Kind::ALL {
            if !options.detects(kind) {
                continue;
            }
            match kind {
                Kind::Name => {
                    if let Some(names) = &options.names {
                        list.push(Box::new(names::Names::new(names.clone())));
                    }
                }
                Kind::Hetu => list.push(Box::new(hetu::Hetu)),
                Kind::Phone => list.push(Box::new(phone::Phone)),
                Kind::Email => list.push(Box::new(email::Email::new())),
                Kind::Iban => list.push(Box::new(iban::Iban::new())),
                Kind::Address => list.push(Box::new(address::Address::new())),
            }
        }
        Detectors { list }
    }

    /// The kinds these detectors find.
    pub fn kinds(&self) -> Vec<Kind> {
        self.list.iter().map(|d| d.kind()).collect()
    }

    /// True when a lemmatiser session helps (a name list is in use).
    pub fn wants_session(&self) -> bool {
        self.list.iter().any(|d| d.kind() == Kind::Name)
    }

    /// Everything found in `text`, sorted by position, without overlaps
    /// (where two finds overlap, the one starting first wins, then the
    /// longer one).
    pub fn find(&self, text: &str, session: Option<&mut Session<'_>>) -> Vec<Found> {
        let mut out = Vec::new();
        if text.is_empty() || self.list.is_empty() {
            return out;
        }
        let mut cx = Context {
            hints: Hints::of(text),
            session,
        };
        for d in &self.list {
            d.find(text, &mut cx, &mut out);
        }
        resolve_overlaps(&mut out);
        out
    }
}

/// Sort by start (longer first) and drop finds that overlap a kept one.
pub fn resolve_overlaps(found: &mut Vec<Found>) {
    found.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.kind.cmp(&b.kind))
    });
    let mut end = 0;
    found.retain(|f| {
        if f.start < end {
            false
        } else {
            end = f.end;
            true
        }
    });
}

/// True when the character ending at byte `i` of `text` (the one before
/// `i`) is a letter, digit or `_`: a match starting at `i` would be inside a
/// word.
pub(crate) fn word_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// True when the character starting at byte `i` is a letter, digit or `_`.
pub(crate) fn word_after(text: &str, i: usize) -> bool {
    text[i..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Case endings a number or a code takes when it is typed against it
/// (`0401234567lle`, `FI21…785stä`; with a colon, `:lle`, the colon already
/// ends the word): the cases, the illative of any vowel (`…een`, `…ään`,
/// `…on`) and the adverb `-itse` (`puhelimitse`).
const CASE_ENDINGS: &[&str] = &[
    "n", "a", "ä", "ta", "tä", "na", "nä", "ksi", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta",
    "ltä", "lle", "tta", "ttä", "aan", "ään", "een", "iin", "oon", "uun", "yyn", "öön", "seen",
    "hin", "an", "än", "en", "in", "on", "un", "yn", "ön", "itse",
];

/// Possessive suffixes (`numeroni`, `tilinsä`).
const POSSESSIVES: &[&str] = &["ni", "si", "mme", "nne", "nsa", "nsä"];

/// Clitics (`0401234567kin`, `numerohan`).
const CLITICS: &[&str] = &[
    "kin", "kaan", "kään", "han", "hän", "pa", "pä", "ko", "kö", "s",
];

/// True when `s`, in lower case, is a Finnish inflectional ending: a case
/// ending, then a possessive suffix, then a clitic, each optional, not all
/// missing (`lle`, `kin`, `ni`, `ssakin`, `llenihan`).
pub(crate) fn is_ending(s: &str) -> bool {
    let cut = |s: &'static [&'static str], rest: &str| -> Vec<usize> {
        s.iter()
            .filter(|e| rest.starts_with(**e))
            .map(|e| e.len())
            .chain([0])
            .collect()
    };
    !s.is_empty()
        && cut(CASE_ENDINGS, s).into_iter().any(|c| {
            cut(POSSESSIVES, &s[c..]).into_iter().any(|p| {
                let rest = &s[c + p..];
                rest.is_empty() || CLITICS.contains(&rest)
            })
        })
}

/// True when the word that starts at byte `i` of `text` is a Finnish
/// ending typed against what ends there: lower-case letters that
/// [`is_ending`] accepts, and no letter or digit after them.
pub(crate) fn ending_after(text: &str, i: usize) -> bool {
    let rest = &text[i..];
    let len = rest
        .char_indices()
        .find(|(_, c)| !c.is_lowercase())
        .map_or(rest.len(), |(j, _)| j);
    len > 0 && !word_after(text, i + len) && is_ending(&rest[..len])
}

/// Test helper: what `detector` finds in `text`, as (surface, key).
#[cfg(test)]
pub(crate) fn found_by(detector: &dyn Detector, text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cx = Context {
        hints: Hints::of(text),
        session: None,
    };
    detector.find(text, &mut cx, &mut out);
    out.iter()
        .map(|f| (text[f.start..f.end].to_string(), f.key.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(start: usize, end: usize, kind: Kind) -> Found {
        Found {
            start,
            end,
            kind,
            key: String::new(),
        }
    }

    #[test]
    fn overlaps_keep_first_then_longest() {
        let mut v = vec![
            f(5, 9, Kind::Phone),
            f(0, 20, Kind::Iban),
            f(25, 30, Kind::Email),
            f(25, 27, Kind::Phone),
        ];
        resolve_overlaps(&mut v);
        assert_eq!(v, vec![f(0, 20, Kind::Iban), f(25, 30, Kind::Email)]);
    }

    /// Every date of a year in the usual ways, times, time ranges, money,
    /// years, percentages and NPS scores: nothing is personal data.
    #[test]
    fn dates_times_money_years_scores_are_never_found() {
        let all = Detectors::new(&PrivacyOptions {
            kinds: Kind::ALL.to_vec(),
            names: None,
        });
        let mut texts = Vec::new();
        for m in 1..=12u32 {
            for d in 1..=31u32 {
                texts.push(format!(
                    "{d}.{m}.2025 {d:02}.{m:02}.2025 {d:02}-{m:02}-2025 {d:02}/{m:02}/2025 \
                     2025-{m:02}-{d:02} {d}.{m}.–{d}.{m}.2026 {d:02}{m:02}2025"
                ));
            }
        }
        for h in 0..24u32 {
            for min in [0u32, 15, 30, 45] {
                texts.push(format!(
                    "klo {h:02}.{min:02}–{h:02}.{min:02} {h:02}:{min:02}-{h:02}:{min:02} \
                     {h:02}{min:02}-{h:02}{min:02} klo {h:02}-{h:02}"
                ));
            }
        }
        for n in [
            0u64,
            5,
            10,
            99,
            250,
            1_000,
            25_000,
            1_234_567,
            4_000_000_000,
        ] {
            let spaced = n
                .to_string()
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(" ");
            texts.push(format!(
                "{spaced} € {spaced},50 euroa {spaced} eur, 0,{n} %, {n} kpl"
            ));
        }
        for y in 1900..=2030 {
            texts.push(format!("vuonna {y}, vuosina {y}–{} ja {y}-luvulla", y + 1));
        }
        for nps in 0..=10 {
            texts.push(format!("NPS {nps}/10, arvosana {nps} asteikolla 0–10"));
        }
        for t in &texts {
            let f = all.find(t, None);
            assert!(
                f.is_empty(),
                "{t:?}: {:?}",
                f.iter().map(|f| &t[f.start..f.end]).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn endings_typed_against_a_number() {
        for e in [
            "kin", "lle", "stä", "ään", "een", "n", "ssakin", "ni", "llenihan", "itse",
        ] {
            assert!(is_ending(e), "{e}");
        }
        for w in ["abc", "kpl", "xx", "tilaus", "kinkku", "", "mm"] {
            assert!(!is_ending(w), "{w}");
        }
        let t = "0401234567kin 0401234567Kin 0401234567lle1 0401234567:ään 0401234567";
        let at = |n: usize| t.match_indices("0401234567").nth(n).unwrap().0 + 10;
        assert!(ending_after(t, at(0)));
        assert!(!ending_after(t, at(1)), "upper case: a code, not an ending");
        assert!(!ending_after(t, at(2)), "a digit after: a code");
        assert!(!ending_after(t, at(3)), "the colon already ends the word");
        assert!(!ending_after(t, at(4)), "nothing after");
    }

    #[test]
    fn hints_see_digits_at_and_written_out_at() {
        let h = Hints::of("soita 040");
        assert!(h.digit && !h.at);
        assert!(Hints::of("matti(at)posti1.fi").at);
        assert!(!Hints::of("ei mitään").digit);
    }
}
