//! Escaping for the formats teema writes, one rule per format in one
//! place: every stage that puts text into HTML, Markdown or XML (the
//! reports, REFI-QDA, the pseudonymised copies of Office files) calls the
//! rule here, so the same text is escaped the same way in every file.
//!
//! - [`html`]: HTML text and attribute values.
//! - [`markdown`], [`markdown_line`]: inline Markdown (rendered as HTML, so
//!   `<`, `>` and `&` follow the HTML rule); [`markdown_code`]: a name
//!   (a file, a theme id) as one inline code span.
//! - [`xml`], [`push_xml`]: XML 1.0 content and attribute values.

/// The HTML entity of a character that HTML would read as markup, or
/// `None` for any other character.
fn html_entity(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        _ => return None,
    })
}

/// `text` escaped for HTML text and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match html_entity(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    out
}

/// `text` escaped for inline Markdown: Markdown punctuation gets a
/// backslash, `<`, `>` and `&` become HTML entities, line breaks become
/// spaces, other control characters U+FFFD.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' | '>' | '&' => out.push_str(html_entity(c).unwrap_or_default()),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// [`markdown`] for text that starts a line: a leading `-`, `+` or `=`, or
/// `1.`/`1)`, would otherwise start a list or underline a heading.
pub fn markdown_line(text: &str) -> String {
    let mut out = markdown(text);
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(out.as_bytes().get(digits), Some(b'.' | b')')) {
        out.insert(digits, '\\');
    }
    out
}

/// `text` as one inline Markdown code span, `` `text` ``: inside it
/// Markdown and HTML are literal, so only what could end the span is
/// replaced: a backquote becomes `'`, line breaks and tabs a space (a
/// blank line would end the paragraph and let what follows be read as
/// markup), other control characters U+FFFD.
pub fn markdown_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    for c in text.chars() {
        match c {
            '`' => out.push('\''),
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('`');
    out
}

/// `text` escaped for XML content and attribute values: markup characters
/// and both quotes as entities, tab and line breaks as character
/// references (an attribute value keeps them), and characters that XML 1.0
/// does not allow at all (most C0 controls, U+FFFE, U+FFFF) as U+FFFD.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_xml(&mut out, text);
    out
}

/// [`xml`], appended to `out`.
pub fn push_xml(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Copy runs of ordinary text at once; everything to replace is ASCII
    // but U+FFFE and U+FFFF (EF BF BE, EF BF BF).
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (with, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' => ("&#9;", 1),
            b'\n' => ("&#10;", 1),
            b'\r' => ("&#13;", 1),
            b if b < 0x20 => ("\u{FFFD}", 1),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("\u{FFFD}", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[from..i]);
        out.push_str(with);
        i += len;
        from = i;
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_neutralises_markup() {
        assert_eq!(
            html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(html("Hyvä palvelu"), "Hyvä palvelu");
    }

    #[test]
    fn markup_in_markdown_is_text() {
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(markdown("a|b *c* [x](y)"), "a\\|b \\*c\\* \\[x\\](y)");
        assert_eq!(markdown_line("- lista"), "\\- lista");
        assert_eq!(markdown_line("=cmd|x"), "\\=cmd\\|x");
        assert_eq!(markdown("0.1.0"), "0.1.0");
        assert_eq!(markdown("rivi\r\nrivi"), "rivi rivi");
        assert_eq!(markdown("a\u{7}b & \"c\""), "a\u{FFFD}b &amp; \"c\"");
        assert_eq!(markdown_line("1. hyvä"), "1\\. hyvä");
        assert_eq!(markdown_line("2026 oli hyvä"), "2026 oli hyvä");
    }

    #[test]
    fn a_code_span_cannot_be_left() {
        assert_eq!(markdown_code("kysely.csv"), "`kysely.csv`");
        assert_eq!(
            markdown_code("a`b\n\n<img src=x onerror=alert(1)>\r\n# h\u{7}"),
            "`a'b  <img src=x onerror=alert(1)>  # h\u{FFFD}`"
        );
    }

    #[test]
    fn xml_covers_markup_quotes_and_controls() {
        assert_eq!(
            xml("<a href=\"x\">'&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\u{FFFD}"
        );
        assert_eq!(xml("rivi\nrivi"), "rivi&#10;rivi");
        assert_eq!(
            xml("ä\u{FFFE}ö\u{FFFF}\t\r€\u{FFFD}"),
            "ä\u{FFFD}ö\u{FFFD}&#9;&#13;€\u{FFFD}"
        );
        assert_eq!(xml(""), "");
        assert_eq!(xml("Hyvä palvelu"), "Hyvä palvelu");
    }
}
