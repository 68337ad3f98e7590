//! Which themes each analysed answer has, with the spans that carry them
//! and a score, stored flat: a few vectors per piece of 4,096 answers
//! instead of two small allocations per answer (at 3.5 million answers the
//! nested vectors took 0.7 GB; these take about a sixth of that).

use rayon::prelude::*;

/// A theme in one answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// Theme index.
    pub theme: u32,
    /// Content words of the answer in the theme (discovery; 0 for codebook
    /// coding).
    pub content: u32,
    /// Score: best cosine (discovery) or number of matches (codebook).
    pub score: f64,
    /// This entry's spans in [`Membership::spans`].
    spans: (u32, u32),
}

/// The themes of every analysed answer, in answer order; each answer's
/// entries are sorted by theme. Kept in pieces of `PIECE` answers as they
/// were built (joining them would need the memory twice over).
#[derive(Debug, Default, Clone)]
pub struct Membership {
    pieces: Vec<Piece>,
}

/// Answers per piece (fixed, so nothing depends on the thread count).
const PIECE: usize = 4096;

/// The themes of consecutive answers.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Where each answer's entries start in `entries`, and one past the last.
    start: Vec<u32>,
    entries: Vec<Entry>,
    /// Byte spans in the answers' texts.
    spans: Vec<(u32, u32)>,
}

impl Piece {
    fn new() -> Piece {
        Piece {
            start: vec![0],
            entries: Vec::new(),
            spans: Vec::new(),
        }
    }

    /// Add a theme to the answer being built (its themes in theme order).
    /// Spans beyond 4 GB into a text are clamped.
    pub fn push(
        &mut self,
        theme: usize,
        spans: impl IntoIterator<Item = (usize, usize)>,
        score: f64,
        content: usize,
    ) {
        let first = self.spans.len() as u32;
        let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        self.spans
            .extend(spans.into_iter().map(|(s, e)| (clamp(s), clamp(e))));
        self.entries.push(Entry {
            theme: theme as u32,
            content: clamp(content),
            score,
            spans: (first, self.spans.len() as u32),
        });
    }

    /// Close the answer being built.
    fn end_answer(&mut self) {
        debug_assert!(
            self.entries[*self.start.last().unwrap_or(&0) as usize..]
                .windows(2)
                .all(|w| w[0].theme < w[1].theme),
            "an answer's themes are pushed in theme order"
        );
        self.start.push(self.entries.len() as u32);
    }

    /// Release spare capacity.
    fn shrink(&mut self) {
        self.start.shrink_to_fit();
        self.entries.shrink_to_fit();
        self.spans.shrink_to_fit();
    }
}

impl Membership {
    /// Number of answers.
    pub fn len(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| p.start.len().saturating_sub(1))
            .sum()
    }

    /// True when there are no answers.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The themes of answer `i`, by theme.
    pub fn of(&self, i: usize) -> &[Entry] {
        let p = &self.pieces[i / PIECE];
        let j = i % PIECE;
        &p.entries[p.start[j] as usize..p.start[j + 1] as usize]
    }

    /// Every answer's themes, in answer order.
    pub fn iter(&self) -> impl Iterator<Item = &[Entry]> {
        (0..self.len()).map(|i| self.of(i))
    }

    /// The byte spans of entry `e` of answer `i`.
    pub fn spans(&self, i: usize, e: &Entry) -> impl ExactSizeIterator<Item = (usize, usize)> + '_ {
        self.pieces[i / PIECE].spans[e.spans.0 as usize..e.spans.1 as usize]
            .iter()
            .map(|&(s, t)| (s as usize, t as usize))
    }

    /// The byte spans of answer `i` that put it in theme `t`, sorted (none
    /// when it is not in `t`).
    pub fn theme_spans(&self, i: usize, t: usize) -> Vec<(usize, usize)> {
        let mut spans: Vec<(usize, usize)> = self
            .of(i)
            .iter()
            .find(|m| m.theme as usize == t)
            .map(|m| self.spans(i, m).collect())
            .unwrap_or_default();
        spans.sort_unstable();
        spans
    }

    /// Build the membership of `n` answers in parallel: `f(i, &mut piece)`
    /// pushes answer `i`'s themes. Answers are done in fixed pieces kept in
    /// order, so the result does not depend on the thread count.
    pub fn build(n: usize, f: impl Fn(usize, &mut Piece) + Sync) -> Membership {
        let pieces = (0..n.div_ceil(PIECE))
            .into_par_iter()
            .map(|p| {
                let mut piece = Piece::new();
                for i in p * PIECE..((p + 1) * PIECE).min(n) {
                    f(i, &mut piece);
                    piece.end_answer();
                }
                piece.shrink();
                piece
            })
            .collect();
        Membership { pieces }
    }
}

/// Whether tokens, taken in text order, fall inside sorted byte spans (a
/// theme's sentences in an answer); with no spans every token does (the
/// whole answer). A long answer has thousands of spans: the spans ending
/// before a token cannot hold it or any later one, so each is passed once.
#[derive(Debug)]
pub struct Within<'a> {
    spans: &'a [(usize, usize)],
    next: usize,
}

impl<'a> Within<'a> {
    /// Over `spans`, sorted by start.
    pub fn new(spans: &'a [(usize, usize)]) -> Self {
        Within { spans, next: 0 }
    }

    /// True when the token at bytes `start..end` is inside a span (tokens
    /// must come in text order).
    pub fn contains(&mut self, start: usize, end: usize) -> bool {
        while self.next < self.spans.len() && self.spans[self.next].1 < end {
            self.next += 1;
        }
        self.spans.is_empty() || self.spans.get(self.next).is_some_and(|&(a, _)| a <= start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_keep_their_themes_spans_and_scores_in_order() {
        let m = Membership::build(10_000, |i, m| {
            if i % 3 != 0 {
                m.push(i % 5, [(i, i + 1), (i + 2, i + 4)], i as f64, 7);
                m.push(5 + i % 2, [], 0.5, 0);
            }
        });
        assert_eq!(m.len(), 10_000);
        assert!(m.of(0).is_empty() && m.of(9_999).is_empty());
        let e = m.of(8_191);
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].theme, e[0].score, e[0].content), (1, 8_191.0, 7));
        let spans: Vec<_> = m.spans(8_191, &e[0]).collect();
        assert_eq!(spans, [(8_191, 8_192), (8_193, 8_195)]);
        assert_eq!((e[1].theme, m.spans(8_191, &e[1]).len()), (6, 0));
        assert_eq!(m.iter().filter(|e| e.is_empty()).count(), 3_334);
    }

    #[test]
    fn tokens_are_within_their_spans_or_within_the_whole_answer() {
        let spans = [(0, 10), (20, 30)];
        let mut w = Within::new(&spans);
        let inside: Vec<bool> = [(0, 4), (5, 10), (12, 15), (20, 25), (31, 33)]
            .iter()
            .map(|&(a, b)| w.contains(a, b))
            .collect();
        assert_eq!(inside, [true, true, false, true, false]);
        let mut whole = Within::new(&[]);
        assert!(whole.contains(100, 104));
    }
}
