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

use super::archive::{Archive, Batch, Piece};
use super::qdc::{code_guid, codes_xml};
use super::xml::{guid, push_guid};
use crate::corpus::{Corpus, Document, DocumentKind, Value};
use crate::escape::{push_xml as push_escaped, xml as escape};
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

/// The key of a survey answer's source: the document's key and the answer.
fn answer_key(doc_key: &str, unit: usize) -> String {
    format!("{doc_key}\0{unit}")
}

/// The project's sources for one document (`key`: its [`doc_key`]).
fn sources_of<'d>(doc: &'d Document, key: &str) -> Vec<TextSource<'d>> {
    match doc.kind {
        DocumentKind::Respondent => doc
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let name = match &u.question {
                    Some(q) => format!("{}: {}", doc.id, q),
                    None => format!("{} #{}", doc.id, i + 1),
                };
                TextSource {
                    guid: guid("source", &answer_key(key, i)),
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
                guid: guid("source", key),
                name: doc.id.clone(),
                text: Cow::Owned(text),
                question: None,
                units,
            }]
        }
    }
}

/// The GUIDs of [`sources_of`] without building the sources, appended to
/// `out` as `<SourceRef>` elements.
fn push_source_refs(out: &mut String, doc: &Document, key: &str) {
    let mut push = |key: &str| {
        out.push_str("      <SourceRef targetGUID=\"");
        push_guid(out, "source", key);
        out.push_str("\"/>\n");
    };
    match doc.kind {
        DocumentKind::Respondent => {
            for i in 0..doc.units.len() {
                push(&answer_key(key, i));
            }
        }
        DocumentKind::Interview => push(key),
    }
}

/// `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// `YYYY-MM-DDThh:mm:ss`, then fractions and a zone if any.
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && s.is_char_boundary(10)
        && is_date(&s[..10])
        && b[10] == b'T'
        && b[11..19].iter().enumerate().all(|(i, &c)| {
            if i == 2 || i == 5 {
                c == b':'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[19..]
            .iter()
            .all(|c| c.is_ascii_digit() || b".:+-Z".contains(c))
}

/// The QDA-XML types a variable can still have, given its values so far.
#[derive(Clone, Copy)]
struct VariableKinds {
    seen: bool,
    integer: bool,
    float: bool,
    date: bool,
    datetime: bool,
}

impl Default for VariableKinds {
    fn default() -> Self {
        VariableKinds {
            seen: false,
            integer: true,
            float: true,
            date: true,
            datetime: true,
        }
    }
}

impl VariableKinds {
    fn add(&mut self, v: &Value) {
        self.seen = true;
        match v {
            Value::Number(n) => {
                self.integer = self.integer && n.fract() == 0.0 && n.abs() < 1e15;
                self.float = self.float && n.is_finite();
                self.date = false;
                self.datetime = false;
            }
            Value::Text(s) => {
                self.integer = false;
                self.float = false;
                self.date = self.date && is_date(s);
                self.datetime = self.datetime && is_datetime(s);
            }
        }
    }

    /// The narrowest type that fits every value (Text when there are none).
    fn kind(&self) -> &'static str {
        if !self.seen {
            "Text"
        } else if self.integer {
            "Integer"
        } else if self.float {
            "Float"
        } else if self.date {
            "Date"
        } else if self.datetime {
            "DateTime"
        } else {
            "Text"
        }
    }
}

/// The QDA-XML type of a variable, from all its values.
#[cfg(test)]
fn variable_type(values: &[&Value]) -> &'static str {
    let mut kinds = VariableKinds::default();
    for v in values {
        kinds.add(v);
    }
    kinds.kind()
}

/// A value as the element QDA-XML wants for `kind`, appended to `out`.
fn push_value(out: &mut String, kind: &str, v: &Value) {
    let tag = match kind {
        "Integer" => "IntegerValue",
        // Rust prints f64 without exponent, as xsd:decimal needs.
        "Float" => "FloatValue",
        "Date" => "DateValue",
        "DateTime" => "DateTimeValue",
        _ => "TextValue",
    };
    out.push('<');
    out.push_str(tag);
    out.push('>');
    match v {
        Value::Text(text) => push_escaped(out, text),
        // Digits, sign, point: nothing to escape.
        number => {
            let _ = write!(out, "{number}");
        }
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
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
pub(super) const CHUNK: usize = 1024;
/// Pieces generated in parallel before they are written.
const WINDOW: usize = 16;

/// What every piece of project.qde needs: the codings by answer, the
/// variables with their types and GUIDs, the user GUID.
struct Project<'a> {
    result: &'a ThemeResult,
    corpus: &'a Corpus,
    user: String,
    /// (document, unit, coding) of every coding, sorted: an answer's
    /// codings are neighbours, in result order (a flat list, not a table
    /// of lists: a large survey has millions of codings).
    codings: Vec<(usize, u32, u32)>,
    /// Closed columns in first-seen order.
    var_names: Vec<&'a str>,
    /// Column → (QDA-XML type, GUID).
    vars: FxHashMap<&'a str, (&'static str, String)>,
    /// Theme id → GUID of its code.
    codes: FxHashMap<&'a str, String>,
    /// Corpus source → its path, escaped (every description starts with it).
    paths: Vec<String>,
}

impl<'a> Project<'a> {
    /// The codings of answer `unit` of document `d`, in result order.
    fn codings_of(&self, d: usize, unit: usize) -> Vec<&'a Coding> {
        let key = (d, unit as u32);
        let from = self.codings.partition_point(|&(a, b, _)| (a, b) < key);
        self.codings[from..]
            .iter()
            .take_while(|&&(a, b, _)| (a, b) == key)
            .map(|&(_, _, i)| &self.result.codings[i as usize])
            .collect()
    }

    fn new(
        result: &'a ThemeResult,
        corpus: &'a Corpus,
        lookup: &super::UnitLookup<'_>,
    ) -> Result<Project<'a>> {
        let theme_ids: FxHashMap<&str, ()> =
            result.themes.iter().map(|t| (t.id.as_str(), ())).collect();
        let too_many = || Error::TooMany {
            what: "codings or answers",
        };
        let mut codings: Vec<(usize, u32, u32)> = Vec::with_capacity(result.codings.len());
        // Each coding's answer, by its ordinal: a window of codings at a
        // time in parallel, checked in order (the first that does not fit
        // the corpus is the one named).
        const WINDOW: usize = 1 << 16;
        for (w, window) in result.codings.chunks(WINDOW).enumerate() {
            let found: Vec<_> = window.par_iter().map(|c| lookup.locate(c)).collect();
            for (k, (c, at)) in window.iter().zip(found).enumerate() {
                let (d, unit) = at.map_err(|why| bad_coding(c, why))?;
                if !theme_ids.contains_key(&*c.theme) {
                    return Err(bad_coding(c, "names a theme the result does not have"));
                }
                let unit = u32::try_from(unit).map_err(|_| too_many())?;
                let i = u32::try_from(w * WINDOW + k).map_err(|_| too_many())?;
                codings.push((d, unit, i));
            }
        }
        codings.par_sort_unstable();
        // Variables: closed columns in first-seen order, typed by their values.
        let mut var_names: Vec<&str> = Vec::new();
        let mut kinds: FxHashMap<&str, VariableKinds> = FxHashMap::default();
        for doc in &corpus.documents {
            for (name, v) in &doc.meta {
                let entry = kinds.entry(&**name).or_insert_with(|| {
                    var_names.push(&**name);
                    VariableKinds::default()
                });
                entry.add(v);
            }
        }
        let vars = var_names
            .iter()
            .map(|n| (*n, (kinds[n].kind(), guid("variable", n))))
            .collect();
        Ok(Project {
            result,
            corpus,
            user: guid("user", "teema"),
            codings,
            var_names,
            vars,
            codes: result
                .themes
                .iter()
                .map(|t| (t.id.as_str(), code_guid(&t.id)))
                .collect(),
            paths: corpus
                .sources
                .iter()
                .map(|s| escape(&s.path.display().to_string()))
                .collect(),
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
        let mut out = String::with_capacity(docs.len() * 1024);
        for doc in &self.corpus.documents[docs] {
            let key = doc_key(doc);
            out.push_str("    <Case guid=\"");
            push_guid(&mut out, "case", &key);
            out.push_str("\" name=\"");
            push_escaped(&mut out, &doc.id);
            out.push_str("\">\n");
            for (name, v) in &doc.meta {
                let (kind, g) = &self.vars[&**name];
                out.push_str("      <VariableValue><VariableRef targetGUID=\"");
                out.push_str(g);
                out.push_str("\"/>");
                push_value(&mut out, kind, v);
                out.push_str("</VariableValue>\n");
            }
            push_source_refs(&mut out, doc, &key);
            out.push_str("    </Case>\n");
        }
        out
    }

    /// The `<TextSource>` elements of documents `docs` with their coded
    /// selections, the archive files they point to, and (question, source
    /// GUID) for the sets.
    fn sources(&self, docs: Range<usize>) -> Result<SourcesPiece<'a>> {
        let (corpus, user) = (self.corpus, self.user.as_str());
        let mut piece = SourcesPiece::default();
        let out = &mut piece.xml;
        out.reserve(docs.len() * 1024);
        for d in docs {
            let doc = &corpus.documents[d];
            let key = doc_key(doc);
            for s in sources_of(doc, &key) {
                out.push_str("    <TextSource guid=\"");
                out.push_str(&s.guid);
                out.push_str("\" name=\"");
                push_escaped(out, &s.name);
                out.push_str("\" plainTextPath=\"internal://");
                out.push_str(&s.guid);
                out.push_str(".txt\" creatingUser=\"");
                out.push_str(user);
                out.push_str("\">\n      <Description>");
                out.push_str(self.paths.get(doc.source).map_or("", String::as_str));
                let _ = write!(out, ", line {}", doc.line);
                out.push_str("</Description>\n");
                for &(unit, base) in &s.units {
                    let list = self.codings_of(d, unit);
                    if list.is_empty() {
                        continue;
                    }
                    let text = &doc.units[unit].text;
                    // One selection per distinct span, in text order; several
                    // themes on the same span share it (in the order of the
                    // codings: the sort is stable).
                    let mut list = list;
                    list.sort_by_key(|c| (c.start, c.end));
                    let spans = list.chunk_by(|x, y| (x.start, x.end) == (y.start, y.end));
                    // Spans in text order: each offset is counted on from the last.
                    let mut cursor = super::CharCursor::new(text);
                    for cs in spans {
                        let (start, end) = (cs[0].start, cs[0].end);
                        let (Some(a), Some(b)) = (cursor.chars_at(start), cursor.chars_at(end))
                        else {
                            return Err(bad_coding(cs[0], "does not fall on character boundaries"));
                        };
                        let mut key = format!("{key}\0{unit}\0{start}\0{end}");
                        out.push_str("      <PlainTextSelection guid=\"");
                        push_guid(out, "selection", &key);
                        out.push_str("\" name=\"");
                        push_escaped(out, &text[start..end]);
                        let _ = write!(
                            out,
                            "\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"",
                            base + a,
                            base + b
                        );
                        out.push_str(user);
                        out.push_str("\">\n");
                        let selection = key.len();
                        for c in cs {
                            key.truncate(selection);
                            key.push('\0');
                            key.push_str(&c.theme);
                            out.push_str("        <Coding guid=\"");
                            push_guid(out, "coding", &key);
                            out.push_str("\" creatingUser=\"");
                            out.push_str(user);
                            out.push_str("\"><CodeRef targetGUID=\"");
                            match self.codes.get(&*c.theme) {
                                Some(g) => out.push_str(g),
                                None => out.push_str(&code_guid(&c.theme)),
                            }
                            out.push_str("\"/></Coding>\n");
                        }
                        out.push_str("      </PlainTextSelection>\n");
                    }
                }
                out.push_str("    </TextSource>\n");
                if let Some(q) = s.question {
                    piece.members.push((q, s.guid));
                }
            }
        }
        Ok(piece)
    }

    /// Members `range` of the set of sources of open question `name`, with
    /// the set's start tag when the range starts the set and its end tag
    /// when it ends it.
    fn set_xml(&self, name: &str, members: &[String], range: Range<usize>) -> String {
        let mut out = String::with_capacity(range.len() * 64 + 128);
        if range.start == 0 {
            out.push_str("    <Set guid=\"");
            push_guid(&mut out, "set", name);
            out.push_str("\" name=\"");
            push_escaped(&mut out, name);
            out.push_str("\">\n");
        }
        for m in &members[range.clone()] {
            out.push_str("      <MemberSource targetGUID=\"");
            out.push_str(m);
            out.push_str("\"/>\n");
        }
        if range.end == members.len() {
            out.push_str("    </Set>\n");
        }
        out
    }

    /// The description and the end tag.
    fn end(&self) -> String {
        let result = self.result;
        let mut out = String::new();
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

/// `0..n` cut into ranges of `chunk`.
fn pieces(n: usize, chunk: usize) -> Vec<Range<usize>> {
    (0..n)
        .step_by(chunk.max(1))
        .map(|s| s..(s + chunk).min(n))
        .collect()
}

/// Set members per piece of project.qde.
const MEMBERS: usize = 16 * 1024;

/// Generate project.qde in pieces: documents `chunk` at a time, made in
/// parallel on this thread's rayon pool and turned into `T` there by
/// `pack(xml, last)` (deflating them, for the archive), then handed to
/// `emit` in order on one writer thread. The small parts between the
/// streamed ones (the head, `<Cases>`, …) are packed where they are
/// emitted; the end is the one part packed with `last`.
fn generate<T: Send>(
    result: &ThemeResult,
    corpus: &Corpus,
    lookup: &super::UnitLookup<'_>,
    chunk: usize,
    pack: &(dyn Fn(String, bool) -> Result<T> + Sync),
    emit: &mut (dyn FnMut(T) -> Result<()> + Send),
) -> Result<()> {
    let p = Project::new(result, corpus, lookup)?;
    let n = corpus.documents.len();
    let chunks = pieces(n, chunk);
    if n > 0 {
        emit(pack(format!("{}  <Cases>\n", p.head()), false)?)?;
        stream(&chunks, |r| pack(p.cases(r), false), &mut *emit)?;
        emit(pack("  </Cases>\n".to_string(), false)?)?;
    } else {
        emit(pack(p.head(), false)?)?;
    }
    let mut sets: Vec<(&str, Vec<String>)> = Vec::new();
    let mut opened = false;
    stream(
        &chunks,
        |r| {
            let piece = p.sources(r)?;
            let has_xml = !piece.xml.is_empty();
            Ok((pack(piece.xml, false)?, has_xml, piece.members))
        },
        |(xml, has_xml, members)| {
            if has_xml && !opened {
                emit(pack("  <Sources>\n".to_string(), false)?)?;
                opened = true;
            }
            emit(xml)?;
            for (q, g) in members {
                match sets.iter_mut().find(|(name, _)| *name == q) {
                    Some((_, members)) => members.push(g),
                    None => sets.push((q, vec![g])),
                }
            }
            Ok(())
        },
    )?;
    let mut between = String::new();
    if opened {
        between.push_str("  </Sources>\n");
    }
    if !sets.is_empty() {
        between.push_str("  <Sets>\n");
    }
    emit(pack(between, false)?)?;
    // A set holds every answer to its question: in pieces too.
    let parts: Vec<(usize, Range<usize>)> = sets
        .iter()
        .enumerate()
        .flat_map(|(i, (_, members))| {
            pieces(members.len(), MEMBERS)
                .into_iter()
                .map(move |r| (i, r))
        })
        .collect();
    stream(
        &pieces(parts.len(), 1),
        |r| {
            let (i, range) = &parts[r.start];
            let (name, members) = &sets[*i];
            pack(p.set_xml(name, members, range.clone()), false)
        },
        &mut *emit,
    )?;
    let mut end = String::new();
    if !sets.is_empty() {
        end.push_str("  </Sets>\n");
    }
    end.push_str(&p.end());
    emit(pack(end, true)?)
}

/// The source files of the project: each answer of a survey, each
/// interview.
fn source_files(corpus: &Corpus) -> Vec<SourceFile<'_>> {
    corpus
        .documents
        .iter()
        .flat_map(|doc| sources_of(doc, &doc_key(doc)))
        .map(|s| SourceFile {
            name: format!("{}.txt", s.guid),
            text: s.text,
        })
        .collect()
}

/// Write project.qde, the QDA-XML project document, into `out` as it is
/// generated; returns the source files it points to.
pub fn write_project<'a>(
    result: &'a ThemeResult,
    corpus: &'a Corpus,
    out: &mut (dyn Write + Send),
) -> Result<Vec<SourceFile<'a>>> {
    generate(
        result,
        corpus,
        &super::UnitLookup::new(corpus),
        CHUNK,
        &|xml, _| Ok(xml),
        &mut |xml: String| {
            out.write_all(xml.as_bytes())
                .map_err(|e| Error::io("project.qdpx", e))
        },
    )?;
    Ok(source_files(corpus))
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

/// project.qdpx written into `out` (a file, or a cursor). Returns `out`.
///
/// First the source files, laid out `CHUNK` documents at a time in
/// parallel on the rayon pool while one thread writes them in order; then
/// project.qde, generated and deflated in pieces of `CHUNK` documents the
/// same way (one deflate stream: see `report/archive.rs`). The pieces do
/// not depend on the thread count, so neither do the bytes. The sources
/// come first so that what is left when project.qde is done (its header,
/// the central directory) is small: the work that cannot be shared among
/// threads comes while the other report files are still being written.
pub fn write<W: Write + Seek + Send>(result: &ThemeResult, corpus: &Corpus, out: W) -> Result<W> {
    write_in(result, corpus, out, CHUNK)
}

/// [`write()`] with `chunk` documents per piece. The pieces change how the
/// deflate stream is cut, never what it holds; tests use small pieces to
/// try the joins on a small corpus.
pub fn write_in<W: Write + Seek + Send>(
    result: &ThemeResult,
    corpus: &Corpus,
    out: W,
    chunk: usize,
) -> Result<W> {
    let lookup = std::sync::OnceLock::new();
    write_with(result, corpus, &lookup, out, chunk)
}

/// [`write_in`] with the answers of the codings found by `lookup` (made
/// when first needed; the report's writers share one).
pub(super) fn write_with<'c, W: Write + Seek + Send>(
    result: &ThemeResult,
    corpus: &'c Corpus,
    lookup: &std::sync::OnceLock<super::UnitLookup<'c>>,
    out: W,
    chunk: usize,
) -> Result<W> {
    let io = |e| Error::io("project.qdpx", e);
    // A survey answer is a few hundred bytes: deflating it saves little and
    // costs a fresh compressor per entry, so short sources are stored as
    // they are.
    const DEFLATE_FROM: usize = 4096;
    let mut archive = Archive::new(out).map_err(io)?;
    let docs = &corpus.documents;
    stream(
        &pieces(docs.len(), chunk),
        |r| {
            let mut batch = Batch::default();
            let mut name = String::new();
            for doc in &docs[r] {
                for s in sources_of(doc, &doc_key(doc)) {
                    name.clear();
                    name.push_str("sources/");
                    name.push_str(&s.guid);
                    name.push_str(".txt");
                    batch
                        .add(&name, s.text.as_bytes(), s.text.len() >= DEFLATE_FROM)
                        .map_err(io)?;
                }
            }
            Ok(batch)
        },
        |batch| archive.batch(&batch).map_err(io),
    )?;
    archive.begin("project.qde").map_err(io)?;
    generate(
        result,
        corpus,
        lookup.get_or_init(|| super::UnitLookup::new(corpus)),
        chunk,
        &|xml, last| Piece::deflate(xml.as_bytes(), last).map_err(io),
        &mut |piece| archive.piece(&piece).map_err(io),
    )?;
    archive.end().map_err(io)?;
    archive.finish().map_err(io)
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
        assert_eq!(variable_type(&[]), "Text");
        // Not a time, and no panic on a character across byte 19.
        assert_eq!(variable_type(&[&t("2026-03-02T10:15:0ä")]), "Text");
        assert_eq!(
            variable_type(&[&t("2026-03-02T10:15:00.5+02:00"), &t("2026-03-02")]),
            "Text"
        );
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
    fn char_offsets_count_scalars_not_bytes() {
        let s = "Äiti: öisin auki";
        let mut cursor = super::super::CharCursor::new(s);
        assert_eq!(cursor.chars_at("Äiti: ".len()), Some(6));
        assert_eq!(cursor.chars_at(0), Some(0));
        assert_eq!(cursor.chars_at(1), None, "inside Ä");
    }
}
