//! Text from answers made safe to print on a terminal: control characters
//! (C0 such as ESC, DEL, C1) and bidirectional overrides and isolates are
//! shown as `\u{…}` escapes, so an answer cannot move the cursor, change
//! colours, set the window title or reorder what the researcher sees.
//! `--json` output needs none of this (JSON escaping applies there).

use std::borrow::Cow;

/// True for characters a terminal would act on rather than show.
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every control and bidi character as a visible escape.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` (lines ending in `\n`) with [`clean`] applied to each line, so
/// a report printed for the terminal keeps its line breaks and nothing else
/// an answer, a header or a label brought reaches the terminal raw.
pub(crate) fn clean_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(&clean(body));
        out.push_str(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_become_visible() {
        assert_eq!(clean("hyvä päivä"), "hyvä päivä");
        assert_eq!(clean("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            clean("x\u{202E}y\u{9b}z\u{7f}"),
            "x\\u{202e}y\\u{9b}z\\u{7f}"
        );
        assert_eq!(clean("\u{2066}\r\n"), "\\u{2066}\\u{d}\\u{a}");
    }

    #[test]
    fn lines_keep_their_breaks_and_lose_their_escapes() {
        assert_eq!(clean_lines("a\x1b[31m\nb\r\nc"), "a\\u{1b}[31m\nb\\u{d}\nc");
    }
}
