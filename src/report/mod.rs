//! Reports: pure functions from an analysis ([`ThemeResult`] + [`Corpus`])
//! to bytes, one file per format, and [`write_all`], the one place that owns
//! the output files of an analysis directory.
//!
//! | file | writer |
//! |---|---|
//! | `report.html` | [`html::render`]: self-contained page, Finnish with an English switch |
//! | `report.md` | [`markdown::render`]: tables and quotes for a thesis appendix |
//! | `themes.json` | [`json::render`]: the full result, stable schema |
//! | `codings.csv`, `crosstab.csv` | [`csv::codings`], [`csv::crosstab`] |
//! | `project.qdpx` | [`qdpx::render`]: REFI-QDA project |
//! | `codebook.qdc` | [`qdc::render`]: REFI-QDA codebook |
//! | `manifest.json` | [`manifest::Manifest`]: inputs, versions, parameters, counts, timings |
//!
//! Every file but manifest.json is byte-identical for the same inputs and
//! seed: no random GUIDs, no clock, no hash-map order.

mod agreement;
mod archive;
pub mod csv;
pub mod html;
pub mod json;
pub mod manifest;
pub mod markdown;
pub mod qdc;
pub mod qdpx;
mod xml;

pub use manifest::Manifest;

use crate::corpus::Corpus;
use crate::themes::ThemeResult;
use crate::{Error, Result};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// The report files of an analysis, in the order they are written
/// (manifest.json last, written by [`write_all`]).
pub const REPORT_FILES: [&str; 8] = [
    "themes.json",
    "report.html",
    "report.md",
    "codings.csv",
    "crosstab.csv",
    "codebook.qdc",
    "project.qdpx",
    "manifest.json",
];

/// The order the report files are started in (indexes into
/// [`REPORT_FILES`]): the longest first, so that with few threads
/// project.qdpx, which takes most of the time, is not left for last while
/// the small files run beside it.
const START_ORDER: [usize; 7] = [6, 3, 0, 1, 2, 4, 5];

/// Something a report file can be written into: a file or a cursor
/// (project.qdpx seeks back to finish its zip entries).
pub trait Sink: std::io::Write + std::io::Seek + Send {}
impl<T: std::io::Write + std::io::Seek + Send> Sink for T {}

/// Writes one report file into a sink.
type Render<'a> = Box<dyn Fn(&mut dyn Sink) -> Result<()> + Sync + 'a>;

/// The writers of every report file but manifest.json, in
/// [`REPORT_FILES`] order. `themes_json`: the text to write as themes.json
/// instead of rendering it (`teema report` keeps the analysis's own).
fn renderers<'a>(
    result: &'a ThemeResult,
    corpus: &'a Corpus,
    themes_json: Option<&'a str>,
    resolver: &'a std::sync::OnceLock<CodingResolver<'a>>,
) -> [(&'static str, Render<'a>); 7] {
    /// Write a file rendered in memory (the small ones).
    fn put(w: &mut dyn Sink, name: &'static str, bytes: &[u8]) -> Result<()> {
        w.write_all(bytes).map_err(|e| Error::io(name, e))
    }
    [
        (
            "themes.json",
            Box::new(move |w| match themes_json {
                Some(text) => put(w, "themes.json", text.as_bytes()),
                None => json::write(result, w),
            }),
        ),
        (
            "report.html",
            Box::new(|w| put(w, "report.html", html::render(result).as_bytes())),
        ),
        (
            "report.md",
            Box::new(|w| put(w, "report.md", markdown::render(result).as_bytes())),
        ),
        (
            "codings.csv",
            Box::new(|w| {
                let resolver = resolver.get_or_init(|| CodingResolver::new(corpus));
                csv::write_codings_with(result, resolver, w).map(drop)
            }),
        ),
        (
            "crosstab.csv",
            Box::new(|w| put(w, "crosstab.csv", &csv::crosstab(result)?)),
        ),
        (
            "codebook.qdc",
            Box::new(|w| put(w, "codebook.qdc", qdc::render(result).as_bytes())),
        ),
        (
            "project.qdpx",
            Box::new(|w| qdpx::write_with(result, corpus, resolver, w, qdpx::CHUNK).map(drop)),
        ),
    ]
}

/// Every report file but manifest.json, as (file name, bytes), in memory.
pub fn render_all(result: &ThemeResult, corpus: &Corpus) -> Result<Vec<(&'static str, Vec<u8>)>> {
    use rayon::prelude::*;
    let resolver = std::sync::OnceLock::new();
    renderers(result, corpus, None, &resolver)
        .par_iter()
        .map(|(name, render)| {
            let mut cursor = std::io::Cursor::new(Vec::new());
            render(&mut cursor)?;
            Ok((*name, cursor.into_inner()))
        })
        .collect()
}

/// Write every report file into `out_dir` (created if missing), record
/// their sizes and hashes in `manifest.outputs` and the time taken as the
/// `report` stage, then write manifest.json. Returns the paths written,
/// manifest.json last.
pub fn write_all(
    out_dir: &Path,
    result: &ThemeResult,
    corpus: &Corpus,
    manifest: &mut Manifest,
) -> Result<Vec<PathBuf>> {
    write_report(out_dir, result, corpus, manifest, None)
}

/// [`write_all`], with `themes_json` written as themes.json instead of
/// rendering it when given (`teema report` keeps the analysis's file).
pub fn write_report(
    out_dir: &Path,
    result: &ThemeResult,
    corpus: &Corpus,
    manifest: &mut Manifest,
    themes_json: Option<&str>,
) -> Result<Vec<PathBuf>> {
    stage_report(out_dir, result, corpus, manifest, themes_json)?.commit()
}

/// Check that the report files may be written into `out_dir`: it is
/// missing, empty, or an earlier teema analysis (by the marker in its
/// manifest.json, not by the name), and every report file already there
/// is one that analysis wrote, unchanged (see
/// [`crate::output::check_replaceable`]).
pub fn check_out_dir(out_dir: &Path) -> Result<()> {
    let meta = match std::fs::metadata(out_dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(out_dir, e)),
        Ok(m) => m,
    };
    if !meta.is_dir() {
        return Err(Error::Refused {
            path: out_dir.to_path_buf(),
            message: "exists and is not a directory; give a new or empty directory to --out".into(),
        });
    }
    // Empty but for what a first run killed before its manifest.json left:
    // files and an index in the making, its index.
    let mut entries = std::fs::read_dir(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let empty = entries.all(|e| {
        e.is_ok_and(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name.starts_with('.') && name.contains(".teema-"))
                || (name == "index" && crate::output::own_output_dir(&e.path()).is_some())
        })
    });
    if !empty && crate::output::analysis_record(out_dir).is_none() {
        return Err(Error::Refused {
            path: out_dir.to_path_buf(),
            message: "exists and is not an earlier teema analysis (no manifest.json written by \
                      teema); give a new or empty directory to --out"
                .into(),
        });
    }
    crate::output::check_replaceable(out_dir, &REPORT_FILES, "or give another --out")
}

/// The report files of an analysis written to temporary files in their
/// directory, waiting for [`StagedReport::commit`] to put them in place
/// (dropped uncommitted, they are removed and the earlier files stay).
#[derive(Debug)]
pub struct StagedReport {
    files: Vec<crate::output::StagedFile>,
}

impl StagedReport {
    /// Rename every file into place, manifest.json last. Returns the paths,
    /// manifest.json last.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        self.files
            .into_iter()
            .map(crate::output::StagedFile::commit)
            .collect()
    }
}

/// Write every report file into a temporary file in `out_dir` (created if
/// missing; `teema analyze` has checked it with [`check_out_dir`] before
/// its run began), after checking that every report file already there is
/// one teema wrote and nobody changed since
/// ([`crate::output::check_replaceable`]: other files are never
/// replaced), record their sizes and hashes in
/// `manifest.outputs` and the time taken as the `report` stage, then stage
/// manifest.json. Nothing replaces an earlier file until
/// [`StagedReport::commit`]: a run that fails here (a full disk) leaves the
/// earlier analysis as it was.
///
/// The files are written in parallel, each streamed to disk as it is
/// generated (project.qde of a large survey is hundreds of megabytes of
/// XML and is never held in memory).
pub fn stage_report(
    out_dir: &Path,
    result: &ThemeResult,
    corpus: &Corpus,
    manifest: &mut Manifest,
    themes_json: Option<&str>,
) -> Result<StagedReport> {
    use rayon::prelude::*;
    let started = std::time::Instant::now();
    let peak = crate::memory::StagePeak::start();
    crate::output::check_replaceable(out_dir, &REPORT_FILES, "or give another --out")?;
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    crate::output::remove_stale_temporaries(out_dir, &REPORT_FILES);
    // One index of the documents by id, for codings.csv and project.qdpx.
    let resolver = std::sync::OnceLock::new();
    let writers = renderers(result, corpus, themes_json, &resolver);
    let mut staged: Vec<(usize, crate::output::StagedFile, manifest::OutputFile)> = START_ORDER
        .par_iter()
        .map(|&i| {
            let (name, render) = &writers[i];
            let path = out_dir.join(name);
            let file = crate::output::StagedFile::write(&path, false, |w| render(w))?;
            let (bytes, sha256) = crate::output::hash_file(file.staged_path())?;
            let output = manifest::OutputFile {
                file: name.to_string(),
                bytes,
                sha256,
            };
            Ok((i, file, output))
        })
        .collect::<Result<_>>()?;
    staged.sort_by_key(|(i, ..)| *i);
    let mut files = Vec::with_capacity(staged.len() + 1);
    manifest.outputs = Vec::with_capacity(staged.len());
    for (_, file, output) in staged {
        files.push(file);
        manifest.outputs.push(output);
    }
    manifest.generator = crate::output::GENERATOR.to_string();
    manifest.set_stage("report", started.elapsed().as_secs_f64(), peak.end());
    // The analysis's peak, measured as its last file is written; a later
    // `teema report` keeps the figure of the run that did the analysis.
    if manifest.peak_memory_bytes.is_none() {
        manifest.peak_memory_bytes = crate::memory::peak_memory_bytes();
    }
    let mut text = serde_json::to_string_pretty(manifest)?;
    text.push('\n');
    let path = out_dir.join("manifest.json");
    files.push(crate::output::StagedFile::write(&path, false, |w| {
        use std::io::Write as _;
        w.write_all(text.as_bytes())
            .map_err(|e| Error::io(&path, e))
    })?);
    Ok(StagedReport { files })
}

/// Theme id → label.
pub(crate) fn labels(result: &ThemeResult) -> FxHashMap<&str, &str> {
    result
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.label.as_str()))
        .collect()
}

/// Finds the document a coding belongs to. Codings name their document by
/// id, and ids need not be unique (a candidate answering many questions, one
/// row each): among the documents with the id, the first whose answer
/// holds the coded text at the coded span is taken.
pub(crate) struct CodingResolver<'a> {
    corpus: &'a Corpus,
    /// Id → its first document (most ids belong to one: no list each).
    first: FxHashMap<&'a str, usize>,
    /// Ids of several documents → all of them, in order.
    shared: FxHashMap<&'a str, Vec<usize>>,
}

/// The documents that may hold a coding: one, or the several sharing its id.
pub(crate) enum Candidates {
    One([usize; 1]),
    Many(Vec<usize>),
}

impl std::ops::Deref for Candidates {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        match self {
            Candidates::One(d) => d,
            Candidates::Many(v) => v,
        }
    }
}

impl<'a> CodingResolver<'a> {
    /// Index the documents of `corpus` by id.
    pub(crate) fn new(corpus: &'a Corpus) -> Self {
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        first.reserve(corpus.documents.len());
        let mut shared: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, d) in corpus.documents.iter().enumerate() {
            match first.entry(d.id.as_str()) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(e) => {
                    shared
                        .entry(d.id.as_str())
                        .or_insert_with(|| vec![*e.get()])
                        .push(i);
                }
            }
        }
        CodingResolver {
            corpus,
            first,
            shared,
        }
    }

    /// True when `d` shares its id with another document.
    pub(crate) fn id_is_shared(&self, d: usize) -> bool {
        self.shared
            .contains_key(self.corpus.documents[d].id.as_str())
    }

    /// The index of the document holding `c`, or why there is none.
    pub(crate) fn document(
        &self,
        c: &crate::themes::Coding,
    ) -> std::result::Result<usize, &'static str> {
        self.documents(c).map(|d| d[0])
    }

    /// Every document that holds `c` (more than one when documents share
    /// an id and an identical answer), or why there is none.
    pub(crate) fn documents(
        &self,
        c: &crate::themes::Coding,
    ) -> std::result::Result<Candidates, &'static str> {
        let id = c.document.as_str();
        let candidates: &[usize] = match (self.shared.get(id), self.first.get(id)) {
            (Some(all), _) => all,
            (None, Some(d)) => std::slice::from_ref(d),
            (None, None) => return Err("names a document the corpus does not have"),
        };
        let holds = |d: usize| {
            self.corpus.documents[d]
                .units
                .get(c.unit)
                .and_then(|u| u.text.get(c.start..c.end))
                == Some(c.text.as_str())
        };
        let found = match candidates {
            [d] if holds(*d) => Candidates::One([*d]),
            [_] => Candidates::Many(Vec::new()), // none holds it: told why below
            _ => Candidates::Many(candidates.iter().copied().filter(|&d| holds(d)).collect()),
        };
        if found.is_empty() {
            let mut why = "names an answer the document does not have";
            for &d in candidates {
                if let Some(unit) = self.corpus.documents[d].units.get(c.unit) {
                    why = match unit.text.get(c.start..c.end) {
                        Some(_) => "does not hold the coded text in the answer",
                        None => "lies outside the answer or inside a character",
                    };
                }
            }
            return Err(why);
        }
        Ok(found)
    }

    /// The text of the answer holding `c`.
    pub(crate) fn unit_text(&self, c: &crate::themes::Coding) -> Option<&'a str> {
        let d = self.document(c).ok()?;
        Some(&self.corpus.documents[d].units[c.unit].text)
    }
}

/// Finnish and English names of a cross-tab column or category that teema
/// itself names (`nps_group`, `detractor`, `question`, `interviewee`, …);
/// other names (the survey's own columns and values) are returned as is.
pub(crate) fn name_fi_en(name: &str) -> (&str, &str) {
    match name {
        "nps_group" => ("NPS-ryhmä", "NPS group"),
        "detractor" => ("arvostelijat (0–6)", "detractors (0–6)"),
        "passive" => ("passiiviset (7–8)", "passives (7–8)"),
        "promoter" => ("suosittelijat (9–10)", "promoters (9–10)"),
        "question" => ("Kysymys", "Question"),
        "role" => ("Rooli", "Role"),
        "interviewer" => ("haastattelija", "interviewer"),
        "interviewee" => ("haastateltava", "interviewee"),
        "participant" => ("osallistuja", "participant"),
        "respondents" => ("vastaajia", "respondents"),
        "answers" => ("vastauksia", "answers"),
        other => (other, other),
    }
}

/// A row of the answers-per-question table in Finnish and English: an open
/// question as written, or `role: interviewee` (utterances of one role) in
/// words.
pub(crate) fn question_fi_en(question: &str) -> (String, String) {
    match question.strip_prefix("role: ") {
        Some(role) => {
            let (fi, en) = name_fi_en(role);
            (format!("puheenvuorot: {fi}"), format!("turns: {en}"))
        }
        None => (question.to_string(), question.to_string()),
    }
}

/// A share 0–1 as a whole percentage (`34 %`).
pub(crate) fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.0} %", share * 100.0)
    } else {
        "–".to_string()
    }
}

/// A p-value as researchers write it (`< 0.001`, `0.032`).
pub(crate) fn p_value(p: f64) -> String {
    if !p.is_finite() {
        "–".to_string()
    } else if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// A p-value with its relation sign (`p < 0.001`, `p = 0.032`).
pub(crate) fn p_equals(p: f64) -> String {
    let v = p_value(p);
    if v.starts_with('<') {
        format!("p {v}")
    } else {
        format!("p = {v}")
    }
}

/// Character offsets (Unicode scalars, as REFI-QDA and codings.csv count)
/// of byte offsets in one text. Each offset is counted from the previous
/// one asked for, forwards or backwards, so the spans of a long answer
/// asked in order cost one pass over it rather than one pass each (a
/// million-character answer has tens of thousands of coded sentences).
pub(crate) struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    /// A cursor at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// True when this cursor counts in `text` (the same string, not only
    /// equal contents).
    pub(crate) fn is_over(&self, text: &str) -> bool {
        std::ptr::eq(self.text, text)
    }

    /// The character offset of byte offset `byte`, or `None` when it is
    /// past the end or inside a character.
    pub(crate) fn chars_at(&mut self, byte: usize) -> Option<usize> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        if byte >= self.byte {
            self.chars += self.text[self.byte..byte].chars().count();
        } else {
            self.chars -= self.text[byte..self.byte].chars().count();
        }
        self.byte = byte;
        Some(self.chars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, DocumentKind, Unit};
    use crate::themes::Coding;

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            kind: DocumentKind::Respondent,
            source: 0,
            line: 1,
            meta: vec![],
            units: vec![Unit {
                question: Some("Kommentti".into()),
                speaker: None,
                role: None,
                time: None,
                text: text.into(),
                line: 1,
                span: (0, text.len()),
            }],
        }
    }

    fn coding(id: &str, start: usize, end: usize, text: &str) -> Coding {
        Coding {
            document: id.into(),
            unit: 0,
            question: None,
            speaker: None,
            theme: "t1".into(),
            start,
            end,
            text: text.into(),
        }
    }

    #[test]
    fn codings_find_their_document_among_equal_ids() {
        let corpus = Corpus {
            documents: vec![
                doc("4896", "Ruuhkamaksut eivät auta."),
                doc("4896", "Verotus on liian kireä ruuhkamaksuineen."),
            ],
            ..Default::default()
        };
        let r = CodingResolver::new(&corpus);
        assert_eq!(r.document(&coding("4896", 0, 7, "Verotus")), Ok(1));
        assert_eq!(r.document(&coding("4896", 0, 12, "Ruuhkamaksut")), Ok(0));
        assert!(r.document(&coding("4896", 0, 60, "x")).is_err());
        assert!(r.document(&coding("1", 0, 1, "R")).is_err());
        assert_eq!(
            r.document(&coding("4896", 0, 5, "Tämä")),
            Err("does not hold the coded text in the answer")
        );
    }

    #[test]
    fn char_cursor_counts_both_ways() {
        let text = "äö auki, ÄÖ kiinni";
        let mut c = CharCursor::new(text);
        for byte in [0, 4, 2, text.len(), 5, 0, 13] {
            assert_eq!(
                c.chars_at(byte),
                Some(text[..byte].chars().count()),
                "byte {byte}"
            );
        }
        assert_eq!(c.chars_at(1), None, "inside ä");
        assert_eq!(c.chars_at(text.len() + 1), None, "past the end");
        assert!(c.is_over(text));
        let copy = String::from(text);
        assert!(!c.is_over(copy.as_str()));
    }
}
