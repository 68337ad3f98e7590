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

/// The infinitive of a -taa/-tää verb from the weak-grade stem of its
/// passive (`ann` of annettiin, annetaan → antaa; `nostett` → nostaa):
/// `nn` → `nt`, `d` → `t`, a single `t` doubled.
fn taa_verb(stem: &str) -> String {
    let a = harmony_a(stem);
    let strong = if let Some(x) = stem.strip_suffix("nn") {
        format!("{x}nt")
    } else if let Some(x) = stem.strip_suffix('d') {
        format!("{x}t")
    } else if stem.ends_with('t') && !stem.ends_with("st") && !stem.ends_with("tt") {
        format!("{stem}t")
    } else {
        stem.to_string()
    };
    format!("{strong}{a}{a}")
}

/// Verb forms the rules can recognise; `None` when the form does not look
/// like a verb.
fn verb(w: &str) -> Option<String> {
    // Passive past of -taa/-tää verbs: nostettiin, annettiin → nostaa, antaa.
    if let Some(s) = strip(w, "ettiin", 2) {
        return Some(taa_verb(s));
    }
    // Passive present of -taa/-tää verbs: annetaan → antaa.
    for end in ["etaan", "etään"] {
        if let Some(s) = strip(w, end, 2) {
            return Some(taa_verb(s));
        }
    }
    // -ita verbs: mainitaan → mainita.
    for end in ["itaan", "itään"] {
        if let Some(s) = strip(w, end, 3) {
            return Some(format!("{s}it{}", harmony_a(s)));
        }
    }
    // Passive past of -lla/-llä verbs: arveltiin → arvella.
    if let Some(s) = strip(w, "ltiin", 3) {
        let a = harmony_a(s);
        return Some(format!("{s}ll{a}"));
    }
    // -ita verbs: valittiin → valita.
    if let Some(s) = strip(w, "ittiin", 2) {
        return Some(format!("{s}it{}", harmony_a(s)));
    }
    // Past tense with -tti: voitti, päätti → voittaa, päättää.
    if let Some(s) = strip(w, "tti", 2)
        && last_char(s).is_some_and(is_vowel)
    {
        let a = harmony_a(s);
        return Some(format!("{s}tt{a}{a}"));
    }
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
                // A consonant stem before the passive past: julkaistiin → julkaista.
                if matches!(suffix, "tiin") && stem.ends_with(['s', 'l', 'n', 'r']) {
                    return Some(format!("{stem}t{}", harmony_a(stem)));
                }
                return None;
            }
            return Some(infinitive(stem));
        }
    }
    // Past tense of -oa/-öa verbs: sanoi, kertoi → sanoa, kertoa.
    for end in ["oi", "öi"] {
        if let Some(stem) = strip(w, end, 3)
            && !last_char(stem).is_some_and(is_vowel)
        {
            return Some(infinitive(&w[..w.len() - 1]));
        }
    }
    // A first infinitive or third person in -aa/-ää after two consonants:
    // antaa, ottaa, maksaa, alkaa (a noun's partitive has one: kalaa).
    let mut rev = w.chars().rev();
    if let (Some(a), Some(b), Some(c), Some(d)) = (rev.next(), rev.next(), rev.next(), rev.next())
        && a == b
        && matches!(a, 'a' | 'ä')
        && !is_vowel(c)
        && !is_vowel(d)
        && chars_len(w) >= 5
    {
        return Some(w.to_string());
    }
    // Type 4 verbs in the third person: haluaa, kysyy is type 1.
    for (end, new) in [("uaa", "uta"), ("yää", "ytä"), ("oaa", "ota")] {
        if let Some(stem) = strip(w, end, 2) {
            return Some(format!("{stem}{new}"));
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

/// Whether a stem before -een is an e-word's (hankkee-, tilantee-,
/// asteen, huoneen) rather than the illative of an i-word (tukeen, kiveen,
/// Suomeen): e-words show a strong-grade cluster, st, h, n or a vowel + t.
fn e_word_stem(stem: &str) -> bool {
    const CLUSTERS: &[&str] = &[
        "tt", "kk", "pp", "nt", "lt", "rt", "mp", "nk", "st", "h", "n",
    ];
    if CLUSTERS.iter().any(|c| stem.ends_with(c)) {
        return true;
    }
    let mut rev = stem.chars().rev();
    matches!((rev.next(), rev.next()), (Some('t'), Some(v)) if is_vowel(v))
}

/// The nominative of an e-word from its strong stem (without the final
/// e): hankke- → hanke, tilante- → tilanne, tietee- → tiede.
fn e_word(stem: &str) -> String {
    for (strong, weak) in [
        ("tt", "t"),
        ("kk", "k"),
        ("pp", "p"),
        ("nt", "nn"),
        ("lt", "ll"),
        ("rt", "rr"),
        ("mp", "mm"),
        ("nk", "ng"),
    ] {
        if let Some(s) = stem.strip_suffix(strong) {
            return format!("{s}{weak}e");
        }
    }
    let mut rev = stem.chars().rev();
    if let (Some('t'), Some(v)) = (rev.next(), rev.next())
        && is_vowel(v)
    {
        return format!("{}de", &stem[..stem.len() - 1]);
    }
    format!("{stem}e")
}

/// Restore a nominative from an oblique stem.
/// Undo consonant gradation on a weak-grade stem of an a/ä/o/ö/u/y word
/// (the case ending closed its last syllable): kaupa- → kauppa, kohda- →
/// kohta, ranna- → ranta, viiko- → viikko. Loanwords with a single stop
/// (auto) come out wrong; native words rarely have one there.
fn strong_grade(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    if n < 4 || !matches!(chars[n - 1], 'a' | 'ä' | 'o' | 'ö' | 'u' | 'y') {
        return stem.to_string();
    }
    let (c, before) = (chars[n - 2], chars[n - 3]);
    let head: String = chars[..n - 2].iter().collect();
    let last = chars[n - 1];
    match (before, c) {
        // kaupa → kauppa, viiko → viikko, nurka → nurkka
        (b, 'p' | 't' | 'k') if is_vowel(b) || matches!(b, 'l' | 'r') => {
            format!("{head}{c}{c}{last}")
        }
        // ranna → ranta, hallinna → hallinta
        ('n', 'n') if n >= 5 => format!("{}nt{last}", &head[..head.len() - 1]),
        // kohda → kohta, tiedo → tieto
        (_, 'd') => format!("{head}t{last}"),
        _ => stem.to_string(),
    }
}

/// A nominative from a stem the ending left in the weak grade.
fn weak_nominative(stem: &str) -> String {
    let n = nominative(stem);
    if n == stem { strong_grade(stem) } else { n }
}

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
    // yhteyde-, rakkaude- → yhteys, rakkaus.
    for (end, new) in [("ude", "us"), ("yde", "ys")] {
        if let Some(s) = stem.strip_suffix(end)
            && chars_len(s) >= 3
        {
            return format!("{s}{new}");
        }
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
    // Plural of -ja/-jä nouns: asiantuntijo-, tekijöi- → asiantuntija, tekijä.
    for (end, new) in [("joi", "ja"), ("jöi", "jä"), ("jo", "ja"), ("jö", "jä")] {
        if let Some(s) = stem.strip_suffix(end)
            && chars_len(s) >= 4
        {
            return format!("{s}{new}");
        }
    }
    // Plural of -ja/-jä nouns: edustaji- → edustaja.
    if let Some(s) = stem.strip_suffix("ji")
        && chars_len(s) >= 3
    {
        return format!("{s}j{}", harmony_a(s));
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
    // -nen words in the nominative (yhteinen, suomalainen).
    if w.ends_with("nen") {
        return w.to_string();
    }
    // -us/-ys words in the genitive: terveyden → terveys.
    for (end, new) in [("uden", "us"), ("yden", "ys")] {
        if let Some(s) = strip(w, end, 3) {
            return format!("{s}{new}");
        }
    }
    // -inen adjectives in the partitive: mahdollista → mahdollinen.
    for end in ["ista", "istä"] {
        if chars_len(w) >= 9
            && let Some(s) = strip(w, end, 4)
            && !s.ends_with(['j', 'o', 'ö'])
        {
            return format!("{s}inen");
        }
    }
    // -minen nouns: toteuttamista, ottamisen → toteuttaminen, ottaminen.
    for end in [
        "mista", "mistä", "misen", "miseen", "misessa", "misessä", "misesta", "misestä",
    ] {
        if let Some(s) = strip(w, end, 2) {
            return format!("{s}minen");
        }
    }
    // Partitive of -us/-ys/-os words: todistusta → todistus.
    for (end, ending) in [("tusta", "ta"), ("tystä", "tä")] {
        if w.ends_with(end)
            && let Some(s) = strip(w, ending, 4)
        {
            return s.to_string();
        }
    }
    // e-words (hanke, tilanne, tiede): the genitive -een and the plural
    // -eiden/-eita/-eissa show the strong grade of a weak nominative.
    for end in [
        "eiden", "eitten", "eita", "eitä", "eissa", "eissä", "eista", "eistä", "eille", "eilla",
        "eillä", "een", "eessa", "eessä", "eesta", "eestä", "eelle", "eella", "eellä", "eet",
    ] {
        if let Some(s) = strip(w, end, 2)
            && chars_len(s) >= 3
            && !s.ends_with("ll")
            && (end != "een" || e_word_stem(s))
        {
            return e_word(s);
        }
    }
    for p in POSSESSIVES {
        if let Some(s) = strip(w, p, 3) {
            w = s;
            break;
        }
    }
    for (case, min) in CASES {
        if let Some(s) = strip(w, case, *min) {
            // Endings that close the syllable leave the weak grade.
            let weak = matches!(
                *case,
                "ssa"
                    | "ssä"
                    | "sta"
                    | "stä"
                    | "lla"
                    | "llä"
                    | "lta"
                    | "ltä"
                    | "lle"
                    | "ksi"
                    | "tta"
                    | "ttä"
            );
            // -ien: an i-word, or an a/ä-word with a consonant stem (ryhmien).
            if *case == "ien" {
                if let Some(x) = s.strip_suffix("ks") {
                    return format!("{x}s");
                }
                if s.ends_with('m') {
                    return format!("{s}{}", harmony_a(s));
                }
                return format!("{s}i");
            }
            return if weak {
                weak_nominative(s)
            } else {
                nominative(s)
            };
        }
    }
    // Illative: a long vowel + n (taloon, kotiin), -hin/-hon (maihin).
    let mut rev = w.chars().rev();
    if let (Some('n'), Some(a), Some(b)) = (rev.next(), rev.next(), rev.next()) {
        if a == b && is_vowel(a) && chars_len(w) >= 5 {
            return nominative(&w[..w.len() - 1 - a.len_utf8()]);
        }
        // Genitive -n after a vowel (weak grade).
        if is_vowel(a) && chars_len(w) >= 4 {
            return weak_nominative(&w[..w.len() - 1]);
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
/// directly (Hypatian, Hypatiassa); names in -s show -kse- (Iglesiaksen).
/// Anything else is taken as the nominative. (A foreign name that ends in
/// a vowel + n, like Theron, is read as a genitive: the guess is wrong
/// there, but the genitive is the most frequent case of names.)
pub fn guess_name(w: &str) -> String {
    const AFTER_CONSONANT: &[&str] = &[
        "issa", "issä", "ista", "istä", "illa", "illä", "ilta", "iltä", "ille", "iksi", "iin", "in",
    ];
    const AFTER_VOWEL: &[&str] = &[
        "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "n",
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
    // Illative after a long vowel: Arduinoon → arduino.
    let mut rev = w.chars().rev();
    if let (Some('n'), Some(a), Some(b)) = (rev.next(), rev.next(), rev.next())
        && a == b
        && is_vowel(a)
        && chars_len(w) >= 6
    {
        return w[..w.len() - 1 - a.len_utf8()].to_string();
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
            ("hypatia", "hypatia"),
            ("arduinoon", "arduino"),
            ("iglesiaksen", "iglesias"),
            ("hypatian", "hypatia"),
            ("beckhamille", "beckham"),
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
            ("yhteydessä", "yhteys"),
            ("hankkeen", "hanke"),
            ("kaupassa", "kauppa"),
            ("rannalla", "ranta"),
            ("terveyden", "terveys"),
            ("mahdollista", "mahdollinen"),
            ("sidosryhmien", "sidosryhmä"),
            ("vertaistukeen", "vertaistuki"),
            ("suomeen", "suomi"),
            ("tilanteen", "tilanne"),
            ("hoitotieteen", "hoitotiede"),
            ("tavoitteiden", "tavoite"),
            ("todistusta", "todistus"),
            ("edustajista", "edustaja"),
            ("toteuttamista", "toteuttaminen"),
            ("suomalainen", "suomalainen"),
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
            ("sanoi", "sanoa"),
            ("antaa", "antaa"),
            ("julkaistiin", "julkaista"),
            ("nostettiin", "nostaa"),
            ("annetaan", "antaa"),
            ("annettiin", "antaa"),
            ("arveltiin", "arvella"),
            ("voitti", "voittaa"),
            ("päätti", "päättää"),
        ] {
            assert_eq!(guess(form), lemma, "{form}");
        }
    }
}
