//! The built-in lemmatiser: pure Rust, no system library. A hand-written
//! lexicon of frequent irregular and function words (`lexicon.txt`), a
//! distilled lexicon of frequent word forms with their Voikko analyses
//! ([`forms`], `forms.lex`); for unseen forms: a known form under clitics
//! or possessive suffixes, analogy with the longest known ending, and
//! ending rules with consonant gradation (`endings.rs`) for the rest.
//! It is teema's lemmatiser when Voikko is absent, and the guesser for
//! words Voikko does not know (names, new words, typos); only the first
//! use without Voikko loads the form lexicon.

pub mod distil;
mod endings;
pub mod forms;

use super::lemmatizer::{Lemma, Lemmatizer};
use crate::events::Warning;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The embedded lexicon.
const LEXICON: &str = include_str!("lexicon.txt");

/// Word form → lemma, parsed once per process.
fn lexicon() -> &'static FxHashMap<String, String> {
    static MAP: OnceLock<FxHashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| parse_lexicon(LEXICON).expect("the embedded lexicon.txt is valid"))
}

/// The lexicon's lemma of a lower-case form, if it lists the form.
pub fn lexicon_lemma(lower: &str) -> Option<&'static str> {
    lexicon().get(lower).map(String::as_str)
}

/// Parse lexicon text (`lemma: form form …`); the error names the line.
fn parse_lexicon(text: &str) -> Result<FxHashMap<String, String>, (u64, String)> {
    let mut map = FxHashMap::default();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (lemma, forms) = line
            .split_once(": ")
            .or_else(|| line.strip_suffix(':').map(|l| (l, "")))
            .ok_or_else(|| {
                (
                    n as u64 + 1,
                    format!("expected `lemma: forms`, found `{line}`"),
                )
            })?;
        let lemma = lemma.trim().to_lowercase();
        for form in std::iter::once(lemma.as_str()).chain(forms.split_whitespace()) {
            let form = form.to_lowercase();
            if let Some(old) = map.get(&form)
                && *old != lemma
            {
                return Err((
                    n as u64 + 1,
                    format!("`{form}` is already a form of `{old}`"),
                ));
            }
            map.insert(form, lemma.clone());
        }
    }
    Ok(map)
}

/// The embedded form lexicon (`teema lexicon build` writes it).
const FORMS: &[u8] = include_bytes!("forms.lex");

/// The shortest ending an unseen form must share with known forms for
/// the analogy guess; shorter matches go to the ending rules. Measured on
/// UD dev (TDT, FTB): 3 and 4 are best and equal, 5 0.1 points lower, 7
/// 0.6 lower; without analogy 2.5 points lower.
const MIN_ANALOGY_SUFFIX: usize = 4;

/// The same for a capitalised form (often a name): below it the name
/// rules guess (Beckhamin → beckham). 5 measured best: TDT +0.12, FTB
/// +0.07 points over 4 and the ending rules; 7 and 8 lose on FTB.
const MIN_ANALOGY_SUFFIX_CAPITAL: usize = 5;

/// The shortest known last part that gives an unseen compound its parts.
/// (Taking the lemma from the longest known last part instead of the
/// analogy costs 0.3 to 0.9 points on UD dev, so it only adds parts.)
const MIN_COMPOUND_TAIL: usize = 4;

/// The embedded form lexicon, inflated on first use (once per process).
/// A damaged file (it is checked by the tests) gives an empty lexicon
/// rather than a panic; [`embedded_forms_damage`] says what is wrong.
pub fn embedded_forms() -> &'static forms::Forms<'static> {
    &embedded().0
}

/// The embedded lexicon once decoded, with what was wrong with it when
/// it did not decode.
static FORMS_MAP: OnceLock<(forms::Forms<'static>, Option<String>)> = OnceLock::new();

fn embedded() -> &'static (forms::Forms<'static>, Option<String>) {
    FORMS_MAP.get_or_init(|| match forms::Forms::decode(FORMS) {
        Ok(forms) => (forms, None),
        Err(e) => (forms::Forms::default(), Some(e)),
    })
}

/// The damage look-ups have met in the embedded form lexicon so far: it
/// did not decode (rules only), or one of its blocks did not inflate.
/// Nothing before the lexicon is first used.
pub fn embedded_forms_damage() -> Option<Warning> {
    let (forms, damage) = FORMS_MAP.get()?;
    match damage {
        Some(reason) => Some(Warning::FormLexiconDamaged {
            reason: reason.clone(),
        }),
        None => forms
            .damage()
            .map(|reason| Warning::FormLexiconBlockDamaged {
                reason: reason.to_string(),
            }),
    }
}

/// The header of the embedded form lexicon: how it was made.
pub fn embedded_forms_header() -> Vec<String> {
    forms::Forms::header(FORMS)
}

/// The built-in lemmatiser.
#[derive(Debug, Default, Clone)]
pub struct BuiltinLemmatizer {
    lower: String,
    /// True once this lemmatiser has asked the form lexicon (tests check
    /// that runs with Voikko never do).
    used_forms: bool,
}

impl BuiltinLemmatizer {
    /// A new lemmatiser (the lexicon is shared and parsed once).
    pub fn new() -> BuiltinLemmatizer {
        BuiltinLemmatizer::default()
    }

    /// Whether the lexicon knows `word` (any case).
    pub fn knows(&mut self, word: &str) -> bool {
        self.lower.clear();
        self.lower.extend(word.chars().flat_map(char::to_lowercase));
        lexicon().contains_key(&self.lower)
    }

    /// The lemma of `word`: the lexicon's, or the ending rules' guess.
    pub fn guess(&mut self, word: &str) -> Lemma {
        self.lower.clear();
        self.lower.extend(word.chars().flat_map(char::to_lowercase));
        let lemma = match lexicon().get(&self.lower) {
            Some(l) => l.clone(),
            None => match self.lower.rsplit_once('-') {
                // A hyphenated compound: lemmatise the last part.
                Some((head, last)) if !head.is_empty() && !last.is_empty() => {
                    let last = lexicon()
                        .get(last)
                        .cloned()
                        .unwrap_or_else(|| endings::guess(last));
                    format!("{head}-{last}")
                }
                _ => endings::guess(&self.lower),
            },
        };
        Lemma {
            lemma,
            parts: Vec::new(),
            upos: None,
            after_negation: None,
        }
    }
}

impl BuiltinLemmatizer {
    /// The analysis when the built-in lemmatiser is the primary one (no
    /// Voikko): the form lexicon, then analogy with known endings, then
    /// the ending rules. The flag is true when a lexicon knew the form.
    pub fn analyze_primary(&mut self, word: &str) -> (Lemma, bool) {
        self.lower.clear();
        self.lower.extend(word.chars().flat_map(char::to_lowercase));
        if let Some(l) = lexicon().get(&self.lower) {
            let lemma = Lemma {
                lemma: l.clone(),
                ..Default::default()
            };
            return (lemma, true);
        }
        self.used_forms = true;
        let forms = embedded_forms();
        if let Some(l) = forms.get(&self.lower) {
            return (l, true);
        }
        // A hyphenated compound: its last part, the head kept as written.
        if let Some((head, last)) = self.lower.rsplit_once('-')
            && !head.is_empty()
            && last.chars().any(char::is_alphabetic)
        {
            let head = head.to_string();
            let last = last.to_string();
            let (l, known) = self.analyze_primary(&last);
            let mut parts = vec![head.trim_end_matches('-').to_string()];
            if l.parts.is_empty() {
                parts.push(l.lemma.clone());
            } else {
                parts.extend(l.parts.iter().cloned());
            }
            let lemma = Lemma {
                lemma: format!("{head}-{}", l.lemma),
                parts,
                upos: None,
                after_negation: None,
            };
            return (lemma, known);
        }
        // A known form with clitics or possessive suffixes.
        if let Some(l) = forms.without_suffixes(&self.lower) {
            return (l, false);
        }
        // A capitalised form no lexicon knows is often a name: analogy
        // needs a longer known ending, and the name rules guess otherwise.
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        let min = if capital {
            MIN_ANALOGY_SUFFIX_CAPITAL
        } else {
            MIN_ANALOGY_SUFFIX
        };
        if let Some(mut l) = forms.analogy(&self.lower, min) {
            // The analogy gives the better lemma (measured); a known last
            // part that agrees with it gives the compound parts.
            if l.parts.is_empty()
                && let Some(c) = forms.compound(&self.lower, MIN_COMPOUND_TAIL)
                && c.lemma == l.lemma
            {
                l.parts = c.parts;
            }
            return (l, false);
        }
        if capital {
            return (self.guess_name(word), false);
        }
        let lemma = Lemma {
            lemma: endings::guess(&self.lower),
            ..Default::default()
        };
        (lemma, false)
    }

    /// True once this lemmatiser has used the form lexicon.
    pub fn used_forms(&self) -> bool {
        self.used_forms
    }

    /// The lemma of a name no dictionary knows (`Beckhamin` → beckham).
    pub fn guess_name(&mut self, word: &str) -> Lemma {
        self.lower.clear();
        self.lower.extend(word.chars().flat_map(char::to_lowercase));
        Lemma {
            lemma: endings::guess_name(&self.lower),
            ..Default::default()
        }
    }
}

impl Lemmatizer for BuiltinLemmatizer {
    fn lemmatize(&mut self, word: &str) -> Option<Lemma> {
        Some(self.guess(word))
    }

    fn name(&self) -> String {
        "builtin".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemma(word: &str) -> String {
        BuiltinLemmatizer::new().guess(word).lemma
    }

    #[test]
    fn the_lexicon_is_consistent() {
        parse_lexicon(LEXICON).unwrap();
        assert!(parse_lexicon("a: b\nc: b\n").is_err());
    }

    #[test]
    fn function_words_and_olla_come_from_the_lexicon() {
        assert_eq!(lemma("Olisivat"), "olla");
        assert_eq!(lemma("niitä"), "se");
        assert_eq!(lemma("emme"), "ei");
        assert_eq!(lemma("mulla"), "minä");
    }

    #[test]
    fn agent_nouns_in_the_plural() {
        assert_eq!(lemma("kokemusasiantuntijoiden"), "kokemusasiantuntija");
        assert_eq!(lemma("käyttäjiä"), "käyttäjä");
    }

    #[test]
    fn the_embedded_form_lexicon_decodes_and_knows_frequent_forms() {
        let forms = forms::Forms::decode(FORMS).unwrap();
        forms.check().unwrap();
        assert!(forms.len() > 10_000, "only {} forms", forms.len());
        let header = embedded_forms_header().join("\n");
        assert!(header.contains("teema lexicon build"), "{header}");
        let mut b = BuiltinLemmatizer::new();
        for (form, lemma) in [
            ("kaupungissa", "kaupunki"),
            ("vuoden", "vuosi"),
            ("hallituksen", "hallitus"),
            ("sanoi", "sanoa"),
            ("ihmisiä", "ihminen"),
        ] {
            let (got, known) = b.analyze_primary(form);
            assert_eq!((got.lemma.as_str(), known), (lemma, true), "{form}");
        }
        assert!(b.used_forms());
    }

    #[test]
    fn unseen_forms_are_guesses_by_analogy_or_rules() {
        let mut b = BuiltinLemmatizer::new();
        // A made-up compound: the known ending decides the lemma.
        let (got, known) = b.analyze_primary("kissanruokakaupungissa");
        assert_eq!(got.lemma, "kissanruokakaupunki");
        assert_eq!(got.parts.last().map(String::as_str), Some("kaupunki"));
        assert!(!known);
        // A known form under a possessive suffix and a clitic.
        let (got, known) = b.analyze_primary("kaupungissammekin");
        assert_eq!((got.lemma.as_str(), known), ("kaupunki", false));
        let (got, known) = b.analyze_primary("Pöllö-kahvilassa");
        assert_eq!(got.lemma, "pöllö-kahvila");
        assert_eq!(got.parts, ["pöllö", "kahvila"]);
        assert!(known);
    }

    #[test]
    fn runs_with_voikko_never_load_the_form_lexicon() {
        use crate::text::{Analyzer, AnalyzerConfig, Register};
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        if !analyzer.has_voikko() {
            assert_ne!(
                std::env::var("TEEMA_REQUIRE_VOIKKO").as_deref(),
                Ok("1"),
                "Voikko is required (TEEMA_REQUIRE_VOIKKO=1) but teema did not find it"
            );
            eprintln!("SKIPPED runs_with_voikko_never_load_the_form_lexicon: Voikko not found");
            return;
        }
        let mut session = analyzer.session();
        for word in ["kaupungissa", "Qwxyzzin", "zzörpäksi", "sote-qwxssa"] {
            session.analyze_word(word, Register::Written);
        }
        let state = session.state.as_ref().unwrap();
        assert!(!state.builtin.used_forms());
        // The built-in run does use it.
        let builtin = Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let mut session = builtin.session();
        session.analyze_word("zzörpäksi", Register::Written);
        assert!(session.state.as_ref().unwrap().builtin.used_forms());
    }

    #[test]
    fn hyphenated_compounds_keep_their_head() {
        assert_eq!(lemma("sote-keskuksessa"), "sote-keskus");
    }
}
