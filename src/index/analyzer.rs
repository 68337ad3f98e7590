//! How teema's Finnish analysis becomes the index's terms: `lemma` holds one
//! token per word (its lemma), `parts` the compound parts of a word. One
//! layout ([`Layout`]) turns the analysis of a text into both fields' tokens,
//! for indexing (from the run's token table, [`unit_tokens`]) and for
//! queries (the `teema_lemma` and `teema_parts` tokenizers, [`analyse`]),
//! so a query finds exactly the terms indexing wrote. Nothing is folded:
//! ä and ö stay ä and ö.
//!
//! The index is written pre-tokenized: tantivy's indexing threads take each
//! text's tokens from the table and analyse nothing. The tokenizers must
//! still be registered every time an index is opened (tantivy does not
//! persist custom tokenizers): [`register_query`] for searching,
//! [`register_writing`] for writing.
//!
//! Positions: lemmas take the word's position; in the parts field each word
//! takes as many positions as it has parts, plus a gap of one, so a phrase
//! over parts (`vertainen tuki`) matches inside one compound only.

use crate::text::table::Analysed;
use crate::text::{Analyzer, Register, Session};
use std::ops::Range;
use std::sync::Arc;
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

/// The lemma and part tokens of one text, laid out word by word (either
/// field alone, or both). The buffers are overwritten: their tokens'
/// strings are reused, so a text costs no allocation per token.
pub struct Layout<'b> {
    mode: PartsMode,
    lemmas: Option<&'b mut Vec<Token>>,
    parts: Option<&'b mut Vec<Token>>,
    words: usize,
    n_parts: usize,
    part_pos: usize,
}

impl<'b> Layout<'b> {
    /// Start laying out a text into `lemmas` and `parts`.
    pub fn new(mode: PartsMode, lemmas: &'b mut Vec<Token>, parts: &'b mut Vec<Token>) -> Self {
        Layout::of(mode, Some(lemmas), Some(parts))
    }

    /// Start laying out the fields that have a buffer.
    pub fn of(
        mode: PartsMode,
        lemmas: Option<&'b mut Vec<Token>>,
        parts: Option<&'b mut Vec<Token>>,
    ) -> Self {
        Layout {
            mode,
            lemmas,
            parts,
            words: 0,
            n_parts: 0,
            part_pos: 0,
        }
    }

    /// The next word (or number) of the text: its byte span, lemma and
    /// compound parts.
    pub fn word<'p>(
        &mut self,
        span: (usize, usize),
        lemma: &str,
        parts: impl ExactSizeIterator<Item = &'p str>,
    ) {
        let position = self.words;
        if let Some(lemmas) = self.lemmas.as_deref_mut() {
            put(lemmas, position, span, position, lemma);
        }
        self.words += 1;
        let Some(out) = self.parts.as_deref_mut() else {
            return;
        };
        if parts.len() >= 2 {
            for p in parts {
                put(out, self.n_parts, span, self.part_pos, p);
                self.n_parts += 1;
                self.part_pos += 1;
            }
            self.part_pos += 1;
        } else if self.mode == PartsMode::Query {
            put(out, self.n_parts, span, self.part_pos, lemma);
            self.n_parts += 1;
            self.part_pos += 2;
        }
    }

    /// Drop the tokens of an earlier text beyond this one's.
    pub fn finish(self) {
        if let Some(lemmas) = self.lemmas {
            lemmas.truncate(self.words);
        }
        if let Some(parts) = self.parts {
            parts.truncate(self.n_parts);
        }
    }
}

/// Analyse `text` into lemma tokens and part tokens (see [`Layout`]).
pub fn analyse(
    session: &mut Session<'_>,
    text: &str,
    register: Register,
    mode: PartsMode,
    lemmas: &mut Vec<Token>,
    parts: &mut Vec<Token>,
) {
    let mut layout = Layout::new(mode, lemmas, parts);
    session.for_each_token(text, register, |t| {
        layout.word(
            (t.start, t.end),
            t.lemma,
            t.parts.iter().map(String::as_str),
        )
    });
    layout.finish();
}

/// The lemma and part tokens the index holds for text `row` of `table`
/// (see [`Layout`]): the same tokens [`analyse`] gives when indexing. The
/// tests check the layout through it.
#[cfg(test)]
pub(crate) fn unit_tokens(
    table: &Analysed,
    row: usize,
    lemmas: &mut Vec<Token>,
    parts: &mut Vec<Token>,
) {
    unit_layout(table, row, Layout::new(PartsMode::Index, lemmas, parts));
}

/// The tokens of one field of text `row` of `table`: its lemmas, or with
/// `parts` its compound parts (see [`unit_tokens`]).
pub fn unit_field_tokens(table: &Analysed, row: usize, parts: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let layout = if parts {
        Layout::of(PartsMode::Index, None, Some(&mut tokens))
    } else {
        Layout::of(PartsMode::Index, Some(&mut tokens), None)
    };
    unit_layout(table, row, layout);
    tokens
}

/// The lemma tokens of the words `words` of text `row` of `table`, as one
/// of the values tantivy indexes a long text's lemmas in
/// ([`super::entry::LEMMA_CHUNK`] words each). tantivy starts each value of
/// a field one position after the end of the value before it; so the
/// positions count from the chunk's first word, and the last token of a
/// chunk that is not the text's last spans no position
/// (`position_length` 0): every word then takes the position it takes in
/// one value, and the index is the same.
pub fn unit_lemma_chunk(table: &Analysed, row: usize, words: Range<usize>) -> Vec<Token> {
    let unit = table.unit(row);
    let last = words.end >= unit.len();
    let mut tokens = Vec::with_capacity(words.len());
    let mut layout = Layout::of(PartsMode::Index, Some(&mut tokens), None);
    for t in &unit[words] {
        layout.word(
            (t.start as usize, t.end as usize),
            table.vocab.term(t.lemma),
            std::iter::empty(),
        );
    }
    layout.finish();
    if !last && let Some(t) = tokens.last_mut() {
        t.position_length = 0;
    }
    tokens
}

/// Lay out text `row` of `table`.
fn unit_layout(table: &Analysed, row: usize, mut layout: Layout<'_>) {
    for t in table.unit(row) {
        let part_ids = table.parts_of(row, t);
        layout.word(
            (t.start as usize, t.end as usize),
            table.vocab.term(t.lemma),
            part_ids.iter().map(|&p| table.vocab.term(p)),
        );
    }
    layout.finish();
}

/// Write token number `n` of `tokens` (reusing the string of the token
/// there before).
fn put(tokens: &mut Vec<Token>, n: usize, span: (usize, usize), position: usize, text: &str) {
    match tokens.get_mut(n) {
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
}

/// A tantivy tokenizer running teema's analysis on query text (written
/// register, [`PartsMode::Query`]).
#[derive(Clone)]
pub struct QueryTokenizer {
    analyzer: Arc<Analyzer>,
    parts: bool,
    /// This field's tokens of the last text, and the other field's (kept
    /// for their buffers).
    tokens: Vec<Token>,
    other: Vec<Token>,
}

impl QueryTokenizer {
    /// The lemma tokenizer.
    pub fn lemma(analyzer: Arc<Analyzer>) -> Self {
        QueryTokenizer {
            analyzer,
            parts: false,
            tokens: Vec::new(),
            other: Vec::new(),
        }
    }

    /// The compound-part tokenizer.
    pub fn parts(analyzer: Arc<Analyzer>) -> Self {
        QueryTokenizer {
            parts: true,
            ..QueryTokenizer::lemma(analyzer)
        }
    }
}

/// The tokens of one analysed text.
pub struct TeemaTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for QueryTokenizer {
    type TokenStream<'a> = TeemaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TeemaTokenStream<'a> {
        let mut session = self.analyzer.session();
        let (lemmas, parts) = if self.parts {
            (&mut self.other, &mut self.tokens)
        } else {
            (&mut self.tokens, &mut self.other)
        };
        analyse(
            &mut session,
            text,
            Register::Written,
            PartsMode::Query,
            lemmas,
            parts,
        );
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

/// The tokenizer of an index being written: its lemma and parts values
/// come pre-tokenized ([`unit_tokens`]), so a text given to it instead
/// (which teema never does) gives no tokens rather than another analysis.
#[derive(Clone, Default)]
pub struct PreTokenized {
    none: Vec<Token>,
}

impl Tokenizer for PreTokenized {
    type TokenStream<'a> = TeemaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, _text: &'a str) -> TeemaTokenStream<'a> {
        self.none.clear();
        TeemaTokenStream {
            tokens: &mut self.none,
            next: 0,
        }
    }
}

/// Register teema's query tokenizers on an opened index.
pub fn register_query(index: &tantivy::Index, analyzer: Arc<Analyzer>) {
    let manager = index.tokenizers();
    manager.register(LEMMA_TOKENIZER, QueryTokenizer::lemma(analyzer.clone()));
    manager.register(PARTS_TOKENIZER, QueryTokenizer::parts(analyzer));
}

/// Register the tokenizers of an index about to be written (its analysed
/// fields take pre-tokenized text only).
pub fn register_writing(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(LEMMA_TOKENIZER, PreTokenized::default());
    manager.register(PARTS_TOKENIZER, PreTokenized::default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;

    fn analyzer() -> Arc<Analyzer> {
        Arc::new(Analyzer::new(AnalyzerConfig::default()).unwrap())
    }

    fn texts(tokenizer: &mut QueryTokenizer, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            out.push((stream.token().text.clone(), stream.token().position));
        }
        out
    }

    fn pairs(v: &[Token]) -> Vec<(String, usize, usize, usize)> {
        v.iter()
            .map(|t| (t.text.clone(), t.position, t.offset_from, t.offset_to))
            .collect()
    }

    #[test]
    fn lemma_tokens_keep_umlauts_and_offsets() {
        let mut t = QueryTokenizer::lemma(analyzer());
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
        let mut t = QueryTokenizer::parts(a.clone());
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
    fn the_index_takes_from_the_table_the_tokens_the_analysis_gives() {
        let a = analyzer();
        let texts = [
            ("Vertaistukiryhmä auttoi 2 kertaa", Register::Written),
            ("No mä oon ollu täällä", Register::Spoken),
        ];
        let table = crate::text::table::analyse(&a, &texts);
        let mut session = a.session();
        for (row, &(text, register)) in texts.iter().enumerate() {
            let (mut l, mut p) = (Vec::new(), Vec::new());
            unit_tokens(&table, row, &mut l, &mut p);
            let (mut l2, mut p2) = (Vec::new(), Vec::new());
            analyse(
                &mut session,
                text,
                register,
                PartsMode::Index,
                &mut l2,
                &mut p2,
            );
            assert_eq!(pairs(&l), pairs(&l2), "{text}");
            assert_eq!(pairs(&p), pairs(&p2), "{text}");
        }
        // One field alone is laid out as with both.
        for row in 0..texts.len() {
            let (mut l, mut p) = (Vec::new(), Vec::new());
            unit_tokens(&table, row, &mut l, &mut p);
            assert_eq!(pairs(&unit_field_tokens(&table, row, false)), pairs(&l));
            assert_eq!(pairs(&unit_field_tokens(&table, row, true)), pairs(&p));
        }
        // The spoken register: `mä` is `minä`, offsets into the text itself.
        let (mut l, mut p) = (Vec::new(), Vec::new());
        unit_tokens(&table, 1, &mut l, &mut p);
        assert_eq!(&texts[1].0[l[1].offset_from..l[1].offset_to], "mä");
        // A compound gives its parts when indexing.
        unit_tokens(&table, 0, &mut l, &mut p);
        assert!(p.len() >= 2, "{:?}", pairs(&p));
    }

    /// Every term's positions in a document, as tantivy indexed them.
    fn indexed_positions(values: &[Vec<Token>]) -> std::collections::BTreeMap<String, Vec<u32>> {
        use tantivy::postings::Postings;
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
        use tantivy::{DocSet, TantivyDocument, Term};
        let mut b = Schema::builder();
        let field = b.add_text_field(
            "lemma",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        );
        let index = tantivy::Index::create_in_ram(b.build());
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15 << 20).unwrap();
        let mut doc = TantivyDocument::default();
        for tokens in values {
            doc.add_pre_tokenized_text(
                field,
                tantivy::tokenizer::PreTokenizedString {
                    text: String::new(),
                    tokens: tokens.clone(),
                },
            );
        }
        writer.add_document(doc).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let inverted = searcher.segment_reader(0).inverted_index(field).unwrap();
        let mut out = std::collections::BTreeMap::new();
        for t in values.iter().flatten() {
            let term = Term::from_field_text(field, &t.text);
            let mut postings = inverted
                .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                .unwrap()
                .unwrap();
            assert_eq!(postings.doc(), 0);
            let mut positions = Vec::new();
            postings.positions(&mut positions);
            out.insert(t.text.clone(), positions);
        }
        out
    }

    /// A text's lemmas handed to tantivy in chunks of any size are indexed
    /// at the positions of one value: a phrase across two chunks still
    /// matches, and the index is the same.
    #[test]
    fn lemmas_in_chunks_are_indexed_at_the_positions_of_one_value() {
        let a = analyzer();
        let text = "Palvelu oli hyvä ja hoitaja oli ystävällinen, mutta jono oli pitkä ja \
                    palvelu hidas";
        let table = crate::text::table::analyse(&a, &[(text, Register::Written)]);
        let words = table.unit(0).len();
        assert!(words > 10, "{words}");
        let whole = indexed_positions(&[unit_field_tokens(&table, 0, false)]);
        for chunk in 1..=words + 1 {
            let values: Vec<Vec<Token>> = (0..words)
                .step_by(chunk)
                .map(|start| unit_lemma_chunk(&table, 0, start..(start + chunk).min(words)))
                .collect();
            assert_eq!(indexed_positions(&values), whole, "chunks of {chunk} words");
        }
    }

    #[test]
    fn a_tokenizer_reused_for_a_shorter_text_keeps_no_stale_tokens() {
        let a = analyzer();
        let mut lemma = QueryTokenizer::lemma(a.clone());
        let mut parts = QueryTokenizer::parts(a);
        assert_eq!(texts(&mut lemma, "Vertaistukiryhmä auttoi").len(), 2);
        assert!(!texts(&mut parts, "Vertaistukiryhmä auttoi").is_empty());
        assert_eq!(texts(&mut lemma, "kahvi").len(), 1);
        assert_eq!(texts(&mut parts, "kahvi").len(), 1);
    }

    #[test]
    fn the_writing_tokenizer_analyses_nothing() {
        let mut t = PreTokenized::default();
        let mut stream = t.token_stream("Vertaistukiryhmä auttoi");
        assert!(!stream.advance());
    }
}
