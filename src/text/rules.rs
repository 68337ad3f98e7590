//! The lemmatiser chain: an ordered list of rules, each of which answers
//! for a word form or passes it on to the next (charabia's normaliser
//! chain is the model). The primary lemmatiser is reached through the
//! [`Lemmatizer`](super::Lemmatizer) seam; the built-in lemmatiser guesses
//! what it does not know, or is the primary itself when none is loaded.
//!
//! A word form goes through [`WITH_PRIMARY`] when a primary lemmatiser
//! (Voikko) is loaded and through [`BUILTIN_ONLY`] otherwise. Both lists
//! end with a rule that always answers.

use super::{Analyzer, Lemma, LemmaSource, Lemmatized, Register, State, builtin, slot};

/// A word form on its way through the chain.
struct Form<'w> {
    /// As written.
    word: &'w str,
    /// Analysed as spoken Finnish.
    spoken: bool,
    /// Lower case.
    lower: String,
    /// Its standard form when it is a colloquial one (`mulla` → minulla).
    standard: Option<String>,
}

impl Form<'_> {
    /// The form the lemmatisers are asked about: the standard one when
    /// the word is colloquial, else the word as written.
    fn query(&self) -> &str {
        self.standard.as_deref().unwrap_or(self.word)
    }

    fn register(&self) -> Register {
        if self.spoken {
            Register::Spoken
        } else {
            Register::Written
        }
    }

    /// True when the primary lemmatiser is asked about the form itself,
    /// which it lower-cases as Rust does: another capitalisation of it
    /// that was answered gives the same answer.
    fn direct(&self) -> bool {
        self.standard.is_none() && super::voikko_lowers_like_rust(self.word)
    }
}

/// One rule: an answer for the form, or `None` to pass it on.
type Rule = fn(&mut State, &Analyzer, &Form<'_>) -> Option<Lemmatized>;

/// The chain when a primary lemmatiser (Voikko) is loaded.
const WITH_PRIMARY: &[Rule] = &[
    // Rules that need no lemmatiser, first in both chains.
    trailing_colon,
    symbols,
    edge_hyphens,
    colon_case,
    function_words,
    // The primary lemmatiser, then guesses for what it does not know.
    case_variant,
    primary,
    hyphenated_compound,
    colloquial_ending,
    name,
    guess,
];

/// The chain of the built-in lemmatiser alone.
const BUILTIN_ONLY: &[Rule] = &[
    trailing_colon,
    symbols,
    edge_hyphens,
    colon_case,
    function_words,
    builtin_primary,
];

/// Lemmatise `word` through the chain of `state`.
pub(super) fn lemmatize(
    state: &mut State,
    analyzer: &Analyzer,
    word: &str,
    spoken: bool,
) -> Lemmatized {
    let lower = word.to_lowercase();
    let standard = analyzer.colloquial.form(&lower, spoken).map(str::to_string);
    let form = Form {
        word,
        spoken,
        lower,
        standard,
    };
    let chain = if state.primary.is_some() {
        WITH_PRIMARY
    } else {
        BUILTIN_ONLY
    };
    chain
        .iter()
        .find_map(|rule| rule(state, analyzer, &form))
        .expect("the last rule of a chain always answers")
}

/// An answer by rule (no lemmatiser asked).
fn by_rule(lemma: String) -> Lemmatized {
    Lemmatized {
        lemma: Lemma {
            lemma,
            ..Default::default()
        },
        source: LemmaSource::Rule,
        known: true,
        case_free: false,
    }
}

/// A guess after the primary lemmatiser did not know the form as written.
fn guessed(lemma: Lemma, source: LemmaSource) -> Lemmatized {
    Lemmatized {
        lemma,
        source,
        known: source == LemmaSource::Voikko,
        case_free: false,
    }
}

/// A colon after a word or sign is punctuation (EY: or %: in a heading):
/// the word before it.
fn trailing_colon(state: &mut State, analyzer: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    let head = f.word.strip_suffix(':')?;
    (!head.is_empty() && !head.ends_with(':'))
        .then(|| lemmatize(state, analyzer, head, f.spoken).not_case_free())
}

/// Punctuation and symbols are their own lemma; so are numbers.
fn symbols(_: &mut State, _: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    (!f.word.chars().any(char::is_alphabetic)).then(|| by_rule(f.word.to_string()))
}

/// A hyphen at an edge joins a coordinated compound (talous- ja
/// sosiaalipolitiikka) or a split one (-listalla): the word itself.
fn edge_hyphens(state: &mut State, analyzer: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    let trimmed = f.word.trim_matches('-');
    (trimmed.len() != f.word.len() && trimmed.chars().any(char::is_alphabetic))
        .then(|| lemmatize(state, analyzer, trimmed, f.spoken).not_case_free())
}

/// A colon-case ending on an abbreviation: EU:n → eu.
fn colon_case(_: &mut State, _: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    let (head, tail) = f.word.split_once(':')?;
    (!head.is_empty() && !tail.is_empty() && tail.chars().all(char::is_alphabetic))
        .then(|| by_rule(head.to_lowercase()))
}

/// teema's lexicon of function words and frequent irregular words (asked
/// before any lemmatiser: it follows UD's conventions).
fn function_words(_: &mut State, _: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    let lemma = builtin::lexicon_lemma(f.standard.as_deref().unwrap_or(&f.lower))?;
    Some(Lemmatized {
        lemma: Lemma {
            lemma: lemma.to_string(),
            ..Default::default()
        },
        source: LemmaSource::Lexicon,
        known: true,
        case_free: false,
    })
}

/// Another capitalisation of the form that the primary lemmatiser already
/// answered, for every capitalisation alike: the same answer, without
/// asking again.
fn case_variant(state: &mut State, analyzer: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    if !f.direct() {
        return None;
    }
    let e = state.case_variant(analyzer, f.word, &f.lower, f.register())?;
    Some(Lemmatized {
        lemma: Lemma {
            lemma: e.lemma,
            parts: e.parts,
            upos: e.upos,
            after_negation: e.after_negation.map(|n| n.0.into()),
        },
        source: LemmaSource::Voikko,
        known: true,
        case_free: true,
    })
}

/// The primary lemmatiser's answer.
fn primary(state: &mut State, _: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    let lemma = state.ask_primary(f.query())?;
    let case_free = f.direct() && state.primary.as_ref().is_some_and(|p| p.last_case_free());
    Some(Lemmatized {
        lemma,
        source: LemmaSource::Voikko,
        known: true,
        case_free,
    })
}

/// A hyphenated compound the primary lemmatiser does not know: its last
/// part (analysed once, through the cache, like any word), the head kept
/// as written.
fn hyphenated_compound(state: &mut State, analyzer: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    let (head, tail) = f.query().rsplit_once('-')?;
    if head.is_empty() || !tail.chars().any(char::is_alphabetic) {
        return None;
    }
    let register = f.register();
    let hot = state.lookup(analyzer, tail, register);
    let e = &state.caches[slot(register)].entries[hot.entry as usize];
    let (last, source, known) = if e.lemma_from_form {
        let l = lemmatize(state, analyzer, tail, f.spoken);
        (l.lemma, l.source, l.known)
    } else {
        let last = Lemma {
            lemma: e.lemma.clone(),
            parts: e.parts.clone(),
            upos: e.upos,
            after_negation: None,
        };
        (last, e.source, e.known)
    };
    let head = head.to_lowercase();
    let mut parts = vec![head.trim_end_matches('-').to_string()];
    if last.parts.is_empty() {
        parts.push(last.lemma.clone());
    } else {
        parts.extend(last.parts.iter().cloned());
    }
    Some(Lemmatized {
        lemma: Lemma {
            lemma: format!("{head}-{}", last.lemma),
            parts,
            upos: last.upos,
            after_negation: None,
        },
        source,
        known,
        case_free: false,
    })
}

/// A colloquial ending (sielt → sieltä) the primary lemmatiser knows once
/// standard.
fn colloquial_ending(state: &mut State, analyzer: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    analyzer
        .colloquial
        .by_ending(&f.lower)
        .into_iter()
        .find_map(|candidate| state.ask_primary(&candidate))
        .map(|l| guessed(l, LemmaSource::Voikko))
}

/// A capitalised word the primary lemmatiser does not know is most likely
/// a name.
fn name(state: &mut State, _: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    let query = f.query();
    query
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then(|| guessed(state.builtin.guess_name(query), LemmaSource::Builtin))
}

/// The built-in lemmatiser's guess: always an answer.
fn guess(state: &mut State, _: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    Some(guessed(
        state.builtin.guess(f.query()),
        LemmaSource::Builtin,
    ))
}

/// The built-in lemmatiser as the primary one: its form lexicon (loaded
/// on first use, never in runs with a primary lemmatiser), then guesses.
/// Always an answer.
fn builtin_primary(state: &mut State, _: &Analyzer, f: &Form<'_>) -> Option<Lemmatized> {
    let (lemma, known) = state.builtin.analyze_primary(f.query());
    Some(Lemmatized {
        lemma,
        source: LemmaSource::Builtin,
        known,
        case_free: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::text::{Analyzer, AnalyzerConfig, LemmaSource, Register};

    /// (form, lemma, the rule's source) through the built-in chain.
    fn check(analyzer: &Analyzer, cases: &[(&str, &str, LemmaSource)]) {
        let mut session = analyzer.session();
        for &(word, lemma, source) in cases {
            let a = session.analyze_word(word, Register::Written);
            assert_eq!((a.lemma, a.source), (lemma, source), "{word}");
        }
    }

    #[test]
    fn each_rule_answers_its_own_forms_in_order() {
        let builtin = Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        check(
            &builtin,
            &[
                // colon case before the lemmatisers; a trailing colon and
                // edge hyphens go back through the whole chain.
                ("EU:n", "eu", LemmaSource::Rule),
                ("%:", "%", LemmaSource::Rule),
                ("12,5", "12,5", LemmaSource::Rule),
                ("mulla", "minä", LemmaSource::Lexicon),
                ("mulla:", "minä", LemmaSource::Lexicon),
                ("-kaupungissa", "kaupunki", LemmaSource::Builtin),
                ("kaupungissa", "kaupunki", LemmaSource::Builtin),
                ("Qwxyzzin", "qwxyzz", LemmaSource::Builtin),
            ],
        );
    }

    #[test]
    fn the_last_rule_of_each_chain_always_answers() {
        for builtin_only in [true, false] {
            let analyzer = Analyzer::new(AnalyzerConfig {
                builtin_only,
                ..Default::default()
            })
            .unwrap();
            let mut session = analyzer.session();
            for word in ["-", ":", "::", "-:-", "a:", "Ä-", "x-y-", "\u{301}", "ǅ"] {
                let a = session.analyze_word(word, Register::Spoken);
                assert!(!a.lemma.is_empty(), "{word:?}");
            }
        }
    }
}
