//! Word `.docx` transcripts: the paragraphs of `word/document.xml` (text of
//! `<w:t>`, tabs and line breaks kept), one line per paragraph, then read
//! as a plain-text transcript. Spans refer to this extracted text.
//! The XML is unpacked within the limit of [`super::zipped`].

use super::zipped::XmlBudget;
use crate::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::path::Path;

/// The paragraphs of a `.docx` as text, one per line.
pub(crate) fn text(path: &Path, bytes: &[u8]) -> Result<String> {
    let mut zip = super::zipped::open(
        path,
        bytes,
        &super::zipped::Expected {
            kind: "a Word .docx file",
            remedy: "save it from Word as .docx, or as .txt",
        },
    )?;
    let mut budget = XmlBudget::for_file(bytes.len());
    let entry = zip.by_name("word/document.xml").map_err(|e| {
        Error::input(
            path,
            format!("is a zip but not a Word .docx (no word/document.xml: {e})"),
        )
    })?;
    let xml = budget.read_to_string(path, "word/document.xml", entry)?;
    paragraphs(&xml).map_err(|(pos, e)| {
        Error::input(
            path,
            format!("word/document.xml is malformed at byte {pos}: {e}"),
        )
    })
}

fn paragraphs(xml: &str) -> std::result::Result<String, (u64, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut in_para = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| (reader.buffer_position(), e.to_string()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => in_para = true,
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" if in_para => out.push('\t'),
                "br" | "cr" if in_para => out.push('\n'),
                "p" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "p" => {
                    in_para = false;
                    out.push('\n');
                }
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    match r.as_ref() {
                        "amp" => out.push('&'),
                        "lt" => out.push('<'),
                        "gt" => out.push('>'),
                        "quot" => out.push('"'),
                        "apos" => out.push('\''),
                        other => {
                            out.push('&');
                            out.push_str(other);
                            out.push(';');
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_runs_and_entities() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>H: Moi </w:t></w:r><w:r><w:t xml:space="preserve">&amp; tervetuloa</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>V: Kiitos</w:t><w:br/><w:t>jatkuu</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            paragraphs(xml).unwrap(),
            "H: Moi & tervetuloa\n\nV: Kiitos\njatkuu\n"
        );
    }

    #[test]
    fn not_a_zip() {
        let e = text(Path::new("h.docx"), b"H: moi")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("h.docx: is not a Word .docx file (not a zip archive"),
            "{e}"
        );
    }
}
