//! Finnish text analysis: segmenting, tokenising, normalising colloquial
//! forms, lemmatising (Voikko or the built-in lemmatiser) and stopwords.
//!
//! [`Analyzer`] is shared by all threads (configuration, stopwords, the
//! loaded library); each worker thread takes its own [`Session`] (Voikko
//! handles are not thread-safe, and the per-form cache is per thread).
//! The same analysis feeds the index and the themes, so a word is counted
//! the same way everywhere.
//!
//! Lemmatise a word with the built-in lemmatiser (no Voikko needed):
//!
//! ```
//! use teema::text::{Analyzer, AnalyzerConfig, Register};
//!
//! let analyzer = Analyzer::new(AnalyzerConfig { builtin_only: true, ..Default::default() }).unwrap();
//! let mut session = analyzer.session();
//! assert_eq!(&*session.analyze_word("taloissa", Register::Written).lemma, "talo");
//! let tokens = session.tokens("Vertaistukiryhmät auttoivat.", Register::Written);
//! assert_eq!(&*tokens[0].lemma, "vertaistukiryhmä");
//! assert_eq!(&tokens[0].parts, &["vertaistuki", "ryhmä"]);
//! ```

pub mod builtin;
mod cache;
pub(crate) mod colloquial;
pub mod commonness;
mod lemmatizer;
mod rules;
pub(crate) mod segment;
pub(crate) mod stopwords;
pub(crate) mod table;
pub(crate) mod tokenize;
pub(crate) mod voikko;
pub(crate) mod voikko_ud;

pub use lemmatizer::{Lemma, Lemmatizer};
pub use segment::sentences;
pub use stopwords::Stopwords;
pub use table::{Analysed, Tok, Vocab, analyse};
pub use tokenize::{Span, SpanKind, for_each_span, spans};

use crate::Result;
use builtin::BuiltinLemmatizer;
use cache::{Cache, Entry};
use colloquial::Colloquial;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex, RwLock};
use voikko::{VoikkoLemmatizer, VoikkoLibrary};

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
    /// Where the analyser's warnings go: Voikko missing, a damaged
    /// form lexicon.
    pub events: crate::events::Reporter,
}

/// Which lemmatiser answered for a word form (an input file is a
/// [`crate::corpus::Source`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LemmaSource {
    /// libvoikko with the Finnish dictionary.
    Voikko,
    /// The built-in lemmatiser's guess.
    Builtin,
    /// teema's hand-written lexicon of function words and frequent
    /// irregular words (asked before Voikko: it follows UD's conventions).
    Lexicon,
    /// A rule that needs no lemmatiser: numbers, punctuation, colon-case
    /// endings of abbreviations (`EU:n` → eu).
    Rule,
}

impl LemmaSource {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            LemmaSource::Voikko => "voikko",
            LemmaSource::Builtin => "builtin",
            LemmaSource::Lexicon => "lexicon",
            LemmaSource::Rule => "rule",
        }
    }
}

/// The full analysis of one word form, as `teema lemma` shows it.
#[derive(Debug, Clone, Copy)]
pub struct WordAnalysis<'a> {
    /// The lemma (lower case).
    pub lemma: &'a str,
    /// Compound parts as lemmas (empty for a simple word).
    pub parts: &'a [String],
    /// True for stopwords in the register asked for.
    pub stopword: bool,
    /// Which lemmatiser answered.
    pub source: LemmaSource,
    /// False when the primary lemmatiser did not know the form and the
    /// built-in guesser answered.
    pub known: bool,
    /// Part of speech when the lemmatiser knows it (UD UPOS).
    pub upos: Option<&'static str>,
    /// The lemma and stopword mark right after a negation verb, where they
    /// differ (see [`NegationScope`]).
    pub after_negation: Option<(&'a str, bool)>,
}

/// The shared part of the analysis: configuration, stopwords, colloquial
/// rules, the loaded Voikko library, and a pool of per-thread states
/// (Voikko handle + cache) that sessions take and give back, so caches stay
/// warm across calls. `Send + Sync`; create one per run.
pub struct Analyzer {
    voikko: Option<Arc<VoikkoLibrary>>,
    colloquial: Colloquial,
    stopwords: Stopwords,
    pool: Mutex<Vec<State>>,
    /// Analyses shared by all threads, per register, behind each thread's
    /// own cache: a word form goes to Voikko once per run, not once per
    /// thread. An analysis depends only on the form and the register, so
    /// sharing changes no result.
    shared: [RwLock<FxHashMap<Box<str>, cache::Entry>>; 2],
    /// Where the warnings go.
    events: crate::events::Reporter,
    /// Whether a damaged form lexicon has been reported.
    damage_reported: std::sync::atomic::AtomicBool,
}

/// Above this many forms per register the shared cache stops growing (the
/// per-thread caches still work).
const SHARED_LIMIT: usize = 2_000_000;

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Analyzer({})", self.lemmatizer_name())
    }
}

impl Analyzer {
    /// Build the analyser: loads Voikko when present, the built-in otherwise
    /// (warning `config.events` that Voikko was not found and how to install
    /// it).
    pub fn new(config: AnalyzerConfig) -> Result<Analyzer> {
        let voikko = (!config.builtin_only).then(VoikkoLibrary::load);
        Analyzer::with_voikko(config, voikko)
    }

    /// [`Analyzer::new`] with the outcome of loading Voikko (`None`: not
    /// asked for).
    fn with_voikko(
        config: AnalyzerConfig,
        voikko: Option<std::result::Result<Arc<VoikkoLibrary>, String>>,
    ) -> Result<Analyzer> {
        let voikko = match voikko {
            Some(Ok(lib)) => Some(lib),
            Some(Err(reason)) => {
                config
                    .events
                    .warning(&crate::events::Warning::VoikkoMissing { reason });
                None
            }
            None => None,
        };
        let mut stopwords = Stopwords::embedded();
        if let Some(path) = &config.stopwords_file {
            stopwords.add_file(path)?;
        }
        Ok(Analyzer {
            voikko,
            colloquial: Colloquial::embedded(),
            stopwords,
            pool: Mutex::new(Vec::new()),
            shared: Default::default(),
            events: config.events,
            damage_reported: Default::default(),
        })
    }

    /// Which lemmatiser answers (`voikko 4.3.2` or `builtin`).
    pub fn lemmatizer_name(&self) -> String {
        match &self.voikko {
            Some(lib) => format!("voikko {}", lib.version()),
            None => "builtin".to_string(),
        }
    }

    /// The stopword lists (embedded, and the configured file's).
    pub fn stopwords(&self) -> &Stopwords {
        &self.stopwords
    }

    /// True when Voikko answers (false: the built-in lemmatiser).
    pub fn has_voikko(&self) -> bool {
        self.voikko.is_some()
    }

    /// A per-thread session (own Voikko handle and cache). Sessions give
    /// their state back to the analyser when dropped, so a later session
    /// on any thread starts with a warm cache.
    pub fn session(&self) -> Session<'_> {
        let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
        let state = pooled.unwrap_or_else(|| State {
            primary: self.voikko.as_ref().and_then(|lib| {
                VoikkoLemmatizer::new(lib.clone())
                    .ok()
                    .map(|v| Box::new(v) as Box<dyn Lemmatizer>)
            }),
            builtin: BuiltinLemmatizer::new(),
            caches: [Cache::default(), Cache::default()],
            spans: Vec::new(),
        });
        Session {
            analyzer: self,
            state: Some(state),
        }
    }
}

/// Per-thread state: the primary lemmatiser (Voikko's handle), the
/// built-in lemmatiser, caches.
struct State {
    /// The primary lemmatiser, when one is loaded; the built-in one
    /// guesses what it does not know ([`rules`]).
    primary: Option<Box<dyn Lemmatizer>>,
    builtin: BuiltinLemmatizer,
    caches: [Cache; 2],
    /// The spans of the text being analysed (a buffer kept between texts).
    spans: Vec<tokenize::Span>,
}

/// Words whose cache slots are loaded together (see `Session::for_each_token`).
const PREFETCH: usize = 32;

/// The register's cache slot.
fn slot(register: Register) -> usize {
    match register {
        Register::Written => 0,
        Register::Spoken => 1,
    }
}

impl State {
    /// The cached analysis of `word`, analysing it on a miss.
    #[inline]
    fn lookup(&mut self, analyzer: &Analyzer, word: &str, register: Register) -> cache::Hot {
        let s = slot(register);
        if let Some(hot) = self.caches[s].get(word) {
            return hot;
        }
        let shared = &analyzer.shared[s];
        let known = shared.read().ok().and_then(|m| m.get(word).cloned());
        let entry = match known {
            Some(entry) => entry,
            None => {
                let entry = self.analyze(analyzer, word, register == Register::Spoken);
                if let Ok(mut m) = shared.write()
                    && m.len() < SHARED_LIMIT
                {
                    m.insert(word.into(), entry.clone());
                }
                entry
            }
        };
        self.caches[s].insert(word, entry)
    }

    /// Ask the primary lemmatiser (Voikko), trying other capitalisations
    /// where Voikko might lower-case the word otherwise than Rust does.
    fn ask_primary(&mut self, word: &str) -> Option<Lemma> {
        let voikko = self.primary.as_mut()?;
        if let Some(l) = voikko.lemmatize(word) {
            return Some(l);
        }
        // libvoikko lower-cases a word before analysing it, so when it
        // lower-cases every letter as Rust does, no other capitalisation
        // can be known either.
        if word.chars().any(char::is_uppercase) && !voikko_lowers_like_rust(word) {
            let lower = word.to_lowercase();
            if let Some(l) = voikko.lemmatize(&lower) {
                return Some(l);
            }
            let mut cap = String::with_capacity(lower.len());
            let mut chars = lower.chars();
            if let Some(c) = chars.next() {
                cap.extend(c.to_uppercase());
                cap.push_str(chars.as_str());
                if cap != word {
                    return voikko.lemmatize(&cap);
                }
            }
        }
        None
    }

    /// The cached analysis of another capitalisation of `word` (its lower
    /// case, or that capitalised) when it is Voikko's answer for every
    /// capitalisation ([`Entry::case_free`]): Voikko would answer `word`
    /// the same, so it is not asked again.
    fn case_variant(
        &mut self,
        analyzer: &Analyzer,
        word: &str,
        lower: &str,
        register: Register,
    ) -> Option<Entry> {
        let s = slot(register);
        let mut cached = |form: &str| -> Option<Entry> {
            if form == word {
                return None;
            }
            let entry = match self.caches[s].get(form) {
                Some(hot) => self.caches[s].entries[hot.entry as usize].clone(),
                None => analyzer.shared[s].read().ok()?.get(form)?.clone(),
            };
            entry.case_free.then_some(entry)
        };
        if let Some(e) = cached(lower) {
            return Some(e);
        }
        let mut chars = lower.chars();
        let first = chars.next()?;
        let mut cap = String::with_capacity(lower.len() + 2);
        cap.extend(first.to_uppercase());
        cap.push_str(chars.as_str());
        cached(&cap)
    }

    /// Analyse one word form (a cache miss).
    fn analyze(&mut self, analyzer: &Analyzer, word: &str, spoken: bool) -> Entry {
        let Lemmatized {
            mut lemma,
            source,
            known,
            case_free,
        } = rules::lemmatize(self, analyzer, word, spoken);
        let lower = word.to_lowercase();
        let lemma_from_form = lemma.lemma.is_empty();
        if lemma_from_form {
            lemma.lemma = lower.clone();
        }
        // teema's lexicon of function words knows no word classes; Voikko
        // gives the class (whether "ole" is a verb ends a negation's reach).
        if source == LemmaSource::Lexicon && lemma.upos.is_none() {
            let form = analyzer.colloquial.form(&lower, spoken).unwrap_or(&lower);
            lemma.upos = self.ask_primary(form).and_then(|l| l.upos);
        }
        let stopword = analyzer.stopwords.contains(&lemma.lemma, &lower, spoken);
        let after_negation = lemma.after_negation.map(|verb| {
            let stopword = analyzer.stopwords.contains(&verb, &lower, spoken);
            Box::new((verb.into_boxed_str(), stopword))
        });
        Entry {
            lemma: lemma.lemma,
            parts: lemma.parts,
            stopword,
            source,
            known,
            upos: lemma.upos,
            case_free,
            lemma_from_form,
            after_negation,
        }
    }
}

/// What lemmatising one form gave (see [`Entry`]).
struct Lemmatized {
    lemma: Lemma,
    source: LemmaSource,
    known: bool,
    case_free: bool,
}

impl Lemmatized {
    /// The answer for another form than the one analysed.
    fn not_case_free(self) -> Lemmatized {
        Lemmatized {
            case_free: false,
            ..self
        }
    }
}

/// True when libvoikko lower-cases every letter of `word` as Rust does:
/// all its characters are ASCII or Latin-1 (both lower-case A–Z, À–Ö and
/// Ø–Þ by adding 0x20, and nothing else), so the lower case keeps its byte
/// length and any two capitalisations with the same Rust lower case reach
/// Voikko's transducer as the same word.
fn voikko_lowers_like_rust(word: &str) -> bool {
    // A UTF-8 lead byte of 0xC4 or more starts a character above U+00FF.
    word.bytes().all(|b| b < 0xC4)
}

/// Whether a word is in the reach of a negation verb, so that a noun or
/// adjective form that is also a verb's connegative is read as the verb
/// (ei toimi, en usko, ei kuulu). The reach is the next word, past up to
/// two stopwords between (ei se toimi, en enää jaksa) that are not verbs
/// (ei ole syytä), within the sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct NegationScope {
    /// Stopwords that may still come between.
    reach: u8,
}

impl NegationScope {
    /// True when the next word follows a negation verb.
    pub fn open(self) -> bool {
        self.reach > 0
    }

    /// Read one word: its lemma and stopword mark, or the verb's where
    /// the word has one (`after_negation`) and follows a negation verb,
    /// and move past it. `is_verb` is asked only while the scope is open.
    /// The second value is true when the verb was taken.
    pub fn read<'w>(
        &mut self,
        plain: (&'w str, bool),
        after_negation: Option<(&'w str, bool)>,
        is_verb: impl FnOnce() -> bool,
    ) -> ((&'w str, bool), bool) {
        let (word, verb, negated) = match after_negation {
            Some(v) if self.open() => (v, true, true),
            _ => (plain, self.open() && is_verb(), false),
        };
        self.step(word.0, word.1, verb);
        (word, negated)
    }

    /// Move past a word with this lemma, stopword mark and whether it is
    /// a verb (only asked while the scope is open).
    pub fn step(&mut self, lemma: &str, stopword: bool, verb: bool) {
        self.reach = if lemma == "ei" {
            3
        } else if stopword && !verb {
            self.reach.saturating_sub(1)
        } else {
            0
        };
    }
}

/// Per-thread analysis state. Not `Sync`; one per worker thread.
pub struct Session<'a> {
    analyzer: &'a Analyzer,
    state: Option<State>,
}

impl Drop for Session<'_> {
    /// Gives the state back, and reports damage the session met in the
    /// embedded form lexicon (once per analyser).
    fn drop(&mut self) {
        if let (Some(state), Ok(mut pool)) = (self.state.take(), self.analyzer.pool.lock()) {
            pool.push(state);
        }
        let told = &self.analyzer.damage_reported;
        if !told.load(std::sync::atomic::Ordering::Relaxed)
            && let Some(damage) = builtin::embedded_forms_damage()
            && !told.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.analyzer.events.warning(&damage);
        }
    }
}

impl Session<'_> {
    fn state(&mut self) -> &mut State {
        self.state
            .as_mut()
            .expect("a session has its state until dropped")
    }

    /// Call `f` for every token of `text`, in order.
    pub fn for_each_token(
        &mut self,
        text: &str,
        register: Register,
        mut f: impl FnMut(TokenRef<'_>),
    ) {
        let analyzer = self.analyzer;
        let state = self
            .state
            .as_mut()
            .expect("a session has its state until dropped");
        let s = slot(register);
        let mut prev = None;
        let mut negation = NegationScope::default();
        let mut sentence = 0;
        let mut position = 0;
        let mut spans = std::mem::take(&mut state.spans);
        spans.clear();
        for_each_span(text, |span| spans.push(span));
        // The cache slots of a few words are asked for memory together
        // before any is looked up: their loads overlap instead of each
        // look-up waiting in turn (most of the time of a cache hit).
        for chunk in spans.chunks(PREFETCH) {
            for span in chunk {
                if span.kind == SpanKind::Word {
                    state.caches[s].prefetch(&text[span.start..span.end]);
                }
            }
            for &span in chunk {
                if let Some(p) = prev
                    && segment::is_boundary(text, p, span)
                {
                    sentence += 1;
                    negation = NegationScope::default();
                }
                prev = Some(span);
                let word = &text[span.start..span.end];
                let token = if span.kind == SpanKind::Number {
                    TokenRef {
                        start: span.start,
                        end: span.end,
                        sentence,
                        position,
                        kind: TokenKind::Number,
                        lemma: word,
                        parts: &[],
                        stopword: false,
                    }
                } else {
                    let hot = state.lookup(analyzer, word, register);
                    let cache = &state.caches[s];
                    let ((lemma, stopword), negated) = negation.read(
                        (hot.lemma(cache), hot.stopword),
                        hot.after_negation(cache),
                        || cache.entries[hot.entry as usize].is_verb(),
                    );
                    let parts = if negated { &[][..] } else { hot.parts(cache) };
                    f(TokenRef {
                        start: span.start,
                        end: span.end,
                        sentence,
                        position,
                        kind: TokenKind::Word,
                        lemma,
                        parts,
                        stopword,
                    });
                    position += 1;
                    continue;
                };
                negation = NegationScope::default();
                f(token);
                position += 1;
            }
        }
        state.spans = spans;
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

    /// The lemma and compound parts of one word form (written register;
    /// cached). For query parsing and pseudonymisation.
    pub fn lemma_of(&mut self, word: &str) -> (&str, &[String]) {
        let a = self.analyze_word(word, Register::Written);
        (a.lemma, a.parts)
    }

    /// The part of speech (UD UPOS) of one word form as Voikko reads it,
    /// also where teema's own lexicon gives the lemma (it knows no word
    /// classes); `None` without Voikko or for a form it does not know.
    /// Not cached: for a few words at a time (labels).
    pub fn part_of_speech(&mut self, word: &str) -> Option<&'static str> {
        self.state().ask_primary(word).and_then(|l| l.upos)
    }

    /// The full analysis of one word form in a register (cached).
    pub fn analyze_word(&mut self, word: &str, register: Register) -> WordAnalysis<'_> {
        let analyzer = self.analyzer;
        let state = self.state();
        let i = state.lookup(analyzer, word, register).entry as usize;
        let e = &state.caches[slot(register)].entries[i];
        WordAnalysis {
            lemma: &e.lemma,
            parts: &e.parts,
            stopword: e.stopword,
            source: e.source,
            known: e.known,
            upos: e.upos,
            after_negation: e.after_negation.as_deref().map(|n| (&*n.0, n.1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negation_reaches_the_next_word_past_two_stopwords_that_are_not_verbs() {
        let mut scope = NegationScope::default();
        assert!(!scope.open());
        scope.step("ei", true, true);
        assert!(scope.open());
        scope.step("se", true, false);
        scope.step("enää", true, false);
        assert!(scope.open(), "ei se enää toimi");
        scope.step("kolmas", true, false);
        assert!(!scope.open(), "three stopwords between");
        scope.step("ei", true, true);
        scope.step("olla", true, true);
        assert!(!scope.open(), "ei ole syytä: the verb took the negation");
        scope.step("ei", true, true);
        scope.step("wifi", false, false);
        assert!(!scope.open(), "ei wifi: a content word ends the reach");
    }

    #[test]
    fn a_missing_voikko_is_a_warning_to_the_callers_events() {
        let recorder = Arc::new(crate::events::tests::Recorder::default());
        let config = AnalyzerConfig {
            events: crate::events::Reporter::shared(recorder.clone()),
            ..Default::default()
        };
        let reason = "Voikko was not found; install it".to_string();
        let analyzer = Analyzer::with_voikko(config.clone(), Some(Err(reason.clone()))).unwrap();
        assert_eq!(analyzer.lemmatizer_name(), "builtin");
        let w = crate::events::Warning::VoikkoMissing { reason };
        assert_eq!(recorder.lines(), [format!("warning {w:?}")]);
        // Asked for the built-in lemmatiser: nothing to warn about.
        Analyzer::with_voikko(config, None).unwrap();
        assert_eq!(recorder.lines().len(), 1, "{:?}", recorder.lines());
    }

    /// The analysis of `word` in `session`, owned.
    fn owned(session: &mut Session<'_>, word: &str) -> (String, Vec<String>, LemmaSource, bool) {
        let a = session.analyze_word(word, Register::Written);
        (a.lemma.to_string(), a.parts.to_vec(), a.source, a.known)
    }

    #[test]
    fn forms_analysed_after_their_other_capitalisations_are_analysed_as_alone() {
        // Common words, proper nouns (their choice depends on the capital),
        // a hyphenated compound whose last part is cached first, letters
        // beyond Latin-1 (Voikko is asked each time).
        let words = [
            "kaupunki",
            "Kaupunki",
            "KAUPUNKI",
            "vertaistukea",
            "Vertaistukea",
            "Turussa",
            "turussa",
            "TURUSSA",
            "Kokkola",
            "kokkola",
            "rallitalliin",
            "Citroen-rallitalliin",
            "Łódźissa",
            "łódźissa",
            "Tallinnaan",
            "tallinnaan",
        ];
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let mut together = analyzer.session();
        for word in words {
            let fresh = Analyzer::new(AnalyzerConfig::default()).unwrap();
            let alone = owned(&mut fresh.session(), word);
            assert_eq!(owned(&mut together, word), alone, "{word}");
        }
        if analyzer.has_voikko() {
            // The second capitalisation of a common word was not asked.
            let state = together.state();
            let hot = state.caches[0].get("Kaupunki").unwrap();
            assert!(state.caches[0].entries[hot.entry as usize].case_free);
        }
    }

    #[test]
    fn only_ascii_and_latin_1_count_as_lower_cased_alike() {
        assert!(voikko_lowers_like_rust("ÄITI-Öljy Ø"));
        assert!(!voikko_lowers_like_rust("Łódź"));
        assert!(!voikko_lowers_like_rust("Ωmega"));
    }

    #[test]
    fn a_fresh_session_reads_the_shared_cache_and_gets_the_same_tokens() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let text = "Mä oon saanu vertaistukea ja aukioloajat vois olla pidemmät.";
        let mut first = analyzer.session();
        let a = first.tokens(text, Register::Spoken);
        // `first` is still alive, so this session gets a new, empty
        // per-thread cache and answers from the shared one.
        let mut second = analyzer.session();
        let b = second.tokens(text, Register::Spoken);
        assert_eq!(a, b);
        assert!(
            analyzer.shared[1]
                .read()
                .unwrap()
                .contains_key("vertaistukea")
        );
    }

    #[test]
    fn the_analyzer_is_shared_between_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Analyzer>();
    }

    #[test]
    fn lemma_of_and_tokens_agree_and_caches_stay_warm() {
        let analyzer = Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let mut session = analyzer.session();
        let (lemma, parts) = session.lemma_of("kaupungissa");
        assert_eq!((lemma, parts.len()), ("kaupunki", 0));
        let tokens = session.tokens("Kaupungissa on 3,5 % EU:n taloista.", Register::Written);
        let lemmas: Vec<&str> = tokens.iter().map(|t| t.lemma.as_str()).collect();
        assert_eq!(lemmas, ["kaupunki", "olla", "3,5", "eu", "talo"]);
        assert!(tokens[1].stopword);
        drop(session);
        // The next session takes the pooled state back.
        let mut again = analyzer.session();
        assert_eq!(
            again.analyze_word("kaupungissa", Register::Written).lemma,
            "kaupunki"
        );
    }
}
