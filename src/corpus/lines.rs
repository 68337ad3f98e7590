//! Lines of decoded text, whatever ends them: LF (Unix), CRLF (Windows) or
//! CR alone (old Mac). Every reader that splits text into lines goes
//! through [`lines`] and [`line_of`], so line numbers and byte spans agree
//! across readers and line-ending styles.

/// Lines of `text` with the byte offset where each starts (terminator
/// excluded). A text ending in a line end has no empty last line.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let start = at;
        let rest = &text.as_bytes()[start..];
        match memchr::memchr2(b'\n', b'\r', rest) {
            Some(i) => {
                let crlf = rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n');
                at = start + i + if crlf { 2 } else { 1 };
                Some((start, &text[start..start + i]))
            }
            None => {
                at = text.len();
                Some((start, &text[start..]))
            }
        }
    })
}

/// The 1-based line number of byte `offset` in `text` (CR, LF and CRLF each
/// end one line).
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    let head = &text.as_bytes()[..offset.min(text.len())];
    let mut n = 1u64;
    for i in memchr::memchr2_iter(b'\n', b'\r', head) {
        // The CR of a CRLF is counted by its LF.
        if !(head[i] == b'\r' && text.as_bytes().get(i + 1) == Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

/// Line ends (CR, LF, CRLF) in `s`.
pub(crate) fn line_ends(s: &str) -> u64 {
    line_of(s, s.len()) - 1
}

/// Line numbers of increasing byte offsets, counted once through the text.
#[derive(Debug, Default)]
pub(crate) struct LineCounter {
    at: usize,
    line: u64,
}

impl LineCounter {
    /// The 1-based line of `offset`; offsets asked in increasing order
    /// cost one pass through the text (an earlier one starts over).
    pub(crate) fn line_at(&mut self, text: &str, offset: usize) -> u64 {
        let offset = offset.min(text.len());
        if offset < self.at || self.line == 0 {
            (self.at, self.line) = (0, 1);
        }
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[self.at..offset]) {
            let j = self.at + i;
            // The CR of a CRLF is counted by its LF.
            if !(bytes[j] == b'\r' && bytes.get(j + 1) == Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.at = offset;
        self.line
    }
}

/// Line numbers of byte offsets asked in any order: the line starts are
/// found once, and each offset is a binary search among them. For a file
/// whose parts name their lines out of order (a codebook's or refine
/// file's values), so a file of many entries is checked in linear time.
#[derive(Debug)]
pub(crate) struct LineIndex {
    /// Byte offset after each line end.
    starts: Vec<usize>,
    /// The text's length (offsets past it count as at its end).
    len: usize,
}

impl LineIndex {
    /// The line starts of `text` (CR, LF and CRLF each end one line).
    pub(crate) fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let starts = memchr::memchr2_iter(b'\n', b'\r', bytes)
            // The CR of a CRLF is ended by its LF.
            .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
            .map(|i| i + 1)
            .collect();
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The 1-based line of byte `offset`, as [`line_of`] counts it.
    pub(crate) fn line(&self, offset: usize) -> u64 {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) as u64 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_style_splits_alike() {
        for text in [
            "a\nbb\n\nc",
            "a\r\nbb\r\n\r\nc",
            "a\rbb\r\rc",
            "a\rbb\r\n\nc",
        ] {
            let got: Vec<(usize, &str)> = lines(text).collect();
            let words: Vec<&str> = got.iter().map(|l| l.1).collect();
            assert_eq!(words, ["a", "bb", "", "c"], "{text:?}");
            for (n, (start, l)) in got.iter().enumerate() {
                assert_eq!(&text[*start..*start + l.len()], *l);
                assert_eq!(line_of(text, *start), n as u64 + 1, "{text:?} line {n}");
            }
        }
        let text = "a\r\nb\rc\nd";
        let mut counter = LineCounter::default();
        for (offset, line) in [(0, 1), (3, 2), (5, 3), (7, 4), (2, 1), (8, 4)] {
            assert_eq!(counter.line_at(text, offset), line, "offset {offset}");
            assert_eq!(line_of(text, offset), line, "offset {offset}");
        }
        assert_eq!(line_ends(text), 3);
        for text in ["a\r\nb\rc\nd", "a\n\n", "", "\r\r\n\n", "ä\nö\r\n"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line(offset),
                    line_of(text, offset),
                    "{text:?} offset {offset}"
                );
            }
        }
        assert_eq!(lines("x\n").count(), 1);
        assert_eq!(lines("").count(), 0);
    }
}
