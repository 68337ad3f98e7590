//! Property tests of the detectors: a phone number, IBAN, e-mail address or
//! identity code made up by the strategies here, written into Finnish-ish
//! text, is found whole; any text at all is searched without a panic, and
//! the finds are sorted, apart and on character boundaries.

use super::Detectors;
use crate::privacy::{Kind, PrivacyOptions};
use proptest::prelude::*;
use std::sync::LazyLock;

static ALL: LazyLock<Detectors> = LazyLock::new(|| {
    Detectors::new(&PrivacyOptions {
        kinds: Kind::ALL.to_vec(),
        names: None,
    })
});

/// Words and punctuation around the personal data.
fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "soita",
        "minulle",
        "huomenna",
        "kiitos",
        "palvelu",
        "oli",
        "hyvää",
        "numero",
        "tilinumero",
        "sähköposti",
        "henkilötunnus",
        "yhteystiedot",
        "ja",
        "tai",
        "äiti",
        "Pekka",
        "lomake",
        "(",
        ")",
        ",",
        ":",
        "–",
        "puh.",
        "p.",
    ]);
    prop::collection::vec(word, 0..6).prop_map(|w| w.join(" "))
}

/// Digits `n` long.
fn digits(n: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(0u8..10, n).prop_map(|d| d.iter().map(|d| char::from(b'0' + d)).collect())
}

/// `digits` cut into groups of the given lengths, joined by `sep`.
fn grouped(digits: &str, lengths: &[usize], sep: &str) -> String {
    let mut out = Vec::new();
    let mut at = 0;
    for &n in lengths {
        out.push(&digits[at..at + n]);
        at += n;
    }
    out.join(sep)
}

/// Finnish phone numbers in the usual groupings and separators, domestic
/// and international.
fn phone() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "40", "41", "44", "45", "46", "50", "9", "2", "3", "13", "17", "20", "10",
    ]);
    let groups = prop::sample::select(vec![
        vec![3, 4],
        vec![7],
        vec![4, 3],
        vec![3, 2, 2],
        vec![2, 2, 3],
    ]);
    let sep = prop::sample::select(vec![" ", "-", "–", "", "\u{a0}", ".", "/"]);
    let form = 0..5u8;
    (prefix, groups, sep, form, digits(7)).prop_map(|(prefix, groups, sep, form, d)| {
        let tail = grouped(&d, &groups, if sep == "/" { " " } else { sep });
        let first = if sep == "." { "." } else { sep };
        match form {
            0 => format!("0{prefix}{first}{tail}"),
            1 => format!("+358 {prefix} {}", grouped(&d, &groups, " ")),
            2 => format!("+358 (0){prefix} {}", grouped(&d, &groups, " ")),
            3 => format!("(0{prefix}) {}", grouped(&d, &groups, " ")),
            _ => format!("00358{prefix}{d}"),
        }
    })
}

/// The IBAN check value of `s` (moved and numbered), computed here.
fn mod97(s: &str) -> u64 {
    s.chars().fold(0u64, |r, c| {
        let v = u64::from(c.to_digit(36).unwrap());
        if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        }
    })
}

/// Finnish, Swedish and German IBANs with right check digits, grouped or
/// not, in upper or lower case.
fn iban() -> impl Strategy<Value = String> {
    let country = prop::sample::select(vec![("FI", 14usize), ("SE", 20), ("DE", 18)]);
    let sep = prop::sample::select(vec![" ", "", "-"]);
    (country, sep, any::<bool>(), digits(20)).prop_map(|((cc, n), sep, lower, d)| {
        let bban = &d[..n];
        let check = 98 - mod97(&format!("{bban}{cc}00"));
        let code = format!("{cc}{check:02}{bban}");
        let lengths: Vec<usize> = (0..code.len())
            .step_by(4)
            .map(|i| (code.len() - i).min(4))
            .collect();
        let out = grouped(&code, &lengths, sep);
        if lower { out.to_lowercase() } else { out }
    })
}

/// E-mail addresses, plain and written out.
fn email() -> impl Strategy<Value = String> {
    let name = "[a-zäö]{2,8}(\\.[a-zäö]{2,10})?";
    let at = prop::sample::select(vec![
        "@", "(at)", " (at) ", "[at]", " at ", "(a)", "(ät)", "{at}",
    ]);
    let dom = "[a-z]{2,10}";
    let tld = prop::sample::select(vec!["fi", "com", "org", "net"]);
    (name, at, dom, tld, any::<bool>()).prop_map(|(name, at, dom, tld, upper)| {
        let e = format!("{name}{at}{dom}.{tld}");
        if upper { e.to_uppercase() } else { e }
    })
}

const HETU_CHECK: &[u8] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// Identity codes with every century sign and the right check character.
fn hetu() -> impl Strategy<Value = String> {
    let sign = prop::sample::select("+-YXWVUABCDEF".chars().collect::<Vec<_>>());
    (
        1u64..=28,
        1u64..=12,
        0u64..100,
        sign,
        2u64..900,
        any::<bool>(),
    )
        .prop_map(|(d, m, y, sign, ind, lower)| {
            let n = (d * 10000 + m * 100 + y) * 1000 + ind;
            let code = format!(
                "{d:02}{m:02}{y:02}{sign}{ind:03}{}",
                HETU_CHECK[(n % 31) as usize] as char
            );
            if lower { code.to_lowercase() } else { code }
        })
}

/// True when `kind` is found covering the `value` written between `before`
/// and `after`.
fn found_whole(before: &str, value: &str, after: &str, kind: Kind) -> bool {
    let text = format!("{before} {value} {after}");
    let (start, end) = (before.len() + 1, before.len() + 1 + value.len());
    ALL.find(&text, None)
        .iter()
        .any(|f| f.kind == kind && f.start <= start && f.end >= end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn phone_numbers_are_found(before in words(), value in phone(), after in words()) {
        prop_assert!(found_whole(&before, &value, &after, Kind::Phone), "{before} ⟨{value}⟩ {after}");
    }

    #[test]
    fn ibans_are_found(before in words(), value in iban(), after in words()) {
        prop_assert!(found_whole(&before, &value, &after, Kind::Iban), "{before} ⟨{value}⟩ {after}");
    }

    #[test]
    fn emails_are_found(before in words(), value in email(), after in words()) {
        prop_assert!(found_whole(&before, &value, &after, Kind::Email), "{before} ⟨{value}⟩ {after}");
    }

    #[test]
    fn identity_codes_are_found(before in words(), value in hetu(), after in words()) {
        prop_assert!(found_whole(&before, &value, &after, Kind::Hetu), "{before} ⟨{value}⟩ {after}");
    }

    #[test]
    fn any_text_is_searched_without_panic(
        text in "([0-9]{1,4}|[ .,:/()+\\-–—@\\[\\]]|\u{a0}|\u{202f}|[a-zA-ZäöÅ]{1,5}|\\PC){0,40}",
        other in any::<String>(),
    ) {
        for t in [&text, &other] {
            let found = ALL.find(t, None);
            let mut end = 0;
            for f in &found {
                prop_assert!(f.start >= end && f.start < f.end && f.end <= t.len(), "{t:?}: {found:?}");
                prop_assert!(t.is_char_boundary(f.start) && t.is_char_boundary(f.end), "{t:?}: {found:?}");
                end = f.end;
            }
        }
    }
}
