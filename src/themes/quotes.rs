//! Representative quotes: the answers most typical of a theme (highest
//! score), preferring answers of readable length and skipping repeats.

use super::result::Quote;
use crate::corpus::Corpus;

/// Quotes per theme at most.
pub const MAX_QUOTES: usize = 5;

/// Where an analysed answer is in the corpus: (document, unit) indices.
pub type UnitRef = (usize, usize);

/// Build a quote for unit `r` with `score`.
pub fn quote(corpus: &Corpus, r: UnitRef, score: f64) -> Quote {
    let doc = &corpus.documents[r.0];
    let unit = &doc.units[r.1];
    Quote {
        document: doc.id.clone(),
        unit: r.1,
        question: unit.question.as_deref().map(str::to_string),
        speaker: unit.speaker.clone(),
        role: unit.role,
        source: corpus
            .sources
            .get(doc.source)
            .map(|s| s.path.clone())
            .unwrap_or_default(),
        line: unit.line,
        span: unit.span,
        text: unit.text.to_string(),
        score: super::crosstab::round(score, 4),
    }
}

/// Pick up to [`MAX_QUOTES`] of `candidates` (analysed-answer index, score).
/// Answers of 30–400 characters come first, then by score, then by order.
pub fn pick(corpus: &Corpus, refs: &[UnitRef], candidates: &[(usize, f64)]) -> Vec<Quote> {
    let mut c: Vec<(bool, f64, usize)> = candidates
        .iter()
        .map(|&(i, s)| {
            let (d, u) = refs[i];
            let len = corpus.documents[d].units[u].text.chars().count();
            ((30..=400).contains(&len), s, i)
        })
        .collect();
    c.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut out: Vec<Quote> = Vec::new();
    for (_, s, i) in c {
        if out.len() >= MAX_QUOTES {
            break;
        }
        let q = quote(corpus, refs[i], s);
        if out.iter().any(|o| o.text.eq_ignore_ascii_case(&q.text)) {
            continue;
        }
        out.push(q);
    }
    out
}
