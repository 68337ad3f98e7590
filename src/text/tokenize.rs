//! Tokenising: word and number spans with byte offsets.
//!
//! Finnish text takes a fast scanner over `char`s that follows the
//! Unicode word-boundary rules (UAX #29) where they matter for Finnish and
//! adds what Finnish needs on top: hyphenated compounds stay one token
//! (`sote-keskus`, `Tasa-arvo`, `1990-luvulla`), colon-case endings stay on
//! their abbreviation (`EU:n`, `THL:ssä`), apostrophes inside words stay
//! (`vaa'an`), numbers keep their separators (`3,5`, `12.30`, `1 000` is two
//! tokens). Text with scripts that UAX #29 segments differently (CJK, Thai,
//! …) takes `unicode-segmentation`'s word bounds, with the same merging
//! of hyphens and colons, so every script gets sensible tokens.

use unicode_segmentation::UnicodeSegmentation;

/// What kind of span the tokeniser found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// Contains at least one letter.
    Word,
    /// Digits with separators only.
    Number,
}

/// A token span: byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Word or number.
    pub kind: SpanKind,
}

/// True for characters that make up words: letters, digits and combining
/// marks (decomposed ä is `a` + U+0308).
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{c0}'..='\u{ff}').contains(&c) {
        // Latin-1 letters (ä, ö, å, é, ü, …) without the table look-up.
        c != '\u{d7}' && c != '\u{f7}'
    } else {
        c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
    }
}

/// Hyphen-like joiners inside compounds: ASCII hyphen, Unicode hyphen and
/// non-breaking hyphen.
#[inline]
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Characters whose scripts UAX #29 segments in its own way (no spaces
/// between words): CJK, kana, hangul, Thai, Lao, Khmer, Myanmar.
#[inline]
fn needs_uax29(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x2E80..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Call `f` with every token span of `text`, in order.
pub fn for_each_span(text: &str, mut f: impl FnMut(Span)) {
    // A byte ≥ 0xE0 starts a 3- or 4-byte character; only those can be in
    // the scripts that need UAX #29, so pure Latin text skips the check.
    let needs = text.bytes().any(|b| b >= 0xE0) && text.chars().any(needs_uax29);
    if needs {
        uax29_spans(text, f)
    } else {
        scan_spans(text, &mut f)
    }
}

/// The spans of `text` as a vector (tests and callers that keep them).
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for_each_span(text, |s| out.push(s));
    out
}

/// The next character at byte `i`, if any.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text[i..].chars().next()
    }
}

/// Where a run of word characters starting at `i` ends.
#[inline]
fn run_end(text: &str, mut i: usize, digits: &mut bool, letters: &mut bool) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_digit() {
                *digits = true;
            } else if b.is_ascii_alphabetic() {
                *letters = true;
            } else {
                break;
            }
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !is_word_char(c) {
                break;
            }
            if ('\u{c0}'..='\u{ff}').contains(&c) || !c.is_numeric() {
                *letters = true;
            } else {
                *digits = true;
            }
            i += c.len_utf8();
        }
    }
    i
}

/// Whether the token may continue over the joiner `c` at byte `i` (the
/// token so far is `text[start..i]`); returns the byte after the joiner.
#[inline]
fn join_over(text: &str, start: usize, i: usize, c: char, only_digits: bool) -> Option<usize> {
    let after = i + c.len_utf8();
    let next = char_at(text, after)?;
    if !is_word_char(next) {
        return None;
    }
    let prev = text[start..i].chars().next_back()?;
    let ok = if is_hyphen(c) {
        true
    } else {
        match c {
            // EU:n, THL:ssä (letters after the colon); 12:30 (digits both sides).
            ':' => {
                (next.is_alphabetic() && !only_digits && next.is_lowercase())
                    || (only_digits && next.is_ascii_digit())
            }
            // 3,5 and 12.30 and 1.000.
            ',' | '.' => only_digits && prev.is_ascii_digit() && next.is_ascii_digit(),
            // vaa'an, raa'at.
            '\'' | '\u{2019}' => prev.is_alphabetic() && next.is_alphabetic(),
            _ => false,
        }
    };
    ok.then_some(after)
}

/// The fast scanner for text without UAX #29 special scripts.
fn scan_spans(text: &str, f: &mut impl FnMut(Span)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts_word = if b < 0x80 {
            b.is_ascii_alphanumeric()
        } else {
            text[i..].chars().next().is_some_and(is_word_char)
        };
        if !starts_word {
            i += if b < 0x80 {
                1
            } else {
                text[i..].chars().next().map_or(1, char::len_utf8)
            };
            continue;
        }
        let start = i;
        let (mut digits, mut letters) = (false, false);
        i = run_end(text, i, &mut digits, &mut letters);
        while let Some(c) = char_at(text, i) {
            match join_over(text, start, i, c, !letters) {
                Some(after) => i = run_end(text, after, &mut digits, &mut letters),
                None => break,
            }
        }
        let kind = if letters {
            SpanKind::Word
        } else {
            SpanKind::Number
        };
        f(Span {
            start,
            end: i,
            kind,
        });
    }
}

/// UAX #29 word bounds, merged over hyphens and colon-case endings.
fn uax29_spans(text: &str, mut f: impl FnMut(Span)) {
    let mut pending: Option<Span> = None;
    for (start, piece) in text.split_word_bound_indices() {
        let end = start + piece.len();
        if piece.chars().any(is_word_char) {
            let letters = piece.chars().any(char::is_alphabetic);
            let kind = if letters {
                SpanKind::Word
            } else {
                SpanKind::Number
            };
            if let Some(p) = pending.as_mut() {
                // Join when exactly one joiner separates the previous token.
                let gap = &text[p.end..start];
                let mut gc = gap.chars();
                if let (Some(c), None) = (gc.next(), gc.next())
                    && join_over(text, p.start, p.end, c, p.kind == SpanKind::Number).is_some()
                {
                    p.end = end;
                    if kind == SpanKind::Word {
                        p.kind = SpanKind::Word;
                    }
                    continue;
                }
                f(*p);
            }
            pending = Some(Span { start, end, kind });
        }
    }
    if let Some(p) = pending {
        f(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        spans(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn finnish_tokens_keep_compounds_and_colon_endings() {
        assert_eq!(
            words("Sote-keskus ja THL:ssä EU:n Tasa-arvo, 1990-luvulla 3,5 % klo 12:30."),
            [
                "Sote-keskus",
                "ja",
                "THL:ssä",
                "EU:n",
                "Tasa-arvo",
                "1990-luvulla",
                "3,5",
                "klo",
                "12:30"
            ]
        );
    }

    #[test]
    fn offsets_point_at_the_token_bytes() {
        let text = "Äiti sanoi: ”vaa'an” – ja lähti.";
        for s in spans(text) {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        assert_eq!(words(text), ["Äiti", "sanoi", "vaa'an", "ja", "lähti"]);
    }

    #[test]
    fn kinds_tell_numbers_from_words() {
        let kinds: Vec<SpanKind> = spans("24.12. klo 18 ja 2020-luku")
            .iter()
            .map(|s| s.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                SpanKind::Number,
                SpanKind::Word,
                SpanKind::Number,
                SpanKind::Word,
                SpanKind::Word
            ]
        );
    }

    #[test]
    fn fast_scanner_and_uax29_agree_on_finnish() {
        let text = "Vertaistukiryhmä auttoi: sote-keskus, EU:n tuki 3,5 milj. ja THL:ssä \
                    sanottiin 'hyvä'. Tasa-arvo – ok? 12:30 -kolme- ei-";
        let mut fast = Vec::new();
        scan_spans(text, &mut |s| fast.push(s));
        let mut uax = Vec::new();
        uax29_spans(text, |s| uax.push(s));
        assert_eq!(fast, uax);
    }

    #[test]
    fn cjk_text_takes_word_bounds() {
        assert_eq!(words("東京 ja 大阪"), ["東", "京", "ja", "大", "阪"]);
    }

    #[test]
    fn colon_and_hyphen_at_edges_are_not_joined() {
        assert_eq!(words("Huom: -ja- sana:"), ["Huom", "ja", "sana"]);
    }
}
