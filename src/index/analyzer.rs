//! teema's Finnish analysis as tantivy tokenizers: `teema_lemma` gives one
//! token per word (its lemma), `teema_parts` the compound parts of a word.
//! Both run [`crate::text::Session::for_each_token`], so the index and the
//! queries see exactly the analysis the themes see. Nothing is folded:
//! ä and ö stay ä and ö.
//!
//! The tokenizers run in tantivy's indexing threads (one analysis session
//! per thread; each text is analysed once for both fields) and on query
//! text. They must be registered every time an index is opened (tantivy
//! does not persist custom tokenizers), which [`register`] does. Spoken
//! text (utterances) is indexed with a leading [`SPOKEN_MARK`] so it is
//! analysed in the spoken register.
//!
//! Positions: lemmas take the word's position; in the parts field each word
//! takes as many positions as it has parts, plus a gap of one, so a phrase
//! over parts (`vertainen tuki`) matches inside one compound only.

use crate::text::{Analyzer, Register, Session};
use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name of the lemma tokenizer in tantivy's tokenizer manager.
pub const LEMMA_TOKENIZER: &str = "teema_lemma";
/// Name of the compound-part tokenizer in tantivy's tokenizer manager.
pub const PARTS_TOKENIZER: &str = "teema_parts";
/// Version of the token layout above; recorded in the manifest.
pub const ANALYZER_NAME: &str = "teema-fi/1";

/// How a word contributes to the parts field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartsMode {
    /// Indexing: only true compounds (two or more parts) add tokens.
    Index,
    /// Querying: a simple word stands for itself, so `tuki` finds the
    /// compounds that have `tuki` as a part.
    Query,
}

/// Analyse `text` into lemma tokens and part tokens. The buffers are
/// overwritten: their tokens' strings are reused, so a text costs no
/// allocation per token.
pub fn analyse(
    session: &mut Session<'_>,
    text: &str,
    register: Register,
    mode: PartsMode,
    lemmas: &mut Vec<Token>,
    parts: &mut Vec<Token>,
) {
    let (mut n_lemmas, mut n_parts) = (0, 0);
    let mut part_pos = 0usize;
    session.for_each_token(text, register, |t| {
        let position = n_lemmas;
        put(lemmas, &mut n_lemmas, (t.start, t.end), position, t.lemma);
        let compound = t.parts.len() >= 2;
        if compound {
            for p in t.parts {
                put(parts, &mut n_parts, (t.start, t.end), part_pos, p);
                part_pos += 1;
            }
            part_pos += 1;
        } else if mode == PartsMode::Query {
            put(parts, &mut n_parts, (t.start, t.end), part_pos, t.lemma);
            part_pos += 2;
        }
    });
    lemmas.truncate(n_lemmas);
    parts.truncate(n_parts);
}

/// Write token number `*n` of `tokens` (reusing the string of the token
/// there before) and count it.
fn put(tokens: &mut Vec<Token>, n: &mut usize, span: (usize, usize), position: usize, text: &str) {
    match tokens.get_mut(*n) {
        Some(t) => {
            t.offset_from = span.0;
            t.offset_to = span.1;
            t.position = position;
            t.position_length = 1;
            t.text.clear();
            t.text.push_str(text);
        }
        None => tokens.push(Token {
            offset_from: span.0,
            offset_to: span.1,
            position,
            text: text.to_string(),
            position_length: 1,
        }),
    }
    *n += 1;
}

/// First character of the indexed copy of a spoken text (utterances): the
/// tokenizer then analyses it in the spoken register. It is never part of a
/// token.
pub const SPOKEN_MARK: char = '\u{1}';

thread_local! {
    /// One session per thread and analyzer (keyed by its address).
    static SESSIONS: RefCell<Vec<(usize, Session<'static>)>> = const { RefCell::new(Vec::new()) };
    /// The last text analysed on this thread, with the token stream of the
    /// field that has not taken it yet: tantivy tokenizes the lemma and the
    /// parts field of a document one after the other on the same thread, so
    /// each text is analysed once.
    static LAST: RefCell<Last> = const { RefCell::new(Last { key: (0, false), text: String::new(), lemmas: None, parts: None, spare: Vec::new() }) };
}

/// See `LAST`.
struct Last {
    key: (usize, bool),
    text: String,
    lemmas: Option<Vec<Token>>,
    parts: Option<Vec<Token>>,
    /// Tokens of an earlier text, kept for their buffers.
    spare: Vec<Token>,
}

/// Run `f` with this thread's session of `analyzer`, creating it once.
pub fn with_session<R>(
    analyzer: &'static Analyzer,
    f: impl FnOnce(&mut Session<'static>) -> R,
) -> R {
    let key = analyzer as *const Analyzer as usize;
    SESSIONS.with(|cell| {
        let mut sessions = cell.borrow_mut();
        let i = match sessions.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                sessions.push((key, analyzer.session()));
                sessions.len() - 1
            }
        };
        f(&mut sessions[i].1)
    })
}

/// A tantivy tokenizer running teema's analysis.
#[derive(Clone)]
pub struct TeemaTokenizer {
    analyzer: &'static Analyzer,
    parts: bool,
    mode: PartsMode,
    tokens: Vec<Token>,
    /// Counters shared by the clones tantivy makes per thread.
    counts: Arc<Counts>,
}

/// What an index's lemma tokenizer has done since it was registered.
#[derive(Debug, Default)]
pub struct Counts {
    /// Lemma tokens produced.
    pub tokens: AtomicU64,
    /// Texts analysed (documents that have a lemma field).
    pub texts: AtomicU64,
}

impl TeemaTokenizer {
    /// The lemma tokenizer.
    pub fn lemma(analyzer: &'static Analyzer, mode: PartsMode) -> Self {
        TeemaTokenizer {
            analyzer,
            parts: false,
            mode,
            tokens: Vec::new(),
            counts: Arc::default(),
        }
    }

    /// The compound-part tokenizer.
    pub fn parts(analyzer: &'static Analyzer, mode: PartsMode) -> Self {
        TeemaTokenizer {
            parts: true,
            ..TeemaTokenizer::lemma(analyzer, mode)
        }
    }

    /// Analyse `text` into `self.tokens`, reusing the other field's analysis
    /// of the same text on this thread.
    fn fill(&mut self, text: &str) {
        self.fill_tokens(text);
        if !self.parts {
            self.counts
                .tokens
                .fetch_add(self.tokens.len() as u64, Ordering::Relaxed);
            self.counts.texts.fetch_add(1, Ordering::Release);
        }
    }

    /// See [`TeemaTokenizer::fill`].
    fn fill_tokens(&mut self, text: &str) {
        let key = (
            self.analyzer as *const Analyzer as usize,
            self.mode == PartsMode::Index,
        );
        LAST.with(|cell| {
            let mut last = cell.borrow_mut();
            let slot = |l: &mut Last, parts: bool| {
                if parts {
                    l.parts.take()
                } else {
                    l.lemmas.take()
                }
            };
            if last.key == key
                && last.text == text
                && let Some(tokens) = slot(&mut last, self.parts)
            {
                last.spare = std::mem::replace(&mut self.tokens, tokens);
                return;
            }
            let (register, body, shift) = match text.strip_prefix(SPOKEN_MARK) {
                Some(rest) => (Register::Spoken, rest, SPOKEN_MARK.len_utf8()),
                None => (Register::Written, text, 0),
            };
            // This field's tokens of the last text and a spare set are
            // the buffers (an untaken stream of the other field too).
            let own = std::mem::take(&mut self.tokens);
            let mut other = std::mem::take(&mut last.spare);
            if let Some(untaken) = last.lemmas.take().or_else(|| last.parts.take())
                && untaken.len() > other.len()
            {
                other = untaken;
            }
            let (mut lemmas, mut parts) = if self.parts {
                (other, own)
            } else {
                (own, other)
            };
            with_session(self.analyzer, |s| {
                analyse(s, body, register, self.mode, &mut lemmas, &mut parts)
            });
            if shift > 0 {
                for t in lemmas.iter_mut().chain(parts.iter_mut()) {
                    t.offset_from += shift;
                    t.offset_to += shift;
                }
            }
            last.key = key;
            last.text.clear();
            last.text.push_str(text);
            if self.parts {
                self.tokens = parts;
                last.lemmas = Some(lemmas);
                last.parts = None;
            } else {
                self.tokens = lemmas;
                last.parts = Some(parts);
                last.lemmas = None;
            }
        });
    }
}

/// The tokens of one analysed text.
pub struct TeemaTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for TeemaTokenizer {
    type TokenStream<'a> = TeemaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TeemaTokenStream<'a> {
        self.fill(text);
        TeemaTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for TeemaTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Register teema's tokenizers on an index (after every create or open):
/// [`PartsMode::Index`] for writing, [`PartsMode::Query`] for searching.
/// Returns the counts of the index's lemma tokenizer from now on (texts
/// and tokens of documents indexed, and of query texts).
pub fn register(
    index: &tantivy::Index,
    analyzer: &'static Analyzer,
    mode: PartsMode,
) -> Arc<Counts> {
    let manager = index.tokenizers();
    let lemma = TeemaTokenizer::lemma(analyzer, mode);
    let counts = lemma.counts.clone();
    manager.register(LEMMA_TOKENIZER, lemma);
    manager.register(PARTS_TOKENIZER, TeemaTokenizer::parts(analyzer, mode));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;

    fn analyzer() -> &'static Analyzer {
        Box::leak(Box::new(Analyzer::new(AnalyzerConfig::default()).unwrap()))
    }

    fn texts(tokenizer: &mut TeemaTokenizer, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    #[test]
    fn lemma_tokens_keep_umlauts_and_offsets() {
        let a = analyzer();
        let mut t = TeemaTokenizer::lemma(a, PartsMode::Query);
        let got = texts(&mut t, "Äänestys Öisin");
        assert_eq!(got.len(), 2);
        assert!(got[0].0.starts_with('ä'), "ä folded: {got:?}");
        assert!(got[1].0.starts_with('ö'), "ö folded: {got:?}");
        assert_eq!((got[0].1, got[1].1), (0, 1));
        let mut stream = t.token_stream("Äänestys Öisin");
        assert!(stream.advance());
        assert_eq!(
            (stream.token().offset_from, stream.token().offset_to),
            (0, "Äänestys".len())
        );
    }

    #[test]
    fn query_parts_are_lemmas_of_simple_words_with_gaps() {
        let a = analyzer();
        let mut t = TeemaTokenizer::parts(a, PartsMode::Query);
        let got = texts(&mut t, "hyvä kahvi");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1 - got[0].1, 2, "a gap between words: {got:?}");
        let mut session = a.session();
        let (mut l, mut p) = (Vec::new(), Vec::new());
        analyse(
            &mut session,
            "hyvä kahvi",
            Register::Written,
            PartsMode::Index,
            &mut l,
            &mut p,
        );
        assert_eq!(l.len(), 2);
        // Simple words add no part tokens when indexing.
        let simple = session.tokens("hyvä kahvi", Register::Written);
        let expected: usize = simple
            .iter()
            .filter(|t| t.parts.len() >= 2)
            .map(|t| t.parts.len())
            .sum();
        assert_eq!(p.len(), expected);
    }

    #[test]
    fn marked_text_is_analysed_as_speech_with_offsets_into_the_marked_text() {
        let a = analyzer();
        let text = "No mä oon ollu täällä";
        let marked = format!("{SPOKEN_MARK}{text}");
        let mut t = TeemaTokenizer::lemma(a, PartsMode::Index);
        let mut got = Vec::new();
        let mut stream = t.token_stream(&marked);
        while stream.advance() {
            let tok = stream.token();
            got.push((tok.text.clone(), tok.offset_from, tok.offset_to));
        }
        let want: Vec<(String, usize, usize)> = a
            .session()
            .tokens(text, Register::Spoken)
            .into_iter()
            .map(|t| (t.lemma, t.start + 1, t.end + 1))
            .collect();
        assert_eq!(got, want);
        assert_eq!(&marked[got[1].1..got[1].2], "mä");
    }

    #[test]
    fn the_parts_field_reuses_the_lemma_fields_analysis_of_the_same_text() {
        let a = analyzer();
        let mut lemma = TeemaTokenizer::lemma(a, PartsMode::Index);
        let mut parts = TeemaTokenizer::parts(a, PartsMode::Index);
        let text = "Vertaistukiryhmä auttoi";
        let l = texts(&mut lemma, text);
        let p = texts(&mut parts, text);
        // The same tokens as a fresh analysis: the cache hands over, never mixes.
        let mut s = a.session();
        let (mut l2, mut p2) = (Vec::new(), Vec::new());
        analyse(
            &mut s,
            text,
            Register::Written,
            PartsMode::Index,
            &mut l2,
            &mut p2,
        );
        let pairs = |v: &[Token]| {
            v.iter()
                .map(|t| (t.text.clone(), t.position))
                .collect::<Vec<_>>()
        };
        assert_eq!(l, pairs(&l2));
        assert_eq!(p, pairs(&p2));
        // Another text next: no stale tokens.
        assert_eq!(texts(&mut parts, "kahvi").len(), 0);
        assert_eq!(texts(&mut lemma, "kahvi").len(), 1);
    }
}
