//! XLSX workbooks and DOCX documents copied as the same kind of file: the
//! zip entries that hold text are rewritten, every other entry is copied
//! as it was (styles, formulas, images, relationships).
//!
//! Word and Excel split text into runs (`<w:t>` in `<w:p>`, `<t>` in
//! `<si>`), often in the middle of a word. The runs of a paragraph or
//! string are joined, pseudonymised as one text, and each code goes into
//! the run where its original started; the rest of the original is removed
//! from the runs it spread to. Runs without a change keep their bytes.
//!
//! Fields that name a person (a comment's author, the document's creator;
//! listed in `copy/people.rs`) are replaced whole by a person code, in
//! every part that may hold one.

use super::Copier;
use super::people::person_attribute;
use crate::corpus::zipped::XmlBudget;
use crate::escape::xml as escape;
use crate::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

/// Which Office format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Excel workbook.
    Xlsx,
    /// Word document.
    Docx,
}

/// Which elements of a part hold text: containers (a paragraph, a shared
/// string) of text elements (runs); empty elements that stand for a
/// character between runs (a tab, a line break); elements whose whole text
/// names a person. Attributes that name a person are replaced in every
/// part with a spec.
struct Spec {
    containers: &'static [&'static str],
    texts: &'static [&'static str],
    people: &'static [&'static str],
}

const DOCX_BODY: Spec = Spec {
    containers: &["p"],
    texts: &["t"],
    people: &[],
};
const XLSX_STRINGS: Spec = Spec {
    containers: &["si", "is", "comment"],
    texts: &["t"],
    people: &["author"],
};
/// Excel's threaded comments (`xl/threadedComments/*.xml`).
const XLSX_THREADS: Spec = Spec {
    containers: &["threadedComment"],
    texts: &["text"],
    people: &[],
};
/// `docProps/core.xml`.
const PROPERTIES: Spec = Spec {
    containers: &["title", "subject", "description", "keywords", "category"],
    texts: &["title", "subject", "description", "keywords", "category"],
    people: &["creator", "lastModifiedBy"],
};
/// `docProps/app.xml`.
const APP_PROPERTIES: Spec = Spec {
    containers: &["Company", "HyperlinkBase"],
    texts: &["Company", "HyperlinkBase"],
    people: &["Manager"],
};
/// `docProps/custom.xml`: the values of custom properties (a mail
/// program's `_AuthorEmail`, a document system's fields).
const CUSTOM_PROPERTIES: Spec = Spec {
    containers: &["property"],
    texts: &["lpwstr", "lpstr", "bstr"],
    people: &[],
};
/// Other parts that may hold people in attributes: `word/people.xml`,
/// tracked changes in styles and numbering, `xl/persons/`, revisions, a
/// shared workbook.
const ATTRIBUTES_ONLY: Spec = Spec {
    containers: &[],
    texts: &[],
    people: &[],
};

/// The spec of a zip entry, or `None` to copy it as is.
fn spec_of(kind: Kind, name: &str) -> Option<&'static Spec> {
    match name {
        "docProps/core.xml" => return Some(&PROPERTIES),
        "docProps/app.xml" => return Some(&APP_PROPERTIES),
        "docProps/custom.xml" => return Some(&CUSTOM_PROPERTIES),
        _ => {}
    }
    match kind {
        Kind::Docx => {
            let part = name.strip_prefix("word/")?;
            if !part.ends_with(".xml") || part.contains('/') {
                return None;
            }
            let text_part = part == "document.xml"
                || part == "footnotes.xml"
                || part == "endnotes.xml"
                || part == "comments.xml"
                || part.starts_with("header")
                || part.starts_with("footer");
            Some(if text_part {
                &DOCX_BODY
            } else {
                &ATTRIBUTES_ONLY
            })
        }
        Kind::Xlsx => {
            let part = name.strip_prefix("xl/")?;
            if !part.ends_with(".xml") {
                return None;
            }
            if part == "sharedStrings.xml"
                || part.starts_with("worksheets/sheet")
                || part.starts_with("comments")
            {
                Some(&XLSX_STRINGS)
            } else if part.starts_with("threadedComments/") {
                Some(&XLSX_THREADS)
            } else if part == "workbook.xml"
                || part.starts_with("persons/")
                || part.starts_with("revisions/")
            {
                Some(&ATTRIBUTES_ONLY)
            } else {
                None
            }
        }
    }
}

/// The pseudonymised copy of an XLSX or DOCX file.
pub fn copy(c: &mut Copier<'_>, path: &Path, bytes: &[u8], kind: Kind) -> Result<Vec<u8>> {
    let what = match kind {
        Kind::Xlsx => "an Excel .xlsx workbook",
        Kind::Docx => "a Word .docx document",
    };
    let bad = |e: &dyn std::fmt::Display| Error::input(path, format!("is not {what} ({e})"));
    let mut zip = crate::corpus::zipped::open(
        path,
        bytes,
        &crate::corpus::zipped::Expected {
            kind: what,
            remedy: "save it again from Office",
        },
    )?;
    // The parts rewritten are unpacked within the limit the readers keep.
    let mut budget = XmlBudget::for_file(bytes.len());
    budget.check_declared(path, &mut zip, |name| spec_of(kind, name).is_some())?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let name = zip
            .by_index_raw(i)
            .map_err(|e| bad(&e))?
            .name()
            .map_err(|e| bad(&e))?
            .to_string();
        match spec_of(kind, &name) {
            Some(spec) => {
                let entry = zip.by_index(i).map_err(|e| bad(&e))?;
                let xml = budget.read_to_string(path, &name, entry)?;
                let xml = rewrite(c, &xml, spec).map_err(|(pos, e)| {
                    Error::input(path, format!("{name} is malformed at byte {pos}: {e}"))
                })?;
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                out.start_file(name.as_str(), options)
                    .map_err(|e| bad(&e))?;
                out.write_all(xml.as_bytes())
                    .map_err(|e| Error::input(path, format!("cannot write {name}: {e}")))?;
            }
            None => {
                let entry = zip.by_index_raw(i).map_err(|e| bad(&e))?;
                out.raw_copy_file(entry).map_err(|e| bad(&e))?;
            }
        }
    }
    Ok(out.finish().map_err(|e| bad(&e))?.into_inner())
}

/// A text run: where its content is in the XML, its text, and where the
/// text starts in the joined text of its container.
struct Run {
    raw: Range<usize>,
    text: String,
    at: usize,
}

/// The XML with the text of every container pseudonymised.
fn rewrite(
    c: &mut Copier<'_>,
    xml: &str,
    spec: &Spec,
) -> std::result::Result<String, (u64, String)> {
    let mut reader = Reader::from_str(xml);
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let mut joined = String::new();
    let mut current: Option<Run> = None;
    // The text of an element that names a person.
    let mut person: Option<Run> = None;
    let mut depth = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| (reader.buffer_position(), e.to_string()))?;
        let after = reader.buffer_position() as usize;
        if let Event::Start(e) | Event::Empty(e) = &event {
            people_in_attributes(c, xml, e, &mut splices).map_err(|e| (before as u64, e))?;
        }
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if spec.people.contains(&name) {
                    person = Some(Run {
                        raw: after..after,
                        text: String::new(),
                        at: 0,
                    });
                }
                if spec.containers.contains(&name) {
                    depth += 1;
                }
                if depth > 0 && spec.texts.contains(&name) {
                    current = Some(Run {
                        raw: after..after,
                        text: String::new(),
                        at: joined.len(),
                    });
                }
            }
            Event::Empty(e) if depth > 0 && current.is_none() => match e.local_name().as_ref() {
                "tab" => joined.push('\t'),
                "br" | "cr" => joined.push('\n'),
                _ => {}
            },
            Event::Text(t) => {
                if let Some(r) = current.as_mut().or(person.as_mut()) {
                    r.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(r) = current.as_mut().or(person.as_mut()) {
                    r.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(r) = current.as_mut().or(person.as_mut()) {
                    match g.resolve_char_ref() {
                        Ok(Some(ch)) => r.text.push(ch),
                        _ => r.text.push_str(match g.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        }),
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if spec.people.contains(&name)
                    && let Some(mut r) = person.take()
                {
                    r.raw.end = before;
                    if let Some(code) = c.person(&r.text) {
                        splices.push((r.raw, escape(&code)));
                    }
                }
                if spec.texts.contains(&name)
                    && let Some(mut r) = current.take()
                {
                    r.raw.end = before;
                    joined.push_str(&r.text);
                    runs.push(r);
                }
                if spec.containers.contains(&name) && depth > 0 {
                    depth -= 1;
                    if depth == 0 {
                        flush(c, &joined, &runs, &mut splices);
                        runs.clear();
                        joined.clear();
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = xml.to_string();
    splices.sort_by_key(|(range, _)| range.start);
    for (range, text) in splices.into_iter().rev() {
        out.replace_range(range, &text);
    }
    Ok(out)
}

/// Plan the replacement of the attributes of element `e` that name a
/// person ([`person_attribute`]) by person codes; initials get the code of
/// the author beside them.
fn people_in_attributes(
    c: &mut Copier<'_>,
    xml: &str,
    e: &quick_xml::events::BytesStart<'_>,
    splices: &mut Vec<(Range<usize>, String)>,
) -> std::result::Result<(), String> {
    let element = e.local_name();
    let mut author_code: Option<String> = None;
    let mut initials: Option<(Range<usize>, String)> = None;
    for attr in e.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.local_name();
        if !person_attribute(element.as_ref(), key.as_ref()) {
            continue;
        }
        // The value's place in the part: attributes of a part read from a
        // string borrow from it.
        let start = (attr.value.as_ptr() as usize).wrapping_sub(xml.as_ptr() as usize);
        let range = start..start + attr.value.len();
        if !matches!(attr.value, std::borrow::Cow::Borrowed(_)) || range.end > xml.len() {
            return Err("an attribute that names a person cannot be located".into());
        }
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        if key.as_ref() == "initials" {
            initials = Some((range, value));
            continue;
        }
        if let Some(code) = c.person(&value) {
            if key.as_ref() == "author" {
                author_code = Some(code.clone());
            }
            splices.push((range, escape(&code)));
        }
    }
    if let Some((range, value)) = initials {
        let code = match author_code {
            Some(code) => Some(code),
            None => c.person(&value),
        };
        if let Some(code) = code {
            splices.push((range, escape(&code)));
        }
    }
    Ok(())
}

/// Pseudonymise the joined text of a container and plan the run changes.
fn flush(
    c: &mut Copier<'_>,
    joined: &str,
    runs: &[Run],
    splices: &mut Vec<(Range<usize>, String)>,
) {
    if runs.is_empty() {
        return;
    }
    let mut edits = Vec::new();
    let Some(new) = c.text(joined, &mut edits) else {
        return;
    };
    // Each edit with its code and the run the code goes into: the run where
    // the original starts, or the next run when it starts between runs.
    let mut shift = 0isize;
    let mut placed: Vec<(usize, usize, &str, usize)> = Vec::new();
    for e in &edits {
        let s = (e.start as isize + shift) as usize;
        let code = &new[s..s + e.new_len];
        shift += e.delta();
        let owner = runs
            .iter()
            .position(|r| {
                e.start < r.at + r.text.len() && r.at + r.text.len() > r.at && e.start >= r.at
            })
            .or_else(|| runs.iter().position(|r| r.at >= e.start))
            .unwrap_or(runs.len() - 1);
        placed.push((e.start, e.end, code, owner));
    }
    for (ri, r) in runs.iter().enumerate() {
        let (a, b) = (r.at, r.at + r.text.len());
        let touching: Vec<&(usize, usize, &str, usize)> = placed
            .iter()
            .filter(|(s, e, _, owner)| *owner == ri || (*s < b && *e > a))
            .collect();
        if touching.is_empty() {
            continue;
        }
        let mut text = String::new();
        let mut pos = a;
        for &&(s, e, code, owner) in &touching {
            let s_in = s.clamp(a, b);
            if s_in > pos {
                text.push_str(&joined[pos..s_in]);
            }
            if owner == ri {
                text.push_str(code);
            }
            pos = pos.max(e.clamp(a, b));
        }
        text.push_str(&joined[pos..b]);
        splices.push((r.raw.clone(), escape(&text)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::{Kind as K, NameList, PrivacyOptions};
    use crate::text::{Analyzer, AnalyzerConfig};

    fn rewrite_with_names(xml: &str, spec: &Spec) -> String {
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let options = PrivacyOptions {
            kinds: K::ALL.to_vec(),
            names: Some(NameList::from_lines(["Matti Virtanen"])),
        };
        let mut c = Copier::new(&options, &analyzer);
        rewrite(&mut c, xml, spec).unwrap()
    }

    #[test]
    fn a_name_split_over_runs_becomes_one_code() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>H: Kysyin Vir</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>taselta &amp; </w:t></w:r><w:r><w:t xml:space="preserve">hän soitti 040 123 4567.</w:t></w:r></w:p><w:p><w:r><w:t>Ei mitään</w:t></w:r></w:p></w:body></w:document>"#;
        let got = rewrite_with_names(xml, &DOCX_BODY);
        assert_eq!(
            got,
            r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>H: Kysyin [HENKILÖ 1]</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t> &amp; </w:t></w:r><w:r><w:t xml:space="preserve">hän soitti [PUHELIN 1].</w:t></w:r></w:p><w:p><w:r><w:t>Ei mitään</w:t></w:r></w:p></w:body></w:document>"#
        );
    }

    #[test]
    fn comment_authors_initials_and_tracked_changes_become_person_codes() {
        let xml = r#"<w:comments xmlns:w="x"><w:comment w:id="0" w:author="Matti Virtanen" w:date="2025-01-01T00:00:00Z" w:initials="MV"><w:p><w:r><w:t>Tarkista tämä</w:t></w:r></w:p></w:comment><w:comment w:id="1" w:author="Liisa Lehtonen" w:initials="LL"><w:p><w:ins w:id="2" w:author="Matti Virtanen"><w:r><w:t>Soita Virtaselle</w:t></w:r></w:ins></w:p></w:comment></w:comments>"#;
        let got = rewrite_with_names(xml, &DOCX_BODY);
        assert_eq!(
            got,
            r#"<w:comments xmlns:w="x"><w:comment w:id="0" w:author="[HENKILÖ 1]" w:date="2025-01-01T00:00:00Z" w:initials="[HENKILÖ 1]"><w:p><w:r><w:t>Tarkista tämä</w:t></w:r></w:p></w:comment><w:comment w:id="1" w:author="[HENKILÖ 2]" w:initials="[HENKILÖ 2]"><w:p><w:ins w:id="2" w:author="[HENKILÖ 1]"><w:r><w:t>Soita [HENKILÖ 1]</w:t></w:r></w:ins></w:p></w:comment></w:comments>"#
        );
    }

    #[test]
    fn people_properties_and_workbook_users() {
        let people = r#"<w15:people xmlns:w15="y"><w15:person w15:author="Matti Virtanen"><w15:presenceInfo w15:providerId="AD" w15:userId="S::matti.virtanen@example.fi::1"/></w15:person></w15:people>"#;
        let got = rewrite_with_names(people, &ATTRIBUTES_ONLY);
        assert!(!got.contains("Virtanen") && !got.contains("matti"), "{got}");
        assert!(got.contains(r#"w15:author="[HENKILÖ 1]""#), "{got}");
        let core = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>Haastattelu 040 123 4567</dc:title><dc:creator>Matti Virtanen</dc:creator><cp:lastModifiedBy>mvirtanen</cp:lastModifiedBy></cp:coreProperties>"#;
        assert_eq!(
            rewrite_with_names(core, &PROPERTIES),
            r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>Haastattelu [PUHELIN 1]</dc:title><dc:creator>[HENKILÖ 1]</dc:creator><cp:lastModifiedBy>[HENKILÖ 2]</cp:lastModifiedBy></cp:coreProperties>"#
        );
        let app =
            r#"<Properties><Manager>Liisa Lehtonen</Manager><Company>Oy Ab</Company></Properties>"#;
        assert!(!rewrite_with_names(app, &APP_PROPERTIES).contains("Liisa"));
        let comments = r#"<comments><authors><author>Matti Virtanen</author><author>tc={1}</author></authors><commentList><comment ref="A1" authorId="0"><text><t>ok</t></text></comment></commentList></comments>"#;
        let got = rewrite_with_names(comments, &XLSX_STRINGS);
        assert!(got.contains("<author>[HENKILÖ 1]</author>"), "{got}");
        let workbook = r#"<workbook><fileSharing userName="Matti Virtanen"/><x15ac:absPath xmlns:x15ac="z" url="C:\Users\mvirtanen\Documents\"/><sheets><sheet name="Taul1" sheetId="1"/></sheets></workbook>"#;
        let got = rewrite_with_names(workbook, &ATTRIBUTES_ONLY);
        assert!(
            !got.contains("irtanen") && got.contains(r#"name="Taul1""#),
            "{got}"
        );
        let persons = r#"<personList><person displayName="Matti Virtanen" id="{1}" userId="matti@example.fi" providerId="AD"/></personList>"#;
        let got = rewrite_with_names(persons, &ATTRIBUTES_ONLY);
        assert!(!got.contains("irtanen") && !got.contains("matti"), "{got}");
    }

    #[test]
    fn metadata_parts_have_a_spec() {
        for (kind, part) in [
            (Kind::Docx, "word/people.xml"),
            (Kind::Docx, "word/styles.xml"),
            (Kind::Docx, "word/comments.xml"),
            (Kind::Docx, "docProps/core.xml"),
            (Kind::Docx, "docProps/app.xml"),
            (Kind::Docx, "docProps/custom.xml"),
            (Kind::Xlsx, "xl/workbook.xml"),
            (Kind::Xlsx, "xl/persons/person.xml"),
            (Kind::Xlsx, "xl/threadedComments/threadedComment1.xml"),
            (Kind::Xlsx, "xl/revisions/revisionHeaders.xml"),
        ] {
            assert!(spec_of(kind, part).is_some(), "{part}");
        }
        assert!(spec_of(Kind::Docx, "word/media/image1.png").is_none());
        assert!(spec_of(Kind::Docx, "word/_rels/document.xml.rels").is_none());
    }

    #[test]
    fn shared_strings_and_inline_strings() {
        let xml = r#"<sst><si><t>matti@example.fi</t></si><si><r><t>Soita </t></r><r><t>+358 40 1234567</t></r></si><si><t>1.2.2025</t></si></sst>"#;
        assert_eq!(
            rewrite_with_names(xml, &XLSX_STRINGS),
            r#"<sst><si><t>[SÄHKÖPOSTI 1]</t></si><si><r><t>Soita </t></r><r><t>[PUHELIN 1]</t></r></si><si><t>1.2.2025</t></si></sst>"#
        );
    }

    #[test]
    fn a_bomb_is_refused_within_the_readers_limit() {
        use std::io::Write as _;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("word/document.xml", options).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..70 {
            w.write_all(&block).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let options = PrivacyOptions {
            kinds: K::ALL.to_vec(),
            names: None,
        };
        let mut c = Copier::new(&options, &analyzer);
        let e = copy(&mut c, Path::new("h.docx"), &bytes, Kind::Docx)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("h.docx: the XML of its parts (as the archive declares it) exceeds the limit of 64 MB"),
            "{e}"
        );
    }
}
