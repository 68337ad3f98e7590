//! `teema kwic`: keyword in context. Every occurrence of a lemma (any
//! inflected form) in the answers and utterances that match, with `width`
//! characters of context on each side, aligned on the keyword.

use super::IndexHandle;
use super::analyzer::with_session;
use super::search::restrict;
use crate::text::Register;
use crate::{Error, Result};
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::{TantivyDocument, Term};

/// How to order the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KwicSort {
    /// By the words just before the keyword (nearest first).
    Left,
    /// By the words just after the keyword.
    Right,
    /// In source order (file, line, position).
    #[default]
    Source,
}

/// Options of a concordance.
#[derive(Debug, Clone)]
pub struct KwicOptions {
    /// Characters of context on each side.
    pub width: usize,
    /// Line order.
    pub sort: KwicSort,
    /// Only utterances of this role (`interviewee`, …).
    pub role: Option<String>,
    /// `column=value` filters.
    pub filters: Vec<String>,
    /// At most this many lines (after sorting); `None` for all.
    pub limit: Option<usize>,
}

impl Default for KwicOptions {
    fn default() -> Self {
        KwicOptions {
            width: 40,
            sort: KwicSort::Source,
            role: None,
            filters: Vec::new(),
            limit: None,
        }
    }
}

/// One concordance line. Field names are stable: they are the `--json` and
/// `--csv` output.
#[derive(Debug, Clone, Serialize)]
pub struct KwicLine {
    /// Source file.
    pub source: String,
    /// 1-based line of the answer or utterance.
    pub line: u64,
    /// Respondent id or interview name.
    pub document: String,
    /// Open question (answers).
    pub question: Option<String>,
    /// Speaker label (utterances).
    pub speaker: Option<String>,
    /// Speaker role (utterances).
    pub role: Option<String>,
    /// Up to `width` characters before the keyword (line breaks as spaces).
    pub left: String,
    /// The keyword as written.
    pub keyword: String,
    /// Up to `width` characters after the keyword.
    pub right: String,
    /// Byte offset of the keyword in the answer's text.
    pub start: usize,
    /// Byte offset one past the keyword.
    pub end: usize,
    #[serde(skip)]
    order: u64,
}

/// The lemma a one-word term stands for.
pub fn lemma_of_term(handle: &IndexHandle, term: &str) -> Result<String> {
    let mut lemmas = Vec::new();
    with_session(handle.analyzer, |s| {
        s.for_each_token(term, Register::Written, |t| {
            lemmas.push(t.lemma.to_string())
        })
    });
    match lemmas.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::Usage(format!("kwic: '{term}' has no word in it"))),
        _ => Err(Error::Usage(format!(
            "kwic: give one word ('{term}' is {} words); use teema search for phrases",
            lemmas.len()
        ))),
    }
}

/// Every occurrence of the lemma of `term`.
pub fn kwic(handle: &IndexHandle, term: &str, options: &KwicOptions) -> Result<Vec<KwicLine>> {
    let lemma = lemma_of_term(handle, term)?;
    let f = &handle.fields;
    let user = Box::new(TermQuery::new(
        Term::from_field_text(f.lemma, &lemma),
        IndexRecordOption::Basic,
    ));
    let query = restrict(handle, user, &options.filters, options.role.as_deref())?;
    let searcher = handle.reader.searcher();
    let mut addresses: Vec<_> = searcher
        .search(&query, &DocSetCollector)?
        .into_iter()
        .collect();
    addresses.sort();
    let mut lines = Vec::new();
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let text = s(f.text).unwrap_or_default();
        let speaker = s(f.speaker);
        let register = if speaker.is_some() {
            Register::Spoken
        } else {
            Register::Written
        };
        let mut spans = Vec::new();
        with_session(handle.analyzer, |sess| {
            sess.for_each_token(&text, register, |t| {
                if t.lemma == lemma {
                    spans.push((t.start, t.end));
                }
            })
        });
        if spans.is_empty() {
            continue;
        }
        let hash = s(f.source).unwrap_or_default();
        let source = handle
            .source(&hash)
            .map_or(hash.clone(), |e| e.path.display().to_string());
        let order = doc.get_first(f.order).and_then(|v| v.as_u64()).unwrap_or(0);
        let line = doc.get_first(f.line).and_then(|v| v.as_u64()).unwrap_or(0);
        let (document, question, role) =
            (s(f.document).unwrap_or_default(), s(f.question), s(f.role));
        for (start, end) in spans {
            lines.push(KwicLine {
                source: source.clone(),
                line,
                document: document.clone(),
                question: question.clone(),
                speaker: speaker.clone(),
                role: role.clone(),
                left: left_context(&text[..start], options.width),
                keyword: text[start..end].to_string(),
                right: right_context(&text[end..], options.width),
                start,
                end,
                order,
            });
        }
    }
    let by_source = |a: &KwicLine, b: &KwicLine| (a.order, a.start).cmp(&(b.order, b.start));
    match options.sort {
        KwicSort::Source => lines.sort_by(by_source),
        KwicSort::Right => lines.sort_by_cached_key(|l| (l.right.to_lowercase(), l.order, l.start)),
        KwicSort::Left => lines.sort_by_cached_key(|l| {
            // Nearest word first: compare the left context word by word from the keyword.
            let words: Vec<String> = l
                .left
                .split_whitespace()
                .rev()
                .map(str::to_lowercase)
                .collect();
            (words, l.order, l.start)
        }),
    }
    if let Some(n) = options.limit {
        lines.truncate(n);
    }
    Ok(lines)
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last `width` characters before the keyword.
fn left_context(before: &str, width: usize) -> String {
    let mut s = flat(before);
    if before.ends_with(char::is_whitespace) && !s.is_empty() {
        s.push(' ');
    }
    let n = s.chars().count();
    s.chars().skip(n.saturating_sub(width)).collect()
}

/// The first `width` characters after the keyword.
fn right_context(after: &str, width: usize) -> String {
    let mut s = flat(after);
    if after.starts_with(char::is_whitespace) && !s.is_empty() {
        s.insert(0, ' ');
    }
    s.chars().take(width).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_are_cut_to_width_and_keep_the_space() {
        assert_eq!(left_context("hyvä ja\nmukava ", 8), " mukava ");
        assert_eq!(left_context("aivan liian pitkä alku ", 6), " alku ");
        assert_eq!(right_context(", kun  muut\non", 9), ", kun muu");
        assert_eq!(right_context(" loppu", 40), " loppu");
    }
}
