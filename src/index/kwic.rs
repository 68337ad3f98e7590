//! `teema kwic`: keyword in context. Every occurrence of a lemma (any
//! inflected form) in the answers and utterances that match, with `width`
//! characters of context on each side, aligned on the keyword.

use super::IndexHandle;
use super::search::restrict;
use super::stored::{Provenance, fetch};
use crate::Result;
use crate::error::OptionError;
use crate::text::Register;
use rayon::prelude::*;
use serde::Serialize;
use tantivy::Term;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

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
/// `--csv` output (provenance fields flattened).
#[derive(Debug, Clone, Serialize)]
pub struct KwicLine {
    /// Where the answer or utterance comes from.
    #[serde(flatten)]
    pub at: Provenance,
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
    // A prefix, fuzzy word or field would be taken apart into its letters
    // and find nothing, silently.
    let field = term
        .split_once(':')
        .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(char::is_alphabetic));
    let syntax = term.chars().find(|c| matches!(c, '*' | '~'));
    if let Some(syntax) = syntax.or(field.then_some(':')) {
        return Err(OptionError::QueryNotWord {
            term: term.to_string(),
            syntax,
        }
        .into());
    }
    let mut lemmas = Vec::new();
    handle
        .analyzer
        .session()
        .for_each_token(term, Register::Written, |t| {
            lemmas.push(t.lemma.to_string())
        });
    match lemmas.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(OptionError::NotOneWord {
            term: term.to_string(),
            words: lemmas.len(),
        }
        .into()),
    }
}

/// Every occurrence of the lemma of `term`.
pub fn kwic(handle: &IndexHandle, term: &str, options: &KwicOptions) -> Result<Vec<KwicLine>> {
    super::damage::guarded(&handle.dir, || kwic_unguarded(handle, term, options))
}

fn kwic_unguarded(
    handle: &IndexHandle,
    term: &str,
    options: &KwicOptions,
) -> Result<Vec<KwicLine>> {
    let lemma = lemma_of_term(handle, term)?;
    let f = &handle.fields;
    let user = Box::new(TermQuery::new(
        Term::from_field_text(f.lemma, &lemma),
        IndexRecordOption::Basic,
    ));
    let query = restrict(handle, user, &options.filters, options.role.as_deref())?;
    let searcher = handle.reader.searcher();
    // Visit the hits in indexing order, so source order with a limit can
    // stop early.
    let orders = searcher
        .segment_readers()
        .iter()
        .map(|s| super::damage::fast_u64(s, "order").map(|c| c.first_or_default_col(0)))
        .collect::<Result<Vec<_>>>()?;
    let mut addresses: Vec<(u64, tantivy::DocAddress)> = searcher
        .search(&query, &DocSetCollector)?
        .into_iter()
        .map(|a| (orders[a.segment_ord as usize].get_val(a.doc_id), a))
        .collect();
    addresses.sort_unstable();
    let enough = match options.sort {
        KwicSort::Source => options.limit.unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    let mut lines = Vec::new();
    // Fetch and analyse the hits in parallel, a chunk at a time (in order;
    // with a limit in source order, chunks no bigger than what is missing).
    let mut next = 0;
    while next < addresses.len() && lines.len() < enough {
        let want = (enough - lines.len()).clamp(8, KWIC_CHUNK);
        let chunk = &addresses[next..(next + want).min(addresses.len())];
        next += chunk.len();
        let found: Vec<Result<Vec<KwicLine>>> = chunk
            .par_iter()
            .map(|&(order, address)| {
                occurrences(handle, &searcher, address, order, &lemma, options.width)
            })
            .collect();
        for f in found {
            lines.extend(f?);
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

/// Hits fetched and analysed together.
const KWIC_CHUNK: usize = 256;

/// The occurrences of `lemma` in one answer or utterance.
fn occurrences(
    handle: &IndexHandle,
    searcher: &tantivy::Searcher,
    address: tantivy::DocAddress,
    order: u64,
    lemma: &str,
    width: usize,
) -> Result<Vec<KwicLine>> {
    let stored = fetch(handle, searcher, address)?;
    let text = &stored.text;
    let mut spans = Vec::new();
    handle
        .analyzer
        .session()
        .for_each_token(text, stored.at.register(), |t| {
            if t.lemma == lemma {
                spans.push((t.start, t.end));
            }
        });
    Ok(spans
        .into_iter()
        .map(|(start, end)| KwicLine {
            at: stored.at.clone(),
            left: left_context(&text[..start], width),
            keyword: text[start..end].to_string(),
            right: right_context(&text[end..], width),
            start,
            end,
            order,
        })
        .collect())
}

/// Up to `width` characters of `chars` (a walk away from the keyword),
/// each run of whitespace as one space, a space next to the keyword kept
/// only when a word follows it. Only what is shown is looked at, so every
/// occurrence in a long answer costs its context, not the answer (a 20 MB
/// answer took minutes per thousand occurrences).
fn context(chars: impl Iterator<Item = char>, width: usize) -> Vec<char> {
    let mut out = Vec::with_capacity(width.min(1024));
    let mut gap = false;
    for c in chars {
        if out.len() >= width {
            break;
        }
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
            if out.len() >= width {
                break;
            }
        }
        out.push(c);
    }
    out
}

/// The last `width` characters before the keyword.
fn left_context(before: &str, width: usize) -> String {
    context(before.chars().rev(), width)
        .into_iter()
        .rev()
        .collect()
}

/// The first `width` characters after the keyword.
fn right_context(after: &str, width: usize) -> String {
    context(after.chars(), width).into_iter().collect()
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
        assert_eq!(left_context("  \n ", 5), "");
        assert_eq!(right_context("\t", 5), "");
        assert_eq!(left_context(" alku", 0), "");
    }

    /// What the contexts were before they walked from the keyword: the
    /// whole text flattened, then cut.
    fn flat_then_cut(text: &str, width: usize, left: bool) -> String {
        let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let near = if left {
            text.ends_with(char::is_whitespace)
        } else {
            text.starts_with(char::is_whitespace)
        };
        if near && !s.is_empty() {
            if left {
                s.push(' ');
            } else {
                s.insert(0, ' ');
            }
        }
        let n = s.chars().count();
        if left {
            s.chars().skip(n.saturating_sub(width)).collect()
        } else {
            s.chars().take(width).collect()
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn contexts_are_the_flattened_text_cut(text in "[a-zä \n\t]{0,60}", width in 0usize..30) {
            proptest::prop_assert_eq!(left_context(&text, width), flat_then_cut(&text, width, true));
            proptest::prop_assert_eq!(right_context(&text, width), flat_then_cut(&text, width, false));
        }
    }
}
