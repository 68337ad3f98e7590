//! What a search query means: the user's query (tantivy's query language)
//! and `--where column=value` filters turned into tantivy queries by one set
//! of rules, so every query either does what it says or is refused with a
//! message saying why.
//!
//! - words and phrases go to the lemma and compound-part fields through
//!   teema's analyzer (any inflected form finds the lemma);
//! - `ryhm*` is a prefix of a lemma or a compound part, as in the codebook;
//! - `ohjaaja~1` is a word within 1 (0–2) edits of a lemma or part (`~`
//!   alone is 1);
//! - `field:value`, `field:IN [a b]` and `--where field=value` go through
//!   [`field_clause`]: `source` takes a file name, `role` and `kind` their
//!   names, categories, speakers and questions a value the index has (else
//!   the values it has are listed), numbers and dates are parsed;
//! - `field:[a TO b]`, `field:>a` are ranges on number, date, category and
//!   line fields; `[* TO *]` and `field:*` are every entry with a value;
//! - an unknown field lists the fields; a query with nothing to search for,
//!   a regular expression or a `*` inside a word are errors.

use super::IndexHandle;
use super::load::role_named;
use super::schema::{MAX_CATEGORIES, MetaField, MetaKind};
use super::writer::parse_date;
use crate::error::QueryError;
use crate::text::Register;
use crate::{Error, Result};
use rustc_hash::FxHashSet;
use std::ops::Bound;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ExistsQuery, FuzzyTermQuery, Occur, Query, QueryParser,
    QueryParserError, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputBound, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption};

/// Terms a prefix or fuzzy word is expanded to for marking matches, at most.
const MAX_EXPANSION: usize = 10_000;
/// Values listed in an error about a value the index does not have.
const LISTED_VALUES: usize = 20;

/// A parsed user query and the terms it looks for.
pub(crate) struct UserQuery {
    /// The query on the index.
    pub query: Box<dyn Query>,
    /// Lemmas and parts to mark in the texts that match.
    pub terms: QueryTerms,
}

/// Parse the user's query. Errors name the problem and, for syntax errors,
/// point at the position.
pub(crate) fn parse(handle: &IndexHandle, query: &str) -> Result<UserQuery> {
    let ast = grammar(query)?
        .map_err(|_| syntax_error(query, QueryParserError::SyntaxError(query.into())))?;
    build(handle, query, ast)
}

/// How deep a query may nest (parentheses and `NOT`s), as a codebook rule:
/// tantivy's parser and teema's translation recurse once per level, and a
/// query of 30,000 `(` or `NOT`s overflowed the stack (an abort, no
/// message).
pub(crate) const MAX_QUERY_DEPTH: usize = 64;

/// tantivy's parse of `query` (the inner result: its syntax error, for
/// [`syntax_error`] to word), once the query is known to nest at most
/// [`MAX_QUERY_DEPTH`] levels; deeper is an error naming where.
pub(crate) fn grammar(
    query: &str,
) -> Result<std::result::Result<UserInputAst, tantivy::query_grammar::Error>> {
    if let Some(at) = too_deep(query) {
        return Err(QueryError::Syntax {
            query: query.to_string(),
            message: format!(
                "the query nests more than {MAX_QUERY_DEPTH} levels deep (parentheses, NOT)"
            ),
            at: Some(query[..at].chars().count()),
        }
        .into());
    }
    Ok(tantivy::query_grammar::parse_query(query))
}

/// The byte offset where `query` goes deeper than [`MAX_QUERY_DEPTH`]:
/// each `(` outside quotes is a level until its `)`, and so is each `NOT`
/// (or `-`) before a word or bracket.
fn too_deep(query: &str) -> Option<usize> {
    let b = query.as_bytes();
    let (mut depth, mut nots, mut quoted) = (0usize, 0usize, false);
    // What each open `(` added: itself and the NOTs before it.
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if quoted {
            match c {
                b'\\' => i += 1,
                b'"' => quoted = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => {
                    quoted = true;
                    nots = 0;
                }
                b'(' => {
                    open.push(1 + nots);
                    depth += 1 + nots;
                    nots = 0;
                }
                b')' => depth -= open.pop().unwrap_or(0),
                b'-' => nots += 1,
                b'N' if b[i..].starts_with(b"NOT")
                    && b.get(i + 3).is_none_or(|n| !n.is_ascii_alphanumeric())
                    && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) =>
                {
                    nots += 1;
                    i += 2;
                }
                c if c.is_ascii_whitespace() => {}
                _ => nots = 0,
            }
        }
        if depth + nots > MAX_QUERY_DEPTH {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A query from its parsed form (`query` is the text it came from, for
/// error messages).
pub(crate) fn build(
    handle: &IndexHandle,
    query: &str,
    ast: tantivy::query_grammar::UserInputAst,
) -> Result<UserQuery> {
    let mut parser = QueryParser::for_index(
        &handle.index,
        vec![handle.fields.lemma, handle.fields.parts],
    );
    parser.set_conjunction_by_default();
    let mut b = Builder {
        handle,
        parser,
        query,
        terms: QueryTerms::default(),
    };
    let built = b.ast(ast)?;
    b.terms.collect(handle, built.as_ref());
    Ok(UserQuery {
        query: built,
        terms: b.terms,
    })
}

/// One `column=value` filter (`--where`) as a query.
pub(crate) fn where_clause(handle: &IndexHandle, w: &str) -> Result<Box<dyn Query>> {
    let Some((column, value)) = w.split_once('=') else {
        return Err(QueryError::FilterSyntax {
            filter: w.to_string(),
        }
        .into());
    };
    let (column, value) = (column.trim(), value.trim());
    let filter = |message| QueryError::Filter {
        filter: w.to_string(),
        message,
    };
    let target = resolve(handle, column, "column").map_err(filter)?;
    Ok(field_clause(handle, &target, value).map_err(filter)?)
}

/// A field a query or filter can name.
enum Target<'a> {
    Role,
    Speaker,
    Question,
    Document,
    Kind,
    Source,
    Line,
    Meta(&'a MetaField, Field),
}

/// The field called `name` (fixed field, closed column by field name or
/// header); the error lists the fields (called `noun`s: fields in
/// queries, columns in `--where`).
fn resolve<'a>(
    handle: &'a IndexHandle,
    name: &str,
    noun: &str,
) -> std::result::Result<Target<'a>, String> {
    Ok(match name.to_lowercase().as_str() {
        "role" => Target::Role,
        "speaker" => Target::Speaker,
        "question" => Target::Question,
        "document" => Target::Document,
        "kind" => Target::Kind,
        "source" => Target::Source,
        "line" => Target::Line,
        "text" => {
            return Err(
                "field 'text' is stored, not indexed: search words without a field \
                 (lemmas and compound parts)"
                    .into(),
            );
        }
        _ => match handle.fields.meta_named(name) {
            Some((m, f)) => Target::Meta(m, *f),
            None => {
                return Err(format!(
                    "no {noun} '{name}'; {noun}s: {}",
                    field_names(handle).join(", ")
                ));
            }
        },
    })
}

/// The fields queries and filters can name.
fn field_names(handle: &IndexHandle) -> Vec<&str> {
    let mut names = vec![
        "role", "speaker", "question", "document", "kind", "source", "line",
    ];
    names.extend(handle.fields.meta.iter().map(|(m, _)| m.field.as_str()));
    names
}

fn term_query(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::Basic))
}

fn exact(t: Term) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(t.clone()),
        Bound::Included(t),
    ))
}

/// `field = value` as a query; the error says what is wrong with the value.
fn field_clause(
    handle: &IndexHandle,
    target: &Target<'_>,
    value: &str,
) -> std::result::Result<Box<dyn Query>, String> {
    let f = &handle.fields;
    match target {
        Target::Role => match role_named(value) {
            Some(_) => Ok(term_query(Term::from_field_text(f.role, value))),
            None => Err(format!(
                "no role '{value}'; roles are interviewer, interviewee, participant"
            )),
        },
        Target::Kind => match value {
            "respondent" | "interview" => Ok(term_query(Term::from_field_text(f.kind, value))),
            _ => Err(format!(
                "no kind '{value}'; kinds are respondent, interview"
            )),
        },
        Target::Speaker => known_value(handle, "speaker", f.speaker, value),
        Target::Question => known_value(handle, "question", f.question, value),
        // A fast field (not indexed): an exact range.
        Target::Document => Ok(exact(Term::from_field_text(f.document, value))),
        Target::Source => {
            let found = handle.manifest.sources.iter().find(|s| {
                s.path.to_str() == Some(value)
                    || s.path.file_name().and_then(|n| n.to_str()) == Some(value)
            });
            match found {
                Some(s) => Ok(term_query(Term::from_field_text(f.source, &s.sha256))),
                None => Err(format!(
                    "no source '{value}' in the index; sources: {}",
                    handle
                        .manifest
                        .sources
                        .iter()
                        .map(|s| s.path.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        Target::Line => {
            let n: u64 = value
                .parse()
                .map_err(|_| format!("'line' holds line numbers; '{value}' is not one"))?;
            Ok(exact(Term::from_field_u64(f.line, n)))
        }
        Target::Meta(meta, field) => match meta.kind {
            MetaKind::Category => known_value(handle, &meta.field, *field, value),
            MetaKind::Label => Err(label_error(meta)),
            MetaKind::Number => Ok(term_query(Term::from_field_f64(
                *field,
                number(meta, value)?,
            ))),
            MetaKind::Date => {
                let day = parse_date(value).ok_or_else(|| {
                    format!("'{}' holds dates: give one as YYYY-MM-DD", meta.field)
                })?;
                let next =
                    tantivy::DateTime::from_timestamp_secs(day.into_timestamp_secs() + 86_400);
                Ok(Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_date(*field, day)),
                    Bound::Excluded(Term::from_field_date(*field, next)),
                )))
            }
        },
    }
}

fn label_error(meta: &MetaField) -> String {
    format!(
        "'{}' has more than {MAX_CATEGORIES} distinct values and is not indexed for \
         filtering; search its words instead",
        meta.field
    )
}

fn number(meta: &MetaField, value: &str) -> std::result::Result<f64, String> {
    value
        .trim()
        .replace(',', ".")
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite())
        .ok_or_else(|| format!("'{}' holds numbers; '{value}' is not one", meta.field))
}

/// A term of a string field that must occur in the index (a category,
/// speaker or question): else the error lists values it has.
fn known_value(
    handle: &IndexHandle,
    name: &str,
    field: Field,
    value: &str,
) -> std::result::Result<Box<dyn Query>, String> {
    let term = Term::from_field_text(field, value);
    let searcher = handle.reader.searcher();
    let found = searcher.segment_readers().iter().any(|s| {
        s.inverted_index(field)
            .ok()
            .and_then(|ii| ii.doc_freq(&term).ok())
            .is_some_and(|n| n > 0)
    });
    if found {
        return Ok(term_query(term));
    }
    let mut values = std::collections::BTreeSet::new();
    let mut more = false;
    for s in searcher.segment_readers() {
        let Ok(ii) = s.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = ii.terms().stream() else {
            continue;
        };
        while stream.advance() {
            values.insert(String::from_utf8_lossy(stream.key()).into_owned());
            if values.len() > LISTED_VALUES {
                more = true;
                values.pop_last();
                break;
            }
        }
    }
    Err(if values.is_empty() {
        format!("no answer or utterance has a value for '{name}'")
    } else {
        format!(
            "no answer or utterance has {name} '{value}'; values: {}{}",
            values.into_iter().collect::<Vec<_>>().join(", "),
            if more { ", …" } else { "" }
        )
    })
}

struct Builder<'a> {
    handle: &'a IndexHandle,
    parser: QueryParser,
    query: &'a str,
    terms: QueryTerms,
}

impl Builder<'_> {
    /// A query error about the whole query.
    fn error(&self, what: impl std::fmt::Display) -> Error {
        QueryError::Syntax {
            query: self.query.to_string(),
            message: what.to_string(),
            at: None,
        }
        .into()
    }

    fn ast(&mut self, ast: UserInputAst) -> Result<Box<dyn Query>> {
        match ast {
            UserInputAst::Clause(items) => {
                if items.is_empty() {
                    return Err(self.error("the query has nothing to search for"));
                }
                let mut clauses = Vec::with_capacity(items.len() + 1);
                for (occur, sub) in items {
                    clauses.push((occur.unwrap_or(Occur::Must), self.ast(sub)?));
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    // `NOT kallis`: everything but.
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
            UserInputAst::Boost(sub, boost) => {
                let boost = boost.into_inner();
                if !(boost.is_finite() && boost >= 0.0) {
                    return Err(self.error(format!("boost ^{boost} must be a positive number")));
                }
                Ok(Box::new(BoostQuery::new(self.ast(*sub)?, boost as f32)))
            }
            UserInputAst::Leaf(leaf) => self.leaf(*leaf),
        }
    }

    fn leaf(&mut self, leaf: UserInputLeaf) -> Result<Box<dyn Query>> {
        match leaf {
            UserInputLeaf::All => Ok(Box::new(AllQuery)),
            UserInputLeaf::Literal(lit) => {
                let words = match lit.field_name.as_deref() {
                    None => vec![self.handle.fields.lemma, self.handle.fields.parts],
                    Some("lemma") => vec![self.handle.fields.lemma],
                    Some("parts") => vec![self.handle.fields.parts],
                    Some(name) => {
                        if lit.prefix {
                            return Err(self.error(format!(
                                "'{name}:…*': a prefix works on words, not on a field"
                            )));
                        }
                        let target =
                            resolve(self.handle, name, "field").map_err(|m| self.error(m))?;
                        return field_clause(self.handle, &target, &lit.phrase)
                            .map_err(|m| self.error(format!("{name}:{}: {m}", lit.phrase)));
                    }
                };
                if lit.delimiter == Delimiter::None {
                    if let Some((word, distance)) = fuzzy_suffix(&lit.phrase) {
                        return self.fuzzy(word, distance, &words);
                    }
                    if lit.phrase.contains('*') {
                        let core = lit.phrase.trim_end_matches('*');
                        if core.is_empty() || core.contains('*') {
                            return Err(self.error(format!(
                                "'{}': '*' is allowed only at the end of a word (ryhm*)",
                                lit.phrase
                            )));
                        }
                        return self.prefix(core, &words);
                    }
                } else if lit.prefix && self.words(&lit.phrase).len() == 1 {
                    return self.prefix(&lit.phrase, &words);
                }
                if self.words(&lit.phrase).is_empty() {
                    return Err(self.error(format!("'{}' has no word to search for", lit.phrase)));
                }
                self.parser
                    .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(
                        UserInputLeaf::Literal(lit),
                    )))
                    .map_err(|e| syntax_error(self.query, e))
            }
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => {
                let Some(name) = field else {
                    return Err(self.error("a range needs a field, e.g. nps:[0 TO 6]"));
                };
                self.range(&name, lower, upper)
            }
            UserInputLeaf::Set { field, elements } => {
                let Some(name) = field else {
                    return Err(self.error("IN [...] needs a field, e.g. role:IN [interviewee]"));
                };
                let target = resolve(self.handle, &name, "field").map_err(|m| self.error(m))?;
                let mut clauses = Vec::with_capacity(elements.len());
                for e in &elements {
                    let q = field_clause(self.handle, &target, e)
                        .map_err(|m| self.error(format!("{name}:{e}: {m}")))?;
                    clauses.push((Occur::Should, q));
                }
                if clauses.is_empty() {
                    return Err(self.error(format!("{name}:IN []: give at least one value")));
                }
                Ok(Box::new(BooleanQuery::new(clauses)))
            }
            UserInputLeaf::Exists { field } => self.exists(&field),
            UserInputLeaf::Regex { .. } => Err(self.error(
                "regular expressions are not supported: use a prefix (ryhm*) or a fuzzy \
                 word (ohjaaja~1)",
            )),
        }
    }

    /// The lemmas of the words of `text`.
    fn words(&self, text: &str) -> Vec<String> {
        let mut lemmas = Vec::new();
        self.handle
            .analyzer
            .session()
            .for_each_token(text, Register::Written, |t| {
                lemmas.push(t.lemma.to_string())
            });
        lemmas
    }

    /// A prefix of lemmas and parts.
    fn prefix(&mut self, core: &str, fields: &[Field]) -> Result<Box<dyn Query>> {
        let core = core.to_lowercase();
        if core.split_whitespace().count() != 1 {
            return Err(self.error(format!("'{core}*': a prefix is one word")));
        }
        let queries = fields
            .iter()
            .map(|&f| {
                (
                    f,
                    FuzzyTermQuery::new_prefix(Term::from_field_text(f, &core), 0, true),
                )
            })
            .collect();
        self.fuzzy_queries(queries)
    }

    /// Words within `distance` edits of the lemma (or the form as written).
    fn fuzzy(&mut self, word: &str, distance: u8, fields: &[Field]) -> Result<Box<dyn Query>> {
        if distance > 2 {
            return Err(self.error(format!(
                "'{word}~{distance}': a fuzzy word is within 0, 1 or 2 edits"
            )));
        }
        let lemmas = self.words(word);
        let [lemma] = lemmas.as_slice() else {
            return Err(self.error(format!("'{word}~': give one word before ~")));
        };
        let mut candidates = vec![lemma.clone()];
        let lower = word.to_lowercase();
        if lower != *lemma {
            candidates.push(lower);
        }
        let mut queries = Vec::new();
        for c in &candidates {
            for &f in fields {
                queries.push((
                    f,
                    FuzzyTermQuery::new(Term::from_field_text(f, c), distance, true),
                ));
            }
        }
        self.fuzzy_queries(queries)
    }

    /// Any of `queries`, their terms expanded for marking matches.
    fn fuzzy_queries(&mut self, queries: Vec<(Field, FuzzyTermQuery)>) -> Result<Box<dyn Query>> {
        let searcher = self.handle.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, q) in queries {
            for segment in searcher.segment_readers() {
                let automaton = q.automaton().map_err(|e| self.error(e))?;
                let ii = segment.inverted_index(field)?;
                let mut stream = ii
                    .terms()
                    .search(automaton)
                    .into_stream()
                    .map_err(|e| Error::Tantivy(e.into()))?;
                while stream.advance() && self.terms.len() < MAX_EXPANSION {
                    let t = String::from_utf8_lossy(stream.key()).into_owned();
                    self.terms.insert(self.handle, field, t);
                }
            }
            clauses.push((Occur::Should, Box::new(q)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// `name:[lower TO upper]`.
    fn range(
        &mut self,
        name: &str,
        lower: UserInputBound,
        upper: UserInputBound,
    ) -> Result<Box<dyn Query>> {
        if lower == UserInputBound::Unbounded && upper == UserInputBound::Unbounded {
            return self.exists(name);
        }
        let target = resolve(self.handle, name, "field").map_err(|m| self.error(m))?;
        let f = &self.handle.fields;
        type ToTerm<'t> = Box<dyn Fn(&str) -> std::result::Result<Term, String> + 't>;
        let to_term: ToTerm<'_> = match &target {
            Target::Line => Box::new(|v: &str| {
                v.parse()
                    .map(|n| Term::from_field_u64(f.line, n))
                    .map_err(|_| format!("'line' holds line numbers; '{v}' is not one"))
            }),
            Target::Meta(m, field) => match m.kind {
                MetaKind::Number => {
                    Box::new(move |v: &str| number(m, v).map(|n| Term::from_field_f64(*field, n)))
                }
                MetaKind::Date => Box::new(move |v: &str| {
                    parse_date(v)
                        .map(|d| Term::from_field_date(*field, d))
                        .ok_or_else(|| format!("'{}' holds dates: give YYYY-MM-DD", m.field))
                }),
                MetaKind::Category => Box::new(move |v: &str| Ok(Term::from_field_text(*field, v))),
                MetaKind::Label => return Err(self.error(label_error(m))),
            },
            Target::Speaker => Box::new(|v: &str| Ok(Term::from_field_text(f.speaker, v))),
            Target::Question => Box::new(|v: &str| Ok(Term::from_field_text(f.question, v))),
            _ => {
                return Err(self.error(format!(
                    "'{name}' has no order for a range; ranges work on numbers, dates, \
                     categories and line"
                )));
            }
        };
        let bound = |b: UserInputBound| -> Result<Bound<Term>> {
            Ok(match b {
                UserInputBound::Inclusive(v) => {
                    Bound::Included(to_term(&v).map_err(|m| self.error(m))?)
                }
                UserInputBound::Exclusive(v) => {
                    Bound::Excluded(to_term(&v).map_err(|m| self.error(m))?)
                }
                UserInputBound::Unbounded => Bound::Unbounded,
            })
        };
        Ok(Box::new(RangeQuery::new(bound(lower)?, bound(upper)?)))
    }

    /// `name:*` and `name:[* TO *]`: every entry with a value in the field.
    fn exists(&mut self, name: &str) -> Result<Box<dyn Query>> {
        let target = resolve(self.handle, name, "field").map_err(|m| self.error(m))?;
        let schema_name = match &target {
            Target::Role => "role",
            Target::Speaker => "speaker",
            Target::Question => "question",
            Target::Document => "document",
            Target::Source => "source",
            Target::Line => "line",
            Target::Kind => return Ok(Box::new(AllQuery)),
            Target::Meta(m, _) if m.kind == MetaKind::Label => {
                return Err(self.error(label_error(m)));
            }
            Target::Meta(m, _) => m.field.as_str(),
        };
        Ok(Box::new(ExistsQuery::new(schema_name.to_string(), false)))
    }
}

/// `word~N` or `word~` (unquoted): the word and the edit distance.
fn fuzzy_suffix(phrase: &str) -> Option<(&str, u8)> {
    let (word, n) = phrase.rsplit_once('~')?;
    if word.is_empty() || word.contains(['~', '*']) || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let distance = if n.is_empty() {
        1
    } else {
        n.parse::<u8>().unwrap_or(u8::MAX)
    };
    Some((word, distance))
}

/// A tantivy query error as a message pointing at the position in the query.
fn syntax_error(query: &str, e: QueryParserError) -> Error {
    let (pos, what) = match &e {
        QueryParserError::SyntaxError(_) => {
            let (_, errs) = tantivy::query_grammar::parse_query_lenient(query);
            (
                errs.first().map(|e| e.pos.min(query.len())),
                errs.first().map_or_else(
                    || "cannot parse the query".to_string(),
                    |e| e.message.clone(),
                ),
            )
        }
        other => (None, other.to_string()),
    };
    QueryError::Syntax {
        query: query.to_string(),
        message: what,
        at: pos
            .filter(|&p| query.is_char_boundary(p))
            .map(|p| query[..p].chars().count()),
    }
    .into()
}

/// The lemmas and parts a query looks for, to mark matches in text.
#[derive(Default)]
pub(crate) struct QueryTerms {
    lemmas: FxHashSet<String>,
    parts: FxHashSet<String>,
}

impl QueryTerms {
    fn len(&self) -> usize {
        self.lemmas.len() + self.parts.len()
    }

    fn insert(&mut self, handle: &IndexHandle, field: Field, term: String) {
        if field == handle.fields.lemma {
            self.lemmas.insert(term);
        } else if field == handle.fields.parts {
            self.parts.insert(term);
        }
    }

    /// Add the terms of `query` on the lemma and parts fields.
    fn collect(&mut self, handle: &IndexHandle, query: &dyn Query) {
        query.query_terms(&mut |term, _| {
            if let Some(s) = term.value().as_str() {
                self.insert(handle, term.field(), s.to_string());
            }
        });
    }

    /// Byte ranges of the words of `text` that match.
    pub(crate) fn mark(
        &self,
        handle: &IndexHandle,
        text: &str,
        register: Register,
    ) -> Vec<[usize; 2]> {
        let mut out = Vec::new();
        if self.lemmas.is_empty() && self.parts.is_empty() {
            return out;
        }
        handle
            .analyzer
            .session()
            .for_each_token(text, register, |t| {
                let part = t.parts.len() >= 2 && t.parts.iter().any(|p| self.parts.contains(p));
                if self.lemmas.contains(t.lemma) || part {
                    out.push([t.start, t.end]);
                }
            });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_bounded_and_siblings_are_not_nesting() {
        let deep = |n: usize| format!("{}palvelu{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(too_deep(&deep(MAX_QUERY_DEPTH)), None);
        assert_eq!(too_deep(&deep(MAX_QUERY_DEPTH + 1)), Some(MAX_QUERY_DEPTH));
        assert!(too_deep(&"NOT ".repeat(30_000)).is_some());
        assert!(too_deep(&"-(".repeat(40)).is_some());
        let siblings = vec!["NOT (a OR b)"; 1000].join(" AND ");
        assert_eq!(too_deep(&siblings), None);
        assert_eq!(too_deep(&format!("\"{}\"", "(".repeat(1000))), None);
        assert_eq!(too_deep("vertais-tuki NOTE NOTAARI"), None);
    }

    #[test]
    fn fuzzy_suffixes() {
        assert_eq!(fuzzy_suffix("ohjaaja~1"), Some(("ohjaaja", 1)));
        assert_eq!(fuzzy_suffix("ohjaaja~"), Some(("ohjaaja", 1)));
        assert_eq!(fuzzy_suffix("ohjaaja~2"), Some(("ohjaaja", 2)));
        assert_eq!(fuzzy_suffix("ohjaaja~9"), Some(("ohjaaja", 9)));
        assert_eq!(fuzzy_suffix("~1"), None);
        assert_eq!(fuzzy_suffix("a~b"), None);
        assert_eq!(fuzzy_suffix("ohjaaja"), None);
    }

    /// A small index of a survey with a category, an NPS and a date
    /// column, kept for the whole test process.
    fn handle() -> &'static IndexHandle {
        static HANDLE: std::sync::OnceLock<(tempfile::TempDir, IndexHandle)> =
            std::sync::OnceLock::new();
        &HANDLE
            .get_or_init(|| {
                let dir = tempfile::tempdir().unwrap();
                let csv = dir.path().join("kysely.csv");
                std::fs::write(
                    &csv,
                    "Tunnus;Pvm;Ikäryhmä;Kuinka todennäköisesti suosittelisit (0–10);Palaute\n\
                     1;2026-03-02;alle 25;9;Ryhmässä oli mukava ohjaaja\n\
                     2;2026-03-03;65+;3;Vertaistukiryhmä auttoi paljon\n\
                     3;2026-03-04;alle 25;7;Kahvi oli hyvää ja ohjaajat kivoja\n",
                )
                .unwrap();
                let corpus = crate::corpus::read_paths(&[csv], &Default::default()).unwrap();
                let config = crate::text::AnalyzerConfig {
                    builtin_only: true,
                    ..Default::default()
                };
                let analyzer = crate::index::shared_analyzer(config).unwrap();
                let ix = dir.path().join("ix");
                let options = crate::index::IndexOptions {
                    threads: 1,
                    memory_budget: 20 << 20,
                    ..Default::default()
                };
                crate::index::build(&corpus, &analyzer, &options, &ix).unwrap();
                let handle = IndexHandle::open(&ix, analyzer).unwrap();
                (dir, handle)
            })
            .1
    }

    /// Pieces of the query language and of Finnish answers.
    fn query_piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            proptest::sample::select(vec![
                "ryhmä",
                "ryhm",
                "ohjaaja",
                "*",
                "~",
                "~1",
                "~3",
                ":",
                "nps",
                "source",
                "role",
                "ikäryhmä",
                "pvm",
                "[",
                "]",
                "{",
                "}",
                " TO ",
                "(",
                ")",
                "\"",
                "'",
                " AND ",
                " OR ",
                " NOT ",
                "-",
                "+",
                "^2",
                "IN ",
                ">",
                "<",
                "=",
                "/",
                "\\",
                " ",
                "ä",
                "2026-03-02",
                "9",
                "kysely.csv",
                "x",
                "\u{1b}",
                "\u{202e}",
            ])
            .prop_map(str::to_string),
            "\\PC{0,4}",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Whatever is typed, a query either runs or is refused with a
        /// usage error: never a panic, never another kind of error.
        #[test]
        fn any_query_runs_or_is_a_clear_error(
            pieces in proptest::collection::vec(query_piece(), 0..8)
        ) {
            let query: String = pieces.concat();
            let h = handle();
            let options = super::super::search::SearchOptions { limit: 5, filters: Vec::new(), expand: None };
            match super::super::search::search(h, &query, &options) {
                Ok(r) => proptest::prop_assert!(r.hits.len() <= r.total.min(5)),
                Err(Error::Query(e)) => proptest::prop_assert!(!e.to_string().is_empty()),
                Err(e) => proptest::prop_assert!(false, "{query:?}: not a query error: {e}"),
            }
        }
    }

    #[test]
    fn the_query_language_on_a_small_index() {
        let h = handle();
        let count = |q: &str| {
            let options = super::super::search::SearchOptions {
                limit: 0,
                filters: Vec::new(),
                expand: None,
            };
            super::super::search::search(h, q, &options)
                .map(|r| r.total)
                .map_err(|e| e.to_string())
        };
        assert_eq!(count("ryhm*"), Ok(2));
        assert_eq!(count("ohjaaja~1"), Ok(2));
        assert_eq!(count("nps:[* TO *]"), Ok(3));
        assert_eq!(count("pvm:[2026-03-03 TO *]"), Ok(2));
        assert_eq!(count("source:kysely.csv"), Ok(3));
        assert!(count("source:x").unwrap_err().contains("no source 'x'"));
    }
}
