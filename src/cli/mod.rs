//! The command line: clap derive structs mirror the flags (one file per
//! subcommand); each subcommand checks its arguments, builds what it needs
//! from the library and prints. `run` returns the process exit code:
//! 0 success, 1 finished but some records were rejected, 2 error.

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use teema::Result;

mod analyze;
mod bench;
mod codebook;
mod eval;
mod eval_codings;
mod eval_lemmas;
mod eval_themes;
mod events;
mod index;
mod ingest;
mod input;
mod kwic;
mod lemma;
mod lexicon;
mod privacy_args;
mod pseudonymise;
mod report;
mod search;
mod similar;
mod stats;
mod terminal;
mod themes;
mod tokens;
mod wording;

pub(crate) use wording::{index_notice, lemmatizer_warning, message, partial_notice};

pub use input::InputArgs;

/// teema: qualitative analysis of Finnish open answers and interviews.
///
/// Reads survey exports (CSV, XLSX, JSON Lines) and interview transcripts
/// (text, Markdown, WebVTT, SRT, DOCX) or REFI-QDA projects (.qdpx),
/// lemmatises Finnish, indexes it for
/// search, finds and codes themes, cross-tabulates them against closed
/// answers and writes reports with quotes.
#[derive(Debug, Parser)]
#[command(
    name = "teema",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, global = true, value_name = "N", value_parser = between(1usize, MAX_THREADS))]
    pub threads: Option<usize>,
    /// Use the built-in lemmatiser even when Voikko is installed.
    #[arg(long, global = true)]
    pub builtin: bool,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// teema's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read inputs and report what was found: files, respondents, questions,
    /// column types, speakers and the record accounting.
    Ingest(ingest::IngestArgs),
    /// Show the lemma and compound parts of words.
    Lemma(lemma::LemmaArgs),
    /// Print the tokens of a text file with offsets, lemmas and parts.
    Tokens(tokens::TokensArgs),
    /// Measure lemma accuracy or theme agreement against gold labels.
    Eval(eval::EvalArgs),
    /// Build or update a search index from inputs.
    Index(index::IndexArgs),
    /// Search an index with a query.
    Search(search::SearchArgs),
    /// The words of an index or inputs nearest in meaning to given words.
    Similar(similar::SimilarArgs),
    /// Keyword in context: every occurrence of a lemma, aligned.
    Kwic(kwic::KwicArgs),
    /// Figures of an index: documents, tokens, frequent lemmas.
    Stats(stats::StatsArgs),
    /// Code themes with a codebook or discover them from the data.
    Themes(themes::ThemesArgs),
    /// Check a codebook file.
    Codebook(codebook::CodebookArgs),
    /// The whole analysis in one command: index, themes, reports, exports.
    Analyze(analyze::AnalyzeArgs),
    /// Regenerate the reports of an existing analysis.
    Report(report::ReportArgs),
    /// Write pseudonymised copies of inputs.
    #[command(alias = "pseudonymize")]
    Pseudonymise(pseudonymise::PseudonymiseArgs),
    /// Measure the whole analysis on a corpus, per stage.
    Bench(bench::BenchArgs),
    /// For teema's developers: build or inspect the built-in lemmatiser's
    /// form lexicon.
    #[command(hide = true)]
    Lexicon(lexicon::LexiconArgs),
}

/// Most worker threads `--threads` takes.
pub const MAX_THREADS: usize = 1024;

/// A value parser for a whole number from `min` to `max` (both included).
/// Every numeric flag goes through one of these, so a value out of range
/// is a usage error naming the flag and the range (clap adds the flag:
/// `invalid value '100000' for '--threads <N>': must be between 1 and
/// 1024`), never a huge allocation or a panic further on.
pub(crate) fn between<T>(
    min: T,
    max: T,
) -> impl Fn(&str) -> std::result::Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |s: &str| match s.trim().parse::<T>() {
        Ok(n) if min <= n && n <= max => Ok(n),
        _ => Err(format!("must be a number between {min} and {max}")),
    }
}

/// The command line as the manifests record it. Arguments that are not
/// UTF-8 (a file name in another encoding) are kept with U+FFFD in place of
/// the bytes that are not (`std::env::args` would panic on them).
pub(crate) fn command_line() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// Options every subcommand sees.
#[derive(Debug, Clone, Copy)]
pub struct Globals {
    /// Worker threads: those of rayon's global pool, which every stage
    /// runs in (decided once, in [`run`]).
    pub threads: usize,
    /// Force the built-in lemmatiser.
    pub builtin: bool,
}

impl Globals {
    /// The analyser configuration these options ask for.
    pub fn analyzer_config(&self) -> teema::text::AnalyzerConfig {
        teema::text::AnalyzerConfig {
            builtin_only: self.builtin,
            events: events::reporter(),
            ..Default::default()
        }
    }
}

/// Issues of one kind (rejected records, warnings) printed per file; the
/// rest are counted in one line (a sheet of a million odd rows is not a
/// million lines on the terminal). `teema ingest --json` lists them all.
const ISSUES_SHOWN: usize = 20;

/// Print the rejected records and warnings of a read, `file:line: …`, on
/// stderr (what ingest, index, analyze and pseudonymise all show): the
/// first [`ISSUES_SHOWN`] of each kind per file, then how many more.
pub(crate) fn print_issues(corpus: &teema::corpus::Corpus) {
    use std::io::Write as _;
    use teema::corpus::Severity;
    let mut err = std::io::stderr().lock();
    for file in corpus.issues.chunk_by(|a, b| a.path == b.path) {
        let (mut rejected, mut warnings) = (0usize, 0usize);
        for issue in file {
            let seen = match issue.severity {
                Severity::Rejected => &mut rejected,
                Severity::Warning => &mut warnings,
            };
            *seen += 1;
            if *seen <= ISSUES_SHOWN {
                // An issue may quote the file: shown, never acted on.
                let _ = writeln!(err, "{}", terminal::clean(&issue.to_string()));
            }
        }
        for (n, what) in [(rejected, "rejected records"), (warnings, "warnings")] {
            if n > ISSUES_SHOWN {
                let _ = writeln!(
                    err,
                    "{}: … and {} more {what} (teema ingest --json lists them all)",
                    file[0].path.display(),
                    n - ISSUES_SHOWN
                );
            }
        }
    }
}

/// Parse `args` and run the command; returns the exit code.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> Result<u8> {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return Ok(code);
        }
    };
    if let Some(n) = cli.threads {
        // A global pool is set once per process; a second call in the same
        // process (tests) keeps the first, which is harmless.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    if std::env::var_os("TEEMA_TRACE_MEMORY").is_some() {
        teema::memory::set_tracer(|t| {
            eprintln!(
                "memory: {}: resident {} MiB, peak {} MiB ({:.2} s)",
                t.label, t.resident_mib, t.peak_mib, t.seconds
            )
        });
    }
    // The one place that decides the worker threads: the global pool
    // (`--threads`, else rayon's default: every core) is what the stages run
    // in, and the index writer and the run record take its size from here.
    let globals = Globals {
        threads: rayon::current_num_threads(),
        builtin: cli.builtin,
    };
    match cli.command {
        Command::Ingest(a) => ingest::run(a, globals),
        Command::Lemma(a) => lemma::run(a, globals),
        Command::Tokens(a) => tokens::run(a, globals),
        Command::Eval(a) => eval::run(a, globals),
        Command::Index(a) => index::run(a, globals),
        Command::Search(a) => search::run(a, globals),
        Command::Similar(a) => similar::run(a, globals),
        Command::Kwic(a) => kwic::run(a, globals),
        Command::Stats(a) => stats::run(a, globals),
        Command::Themes(a) => themes::run(a, globals),
        Command::Codebook(a) => codebook::run(a, globals),
        Command::Analyze(a) => analyze::run(a, globals),
        Command::Report(a) => report::run(a, globals),
        Command::Pseudonymise(a) => pseudonymise::run(a, globals),
        Command::Bench(a) => bench::run(a, globals),
        Command::Lexicon(a) => lexicon::run(a, globals),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
