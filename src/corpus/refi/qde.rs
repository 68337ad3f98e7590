//! Reading a `.qdpx`: the archive (within the XML budget of
//! [`crate::corpus::zipped`]), `project.qde` parsed as it streams past, the
//! sources' texts, and every reference resolved, or an error naming the
//! line of `project.qde` and the element.

use super::{RefiCase, RefiCode, RefiProject, RefiSelection, RefiSource, RefiUser, RefiVariable};
use crate::corpus::model::Value;
use crate::corpus::zipped::XmlBudget;
use crate::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::path::Path;

/// Read the project in `bytes` (the file `path`, for messages).
pub fn read_project(path: &Path, bytes: &[u8]) -> Result<RefiProject> {
    let mut zip = crate::corpus::zipped::open(
        path,
        bytes,
        &crate::corpus::zipped::Expected {
            kind: "a REFI-QDA project",
            remedy: "export the project again as .qdpx",
        },
    )?;
    let mut budget = XmlBudget::for_file(bytes.len());
    budget.check_declared(path, &mut zip, |n| {
        n.ends_with(".qde") || n.starts_with("sources/") && n.ends_with(".txt")
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.into_owned())
        .collect();
    let qde = names
        .iter()
        .filter(|n| !n.contains('/') && n.to_ascii_lowercase().ends_with(".qde"))
        .min()
        .cloned()
        .ok_or_else(|| {
            Error::input(
                path,
                "is a zip but not a REFI-QDA project (no project.qde at its top)",
            )
        })?;
    let entry = zip
        .by_name(&qde)
        .map_err(|e| Error::input(path, format!("cannot read {qde}: {e}")))?;
    let xml = budget.read_to_string(path, &qde, entry)?;
    let raw =
        parse(&xml).map_err(|(line, e)| Error::input(path, format!("{qde} line {line}: {e}")))?;
    raw.resolve(path, &qde, &mut zip, &mut budget)
}

/// A failure while parsing: (line, message).
type Fail = (u64, String);

/// A source as parsed, before its text is read and its references resolved.
#[derive(Default)]
struct RawSource {
    guid: String,
    name: String,
    line: u64,
    path: Option<String>,
    inline: Option<String>,
    selections: Vec<RawSelection>,
}

#[derive(Default)]
struct RawSelection {
    line: u64,
    /// None: a coding of the whole source.
    span: Option<(i64, i64)>,
    user: Option<String>,
    /// (code GUID, user GUID, line).
    codings: Vec<(String, Option<String>, u64)>,
}

#[derive(Default)]
struct RawCase {
    name: String,
    line: u64,
    /// (variable GUID, value, line).
    values: Vec<(String, Value, u64)>,
    sources: Vec<(String, u64)>,
}

#[derive(Default)]
struct Raw {
    users: Vec<RefiUser>,
    codes: Vec<RefiCode>,
    variables: Vec<RefiVariable>,
    cases: Vec<RawCase>,
    sources: Vec<RawSource>,
    sets: Vec<(String, Vec<(String, u64)>)>,
    skipped: usize,
}

/// The value of attribute `name` (local name), unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

fn need(e: &BytesStart<'_>, name: &str, line: u64) -> std::result::Result<String, Fail> {
    attr(e, name).ok_or_else(|| {
        (
            line,
            format!("<{}> has no {name} attribute", e.local_name().as_ref()),
        )
    })
}

/// The GUIDs met so far, per element (`Code`, `TextSource`, ...), with the
/// line of each.
type Guids = HashMap<(&'static str, String), u64>;

/// `guid` of an `element` at `line` must not be one an element of its kind
/// already has: the references to it (a coding's code, a case's source)
/// would be ambiguous, and one of the two would silently get the other's
/// codings.
fn unique(guids: &mut Guids, element: &'static str, guid: &str, line: u64) -> Result<(), Fail> {
    match guids.entry((element, guid.to_ascii_lowercase())) {
        std::collections::hash_map::Entry::Occupied(first) => Err((
            line,
            format!(
                "<{element} guid=\"{guid}\"> has the guid of the <{element}> at line {}: each needs \
                 its own, or what refers to them is ambiguous; export the project again",
                first.get()
            ),
        )),
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(line);
            Ok(())
        }
    }
}

fn parse(xml: &str) -> std::result::Result<Raw, Fail> {
    let mut reader = Reader::from_str(xml);
    let mut raw = Raw::default();
    let mut guids = Guids::new();
    let mut stack: Vec<String> = Vec::new();
    // Line counting: newlines before the reader's position, counted on.
    let (mut counted, mut line) = (0usize, 1u64);
    let mut line_at = |pos: usize| {
        let pos = pos.min(xml.len());
        if pos > counted {
            line += memchr::memchr_iter(b'\n', &xml.as_bytes()[counted..pos]).count() as u64;
            counted = pos;
        }
        line
    };
    // Text of the element being read (PlainTextContent, a variable's value).
    let mut text: Option<String> = None;
    let mut value_kind = String::new();
    let mut var_ref: Option<String> = None;
    let mut value_line = 0u64;
    let mut codes_open: Vec<usize> = Vec::new();
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            (
                line_at(reader.buffer_position() as usize),
                format!("malformed XML: {e}"),
            )
        })?;
        let l = line_at(pos + xml[pos.min(xml.len())..].find('<').unwrap_or(0));
        let (e, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = e {
            let name = e.local_name().as_ref().to_string();
            let parent = stack.last().map(String::as_str);
            match (name.as_str(), parent) {
                ("User", _) => {
                    let guid = need(e, "guid", l)?;
                    unique(&mut guids, "User", &guid, l)?;
                    let name = attr(e, "name")
                        .filter(|n| !n.trim().is_empty())
                        .or_else(|| attr(e, "id"))
                        .unwrap_or_else(|| guid.clone());
                    raw.users.push(RefiUser { guid, name });
                }
                ("Code", _) => {
                    let guid = need(e, "guid", l)?;
                    unique(&mut guids, "Code", &guid, l)?;
                    let name = need(e, "name", l)?;
                    raw.codes.push(RefiCode {
                        guid,
                        name,
                        parent: codes_open.last().copied(),
                    });
                    if !empty {
                        codes_open.push(raw.codes.len() - 1);
                    }
                }
                ("Variable", Some("Variables")) => {
                    let guid = need(e, "guid", l)?;
                    unique(&mut guids, "Variable", &guid, l)?;
                    raw.variables.push(RefiVariable {
                        guid,
                        name: need(e, "name", l)?,
                        kind: attr(e, "typeOfVariable").unwrap_or_else(|| "Text".into()),
                    })
                }
                ("Case", _) => raw.cases.push(RawCase {
                    name: attr(e, "name").unwrap_or_else(|| need(e, "guid", l).unwrap_or_default()),
                    line: l,
                    ..Default::default()
                }),
                ("VariableRef", Some("VariableValue")) => var_ref = Some(need(e, "targetGUID", l)?),
                ("VariableValue", _) => {
                    var_ref = None;
                    value_line = l;
                }
                (
                    "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue"
                    | "DateTimeValue",
                    Some("VariableValue"),
                ) => {
                    value_kind = name.clone();
                    text = Some(String::new());
                }
                ("SourceRef", Some("Case")) => {
                    if let Some(c) = raw.cases.last_mut() {
                        c.sources.push((need(e, "targetGUID", l)?, l));
                    }
                }
                ("TextSource", Some("Sources")) => {
                    let guid = need(e, "guid", l)?;
                    unique(&mut guids, "TextSource", &guid, l)?;
                    raw.sources.push(RawSource {
                        guid,
                        name: attr(e, "name").unwrap_or_default(),
                        line: l,
                        path: attr(e, "plainTextPath"),
                        ..Default::default()
                    })
                }
                (
                    "PictureSource" | "PDFSource" | "AudioSource" | "VideoSource",
                    Some("Sources"),
                ) => raw.skipped += 1,
                ("PlainTextContent", Some("TextSource")) if stack.len() == 3 => {
                    text = Some(String::new())
                }
                ("PlainTextSelection", Some("TextSource")) if stack.len() == 3 => {
                    let number = |a: &str| -> std::result::Result<i64, Fail> {
                        need(e, a, l)?.trim().parse().map_err(|_| {
                            (l, format!("<PlainTextSelection> {a} is not a whole number"))
                        })
                    };
                    let span = (number("startPosition")?, number("endPosition")?);
                    if let Some(s) = raw.sources.last_mut() {
                        s.selections.push(RawSelection {
                            line: l,
                            span: Some(span),
                            user: attr(e, "creatingUser"),
                            codings: Vec::new(),
                        });
                    }
                }
                ("Coding", Some("TextSource")) if stack.len() == 3 => {
                    // A coding of the whole source: a selection of all of it.
                    if let Some(s) = raw.sources.last_mut() {
                        s.selections.push(RawSelection {
                            line: l,
                            span: None,
                            user: attr(e, "creatingUser"),
                            codings: Vec::new(),
                        });
                        if let Some(sel) = s.selections.last_mut() {
                            sel.codings
                                .push((String::new(), attr(e, "creatingUser"), l));
                        }
                    }
                }
                ("Coding", Some("PlainTextSelection")) if stack.len() == 4 => {
                    if let Some(sel) = raw.sources.last_mut().and_then(|s| s.selections.last_mut())
                    {
                        sel.codings
                            .push((String::new(), attr(e, "creatingUser"), l));
                    }
                }
                ("CodeRef", Some("Coding")) if stack.len() >= 4 && stack[1] == "Sources" => {
                    let target = need(e, "targetGUID", l)?;
                    if let Some(c) = raw
                        .sources
                        .last_mut()
                        .and_then(|s| s.selections.last_mut())
                        .and_then(|sel| sel.codings.last_mut())
                    {
                        c.0 = target;
                        c.2 = l;
                    }
                }
                ("Set", Some("Sets")) => raw.sets.push((need(e, "name", l)?, Vec::new())),
                ("MemberSource", Some("Set")) => {
                    if let Some(s) = raw.sets.last_mut() {
                        s.1.push((need(e, "targetGUID", l)?, l));
                    }
                }
                _ => {}
            }
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match event {
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == "Code" {
                    codes_open.pop();
                }
                if name == "PlainTextContent"
                    && stack.len() == 4
                    && let (Some(s), Some(t)) = (raw.sources.last_mut(), text.take())
                {
                    s.inline = Some(t);
                }
                if stack.len() >= 2
                    && stack[stack.len() - 2] == "VariableValue"
                    && let (Some(t), Some(v)) = (text.take(), var_ref.clone())
                {
                    let value = typed(&value_kind, &t).ok_or_else(|| {
                        (
                            value_line,
                            format!("<{value_kind}> '{t}' is not a valid value of its type"),
                        )
                    })?;
                    if let Some(c) = raw.cases.last_mut() {
                        c.values.push((v, value, value_line));
                    }
                }
                stack.pop();
            }
            Event::Text(t) => {
                if let Some(s) = text.as_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(s) = text.as_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(s) = text.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => s.push(c),
                        _ => match r.as_ref() {
                            "amp" => s.push('&'),
                            "lt" => s.push('<'),
                            "gt" => s.push('>'),
                            "quot" => s.push('"'),
                            "apos" => s.push('\''),
                            other => {
                                return Err((
                                    line_at(reader.buffer_position() as usize),
                                    format!("unknown entity &{};", other),
                                ));
                            }
                        },
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err((
                        line_at(xml.len()),
                        format!(
                            "the file ends inside <{open}>: it is cut short; export the project again"
                        ),
                    ));
                }
                break;
            }
            _ => {}
        }
    }
    if !xml.contains("<Project") {
        return Err((1, "no <Project> element: not a QDA-XML project".into()));
    }
    Ok(raw)
}

/// A variable's value as teema keeps it: numbers as numbers, the rest as
/// text; `None` when the text is not of the element's type.
fn typed(kind: &str, text: &str) -> Option<Value> {
    let t = text.trim();
    match kind {
        "IntegerValue" | "FloatValue" => t
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Value::Number),
        "BooleanValue" => match t {
            "true" | "1" => Some(Value::Text("true".into())),
            "false" | "0" => Some(Value::Text("false".into())),
            _ => None,
        },
        _ => Some(Value::Text(t.into())),
    }
}

impl Raw {
    /// Read the sources' texts and resolve every reference.
    fn resolve<R: std::io::Read + std::io::Seek>(
        self,
        path: &Path,
        qde: &str,
        zip: &mut zip::ZipArchive<R>,
        budget: &mut XmlBudget,
    ) -> Result<RefiProject> {
        let at = |line: u64, msg: String| Error::input(path, format!("{qde} line {line}: {msg}"));
        let index = |list: Vec<&str>| -> HashMap<String, usize> {
            list.into_iter()
                .enumerate()
                .map(|(i, g)| (g.to_ascii_lowercase(), i))
                .collect()
        };
        let users = index(self.users.iter().map(|u| u.guid.as_str()).collect());
        let codes = index(self.codes.iter().map(|c| c.guid.as_str()).collect());
        let vars = index(self.variables.iter().map(|v| v.guid.as_str()).collect());
        let sources = index(self.sources.iter().map(|s| s.guid.as_str()).collect());
        let source_of =
            |g: &str, line: u64, what: &str| {
                sources.get(&g.to_ascii_lowercase()).copied().ok_or_else(|| {
                at(
                    line,
                    format!("<{what} targetGUID=\"{g}\"> refers to no <TextSource> of the project"),
                )
            })
            };
        let user_of =
            |g: Option<&String>| g.and_then(|g| users.get(&g.to_ascii_lowercase()).copied());
        let mut project = RefiProject {
            users: self.users,
            codes: self.codes,
            variables: self.variables,
            skipped: self.skipped,
            ..Default::default()
        };
        for s in self.sources {
            let text = match (&s.inline, &s.path) {
                (Some(t), _) => t.clone(),
                (None, Some(p)) => {
                    let Some(file) = p.strip_prefix("internal://") else {
                        return Err(at(
                            s.line,
                            format!(
                                "<TextSource name=\"{}\"> points to {p}, outside the project: export the project with its sources (internal://) and read it again",
                                s.name
                            ),
                        ));
                    };
                    let entry = format!("sources/{file}");
                    let e = zip.by_name(&entry).map_err(|_| {
                        at(
                            s.line,
                            format!(
                                "<TextSource name=\"{}\"> points to {p}, but the archive has no {entry}: the project is incomplete; export it again",
                                s.name
                            ),
                        )
                    })?;
                    budget.read_to_string(path, &entry, e)?
                }
                (None, None) => {
                    return Err(at(
                        s.line,
                        format!(
                            "<TextSource name=\"{}\"> has neither plainTextPath nor <PlainTextContent>: it has no text",
                            s.name
                        ),
                    ));
                }
            };
            // Byte offset of every character (and of the end), when needed.
            let starts: Vec<usize> = if s.selections.is_empty() {
                Vec::new()
            } else {
                text.char_indices()
                    .map(|(b, _)| b)
                    .chain(std::iter::once(text.len()))
                    .collect()
            };
            let chars = text.chars().count();
            let mut selections = Vec::with_capacity(s.selections.len());
            for sel in s.selections {
                let (start, end) = match sel.span {
                    None => (0, chars),
                    Some((a, b)) => {
                        if a < 0 || b < a || b as usize > chars {
                            return Err(at(
                                sel.line,
                                format!(
                                    "<PlainTextSelection startPosition=\"{a}\" endPosition=\"{b}\"> falls outside its source '{}' ({chars} characters)",
                                    s.name
                                ),
                            ));
                        }
                        (a as usize, b as usize)
                    }
                };
                let byte = |c: usize| starts.get(c).copied().unwrap_or(text.len());
                let mut codings = Vec::with_capacity(sel.codings.len());
                for (code, user, line) in &sel.codings {
                    let c = codes.get(&code.to_ascii_lowercase()).copied().ok_or_else(|| {
                        at(
                            *line,
                            if code.is_empty() {
                                "<Coding> has no <CodeRef>".to_string()
                            } else {
                                format!(
                                    "<CodeRef targetGUID=\"{code}\"> refers to no <Code> of the project's code book"
                                )
                            },
                        )
                    })?;
                    codings.push((c, user_of(user.as_ref().or(sel.user.as_ref()))));
                }
                selections.push(RefiSelection {
                    line: sel.line,
                    start,
                    end,
                    bytes: (byte(start), byte(end)),
                    codings,
                });
            }
            project.sources.push(RefiSource {
                guid: s.guid,
                name: s.name,
                line: s.line,
                text,
                selections,
            });
        }
        for c in self.cases {
            let mut values = Vec::with_capacity(c.values.len());
            for (g, v, line) in c.values {
                let i = vars.get(&g.to_ascii_lowercase()).copied().ok_or_else(|| {
                    at(line, format!("<VariableRef targetGUID=\"{g}\"> refers to no <Variable> of the project"))
                })?;
                values.push((i, v));
            }
            let mut refs = Vec::with_capacity(c.sources.len());
            for (g, line) in &c.sources {
                refs.push(source_of(g, *line, "SourceRef")?);
            }
            project.cases.push(RefiCase {
                name: c.name,
                line: c.line,
                values,
                sources: refs,
            });
        }
        for (name, members) in self.sets {
            let mut list = Vec::with_capacity(members.len());
            // A set may hold sources teema does not read (pictures, …).
            for (g, _) in &members {
                if let Some(&i) = sources.get(&g.to_ascii_lowercase()) {
                    list.push(i);
                }
            }
            project.sets.push((name, list));
        }
        Ok(project)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for &(name, text) in entries {
            w.start_file(name, options).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const U1: &str = "00000000-0000-0000-0000-000000000001";

    fn qde(sources: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
  <Users><User guid="{U1}" name="Aino"/></Users>
  <CodeBook><Codes>
    <Code guid="00000000-0000-0000-0000-0000000000c1" name="Arki" isCodable="true">
      <Code guid="00000000-0000-0000-0000-0000000000c2" name="Ruoka" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
{sources}
  </Sources>
</Project>
"#
        )
    }

    fn read(entries: &[(&str, &str)]) -> Result<RefiProject> {
        let bytes = zip_of(entries);
        read_project(Path::new("p.qdpx"), &bytes)
    }

    #[test]
    fn inline_and_internal_sources_with_nested_codes_and_character_offsets() {
        let xml = qde(
            r#"    <TextSource guid="00000000-0000-0000-0000-0000000000a1" name="eka" plainTextPath="internal://a.txt">
      <PlainTextSelection guid="00000000-0000-0000-0000-0000000000b1" startPosition="5" endPosition="10" creatingUser="00000000-0000-0000-0000-000000000001">
        <Coding guid="00000000-0000-0000-0000-0000000000d1"><CodeRef targetGUID="00000000-0000-0000-0000-0000000000c2"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="00000000-0000-0000-0000-0000000000a2" name="toka">
      <PlainTextContent>Hyvä &amp; kaunis</PlainTextContent>
    </TextSource>"#,
        );
        let p = read(&[("project.qde", &xml), ("sources/a.txt", "Äiti ruokaa söi")]).unwrap();
        assert_eq!(p.codes.len(), 2);
        assert_eq!(p.codes[1].parent, Some(0));
        assert_eq!(p.sources[1].text, "Hyvä & kaunis");
        let sel = &p.sources[0].selections[0];
        assert_eq!((sel.start, sel.end), (5, 10));
        // "Äiti " is 6 bytes: the span in bytes starts there.
        assert_eq!(&p.sources[0].text[sel.bytes.0..sel.bytes.1], "ruoka");
        assert_eq!(sel.codings, vec![(1, Some(0))]);
        let c = p.counts();
        assert_eq!((c.sources, c.codes, c.selections, c.codings), (2, 2, 1, 1));
        let answers = p.answers();
        assert_eq!(answers[0].respondent, "eka");
        assert_eq!(answers[0].question, None);
    }

    #[test]
    fn contradictions_name_the_line_and_the_element() {
        let missing = qde(
            r#"    <TextSource guid="00000000-0000-0000-0000-0000000000a1" name="eka" plainTextPath="internal://puuttuu.txt"/>"#,
        );
        let e = read(&[("project.qde", &missing)]).unwrap_err().to_string();
        assert!(
            e.starts_with("p.qdpx: project.qde line 10: <TextSource name=\"eka\"> points to internal://puuttuu.txt, but the archive has no sources/puuttuu.txt"),
            "{e}"
        );
        let outside = qde(
            r#"    <TextSource guid="00000000-0000-0000-0000-0000000000a2" name="toka">
      <PlainTextContent>lyhyt</PlainTextContent>
      <PlainTextSelection guid="00000000-0000-0000-0000-0000000000b1" startPosition="2" endPosition="9"/>
    </TextSource>"#,
        );
        let e = read(&[("project.qde", &outside)]).unwrap_err().to_string();
        assert!(
            e.starts_with("p.qdpx: project.qde line 12: <PlainTextSelection startPosition=\"2\" endPosition=\"9\"> falls outside its source 'toka' (5 characters)"),
            "{e}"
        );
        let unknown = qde(
            r#"    <TextSource guid="00000000-0000-0000-0000-0000000000a2" name="toka">
      <PlainTextContent>lyhyt</PlainTextContent>
      <PlainTextSelection guid="00000000-0000-0000-0000-0000000000b1" startPosition="0" endPosition="2">
        <Coding guid="00000000-0000-0000-0000-0000000000d1"><CodeRef targetGUID="00000000-0000-0000-0000-0000000000ff"/></Coding>
      </PlainTextSelection>
    </TextSource>"#,
        );
        let e = read(&[("project.qde", &unknown)]).unwrap_err().to_string();
        assert!(
            e.starts_with("p.qdpx: project.qde line 13: <CodeRef targetGUID=\"00000000-0000-0000-0000-0000000000ff\"> refers to no <Code>"),
            "{e}"
        );
        let e = read(&[("muu.txt", "x")]).unwrap_err().to_string();
        assert!(e.contains("no project.qde"), "{e}");
    }

    #[test]
    fn a_cut_or_garbled_project_is_an_error_never_a_panic() {
        let qde = include_str!("../../../tests/data/refi/kirjastokysely/project.qde");
        let sources = [
            (
                "sources/s1-0020.txt",
                include_str!("../../../tests/data/refi/kirjastokysely/sources/s1-0020.txt"),
            ),
            (
                "sources/s2-0021.txt",
                include_str!("../../../tests/data/refi/kirjastokysely/sources/s2-0021.txt"),
            ),
            (
                "sources/s4-0023.txt",
                include_str!("../../../tests/data/refi/kirjastokysely/sources/s4-0023.txt"),
            ),
            (
                "sources/s6-0025.txt",
                include_str!("../../../tests/data/refi/kirjastokysely/sources/s6-0025.txt"),
            ),
            (
                "sources/s7-0026.txt",
                include_str!("../../../tests/data/refi/kirjastokysely/sources/s7-0026.txt"),
            ),
        ];
        let with = |qde: &str| {
            let mut entries = vec![("project.qde", qde)];
            entries.extend(sources);
            read(&entries)
        };
        let whole = with(qde).unwrap();
        assert_eq!(whole.counts().selections, 8);
        let end = qde.find("</Project>").unwrap();
        for cut in (0..qde.len())
            .step_by(23)
            .filter(|&c| qde.is_char_boundary(c))
        {
            // Cut anywhere before its end, the project is an error.
            assert!(cut >= end || with(&qde[..cut]).is_err(), "cut at {cut}");
            // A digit or a quote changed: positions, GUIDs and markup garbled.
            for (from, to) in [("1", "9"), ("\"", "'"), ("<", "&")] {
                if let Some(at) = qde[cut..].find(from) {
                    let mut garbled = qde.to_string();
                    garbled.replace_range(cut + at..cut + at + 1, to);
                    let _ = with(&garbled);
                }
            }
        }
    }
}
