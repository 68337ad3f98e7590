//! The built-in lemmatiser: pure Rust, no system library. A hand-written
//! lexicon of frequent irregular and function words (`lexicon.txt`) and
//! ending rules with consonant gradation ([`endings`]) for everything else.
//! It is teema's lemmatiser when Voikko is absent, and the guesser for
//! words Voikko does not know (names, new words, typos).

mod endings;

use super::lemmatizer::{Lemma, Lemmatizer};
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

/// The built-in lemmatiser.
#[derive(Debug, Default, Clone)]
pub struct BuiltinLemmatizer {
    lower: String,
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
        }
    }
}

impl BuiltinLemmatizer {
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
    fn hyphenated_compounds_keep_their_head() {
        assert_eq!(lemma("sote-keskuksessa"), "sote-keskus");
    }
}
