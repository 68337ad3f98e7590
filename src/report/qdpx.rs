//! `project.qdpx`: a REFI-QDA project (QDA-XML project 1.0) that opens in
//! NVivo, ATLAS.ti, MAXQDA and QualCoder.
//!
//! - **Sources**: every survey answer is a plain-text source of its own
//!   (named `respondent: question`); every interview is one plain-text
//!   source, one line per turn (`[time] speaker: text`). The texts are
//!   stored in the archive as `sources/<guid>.txt` (UTF-8).
//! - **Cases**: one per respondent or interview, with the closed answers as
//!   typed variables (Integer, Float, Date, DateTime or Text, chosen from
//!   the values) and references to its sources.
//! - **Codes**: the themes with descriptions, subthemes nested.
//! - **Codings**: every coded span as a `PlainTextSelection` whose positions
//!   are *character* offsets (Unicode scalar values) into the source text.
//! - **Sets**: one set of sources per open question.
//!
//! GUIDs are name-based and the archive's file times fixed, so the same
//! analysis gives a byte-identical file.

use super::qdc::{code_guid, codes_xml};
use super::xml::{escape, escaped_len, guid};
use crate::corpus::{Corpus, Document, DocumentKind, Value};
use crate::themes::{Coding, ThemeResult};
use crate::{Error, Result};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{Cursor, Seek, Write};
use std::ops::Range;
use std::path::PathBuf;

/// A plain-text source of the project: its GUID, name and text, and the
/// character offset where each of its answers starts.
struct TextSource<'a> {
    guid: String,
    name: String,
    text: Cow<'a, str>,
    question: Option<&'a str>,
    /// (unit index, char offset of the unit's text in `text`).
    units: Vec<(usize, usize)>,
}

/// A text file of the archive (`sources/<name>`).
pub struct SourceFile<'a> {
    /// File name inside `sources/`.
    pub name: String,
    /// The source's text: an answer as it is, or an interview's turns.
    pub text: Cow<'a, str>,
}

/// What names a document uniquely: its source, line and id (ids repeat when
/// a table has one row per respondent and question).
fn doc_key(doc: &Document) -> String {
    format!("{}\0{}\0{}", doc.source, doc.line, doc.id)
}

/// The project's sources for one document.
fn sources_of(doc: &Document) -> Vec<TextSource<'_>> {
    match doc.kind {
        DocumentKind::Respondent => doc
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let key = format!("{}\0{}", doc_key(doc), i);
                let name = match &u.question {
                    Some(q) => format!("{}: {}", doc.id, q),
                    None => format!("{} #{}", doc.id, i + 1),
                };
                TextSource {
                    guid: guid("source", &key),
                    name,
                    text: Cow::Borrowed(&u.text),
                    question: u.question.as_deref(),
                    units: vec![(i, 0)],
                }
            })
            .collect(),
        DocumentKind::Interview => {
            let mut text = String::new();
            let mut chars = 0usize;
            let mut units = Vec::with_capacity(doc.units.len());
            for (i, u) in doc.units.iter().enumerate() {
                let mut prefix = String::new();
                if let Some(t) = &u.time {
                    let _ = write!(prefix, "[{t}] ");
                }
                if let Some(s) = &u.speaker {
                    let _ = write!(prefix, "{s}: ");
                }
                chars += prefix.chars().count();
                text.push_str(&prefix);
                units.push((i, chars));
                text.push_str(&u.text);
                text.push('\n');
                chars += u.text.chars().count() + 1;
            }
            vec![TextSource {
                guid: guid("source", &doc_key(doc)),
                name: doc.id.clone(),
                text: Cow::Owned(text),
                question: None,
                units,
            }]
        }
    }
}

/// The GUIDs of [`sources_of`] without building the sources.
fn source_guids(doc: &Document) -> Vec<String> {
    match doc.kind {
        DocumentKind::Respondent => (0..doc.units.len())
            .map(|i| guid("source", &format!("{}\0{}", doc_key(doc), i)))
            .collect(),
        DocumentKind::Interview => vec![guid("source", &doc_key(doc))],
    }
}

/// The QDA-XML type of a variable, from all its values.
fn variable_type(values: &[&Value]) -> &'static str {
    let is_date = |s: &str| {
        let b = s.as_bytes();
        b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let is_datetime = |s: &str| {
        s.len() >= 19
            && is_date(&s[..10])
            && s.as_bytes()[10] == b'T'
            && s[11..19].bytes().enumerate().all(|(i, c)| {
                if i == 2 || i == 5 {
                    c == b':'
                } else {
                    c.is_ascii_digit()
                }
            })
            && s[19..]
                .bytes()
                .all(|c| c.is_ascii_digit() || b".:+-Z".contains(&c))
    };
    if values.is_empty() {
        return "Text";
    }
    if values
        .iter()
        .all(|v| matches!(v, Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15))
    {
        "Integer"
    } else if values
        .iter()
        .all(|v| matches!(v, Value::Number(n) if n.is_finite()))
    {
        "Float"
    } else if values
        .iter()
        .all(|v| matches!(v, Value::Text(s) if is_date(s)))
    {
        "Date"
    } else if values
        .iter()
        .all(|v| matches!(v, Value::Text(s) if s.is_char_boundary(10) && is_datetime(s)))
    {
        "DateTime"
    } else {
        "Text"
    }
}

/// A value as the element QDA-XML wants for `kind`.
fn value_xml(kind: &str, v: &Value) -> String {
    let text = escape(&v.to_string());
    match kind {
        "Integer" => format!("<IntegerValue>{text}</IntegerValue>"),
        // Rust prints f64 without exponent, as xsd:decimal needs.
        "Float" => format!("<FloatValue>{text}</FloatValue>"),
        "Date" => format!("<DateValue>{text}</DateValue>"),
        "DateTime" => format!("<DateTimeValue>{text}</DateTimeValue>"),
        _ => format!("<TextValue>{text}</TextValue>"),
    }
}

/// Character offset of byte offset `byte` in `text`, or `None` when it is
/// not on a character boundary.
fn char_offset(text: &str, byte: usize) -> Option<usize> {
    text.is_char_boundary(byte)
        .then(|| text[..byte].chars().count())
}

fn bad_coding(c: &Coding, why: &str) -> Error {
    Error::input(
        PathBuf::from("themes.json"),
        format!(
            "coding of theme '{}' in {} answer {} ({}..{}) {why}; the result does not fit the corpus (run teema analyze again)",
            c.theme, c.document, c.unit, c.start, c.end
        ),
    )
}

/// Documents per piece of project.qde generated at once.
const CHUNK: usize = 1024;
/// Pieces generated in parallel before they are written.
const WINDOW: usize = 16;

/// What every piece of project.qde needs: the codings by answer, the
/// variables with their types and GUIDs, the user GUID.
struct Project<'a> {
    result: &'a ThemeResult,
    corpus: &'a Corpus,
    user: String,
    /// Codings by (document, unit), in result order.
    codings: FxHashMap<(usize, usize), Vec<&'a Coding>>,
    /// Closed columns in first-seen order.
    var_names: Vec<&'a str>,
    /// Column → (QDA-XML type, GUID).
    vars: FxHashMap<&'a str, (&'static str, String)>,
}

impl<'a> Project<'a> {
    fn new(result: &'a ThemeResult, corpus: &'a Corpus) -> Result<Project<'a>> {
        let resolver = super::CodingResolver::new(corpus);
        let theme_ids: FxHashMap<&str, ()> =
            result.themes.iter().map(|t| (t.id.as_str(), ())).collect();
        let mut codings: FxHashMap<(usize, usize), Vec<&Coding>> = FxHashMap::default();
        for c in &result.codings {
            // Documents sharing an id and an identical answer each get one of
            // the identical codings, in order.
            let candidates = resolver.documents(c).map_err(|why| bad_coding(c, why))?;
            let first = candidates[0];
            let taken = |d: usize| {
                codings.get(&(d, c.unit)).is_some_and(|list| {
                    list.iter()
                        .any(|o| o.theme == c.theme && o.start == c.start && o.end == c.end)
                })
            };
            let d = candidates
                .iter()
                .copied()
                .find(|&d| !taken(d))
                .unwrap_or(first);
            if !theme_ids.contains_key(c.theme.as_str()) {
                return Err(bad_coding(c, "names a theme the result does not have"));
            }
            codings.entry((d, c.unit)).or_default().push(c);
        }
        // Variables: closed columns in first-seen order, typed by their values.
        let mut var_names: Vec<&str> = Vec::new();
        let mut var_values: FxHashMap<&str, Vec<&Value>> = FxHashMap::default();
        for doc in &corpus.documents {
            for (name, v) in &doc.meta {
                let entry = var_values.entry(name.as_str()).or_default();
                if entry.is_empty() && !var_names.contains(&name.as_str()) {
                    var_names.push(name.as_str());
                }
                entry.push(v);
            }
        }
        let vars = var_names
            .iter()
            .map(|n| (*n, (variable_type(&var_values[n]), guid("variable", n))))
            .collect();
        Ok(Project {
            result,
            corpus,
            user: guid("user", "teema"),
            codings,
            var_names,
            vars,
        })
    }

    /// The XML declaration, the project element, users, codes, variables.
    fn head(&self) -> String {
        let (result, user) = (self.result, &self.user);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let first = result
            .params
            .sources
            .first()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "teema".into());
        let _ = writeln!(
            out,
            "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\" origin=\"teema {}\" creatingUserGUID=\"{user}\">",
            escape(&format!("teema: {first}")),
            escape(&result.params.teema_version)
        );
        let _ = writeln!(
            out,
            "  <Users>\n    <User guid=\"{user}\" name=\"teema\" id=\"teema\"/>\n  </Users>"
        );
        if !result.themes.is_empty() {
            out.push_str("  <CodeBook>\n    <Codes>\n");
            out.push_str(&codes_xml(result, 3));
            out.push_str("    </Codes>\n  </CodeBook>\n");
        }
        if !self.var_names.is_empty() {
            out.push_str("  <Variables>\n");
            for n in &self.var_names {
                let (kind, g) = &self.vars[n];
                let _ = writeln!(
                    out,
                    "    <Variable guid=\"{g}\" name=\"{}\" typeOfVariable=\"{kind}\"/>",
                    escape(n),
                );
            }
            out.push_str("  </Variables>\n");
        }
        out
    }

    /// The `<Case>` elements of documents `docs`.
    fn cases(&self, docs: Range<usize>) -> String {
        let mut out = String::new();
        for doc in &self.corpus.documents[docs] {
            let _ = writeln!(
                out,
                "    <Case guid=\"{}\" name=\"{}\">",
                guid("case", &doc_key(doc)),
                escape(&doc.id)
            );
            for (name, v) in &doc.meta {
                let (kind, g) = &self.vars[name.as_str()];
                let _ = writeln!(
                    out,
                    "      <VariableValue><VariableRef targetGUID=\"{g}\"/>{}</VariableValue>",
                    value_xml(kind, v)
                );
            }
            for g in source_guids(doc) {
                let _ = writeln!(out, "      <SourceRef targetGUID=\"{g}\"/>");
            }
            out.push_str("    </Case>\n");
        }
        out
    }

    /// The `<TextSource>` elements of documents `docs` with their coded
    /// selections, the archive files they point to, and (question, source
    /// GUID) for the sets.
    fn sources(&self, docs: Range<usize>) -> Result<SourcesPiece<'a>> {
        let (corpus, user) = (self.corpus, &self.user);
        let mut piece = SourcesPiece::default();
        let out = &mut piece.xml;
        for d in docs {
            let doc = &corpus.documents[d];
            for s in sources_of(doc) {
                let file = format!("{}.txt", s.guid);
                let _ = writeln!(
                    out,
                    "    <TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{file}\" creatingUser=\"{user}\">",
                    s.guid,
                    escape(&s.name)
                );
                let _ = writeln!(
                    out,
                    "      <Description>{}</Description>",
                    escape(&source_description(corpus, doc))
                );
                for &(unit, base) in &s.units {
                    let Some(list) = self.codings.get(&(d, unit)) else {
                        continue;
                    };
                    let text = &doc.units[unit].text;
                    // One selection per distinct span; several themes on the same span share it.
                    let mut spans: Vec<(usize, usize, Vec<&Coding>)> = Vec::new();
                    for c in list {
                        match spans
                            .iter_mut()
                            .find(|(a, b, _)| *a == c.start && *b == c.end)
                        {
                            Some((_, _, v)) => v.push(c),
                            None => spans.push((c.start, c.end, vec![c])),
                        }
                    }
                    spans.sort_by_key(|(a, b, _)| (*a, *b));
                    for (start, end, cs) in spans {
                        let (Some(a), Some(b)) = (char_offset(text, start), char_offset(text, end))
                        else {
                            return Err(bad_coding(cs[0], "does not fall on character boundaries"));
                        };
                        let key = format!("{}\0{}\0{}\0{}", doc_key(doc), unit, start, end);
                        let _ = writeln!(
                            out,
                            "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\">",
                            guid("selection", &key),
                            escape(&text[start..end]),
                            base + a,
                            base + b
                        );
                        for c in cs {
                            let _ = writeln!(
                                out,
                                "        <Coding guid=\"{}\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{}\"/></Coding>",
                                guid("coding", &format!("{key}\0{}", c.theme)),
                                code_guid(&c.theme)
                            );
                        }
                        out.push_str("      </PlainTextSelection>\n");
                    }
                }
                out.push_str("    </TextSource>\n");
                if let Some(q) = s.question {
                    piece.members.push((q, s.guid.clone()));
                }
                piece.files.push(SourceFile {
                    name: file,
                    text: s.text,
                });
            }
        }
        Ok(piece)
    }

    /// The sets (one per open question), the description, the end tag.
    fn tail(&self, sets: &[(&str, Vec<String>)]) -> String {
        let result = self.result;
        let mut out = String::new();
        if !sets.is_empty() {
            out.push_str("  <Sets>\n");
            for (name, members) in sets {
                let _ = writeln!(
                    out,
                    "    <Set guid=\"{}\" name=\"{}\">",
                    guid("set", name),
                    escape(name)
                );
                for m in members {
                    let _ = writeln!(out, "      <MemberSource targetGUID=\"{m}\"/>");
                }
                out.push_str("    </Set>\n");
            }
            out.push_str("  </Sets>\n");
        }
        let _ = writeln!(
            out,
            "  <Description>{}</Description>",
            escape(&format!(
                "teema {}: {} ({}), seed {}, {} themes",
                result.params.teema_version,
                match result.params.method {
                    crate::themes::Method::Codebook => "codebook coding",
                    crate::themes::Method::Discovery => "theme discovery",
                },
                result.params.algorithm,
                result.params.seed,
                result.params.k
            ))
        );
        out.push_str("</Project>\n");
        out
    }
}

/// A piece of the `<Sources>` element.
#[derive(Default)]
struct SourcesPiece<'a> {
    xml: String,
    files: Vec<SourceFile<'a>>,
    /// (open question, source GUID).
    members: Vec<(&'a str, String)>,
}

/// Make the pieces for `chunks` in parallel, a window at a time, on this
/// thread's rayon pool, while a writer thread hands them to `write` in
/// order: the output is the same at any thread count, and the whole file
/// is never in memory. The pool only ever makes pieces and the writer never
/// waits on the pool, so one pool thread is enough (a rayon worker that
/// waited on pieces the pool had to make would wait forever).
fn stream<T: Send>(
    chunks: &[Range<usize>],
    make: impl Fn(Range<usize>) -> Result<T> + Sync,
    write: impl FnMut(T) -> Result<()> + Send,
) -> Result<()> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<T>(WINDOW);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let mut write = write;
            for piece in rx {
                write(piece)?;
            }
            Ok(())
        });
        let mut made = Ok(());
        'windows: for window in chunks.chunks(WINDOW) {
            let pieces: Vec<Result<T>> = window.par_iter().map(|r| make(r.clone())).collect();
            for piece in pieces {
                match piece {
                    // A closed channel: the writer failed and says why below.
                    Ok(p) => {
                        if tx.send(p).is_err() {
                            break 'windows;
                        }
                    }
                    Err(e) => {
                        made = Err(e);
                        break 'windows;
                    }
                }
            }
        }
        drop(tx);
        let written = writer.join().unwrap_or_else(|_| {
            Err(Error::io(
                "project.qdpx",
                std::io::Error::other("the archive writer stopped unexpectedly"),
            ))
        });
        written.and(made)
    })
}

/// project.qde gets the zip64 format when [`qde_size_bound`] reaches
/// this: half the classic format's 4 GiB, a margin on top of the bound's own.
const ZIP64_FROM: u64 = 1 << 31;

/// An upper bound of project.qde's size in bytes, made before it is
/// written (the zip entry's format must be chosen first): per document,
/// answer and coding, a generous allowance for the fixed XML around them
/// (it is a few hundred bytes) plus the exact escaped length of the text
/// they carry. On real surveys it is about three times the actual size.
pub(crate) fn qde_size_bound(result: &ThemeResult, corpus: &Corpus) -> u64 {
    let len = |s: &str| escaped_len(s) as u64;
    let docs: u64 = corpus
        .documents
        .iter()
        .map(|d| {
            let path = corpus
                .sources
                .get(d.source)
                .map_or(0, |s| len(&s.path.display().to_string()));
            let meta: u64 = d
                .meta
                .iter()
                .map(|(name, v)| 256 + len(name) + len(&v.to_string()))
                .sum();
            let units: u64 = d
                .units
                .iter()
                .map(|u| {
                    1024 + u.question.as_deref().map_or(0, len)
                        + u.speaker.as_deref().map_or(0, len)
                })
                .sum();
            1024 + 2 * (len(&d.id) + path) + meta + units
        })
        .sum();
    let codings: u64 = result
        .codings
        .iter()
        .map(|c| 640 + len(&c.text) + len(&c.theme))
        .sum();
    docs + codings + (1 << 20)
}

fn source_description(corpus: &Corpus, doc: &Document) -> String {
    let path = corpus
        .sources
        .get(doc.source)
        .map(|s| s.path.display().to_string())
        .unwrap_or_default();
    format!("{path}, line {}", doc.line)
}

/// Write project.qde, the QDA-XML project document, into `out` as it is
/// generated; returns the source files it points to.
pub fn write_project<'a>(
    result: &'a ThemeResult,
    corpus: &'a Corpus,
    out: &mut (dyn Write + Send),
) -> Result<Vec<SourceFile<'a>>> {
    let io = |e| Error::io("project.qdpx", e);
    let p = Project::new(result, corpus)?;
    out.write_all(p.head().as_bytes()).map_err(io)?;
    let n = corpus.documents.len();
    let chunks: Vec<Range<usize>> = (0..n)
        .step_by(CHUNK)
        .map(|s| s..(s + CHUNK).min(n))
        .collect();
    if n > 0 {
        out.write_all(b"  <Cases>\n").map_err(io)?;
        stream(
            &chunks,
            |r| Ok(p.cases(r)),
            |xml| out.write_all(xml.as_bytes()).map_err(io),
        )?;
        out.write_all(b"  </Cases>\n").map_err(io)?;
    }
    let mut files = Vec::new();
    let mut sets: Vec<(&str, Vec<String>)> = Vec::new();
    let mut opened = false;
    stream(
        &chunks,
        |r| p.sources(r),
        |piece| {
            if !piece.xml.is_empty() && !opened {
                out.write_all(b"  <Sources>\n").map_err(io)?;
                opened = true;
            }
            out.write_all(piece.xml.as_bytes()).map_err(io)?;
            files.extend(piece.files);
            for (q, g) in piece.members {
                match sets.iter_mut().find(|(name, _)| *name == q) {
                    Some((_, members)) => members.push(g),
                    None => sets.push((q, vec![g])),
                }
            }
            Ok(())
        },
    )?;
    if opened {
        out.write_all(b"  </Sources>\n").map_err(io)?;
    }
    out.write_all(p.tail(&sets).as_bytes()).map_err(io)?;
    Ok(files)
}

/// project.qde as a string, and the text of each source as (file name in
/// the archive, text).
pub fn project(result: &ThemeResult, corpus: &Corpus) -> Result<(String, Vec<(String, String)>)> {
    let mut qde = Vec::new();
    let files = write_project(result, corpus, &mut qde)?;
    let qde =
        String::from_utf8(qde).map_err(|e| Error::io("project.qdpx", std::io::Error::other(e)))?;
    Ok((
        qde,
        files
            .into_iter()
            .map(|f| (f.name, f.text.into_owned()))
            .collect(),
    ))
}

/// project.qdpx in memory: a zip archive with `project.qde` and
/// `sources/*.txt`.
pub fn render(result: &ThemeResult, corpus: &Corpus) -> Result<Vec<u8>> {
    Ok(write(result, corpus, Cursor::new(Vec::new()))?.into_inner())
}

/// project.qdpx written into `out` (a file, or a cursor): project.qde is
/// deflated as it is generated. Returns `out`.
pub fn write<W: Write + Seek + Send>(result: &ThemeResult, corpus: &Corpus, out: W) -> Result<W> {
    let zip_err = |e: zip::result::ZipError| {
        Error::io(
            "project.qdpx",
            std::io::Error::other(format!("writing the zip archive: {e}")),
        )
    };
    let io_err = |e: std::io::Error| Error::io("project.qdpx", e);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // The fastest level: project.qde is large XML (about 1.3 KB per
        // answer) and compresses well even so.
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    // A survey answer is a few hundred bytes: deflating it saves little and
    // costs a fresh compressor per entry (most of the time on large
    // surveys), so short sources are stored as they are.
    const DEFLATE_FROM: usize = 4096;
    let stored = options
        .compression_method(zip::CompressionMethod::Stored)
        .compression_level(None);
    let mut zip = zip::ZipWriter::new(out);
    // Beyond 4 GiB an entry needs the zip64 format; below, the classic
    // format opens in every tool, so zip64 is used only when needed.
    let qde = options.large_file(qde_size_bound(result, corpus) >= ZIP64_FROM);
    zip.start_file("project.qde", qde).map_err(zip_err)?;
    let files = {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, &mut zip);
        let files = write_project(result, corpus, &mut buffered)?;
        buffered.flush().map_err(io_err)?;
        files
    };
    for f in &files {
        let how = if f.text.len() < DEFLATE_FROM {
            stored
        } else {
            options
        };
        zip.start_file(format!("sources/{}", f.name), how)
            .map_err(zip_err)?;
        zip.write_all(f.text.as_bytes()).map_err(io_err)?;
    }
    zip.finish().map_err(zip_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_types_follow_the_values() {
        let n = |x: f64| Value::Number(x);
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(variable_type(&[&n(1.0), &n(10.0)]), "Integer");
        assert_eq!(variable_type(&[&n(1.0), &n(2.5)]), "Float");
        assert_eq!(variable_type(&[&t("2026-03-02"), &t("2026-03-29")]), "Date");
        assert_eq!(variable_type(&[&t("2026-03-02T10:15:00")]), "DateTime");
        assert_eq!(
            variable_type(&[&t("2026-03-02"), &t("ei tiedossa")]),
            "Text"
        );
        assert_eq!(variable_type(&[&n(3.0), &t("alle 25")]), "Text");
        assert_eq!(variable_type(&[&t("50–64")]), "Text");
    }

    #[test]
    fn streamed_pieces_come_in_order_and_an_error_stops_the_stream() {
        let chunks: Vec<Range<usize>> = (0..200).map(|i| i * 3..i * 3 + 3).collect();
        let starts = || {
            let mut seen = Vec::new();
            stream(
                &chunks,
                |r| Ok(r.start),
                |start| {
                    seen.push(start);
                    Ok(())
                },
            )
            .unwrap();
            seen
        };
        // The pieces are made in parallel windows on rayon's pool (several
        // threads here): they must still be written in chunk order.
        let want: Vec<usize> = (0..200).map(|i| i * 3).collect();
        assert_eq!(starts(), want);
        // Called from the only thread of a pool (teema --threads 1, inside
        // the report writers' parallel loop), with many windows: no wait
        // on the pool from a thread the pool needs.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let again: Vec<Vec<usize>> =
            pool.install(|| (0..2).into_par_iter().map(|_| starts()).collect());
        assert!(again.iter().all(|s| *s == want));
        // An error stops the stream and comes back.
        let failed = stream(
            &chunks,
            |r| {
                if r.start == 300 {
                    Err(Error::io("x", std::io::Error::other("broken")))
                } else {
                    Ok(r.start)
                }
            },
            |_| Ok(()),
        );
        assert!(failed.is_err());
    }

    #[test]
    fn the_size_bound_is_above_the_real_project_and_picks_zip64_only_when_large() {
        use crate::text::{Analyzer, AnalyzerConfig};
        let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/palautekysely.csv");
        let corpus = crate::corpus::read_paths(&[path], &Default::default()).unwrap();
        let result = crate::themes::run(&corpus, &analyzer, &Default::default()).unwrap();
        let mut qde = Vec::new();
        write_project(&result, &corpus, &mut qde).unwrap();
        let bound = qde_size_bound(&result, &corpus);
        assert!(
            bound >= 2 * qde.len() as u64,
            "bound {bound} too close to the real {} bytes",
            qde.len()
        );
        assert!(
            bound < ZIP64_FROM,
            "a small survey stays in the classic format"
        );
        // The archive of a small survey has no zip64 record.
        let zip = render(&result, &corpus).unwrap();
        assert!(!zip.windows(4).any(|w| w == [0x50, 0x4b, 0x06, 0x06]));
    }

    #[test]
    fn char_offsets_count_scalars_not_bytes() {
        let s = "Äiti: öisin auki";
        assert_eq!(char_offset(s, 0), Some(0));
        assert_eq!(char_offset(s, "Äiti: ".len()), Some(6));
        assert_eq!(char_offset(s, 1), None, "inside Ä");
    }
}
