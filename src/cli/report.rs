//! `teema report DIR`: regenerate the reports of an existing analysis
//! directory (report.html, report.md, CSVs, REFI-QDA files, manifest.json)
//! from its themes.json, manifest.json and index, without re-indexing or
//! re-running the themes. Use it after upgrading teema, or with `--out` to
//! write the reports somewhere else. With `--refine FILE` the themes are
//! discovered again from the index (same seed and settings) and refined.

use super::Globals;
use clap::Args;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;
use teema::pipeline::{self, RunManifest};
use teema::report;
use teema::text::Analyzer;
use teema::themes::{Method, Refine, ThemeOptions, ThemeResult};
use teema::{Error, Result};

/// Arguments of `teema report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The analysis directory written by `teema analyze` (holds themes.json,
    /// manifest.json and index/).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Write the reports into this directory instead of DIR.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Discover the themes again from the analysis's index, with its seed
    /// and settings, and apply the refinements of this file (TOML; see
    /// `teema analyze --refine`). themes.json and every report are
    /// rewritten; the same file gives the same bytes as `teema analyze
    /// --refine` with it.
    #[arg(long, value_name = "FILE")]
    pub refine: Option<PathBuf>,
}

/// Run `teema report`.
pub fn run(args: ReportArgs, globals: Globals) -> Result<u8> {
    let started = Instant::now();
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(Error::input(
            dir,
            "not a directory; give the --out directory of a teema analyze run",
        ));
    }
    let themes_path = dir.join("themes.json");
    if !themes_path.is_file() {
        return Err(Error::input(
            &themes_path,
            "missing: DIR is not a teema analysis directory (run teema analyze INPUT --out DIR first)",
        ));
    }
    // themes.json is the record of the analysis: it is kept byte for byte
    // (parsing and printing floats again could change a last digit).
    let themes_text =
        std::fs::read_to_string(&themes_path).map_err(|e| Error::io(&themes_path, e))?;
    let mut result = report::json::parse(&themes_text, &themes_path)?;
    let manifest_path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    let mut manifest: RunManifest = serde_json::from_str(&text).map_err(|e| {
        Error::parse(
            &manifest_path,
            e.line() as u64,
            format!("not a teema manifest.json: {e}"),
        )
    })?;
    let index = dir.join("index");
    if !index.is_dir() {
        return Err(Error::input(
            &index,
            "missing: the reports quote the answers kept in the analysis's index; run teema analyze INPUT --out DIR again",
        ));
    }
    let corpus = teema::index::load_corpus(&index)?;
    report::json::number_answers(&mut result, &themes_path, &corpus)?;
    let out = args.out.as_deref().unwrap_or(dir);
    // The report stage is timed anew; the analysis's other stages stay as
    // they were. themes.json is kept as the analysis wrote it.
    let written = match &args.refine {
        None => pipeline::write_reports(out, &result, &corpus, &mut manifest, Some(&themes_text))?,
        Some(file) => {
            let refined = refine(&result, &corpus, &index, file, &globals)?;
            manifest.parameters = refined.params.clone();
            manifest.counts.themes = refined.themes.len();
            manifest.counts.codings = refined.codings.len();
            manifest.counts.unassigned = refined.unassigned.answers;
            pipeline::write_reports(out, &refined, &corpus, &mut manifest, None)?
        }
    };
    let mut stdout = std::io::stdout().lock();
    let io = |e| Error::io("<stdout>", e);
    for path in &written {
        writeln!(stdout, "{}", path.display()).map_err(io)?;
    }
    writeln!(
        stdout,
        "{} files written in {:.2} s",
        written.len(),
        started.elapsed().as_secs_f64()
    )
    .map_err(io)?;
    Ok(0)
}

/// The themes of an analysis discovered again from its index with the
/// recorded seed and settings, refined by `file`.
fn refine(
    result: &ThemeResult,
    corpus: &teema::corpus::Corpus,
    index: &Path,
    file: &Path,
    globals: &Globals,
) -> Result<ThemeResult> {
    let p = &result.params;
    if p.method != Method::Discovery {
        return Err(Error::Usage(format!(
            "--refine {}: this analysis coded with a codebook; refinements apply to discovered \
             themes (edit the codebook instead)",
            file.display()
        )));
    }
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let refine = Refine::load(file, &analyzer)?;
    let table = teema::index::analysed_of(index, &analyzer, corpus)?;
    let options = ThemeOptions {
        codebook: None,
        k: p.k_requested,
        seed: p.seed,
        by: p.by.clone(),
        include_interviewer: p.include_interviewer,
        refine: Some(refine),
    };
    let mut refined = teema::themes::run_on(corpus, &analyzer, &options, table)?;
    // What the analysis recorded about its inputs stays as it was.
    refined.params.pseudonymised = p.pseudonymised.clone();
    refined.params.partial_sources = p.partial_sources.clone();
    refined.params.sources = p.sources.clone();
    Ok(refined)
}
