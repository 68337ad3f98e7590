//! The `Lemmatizer` trait: one implementation per file (`voikko.rs`,
//! `builtin/`), chosen at run time by [`super::Analyzer`].

/// The analysis of one word form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lemma {
    /// The lemma in Universal Dependencies conventions, lower case
    /// (proper nouns keep no capital either: search and themes fold case).
    pub lemma: String,
    /// Compound parts as lemmas (`vertaistukiryhmä` → vertainen, tuki,
    /// ryhmä); empty for a simple word.
    pub parts: Vec<String>,
    /// Part of speech when the lemmatiser knows it (UD UPOS: NOUN, VERB, …).
    pub upos: Option<&'static str>,
    /// The lemma when the form follows a negation verb, where it differs:
    /// a verb's connegative that is another word elsewhere (ei toimi:
    /// toimia, not the noun toimi; en muista: muistaa, not muu).
    pub after_negation: Option<String>,
}

/// A lemmatiser: word form in, analysis out. Not required to be
/// thread-safe: each worker thread owns one (Voikko handles are not
/// thread-safe).
pub trait Lemmatizer: Send {
    /// Analyse one word form (as written, case kept). `None` when the
    /// lemmatiser does not know the word (the caller falls back to the
    /// built-in guesser).
    fn lemmatize(&mut self, word: &str) -> Option<Lemma>;

    /// Name and version for manifests: `voikko 4.3.1` or `builtin`.
    fn name(&self) -> String;

    /// True when the last answer holds for every capitalisation of the
    /// word, so the analysis of one capitalisation can serve the others
    /// (the lemmatiser chain then asks once). False unless a lemmatiser
    /// knows it.
    fn last_case_free(&self) -> bool {
        false
    }
}
