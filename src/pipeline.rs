//! The stages of `teema analyze`, run in order with one progress display:
//! read → pseudonymise → index → themes → reports. Each stage is timed
//! (seconds, documents, tokens), and the figures go to the manifest so a run
//! can be repeated, cited and compared (`teema bench` reads them).

use crate::corpus::{Corpus, ReadOptions};
use crate::index::IndexOptions;
use crate::memory::StagePeak;
use crate::privacy::{PrivacyOptions, PrivacySummary};
use crate::report::Manifest;
use crate::text::Analyzer;
use crate::themes::{ThemeOptions, ThemeResult};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What one stage did and how long it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    /// Stage name: `read`, `pseudonymise`, `index`, `themes`, `report`.
    pub stage: String,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Documents (answers and utterances) the stage handled.
    pub documents: u64,
    /// Tokens the stage analysed (0 where it analyses none).
    pub tokens: u64,
    /// Peak resident memory during the stage in bytes, as the operating
    /// system counts it (`None` where it cannot be measured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_memory_bytes: Option<u64>,
}

impl StageTiming {
    /// Documents per second (0 when the stage took no measurable time).
    pub fn documents_per_second(&self) -> f64 {
        per_second(self.documents, self.seconds)
    }

    /// Tokens per second.
    pub fn tokens_per_second(&self) -> f64 {
        per_second(self.tokens, self.seconds)
    }
}

fn per_second(n: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        n as f64 / seconds
    } else {
        0.0
    }
}

/// Times the stages of one run and shows which one is running on stderr
/// (only on a terminal).
pub struct Stages {
    timings: Vec<StageTiming>,
    bar: Option<indicatif::ProgressBar>,
}

impl Stages {
    /// A recorder for `total` stages; `progress` shows a spinner on stderr.
    pub fn new(total: usize, progress: bool) -> Stages {
        let bar = progress.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} {elapsed}")
            {
                bar.set_style(style);
            }
            bar.set_length(total as u64);
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Stages {
            timings: Vec::new(),
            bar,
        }
    }

    /// Run stage `name`; `f` returns its value and (documents, tokens).
    pub fn run<T>(
        &mut self,
        name: &str,
        f: impl FnOnce() -> crate::Result<(T, u64, u64)>,
    ) -> crate::Result<T> {
        if let Some(bar) = &self.bar {
            bar.set_position(self.timings.len() as u64 + 1);
            bar.set_message(name.to_string());
        }
        let peak = StagePeak::start();
        let start = Instant::now();
        let (value, documents, tokens) = f()?;
        crate::memory::trace(name);
        self.timings.push(StageTiming {
            stage: name.to_string(),
            seconds: start.elapsed().as_secs_f64(),
            documents,
            tokens,
            peak_memory_bytes: peak.end(),
        });
        Ok(value)
    }

    /// The timings so far, in stage order; clears the progress display.
    pub fn finish(self) -> Vec<StageTiming> {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
        self.timings
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
    /// The index writer.
    pub index: IndexOptions,
    /// Show one progress display for the stages on stderr.
    pub progress: bool,
    /// The command line, recorded in the manifest.
    pub command: Vec<String>,
    /// A reference coding to measure the themes against (`--gold`).
    pub gold: Option<Gold>,
}

/// A reference coding for `teema analyze --gold`, read before the analysis.
#[derive(Debug, Clone)]
pub struct Gold {
    /// The reference (A).
    pub coding: crate::eval::codings::Coding,
    /// `--gold-map` as [`crate::eval::codings::read_map`] reads it: a theme
    /// of this analysis (label or id, normalised) → the reference's code.
    pub map: std::collections::BTreeMap<String, String>,
    /// Bootstrap resamples and seed.
    pub config: crate::eval::codings::CompareConfig,
}

/// What a finished analysis produced.
pub struct Analysis {
    /// The corpus as analysed (pseudonymised when asked).
    pub corpus: Corpus,
    /// The themes.
    pub result: ThemeResult,
    /// The manifest written to `out/manifest.json`.
    pub manifest: Manifest,
    /// What pseudonymisation replaced (and the key, for `--key-out` only).
    pub privacy: Option<crate::privacy::PrivacyReport>,
    /// The files written, manifest.json last.
    pub written: Vec<PathBuf>,
}

/// Run the whole analysis: read → pseudonymise → index → themes → reports.
pub fn analyze(options: &AnalyzeOptions, analyzer: &'static Analyzer) -> Result<Analysis> {
    check_out_dir(&options.out)?;
    let mut stages = Stages::new(5, options.progress);
    let mut corpus = stages.run("read", || {
        let corpus = crate::corpus::read_paths(&options.inputs, &options.read)?;
        let n = corpus.unit_count() as u64;
        Ok((corpus, n, 0))
    })?;
    if corpus.unit_count() == 0 {
        stages.finish();
        let issues: String = corpus
            .issues
            .iter()
            .take(5)
            .map(|i| format!("\n  {i}"))
            .collect();
        return Err(Error::Usage(format!(
            "no answers or utterances to analyse in {} ({}; teema ingest lists every issue){issues}",
            display_paths(&options.inputs),
            corpus.accounting
        )));
    }
    // A reference coding must name answers of this corpus: checked before
    // the long stages.
    if let Some(g) = &options.gold {
        crate::eval::codings::check_within(
            &g.coding,
            &crate::eval::codings::corpus_units(&corpus),
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
    index_options.progress = false;
    let index = stages.run("index", || {
        let staged = crate::index::rebuild::stage(&corpus, analyzer, &index_options, &index_dir)?;
        let (units, tokens) = (staged.summary().units, staged.summary().tokens);
        Ok((staged, units, tokens))
    })?;
    let result = stages.run("themes", || {
        let mut r = crate::themes::run(&corpus, analyzer, &options.themes)?;
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
    let mut manifest = Manifest::new(&result, &corpus);
    manifest.command = options.command.clone();
    manifest.threads = rayon::current_num_threads();
    manifest.stages = stages.finish();
    let summary = privacy
        .as_ref()
        .map(|p| p.summary.clone())
        .unwrap_or_else(PrivacySummary::off);
    manifest.pseudonymisation = Some(serde_json::to_value(&summary)?);
    let report = crate::report::stage_report(&options.out, &result, &corpus, &mut manifest, None)?;
    index.commit()?;
    let written = report.commit()?;
    crate::memory::trace("report");
    Ok(Analysis {
        corpus,
        result,
        manifest,
        privacy,
        written,
    })
}

/// The agreement of `result` (B) with the reference coding (A); the map
/// renames this analysis's themes (label or id) to the reference's codes.
fn gold_agreement(g: &Gold, result: &ThemeResult) -> Result<crate::eval::codings::CodingAgreement> {
    use crate::eval::codings::{compare, from_result};
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
/// ([`crate::index::rebuild::check_replaceable`]).
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
        let mut stages = Stages::new(2, false);
        let a = stages.run("read", || Ok((7, 3, 0))).unwrap();
        let b: u8 = stages.run("index", || Ok((1, 3, 40))).unwrap();
        let t = stages.finish();
        assert_eq!((a, b), (7, 1));
        let names: Vec<_> = t.iter().map(|s| s.stage.as_str()).collect();
        assert_eq!(names, ["read", "index"]);
        assert_eq!((t[1].documents, t[1].tokens), (3, 40));
    }

    #[test]
    fn a_failing_stage_stops_the_run() {
        let mut stages = Stages::new(1, false);
        let r: crate::Result<()> = stages.run("read", || Err(crate::Error::Usage("no".into())));
        assert!(r.is_err());
        assert!(stages.finish().is_empty());
    }

    #[test]
    fn a_stage_records_its_own_peak_memory() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let mut stages = Stages::new(1, false);
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

    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let bytes = peak_memory_bytes().expect("VmHWM in /proc/self/status");
            assert!(
                bytes > 1 << 20,
                "peak memory {bytes} bytes is implausibly small"
            );
        }
    }
}
