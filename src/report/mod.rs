//! Reports: pure functions from an analysis ([`ThemeResult`] + [`Corpus`])
//! to bytes, one file per format, and [`stage_report`], the one place that
//! owns the report files of an analysis directory. It returns what it
//! wrote (each file's size and SHA-256); the run record, manifest.json,
//! is the pipeline's, written after them from what this stage returns.
//!
//! | file | writer |
//! |---|---|
//! | `report.html` | [`html::render`]: self-contained page, Finnish with an English switch |
//! | `report.md` | [`markdown::render`]: tables and quotes for a thesis appendix |
//! | `themes.json` | [`json::render`]: the full result, stable schema |
//! | `codings.csv`, `crosstab.csv` | [`csv::codings`], [`csv::crosstab`] |
//! | `project.qdpx` | [`qdpx::render`]: REFI-QDA project |
//! | `codebook.qdc` | [`qdc::render`]: REFI-QDA codebook |
//!
//! Every file but manifest.json is byte-identical for the same inputs and
//! seed: no random GUIDs, no clock, no hash-map order.
//!
//! Write the reports of an analysis from Rust:
//!
//! ```
//! use std::path::PathBuf;
//! use teema::corpus::{ReadOptions, read_paths};
//! use teema::text::{Analyzer, AnalyzerConfig};
//! use teema::themes::{Codebook, ThemeOptions, run};
//!
//! let survey = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/palautekysely.csv"));
//! let corpus = read_paths(&[survey], &ReadOptions::default()).unwrap();
//! let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
//! let codebook = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/koodikirja.toml");
//! let options = ThemeOptions {
//!     codebook: Some(Codebook::load(codebook.as_ref(), &analyzer).unwrap()),
//!     ..Default::default()
//! };
//! let result = run(&corpus, &analyzer, &options).unwrap();
//! let out = tempfile::tempdir().unwrap();
//! let written = teema::report::write_all(out.path(), &result, &corpus).unwrap();
//! let names: Vec<&str> = written.iter().map(|f| f.file.as_str()).collect();
//! assert!(names.contains(&"report.html") && names.contains(&"project.qdpx"), "{names:?}");
//! let codings = std::fs::read_to_string(out.path().join("codings.csv")).unwrap();
//! assert_eq!(codings.lines().count(), result.codings.len() + 1);
//! ```

mod agreement;
mod archive;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod qdc;
pub mod qdpx;
mod xml;

pub use crate::output::OutputFile;

use crate::corpus::Corpus;
use crate::themes::ThemeResult;
use crate::{Error, Remedy, Result};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// The files of an analysis directory that [`check_out_dir`] protects, in
/// the order they are put in place: the report files [`stage_report`]
/// writes, then manifest.json, the run record, which the pipeline writes
/// last.
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
    lookup: &'a std::sync::OnceLock<UnitLookup<'a>>,
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
                let lookup = lookup.get_or_init(|| UnitLookup::new(corpus));
                csv::write_codings_with(result, lookup, w).map(drop)
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
            Box::new(|w| qdpx::write_with(result, corpus, lookup, w, qdpx::CHUNK).map(drop)),
        ),
    ]
}

/// Every report file but manifest.json, as (file name, bytes), in memory.
pub fn render_all(result: &ThemeResult, corpus: &Corpus) -> Result<Vec<(&'static str, Vec<u8>)>> {
    use rayon::prelude::*;
    let lookup = std::sync::OnceLock::new();
    renderers(result, corpus, None, &lookup)
        .par_iter()
        .map(|(name, render)| {
            let mut cursor = std::io::Cursor::new(Vec::new());
            render(&mut cursor)?;
            Ok((*name, cursor.into_inner()))
        })
        .collect()
}

/// Write every report file but manifest.json into `out_dir` (created if
/// missing; see [`stage_report`]). Returns each file written with its size
/// and SHA-256, in [`REPORT_FILES`] order. Without a run record beside
/// them (manifest.json, which the pipeline's `write_reports` writes with
/// the reports) a later run does not replace these files.
pub fn write_all(out_dir: &Path, result: &ThemeResult, corpus: &Corpus) -> Result<Vec<OutputFile>> {
    let staged = stage_report(out_dir, result, corpus, None)?;
    let outputs = staged.outputs().to_vec();
    staged.commit()?;
    Ok(outputs)
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
            message: "exists and is not a directory".into(),
            remedy: Some(Remedy::NewOutputDir),
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
                      teema)"
                .into(),
            remedy: Some(Remedy::NewOutputDir),
        });
    }
    crate::output::check_replaceable(out_dir, &REPORT_FILES, Some(Remedy::OtherOutputDir))
}

/// The report files of an analysis written to temporary files in their
/// directory, waiting for [`StagedReport::commit`] to put them in place
/// (dropped uncommitted, they are removed and the earlier files stay).
#[derive(Debug)]
pub struct StagedReport {
    files: Vec<crate::output::StagedFile>,
    outputs: Vec<OutputFile>,
}

impl StagedReport {
    /// What was written: each file's name, size and SHA-256, in
    /// [`REPORT_FILES`] order (for the run record).
    pub fn outputs(&self) -> &[OutputFile] {
        &self.outputs
    }

    /// Rename every file into place. Returns the paths, in
    /// [`REPORT_FILES`] order.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        self.files
            .into_iter()
            .map(crate::output::StagedFile::commit)
            .collect()
    }
}

/// Write every report file but manifest.json into a temporary file in
/// `out_dir` (created if missing; `teema analyze` has checked it with
/// [`check_out_dir`] before its run began), after checking that every
/// report file already there is one teema wrote and nobody changed since
/// ([`crate::output::check_replaceable`]: other files are never replaced).
/// `themes_json`: the text to write as themes.json instead of rendering it
/// (`teema report` keeps the analysis's own). Nothing replaces an earlier
/// file until [`StagedReport::commit`]: a run that fails here (a full
/// disk) leaves the earlier analysis as it was.
///
/// The files are written in parallel, each streamed to disk as it is
/// generated (project.qde of a large survey is hundreds of megabytes of
/// XML and is never held in memory).
pub fn stage_report(
    out_dir: &Path,
    result: &ThemeResult,
    corpus: &Corpus,
    themes_json: Option<&str>,
) -> Result<StagedReport> {
    use rayon::prelude::*;
    crate::output::check_replaceable(out_dir, &REPORT_FILES, Some(Remedy::OtherOutputDir))?;
    std::fs::create_dir_all(out_dir).map_err(|e| crate::output::unwritable(out_dir, e))?;
    crate::output::remove_stale_temporaries(out_dir, &REPORT_FILES);
    // One table of the answers by ordinal, for codings.csv and project.qdpx.
    let lookup = std::sync::OnceLock::new();
    let writers = renderers(result, corpus, themes_json, &lookup);
    let mut staged: Vec<(usize, crate::output::StagedFile, OutputFile)> = START_ORDER
        .par_iter()
        .map(|&i| {
            let (name, render) = &writers[i];
            let path = out_dir.join(name);
            let file = crate::output::StagedFile::write(&path, false, |w| render(w))?;
            let (bytes, sha256) = crate::output::hash_file(file.staged_path())?;
            let output = OutputFile {
                file: name.to_string(),
                bytes,
                sha256,
            };
            Ok((i, file, output))
        })
        .collect::<Result<_>>()?;
    staged.sort_by_key(|(i, ..)| *i);
    let (files, outputs) = staged.into_iter().map(|(_, f, o)| (f, o)).unzip();
    Ok(StagedReport { files, outputs })
}

/// Theme id → label.
pub(crate) fn labels(result: &ThemeResult) -> FxHashMap<&str, &str> {
    result
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.label.as_str()))
        .collect()
}

/// Finds the answer a coding belongs to by its ordinal (see
/// [`crate::corpus::UnitOrdinals`]), and checks that the corpus holds the
/// coding there: the same document id and answer number, and the coded
/// text at the coded span. A coding that does not fit is an error (the
/// result was not made from this corpus), never matched to another answer.
pub(crate) struct UnitLookup<'a> {
    corpus: &'a Corpus,
    ordinals: crate::corpus::UnitOrdinals,
}

impl<'a> UnitLookup<'a> {
    /// The ordinals of the units of `corpus`.
    pub(crate) fn new(corpus: &'a Corpus) -> Self {
        UnitLookup {
            corpus,
            ordinals: corpus.unit_ordinals(),
        }
    }

    /// The (document, unit) indices of the answer holding `c`, or why no
    /// answer of the corpus does.
    pub(crate) fn locate(
        &self,
        c: &crate::themes::Coding,
    ) -> std::result::Result<(usize, usize), &'static str> {
        let ordinal = c.ordinal.ok_or("has no answer ordinal")?;
        let (d, u) = self
            .ordinals
            .locate(ordinal)
            .ok_or("names an answer the corpus does not have")?;
        let doc = &self.corpus.documents[d];
        if doc.id != c.document || u != c.unit {
            return Err("names another answer than the corpus has at its ordinal");
        }
        match doc.units[u].text.get(c.start..c.end) {
            Some(text) if text == c.text.as_str() => Ok((d, u)),
            Some(_) => Err("does not hold the coded text in the answer"),
            None => Err("lies outside the answer or inside a character"),
        }
    }

    /// The text of the answer holding `c`.
    pub(crate) fn unit_text(&self, c: &crate::themes::Coding) -> Option<&'a str> {
        let (d, u) = self.locate(c).ok()?;
        Some(&self.corpus.documents[d].units[u].text)
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

    fn coding(id: &str, ordinal: usize, start: usize, end: usize, text: &str) -> Coding {
        Coding {
            document: id.into(),
            unit: 0,
            ordinal: Some(ordinal),
            question: None,
            speaker: None,
            theme: "t1".into(),
            start,
            end,
            text: text.into(),
        }
    }

    #[test]
    fn codings_find_their_answer_by_ordinal_among_equal_ids() {
        let corpus = Corpus {
            documents: vec![
                doc("4896", "Ruuhkamaksut eivät auta."),
                doc("4896", "Ruuhkamaksut ja verotus ovat liian kireitä."),
            ],
            ..Default::default()
        };
        let r = UnitLookup::new(&corpus);
        // Both answers hold "Ruuhkamaksut" at 0..12: the ordinal tells them
        // apart (the first such answer was taken before).
        assert_eq!(
            r.locate(&coding("4896", 1, 0, 12, "Ruuhkamaksut")),
            Ok((1, 0))
        );
        assert_eq!(
            r.locate(&coding("4896", 0, 0, 12, "Ruuhkamaksut")),
            Ok((0, 0))
        );
        assert_eq!(
            r.unit_text(&coding("4896", 1, 0, 12, "Ruuhkamaksut")),
            Some("Ruuhkamaksut ja verotus ovat liian kireitä.")
        );
        assert_eq!(
            r.locate(&coding("4896", 0, 16, 23, "verotus")),
            Err("does not hold the coded text in the answer"),
            "the text is in the other answer, which is never tried"
        );
        assert_eq!(
            r.locate(&coding("4896", 0, 0, 60, "x")),
            Err("lies outside the answer or inside a character")
        );
        assert_eq!(
            r.locate(&coding("1", 0, 0, 1, "R")),
            Err("names another answer than the corpus has at its ordinal")
        );
        assert_eq!(
            r.locate(&coding("4896", 2, 0, 1, "R")),
            Err("names an answer the corpus does not have")
        );
        let mut unnumbered = coding("4896", 0, 0, 1, "R");
        unnumbered.ordinal = None;
        assert_eq!(r.locate(&unnumbered), Err("has no answer ordinal"));
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
