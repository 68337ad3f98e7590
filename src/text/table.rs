//! The token table: every text of a run analysed once, in parallel, into
//! one flat table of tokens (lemma and compound-part ids into one
//! vocabulary, byte offsets, sentence, stopword and number flags).
//!
//! The index is written from it, the themes read it, and an index hands it
//! back ([`crate::index::StoredAnalysis`]), so a word is counted the same
//! way everywhere and each text goes through the lemmatiser once.
//!
//! Analysis runs over fixed-size chunks of texts, each with its own
//! [`Session`](super::Session) and local vocabulary; the chunks are merged
//! in order, so term ids (first occurrence over the texts, a token's lemma
//! before its parts) do not depend on the thread count.

use super::{Analyzer, Register, TokenKind};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Units analysed per parallel chunk (fixed, so results do not depend on threads).
pub const CHUNK: usize = 2048;

/// Chunks analysed before their vocabularies are merged.
pub const WINDOW: usize = 32;

/// Interned strings: lemmas and compound parts share one id space.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    /// The ids of terms of up to 23 bytes, each term stored in the table
    /// itself ([`short_key`]): every token is interned, and a look-up that
    /// compares in place does not wait on memory for a string elsewhere
    /// (that wait was most of the time of interning).
    short: FxHashMap<[u8; 24], u32>,
    /// The ids of longer terms.
    long: FxHashMap<String, u32>,
    terms: Vec<String>,
}

/// A term of up to 23 bytes as a key: its bytes zero-padded, its length in
/// the last byte (so "a" and "a\0" differ).
fn short_key(term: &str) -> Option<[u8; 24]> {
    let b = term.as_bytes();
    if b.len() > 23 {
        return None;
    }
    let mut k = [0u8; 24];
    k[..b.len()].copy_from_slice(b);
    k[23] = b.len() as u8;
    Some(k)
}

impl Vocab {
    /// The id of `term`, adding it when new.
    pub fn intern(&mut self, term: &str) -> u32 {
        let next = self.terms.len() as u32;
        let id = match short_key(term) {
            Some(k) => *self.short.entry(k).or_insert(next),
            None => match self.long.get(term) {
                Some(&id) => id,
                None => {
                    self.long.insert(term.to_string(), next);
                    next
                }
            },
        };
        if id == next {
            self.terms.push(term.to_string());
        }
        id
    }

    /// The id of `term`, if known.
    pub fn get(&self, term: &str) -> Option<u32> {
        match short_key(term) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(term).copied(),
        }
    }

    /// The string of an id.
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every term with its id, in id order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// One analysed token with interned lemma and parts, in 16 bytes: the
/// token table is most of the memory of a large analysis (fi-news ×10:
/// 36 million tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    /// Lemma id.
    pub lemma: u32,
    /// Byte offset of the token in the answer text.
    pub start: u32,
    /// Byte offset one past the token.
    pub end: u32,
    /// First of this token's compound parts among its answer's parts
    /// ([`Analysed::parts_of`]).
    parts_start: u16,
    /// How many parts (at most 255, [`part_range`]).
    parts_len: u8,
    /// [`STOPWORD`], [`NUMBER`], [`NEW_SENTENCE`].
    flags: u8,
}

// The table's memory is counted in these: keep them at 16 bytes.
const _: () = assert!(std::mem::size_of::<Tok>() == 16);

const STOPWORD: u8 = 1;
const NUMBER: u8 = 2;
const NEW_SENTENCE: u8 = 4;

impl Tok {
    /// A token of lemma `lemma` at bytes `start..end`, with no compound
    /// parts: a stopword (function word, filler), a number rather than a
    /// word, the first token of a sentence after another in its text.
    pub fn new(
        lemma: u32,
        (start, end): (u32, u32),
        stopword: bool,
        number: bool,
        new_sentence: bool,
    ) -> Tok {
        let flag = |on: bool, f: u8| if on { f } else { 0 };
        Tok {
            lemma,
            start,
            end,
            parts_start: 0,
            parts_len: 0,
            flags: flag(stopword, STOPWORD)
                | flag(number, NUMBER)
                | flag(new_sentence, NEW_SENTENCE),
        }
    }

    /// The same token with compound parts `range` (as the table builds it, or from
    /// [`Tok::parts`]).
    pub fn with_parts(self, (a, b): (u16, u16)) -> Tok {
        Tok {
            parts_start: a,
            parts_len: b.saturating_sub(a).min(u8::MAX as u16) as u8,
            ..self
        }
    }

    /// The range of this token's compound parts among its answer's parts.
    pub fn parts(&self) -> (u16, u16) {
        (self.parts_start, self.parts_start + self.parts_len as u16)
    }

    /// A stopword (function word, filler).
    pub fn stopword(&self) -> bool {
        self.flags & STOPWORD != 0
    }

    /// A number rather than a word.
    pub fn number(&self) -> bool {
        self.flags & NUMBER != 0
    }

    /// The first token of a sentence after another sentence of its text.
    pub fn new_sentence(&self) -> bool {
        self.flags & NEW_SENTENCE != 0
    }
}

/// The token table: the tokens of every analysed text (an answer or an
/// utterance), stored flat: per chunk of `CHUNK` texts (as they were
/// analysed, never copied again), one vector of tokens and one of compound
/// parts, with where each text starts (a vector per text would cost more
/// than its tokens).
#[derive(Debug, Default)]
pub struct Analysed {
    /// Lemma and part strings.
    pub vocab: Vocab,
    /// The texts, [`CHUNK`] per chunk (the last may hold fewer).
    chunks: Vec<Stretch>,
}

/// The tokens of consecutive answers.
#[derive(Debug, Default, Clone)]
struct Stretch {
    /// Every answer's tokens, in answer order.
    toks: Vec<Tok>,
    /// Where each answer's tokens start in `toks`, and one past the last.
    tok_start: Vec<u32>,
    /// Every answer's compound part ids, in answer order.
    parts: Vec<u32>,
    /// Where each answer's parts start in `parts`, and one past the last.
    part_start: Vec<u32>,
}

impl Stretch {
    fn len(&self) -> usize {
        self.tok_start.len().saturating_sub(1)
    }

    /// Add an answer: its tokens and the parts they refer to.
    fn push(&mut self, toks: &[Tok], parts: &[u32]) {
        if self.tok_start.is_empty() {
            self.tok_start.push(0);
            self.part_start.push(0);
        }
        self.toks.extend_from_slice(toks);
        self.parts.extend_from_slice(parts);
        // A chunk of answers holds far fewer than 4 billion tokens.
        self.tok_start.push(self.toks.len() as u32);
        self.part_start.push(self.parts.len() as u32);
    }

    /// Empty it, keeping the vectors' memory.
    fn clear(&mut self) {
        self.toks.clear();
        self.parts.clear();
        self.tok_start.clear();
        self.part_start.clear();
    }
}

impl Analysed {
    /// Number of answers.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Stretch::len).sum()
    }

    /// True when no answer was analysed.
    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(|c| c.len() == 0)
    }

    /// The tokens of answer `u`.
    pub fn unit(&self, u: usize) -> &[Tok] {
        let (c, i) = (&self.chunks[u / CHUNK], u % CHUNK);
        &c.toks[c.tok_start[i] as usize..c.tok_start[i + 1] as usize]
    }

    /// Per vocabulary id: long enough (two letters or more) to be a
    /// content word.
    pub fn long_terms(&self) -> Vec<bool> {
        self.vocab
            .terms()
            .par_iter()
            .map(|t| t.chars().nth(1).is_some())
            .collect()
    }

    /// The compound parts of token `t` of answer `u`.
    pub fn parts_of(&self, u: usize, t: &Tok) -> &[u32] {
        let (c, i) = (&self.chunks[u / CHUNK], u % CHUNK);
        let base = c.part_start[i] as usize;
        &c.parts[base + t.parts().0 as usize..base + t.parts().1 as usize]
    }
}

/// The range of the parts pushed since `p0`, as a token holds it. A token
/// keeps at most 255 parts (a compound of more is no word) and an answer at
/// most 65,535: a token beyond that (only in a pathological answer of
/// hundreds of thousands of words) gets none.
pub(crate) fn part_range(parts: &mut Vec<u32>, p0: usize) -> (u16, u16) {
    parts.truncate(p0 + u8::MAX as usize);
    match (u16::try_from(p0), u16::try_from(parts.len())) {
        (Ok(a), Ok(b)) => (a, b),
        _ => {
            parts.truncate(p0);
            (0, 0)
        }
    }
}

/// Analyse `texts` (text and register) in parallel; deterministic ids.
pub fn analyse(analyzer: &Analyzer, texts: &[(&str, Register)]) -> Analysed {
    analyse_known(analyzer, texts, &[], |_, _, _| false)
}

/// Like [`analyse`], where `known` may give a text's tokens itself: called
/// with the text's number and empty token and part buffers, it fills them
/// with ids of `base` (lemmas and parts) and returns true, or returns false
/// and the text is analysed. The vocabulary starts with `base` (distinct
/// terms), so its ids stay valid.
pub fn analyse_known<F>(
    analyzer: &Analyzer,
    texts: &[(&str, Register)],
    base: &[String],
    known: F,
) -> Analysed
where
    F: Fn(usize, &mut Vec<Tok>, &mut Vec<u32>) -> bool + Sync,
{
    struct Chunk {
        vocab: Vocab,
        analysed: Stretch,
    }
    let mut out = Analysed::default();
    for t in base {
        out.vocab.intern(t);
    }
    // A window of chunks at a time: each chunk's own vocabulary (about a
    // megabyte) lives only until its window is merged, so the memory this
    // takes does not grow with the corpus.
    for (w, window) in texts.chunks(CHUNK * WINDOW).enumerate() {
        let first_chunk = w * WINDOW;
        let chunks: Vec<Chunk> = window
            .par_chunks(CHUNK)
            .enumerate()
            .map_init(Stretch::default, |analysed, (c, chunk)| {
                let c = first_chunk + c;
                let mut session = None;
                let mut vocab = Vocab::default();
                analysed.clear();
                let (mut toks, mut parts) = (Vec::new(), Vec::new());
                for (i, (text, register)) in chunk.iter().enumerate() {
                    toks.clear();
                    parts.clear();
                    if known(c * CHUNK + i, &mut toks, &mut parts) {
                        for t in &mut toks {
                            t.lemma |= BASE;
                        }
                        for p in &mut parts {
                            *p |= BASE;
                        }
                    } else {
                        toks.clear();
                        parts.clear();
                        let session = session.get_or_insert_with(|| analyzer.session());
                        let mut sentence = 0;
                        session.for_each_token(text, *register, |t| {
                            let lemma = vocab.intern(t.lemma);
                            let p0 = parts.len();
                            for p in t.parts {
                                parts.push(vocab.intern(p));
                            }
                            toks.push(
                                Tok::new(
                                    lemma,
                                    (t.start as u32, t.end as u32),
                                    t.stopword,
                                    t.kind == TokenKind::Number,
                                    t.sentence != sentence,
                                )
                                .with_parts(part_range(&mut parts, p0)),
                            );
                            sentence = t.sentence;
                        });
                    }
                    analysed.push(&toks, &parts);
                }
                // An exact-size copy: the growing vectors are reused for
                // the next chunk, and no block outgrown on the way stays
                // behind.
                Chunk {
                    vocab,
                    analysed: analysed.clone(),
                }
            })
            .collect();
        // Interning is in chunk order (ids do not depend on the thread
        // count); the tokens are then renumbered in parallel. The terms
        // known before this window (most of them, after the first few) are
        // looked up in parallel; only the rest are interned in order, which
        // gives every term the id the ordered interning of all would.
        let known: Vec<Vec<u32>> = chunks
            .par_iter()
            .map(|chunk| {
                let vocab = &out.vocab;
                chunk
                    .vocab
                    .terms
                    .iter()
                    .map(|t| vocab.get(t).unwrap_or(u32::MAX))
                    .collect()
            })
            .collect();
        let mut maps = known;
        for (chunk, map) in chunks.iter().zip(&mut maps) {
            for (t, id) in chunk.vocab.terms.iter().zip(map.iter_mut()) {
                if *id == u32::MAX {
                    *id = out.vocab.intern(t);
                }
            }
        }
        let mut chunks = chunks;
        chunks.par_iter_mut().zip(&maps).for_each(|(chunk, map)| {
            let id = |x: u32| {
                if x & BASE != 0 {
                    x & !BASE
                } else {
                    map[x as usize]
                }
            };
            for t in &mut chunk.analysed.toks {
                t.lemma = id(t.lemma);
            }
            for p in &mut chunk.analysed.parts {
                *p = id(*p);
            }
        });
        // The chunks' vocabularies (hundreds of thousands of strings) are
        // freed in parallel, not one by one on this thread.
        let analysed: Vec<Stretch> = chunks.into_par_iter().map(|c| c.analysed).collect();
        out.chunks.extend(analysed);
    }
    out
}

/// Marks a term id of the base vocabulary (not of a chunk's vocabulary)
/// until the chunks are merged.
const BASE: u32 = 1 << 31;

impl Analysed {
    /// The texts `rows` (ascending) alone, their terms numbered again in
    /// order of first occurrence (as [`analyse`] of those texts numbers
    /// them). When that changes nothing (every text kept, ids already in
    /// that order) the table is handed back as it is.
    pub fn select(self, rows: &[usize]) -> Analysed {
        debug_assert!(rows.windows(2).all(|w| w[0] < w[1]), "rows ascend");
        // New id of every old one, in order of first occurrence.
        let mut map = vec![u32::MAX; self.vocab.len()];
        let mut terms: Vec<u32> = Vec::new();
        for &u in rows {
            for t in self.unit(u) {
                for id in std::iter::once(t.lemma).chain(self.parts_of(u, t).iter().copied()) {
                    if map[id as usize] == u32::MAX {
                        map[id as usize] = terms.len() as u32;
                        terms.push(id);
                    }
                }
            }
        }
        let same_rows = rows.len() == self.len() && rows.iter().enumerate().all(|(i, &r)| i == r);
        let same_ids = terms.len() == self.vocab.len()
            && terms.iter().enumerate().all(|(i, &t)| i as u32 == t);
        if same_rows && same_ids {
            return self;
        }
        let mut out = Analysed::default();
        for &t in &terms {
            out.vocab.intern(self.vocab.term(t));
        }
        // A window of chunks at a time, freeing the texts no later row
        // needs: the table and its copy are not both held whole.
        let mut source = self;
        for window in rows.chunks(CHUNK * WINDOW) {
            let made: Vec<Stretch> = window
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut s = Stretch::default();
                    let (mut toks, mut parts) = (Vec::new(), Vec::new());
                    for &u in chunk {
                        toks.clear();
                        parts.clear();
                        for t in source.unit(u) {
                            let p0 = parts.len();
                            parts.extend(source.parts_of(u, t).iter().map(|&p| map[p as usize]));
                            toks.push(
                                Tok {
                                    lemma: map[t.lemma as usize],
                                    ..*t
                                }
                                .with_parts(part_range(&mut parts, p0)),
                            );
                        }
                        s.push(&toks, &parts);
                    }
                    s
                })
                .collect();
            out.chunks.extend(made);
            // Rows ascend: the next window starts at or after its last row.
            let done = window.last().map_or(0, |&r| r / CHUNK);
            for c in &mut source.chunks[..done] {
                *c = Stretch::default();
            }
        }
        out
    }

    /// Number of tokens of all texts.
    pub fn token_count(&self) -> u64 {
        self.chunks.iter().map(|c| c.toks.len() as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;

    fn pairs<'a>(texts: &[&'a str]) -> Vec<(&'a str, Register)> {
        texts.iter().map(|t| (*t, Register::Written)).collect()
    }

    #[test]
    fn short_and_long_terms_get_ids_in_order_of_first_interning() {
        let long = "lentokonesuihkuturbiinimoottoriapumekaanikko";
        let mut v = Vocab::default();
        let ids: Vec<u32> = ["talo", long, "a", "a\0", "talo", long, ""]
            .iter()
            .map(|t| v.intern(t))
            .collect();
        assert_eq!(ids, [0, 1, 2, 3, 0, 1, 4]);
        assert_eq!(v.terms(), ["talo", long, "a", "a\0", ""]);
        assert_eq!(
            (v.get(long), v.get("a\0"), v.get("ab")),
            (Some(1), Some(3), None)
        );
        // 23 bytes is the longest term kept in the table itself.
        let edge = "x".repeat(23);
        assert_eq!(v.intern(&edge), 5);
        assert_eq!(v.get(&edge), Some(5));
        assert_eq!(v.get(&"x".repeat(24)), None);
    }

    fn lemmas(a: &Analysed, u: usize) -> Vec<String> {
        a.unit(u)
            .iter()
            .map(|t| a.vocab.term(t.lemma).to_string())
            .collect()
    }

    #[test]
    fn an_answer_past_65535_parts_keeps_the_first_and_later_tokens_get_none() {
        let mut parts = vec![7u32; 65_530];
        assert_eq!(part_range(&mut parts, 65_520), (65_520, 65_530));
        let p0 = parts.len();
        parts.extend([1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(part_range(&mut parts, p0), (0, 0));
        assert_eq!(parts.len(), p0, "the parts that did not fit are dropped");
    }

    #[test]
    fn a_token_keeps_its_flags_and_at_most_255_parts() {
        let t = Tok::new(7, (3, 9), true, false, true);
        assert!(t.stopword() && !t.number() && t.new_sentence());
        assert_eq!((t.lemma, t.start, t.end, t.parts()), (7, 3, 9, (0, 0)));
        let mut parts: Vec<u32> = vec![1, 2];
        parts.extend(0..300);
        let t = t.with_parts(part_range(&mut parts, 2));
        assert_eq!(t.parts(), (2, 257));
        assert_eq!(parts.len(), 257, "the parts beyond 255 are dropped");
        assert!(t.stopword() && t.new_sentence(), "flags kept");
    }

    #[test]
    fn ids_do_not_depend_on_chunking() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let texts: Vec<String> = (0..5000)
            .map(|i| format!("sana{} yhteinen", i % 7))
            .collect();
        let refs: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
        let a = analyse(&analyzer, &pairs(&refs));
        assert_eq!(a.len(), 5000);
        assert_eq!(a.vocab.term(a.unit(0)[0].lemma), "sana0");
        assert_eq!(a.vocab.term(a.unit(4999)[1].lemma), "yhteinen");
        assert_eq!(a.vocab.len(), 8);
    }

    #[test]
    fn known_tokens_keep_their_base_ids_and_the_rest_is_analysed() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let texts = pairs(&["Iso kahvikuppi", "Tämä ei"]);
        let base = vec!["iso-x".to_string(), "kuppi-x".to_string()];
        let a = analyse_known(&analyzer, &texts, &base, |i, toks, _| {
            if i != 0 {
                return false;
            }
            toks.push(Tok::new(0, (0, 3), false, false, false));
            true
        });
        assert_eq!(lemmas(&a, 0), ["iso-x"]);
        assert_eq!(lemmas(&a, 1), lemmas(&analyse(&analyzer, &texts[1..]), 0));
        assert_eq!(&a.vocab.terms()[..2], &base[..]);
    }

    #[test]
    fn a_selection_is_numbered_as_an_analysis_of_its_texts_alone() {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let all = ["kissa istui", "", "koira juoksi", "kahvikuppi ja kissa"];
        let rows = [0, 2, 3];
        let kept: Vec<&str> = rows.iter().map(|&r| all[r]).collect();
        let alone = analyse(&analyzer, &pairs(&kept));
        let selected = analyse(&analyzer, &pairs(&all)).select(&rows);
        assert_eq!(selected.vocab.terms(), alone.vocab.terms());
        for u in 0..rows.len() {
            assert_eq!(selected.unit(u), alone.unit(u));
            for t in selected.unit(u) {
                assert_eq!(selected.parts_of(u, t), alone.parts_of(u, t));
            }
        }
        // Dropping an interviewer's words renumbers the rest.
        let without_first = analyse(&analyzer, &pairs(&all)).select(&[2, 3]);
        assert_eq!(lemmas(&without_first, 0)[0], "koira");
        assert_eq!(without_first.unit(0)[0].lemma, 0);
        assert_eq!(without_first.len(), 2);
    }

    #[test]
    fn a_selection_over_many_windows_reads_every_kept_text() {
        let analyzer = Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let n = 2 * CHUNK * WINDOW + 5;
        let texts = vec![("x", Register::Written); n];
        let base: Vec<String> = (0..7).map(|i| format!("t{i}")).collect();
        let table = analyse_known(&analyzer, &texts, &base, |i, toks, _| {
            toks.push(Tok::new((i % 7) as u32, (0, 1), false, false, false));
            true
        });
        let rows: Vec<usize> = (0..n).filter(|r| r % 3 != 1).collect();
        let kept = table.select(&rows);
        assert_eq!(kept.len(), rows.len());
        for (i, &r) in rows.iter().enumerate() {
            assert_eq!(
                kept.vocab.term(kept.unit(i)[0].lemma),
                format!("t{}", r % 7)
            );
        }
    }
}
