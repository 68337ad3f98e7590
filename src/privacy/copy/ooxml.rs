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
//!
//! Office keeps text in more places than runs, and each is pseudonymised
//! as a text: tracked deletions and field codes among a paragraph's runs
//! (`w:delText`, `w:instrText`: `HYPERLINK "mailto:…"`), a simple field's
//! code, a link's tooltip and a picture's alternative text (attributes),
//! a hyperlink's target in the part's relationships (`_rels/*.rels`), a
//! formula and the text it gave (`<f>`, `<v>` of `t="str"`), defined names,
//! the copy of the data in a pivot table's cache, text boxes in drawings,
//! and the fields a document system keeps in `customXml/`. Each spec says
//! which of these a part has.

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
    /// Elements whose text is pseudonymised by itself, wherever they are
    /// (a formula, a defined name).
    loose: &'static [&'static str],
    /// Attributes (element, attribute; local names) that hold free text:
    /// pseudonymised as a text is.
    attributes: &'static [(&'static str, &'static str)],
    /// A worksheet: the cached value (`<v>`) of a cell whose formula gives
    /// text (`t="str"`) is that text.
    formula_values: bool,
}

/// Nothing of its own: a part where only the attributes that name a person
/// change.
const NOTHING: Spec = Spec {
    containers: &[],
    texts: &[],
    people: &[],
    loose: &[],
    attributes: &[],
    formula_values: false,
};

/// Word's text parts: the runs of a paragraph, with the text of tracked
/// deletions (`w:delText`) and field codes (`w:instrText`: `HYPERLINK
/// "mailto:…"`) among them; a simple field's code (`w:instr`), a link's
/// tooltip and a picture's alternative text are attributes.
const DOCX_BODY: Spec = Spec {
    containers: &["p"],
    texts: &["t", "delText", "instrText", "delInstrText"],
    attributes: &[
        ("fldSimple", "instr"),
        ("hyperlink", "tooltip"),
        ("docPr", "descr"),
        ("docPr", "title"),
        ("cNvPr", "descr"),
        ("cNvPr", "title"),
    ],
    ..NOTHING
};
/// Shared strings, comments and worksheets: inline strings, formulas
/// (`<f>`), the text a formula gave, a link's tooltip and shown text.
const XLSX_STRINGS: Spec = Spec {
    containers: &["si", "is", "comment"],
    texts: &["t"],
    people: &["author"],
    loose: &["f"],
    attributes: &[("hyperlink", "tooltip"), ("hyperlink", "display")],
    formula_values: true,
};
/// Excel's threaded comments (`xl/threadedComments/*.xml`).
const XLSX_THREADS: Spec = Spec {
    containers: &["threadedComment"],
    texts: &["text"],
    ..NOTHING
};
/// `xl/workbook.xml`: defined names are formulas that may hold text.
const XLSX_WORKBOOK: Spec = Spec {
    loose: &["definedName"],
    ..NOTHING
};
/// A pivot table's cache (`xl/pivotCache/`) keeps a copy of every text of
/// its source range, as the `v` of its `<s>` items.
const XLSX_PIVOT_CACHE: Spec = Spec {
    attributes: &[("s", "v")],
    ..NOTHING
};
/// Text boxes and shapes in a sheet's drawing (`xl/drawings/`).
const DRAWING: Spec = Spec {
    containers: &["p"],
    texts: &["t"],
    attributes: &[("cNvPr", "descr"), ("cNvPr", "title")],
    ..NOTHING
};
/// A part's relationships (`_rels/*.rels`): a hyperlink's target is a
/// text (`mailto:matti@example.fi`).
const RELATIONSHIPS: Spec = Spec {
    attributes: &[("Relationship", "Target")],
    ..NOTHING
};
/// `docProps/core.xml`.
const PROPERTIES: Spec = Spec {
    containers: &["title", "subject", "description", "keywords", "category"],
    texts: &["title", "subject", "description", "keywords", "category"],
    people: &["creator", "lastModifiedBy"],
    ..NOTHING
};
/// `docProps/app.xml`.
const APP_PROPERTIES: Spec = Spec {
    containers: &["Company", "HyperlinkBase"],
    texts: &["Company", "HyperlinkBase"],
    people: &["Manager"],
    ..NOTHING
};
/// `docProps/custom.xml`: the values of custom properties (a mail
/// program's `_AuthorEmail`, a document system's fields), and
/// `customXml/item*.xml`: a document system's fields (owner, e-mail).
const CUSTOM_PROPERTIES: Spec = Spec {
    containers: &["property"],
    texts: &["lpwstr", "lpstr", "bstr"],
    ..NOTHING
};
/// `customXml/item*.xml`: any XML a document system keeps (an owner's
/// name or e-mail): every text by itself.
const CUSTOM_XML: Spec = Spec {
    loose: &["*"],
    ..NOTHING
};
/// Other parts that may hold people in attributes: `word/people.xml`,
/// tracked changes in styles and numbering, `xl/persons/`, revisions, a
/// shared workbook.
const ATTRIBUTES_ONLY: Spec = NOTHING;

/// The spec of a zip entry, or `None` to copy it as is.
fn spec_of(kind: Kind, name: &str) -> Option<&'static Spec> {
    match name {
        "docProps/core.xml" => return Some(&PROPERTIES),
        "docProps/app.xml" => return Some(&APP_PROPERTIES),
        "docProps/custom.xml" => return Some(&CUSTOM_PROPERTIES),
        _ => {}
    }
    if name.ends_with(".rels") {
        return Some(&RELATIONSHIPS);
    }
    if name.starts_with("customXml/item") && name.ends_with(".xml") && !name.contains("Props") {
        return Some(&CUSTOM_XML);
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
            } else if part == "workbook.xml" {
                Some(&XLSX_WORKBOOK)
            } else if part.starts_with("pivotCache/") {
                Some(&XLSX_PIVOT_CACHE)
            } else if part.starts_with("drawings/") && !part.contains("_rels") {
                Some(&DRAWING)
            } else if part.starts_with("persons/") || part.starts_with("revisions/") {
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
    // The text of an element pseudonymised by itself (`spec.loose`).
    let mut loose: Option<Run> = None;
    // Inside a cell whose formula gives text (`<c t="str">`).
    let mut text_cell = false;
    let mut depth = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| (reader.buffer_position(), e.to_string()))?;
        let after = reader.buffer_position() as usize;
        if let Event::Start(e) | Event::Empty(e) = &event {
            attributes(c, xml, e, spec, &mut splices).map_err(|e| (before as u64, e))?;
        }
        if let Event::Start(_) | Event::End(_) = &event
            && let Some(mut r) = loose.take()
        {
            r.raw.end = before;
            flush(c, &r.text.clone(), std::slice::from_ref(&r), &mut splices);
        }
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if spec.formula_values && name == "c" {
                    text_cell = e
                        .try_get_attribute("t")
                        .ok()
                        .flatten()
                        .is_some_and(|t| t.value.as_ref() == "str");
                }
                let by_itself = spec.loose.contains(&name)
                    || spec.loose == ["*"]
                    || (spec.formula_values && text_cell && name == "v");
                if by_itself && current.is_none() && person.is_none() && depth == 0 {
                    loose = Some(Run {
                        raw: after..after,
                        text: String::new(),
                        at: 0,
                    });
                }
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
                if let Some(r) = current.as_mut().or(person.as_mut()).or(loose.as_mut()) {
                    r.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(r) = current.as_mut().or(person.as_mut()).or(loose.as_mut()) {
                    r.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(r) = current.as_mut().or(person.as_mut()).or(loose.as_mut()) {
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
/// person ([`person_attribute`]) by person codes (initials get the code of
/// the author beside them), and of those that hold free text
/// (`spec.attributes`) by the text pseudonymised.
fn attributes(
    c: &mut Copier<'_>,
    xml: &str,
    e: &quick_xml::events::BytesStart<'_>,
    spec: &Spec,
    splices: &mut Vec<(Range<usize>, String)>,
) -> std::result::Result<(), String> {
    let element = e.local_name();
    let element: &str = element.as_ref();
    let mut author_code: Option<String> = None;
    let mut initials: Option<(Range<usize>, String)> = None;
    for attr in e.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.local_name();
        let text = spec
            .attributes
            .iter()
            .any(|&(el, at)| el == element && at == key.as_ref());
        if !text && !person_attribute(element, key.as_ref()) {
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
        if text {
            if let Some(new) = c.text(&value, &mut Vec::new()) {
                splices.push((range, escape(&new)));
            }
            continue;
        }
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
        for (kind, part) in [
            (Kind::Docx, "word/_rels/document.xml.rels"),
            (Kind::Xlsx, "xl/worksheets/_rels/sheet1.xml.rels"),
            (Kind::Docx, "customXml/item1.xml"),
            (Kind::Xlsx, "xl/pivotCache/pivotCacheRecords1.xml"),
            (Kind::Xlsx, "xl/drawings/drawing1.xml"),
        ] {
            assert!(spec_of(kind, part).is_some(), "{part}");
        }
    }

    #[test]
    fn text_outside_the_runs_is_pseudonymised_too() {
        let body = r#"<w:document xmlns:w="x"><w:body><w:p><w:del w:author="A"><w:r><w:delText>soita 040 123 4567</w:delText></w:r></w:del></w:p><w:p><w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:matti@example.fi" </w:instrText></w:r><w:fldSimple w:instr="HYPERLINK mailto:liisa@example.fi"><w:r><w:t>linkki</w:t></w:r></w:fldSimple></w:p></w:body></w:document>"#;
        let got = rewrite_with_names(body, &DOCX_BODY);
        for original in ["123 4567", "matti@", "liisa@"] {
            assert!(!got.contains(original), "{original} in {got}");
        }
        assert!(
            got.contains(r#"w:instr="HYPERLINK mailto:[SÄHKÖPOSTI 1]""#),
            "{got}"
        );
        let rels = r#"<Relationships><Relationship Id="rId1" Target="mailto:matti@example.fi" TargetMode="External"/><Relationship Id="rId2" Target="header1.xml"/></Relationships>"#;
        assert_eq!(
            rewrite_with_names(rels, &RELATIONSHIPS),
            r#"<Relationships><Relationship Id="rId1" Target="mailto:[SÄHKÖPOSTI 1]" TargetMode="External"/><Relationship Id="rId2" Target="header1.xml"/></Relationships>"#
        );
        // A formula's text and the text it gave change; a number stored as
        // a number and a shared string's index do not.
        let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="str"><f>"040 123 4567"</f><v>040 123 4567</v></c><c r="B1"><v>358401234567</v></c><c r="C1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
        assert_eq!(
            rewrite_with_names(sheet, &XLSX_STRINGS),
            r#"<worksheet><sheetData><row r="1"><c r="A1" t="str"><f>&quot;[PUHELIN 1]&quot;</f><v>[PUHELIN 1]</v></c><c r="B1"><v>358401234567</v></c><c r="C1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
        );
        let cache = r#"<pivotCacheRecords><r><s v="soita 040 123 4567"/><n v="5"/></r></pivotCacheRecords>"#;
        assert_eq!(
            rewrite_with_names(cache, &XLSX_PIVOT_CACHE),
            r#"<pivotCacheRecords><r><s v="soita [PUHELIN 1]"/><n v="5"/></r></pivotCacheRecords>"#
        );
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
