//! The built-in lemmatiser's guesser: strip clitics, possessive suffixes
//! and case endings, undo the plural and the stem changes, and restore the
//! strong grade of consonant gradation where the oblique stem shows the
//! weak one (kaupungissa → kaupunki, veden → vesi, ihmisiä → ihminen,
//! vastauksen → vastaus). Verbs: personal endings and participles back to
//! the first infinitive (puhuvat → puhua, haluavat → haluta).
//!
//! Rules only: no word list beyond the lexicon, so the guess is a guess.

use crate::text::colloquial::is_back_vowel_word;

/// Clitics that attach last (`-kin`, `-kaan`, `-han`).
const CLITICS: &[&str] = &["kaan", "kään", "kin", "han", "hän"];

/// Possessive suffixes.
const POSSESSIVES: &[&str] = &["nsa", "nsä", "mme", "nne"];

/// Case endings, longest first within each group, with the smallest stem
/// they leave (in characters).
const CASES: &[(&str, usize)] = &[
    ("itten", 3),
    ("iden", 3),
    ("seen", 3),
    ("ssa", 2),
    ("ssä", 2),
    ("sta", 2),
    ("stä", 2),
    ("lla", 2),
    ("llä", 2),
    ("lta", 2),
    ("ltä", 2),
    ("lle", 2),
    ("ksi", 2),
    ("tta", 3),
    ("ttä", 3),
    ("ien", 3),
    ("jen", 3),
    ("ten", 3),
    ("den", 3),
    ("ina", 3),
    ("inä", 3),
    ("na", 4),
    ("nä", 4),
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö')
}

fn chars_len(s: &str) -> usize {
    s.chars().count()
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

fn strip<'a>(w: &'a str, suffix: &str, min_stem: usize) -> Option<&'a str> {
    let stem = w.strip_suffix(suffix)?;
    (chars_len(stem) >= min_stem).then_some(stem)
}

/// `a`/`ä` by the word's vowel harmony.
fn harmony_a(w: &str) -> char {
    if is_back_vowel_word(w) { 'a' } else { 'ä' }
}

/// The verb guess for a present stem (`puhu` → puhua, `halua` → haluta).
fn infinitive(stem: &str) -> String {
    let a = harmony_a(stem);
    let mut chars = stem.chars().rev();
    let (last, before) = (chars.next(), chars.next());
    match (last, before) {
        // Type 4: the stem ends in a vowel + a/ä (halua-, tilaa-).
        (Some('a' | 'ä'), Some(b)) if is_vowel(b) => {
            let base = &stem[..stem.len() - last.map_or(0, char::len_utf8)];
            format!("{base}t{a}")
        }
        _ => format!("{stem}{a}"),
    }
}

/// Verb forms the rules can recognise; `None` when the form does not look
/// like a verb.
fn verb(w: &str) -> Option<String> {
    for (suffix, min) in [
        ("ivat", 3),
        ("ivät", 3),
        ("vat", 3),
        ("vät", 3),
        ("taan", 3),
        ("tään", 3),
        ("tiin", 3),
        ("maan", 3),
        ("mään", 3),
        ("massa", 3),
        ("mässä", 3),
        ("malla", 3),
        ("mällä", 3),
        ("neet", 3),
        ("nut", 3),
        ("nyt", 3),
        ("isi", 3),
        ("ttu", 3),
        ("tty", 3),
    ] {
        if let Some(stem) = strip(w, suffix, min) {
            // -nnut/-nneet: the type 4 verbs (halunnut → haluta).
            if matches!(suffix, "nut" | "nyt" | "neet") {
                if let Some(s) = stem.strip_suffix('n')
                    && last_char(s).is_some_and(is_vowel)
                {
                    return Some(format!("{s}t{}", harmony_a(s)));
                }
                if !last_char(stem).is_some_and(is_vowel) {
                    return None;
                }
            }
            if !last_char(stem).is_some_and(is_vowel) {
                return None;
            }
            return Some(infinitive(stem));
        }
    }
    // Third person singular: a long vowel (sanoo, puhuu, lukee).
    let mut rev = w.chars().rev();
    if let (Some(a), Some(b), Some(c)) = (rev.next(), rev.next(), rev.next())
        && a == b
        && matches!(a, 'o' | 'u' | 'y' | 'ö' | 'e')
        && !is_vowel(c)
        && chars_len(w) >= 5
    {
        return Some(infinitive(&w[..w.len() - a.len_utf8()]));
    }
    None
}

/// Restore a nominative from an oblique stem.
fn nominative(stem: &str) -> String {
    // ihmise-/ihmisi- → ihminen; ihmis- (partitive ihmistä) → ihminen.
    for (end, new) in [("ise", "inen"), ("isi", "inen"), ("is", "inen")] {
        if let Some(s) = stem.strip_suffix(end)
            && chars_len(s) >= 2
        {
            return format!("{s}{new}");
        }
    }
    // kysymykse-, vastaukse- → kysymys, vastaus.
    for end in ["kse", "ksi"] {
        if let Some(s) = stem.strip_suffix(end)
            && chars_len(s) >= 2
        {
            return format!("{s}s");
        }
    }
    // huonee- → huone.
    if let Some(s) = stem.strip_suffix("ee") {
        return format!("{s}e");
    }
    // vede-, käde-, vuode- → vesi, käsi, vuosi.
    if let Some(s) = stem.strip_suffix("de")
        && last_char(s).is_some_and(is_vowel)
        && chars_len(s) <= 3
    {
        return format!("{s}si");
    }
    // kaupunge- → kaupunki (weak ng back to strong nk; e-stem back to i).
    if let Some(s) = stem.strip_suffix("nge") {
        return format!("{s}nki");
    }
    if let Some(s) = stem.strip_suffix("ngi") {
        return format!("{s}nki");
    }
    // Plural i-stems of o/ö/u/y nouns: taloi- → talo.
    let mut rev = stem.chars().rev();
    if let (Some('i'), Some(b)) = (rev.next(), rev.next()) {
        if matches!(b, 'o' | 'ö' | 'u' | 'y') && chars_len(stem) >= 4 {
            return stem[..stem.len() - 1].to_string();
        }
        if b == 'e' && chars_len(stem) >= 4 {
            // huonei- → huone
            return stem[..stem.len() - 1].to_string();
        }
    }
    // An i-noun in its e-stem: suome-, kive- → suomi, kivi.
    if let Some(s) = stem.strip_suffix('e')
        && chars_len(s) >= 3
        && !last_char(s).is_some_and(is_vowel)
    {
        return format!("{s}i");
    }
    stem.to_string()
}

/// Guess the lemma of a lower-case word form.
pub fn guess(w: &str) -> String {
    if chars_len(w) <= 3 {
        return w.to_string();
    }
    let mut w = w;
    for c in CLITICS {
        if let Some(s) = strip(w, c, 3) {
            w = s;
            break;
        }
    }
    if let Some(v) = verb(w) {
        return v;
    }
    for p in POSSESSIVES {
        if let Some(s) = strip(w, p, 3) {
            w = s;
            break;
        }
    }
    for (case, min) in CASES {
        if let Some(s) = strip(w, case, *min) {
            return nominative(s);
        }
    }
    // Illative: a long vowel + n (taloon, kotiin), -hin/-hon (maihin).
    let mut rev = w.chars().rev();
    if let (Some('n'), Some(a), Some(b)) = (rev.next(), rev.next(), rev.next()) {
        if a == b && is_vowel(a) && chars_len(w) >= 5 {
            return nominative(&w[..w.len() - 1 - a.len_utf8()]);
        }
        // Genitive -n after a vowel.
        if is_vowel(a) && chars_len(w) >= 4 {
            return nominative(&w[..w.len() - 1]);
        }
    }
    // Partitive -ta/-tä after a vowel or s (maata, ihmistä), -a/-ä after a vowel.
    for (end, min) in [("ta", 3), ("tä", 3)] {
        if let Some(s) = strip(w, end, min)
            && last_char(s).is_some_and(|c| is_vowel(c) || c == 's')
        {
            return nominative(s);
        }
    }
    let mut rev = w.chars().rev();
    if let (Some(a), Some(b)) = (rev.next(), rev.next()) {
        if matches!(a, 'a' | 'ä') && is_vowel(b) && chars_len(w) >= 4 {
            return nominative(&w[..w.len() - a.len_utf8()]);
        }
        // Plural nominative -t.
        if a == 't' && is_vowel(b) && chars_len(w) >= 4 {
            return nominative(&w[..w.len() - 1]);
        }
    }
    w.to_string()
}

/// Guess the lemma of a name no dictionary knows (lower-cased): foreign
/// names take their case endings after a joining `i` (Beckhamin,
/// Educariumissa, Fernandesia); names ending in a vowel take them
/// directly (Hypatiassa); names in -s show -kse- (Iglesiaksen). A final
/// vowel + n is taken as part of the name (Theron, Nissan, Garden): foreign
/// names end so more often than Finnish genitives go unknown.
/// Anything else is taken as the nominative.
pub fn guess_name(w: &str) -> String {
    const AFTER_CONSONANT: &[&str] = &[
        "issa", "issä", "ista", "istä", "illa", "illä", "ilta", "iltä", "ille", "iksi", "iin",
        "ia", "iä", "in",
    ];
    const AFTER_VOWEL: &[&str] = &[
        "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi",
    ];
    // Names in -s: Iglesiaksen, Kalymnokselle → iglesias, kalymnos.
    for e in [
        "ksen", "ksessa", "ksessä", "ksesta", "ksestä", "kselle", "ksella", "ksellä", "kseen",
        "ksena", "ksenä",
    ] {
        if let Some(stem) = strip(w, e, 3)
            && last_char(stem).is_some_and(is_vowel)
        {
            return format!("{stem}s");
        }
    }
    // Partitive after a long vowel: Hypatiaa → hypatia.
    for e in ["aa", "ää"] {
        if let Some(stem) = strip(w, &e[..e.len() / 2], 3)
            && w.ends_with(e)
            && chars_len(stem) >= 4
        {
            return stem.to_string();
        }
    }
    for e in AFTER_CONSONANT {
        if let Some(stem) = strip(w, e, 3)
            && last_char(stem).is_some_and(|c| c.is_alphabetic() && !is_vowel(c))
        {
            return stem.to_string();
        }
    }
    for e in AFTER_VOWEL {
        if let Some(stem) = strip(w, e, 3)
            && last_char(stem).is_some_and(is_vowel)
        {
            return stem.to_string();
        }
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::{guess, guess_name};

    #[test]
    fn names_lose_their_endings() {
        for (form, lemma) in [
            ("beckhamin", "beckham"),
            ("educariumissa", "educarium"),
            ("hypatiaa", "hypatia"),
            ("iglesiaksen", "iglesias"),
            ("garden", "garden"),
            ("collection", "collection"),
        ] {
            assert_eq!(guess_name(form), lemma, "{form}");
        }
    }

    #[test]
    fn nouns_lose_case_and_plural() {
        for (form, lemma) in [
            ("kaupungissa", "kaupunki"),
            ("taloissa", "talo"),
            ("ihmisiä", "ihminen"),
            ("vastauksen", "vastaus"),
            ("huoneessa", "huone"),
            ("taloon", "talo"),
            ("kysymyksiä", "kysymys"),
            ("palvelua", "palvelu"),
            ("kokemuksia", "kokemus"),
        ] {
            assert_eq!(guess(form), lemma, "{form}");
        }
    }

    #[test]
    fn verbs_go_to_the_infinitive() {
        for (form, lemma) in [
            ("puhuvat", "puhua"),
            ("haluavat", "haluta"),
            ("sanoo", "sanoa"),
            ("puhunut", "puhua"),
            ("halunnut", "haluta"),
            ("sanotaan", "sanoa"),
        ] {
            assert_eq!(guess(form), lemma, "{form}");
        }
    }
}
