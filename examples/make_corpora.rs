//! Writes the synthetic feedback survey in `corpora/`: `palautekysely.csv`
//! (Webropol style: `;`, UTF-8 with BOM, CRLF), its twin `palautekysely.xlsx`
//! and `palautekysely.gold.csv` (the themes written into every open answer).
//!
//! Run with `cargo run --example make_corpora`. The output is a pure function
//! of [`SEED`]: every run writes byte-identical files. All text comes from the
//! phrase banks in this file, written for teema (see `corpora/README.md`).
//!
//! How an answer is made: closed answers come from a latent satisfaction
//! score; each theme enters an open answer with a probability that depends on
//! the question, the NPS group, the age group and the closed answers; a
//! phrase is drawn from the theme's bank (age-tagged phrases are preferred
//! for the matching age) and phrases are joined with varied connectors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use teema::themes::discover::SplitMix64;

#[path = "shared/draws.rs"]
mod draws;
use draws::Rng;

/// The fixed seed; change it and every file changes.
const SEED: u64 = 0x7EE4_A202_6030_0001;
/// How many respondents the survey has.
const RESPONDENTS: usize = 300;

const HEADERS: [&str; 8] = [
    "Vastaajatunnus",
    "Vastauspäivä",
    "Mihin toimintoihin olet osallistunut?",
    "Ikäryhmä",
    "Olen saanut tukea arjen asioihin",
    "Kuinka todennäköisesti suosittelisit toimintaa ystävällesi? (0–10)",
    "Mikä toiminnassa on ollut hyvää?",
    "Miten toimintaa voisi kehittää?",
];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Theme {
    Vertaistuki,
    Aukioloajat,
    Ohjaajat,
    Yhteisollisyys,
    Yksinaisyys,
    Monipuolisuus,
    Saavutettavuus,
}

const THEMES: [Theme; 7] = [
    Theme::Vertaistuki,
    Theme::Aukioloajat,
    Theme::Ohjaajat,
    Theme::Yhteisollisyys,
    Theme::Yksinaisyys,
    Theme::Monipuolisuus,
    Theme::Saavutettavuus,
];

impl Theme {
    fn key(self) -> &'static str {
        match self {
            Theme::Vertaistuki => "vertaistuki",
            Theme::Aukioloajat => "aukioloajat",
            Theme::Ohjaajat => "ohjaajat",
            Theme::Yhteisollisyys => "yhteisollisyys",
            Theme::Yksinaisyys => "yksinaisyys",
            Theme::Monipuolisuus => "monipuolisuus",
            Theme::Saavutettavuus => "saavutettavuus",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Question {
    Hyvaa,
    Kehittaa,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Age {
    Alle25,
    Age25,
    Age35,
    Age50,
    Age65,
}

const AGES: [Age; 5] = [Age::Alle25, Age::Age25, Age::Age35, Age::Age50, Age::Age65];

impl Age {
    fn label(self) -> &'static str {
        match self {
            Age::Alle25 => "alle 25",
            Age::Age25 => "25–34",
            Age::Age35 => "35–49",
            Age::Age50 => "50–64",
            Age::Age65 => "65+",
        }
    }
    fn young(self) -> bool {
        matches!(self, Age::Alle25 | Age::Age25)
    }
    fn older(self) -> bool {
        matches!(self, Age::Age50 | Age::Age65)
    }
    /// How much more (or less) often this age group raises a theme.
    fn theme_factor(self, theme: Theme) -> f64 {
        use Theme::*;
        match (self, theme) {
            (Age::Alle25 | Age::Age25, Aukioloajat | Monipuolisuus) => 1.5,
            (Age::Alle25 | Age::Age25, Yksinaisyys) => 0.6,
            (Age::Age50, Yksinaisyys) => 1.3,
            (Age::Age50, Saavutettavuus) => 1.2,
            (Age::Age65, Yksinaisyys) => 2.2,
            (Age::Age65, Saavutettavuus) => 1.6,
            (Age::Age65, Yhteisollisyys) => 1.3,
            (Age::Age65, Aukioloajat) => 0.5,
            (Age::Age65, Monipuolisuus) => 0.8,
            _ => 1.0,
        }
    }
}

/// detractor 0–6, passive 7–8, promoter 9–10.
fn nps_group(score: u8) -> usize {
    match score {
        0..=6 => 0,
        7..=8 => 1,
        _ => 2,
    }
}

const NPS_GROUPS: [&str; 3] = ["arvostelija 0–6", "passiivinen 7–8", "suosittelija 9–10"];

/// Base probability that a theme appears in an answer: [detractor, passive, promoter].
fn base_probability(question: Question, theme: Theme) -> [f64; 3] {
    use Theme::*;
    match (question, theme) {
        (Question::Hyvaa, Vertaistuki) => [0.10, 0.28, 0.48],
        (Question::Hyvaa, Ohjaajat) => [0.12, 0.30, 0.50],
        (Question::Hyvaa, Yhteisollisyys) => [0.10, 0.22, 0.30],
        (Question::Hyvaa, Yksinaisyys) => [0.06, 0.12, 0.20],
        (Question::Hyvaa, Monipuolisuus) => [0.16, 0.22, 0.22],
        (Question::Hyvaa, Saavutettavuus) => [0.08, 0.10, 0.10],
        (Question::Hyvaa, Aukioloajat) => [0.03, 0.06, 0.06],
        (Question::Kehittaa, Aukioloajat) => [0.50, 0.32, 0.15],
        (Question::Kehittaa, Saavutettavuus) => [0.38, 0.20, 0.08],
        (Question::Kehittaa, Ohjaajat) => [0.22, 0.12, 0.05],
        (Question::Kehittaa, Monipuolisuus) => [0.18, 0.22, 0.15],
        (Question::Kehittaa, Vertaistuki) => [0.06, 0.10, 0.10],
        (Question::Kehittaa, Yhteisollisyys) => [0.12, 0.08, 0.05],
        (Question::Kehittaa, Yksinaisyys) => [0.04, 0.06, 0.08],
    }
}

/// Probability that the answer is left empty: [detractor, passive, promoter].
fn empty_probability(question: Question) -> [f64; 3] {
    match question {
        Question::Hyvaa => [0.15, 0.08, 0.05],
        Question::Kehittaa => [0.08, 0.18, 0.28],
    }
}

/// One phrase of a bank: its text and the age it suits (`n|` young, `o|` older).
struct Phrase {
    text: &'static str,
    young: bool,
    older: bool,
}

/// A bank of phrases with usage counts, so phrases are spread evenly.
struct Bank {
    phrases: Vec<Phrase>,
    uses: Vec<u32>,
}

impl Bank {
    fn parse(source: &'static str) -> Bank {
        let phrases: Vec<Phrase> = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                if let Some(t) = l.strip_prefix("n|") {
                    Phrase {
                        text: t,
                        young: true,
                        older: false,
                    }
                } else if let Some(t) = l.strip_prefix("o|") {
                    Phrase {
                        text: t,
                        young: false,
                        older: true,
                    }
                } else {
                    Phrase {
                        text: l,
                        young: false,
                        older: false,
                    }
                }
            })
            .collect();
        let uses = vec![0; phrases.len()];
        Bank { phrases, uses }
    }

    fn draw(&mut self, rng: &mut Rng, age: Age) -> &'static str {
        let weights: Vec<f64> = self
            .phrases
            .iter()
            .zip(&self.uses)
            .map(|(p, &u)| {
                let fit = match (p.young, p.older) {
                    (true, _) if age.young() => 3.0,
                    (_, true) if age.older() => 3.0,
                    (true, _) | (_, true) => 0.25,
                    _ => 1.0,
                };
                fit / (1.0 + 1.5 * u as f64)
            })
            .collect();
        let i = rng.weighted(&weights);
        self.uses[i] += 1;
        self.phrases[i].text
    }
}

/// All banks: one per (question, theme), plus the theme-free ones.
struct Banks {
    themed: Vec<(Question, Theme, Bank)>,
    none_hyvaa: Bank,
    none_kehittaa: Bank,
    openers: Bank,
    closers_hyvaa: Bank,
    closers_kehittaa: Bank,
}

impl Banks {
    fn new() -> Banks {
        let mut themed = Vec::new();
        for q in [Question::Hyvaa, Question::Kehittaa] {
            for t in THEMES {
                themed.push((
                    q,
                    t,
                    Bank::parse(phrases::bank(q == Question::Hyvaa, t.key())),
                ));
            }
        }
        Banks {
            themed,
            none_hyvaa: Bank::parse(phrases::NONE_HYVAA),
            none_kehittaa: Bank::parse(phrases::NONE_KEHITTAA),
            openers: Bank::parse(phrases::OPENERS),
            closers_hyvaa: Bank::parse(phrases::CLOSERS_HYVAA),
            closers_kehittaa: Bank::parse(phrases::CLOSERS_KEHITTAA),
        }
    }
    fn themed(&mut self, q: Question, t: Theme) -> &mut Bank {
        let i = self
            .themed
            .iter()
            .position(|(bq, bt, _)| *bq == q && *bt == t);
        &mut self.themed[i.expect("every theme has a bank")].2
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
    activities: &'static str,
    age: Age,
    likert: u8,
    nps: u8,
    hyvaa: Answer,
    kehittaa: Answer,
}

const ACTIVITIES: [&str; 10] = [
    "Ruokailu",
    "Kuntosali",
    "Vertaistukiryhmä",
    "Kädentaidot",
    "Retket",
    "Digineuvonta",
    "Ruokailu, Kuntosali",
    "Ruokailu, Vertaistukiryhmä",
    "Kädentaidot, Retket",
    "Kuntosali, Retket",
];

fn activity_weights(age: Age) -> [f64; 10] {
    if age.young() {
        [2.0, 3.0, 1.5, 0.5, 1.0, 0.3, 2.0, 1.0, 0.3, 1.2]
    } else if age.older() {
        [3.0, 0.8, 1.5, 2.5, 1.5, 2.0, 1.0, 1.5, 2.0, 0.3]
    } else {
        [2.5, 1.8, 1.8, 1.2, 1.2, 0.8, 1.5, 1.5, 0.8, 0.8]
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

/// Appends `frag` to `out` with a connector chosen at random; `plain` allows
/// only a sentence break (used around openers and closers).
fn append(out: &mut String, frag: &str, rng: &mut Rng, plain: bool) {
    if out.is_empty() {
        out.push_str(frag);
        return;
    }
    let close = |out: &mut String| {
        if !ends_sentence(out) {
            out.push('.');
        }
    };
    let pick = rng.below(20);
    match if plain { 0 } else { pick } {
        0..=10 => {
            close(out);
            out.push(' ');
            out.push_str(frag);
        }
        11..=12 => {
            close(out);
            out.push_str(" Lisäksi ");
            out.push_str(&lower_first(frag));
        }
        13..=14 => {
            close(out);
            out.push_str(" Myös ");
            out.push_str(&lower_first(frag));
        }
        15 => {
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
        _ => {
            while out.ends_with('.') {
                out.pop();
            }
            if out.ends_with(['!', '?', ')', ':']) {
                out.push(' ');
                out.push_str(frag);
            } else {
                out.push_str(" ja ");
                out.push_str(&lower_first(frag));
            }
        }
    }
}

/// Everything that shapes one open answer besides the random stream.
struct Context {
    question: Question,
    nps: u8,
    age: Age,
    likert: u8,
    activities: &'static str,
    casual: bool,
}

fn theme_probability(c: &Context, theme: Theme) -> f64 {
    let mut p = base_probability(c.question, theme)[nps_group(c.nps)] * c.age.theme_factor(theme);
    match (c.question, theme) {
        (Question::Hyvaa, Theme::Vertaistuki) if c.activities.contains("Vertaistukiryhmä") => {
            p *= 1.6
        }
        (Question::Hyvaa, Theme::Monipuolisuus) if c.activities.contains(", ") => p *= 1.4,
        (Question::Hyvaa, Theme::Ohjaajat) => p *= 0.6 + 0.2 * f64::from(c.likert - 1),
        (Question::Kehittaa, Theme::Ohjaajat) if c.likert <= 2 => p *= 1.5,
        _ => {}
    }
    p.min(0.9)
}

fn make_answer(c: &Context, rng: &mut Rng, banks: &mut Banks) -> Answer {
    if rng.chance(empty_probability(c.question)[nps_group(c.nps)]) {
        return Answer {
            text: String::new(),
            themes: Vec::new(),
        };
    }
    let mut themes: Vec<Theme> = THEMES
        .into_iter()
        .filter(|&t| rng.chance(theme_probability(c, t)))
        .collect();
    while themes.len() > 3 {
        let i = rng.below(themes.len());
        themes.remove(i);
    }
    // The order the themes are written in is random; the gold list is sorted.
    for i in (1..themes.len()).rev() {
        themes.swap(i, rng.below(i + 1));
    }
    let mut text = String::new();
    if themes.is_empty() {
        let bank = match c.question {
            Question::Hyvaa => &mut banks.none_hyvaa,
            Question::Kehittaa => &mut banks.none_kehittaa,
        };
        text.push_str(bank.draw(rng, c.age));
    } else {
        if rng.chance(0.12) {
            let opener = banks.openers.draw(rng, c.age);
            append(&mut text, opener, rng, true);
        }
        let after_opener = !text.is_empty();
        for (i, &t) in themes.iter().enumerate() {
            let frag = banks.themed(c.question, t).draw(rng, c.age);
            append(&mut text, frag, rng, i == 0 && after_opener);
        }
        if rng.chance(0.12) {
            let closer = match c.question {
                Question::Hyvaa => banks.closers_hyvaa.draw(rng, c.age),
                Question::Kehittaa => banks.closers_kehittaa.draw(rng, c.age),
            };
            append(&mut text, closer, rng, true);
        }
    }
    if c.casual && text.len() > 2 {
        if rng.chance(0.5) {
            text = lower_first(&text);
        }
        if rng.chance(0.5) && text.ends_with('.') {
            text.pop();
        }
    }
    themes.sort();
    Answer { text, themes }
}

fn generate() -> Vec<Respondent> {
    let mut rng = Rng(SplitMix64::new(SEED));
    let mut banks = Banks::new();
    // Most answers come in right after the invitation, fewer towards the end.
    let mut days: Vec<u8> = (0..RESPONDENTS)
        .map(|_| 2 + (28.0 * rng.unit().powf(1.8)) as u8)
        .collect();
    days.sort_unstable();
    let mut out = Vec::with_capacity(RESPONDENTS);
    for (i, day) in days.into_iter().enumerate() {
        let ai = rng.weighted(&[0.14, 0.20, 0.24, 0.22, 0.20]);
        let age = AGES[ai];
        let z = rng.normal();
        let shift = [-0.4, -0.2, 0.0, 0.2, 0.5][ai];
        let nps = (7.8 + 2.2 * z + shift).round().clamp(0.0, 10.0) as u8;
        let likert = (3.5 + 0.8 * z + 0.7 * rng.normal()).round().clamp(1.0, 5.0) as u8;
        let activities = ACTIVITIES[rng.weighted(&activity_weights(age))];
        let casual = rng.chance(if age.young() { 0.45 } else { 0.15 });
        let mut c = Context {
            question: Question::Hyvaa,
            nps,
            age,
            likert,
            activities,
            casual,
        };
        let hyvaa = make_answer(&c, &mut rng, &mut banks);
        c.question = Question::Kehittaa;
        let kehittaa = make_answer(&c, &mut rng, &mut banks);
        out.push(Respondent {
            id: 1 + i as u32,
            day,
            activities,
            age,
            likert,
            nps,
            hyvaa,
            kehittaa,
        });
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Webropol style: UTF-8 with BOM, `;`, CRLF, header row = question texts.
fn survey_csv(rows: &[Respondent]) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&HEADERS.map(csv_field).join(";"));
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            r.id.to_string(),
            format!("{}.3.2026", r.day),
            r.activities.to_string(),
            r.age.label().to_string(),
            r.likert.to_string(),
            r.nps.to_string(),
            r.hyvaa.text.clone(),
            r.kehittaa.text.clone(),
        ];
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    out
}

fn gold_themes(a: &Answer) -> String {
    if a.text.is_empty() {
        String::new()
    } else if a.themes.is_empty() {
        "none".to_string()
    } else {
        a.themes
            .iter()
            .map(|t| t.key())
            .collect::<Vec<_>>()
            .join("|")
    }
}

/// One line per respondent and open question: the themes the answer was written with.
fn gold_csv(rows: &[Respondent]) -> String {
    let mut out = String::from("respondent,question,themes\n");
    for r in rows {
        for (q, a) in [(HEADERS[6], &r.hyvaa), (HEADERS[7], &r.kehittaa)] {
            writeln!(out, "{},{},{}", r.id, q, gold_themes(a)).expect("write to String");
        }
    }
    out
}

fn survey_xlsx(rows: &[Respondent], path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time keeps the file byte-identical between runs.
    let created = ExcelDateTime::from_ymd(2026, 3, 31)?.and_hms(12, 0, 0)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("d.m.yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Vastaukset")?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number(row, 0, f64::from(r.id))?;
        ws.write_datetime_with_format(row, 1, ExcelDateTime::from_ymd(2026, 3, r.day)?, &date)?;
        ws.write_string(row, 2, r.activities)?;
        ws.write_string(row, 3, r.age.label())?;
        ws.write_number(row, 4, f64::from(r.likert))?;
        ws.write_number(row, 5, f64::from(r.nps))?;
        for (c, a) in [(6u16, &r.hyvaa), (7, &r.kehittaa)] {
            if !a.text.is_empty() {
                ws.write_string(row, c, &a.text)?;
            }
        }
    }
    wb.save(path)
}

/// Prints how often each theme was written, by NPS group and by age group.
fn answer_to(r: &Respondent, q: Question) -> &Answer {
    match q {
        Question::Hyvaa => &r.hyvaa,
        Question::Kehittaa => &r.kehittaa,
    }
}

fn print_summary(rows: &[Respondent]) {
    let mut group_sizes = [0usize; 3];
    for r in rows {
        group_sizes[nps_group(r.nps)] += 1;
    }
    println!("respondents {}, by NPS group {:?}", rows.len(), group_sizes);
    for (q, name) in [
        (Question::Hyvaa, HEADERS[6]),
        (Question::Kehittaa, HEADERS[7]),
    ] {
        println!("\n{name}  (answers with the theme / respondents in the group)");
        print!("{:<16}", "theme");
        for g in NPS_GROUPS {
            print!("{g:>20}");
        }
        println!();
        let keys: Vec<&str> = THEMES
            .iter()
            .map(|t| t.key())
            .chain(["none", "(empty)"])
            .collect();
        for key in keys {
            let mut counts = [0usize; 3];
            for r in rows {
                let a = answer_to(r, q);
                let hit = match key {
                    "(empty)" => a.text.is_empty(),
                    "none" => !a.text.is_empty() && a.themes.is_empty(),
                    k => a.themes.iter().any(|t| t.key() == k),
                };
                counts[nps_group(r.nps)] += usize::from(hit);
            }
            print!("{key:<16}");
            for g in 0..3 {
                let share = 100.0 * counts[g] as f64 / group_sizes[g].max(1) as f64;
                print!("{:>20}", format!("{} ({share:.0} %)", counts[g]));
            }
            println!();
        }
    }
    println!("\nany answer mentions the theme, by age group");
    print!("{:<16}", "theme");
    for a in AGES {
        print!("{:>10}", a.label());
    }
    println!();
    for t in THEMES {
        print!("{:<16}", t.key());
        for a in AGES {
            let in_age: Vec<&Respondent> = rows.iter().filter(|r| r.age == a).collect();
            let n = in_age
                .iter()
                .filter(|r| r.hyvaa.themes.contains(&t) || r.kehittaa.themes.contains(&t))
                .count();
            print!(
                "{:>10}",
                format!("{:.0} %", 100.0 * n as f64 / in_age.len().max(1) as f64)
            );
        }
        println!();
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
    std::fs::write(dir.join("palautekysely.csv"), survey_csv(&rows))?;
    survey_xlsx(&rows, &dir.join("palautekysely.xlsx"))?;
    std::fs::write(dir.join("palautekysely.gold.csv"), gold_csv(&rows))?;
    print_summary(&rows);
    println!(
        "\nwrote palautekysely.csv, palautekysely.xlsx, palautekysely.gold.csv in {}",
        dir.display()
    );
    Ok(())
}

/// The phrase banks, one phrase a line; `n|` marks a phrase that suits the
/// young (alle 25, 25–34), `o|` one that suits the older (50–64, 65+).
/// A themed phrase mentions its own theme only, so the gold file is exact.
mod phrases {
    /// The bank for one question ("what has been good" or "how to develop") and theme key.
    pub fn bank(hyvaa: bool, theme: &str) -> &'static str {
        match (hyvaa, theme) {
            (true, "vertaistuki") => HYVAA_VERTAISTUKI,
            (true, "aukioloajat") => HYVAA_AUKIOLOAJAT,
            (true, "ohjaajat") => HYVAA_OHJAAJAT,
            (true, "yhteisollisyys") => HYVAA_YHTEISOLLISYYS,
            (true, "yksinaisyys") => HYVAA_YKSINAISYYS,
            (true, "monipuolisuus") => HYVAA_MONIPUOLISUUS,
            (true, _) => HYVAA_SAAVUTETTAVUUS,
            (false, "vertaistuki") => KEHITTAA_VERTAISTUKI,
            (false, "aukioloajat") => KEHITTAA_AUKIOLOAJAT,
            (false, "ohjaajat") => KEHITTAA_OHJAAJAT,
            (false, "yhteisollisyys") => KEHITTAA_YHTEISOLLISYYS,
            (false, "yksinaisyys") => KEHITTAA_YKSINAISYYS,
            (false, "monipuolisuus") => KEHITTAA_MONIPUOLISUUS,
            (false, _) => KEHITTAA_SAAVUTETTAVUUS,
        }
    }

    const HYVAA_VERTAISTUKI: &str = r"
Vertaistuki on ollut minulle tärkeintä.
Vertaistuki!
Olen saanut vertaistuesta apua masennukseen.
Saan vertaistukea ihmisiltä, jotka ovat kokeneet saman.
Vertaistukiryhmä on auttanut minua jaksamaan.
n|Mä oon saanu tosi paljon vertaistukea muilta samassa tilanteessa olevilta.
On helpompi puhua, kun toiset ymmärtävät mistä puhun, koska ovat itse kokeneet saman.
Vertaistuen ansiosta tiedän, etten ole ongelmieni kanssa ainoa.
Vertaisryhmässä saa jakaa kokemuksia ilman että kukaan tuomitsee.
Keskustelu kokemusasiantuntijan kanssa antoi toivoa.
n|vertaistki ryhmä on ollu paras juttu
Keskiviikon vertaistukiryhmä on viikon kohokohta.
o|Olen saanut vertaistukea, kun mieheni sairastui. Muut omaiset ymmärtävät.
Muiden kokemukset ovat auttaneet ymmärtämään omaa tilannettani.
Vertaisilta saa käytännön vinkkejä, joita ei mistään oppaasta löydä.
Kun kuulee miten muut ovat selvinneet, uskoo että itsekin selviää.
n|vertaistuki ja se et ei tarvii selitellä mitään kellekään
Ryhmässä on ihmisiä, joilla on samanlainen tausta päihteiden ja toipumisen kanssa.
Vertaistuen merkitys on ollut suuri, en olisi ikinä uskonut.
Kokemusasiantuntijat tietävät, mistä puhuvat.
Samassa veneessä olevien tuki.
o|Vertaistukiryhmästä olen saanut voimia arkeen.
n|vertaistukiryhmä, siel voi puhuu suoraan eikä kukaan säikähdä
Vertaistukiryhmien luottamuksellisuus: mitä ryhmässä puhutaan, jää ryhmään.
Se, että muilla on samanlaisia kokemuksia. Vertaistuki on korvaamatonta.
";

    const HYVAA_AUKIOLOAJAT: &str = r"
Auki myös iltaisin.
Hyvät aukioloajat.
Aukioloajat sopivat minulle hyvin.
n|kiva et on auki iltaan asti, mä en pääse aamulla
Aamulla pääsee jo yhdeksältä, niin päivä lähtee hyvin käyntiin.
Lauantain aukiolo on ollut tosi tärkeä.
Voi tulla ja lähteä silloin kun haluaa, aukioloaikojen puitteissa tietysti.
Ovet ovat auki joka arkipäivä.
Keskiviikon iltavuoro on loistava lisä.
On paikka minne mennä myös viikonloppuna.
o|Aamupäivät sopivat minulle, ja silloin on aina auki.
Aukioloaika on riittävän pitkä.
Talvella on ollut auki myös sunnuntaisin, hienoa.
Iltaisin auki oleva kahvila.
Ei ole ollut kesällä kiinni niin pitkään kuin ennen.
n|ilta-aukiolo torstaisin on mulle tosi tärkee
";

    const HYVAA_OHJAAJAT: &str = r#"
Ohjaajat ovat ihania.
Ohjaajat ovat ammattitaitoisia ja ystävällisiä.
n|ohjaajat on tosi kivoja ja niille voi puhua mistä vaan
Ohjaajien asenne: kaikki otetaan vastaan sellaisina kuin ovat.
Valmentaja auttoi minua täyttämään Kelan hakemukset.
Ohjaajilta saa apua, vaikka kysyisi samaa monta kertaa.
Henkilökunta jaksaa kuunnella.
Työntekijät ovat lämpimiä ja välittäviä.
Oma valmentaja on ollut tosi tärkeä.
n|ohjaajta kiitos, te ootte parhaita
Ohjaajat huomaavat, jos joku ei voi hyvin.
o|Ohjaajille voi soittaa, ja he neuvovat asioissa.
Valmentajan kanssa tehtiin suunnitelma, ja se on pitänyt.
Ohjaajat jaksavat kannustaa silloinkin, kun itse ei jaksa.
Hyvät ohjaajat.
Ohjaajat eivät tuputa mitään vaan antavat tehdä omaan tahtiin.
Ohjaajien kanssa on helppo jutella.
Työntekijöiden ammattitaito ja huumori.
n|Mun valmentaja on ollu iso apu koulupaikan hakemisessa.
Ohjaaja tuli mukaan sosiaalitoimistoon, kun en itse uskaltanut.
Ohjaajat kohtelevat kaikkia reilusti ja kunnioittavasti.
Ohjaajat ovat "kultaa".
o|Ohjaajat ovat kärsivällisiä, kun en aina muista asioita.
Ohjaajan tuki velkojen järjestelyssä.
"#;

    const HYVAA_YHTEISOLLISYYS: &str = r"
Hyvä yhteishenki.
Täällä on mukava porukka.
Lämmin ja hyväksyvä ilmapiiri.
Tuntuu, että kuuluu johonkin.
n|porukka on tosi hyvä, aina joku jonka kaa jutella
Yhteisöllisyys ja yhdessä tekeminen.
Yhdessä tekeminen on parasta, esimerkiksi yhteiset talkoot.
Kaikki tervehtivät ja ovat kohteliaita toisilleen.
Tänne on aina tervetullut, vaikka olisi huono päivä.
Yhteisö on ottanut minut hyvin vastaan.
n|täällä on sellanen meininki et kaikki on samanarvosia
Kävijät pitävät huolta toisistaan.
Tunnelma on rento ja kodikas.
o|Yhteiset juhlat, esimerkiksi pikkujoulu, ovat olleet mukavia.
Meillä on hyvä yhteisö.
Porukkaan pääsee helposti mukaan.
Yhteisöllisyys.
Yhteenkuuluvuuden tunne.
Saa olla oma itsensä porukassa.
Kävijäkokouksissa saa vaikuttaa yhteisiin asioihin.
o|Tänne on mukava tulla, kun tuntee ihmiset nimeltä.
n|me-henki, ihan ku toinen perhe
n|tosi kiva porukka
";

    const HYVAA_YKSINAISYYS: &str = r"
En ole enää niin yksinäinen.
Yksinäisyys on helpottanut.
o|Asun yksin, joten on tärkeää päästä ihmisten pariin.
n|ennen mä olin vaan yksin kotona koko päivät, nyt on syy lähtee ulos
Täällä ei tarvitse olla yksin.
Saa seuraa, kun kotona on hiljaista.
Toiminta on vähentänyt yksinäisyyttäni.
o|Leskenä päivät olivat pitkiä ja yksinäisiä, nyt on paikka minne mennä.
Minulla ei ollut ketään, kenen kanssa puhua. Nyt on.
Yksinäisyyden tunne on vähentynyt paljon.
Saa ihmiskontakteja.
n|oon saanu kavereita, ennen ei ollu yhtään
Pääsee pois neljän seinän sisältä.
Arjessa on taas muutakin kuin yksinoloa.
Täällä tapaan ihmisiä, muuten en näkisi ketään koko viikkona.
Ei tarvitse syödä yksin.
Olen löytänyt ystäviä.
Vähemmän yksinäisiä iltoja.
o|Lapset asuvat toisella paikkakunnalla, joten tämä paikka on minulle tärkeä seuran takia.
Yksinäisyys helpottaa, kun on säännöllinen paikka mihin mennä.
n|yksinäisyys oli tosi paha, nyt on parempi
";

    const HYVAA_MONIPUOLISUUS: &str = r"
Monipuolinen toiminta.
Paljon erilaista tekemistä.
n|kuntosali ja pelit on parhaita
Kädentaitoryhmä on ollut mukava, olen oppinut virkkaamaan.
Retket ovat olleet ikimuistoisia.
Joka päivälle on jotain ohjelmaa.
Kokkikerho on ihana.
Saa kokeilla uusia asioita, joita ei ole ennen tehnyt.
n|lautapeli-illat ja biljardi
Toiminta on monipuolista, ja jokaiselle löytyy jotain.
Digineuvonnassa opin hoitamaan pankkiasiat netissä.
Liikuntaryhmät ja kuntosalivuorot.
Musiikkiryhmä, jossa saa laulaa ilman paineita.
Vaihtelevaa ohjelmaa.
o|Tuolijumppa ja muistijumppa.
Sain kokeilla maalaamista, se oli tosi hauskaa.
Kaikenlaista toimintaa liikunnasta taiteeseen.
n|frisbeegolf ja ne sählyvuorot
n|tosi kiva et on niin paljon kaikkee tekemistä
Kurssit ja työpajat.
Paljon vaihtoehtoja, eikä tarvitse osallistua kaikkeen.
o|Retki kansallispuistoon oli upea kokemus.
";

    const HYVAA_SAAVUTETTAVUUS: &str = r"
Maksuton.
Toimintaan voi tulla ilman ajanvarausta ja lähetettä.
Sijainti on hyvä, bussi pysähtyy melkein oven edessä.
Kaikki on ilmaista, se on iso juttu pienillä tuloilla.
o|Tilat ovat esteettömät, pääsen rollaattorilla joka paikkaan.
Matala kynnys tulla mukaan.
n|ei tarvii olla mitään paperia et pääsee mukaan
Keskeinen sijainti.
Lounas maksaa vain kolme euroa.
Helppo tulla, kävelymatkan päässä kotoa.
Ei tarvitse ilmoittautua etukäteen.
o|Hissi ja invavessa, kiitos niistä.
Tänne on helppo tulla ensimmäistä kertaa, kukaan ei kysele papereita.
Sain tukea bussilippuun, muuten en olisi päässyt.
Hyvät kulkuyhteydet.
Ei tarvitse olla mitään diagnoosia, että pääsee mukaan.
n|ilmanen kahvi ja halpa ruoka, ei tarvii miettii rahaa
Esteettömyys on otettu hyvin huomioon.
Kyytejä järjestetään tarvittaessa, ei tarvitse miettiä miten pääsee.
Mukaan pääsee, vaikka suomen kieli olisi vielä heikko.
";

    const KEHITTAA_AUKIOLOAJAT: &str = r"
Pidemmät aukioloajat.
Viikonloppuisin voisi olla auki.
n|ois kiva jos ois auki myös iltasin
Aukioloaikoja voisi pidentää.
Iltaisin pitäisi olla auki, töissä käyvät eivät pääse päivällä.
Viikonloppuaukiolo olisi tarpeen, viikonloput ovat pisimpiä.
n|perjantaisin suljetaan liian aikasin
Aukioloajat ovat liian suppeat.
Auki myös lauantaina ja sunnuntaina!
Kesällä ei pitäisi olla kolmea viikkoa kiinni.
Aukioloaikojen laajentaminen iltoihin.
n|mä haluisin et ois auki vaikka kahdeksaan asti
Aamulla voisi aueta aikaisemmin.
Joulun pyhinä olisi hyvä olla auki.
Enemmän iltatoimintaa.
Aukioloajat paremmin esille nettisivuille ja oveen, nyt ne ovat vaikea löytää.
Sunnuntait ovat pitkiä, olisipa silloin auki.
Laajemmat aukioloajat.
o|Aamupäivällä voisi avata jo kahdeksalta.
Pidempi aukioloaika iltaisin ja viikonloppuisin.
Aukeaa liian myöhään ja sulkeutuu liian aikaisin.
n|viikonloppuna ei oo mitään, sillon ois hyvä olla auki
Arkipyhinä ovet ovat kiinni, harmi.
Iltaisin auki edes kahtena päivänä viikossa.
n|aukioloajat ei sovi jos on koulua tai töitä
";

    const KEHITTAA_SAAVUTETTAVUUS: &str = r"
Parempi bussiyhteys.
o|Bussi kulkee harvoin, joten matka kestää tunnin.
Matka on pitkä ja bussilippu on kallis.
n|bussilippu maksaa liikaa, ois kiva jos sais lipun tukea
Esteettömyyteen pitäisi kiinnittää huomiota, ulko-ovet ovat raskaat.
o|Pyörätuolilla on vaikea päästä sisään takaovesta.
Lounaan hinta on noussut liikaa.
Toimipiste on liian kaukana. Voisiko olla toinen paikka lähempänä?
Kyytiapua niille, jotka eivät pääse bussilla.
Toimintaa voisi olla myös kylillä eikä vain keskustassa.
Omavastuut ovat joillekin liian suuria, esimerkiksi teatterimatkoissa.
n|ei kaikilla oo rahaa maksaa kurssimaksuja
Esteetön vessa puuttuu yläkerrasta.
Tiedotteet myös selkokielellä ja muilla kielillä.
o|Saliin induktiosilmukka kuulolaitteen käyttäjille.
Kulkeminen on vaikeaa talvella, kun tiet ovat liukkaita ja pysäkille on pitkä matka.
Hinta. Kaiken pitäisi olla ilmaista.
Parkkipaikkoja on liian vähän.
o|Hissi on usein rikki, enkä pääse portaita.
Bussiyhteydet sivukylille ovat huonot.
Matkakustannuksiin jotain tukea.
Tilat ovat ahtaat rollaattorille.
Kaikilla ei ole älypuhelinta, joten ilmoittautuminen pelkästään netissä on hankalaa.
n|matkat vie niin paljon aikaa et ei aina jaksa lähtee
";

    const KEHITTAA_OHJAAJAT: &str = r"
Lisää ohjaajia.
Ohjaajat vaihtuvat liian usein.
Ohjaajilla on liian kiire, eivät ehdi jutella.
n|ohjaajat vois olla enemmän mukana eikä vaan toimistossa
Valmentajia tarvittaisiin lisää, jono on pitkä.
Henkilökuntaa on liian vähän.
Työntekijöiden pitäisi kuunnella asiakkaita paremmin.
Sama ohjaaja pidempään, ettei tarvitse aina aloittaa alusta.
Ohjaajille lisää koulutusta mielenterveysasioista.
o|Ohjaajat voisivat puhua hitaammin ja selkeämmin.
Valmentajan tapaamisia useammin.
n|yks ohjaaja oli vähän tyly
Ohjaajien resurssit ovat liian pienet.
Miesohjaajia lisää.
Ohjaajien pitäisi puuttua ikävään käytökseen nopeammin.
Enemmän henkilökohtaista ohjausta.
Sijaiset eivät tunne kävijöitä.
Ohjaajille enemmän aikaa kävijöille ja vähemmän paperitöitä.
n|valmentajalle pitäis päästä nopeemmin
";

    const KEHITTAA_VERTAISTUKI: &str = r"
Lisää vertaistukiryhmiä.
Vertaistukea myös nuorille.
Oma vertaisryhmä miehille.
n|ois kiva jos ois vertaistukiryhmä nuorille aikuisille
Kokemusasiantuntijoita enemmän mukaan.
Vertaistukiryhmät ovat liian isoja, ei uskalla puhua.
Vertaistuen pitäisi olla säännöllisempää.
Vertaistukiryhmä omaisille.
Kävijöistä voisi kouluttaa vertaisvetäjiä.
o|Vertaistukea leskille.
Vertaistukiryhmään pitäisi päästä nopeammin, nyt on jonoa.
Enemmän mahdollisuuksia jakaa kokemuksia muiden samassa tilanteessa olevien kanssa.
Vertaistuen rinnalle ammattiapua.
Vertaistuesta pitäisi kertoa enemmän uusille kävijöille.
n|vertaistuki ryhmiä vois olla enemmän ja pienempiä
Verkossa toimiva vertaistukiryhmä olisi hyvä lisä.
Vertaistukea päihteistä toipuville.
Kokemusasiantuntijan vastaanotto kerran viikossa.
Vertaisryhmien aiheet voisi päättää yhdessä ryhmäläisten kanssa.
";

    const KEHITTAA_YHTEISOLLISYYS: &str = r"
Enemmän yhteisiä tapahtumia.
Uudet kävijät pitäisi ottaa paremmin mukaan porukkaan.
n|porukka on vähän klikkiytyny, uutena oli vaikee päästä mukaan
Yhteishenkeä voisi kohottaa.
Kävijäkokouksia useammin, jotta kävijät pääsevät vaikuttamaan.
Yhteisiä juhlia enemmän.
Ilmapiiri on välillä kireä.
Kävijöiden yhteisiä talkoita.
Kummitoiminta uusille tulijoille.
Yhteisöllisyyttä voisi vahvistaa.
o|Yhteisiä kahvihetkiä kaikille kerran kuussa.
Meidän pitäisi saada päättää enemmän yhdessä.
Kaikkia pitäisi kohdella samanarvoisesti, ettei synny kuppikuntia.
Kävijät mukaan suunnittelemaan toimintaa.
n|jotain tutustumisjuttuja et oppis tuntee muut
";

    const KEHITTAA_YKSINAISYYS: &str = r"
Yksinäisiä pitäisi tavoittaa paremmin.
Kotona yksin istuvat eivät tiedä tästä paikasta.
o|Joku voisi soittaa, jos ei ole näkynyt pariin viikkoon.
n|moni yksinäinen ei uskalla tulla ekaa kertaa yksin, joku vois tulla vastaan
Yksinäisyyteen pitäisi puuttua enemmän.
Enemmän toimintaa yksinäisille ikäihmisille.
Ystäväpalvelu kotona asuville yksinäisille.
Juttuseuraa puhelimessa niille, joilla ei ole ketään.
n|ois hyvä jos ois jotain ihmisille jotka on muuten ihan yksin
Yksinäisyydestä voisi puhua avoimemmin.
Pitäisi mainostaa enemmän, moni yksinäinen ei tiedä tästä.
Seuraa myös niille, joilla ei ole ystäviä.
Ystävätoimintaa: jokainen halukas voisi saada kaverin.
Yksinäisyys on iso ongelma, siihen pitäisi panostaa.
o|Moni yksin asuva vanhus tarvitsisi tällaista, mutta ei tiedä.
";

    const KEHITTAA_MONIPUOLISUUS: &str = r"
Enemmän vaihtelua toimintaan.
n|lisää pelejä ja vaikka konsolipelejä
Kuntosalille uusia laitteita.
Retkiä voisi olla useammin.
Toivoisin taidepajaa.
Liikuntaa enemmän, esimerkiksi kävelyryhmä.
o|Muistijumppaa ja tuolijumppaa useammin.
Kokkikerho takaisin!
Uusia ryhmiä, samat jutut alkavat toistaa itseään.
Digitukea puhelimen käyttöön.
n|vois olla jotain työkokeilua tai kursseja jotka auttaa työelämään
Musiikkia ja bänditoimintaa.
Puutyöpaja.
Luontoretkiä ja sienestystä.
Toiminta tuntuu välillä yksipuoliselta.
Enemmän erilaisia kursseja.
n|jotain muuta ku kahvinjuontia ja pelaamista
Kielikahvila maahanmuuttajille.
";

    /// Answers to "what has been good" that carry no theme.
    pub const NONE_HYVAA: &str = r"
Kaikki hyvin.
En osaa sanoa.
Kaikki.
Hyvä paikka.
Ok.
Ruoka on hyvää.
Kahvi on hyvää.
n|kaikki ok
Ihan hyvä.
-
En ole käynyt kovin monta kertaa, vaikea sanoa.
Kiva paikka.
Lounas.
Siisteys.
o|Hyvät ruoat ja kahvit.
Vaikea sanoa.
Ei mitään erityistä.
Sää on ollut hyvä tänä keväänä.
n|mun koira tykkää kans tulla tänne :D
Tämä kysely on liian pitkä.
Ihan ok.
";

    /// Answers to "how could it be developed" that carry no theme.
    pub const NONE_KEHITTAA: &str = r"
Ei tule mieleen mitään.
Hyvä näin.
Jatkakaa samaan malliin!
En osaa sanoa.
ei
-
.
n|ei mitään
Kahvi voisi olla vahvempaa.
Sohvat ovat kuluneet, uudet tilalle.
Wifi on hidas.
n|wifi ei toimi ikinä
o|Tuolit ovat kovia.
Ei ole mitään kehitettävää.
Kaikki on hyvin.
En tiedä.
Lehtiä voisi olla enemmän luettavaksi.
Ikkunat pitäisi pestä.
Hyvä niin kuin on.
";

    /// Theme-free sentences that may start an answer.
    pub const OPENERS: &str = r"
Olen käynyt täällä reilun vuoden.
n|Mä oon käyny täällä pari kuukautta.
o|Olen käynyt täällä eläkkeelle jäämisen jälkeen.
Hyvä kysymys.
Muutama asia:
Vastaan lyhyesti.
Kävin ensimmäisen kerran viime syksynä.
n|No.
Omasta puolestani:
";

    /// Theme-free sentences that may end an answer to "what has been good".
    pub const CLOSERS_HYVAA: &str = r"
Kiitos!
:)
Jatkakaa samaan malliin.
n|:D
Kiitos kaikille.
Hyvää kevättä!
o|Kiitos, että tämä paikka on olemassa.
";

    /// Theme-free sentences that may end an answer to "how could it be developed".
    pub const CLOSERS_KEHITTAA: &str = r"
Muuten kaikki hyvin.
Muuten hyvä.
Kiitos!
n|muuten ihan jees
Muuten olen tyytyväinen.
";
}
