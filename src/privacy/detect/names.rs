//! Names from the researcher's list (`--names FILE`, one person a line:
//! `Matti Virtanen`, `Anna-Liisa`, `Koski`), found in any inflected form:
//! Virtanen, Virtasen, Virtaselle, Virtasia, Matti, Matin, Matille, Mattia.
//!
//! Two ways, so that it works with either lemmatiser: the forms of every
//! listed name are generated here (stem + Finnish case endings, consonant
//! gradation of the common name endings: -nen → -se-/-s-, -kki → -ki-,
//! -tti → -ti-, -i → -e- of old nouns such as Mäki → Mäen; clitics such as
//! -kin are allowed after them), and a word that none of them
//! matches but that starts like a listed name is asked of the lemmatiser.
//!
//! A name written with a capital initial is always found. Respondents
//! also type names in lower case (`matti virtanen`, `terveisin liisa`),
//! and many Finnish names are common words too (`koski` the rapids, `mäki`
//! a hill, `onni` luck, `toivo` hope, `into`, `lahja`, `suvi`, `aalto`,
//! `kivi`; `anna` is also "give"). A lower-case form of a listed name is
//! found when
//!
//! 1. it stands next to a form of another word of the same listed person
//!    (`matti virtanen`, `virtasen matti`, `onni aho`; not `järvestä
//!    järveen`, two forms of one word), or
//! 2. it follows a sign-off (`terveisin liisa`, `t. matti`, `terkuin
//!    onni`), or
//! 3. it is a form of a surname (the last word of a line of two or more)
//!    that the lemmatiser reads as a proper name and not as a common word
//!    (Voikko: `virtaselle`, `korhosen` are names; `koski`, `mäen` and
//!    `aallon` are words).
//!
//! A lower-case first name alone is left: in chat and dialect it is a
//! word as often as a name (`anna` give, `aino` only, `toivo`, `onni`,
//! and Voikko reads dialect forms such as `annatta` as the name). So
//! `koski kuohui ja onni oli suuri` keeps its words, and `onni aho
//! soitti` does not keep the person. Without Voikko (the built-in
//! lemmatiser knows no parts of speech) only 1 and 2 hold.
//!
//! Neighbouring words of the same person (`Matti Virtasen`) become one
//! find. A word that several listed people share (`Matti` of two Mattis)
//! goes to the one named together with it, and otherwise to the first of
//! them in the list.

use super::{Context, Detector, Found};
use crate::privacy::Kind;
use crate::text::{Register, Session};
use crate::{Error, Result};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;
use std::sync::Arc;

/// The people of a `--names` file.
#[derive(Debug, Clone, Default)]
pub struct NameList {
    /// Each person as written on their line.
    pub people: Vec<String>,
}

impl NameList {
    /// Read a file: one person a line; empty lines and `#` comments skipped.
    pub fn from_file(path: &Path) -> Result<NameList> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::parse(
                path,
                1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64,
                "the names file is not UTF-8; save it as UTF-8 text, one name a line",
            )
        })?;
        let list = NameList::from_lines(text.lines());
        if list.people.is_empty() {
            return Err(Error::input(
                path,
                "has no names; write one person a line (e.g. `Matti Virtanen`)",
            ));
        }
        Ok(list)
    }

    /// A list from lines of text.
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> NameList {
        let people = lines
            .into_iter()
            .map(|l| l.trim().trim_start_matches('\u{feff}'))
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        NameList { people }
    }
}

/// What a lower-case word form may be.
#[derive(Debug, Clone, Default)]
struct Entry {
    /// The people it may name (sorted, deduplicated).
    people: Vec<u32>,
    /// The name words it is a form of (their numbers, sorted): `Virtasen`
    /// and `Virtaselle` are one word, `Matti` and `Virtasen` two.
    words: Vec<u32>,
    /// It is a form of a surname: the last word of a line of two or more.
    surname: bool,
}

impl Entry {
    fn add(&mut self, person: u32, word: u32, surname: bool) {
        self.people.push(person);
        self.words.push(word);
        self.surname |= surname;
    }

    fn tidy(&mut self) {
        self.people.sort_unstable();
        self.people.dedup();
        self.words.sort_unstable();
        self.words.dedup();
    }
}

/// What each lower-case word form may be.
type FormMap = FxHashMap<String, Entry>;

/// Finds the listed names.
#[derive(Debug, Clone)]
pub struct Names {
    /// Generated forms of every name word.
    forms: Arc<FormMap>,
    /// Lower-case base forms (lemmas) of the name words.
    lemmas: Arc<FormMap>,
    /// The first letters of every name word, lower case (three, or two for
    /// names of four letters or less, whose third letter may alternate:
    /// Mäki → Mäen): a word that starts otherwise is no name, and the
    /// lemmatiser is not asked.
    starts: Arc<FxHashSet<[char; 3]>>,
}

/// Clitics that may follow a name form (`Matillekin`, `Virtasenhan`).
const CLITICS: &[&str] = &[
    "kin", "kaan", "kään", "han", "hän", "pa", "pä", "ko", "kö", "ki", "kaa", "kää",
];

impl Names {
    /// Generate the forms of every name in `list`.
    pub fn new(list: NameList) -> Names {
        let mut forms = FormMap::default();
        let mut lemmas = FormMap::default();
        let mut starts = FxHashSet::default();
        let mut numbers: FxHashMap<String, u32> = FxHashMap::default();
        for (person, line) in list.people.iter().enumerate() {
            let person = person as u32;
            let words: Vec<String> = line
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
                .filter(|w| w.chars().count() >= 2)
                .map(str::to_lowercase)
                .collect();
            for (i, lower) in words.iter().enumerate() {
                let surname = words.len() >= 2 && i == words.len() - 1;
                let next = numbers.len() as u32;
                let word = *numbers.entry(lower.clone()).or_insert(next);
                starts.insert(start_of(lower, lower.chars().count() <= 4));
                lemmas
                    .entry(lower.clone())
                    .or_default()
                    .add(person, word, surname);
                for form in inflected_forms(lower) {
                    forms.entry(form).or_default().add(person, word, surname);
                }
            }
        }
        for e in forms.values_mut().chain(lemmas.values_mut()) {
            e.tidy();
        }
        Names {
            forms: Arc::new(forms),
            lemmas: Arc::new(lemmas),
            starts: Arc::new(starts),
        }
    }

    /// What a word (as written) may be, by the generated forms.
    fn lookup(&self, word: &str, buf: &mut String) -> Option<&Entry> {
        buf.clear();
        buf.extend(word.chars().flat_map(char::to_lowercase));
        // `Mike:lle`, `Anna'lle`: the name before the colon.
        if let Some(i) = buf.find([':', '\'', '’']) {
            buf.truncate(i);
            return self
                .lemmas
                .get(buf.as_str())
                .or_else(|| self.forms.get(buf.as_str()));
        }
        if let Some(p) = self.forms.get(buf.as_str()) {
            return Some(p);
        }
        for c in CLITICS {
            if let Some(stem) = buf.strip_suffix(c)
                && let Some(p) = self.forms.get(stem)
            {
                return Some(p);
            }
        }
        None
    }

    fn starts_like_a_name(&self, word: &str) -> bool {
        self.starts.contains(&start_of(word, false)) || self.starts.contains(&start_of(word, true))
    }
}

/// The first three letters of `word` in lower case (two and a space with
/// `short`).
fn start_of(word: &str, short: bool) -> [char; 3] {
    let mut cs = word.chars().flat_map(char::to_lowercase);
    let mut out = [' '; 3];
    for slot in out.iter_mut().take(if short { 2 } else { 3 }) {
        *slot = cs.next().unwrap_or(' ');
    }
    out
}

/// A name word found: where, and whom it may name.
#[derive(Debug)]
struct Hit {
    start: usize,
    end: usize,
    people: Vec<u32>,
    /// A name on its own (capitalised, after a sign-off, a surname read
    /// as a proper name); otherwise only as part of a pair.
    sure: bool,
    /// The name words (numbers) its words are forms of.
    words: Vec<u32>,
    /// It joins words of two different name words of a person (`matti
    /// virtanen`, not `järvestä järveen`).
    pair: bool,
}

/// Words that sign a message off: a lower-case word of a listed name
/// after one of them is the writer's name (`terveisin liisa`).
const SIGN_OFFS: &[&str] = &[
    "terveisin",
    "terv",
    "t",
    "terkuin",
    "terkut",
    "terkkuja",
    "kiittäen",
    "kiitoksin",
    "halein",
    "toivottaen",
    "rgds",
];

/// True when the word before byte `start` (across spaces, a line break
/// and punctuation such as `.`, `,`, `:` or `-`) is a sign-off.
fn after_sign_off(text: &str, start: usize) -> bool {
    let head = text[..start].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | ':' | '-' | '–' | '!')
    });
    if start - head.len() > 6 || head.len() == start {
        return false;
    }
    let word_start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(head.len(), |(i, _)| i);
    let word = head[word_start..].to_lowercase();
    SIGN_OFFS.contains(&word.as_str())
}

/// True when the lemmatiser reads `word` (lower case) as a proper name.
fn read_as_name(session: Option<&mut Session<'_>>, word: &str) -> bool {
    session.is_some_and(|s| s.analyze_word(word, Register::Written).upos == Some("PROPN"))
}

impl Detector for Names {
    fn kind(&self) -> Kind {
        Kind::Name
    }

    fn find(&self, text: &str, cx: &mut Context<'_, '_>, out: &mut Vec<Found>) {
        let mut hits: Vec<Hit> = Vec::new();
        let mut buf = String::new();
        for (start, word, capital) in words(text) {
            // Every form of a name starts as the name does: most words are
            // passed over on their first letters.
            if !self.starts_like_a_name(word) {
                continue;
            }
            let entry = match self.lookup(word, &mut buf) {
                Some(entry) => Some(entry.clone()),
                None => cx
                    .session
                    .as_deref_mut()
                    .and_then(|session| self.by_lemma(session, word)),
            };
            if let Some(Entry {
                people,
                words,
                surname,
            }) = entry
            {
                let sure = capital
                    || after_sign_off(text, start)
                    || (surname && read_as_name(cx.session.as_deref_mut(), word));
                hits.push(Hit {
                    start,
                    end: start + word.len(),
                    people,
                    sure,
                    words,
                    pair: false,
                });
            }
        }
        merge(text, hits, out);
    }
}

impl Names {
    /// What `word` is by its lemma, asking the lemmatiser about this one
    /// word (a form the generated ones miss).
    fn by_lemma(&self, session: &mut Session<'_>, word: &str) -> Option<Entry> {
        let mut found = None;
        session.for_each_token(word, Register::Written, |t| {
            if t.start == 0 && t.end == word.len() {
                found = self.lemmas.get(t.lemma).cloned();
            }
        });
        found
    }
}

/// Words of letters (with inner `-`, and a `:`/`'` ending such as
/// `Mike:lle`): (byte offset, word, true when it starts with an upper-case
/// letter).
fn words(text: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, c) = chars.next()?;
            if !c.is_alphabetic() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphabetic() {
                    end = i + d.len_utf8();
                    chars.next();
                } else if matches!(d, '-' | ':' | '\'' | '’')
                    && text[i + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic)
                {
                    chars.next();
                } else {
                    break;
                }
            }
            // A word glued to digits (`A4`, `3b`) is no name.
            let glued = text[..start]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric())
                || text[end..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_digit());
            if !glued {
                return Some((start, &text[start..end], c.is_uppercase()));
            }
        }
    })
}

/// Join neighbouring hits of a common person (`Matti Virtasen`), choose the
/// person, and emit the finds.
fn merge(text: &str, hits: Vec<Hit>, out: &mut Vec<Found>) {
    let mut current: Option<Hit> = None;
    for h in hits {
        if let Some(c) = current.as_mut() {
            let between = &text[c.end..h.start];
            let adjacent = !between.is_empty()
                && between.len() <= 3
                && between.chars().all(|ch| ch == ' ' || ch == '\u{a0}');
            let common: Vec<u32> = c
                .people
                .iter()
                .copied()
                .filter(|p| h.people.contains(p))
                .collect();
            if adjacent && !common.is_empty() {
                c.end = h.end;
                c.people = common;
                c.sure |= h.sure;
                c.pair |= h.words.iter().all(|w| !c.words.contains(w));
                c.words.extend(h.words);
                continue;
            }
        }
        if let Some(c) = current.replace(h) {
            emit(c, out);
        }
    }
    if let Some(c) = current {
        emit(c, out);
    }
}

/// A hit is a find when it is sure or a pair.
fn emit(h: Hit, out: &mut Vec<Found>) {
    if h.sure || h.pair {
        out.push(found(h));
    }
}

fn found(h: Hit) -> Found {
    Found {
        start: h.start,
        end: h.end,
        kind: Kind::Name,
        key: format!("person {}", h.people.first().copied().unwrap_or(0)),
    }
}

/// Case endings on the weak (vowel) stem: genitive, locatives, translative,
/// abessive, plural nominative, and the spoken short forms (`Matil`,
/// `Virtasel`, `Matilt`, `Matist`).
const WEAK: &[&str] = &[
    "n", "lla", "llä", "lle", "lta", "ltä", "ssa", "ssä", "sta", "stä", "ksi", "tta", "ttä", "t",
    "l", "lt", "st", "s", "lt", "kse",
];

/// Endings on the strong stem: essive, partitive, comitative.
const STRONG: &[&str] = &["na", "nä", "a", "ä", "ineen"];

/// Plural endings on the plural stem (`Virtasi-`).
const PLURAL: &[&str] = &[
    "lla", "llä", "lle", "lta", "ltä", "ssa", "ssä", "sta", "stä", "ksi", "na", "nä", "a", "ä",
    "in", "en", "neen",
];

/// The inflected forms of a lower-case name word (the word itself included).
pub fn inflected_forms(name: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![name.to_string()];
    let mut add = |stem: &str, endings: &[&str]| {
        for e in endings {
            out.push(format!("{stem}{e}"));
        }
    };
    let last = name.chars().next_back().unwrap_or(' ');
    if let Some(base) = name.strip_suffix("nen") {
        // Virtanen: Virtase-n, Virtas-ta, Virtasi-lle, Virtas-ten.
        let vowel = format!("{base}se");
        add(&vowel, WEAK);
        add(&vowel, &["en", "na", "nä"]);
        add(&format!("{base}s"), &["ta", "tä", "ten"]);
        add(&format!("{base}si"), PLURAL);
        add(&format!("{base}s"), &["ia", "iä", "ien"]);
        return dedup(out);
    }
    if is_vowel(last) {
        let mut weak = weak_stems(name);
        weak.push(name.to_string());
        for w in &weak {
            add(w, WEAK);
        }
        add(name, STRONG);
        add(name, &[&format!("{last}n"), "ta", "tä", "hin"]);
        if last == 'i' {
            // Old -i nouns as surnames: Mäki -> Mäen, Koski -> Kosken, Lahti -> Lahden.
            let base = &name[..name.len() - 1];
            let e = format!("{base}e");
            let mut weak_e = weak_stems(&e);
            weak_e.push(e.clone());
            for w in &weak_e {
                add(w, WEAK);
            }
            add(&e, &["a", "ä", "en", "na", "nä"]);
            // Plural stem: Mäkiä, Koskia, Virroille is rare; Mäkien.
            add(base, &["ien", "iä", "ia"]);
        }
        if last == 'e' {
            // Kalle -> Kalleen, Ville -> Villeä; old -e nouns as surnames
            // take a strong -ee- stem: Rinne -> Rinteen, Rinteelle, Rinnettä.
            add(name, &["en", "ttä", "tta"]);
            if let Some(strong) = strong_e_stem(name) {
                add(&strong, WEAK);
                add(&strong, &["en", "na", "nä", "seen"]);
            }
        }
        return dedup(out);
    }
    if let Some(base) = name.strip_suffix('s')
        && base.ends_with(is_vowel)
    {
        // Tuomas -> Tuomakse-n, Tuomas-ta, Markus -> Markukse-lle.
        let stem = format!("{base}kse");
        add(&stem, WEAK);
        add(&stem, &["en", "na", "nä"]);
        add(name, &["ta", "tä"]);
    }
    // Names ending in a consonant take -i-: Erik -> Erikin, Erikille, Erikiä.
    let stem = format!("{name}i");
    add(&stem, WEAK);
    add(&stem, &["a", "ä", "in", "na", "nä"]);
    dedup(out)
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'å' | 'é')
}

/// The `-ee-` stem of a name in `-e` (Rinne -> rintee, Mäntylä no):
/// the consonants before the `e` back in the strong grade: nn->nt,
/// ll->lt, rr->rt, mm->mp, ng->nk, a single d->t, v->p; otherwise the
/// same consonants (Kalle -> kallee is no word, but harmless).
fn strong_e_stem(name: &str) -> Option<String> {
    let base = name.strip_suffix('e')?;
    let pairs = [
        ("nn", "nt"),
        ("ll", "lt"),
        ("rr", "rt"),
        ("mm", "mp"),
        ("ng", "nk"),
        ("d", "t"),
        ("v", "p"),
    ];
    let strong = pairs
        .iter()
        .find_map(|(weak, strong)| base.strip_suffix(weak).map(|h| format!("{h}{strong}")))
        .unwrap_or_else(|| base.to_string());
    Some(format!("{strong}ee"))
}

/// Weak-grade stems of a stem ending in a vowel (consonant gradation of
/// the consonants before the last vowel): kk→k, pp→p, tt→t, nk→ng, nt→nn,
/// mp→mm, lt→ll, rt→rr, ht→hd, t→d, k→∅, p→v.
fn weak_stems(stem: &str) -> Vec<String> {
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    if n < 3 || !is_vowel(chars[n - 1]) {
        return Vec::new();
    }
    let (a, b) = (chars[n - 3], chars[n - 2]);
    let head: String = chars[..n - 3].iter().collect();
    let v = chars[n - 1];
    let pair = |x: &str| format!("{head}{x}{v}");
    let mut out = Vec::new();
    match (a, b) {
        ('k', 'k') => out.push(pair("k")),
        ('p', 'p') => out.push(pair("p")),
        ('t', 't') => out.push(pair("t")),
        ('n', 'k') => out.push(pair("ng")),
        ('n', 't') => out.push(pair("nn")),
        ('m', 'p') => out.push(pair("mm")),
        ('l', 't') => out.push(pair("ll")),
        ('r', 't') => out.push(pair("rr")),
        ('h', 't') => out.push(pair("hd")),
        (x, 't') if is_vowel(x) => out.push(format!("{head}{x}d{v}")),
        (x, 'k') if is_vowel(x) => out.push(format!("{head}{x}{v}")),
        (x, 'p') if is_vowel(x) => out.push(format!("{head}{x}v{v}")),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::detect::Hints;

    fn names(lines: &[&str]) -> Names {
        Names::new(NameList::from_lines(lines.iter().copied()))
    }

    fn find(n: &Names, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut cx = Context {
            hints: Hints::of(text),
            session: None,
        };
        n.find(text, &mut cx, &mut out);
        out.iter()
            .map(|f| (text[f.start..f.end].to_string(), f.key.clone()))
            .collect()
    }

    fn surfaces(n: &Names, text: &str) -> Vec<String> {
        find(n, text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn generated_forms_of_common_name_endings() {
        let has = |name: &str, form: &str| {
            assert!(
                inflected_forms(name).iter().any(|f| f == form),
                "{form} missing from the forms of {name}"
            )
        };
        for form in [
            "virtasen",
            "virtaselle",
            "virtasta",
            "virtaseen",
            "virtasille",
            "virtasten",
        ] {
            has("virtanen", form);
        }
        for form in ["matin", "matille", "mattia", "mattiin", "matilla"] {
            has("matti", form);
        }
        for form in ["heikin", "heikkiä"] {
            has("heikki", form);
        }
        for form in ["mäen", "mäelle", "mäkeä"] {
            has("mäki", form);
        }
        for (name, form) in [
            ("lahti", "lahden"),
            ("koski", "kosken"),
            ("järvi", "järvellä"),
            ("tuomas", "tuomaksen"),
            ("tuomas", "tuomasta"),
            ("erik", "erikille"),
            ("anna", "annalle"),
            ("anna", "annaa"),
            ("timo", "timoon"),
            ("pekka", "pekan"),
            ("rinne", "rinteelle"),
            ("rinne", "rinteen"),
            ("rinne", "rinnettä"),
            ("kalle", "kallelle"),
        ] {
            has(name, form);
        }
    }

    #[test]
    fn inflected_names_in_text_and_one_code_per_person() {
        let n = names(&["Matti Virtanen", "Liisa Mäki"]);
        let text = "Matti Virtanen soitti. Annoin sen Virtaselle ja Matille, \
                    Mäen Liisa oli Virtasen kanssa. Matillekin kiitos.";
        let got = find(&n, text);
        let s: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            s,
            [
                "Matti Virtanen",
                "Virtaselle",
                "Matille",
                "Mäen Liisa",
                "Virtasen",
                "Matillekin"
            ]
        );
        assert!(got[..3].iter().all(|(_, k)| k == "person 0"));
        assert_eq!(got[3].1, "person 1");
    }

    #[test]
    fn lower_case_words_and_other_words_are_left() {
        let n = names(&["Koski", "Onni Aho"]);
        assert!(surfaces(&n, "koski kuohui ja onni oli suuri").is_empty());
        assert!(surfaces(&n, "Mattila, Koskinen ja Ahonen").is_empty());
        assert_eq!(
            surfaces(&n, "Kosken rannalla, Ahon kanssa"),
            ["Kosken", "Ahon"]
        );
    }

    /// What `text` gives with a Voikko session, or `None` without Voikko.
    fn surfaces_with_voikko(n: &Names, text: &str) -> Option<Vec<String>> {
        let analyzer = crate::text::Analyzer::new(Default::default()).unwrap();
        if !analyzer.has_voikko() {
            return None;
        }
        let mut session = analyzer.session();
        let mut out = Vec::new();
        let mut cx = Context {
            hints: Hints::of(text),
            session: Some(&mut session),
        };
        n.find(text, &mut cx, &mut out);
        Some(
            out.iter()
                .map(|f| text[f.start..f.end].to_string())
                .collect(),
        )
    }

    /// Lower case: a first name and a surname of one person together, in
    /// any inflected form and order, or a name after a sign-off, is the
    /// person; a lone lower-case word is left (with any lemmatiser).
    #[test]
    fn lower_case_names_together_or_after_a_sign_off() {
        let n = names(&["Matti Virtanen", "Liisa Mäki", "Onni Aho", "Toivo Koski"]);
        assert_eq!(
            surfaces(
                &n,
                "soitin matti virtaselle ja mäen liisan kanssa, onni aho tuli, virtasen matilla oli kiire"
            ),
            [
                "matti virtaselle",
                "mäen liisan",
                "onni aho",
                "virtasen matilla"
            ]
        );
        assert_eq!(surfaces(&n, "Kiitos!\nterveisin liisa"), ["liisa"]);
        assert_eq!(surfaces(&n, "t. matti"), ["matti"]);
        assert_eq!(surfaces(&n, "terkuin: toivo"), ["toivo"]);
        assert_eq!(
            surfaces(&n, "Matti virtanen soitti"),
            ["Matti virtanen"],
            "a capitalised word and a lower-case one of the same person"
        );
        // Common words, alone, are left: rapids, a hill, luck, hope.
        assert!(
            surfaces(
                &n,
                "koski kuohui, mäen päällä oli onni ja toivo, matti kukkarossa"
            )
            .is_empty()
        );
        // Two listed words of different people are no pair.
        assert!(surfaces(&n, "onni toivo").is_empty());
        // A sign-off further back, or a word that only ends like one.
        assert!(surfaces(&n, "terveisin kaikille, onni oli mukana").is_empty());
        assert!(surfaces(&n, "ohut toivo").is_empty());
    }

    /// With Voikko, a lower-case form of a surname read as a proper name
    /// is the person on its own; a surname that is also a common word, and
    /// a first name alone, are left.
    #[test]
    fn lower_case_surnames_the_lemmatiser_reads_as_names() {
        let n = names(&[
            "Matti Virtanen",
            "Liisa Mäki",
            "Onni Aho",
            "Anna Koski",
            "Pekka Korhonen",
        ]);
        let Some(got) = surfaces_with_voikko(
            &n,
            "annoin sen liisalle ja virtasen kanssa puhuttiin, anna se, koski kuohui, onni oli \
             hyvä ja mäen rinne jyrkkä, pekka tuli ja korhoselle soitettiin",
        ) else {
            return;
        };
        assert_eq!(got, ["virtasen", "korhoselle"]);
    }

    /// Two forms of one name word side by side are no pair.
    #[test]
    fn two_forms_of_one_word_are_no_pair() {
        let n = names(&["Tuuli Järvi", "Anna Mäki"]);
        assert!(surfaces(&n, "järvestä järveen ja mäeltä mäelle").is_empty());
        assert_eq!(surfaces(&n, "tuuli järvelle"), ["tuuli järvelle"]);
    }

    #[test]
    fn shared_first_name_goes_with_the_surname() {
        let n = names(&["Matti Virtanen", "Matti Korhonen"]);
        let got = find(&n, "Matti Korhoselle ja Matille");
        assert_eq!(
            got,
            [
                ("Matti Korhoselle".to_string(), "person 1".to_string()),
                ("Matille".to_string(), "person 0".to_string())
            ]
        );
    }

    #[test]
    fn the_lemmatiser_is_asked_about_one_word() {
        let n = names(&["Matti Virtanen", "Liisa Mäki"]);
        let analyzer = crate::text::Analyzer::new(Default::default()).unwrap();
        let mut session = analyzer.session();
        let mut people = |w: &str| n.by_lemma(&mut session, w).map(|e| e.people);
        assert_eq!(people("Virtanen"), Some(vec![0]));
        assert_eq!(people("Mäki"), Some(vec![1]));
        assert_eq!(people("Koivisto"), None);
        assert!(n.starts_like_a_name("Virtaisille") && n.starts_like_a_name("Mäeltä"));
        assert!(!n.starts_like_a_name("Koivisto"));
    }

    #[test]
    fn hyphenated_and_colon_forms() {
        let n = names(&["Anna-Liisa", "Mike"]);
        assert_eq!(
            surfaces(&n, "Anna-Liisalle ja Mike:lle"),
            ["Anna-Liisalle", "Mike:lle"]
        );
    }

    #[test]
    fn names_file_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nimet.txt");
        std::fs::write(&p, "# vain kommentti\n\n").unwrap();
        let e = NameList::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("nimet.txt") && e.contains("no names"), "{e}");
        std::fs::write(&p, b"Matti\n\xE4iti\n").unwrap();
        let e = NameList::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("nimet.txt:2") && e.contains("UTF-8"), "{e}");
    }
}
