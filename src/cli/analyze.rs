//! `teema analyze`: the whole batch in one command. Reads the inputs,
//! pseudonymises them, indexes them, finds or codes the themes and writes
//! the reports and exports into `--out DIR`:
//! `index/`, `report.html`, `report.md`, `themes.json`, `codings.csv`,
//! `crosstab.csv`, `project.qdpx`, `codebook.qdc` and `manifest.json`.

use super::index::{MAX_MEMORY_MB, MIN_MEMORY_MB};
use super::themes::{ThemeCount, parse_k};
use super::{Globals, InputArgs};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use teema::index::{IndexOptions, shared_analyzer};
use teema::pipeline::{AnalyzeOptions, analyze};
use teema::themes::{Codebook, Refine, ThemeOptions};
use teema::{Error, Result};

/// Arguments of `teema analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Inputs and how to read them.
    #[command(flatten)]
    pub input: Box<InputArgs>,
    /// The output directory (created; an earlier analysis in it is replaced,
    /// but never a file teema did not write).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Code with this codebook (TOML) instead of discovering themes.
    #[arg(long, value_name = "FILE")]
    pub codebook: Option<PathBuf>,
    /// Apply the refinements of this file to the discovered themes (TOML
    /// tables [[seed]], [[merge]], [[split]], [[drop]], [[move]],
    /// [[rename]]; themes named by id, t3, or label as in themes.json). A
    /// refinement that no longer fits is an error at its line.
    #[arg(long, value_name = "FILE", conflicts_with = "codebook")]
    pub refine: Option<std::path::PathBuf>,
    /// Number of themes to discover, or `auto`.
    #[arg(long, value_name = "N|auto", default_value = "auto", value_parser = parse_k)]
    pub themes: ThemeCount,
    /// Cross-tabulate themes by this closed column (repeatable); also
    /// `nps_group`, `question`, `role`.
    #[arg(long, value_name = "COLUMN")]
    pub by: Vec<String>,
    /// Random seed of discovery: the same inputs and seed give the same
    /// reports, byte for byte, whatever the thread count.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Count interviewer turns in the themes too (left out by default).
    #[arg(long)]
    pub include_interviewer: bool,
    /// Pseudonymisation (on by default).
    #[command(flatten)]
    pub privacy: super::privacy_args::PrivacyArgs,
    /// Measure the themes against this reference coding (a human coding
    /// table respondent,question,theme, a codings.csv, an analysis
    /// directory or a REFI-QDA project, as teema eval codings reads them):
    /// the agreement goes into report.html, report.md and themes.json.
    #[arg(long, value_name = "CODING")]
    pub gold: Option<PathBuf>,
    /// CSV `a,b`: a code of the --gold coding and the theme of this
    /// analysis (its label or id, e.g. t3) it corresponds to.
    #[arg(long, value_name = "FILE", requires = "gold")]
    pub gold_map: Option<PathBuf>,
    /// Memory budget of the index writer in MB.
    #[arg(long, value_name = "MB", default_value_t = 256,
          value_parser = super::between(MIN_MEMORY_MB, MAX_MEMORY_MB))]
    pub memory: usize,
}

/// Run `teema analyze`.
pub fn run(args: AnalyzeArgs, globals: Globals) -> Result<u8> {
    let analyzer = shared_analyzer(globals.analyzer_config())?;
    let codebook = match &args.codebook {
        Some(p) => Some(Codebook::load(p, &analyzer)?),
        None => None,
    };
    let refine = match &args.refine {
        Some(p) => Some(Refine::load(p, &analyzer)?),
        None => None,
    };
    // The reference coding is read first: a bad file fails before the analysis.
    let gold = match &args.gold {
        Some(path) => Some(teema::pipeline::Gold {
            coding: teema::eval::codings::read_coding(path, &Default::default())?,
            map: match &args.gold_map {
                Some(m) => teema::eval::codings::read_map(m)?,
                None => Default::default(),
            },
            config: teema::eval::codings::CompareConfig {
                resamples: 1000,
                seed: args.seed,
            },
        }),
        None => None,
    };
    args.privacy.check_key_out(&args.out)?;
    let privacy = args.privacy.options()?;
    if privacy.is_none() {
        eprintln!(
            "warning: --no-pseudonymise: identity codes, phone numbers, emails and IBANs are \
             kept as written in the index and reports"
        );
    }
    let options = AnalyzeOptions {
        inputs: args.input.paths.clone(),
        read: args.input.read_options(),
        out: args.out.clone(),
        privacy,
        themes: ThemeOptions {
            codebook,
            k: args.themes.0,
            seed: args.seed,
            by: args.by.clone(),
            include_interviewer: args.include_interviewer,
            refine,
        },
        index: IndexOptions {
            threads: globals.threads,
            memory_budget: args.memory << 20,
            ..IndexOptions::default()
        },
        events: super::events::reporter(),
        command: super::command_line(),
        gold,
    };
    let analysis = analyze(&options, &analyzer)?;
    super::print_issues(&analysis.corpus);
    let mut out = std::io::stdout().lock();
    let io = |e| Error::io("<stdout>", e);
    let m = &analysis.manifest;
    writeln!(
        out,
        "{} respondents/interviews, {} answers analysed, {} themes, {} unassigned ({})",
        m.counts.respondents,
        m.counts.answers,
        m.counts.themes,
        m.counts.unassigned,
        analysis.corpus.accounting
    )
    .map_err(io)?;
    if let Some(p) = &analysis.privacy {
        writeln!(out, "{}", p.summary).map_err(io)?;
        if !p.key.is_empty() || args.privacy.key_out.is_some() {
            let key = super::privacy_args::write_key(p, args.privacy.key_out.as_deref())?;
            writeln!(out, "{key}").map_err(io)?;
        }
    }
    let stages: Vec<String> = m
        .stages
        .iter()
        .map(|s| format!("{} {:.2} s", s.stage, s.seconds))
        .collect();
    writeln!(out, "stages: {}", stages.join(", ")).map_err(io)?;
    for path in &analysis.written {
        writeln!(out, "  {}", path.display()).map_err(io)?;
    }
    writeln!(
        out,
        "  {}/ (search it with teema search {} QUERY)",
        args.out.join("index").display(),
        args.out.join("index").display()
    )
    .map_err(io)?;
    let code = u8::from(analysis.corpus.accounting.rejected > 0);
    // The process ends here: the corpus, the themes and the analyser's
    // caches (millions of small allocations) are left to the operating
    // system instead of being freed one by one on one thread (0.3 s of a
    // fi-news run, after every file is written).
    std::mem::forget(analysis);
    std::mem::forget(analyzer);
    Ok(code)
}
