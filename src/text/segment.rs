//! Sentence segmentation for Finnish, decided between two tokens.
//!
//! The Unicode sentence rules (UAX #29: a terminator, then space, then an
//! upper-case letter) corrected for Finnish: no break after common
//! abbreviations (`esim.`, `mm.`, `ns.`, `klo`, `n.`, `prof.`, `tri`, …),
//! after single initials or after ordinal dates (`24.12.`, `1. päivänä`);
//! list-ending abbreviations (`jne.`, `yms.`, `tms.`, `ym.`) end a sentence
//! when a capital follows. A blank line always ends a sentence, a line
//! break does when a capital or digit follows. An utterance (speaker
//! turn) is a corpus unit of its own, so no sentence crosses turns.
//!
//! The check looks only at the gap between two tokens, so the tokeniser's
//! hot loop decides boundaries as it goes.

use super::tokenize::{Span, SpanKind, for_each_span};

/// Abbreviations after which a full stop does not end the sentence.
const ABBREVIATIONS: &[&str] = &[
    "esim", "mm", "ns", "ko", "ts", "klo", "n", "noin", "prof", "tri", "vrt", "ks", "kts", "ym",
    "yms", "jne", "tms", "ymv", "eli", "engl", "lat", "ruots", "puh", "nro", "n:o", "s", "v", "vs",
    "os", "ao", "em", "ed", "huom", "milj", "mrd", "tuh", "kpl", "mk", "ma", "ti", "ke", "to",
    "pe", "la", "su", "tammik", "helmik", "jnk", "jk", "ry", "oy", "dos", "dipl", "fil", "ins",
    "maist", "lis", "yo", "ev", "kok", "sd", "kesk", "ps", "vas", "vihr", "rkp", "kd", "ark",
    "alk", "eaa", "jaa", "ekr", "jkr", "toim", "suom", "sis", "aik", "enint", "väh", "yht", "vt",
    "apul", "johtaj", "pj", "vpj", "siht",
];

/// Abbreviations that often end a list and so the sentence: a capital after
/// them starts a new one.
const LIST_ENDINGS: &[&str] = &["jne", "yms", "tms", "ym", "ymv"];

/// True when `word` (as written) is a Finnish abbreviation.
pub fn is_abbreviation(word: &str) -> bool {
    if word.len() > 8 {
        return false;
    }
    let mut buf = [0u8; 32];
    let lower = ascii_fold(word, &mut buf);
    ABBREVIATIONS.contains(&lower)
}

/// Lower-cases `word` into `buf` when it fits (abbreviations are short).
fn ascii_fold<'b>(word: &str, buf: &'b mut [u8; 32]) -> &'b str {
    let mut n = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut tmp = [0u8; 4];
        let s = c.encode_utf8(&mut tmp);
        if n + s.len() > buf.len() {
            return "";
        }
        buf[n..n + s.len()].copy_from_slice(s.as_bytes());
        n += s.len();
    }
    std::str::from_utf8(&buf[..n]).unwrap_or("")
}

/// Whether a sentence boundary lies between the token `prev` and the token
/// `next` of `text`.
pub fn is_boundary(text: &str, prev: Span, next: Span) -> bool {
    let gap = &text[prev.end..next.start];
    // The common case: one space, no boundary.
    if gap == " " {
        return false;
    }
    let next_char = text[next.start..].chars().next().unwrap_or(' ');
    let capital = next_char.is_uppercase() || next_char.is_ascii_digit();
    let newlines = gap.bytes().filter(|&b| b == b'\n').count();
    if newlines >= 2 {
        return true;
    }
    let terminator = gap.contains(['.', '!', '?', '…']);
    if !capital {
        return false;
    }
    if newlines == 1 {
        return true;
    }
    if !terminator {
        return false;
    }
    // Only a full stop right after the token can be an abbreviation's.
    if gap.starts_with('.') && !gap.starts_with("..") && !gap[1..].contains(['!', '?', '…']) {
        let word = &text[prev.start..prev.end];
        if prev.kind == SpanKind::Number {
            // 24.12. and 1. are ordinals; 2019. ends a sentence.
            return !(word.contains('.') || word.len() <= 2);
        }
        if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
            return false; // an initial: J. Sibelius
        }
        if is_abbreviation(word) {
            let mut buf = [0u8; 32];
            return LIST_ENDINGS.contains(&ascii_fold(word, &mut buf));
        }
    }
    true
}

/// The sentences of `text` as byte ranges (from the first token to the end
/// of the last token and any closing punctuation after it).
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut first: Option<Span> = None;
    let mut prev: Option<Span> = None;
    for_each_span(text, |span| {
        if let Some(p) = prev
            && is_boundary(text, p, span)
        {
            out.push(first.map_or(p.start, |f| f.start)..close_end(text, p.end));
            first = None;
        }
        first.get_or_insert(span);
        prev = Some(span);
    });
    if let (Some(f), Some(p)) = (first, prev) {
        out.push(f.start..close_end(text, p.end));
    }
    out
}

/// The end of the punctuation that closes a sentence ending at `end`.
fn close_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let n = rest
        .find(|c: char| c.is_whitespace() || c.is_alphanumeric())
        .unwrap_or(rest.len());
    end + n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_and_ordinals_do_not_end_sentences() {
        assert_eq!(
            split(
                "Tukea saa esim. Kelasta ja mm. kunnasta. Tapaaminen on 24.12. Kotona klo 18 alkaen. Hyvä!"
            ),
            [
                "Tukea saa esim. Kelasta ja mm. kunnasta.",
                "Tapaaminen on 24.12. Kotona klo 18 alkaen.",
                "Hyvä!"
            ]
        );
    }

    #[test]
    fn list_endings_initials_and_paragraphs() {
        assert_eq!(
            split("Ruokaa, vaatteita jne. Sitten J. Virtanen tuli\n\nuusi kappale"),
            [
                "Ruokaa, vaatteita jne.",
                "Sitten J. Virtanen tuli",
                "uusi kappale"
            ]
        );
    }

    #[test]
    fn questions_and_quotes_close_sentences() {
        assert_eq!(
            split("Miksi? ”Ei tiedä.” Ehkä huomenna… Niin."),
            ["Miksi?", "Ei tiedä.”", "Ehkä huomenna…", "Niin."]
        );
    }

    #[test]
    fn lower_case_after_a_full_stop_continues() {
        assert_eq!(
            split("Se maksoi n. 5 e. ja oli hyvä."),
            ["Se maksoi n. 5 e. ja oli hyvä."]
        );
    }
}
