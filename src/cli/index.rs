//! `teema index`: read inputs, analyse them in parallel and write or update
//! a tantivy index. Files already indexed (same SHA-256) are skipped, a
//! changed file replaces its old documents, `--rebuild` starts over.

use super::{Globals, InputArgs};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use teema::Result;
use teema::index::{IndexOptions, shared_analyzer};

/// Least memory (MB) `--memory` gives the index writer (tantivy needs 15 MB
/// per writer thread; the writer says when a budget is too small for its
/// threads).
pub const MIN_MEMORY_MB: usize = 16;
/// Most memory (MB) `--memory` gives the index writer: tantivy's limit for
/// one writer thread is just under 4 GB.
pub const MAX_MEMORY_MB: usize = 4095;

/// Arguments of `teema index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Inputs and how to read them.
    #[command(flatten)]
    pub input: Box<InputArgs>,
    /// The index directory (created when missing).
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// Index the inputs from scratch into a new index beside the old one,
    /// which it replaces only when complete.
    #[arg(long)]
    pub rebuild: bool,
    /// Memory budget of the index writer in MB, shared by its threads
    /// (at least 15 MB per thread).
    #[arg(long, value_name = "MB", default_value_t = 256,
          value_parser = super::between(MIN_MEMORY_MB, MAX_MEMORY_MB))]
    pub memory: usize,
    /// Commit after this many new answers or utterances (a killed run keeps
    /// everything committed before).
    #[arg(long, value_name = "N", default_value_t = 250_000,
          value_parser = super::between(1u64, 1_000_000_000))]
    pub commit_every: u64,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Pseudonymisation (on by default).
    #[command(flatten)]
    pub privacy: super::privacy_args::PrivacyArgs,
}

/// Run `teema index`.
pub fn run(args: IndexArgs, globals: Globals) -> Result<u8> {
    args.privacy.check_key_out(&args.index)?;
    let mut corpus = teema::corpus::read_paths(&args.input.paths, &args.input.read_options())?;
    super::print_issues(&corpus);
    let analyzer = shared_analyzer(globals.analyzer_config())?;
    args.privacy.apply(&mut corpus, &analyzer)?;
    let options = IndexOptions {
        rebuild: args.rebuild,
        threads: globals.threads,
        memory_budget: args.memory << 20,
        commit_every: args.commit_every.max(1),
        events: super::events::reporter(),
    };
    let summary = teema::pipeline::index(&corpus, &analyzer, None, &options, &args.index)?;
    let out = if args.json {
        format!("{}\n", serde_json::to_string(&summary)?)
    } else {
        let list = |v: &[PathBuf]| {
            v.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut o = if summary.added.is_empty() && summary.replaced.is_empty() {
            format!("index {}: nothing new to index\n", args.index.display())
        } else {
            format!(
                "index {}: {} documents, {} answers and utterances written in {:.2} s ({:.0} documents/s, {:.0} tokens/s)\n",
                args.index.display(),
                summary.documents,
                summary.units,
                summary.seconds,
                summary.documents as f64 / summary.seconds.max(1e-9),
                summary.tokens as f64 / summary.seconds.max(1e-9)
            )
        };
        for (what, v) in [
            ("added", &summary.added),
            ("replaced", &summary.replaced),
            ("unchanged, skipped", &summary.unchanged),
        ] {
            if !v.is_empty() {
                o.push_str(&format!("  {what}: {}\n", list(v)));
            }
        }
        o.push_str(&format!("  sources in the index: {}\n", summary.sources));
        o
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    let code = if corpus.accounting.rejected > 0 { 1 } else { 0 };
    std::mem::forget(corpus);
    Ok(code)
}
