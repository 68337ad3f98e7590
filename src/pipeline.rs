//! The stages of `teema analyze`, run in order and reported to the caller's
//! events (`Task::Stages`): read → pseudonymise → index → themes →
//! reports. Each text is analysed once ([`analyse_units`], in the index
//! stage): the index is written from
//! the token table and the themes read the same table. The stage functions
//! ([`index`], [`themes_input`], [`themes`]) also serve `teema index` and
//! `teema themes`. Each stage is timed (seconds, documents, tokens, peak
//! memory: [`crate::memory::StageMeter`]), and the figures go to the run
//! record, manifest.json ([`RunManifest`]), which the pipeline writes after the
//! reports, so a run can be repeated, cited and compared (`teema bench`
//! reads them).
//!
//! The whole analysis from Rust, as `teema analyze` runs it:
//!
//! ```
//! use std::path::PathBuf;
//! use teema::corpus::ReadOptions;
//! use teema::index::IndexOptions;
//! use teema::pipeline::{AnalyzeOptions, analyze};
//! use teema::privacy::PrivacyOptions;
//! use teema::text::{Analyzer, AnalyzerConfig};
//! use teema::themes::ThemeOptions;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let survey = dir.path().join("palaute.csv");
//! let mut csv = String::from("id,Palaute\n");
//! for i in 0..30 {
//!     let answer = match i % 3 {
//!         0 => "Ohjaajat olivat ystävällisiä ja auttoivat",
//!         1 => "Aukioloajat ovat liian lyhyet iltaisin",
//!         _ => "Vertaistuki ryhmässä auttoi jaksamaan",
//!     };
//!     csv.push_str(&format!("{i},{answer}\n"));
//! }
//! std::fs::write(&survey, csv).unwrap();
//! let options = AnalyzeOptions {
//!     inputs: vec![survey],
//!     // Thirty answers in three wordings would pass for a closed
//!     // question: name the open one.
//!     read: ReadOptions { text_cols: vec!["Palaute".into()], ..Default::default() },
//!     out: dir.path().join("analyysi"),
//!     privacy: Some(PrivacyOptions::default()),
//!     themes: ThemeOptions::default(),
//!     index: IndexOptions::default(),
//!     events: Default::default(),
//!     command: vec!["teema".into(), "analyze".into()],
//!     gold: None,
//! };
//! let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
//! let analysis = analyze(&options, &analyzer).unwrap();
//! assert_eq!(analysis.corpus.unit_count(), 30);
//! assert!(!analysis.result.themes.is_empty());
//! assert!(options.out.join("manifest.json").is_file());
//! assert!(options.out.join("index").is_dir());
//! ```

pub(crate) mod manifest;

pub use manifest::{Counts, InputFile, MANIFEST_VERSION, RunManifest};

use crate::corpus::{Corpus, ReadOptions};
use crate::events::{Reporter, Task};
use crate::index::IndexOptions;
use crate::memory::{StageMeter, StageTiming};
use crate::privacy::{PrivacyOptions, PrivacySummary};
use crate::report::StagedReport;
use crate::text::table::Analysed;
use crate::text::{Analyzer, Register};
use crate::themes::{ThemeOptions, ThemeResult};
use crate::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Times the stages of one run and reports which one is running
/// ([`Task::Stages`]).
pub struct Stages {
    timings: Vec<StageTiming>,
    events: Reporter,
}

impl Stages {
    /// A recorder for `total` stages, reporting them to `events`.
    pub fn new(total: usize, events: Reporter) -> Stages {
        events.start(Task::Stages, total as u64);
        Stages {
            timings: Vec::new(),
            events,
        }
    }

    /// Run stage `name`; `f` returns its value and (documents, tokens).
    pub fn run<T>(
        &mut self,
        name: &str,
        f: impl FnOnce() -> crate::Result<(T, u64, u64)>,
    ) -> crate::Result<T> {
        self.events.advance(Task::Stages, 1, Some(name));
        let meter = StageMeter::start();
        let (value, documents, tokens) = f()?;
        crate::memory::trace(name);
        self.timings.push(meter.finish(name, documents, tokens));
        Ok(value)
    }

    /// The timings so far, in stage order; the stages are over.
    pub fn finish(mut self) -> Vec<StageTiming> {
        std::mem::take(&mut self.timings)
    }
}

impl Drop for Stages {
    /// The task is over however the run ended.
    fn drop(&mut self) {
        self.events.finish(Task::Stages);
    }
}

/// Everything `teema analyze` needs to know.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Input files and directories.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// The output directory (index/, reports, exports, manifest.json).
    pub out: PathBuf,
    /// Pseudonymisation; `None` turns it off.
    pub privacy: Option<PrivacyOptions>,
    /// Theme coding or discovery.
    pub themes: ThemeOptions,
    /// The index writer; its `threads` are the run's worker threads,
    /// recorded in the manifest.
    pub index: IndexOptions,
    /// Where the progress of the stages and every stage's warnings go (the
    /// reading reports its progress there too, the index writer only its
    /// warnings: one display covers the stages).
    pub events: Reporter,
    /// The command line, recorded in the manifest.
    pub command: Vec<String>,
    /// A reference coding to measure the themes against (`--gold`).
    pub gold: Option<Gold>,
}

/// A reference coding for `teema analyze --gold`, read before the analysis.
#[derive(Debug, Clone)]
pub struct Gold {
    /// The reference (A).
    pub coding: crate::themes::agreement::Coding,
    /// `--gold-map` as `teema::eval::codings::read_map` reads it: a theme
    /// of this analysis (label or id, normalised) → the reference's code.
    pub map: std::collections::BTreeMap<String, String>,
    /// Bootstrap resamples and seed.
    pub config: crate::themes::agreement::CompareConfig,
}

/// What a finished analysis produced.
pub struct Analysis {
    /// The corpus as analysed (pseudonymised when asked).
    pub corpus: Corpus,
    /// The themes.
    pub result: ThemeResult,
    /// The manifest written to `out/manifest.json`.
    pub manifest: RunManifest,
    /// What pseudonymisation replaced (and the key, for `--key-out` only).
    pub privacy: Option<crate::privacy::PrivacyReport>,
    /// The files written, manifest.json last.
    pub written: Vec<PathBuf>,
}

/// The token table of every unit of `corpus` ([`Corpus::units`] order):
/// each text analysed once, in parallel, for the index and the themes.
pub fn analyse_units(corpus: &Corpus, analyzer: &Analyzer) -> Analysed {
    let texts: Vec<(&str, Register)> = corpus
        .units()
        .map(|(_, u)| (&*u.text, u.register()))
        .collect();
    crate::text::table::analyse(analyzer, &texts)
}

/// The index stage: write `corpus` into the index at `dir` (`teema index`),
/// from `table` (see [`analyse_units`]) when given, else analysing the
/// texts it writes.
pub fn index(
    corpus: &Corpus,
    analyzer: &Analyzer,
    table: Option<Arc<Analysed>>,
    options: &IndexOptions,
    dir: &Path,
) -> Result<crate::index::IndexSummary> {
    crate::index::build_with(corpus, analyzer, table, options, dir)
}

/// The input of the themes stage: an index directory's corpus with the
/// token table it stores, or the corpus read from input files.
pub fn themes_input(
    paths: &[PathBuf],
    read: &ReadOptions,
    analyzer: &Analyzer,
) -> Result<(Corpus, Option<Analysed>)> {
    match paths {
        [dir] if crate::index::is_index_dir(dir) => {
            let (corpus, table) = crate::index::load_analysed(dir, analyzer)?;
            Ok((corpus, Some(table)))
        }
        paths => Ok((crate::corpus::read_paths(paths, read)?, None)),
    }
}

/// The themes stage: code or discover the themes of `corpus`, from
/// `table` when given (every unit, see [`analyse_units`]), else analysing
/// the answers.
pub fn themes(
    corpus: &Corpus,
    analyzer: &Analyzer,
    table: Option<Analysed>,
    options: &ThemeOptions,
) -> Result<ThemeResult> {
    match table {
        Some(table) => crate::themes::run_on(corpus, analyzer, options, table),
        None => crate::themes::run(corpus, analyzer, options),
    }
}

/// Run the whole analysis: read → pseudonymise → index → themes → reports.
pub fn analyze(options: &AnalyzeOptions, analyzer: &Analyzer) -> Result<Analysis> {
    check_out_dir(&options.out)?;
    let mut stages = Stages::new(5, options.events.clone());
    let mut corpus = stages.run("read", || {
        let read = ReadOptions {
            events: options.events.clone(),
            ..options.read.clone()
        };
        let corpus = crate::corpus::read_paths(&options.inputs, &read)?;
        let n = corpus.unit_count() as u64;
        Ok((corpus, n, 0))
    })?;
    if corpus.unit_count() == 0 {
        stages.finish();
        return Err(crate::error::OptionError::NothingToAnalyse {
            inputs: options.inputs.clone(),
            accounting: corpus.accounting.to_string(),
            issues: corpus
                .issues
                .iter()
                .take(5)
                .map(|i| i.to_string())
                .collect(),
        }
        .into());
    }
    // A reference coding must name answers of this corpus: checked before
    // the long stages.
    if let Some(g) = &options.gold {
        crate::themes::agreement::check_within(
            &g.coding,
            &crate::themes::agreement::corpus_units(&corpus),
            Path::new(&display_paths(&options.inputs)),
            "the data analysed has no such answer: no such respondent, or an empty answer",
        )?;
    }
    let privacy = match &options.privacy {
        Some(p) => Some(stages.run("pseudonymise", || {
            let report = crate::privacy::pseudonymise_corpus(&mut corpus, p, analyzer)?;
            Ok((report, corpus.unit_count() as u64, 0))
        })?),
        None => None,
    };
    // The new index is built beside the old one and replaces it, with the
    // reports, only when everything is written.
    let index_dir = options.out.join("index");
    let mut index_options = options.index.clone();
    index_options.rebuild = true;
    index_options.events = options.events.warnings_only();
    // Each text is analysed once, in the index stage (as when tantivy's
    // threads analysed it), and the themes take the same table.
    let (index, table) = stages.run("index", || {
        let table = Arc::new(analyse_units(&corpus, analyzer));
        let staged = crate::index::rebuild::stage(
            &corpus,
            analyzer,
            Some(table.clone()),
            &index_options,
            &index_dir,
        )?;
        let (units, tokens) = (staged.summary().units, staged.summary().tokens);
        Ok(((staged, table), units, tokens))
    })?;
    let result = stages.run("themes", || {
        // The writer has let go of the table: no copy.
        let table = Arc::try_unwrap(table).ok();
        debug_assert!(table.is_some(), "the index writer still holds the table");
        let mut r = themes(&corpus, analyzer, table, &options.themes)?;
        r.params.pseudonymised = privacy.as_ref().map(|p| {
            p.summary
                .counts
                .iter()
                .map(|c| crate::themes::PseudonymCount {
                    kind: c.kind.name().to_string(),
                    label: c.kind.label().to_string(),
                    replaced: c.replaced,
                    distinct: u64::from(c.distinct),
                })
                .collect()
        });
        if let Some(g) = &options.gold {
            r.agreement = Some(gold_agreement(g, &r)?);
        }
        let n = r.overview.answers as u64;
        Ok((r, n, 0))
    })?;
    let report = stages.run("report", || {
        let staged = crate::report::stage_report(&options.out, &result, &corpus, None)?;
        Ok((staged, 0, 0))
    })?;
    let mut manifest = RunManifest::new(&result, &corpus);
    // The command names the inputs: their file names are pseudonymised
    // like the sources' paths.
    manifest.command = match &privacy {
        Some(p) => options.command.iter().map(|a| p.key.redact(a)).collect(),
        None => options.command.clone(),
    };
    manifest.threads = options.index.threads;
    manifest.stages = stages.finish();
    let summary = privacy
        .as_ref()
        .map(|p| p.summary.clone())
        .unwrap_or_else(PrivacySummary::off);
    manifest.pseudonymisation = Some(serde_json::to_value(&summary)?);
    let staged = stage_record(&options.out, &mut manifest, report)?;
    index.commit()?;
    let written = staged.commit()?;
    Ok(Analysis {
        corpus,
        result,
        manifest,
        privacy,
        written,
    })
}

/// The files of an analysis staged beside their places: the report files,
/// then its run record, manifest.json.
#[derive(Debug)]
pub struct StagedAnalysis {
    report: StagedReport,
    record: crate::output::StagedFile,
}

impl StagedAnalysis {
    /// Put every file in place, manifest.json last (an analysis killed
    /// between two renames keeps the record of its earlier files). Returns
    /// the paths, manifest.json last.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut written = self.report.commit()?;
        written.push(self.record.commit()?);
        Ok(written)
    }
}

/// Stage the run record of an analysis in `out`: `manifest` with the files
/// the report stage wrote (`report`: their sizes and SHA-256), teema's
/// marker and the run's peak memory (measured now, as the last file is
/// written; a manifest that has one, from the run that did the analysis,
/// keeps it), written to manifest.json beside them. Nothing is in place
/// until [`StagedAnalysis::commit`].
pub fn stage_record(
    out: &Path,
    manifest: &mut RunManifest,
    report: StagedReport,
) -> Result<StagedAnalysis> {
    manifest.outputs = report.outputs().to_vec();
    manifest.generator = crate::output::GENERATOR.to_string();
    if manifest.peak_memory_bytes.is_none() {
        manifest.peak_memory_bytes = crate::memory::peak_memory_bytes();
    }
    let mut text = serde_json::to_string_pretty(manifest)?;
    text.push('\n');
    let path = out.join(crate::output::ANALYSIS_MANIFEST);
    let record = crate::output::StagedFile::write(&path, false, |w| {
        use std::io::Write as _;
        w.write_all(text.as_bytes())
            .map_err(|e| Error::io(&path, e))
    })?;
    Ok(StagedAnalysis { report, record })
}

/// The report stage on its own: write the reports of `result` on `corpus`
/// into `out` ([`crate::report::stage_report`]; `themes_json` is written
/// as themes.json instead of rendering it, as `teema report` keeps the
/// analysis's own), time it as the `report` stage of `manifest` (the other
/// stages stay as they were) and write the run record after them. Returns
/// the paths written, manifest.json last.
pub fn write_reports(
    out: &Path,
    result: &ThemeResult,
    corpus: &Corpus,
    manifest: &mut RunManifest,
    themes_json: Option<&str>,
) -> Result<Vec<PathBuf>> {
    let meter = StageMeter::start();
    let report = crate::report::stage_report(out, result, corpus, themes_json)?;
    manifest.set_stage(meter.finish("report", 0, 0));
    stage_record(out, manifest, report)?.commit()
}

/// The agreement of `result` (B) with the reference coding (A); the map
/// renames this analysis's themes (label or id) to the reference's codes.
fn gold_agreement(
    g: &Gold,
    result: &ThemeResult,
) -> Result<crate::themes::agreement::CodingAgreement> {
    use crate::themes::agreement::{compare, from_result};
    let teema = from_result(result, Path::new("codings.csv"), &g.map);
    compare(&g.coding, &teema, None, &g.config)
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Check, before anything is read, that `teema analyze` may write into
/// `dir`: it is missing, empty, or an earlier teema analysis whose files
/// are as teema wrote them ([`crate::report::check_out_dir`]), and its
/// `index/` holds only an index teema wrote
/// (`crate::index::rebuild::check_replaceable`).
pub fn check_out_dir(dir: &Path) -> Result<()> {
    crate::report::check_out_dir(dir)?;
    crate::index::rebuild::check_replaceable(&dir.join("index"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::peak_memory_bytes;

    #[test]
    fn stages_are_recorded_in_order_with_counts() {
        let mut stages = Stages::new(2, Reporter::silent());
        let a = stages.run("read", || Ok((7, 3, 0))).unwrap();
        let b: u8 = stages.run("index", || Ok((1, 3, 40))).unwrap();
        let t = stages.finish();
        assert_eq!((a, b), (7, 1));
        let names: Vec<_> = t.iter().map(|s| s.stage.as_str()).collect();
        assert_eq!(names, ["read", "index"]);
        assert_eq!((t[1].documents, t[1].tokens), (3, 40));
    }

    /// A small survey read from a CSV file written for the test.
    fn survey() -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("kysely.csv");
        std::fs::write(
            &csv,
            "Tunnus;Palaute\n1;Ryhmässä oli mukava ohjaaja\n2;\n3;Kahvi oli hyvää ja ohjaajat kivoja\n",
        )
        .unwrap();
        let corpus = crate::corpus::read_paths(&[csv], &Default::default()).unwrap();
        (dir, corpus)
    }

    fn recorder() -> (Arc<crate::events::tests::Recorder>, Reporter) {
        let recorder = Arc::new(crate::events::tests::Recorder::default());
        let reporter = Reporter::shared(recorder.clone());
        (recorder, reporter)
    }

    #[test]
    fn the_index_stage_reports_every_entry_written() {
        let (dir, corpus) = survey();
        let analyzer = Analyzer::new(crate::text::AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let (recorder, events) = recorder();
        let options = IndexOptions {
            threads: 1,
            events,
            ..Default::default()
        };
        let summary = index(&corpus, &analyzer, None, &options, &dir.path().join("ix")).unwrap();
        let lines = recorder.lines();
        // Three respondents, one empty answer: every document is an entry.
        assert_eq!(lines.first().map(String::as_str), Some("start Index 3"));
        assert_eq!(lines.last().map(String::as_str), Some("finish Index"));
        let advanced: u64 = lines
            .iter()
            .filter_map(|l| l.strip_prefix("advance Index "))
            .map(|l| l.split(' ').next().unwrap().parse::<u64>().unwrap())
            .sum();
        assert_eq!(advanced, 3, "{lines:?}");
        assert_eq!(summary.units, 2);
    }

    #[test]
    fn an_analysis_reports_its_stages_and_the_reading_to_its_events() {
        let (dir, _) = survey();
        let analyzer = Analyzer::new(crate::text::AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let (recorder, events) = recorder();
        let options = AnalyzeOptions {
            inputs: vec![dir.path().join("kysely.csv")],
            read: ReadOptions::default(),
            out: dir.path().join("out"),
            privacy: None,
            themes: ThemeOptions::default(),
            index: IndexOptions {
                threads: 3,
                ..Default::default()
            },
            events,
            command: vec!["teema".into()],
            gold: None,
        };
        let analysis = analyze(&options, &analyzer).unwrap();
        assert_eq!(analysis.manifest.threads, 3, "the threads the caller chose");
        let lines = recorder.lines();
        let stages: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("advance Stages 1 Some(\""))
            .map(|l| l.trim_end_matches("\")"))
            .collect();
        assert_eq!(stages, ["read", "index", "themes", "report"], "{lines:?}");
        assert_eq!(lines.first().map(String::as_str), Some("start Stages 5"));
        assert_eq!(lines.last().map(String::as_str), Some("finish Stages"));
        // The reading reports to the same events; the index writer's bar
        // would repeat the stages' display, so it is left out.
        let task = crate::events::Task::Read { files: 1 };
        assert!(lines.contains(&format!("finish {task:?}")), "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains("Index")), "{lines:?}");
    }

    #[test]
    fn the_themes_take_their_tokens_from_the_table_without_analysing_again() {
        let (_dir, corpus) = survey();
        let analyzer = Analyzer::new(crate::text::AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let table = analyse_units(&corpus, &analyzer);
        assert_eq!(table.len(), corpus.unit_count());
        // A table whose first text has a lemma no analysis gives: the
        // themes see it, so they did not analyse that text again.
        let texts: Vec<(&str, Register)> = corpus
            .units()
            .map(|(_, u)| (&*u.text, u.register()))
            .collect();
        let base = vec!["merkki-x".to_string()];
        let marked = crate::text::table::analyse_known(&analyzer, &texts, &base, |i, toks, _| {
            if i != 0 {
                return false;
            }
            toks.extend(table.unit(0).iter().map(|t| {
                crate::text::table::Tok::new(
                    0,
                    (t.start, t.end),
                    t.stopword(),
                    t.number(),
                    t.new_sentence(),
                )
            }));
            true
        });
        let answers = crate::themes::answers(&corpus, &analyzer, false, Some(marked));
        assert_eq!(answers.texts.len(), 2, "the empty answer is left out");
        let first = answers.analysed.unit(0);
        assert!(!first.is_empty());
        assert!(
            first
                .iter()
                .all(|t| answers.analysed.vocab.term(t.lemma) == "merkki-x")
        );
        // Without a table the answers are analysed: the same as from the
        // table of an analysis.
        let fresh = crate::themes::answers(&corpus, &analyzer, false, None);
        let from_table = crate::themes::answers(&corpus, &analyzer, false, Some(table));
        assert_eq!(
            fresh.analysed.vocab.terms(),
            from_table.analysed.vocab.terms()
        );
        for u in 0..fresh.texts.len() {
            assert_eq!(fresh.analysed.unit(u), from_table.analysed.unit(u));
        }
    }

    #[test]
    fn a_failing_stage_stops_the_run() {
        let mut stages = Stages::new(1, Reporter::silent());
        let r: crate::Result<()> = stages.run("read", || Err(crate::Error::Usage("no".into())));
        assert!(r.is_err());
        assert!(stages.finish().is_empty());
    }

    #[test]
    fn a_stage_records_its_own_peak_memory() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let mut stages = Stages::new(1, Reporter::silent());
        let size = 64 << 20;
        let touched = stages
            .run("big", || {
                let v = vec![1u8; size];
                Ok((v.iter().map(|&b| b as usize).sum::<usize>(), 1, 0))
            })
            .unwrap();
        assert_eq!(touched, size);
        let t = stages.finish();
        let peak = t[0].peak_memory_bytes.expect("VmHWM can be reset and read");
        assert!(
            peak >= size as u64,
            "stage peak {peak} below the 64 MB it held"
        );
        assert!(peak_memory_bytes().unwrap() >= peak);
    }
}
