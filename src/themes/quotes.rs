//! Representative quotes: the answers most typical of a theme (highest
//! score), preferring answers of readable length and skipping repeats.

use super::result::Quote;
use crate::corpus::{Corpus, UnitOrdinals};

/// Quotes per theme at most.
pub const MAX_QUOTES: usize = 5;

/// Where an analysed answer is in the corpus: (document, unit) indices.
pub type UnitRef = (usize, usize);

/// Build a quote for unit `r` with `score` (`ordinals`: the corpus's
/// [`UnitOrdinals`], which name the answer exactly).
pub fn quote(corpus: &Corpus, ordinals: &UnitOrdinals, r: UnitRef, score: f64) -> Quote {
    let doc = &corpus.documents[r.0];
    let unit = &doc.units[r.1];
    Quote {
        document: doc.id.clone(),
        unit: r.1,
        ordinal: Some(ordinals.ordinal(r.0, r.1)),
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

/// Two quotes whose content words overlap this much (shared words over
/// the smaller quote's words) say the same thing: the second is kept only
/// when there are not enough others.
const NEAR_REPEAT: f64 = 0.75;

/// Pick up to [`MAX_QUOTES`] of `candidates` (analysed-answer index, score).
/// Answers of 30–400 characters come first, then by score, then by order.
/// Exact repeats are skipped; an answer whose content words (`content(i)`:
/// sorted, distinct lemma ids) are mostly those of a quote already picked
/// waits until the others are used, so the quotes show the theme in
/// different words rather than one sentence many respondents wrote.
pub fn pick(
    corpus: &Corpus,
    ordinals: &UnitOrdinals,
    refs: &[UnitRef],
    candidates: &[(usize, f64)],
    content: impl Fn(usize) -> Vec<u32>,
) -> Vec<Quote> {
    let text = |i: usize| -> &str {
        let (d, u) = refs[i];
        &corpus.documents[d].units[u].text
    };
    let mut c: Vec<(bool, f64, usize)> = candidates
        .iter()
        .map(|&(i, s)| (readable(text(i)), s, i))
        .collect();
    c.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut out: Vec<Quote> = Vec::new();
    // The answers quoted: the other segments of a long answer already
    // quoted are repeats, known without comparing its text again (the
    // segments of a million-character answer would compare it with itself
    // tens of thousands of times).
    let mut quoted: Vec<UnitRef> = Vec::new();
    let mut words: Vec<Vec<u32>> = Vec::new();
    let mut waiting: Vec<(usize, f64)> = Vec::new();
    for (_, s, i) in c {
        if out.len() >= MAX_QUOTES {
            break;
        }
        if quoted.contains(&refs[i]) || out.iter().any(|o| o.text.eq_ignore_ascii_case(text(i))) {
            continue;
        }
        let w = content(i);
        if words.iter().any(|o| overlap(o, &w) >= NEAR_REPEAT) {
            // Only the best few near repeats can be needed (twice as many,
            // as some may repeat each other word for word).
            if waiting.len() < 2 * MAX_QUOTES {
                waiting.push((i, s));
            }
            continue;
        }
        words.push(w);
        quoted.push(refs[i]);
        out.push(quote(corpus, ordinals, refs[i], s));
    }
    for (i, s) in waiting {
        if out.len() >= MAX_QUOTES {
            break;
        }
        let q = quote(corpus, ordinals, refs[i], s);
        if !out.iter().any(|o| o.text.eq_ignore_ascii_case(&q.text)) {
            out.push(q);
        }
    }
    out
}

/// True for an answer of 30–400 characters, counted only when its length
/// in bytes allows it (a character is 1–4 bytes): a long answer costs
/// nothing however often it is asked about.
fn readable(text: &str) -> bool {
    (30..=4 * 400).contains(&text.len()) && (30..=400).contains(&text.chars().count())
}

/// Shared items of two sorted, distinct lists over the shorter one's
/// length (1 when one holds the other; 0 when either is empty).
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    super::common(a, b) as f64 / a.len().min(b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Document, DocumentKind, Unit};

    fn corpus(texts: &[&str]) -> Corpus {
        let mut c = Corpus::default();
        for (n, t) in texts.iter().enumerate() {
            c.documents.push(Document {
                id: format!("{}", n + 1),
                kind: DocumentKind::Respondent,
                source: 0,
                line: n as u64 + 2,
                meta: Vec::new(),
                units: vec![Unit {
                    question: None,
                    speaker: None,
                    role: None,
                    time: None,
                    text: (*t).into(),
                    line: n as u64 + 2,
                    span: (0, t.len()),
                }],
            });
        }
        c
    }

    #[test]
    fn near_repeats_wait_until_the_other_answers_are_quoted() {
        let texts = [
            "Ohjaajat ovat tosi kivoja ja heille voi puhua mistä vain.",
            "Olen käynyt täällä pari kuukautta. Ohjaajat ovat tosi kivoja ja heille voi puhua.",
            "Ohjaajat jaksavat kannustaa silloinkin, kun itsellä on huono päivä.",
            "Ohjaajat ovat tosi kivoja ja heille voi puhua mistä vain, kiitos!",
            "Ohjaajan kanssa sain apua asumisen papereihin, se oli tärkeää.",
        ];
        let c = corpus(&texts);
        let refs: Vec<UnitRef> = (0..texts.len()).map(|d| (d, 0)).collect();
        // Content words as ids: the same sentence gives the same ids.
        let content = |i: usize| -> Vec<u32> {
            match i {
                0 => vec![1, 2, 3, 4],
                1 => vec![1, 2, 3, 4, 5, 6],
                2 => vec![1, 7, 8, 9],
                3 => vec![1, 2, 3, 4, 10],
                _ => vec![1, 11, 12, 13],
            }
        };
        let candidates: Vec<(usize, f64)> = (0..texts.len())
            .map(|i| (i, 1.0 - i as f64 / 10.0))
            .collect();
        let picked: Vec<String> = pick(&c, &c.unit_ordinals(), &refs, &candidates, content)
            .into_iter()
            .map(|q| q.document)
            .collect();
        // 2 and 4 repeat 1; they come after the different answers 3 and 5.
        assert_eq!(picked, ["1", "3", "5", "2", "4"]);
        // A near repeat written word for word twice is quoted once.
        let twice = [texts[0], texts[1], texts[1], texts[2]];
        let c2 = corpus(&twice);
        let refs2: Vec<UnitRef> = (0..twice.len()).map(|d| (d, 0)).collect();
        let cands2: Vec<(usize, f64)> = (0..twice.len())
            .map(|i| (i, 1.0 - i as f64 / 10.0))
            .collect();
        let words2 = |i: usize| {
            if i == 3 {
                vec![1, 7, 8, 9]
            } else {
                vec![1, 2, 3, 4]
            }
        };
        let texts2: Vec<String> = pick(&c2, &c2.unit_ordinals(), &refs2, &cands2, words2)
            .into_iter()
            .map(|q| q.text)
            .collect();
        assert_eq!(texts2, [texts[0], texts[2], texts[1]]);
        // With nothing to tell them apart, the order is the score's.
        let same = pick(&c, &c.unit_ordinals(), &refs, &candidates, |_| Vec::new());
        let order: Vec<&str> = same.iter().map(|q| q.document.as_str()).collect();
        assert_eq!(order, ["1", "2", "3", "4", "5"]);
    }

    #[test]
    fn overlap_counts_over_the_shorter_list() {
        assert_eq!(overlap(&[1, 2, 3, 4], &[2, 3]), 1.0);
        assert_eq!(overlap(&[1, 2, 3, 4], &[3, 5, 6, 7]), 0.25);
        assert_eq!(overlap(&[], &[1]), 0.0);
    }
}
