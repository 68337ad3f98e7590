//! `teema search`: tantivy's query language over the lemma and compound-part
//! fields (through teema's analyzer, so any inflected form finds the lemma),
//! plus `--where column=value` filters on closed columns, roles, speakers,
//! questions and sources. Hits come with their provenance and a snippet
//! whose matched words are marked by byte ranges.
//!
//! Order: score (BM25), then indexing order, so the output does not depend
//! on how the index happens to be split into segments.

use super::IndexHandle;
use super::query::{QueryTerms, UserQuery, parse, where_clause};
use super::stored::{Provenance, fetch};
use crate::Result;
use crate::corpus::Value;
use serde::Serialize;
use std::cmp::Reverse;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::query_grammar::{
    Delimiter, Occur as GrammarOccur, UserInputAst, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

/// Options of a search.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// At most this many hits (0: only count).
    pub limit: usize,
    /// `column=value` filters, all of which must hold.
    pub filters: Vec<String>,
    /// Also find the words nearest in meaning to each query word.
    pub expand: Option<Expansion>,
}

/// `--expand`: each bare word of the query (not a phrase, prefix, field or
/// negated word) also finds its nearest words in meaning among the index's
/// lemmas, as if they were ORed with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expansion {
    /// At most this many words added per query word.
    pub neighbours: usize,
    /// The cosine similarity an added word needs.
    pub min_similarity: f32,
}

impl Default for Expansion {
    fn default() -> Self {
        Expansion {
            neighbours: crate::meaning::NEIGHBOURS,
            min_similarity: crate::meaning::MIN_SIMILARITY,
        }
    }
}

/// The words `--expand` added for one query word.
#[derive(Debug, Clone, Serialize)]
pub struct Expanded {
    /// The word as written in the query.
    pub word: String,
    /// Its lemma, whose neighbours were taken.
    pub lemma: String,
    /// The lemmas added, most similar first.
    pub added: Vec<crate::meaning::Similar>,
}

/// One hit. Field names are stable: they are the `--json` output
/// (provenance fields flattened).
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// Where the answer or utterance comes from.
    #[serde(flatten)]
    pub at: Provenance,
    /// The whole text.
    pub text: String,
    /// Byte ranges `[start, end)` of matched words in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// A window of the text around the first match (whole text when short).
    pub snippet: String,
    /// Byte ranges of matched words in `snippet`.
    pub snippet_highlights: Vec<[usize; 2]>,
    /// The document's closed answers (column → value).
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// Sources the index holds only part of (a killed `teema index`):
    /// results may miss answers of them. Left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub index_partial_sources: Vec<String>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// All matching answers and utterances.
    pub total: usize,
    /// The best `limit` of them.
    pub hits: Vec<Hit>,
    /// With `--expand`: the words added to each query word.
    pub expanded: Vec<Expanded>,
}

/// Search the index with a query in tantivy's query language (default
/// fields: lemma and compound parts; terms are joined with AND unless
/// OR is written).
pub fn search(handle: &IndexHandle, query: &str, options: &SearchOptions) -> Result<SearchResults> {
    super::damage::guarded(&handle.dir, || search_unguarded(handle, query, options))
}

fn search_unguarded(
    handle: &IndexHandle,
    query: &str,
    options: &SearchOptions,
) -> Result<SearchResults> {
    let (UserQuery { query: user, terms }, expanded) = match &options.expand {
        None => (parse(handle, query)?, Vec::new()),
        Some(e) => expanded_query(handle, query, e)?,
    };
    let full = restrict(handle, user, &options.filters, None)?;
    let searcher = handle.reader.searcher();
    if options.limit == 0 {
        let total = searcher.search(&full, &Count)?;
        return Ok(SearchResults {
            total,
            hits: Vec::new(),
            expanded,
        });
    }
    // tantivy sets room aside for `limit` hits: never more than there are
    // entries in the index (a limit of 10^12 would ask for terabytes).
    let limit = options.limit.min(searcher.num_docs() as usize).max(1);
    let top = TopDocs::with_limit(limit).tweak_score(move |segment: &tantivy::SegmentReader| {
        let order = segment
            .fast_fields()
            .u64("order")
            .ok()
            .map(|c| c.first_or_default_col(0));
        move |doc: tantivy::DocId, score: tantivy::Score| {
            (score, Reverse(order.as_ref().map_or(0, |c| c.get_val(doc))))
        }
    });
    let (top, total) = searcher.search(&full, &(top, Count))?;
    let mut hits = Vec::with_capacity(top.len());
    let partial: Vec<String> = handle
        .partial_sources()
        .iter()
        .map(|s| s.path.display().to_string())
        .collect();
    for (rank, ((score, _), address)) in top.into_iter().enumerate() {
        let mut h = hit(handle, &searcher, address, rank + 1, score, &terms)?;
        h.index_partial_sources = partial.clone();
        hits.push(h);
    }
    Ok(SearchResults {
        total,
        hits,
        expanded,
    })
}

/// The user's query with each bare word ORed with its nearest words in
/// meaning among the index's lemmas, and what was added.
fn expanded_query(
    handle: &IndexHandle,
    query: &str,
    expansion: &Expansion,
) -> Result<(UserQuery, Vec<Expanded>)> {
    let Ok(ast) = super::query::grammar(query)? else {
        // The plain parser says what is wrong, and where.
        return Err(match parse(handle, query) {
            Err(e) => e,
            Ok(_) => crate::error::QueryError::Syntax {
                query: query.to_string(),
                message: "cannot parse the query".into(),
                at: None,
            }
            .into(),
        });
    };
    let vectors = crate::meaning::WordVectors::embedded();
    let vocabulary =
        crate::meaning::Vocabulary::new(vectors, super::stats::lemma_frequencies(handle)?);
    let mut expanded = Vec::new();
    let ast = expand_words(ast, false, &mut |word| {
        let toks = handle
            .analyzer
            .session()
            .tokens(word, crate::text::Register::Written);
        let lemma = match toks.as_slice() {
            [one] => one.lemma.clone(),
            _ => word.to_lowercase(),
        };
        let added: Vec<crate::meaning::Similar> = vocabulary
            .similar(
                vectors,
                &lemma,
                expansion.neighbours,
                expansion.min_similarity,
            )
            .into_iter()
            .filter(|s| s.word != lemma)
            .collect();
        let words = added.iter().map(|s| s.word.clone()).collect();
        expanded.push(Expanded {
            word: word.to_string(),
            lemma,
            added,
        });
        words
    });
    Ok((super::query::build(handle, query, ast)?, expanded))
}

/// `ast` with every bare word (no field, phrase, prefix, and not under
/// NOT) replaced by itself ORed with the words `more` gives for it.
fn expand_words(
    ast: UserInputAst,
    negated: bool,
    more: &mut impl FnMut(&str) -> Vec<String>,
) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, a)| {
                    let negated = negated || occur == Some(GrammarOccur::MustNot);
                    (occur, expand_words(a, negated, more))
                })
                .collect(),
        ),
        UserInputAst::Boost(a, by) => {
            UserInputAst::Boost(Box::new(expand_words(*a, negated, more)), by)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal)
                if !negated
                    && literal.field_name.is_none()
                    && !literal.prefix
                    && literal.delimiter == Delimiter::None
                    && !literal.phrase.contains(char::is_whitespace) =>
            {
                let added = more(&literal.phrase);
                if added.is_empty() {
                    return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
                }
                let mut clauses = Vec::with_capacity(added.len() + 1);
                for phrase in added {
                    let leaf = UserInputLeaf::Literal(UserInputLiteral {
                        phrase,
                        ..literal.clone()
                    });
                    clauses.push((
                        Some(GrammarOccur::Should),
                        UserInputAst::Leaf(Box::new(leaf)),
                    ));
                }
                clauses.insert(
                    0,
                    (
                        Some(GrammarOccur::Should),
                        UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
                    ),
                );
                UserInputAst::Clause(clauses)
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// `user` restricted to answers and utterances, `filters` and a role.
pub(crate) fn restrict(
    handle: &IndexHandle,
    user: Box<dyn Query>,
    filters: &[String],
    role: Option<&str>,
) -> Result<BooleanQuery> {
    let f = &handle.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, user),
        (Occur::Must, term(Term::from_field_text(f.entry, "unit"))),
    ];
    if let Some(r) = role {
        clauses.push((Occur::Must, where_clause(handle, &format!("role={r}"))?));
    }
    for w in filters {
        clauses.push((Occur::Must, where_clause(handle, w)?));
    }
    Ok(BooleanQuery::new(clauses))
}

fn term(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::Basic))
}

/// Build the hit for a document address.
fn hit(
    handle: &IndexHandle,
    searcher: &tantivy::Searcher,
    address: DocAddress,
    rank: usize,
    score: f32,
    terms: &QueryTerms,
) -> Result<Hit> {
    let stored = fetch(handle, searcher, address)?;
    let highlights = terms.mark(handle, &stored.text, stored.at.register());
    let (snippet, snippet_highlights) = snippet(&stored.text, &highlights);
    let meta: Vec<(String, Value)> = stored
        .meta_json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    Ok(Hit {
        rank,
        score,
        at: stored.at,
        highlights,
        snippet,
        snippet_highlights,
        meta: meta
            .into_iter()
            .map(|(k, v)| (k, serde_json::to_value(v).unwrap_or_default()))
            .collect(),
        text: stored.text,
        index_partial_sources: Vec::new(),
    })
}

/// Snippets longer than this many characters are cut around the first match.
const SNIPPET_CHARS: usize = 240;
/// Characters kept before the first match in a cut snippet.
const SNIPPET_BEFORE: usize = 60;

/// A one-line window of `text` around the first highlight (line breaks as
/// spaces), with the highlights moved into it.
pub(crate) fn snippet(text: &str, highlights: &[[usize; 2]]) -> (String, Vec<[usize; 2]>) {
    let flat = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    if text.chars().count() <= SNIPPET_CHARS {
        return (flat(text), highlights.to_vec());
    }
    let first = highlights.first().map_or(0, |h| h[0]);
    let mut start = first;
    for _ in 0..SNIPPET_BEFORE {
        match text[..start].char_indices().next_back() {
            Some((i, _)) => start = i,
            None => break,
        }
    }
    // Start at a word boundary when one is near.
    if start > 0
        && let Some(sp) = text[start..first].find(' ')
    {
        start += sp + 1;
    }
    let end = text[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| start + i);
    let lead = if start > 0 { "…" } else { "" };
    let mut out = format!("{lead}{}", flat(&text[start..end]));
    if end < text.len() {
        out.push('…');
    }
    let moved = highlights
        .iter()
        .filter(|h| h[0] >= start && h[1] <= end)
        .map(|h| [h[0] - start + lead.len(), h[1] - start + lead.len()])
        .collect();
    (out, moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_around_the_first_match() {
        let text = format!(
            "{} osallisuus {}",
            "sana ".repeat(100),
            "loppu ".repeat(100)
        );
        let at = text.find("osallisuus").unwrap();
        let (s, h) = snippet(&text, &[[at, at + "osallisuus".len()]]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(&s[h[0][0]..h[0][1]], "osallisuus");
        assert!(s.chars().count() <= SNIPPET_CHARS + 2);
        let (short, sh) = snippet("Hyvä\nkahvi", &[[0, 5]]);
        assert_eq!(short, "Hyvä kahvi");
        assert_eq!(sh, vec![[0, 5]]);
    }
}
