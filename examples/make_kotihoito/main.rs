//! Writes the synthetic home-care survey in `corpora/`:
//! `kotihoitokysely.csv` (Webropol style: `;`, UTF-8 with BOM, CRLF) and
//! `kotihoitokysely.gold.csv` (one row per respondent and open question:
//! the text and the themes written into it, `|`-joined, for
//! `teema eval themes --text text --label themes --label-sep '|'`).
//!
//! Run with `cargo run --example make_kotihoito`. The output is a pure
//! function of [`SEED`]: every run writes byte-identical files. All text
//! comes from the phrase banks in `phrases.rs`, written for teema (see
//! `corpora/README.md`).
//!
//! The respondents are relatives (omaiset) of elderly clients of a home-care
//! service (kotihoito), and write the way respondents do: themes mostly
//! without their theme word, colloquial forms, typos, answers in Swedish
//! and English, one-word and rambling answers. How an answer is made:
//! closed answers come from a latent satisfaction score; the number of
//! themes of an open answer is drawn, then the themes (weights by question,
//! NPS group, Likert, service and age group); one template per theme is
//! drawn from its bank and expanded (`{a|b}` alternatives, `@n @g @a @p @t`
//! the relative in five cases); sentences without a theme may be added
//! around them; then the respondent's habits are applied (colloquial
//! rewrites, no capitals, typos, no ä/ö).

mod phrases;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "../shared/draws.rs"]
mod draws;
use draws::Rng;
use teema::themes::discover::SplitMix64;

/// The fixed seed; change it and every file changes.
const SEED: u64 = 0x7EE4_C0DE_2026_1101;
/// How many respondents the survey has.
const RESPONDENTS: usize = 460;

const HEADERS: [&str; 8] = [
    "Vastaajatunnus",
    "Vastauspäivä",
    "Ikäryhmä",
    "Mitä palveluja läheisesi saa?",
    "Hoitajilla on ollut riittävästi aikaa läheiselleni",
    "Kuinka todennäköisesti suosittelisit kotihoitoa muille? (0–10)",
    "Mikä kotihoidossa on toiminut hyvin?",
    "Mitä kotihoidossa pitäisi kehittää?",
];

/// The gold themes, in the fixed order of the gold file.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Theme {
    /// The same familiar nurses, or a new face at every visit.
    Jatkuvuus,
    /// Time at the visits: haste, sitting down, talking.
    Kiire,
    /// When the visits come: too early, too late, unannounced.
    Kayntiajat,
    /// Information between the service and the relatives.
    Tiedonkulku,
    /// Medicines: doses, prescriptions, pharmacy.
    Laakkeet,
    /// How the client is treated: kindness, respect, humour.
    Kohtelu,
    /// Meals and eating.
    Ruoka,
    /// Safety and peace of mind: falls, nights, the alarm.
    Turvallisuus,
    /// The relative's own coping: respite, being asked, others alike.
    OmaisenTuki,
}

const THEMES: [Theme; 9] = [
    Theme::Jatkuvuus,
    Theme::Kiire,
    Theme::Kayntiajat,
    Theme::Tiedonkulku,
    Theme::Laakkeet,
    Theme::Kohtelu,
    Theme::Ruoka,
    Theme::Turvallisuus,
    Theme::OmaisenTuki,
];

impl Theme {
    fn key(self) -> &'static str {
        match self {
            Theme::Jatkuvuus => "jatkuvuus",
            Theme::Kiire => "kiire",
            Theme::Kayntiajat => "kayntiajat",
            Theme::Tiedonkulku => "tiedonkulku",
            Theme::Laakkeet => "laakkeet",
            Theme::Kohtelu => "kohtelu",
            Theme::Ruoka => "ruoka",
            Theme::Turvallisuus => "turvallisuus",
            Theme::OmaisenTuki => "omaisen_tuki",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Question {
    Hyvaa,
    Kehittaa,
}

/// Age group of the respondent (the relative).
const AGES: [&str; 5] = ["alle 40", "40–54", "55–64", "65–74", "75+"];

/// What the client gets; the index says which themes it raises.
const SERVICES: [&str; 6] = [
    "Säännöllinen kotihoito",
    "Kotihoito ja ateriapalvelu",
    "Kotihoito ja turvapuhelin",
    "Tehostettu kotihoito (myös yökäynnit)",
    "Kotikuntoutus",
    "Omaishoidon tuki ja kotihoito",
];

/// The language an answer is written in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Language {
    Finnish,
    Swedish,
    English,
}

/// The client as the relative names them, in five cases: nominative,
/// genitive, allative, partitive, ablative.
const RELATIVES: [[&str; 5]; 10] = [
    ["äiti", "äidin", "äidille", "äitiä", "äidiltä"],
    ["isä", "isän", "isälle", "isää", "isältä"],
    ["mummo", "mummon", "mummolle", "mummoa", "mummolta"],
    ["äiti", "äidin", "äidille", "äitiä", "äidiltä"],
    ["isä", "isän", "isälle", "isää", "isältä"],
    ["anoppi", "anopin", "anopille", "anoppia", "anopilta"],
    [
        "appiukko",
        "appiukon",
        "appiukolle",
        "appiukkoa",
        "appiukolta",
    ],
    ["täti", "tädin", "tädille", "tätiä", "tädiltä"],
    ["mies", "miehen", "miehelle", "miestä", "mieheltä"],
    ["vaimo", "vaimon", "vaimolle", "vaimoa", "vaimolta"],
];

/// How a respondent writes.
struct Habits {
    language: Language,
    /// Share of rewritable words written colloquially.
    colloquial: f64,
    /// Chance of a typo per longer word.
    typos: f64,
    /// Writes without capitals and mostly without final stops.
    lower: bool,
    /// Types a and o for ä and ö.
    no_umlauts: bool,
    /// Likes to tell the background (sentences without a theme).
    rambling: f64,
    /// The client: index into [`RELATIVES`].
    relative: usize,
}

/// A bank of templates with usage counts, so templates are spread evenly.
struct Bank {
    templates: Vec<&'static str>,
    uses: Vec<u32>,
}

impl Bank {
    fn parse(source: &'static str) -> Bank {
        let templates: Vec<&'static str> = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let uses = vec![0; templates.len()];
        Bank { templates, uses }
    }

    fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    fn draw(&mut self, rng: &mut Rng) -> &'static str {
        let weights: Vec<f64> = self.uses.iter().map(|&u| 1.0 / (1.0 + u as f64)).collect();
        let i = rng.weighted(&weights);
        self.uses[i] += 1;
        self.templates[i]
    }
}

/// All banks: per language, question and theme, plus the theme-free ones.
struct Banks {
    themed: Vec<(Language, Question, Theme, Bank)>,
    none: Vec<(Language, Question, Bank)>,
    background: Bank,
    openers: Bank,
    closers: Bank,
}

impl Banks {
    fn new() -> Banks {
        let mut themed = Vec::new();
        let mut none = Vec::new();
        for l in [Language::Finnish, Language::Swedish, Language::English] {
            for q in [Question::Hyvaa, Question::Kehittaa] {
                for t in THEMES {
                    themed.push((l, q, t, Bank::parse(phrases::bank(l, q, t))));
                }
                none.push((l, q, Bank::parse(phrases::no_theme(l, q))));
            }
        }
        Banks {
            themed,
            none,
            background: Bank::parse(phrases::BACKGROUND),
            openers: Bank::parse(phrases::OPENERS),
            closers: Bank::parse(phrases::CLOSERS),
        }
    }

    fn themed(&mut self, l: Language, q: Question, t: Theme) -> &mut Bank {
        let i = self
            .themed
            .iter()
            .position(|(bl, bq, bt, _)| *bl == l && *bq == q && *bt == t);
        &mut self.themed[i.expect("every theme has a bank")].3
    }

    fn none(&mut self, l: Language, q: Question) -> &mut Bank {
        let i = self
            .none
            .iter()
            .position(|(bl, bq, _)| *bl == l && *bq == q);
        &mut self.none[i.expect("every question has a no-theme bank")].2
    }
}

/// An open answer and the themes written into it.
struct Answer {
    text: String,
    themes: Vec<Theme>,
}

struct Respondent {
    id: u32,
    day: u8,
    age: usize,
    service: usize,
    likert: u8,
    nps: u8,
    hyvaa: Answer,
    kehittaa: Answer,
}

fn nps_group(score: u8) -> usize {
    match score {
        0..=6 => 0,
        7..=8 => 1,
        _ => 2,
    }
}

/// Weight of a theme in an answer to `q`, before the respondent's closed
/// answers shift it.
fn base_weight(q: Question, t: Theme) -> f64 {
    match (q, t) {
        (Question::Hyvaa, Theme::Kohtelu) => 3.0,
        (Question::Hyvaa, Theme::Turvallisuus) => 2.0,
        (Question::Hyvaa, Theme::Jatkuvuus) => 1.3,
        (Question::Hyvaa, Theme::Tiedonkulku) => 1.2,
        (Question::Hyvaa, Theme::Laakkeet) => 1.2,
        (Question::Hyvaa, Theme::Kiire) => 0.9,
        (Question::Hyvaa, Theme::Ruoka) => 0.8,
        (Question::Hyvaa, Theme::Kayntiajat) => 0.7,
        (Question::Hyvaa, Theme::OmaisenTuki) => 1.0,
        (Question::Kehittaa, Theme::Jatkuvuus) => 2.4,
        (Question::Kehittaa, Theme::Kiire) => 2.6,
        (Question::Kehittaa, Theme::Kayntiajat) => 2.0,
        (Question::Kehittaa, Theme::Tiedonkulku) => 2.0,
        (Question::Kehittaa, Theme::Laakkeet) => 0.9,
        (Question::Kehittaa, Theme::Kohtelu) => 0.6,
        (Question::Kehittaa, Theme::Ruoka) => 1.0,
        (Question::Kehittaa, Theme::Turvallisuus) => 0.8,
        (Question::Kehittaa, Theme::OmaisenTuki) => 1.2,
    }
}

/// Everything that shapes one open answer besides the random stream.
struct Context<'a> {
    question: Question,
    nps: u8,
    age: usize,
    service: usize,
    likert: u8,
    habits: &'a Habits,
}

fn theme_weight(c: &Context, t: Theme) -> f64 {
    let mut w = base_weight(c.question, t);
    let g = nps_group(c.nps);
    let hyvaa = c.question == Question::Hyvaa;
    // Promoters praise the treatment and peace of mind; detractors want
    // the same nurses, more time and visits on time.
    match (hyvaa, t, g) {
        (true, Theme::Kohtelu | Theme::Turvallisuus, 2) => w *= 1.8,
        (true, Theme::Kohtelu | Theme::Turvallisuus, 0) => w *= 0.5,
        (false, Theme::Jatkuvuus | Theme::Kiire | Theme::Kayntiajat, 0) => w *= 1.9,
        (false, Theme::Jatkuvuus | Theme::Kiire | Theme::Kayntiajat, 2) => w *= 0.6,
        _ => {}
    }
    // Time at visits goes with the Likert item.
    if t == Theme::Kiire {
        w *= match (hyvaa, c.likert) {
            (true, 4..=5) => 2.2,
            (true, _) => 0.4,
            (false, 1..=2) => 2.0,
            (false, _) => 0.7,
        };
    }
    // The service raises its own themes.
    match (c.service, t) {
        (1, Theme::Ruoka) => w *= 3.0,
        (2, Theme::Turvallisuus) => w *= 2.2,
        (3, Theme::Turvallisuus | Theme::Kayntiajat) => w *= 1.6,
        (5, Theme::OmaisenTuki) => w *= 3.0,
        _ => {}
    }
    // Spouses (75+) write about their own coping; the youngest about news.
    match (c.age, t) {
        (4, Theme::OmaisenTuki) => w *= 2.0,
        (0, Theme::Tiedonkulku) => w *= 1.6,
        _ => {}
    }
    w
}

/// How many themes an answer has: 0 (an answer without a theme), 1, 2 or 3.
fn theme_count(rng: &mut Rng, q: Question) -> usize {
    let w: [f64; 4] = match q {
        Question::Hyvaa => [0.17, 0.55, 0.24, 0.04],
        Question::Kehittaa => [0.15, 0.52, 0.27, 0.06],
    };
    rng.weighted(&w)
}

/// Expand `{a|b|c}` alternatives, then the relative's cases `@n @g @a @p @t`.
fn expand(template: &str, rng: &mut Rng, relative: usize) -> String {
    let mut chosen = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        chosen.push_str(&rest[..i]);
        let body = &rest[i + 1..];
        let end = body.find('}').expect("closed alternative");
        let options: Vec<&str> = body[..end].split('|').collect();
        chosen.push_str(options[rng.below(options.len())]);
        rest = &body[end + 1..];
    }
    chosen.push_str(rest);
    let forms = RELATIVES[relative];
    let mut out = chosen;
    for (mark, form) in ["@n", "@g", "@a", "@p", "@t"].iter().zip(forms) {
        out = out.replace(mark, form);
    }
    // A template that opens with the relative starts a sentence.
    if template.starts_with('@') {
        upper_first(&out)
    } else {
        out
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['.', '!', '?', ')', ':'])
}

/// Appends `frag` to `out` with a connector chosen at random.
fn append(out: &mut String, frag: &str, rng: &mut Rng, language: Language) {
    if out.is_empty() {
        out.push_str(frag);
        return;
    }
    let close = |out: &mut String| {
        if !ends_sentence(out) {
            out.push('.');
        }
    };
    let and = match language {
        Language::Finnish => [" ja ", " Ja ", " Lisäksi ", " Myös ", " Toinen juttu: "],
        Language::Swedish => [" och ", " Och ", " Dessutom ", " Också ", " En annan sak: "],
        Language::English => [" and ", " And ", " Also ", " Also, ", " Another thing: "],
    };
    match rng.below(20) {
        0..=9 => {
            close(out);
            out.push(' ');
            out.push_str(frag);
        }
        10..=11 => {
            close(out);
            out.push_str(and[2]);
            out.push_str(&lower_first(frag));
        }
        12 => {
            close(out);
            out.push_str(and[3]);
            out.push_str(&lower_first(frag));
        }
        13 => {
            close(out);
            out.push_str(and[4]);
            out.push_str(&lower_first(frag));
        }
        14..=15 => {
            out.push('\n');
            out.push_str(frag);
        }
        16 => {
            while out.ends_with(['.', '!']) {
                out.pop();
            }
            out.push_str(", ");
            out.push_str(&lower_first(frag));
        }
        17 => {
            close(out);
            out.push_str(and[1]);
            out.push_str(&lower_first(frag));
        }
        _ => {
            while out.ends_with('.') {
                out.pop();
            }
            if out.ends_with(['!', '?', ')', ':']) {
                out.push(' ');
                out.push_str(frag);
            } else {
                out.push_str(and[0]);
                out.push_str(&lower_first(frag));
            }
        }
    }
}

/// [`append`], or after an opener ending in `:` or `,` just a space.
fn attach(out: &mut String, frag: &str, rng: &mut Rng, language: Language) {
    if out.ends_with(':') {
        out.push(' ');
        out.push_str(frag);
    } else if out.ends_with(',') {
        out.push(' ');
        out.push_str(&lower_first(frag));
    } else {
        append(out, frag, rng, language);
    }
}

/// Written Finnish words and their spoken forms.
const COLLOQUIAL: [(&str, &str); 44] = [
    ("minä", "mä"),
    ("minun", "mun"),
    ("minulle", "mulle"),
    ("minulla", "mulla"),
    ("minua", "mua"),
    ("minusta", "musta"),
    ("sinä", "sä"),
    ("olen", "oon"),
    ("olemme", "ollaan"),
    ("olisi", "ois"),
    ("olisivat", "ois"),
    ("ole", "oo"),
    ("ollut", "ollu"),
    ("olleet", "ollu"),
    ("saanut", "saanu"),
    ("tullut", "tullu"),
    ("kun", "ku"),
    ("mutta", "mut"),
    ("että", "et"),
    ("vähän", "vähä"),
    ("tämä", "tää"),
    ("tässä", "täs"),
    ("niin", "nii"),
    ("kyllä", "kyl"),
    ("pitäisi", "pitäis"),
    ("voisi", "vois"),
    ("voisivat", "vois"),
    ("pitäisivät", "pitäis"),
    ("tulisi", "tulis"),
    ("kanssa", "kans"),
    ("sitten", "sit"),
    ("mitään", "mitää"),
    ("vielä", "viel"),
    ("aivan", "ihan"),
    ("erittäin", "tosi"),
    ("he", "ne"),
    ("heillä", "niillä"),
    ("heidän", "niiden"),
    ("hän", "se"),
    ("hänen", "sen"),
    ("hänelle", "sille"),
    ("hänellä", "sillä"),
    ("ovat", "on"),
    ("meidän", "meiän"),
];

/// Rewrite written words to spoken forms, each with chance `share`.
fn colloquial(text: &str, share: f64, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = word.trim_end_matches([',', '.', '!', '?', ':', ';']);
        let tail = &word[core.len()..];
        let lower = core.to_lowercase();
        match COLLOQUIAL.iter().find(|(w, _)| *w == lower) {
            Some((_, spoken)) if rng.chance(share) => {
                let capital = core.chars().next().is_some_and(char::is_uppercase);
                out.push_str(&if capital {
                    upper_first(spoken)
                } else {
                    (*spoken).to_string()
                });
                out.push_str(tail);
            }
            _ => out.push_str(word),
        }
    }
    out
}

/// A typo in words of five letters or more, each with chance `p`: two
/// letters swapped, one dropped or one doubled.
fn typos(text: &str, p: f64, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let chars: Vec<char> = word.chars().collect();
        let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
        if letters < 5
            || !chars
                .iter()
                .all(|c| c.is_alphabetic() || ",.!?".contains(*c))
        {
            out.push_str(word);
            continue;
        }
        if !rng.chance(p) {
            out.push_str(word);
            continue;
        }
        let mut c = chars;
        let at = 1 + rng.below(letters - 2);
        match rng.below(3) {
            0 => c.swap(at, at + 1),
            1 => {
                c.remove(at);
            }
            _ => c.insert(at, c[at]),
        }
        out.extend(c);
    }
    out
}

/// Apply a respondent's habits to a finished answer.
fn apply_habits(text: &str, h: &Habits, rng: &mut Rng) -> String {
    let mut t = text.to_string();
    if h.language == Language::Finnish && h.colloquial > 0.0 {
        t = colloquial(&t, h.colloquial, rng);
    }
    if h.typos > 0.0 {
        t = typos(&t, h.typos, rng);
    }
    if h.lower {
        t = t.to_lowercase();
        if t.ends_with('.') && !t.ends_with("..") {
            t.pop();
        }
    }
    if h.no_umlauts {
        t = t.replace('ä', "a").replace('ö', "o").replace('Ä', "A");
    }
    t
}

fn make_answer(c: &Context, rng: &mut Rng, banks: &mut Banks) -> Answer {
    let h = c.habits;
    let lang = h.language;
    let n = theme_count(rng, c.question);
    let mut themes: Vec<Theme> = Vec::new();
    while themes.len() < n {
        let weights: Vec<f64> = THEMES
            .iter()
            .map(|&t| {
                if themes.contains(&t) || banks.themed(lang, c.question, t).is_empty() {
                    0.0
                } else {
                    theme_weight(c, t)
                }
            })
            .collect();
        if weights.iter().all(|&w| w == 0.0) {
            break;
        }
        themes.push(THEMES[rng.weighted(&weights)]);
    }
    let mut text = String::new();
    if themes.is_empty() {
        let t = banks.none(lang, c.question).draw(rng);
        text = expand(t, rng, h.relative);
    } else {
        if lang == Language::Finnish && rng.chance(0.12) {
            let o = banks.openers.draw(rng);
            text.push_str(&expand(o, rng, h.relative));
        }
        if lang == Language::Finnish && rng.chance(h.rambling) {
            let b = banks.background.draw(rng);
            attach(&mut text, &expand(b, rng, h.relative), rng, lang);
        }
        for &t in &themes {
            let p = banks.themed(lang, c.question, t).draw(rng);
            attach(&mut text, &expand(p, rng, h.relative), rng, lang);
            // A rambler sometimes says the same thing twice in other words.
            if lang == Language::Finnish && rng.chance(h.rambling * 0.5) {
                let again = banks.themed(lang, c.question, t).draw(rng);
                attach(&mut text, &expand(again, rng, h.relative), rng, lang);
            }
        }
        if lang == Language::Finnish && rng.chance(h.rambling * 0.6) {
            let b = banks.background.draw(rng);
            attach(&mut text, &expand(b, rng, h.relative), rng, lang);
        }
        if lang == Language::Finnish && rng.chance(0.1) {
            let cl = banks.closers.draw(rng);
            attach(&mut text, &expand(cl, rng, h.relative), rng, lang);
        }
    }
    themes.sort();
    Answer {
        text: apply_habits(&text, h, rng),
        themes,
    }
}

fn habits(rng: &mut Rng, age: usize) -> Habits {
    let language = match rng.below(1000) {
        0..=29 => Language::Swedish,
        30..=44 => Language::English,
        _ => Language::Finnish,
    };
    // Younger relatives write more colloquially and with more typos.
    let colloquial = match (age, rng.below(10)) {
        (0..=1, 0..=6) | (2, 0..=3) | (3..=4, 0..=1) => 0.5 + 0.5 * rng.unit(),
        _ => 0.0,
    };
    let typos = match rng.below(10) {
        0..=4 => 0.0,
        5..=7 => 0.03,
        _ => 0.08 + 0.04 * (age as f64 / 4.0),
    };
    let relative = if age == 4 {
        8 + rng.below(2)
    } else {
        rng.below(RELATIVES.len() - 2)
    };
    Habits {
        language,
        colloquial,
        typos,
        lower: rng.chance(if age <= 1 { 0.3 } else { 0.1 }),
        no_umlauts: rng.chance(0.03),
        rambling: [0.05, 0.2, 0.45][rng.weighted(&[0.5, 0.35, 0.15])],
        relative,
    }
}

fn generate() -> Vec<Respondent> {
    let mut rng = Rng(SplitMix64::new(SEED));
    let mut banks = Banks::new();
    let mut rows = Vec::with_capacity(RESPONDENTS);
    for i in 0..RESPONDENTS {
        let satisfaction = rng.normal();
        let age = rng.weighted(&[0.12, 0.30, 0.30, 0.16, 0.12]);
        let service = rng.weighted(&[0.32, 0.18, 0.18, 0.12, 0.08, 0.12]);
        let nps = (7.3 + 2.1 * satisfaction + 0.8 * rng.normal())
            .round()
            .clamp(0.0, 10.0) as u8;
        let likert = (3.1 + 0.8 * satisfaction + 0.7 * rng.normal())
            .round()
            .clamp(1.0, 5.0) as u8;
        let h = habits(&mut rng, age);
        let mut answer = |q: Question, empty: f64, rng: &mut Rng| {
            if rng.chance(empty) {
                return Answer {
                    text: String::new(),
                    themes: Vec::new(),
                };
            }
            let c = Context {
                question: q,
                nps,
                age,
                service,
                likert,
                habits: &h,
            };
            make_answer(&c, rng, &mut banks)
        };
        let hyvaa = answer(Question::Hyvaa, 0.07, &mut rng);
        let kehittaa = answer(Question::Kehittaa, 0.14, &mut rng);
        rows.push(Respondent {
            id: 1001 + i as u32,
            day: 2 + (i * 27 / RESPONDENTS) as u8,
            age,
            service,
            likert,
            nps,
            hyvaa,
            kehittaa,
        });
    }
    rows
}

fn csv_field(s: &str, sep: char) -> String {
    if s.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Webropol style: UTF-8 with BOM, `;`, CRLF, header row = question texts.
fn survey_csv(rows: &[Respondent]) -> String {
    let mut out = String::from("\u{FEFF}");
    let header: Vec<String> = HEADERS.iter().map(|h| csv_field(h, ';')).collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            r.id.to_string(),
            format!("{}.11.2026", r.day),
            AGES[r.age].to_string(),
            SERVICES[r.service].to_string(),
            r.likert.to_string(),
            r.nps.to_string(),
            r.hyvaa.text.replace('\n', "\r\n"),
            r.kehittaa.text.replace('\n', "\r\n"),
        ];
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f, ';')).collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    out
}

fn gold_themes(a: &Answer) -> String {
    if a.text.is_empty() {
        String::new()
    } else if a.themes.is_empty() {
        "-".to_string()
    } else {
        let keys: Vec<&str> = a.themes.iter().map(|t| t.key()).collect();
        keys.join("|")
    }
}

/// One line per respondent and open question: the answer and its themes.
fn gold_csv(rows: &[Respondent]) -> String {
    let mut out = String::from("respondent,question,text,themes\n");
    for r in rows {
        for (q, a) in [(HEADERS[6], &r.hyvaa), (HEADERS[7], &r.kehittaa)] {
            writeln!(
                out,
                "{},{},{},{}",
                r.id,
                csv_field(q, ','),
                csv_field(&a.text, ','),
                gold_themes(a)
            )
            .expect("write to String");
        }
    }
    out
}

/// Theme shares per question (of non-empty answers) and by NPS group.
fn print_summary(rows: &[Respondent]) {
    for (name, q) in [("hyvin", Question::Hyvaa), ("kehittää", Question::Kehittaa)] {
        let answers: Vec<(&Answer, u8)> = rows
            .iter()
            .map(|r| {
                let a = if q == Question::Hyvaa {
                    &r.hyvaa
                } else {
                    &r.kehittaa
                };
                (a, r.nps)
            })
            .filter(|(a, _)| !a.text.is_empty())
            .collect();
        let none = answers.iter().filter(|(a, _)| a.themes.is_empty()).count();
        let multi = answers.iter().filter(|(a, _)| a.themes.len() > 1).count();
        println!(
            "{name}: {} answers, {none} without a theme, {multi} with several",
            answers.len()
        );
        let mut groups = [0usize; 3];
        for (_, nps) in &answers {
            groups[nps_group(*nps)] += 1;
        }
        for t in THEMES {
            let mut by = [0usize; 3];
            let mut all = 0;
            for (a, nps) in &answers {
                if a.themes.contains(&t) {
                    by[nps_group(*nps)] += 1;
                    all += 1;
                }
            }
            let pct = |g: usize| 100.0 * by[g] as f64 / groups[g].max(1) as f64;
            println!(
                "  {:<14} {all:>4}   0–6 {:>3.0} %   7–8 {:>3.0} %   9–10 {:>3.0} %",
                t.key(),
                pct(0),
                pct(1),
                pct(2)
            );
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The output folder is `corpora/` of this package unless given as the first argument.
    let dir = match std::env::args_os().nth(1) {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora"),
    };
    std::fs::create_dir_all(&dir)?;
    let rows = generate();
    std::fs::write(dir.join("kotihoitokysely.csv"), survey_csv(&rows))?;
    std::fs::write(dir.join("kotihoitokysely.gold.csv"), gold_csv(&rows))?;
    print_summary(&rows);
    println!(
        "\nwrote kotihoitokysely.csv and kotihoitokysely.gold.csv in {}",
        dir.display()
    );
    Ok(())
}
