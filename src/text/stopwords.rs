//! Stopwords for written and spoken Finnish: function words for every
//! text, spoken fillers (niinku, tota, siis, no, …) for transcripts only.
//! Both lists are data files embedded at build time; a user's file adds
//! more (one word per line, `#` comments).

use crate::{Error, Result};
use rustc_hash::FxHashSet;
use std::path::Path;

/// Function words of written Finnish, as lemmas.
const WRITTEN: &str = include_str!("stopwords_written.txt");
/// Fillers and discourse particles of spoken Finnish.
const SPOKEN: &str = include_str!("stopwords_spoken.txt");
/// Words kept for clustering that never name a theme.
const LABELS: &str = include_str!("stopwords_labels.txt");
/// Function words of Swedish and English.
const OTHER_LANGUAGES: &str = include_str!("other_languages.txt");

/// The stopword lists.
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    written: FxHashSet<String>,
    spoken: FxHashSet<String>,
    /// Never a label word, though the clustering keeps them (postpositions,
    /// Swedish and English function words).
    not_labels: FxHashSet<String>,
}

/// The words of a list file: one per line, `#` comments, lower-cased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_lowercase)
}

/// The embedded lists, made once.
static EMBEDDED: std::sync::LazyLock<Stopwords> = std::sync::LazyLock::new(Stopwords::embedded);

impl Stopwords {
    /// The embedded lists, shared (made on first use).
    pub fn shared() -> &'static Stopwords {
        &EMBEDDED
    }

    /// The embedded lists.
    pub fn embedded() -> Stopwords {
        Stopwords {
            written: words(WRITTEN).collect(),
            spoken: words(SPOKEN).collect(),
            not_labels: words(LABELS).chain(words(OTHER_LANGUAGES)).collect(),
        }
    }

    /// Add the words of a user's file (one per line, `#` comments) to the
    /// list of every register.
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::input(
                path,
                format!(
                    "stopword file is not UTF-8 (byte {}); save it as UTF-8",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        self.written.extend(words(&text));
        Ok(())
    }

    /// Whether a word is a filler or a function word in any register, or
    /// of the other languages answers come in: never a theme's label
    /// ("muuten", "ok", "no" are how an answer is said, not what it says;
    /// "vastaan" and Swedish "är" say nothing of a theme either).
    pub fn filler(&self, lemma: &str) -> bool {
        self.written.contains(lemma)
            || self.spoken.contains(lemma)
            || self.not_labels.contains(lemma)
    }

    /// Whether a token with this lemma (and lower-case surface form) is a
    /// stopword in the given register.
    pub fn contains(&self, lemma: &str, lower_surface: &str, spoken: bool) -> bool {
        self.written.contains(lemma)
            || (spoken && (self.spoken.contains(lemma) || self.spoken.contains(lower_surface)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fillers_are_stopwords_only_in_speech() {
        let s = Stopwords::embedded();
        assert!(s.contains("olla", "oli", false));
        assert!(!s.contains("tota", "tota", false));
        assert!(s.contains("tota", "tota", true));
        // Greetings, hedges and laughter of chats and interviews.
        for w in ["moi", "varmaan", "kauheasti", "haha"] {
            assert!(s.contains(w, w, true) && !s.contains(w, w, false), "{w}");
        }
        assert!(!s.contains("vertaistuki", "vertaistuki", true));
    }

    #[test]
    fn label_words_exclude_postpositions_general_nouns_and_other_languages_but_clustering_keeps_them()
     {
        let s = Stopwords::embedded();
        for w in [
            "vastaan", "puolesta", "är", "och", "kommer", "the", "very", "asia", "juttu",
        ] {
            assert!(s.filler(w), "{w}");
            assert!(!s.contains(w, w, false) && !s.contains(w, w, true), "{w}");
        }
        // Finnish lemmas that look like Swedish or English are not excluded.
        for w in ["vara", "ruoka", "hoitaja"] {
            assert!(!s.filler(w), "{w}");
        }
    }

    #[test]
    fn a_user_file_adds_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("omat.txt");
        std::fs::write(&path, "# omat\nKyselY\n").unwrap();
        let mut s = Stopwords::embedded();
        s.add_file(&path).unwrap();
        assert!(s.contains("kysely", "kyselyn", false));
    }
}
