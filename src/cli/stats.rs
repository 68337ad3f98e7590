//! `teema stats DIR`: documents, answers and utterances, tokens, distinct
//! lemmas, the most frequent lemmas and compound parts, counts per source,
//! question and role, and the closed columns usable as query fields.
//! `--json` prints one JSON object (fields of `teema::index::stats::Stats`).

use super::Globals;
use clap::Args;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use teema::Result;
use teema::index::stats::stats;
use teema::index::{IndexHandle, analyzer_for};

/// Arguments of `teema stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The index directory.
    #[arg(value_name = "DIR")]
    pub index: PathBuf,
    /// How many frequent lemmas and parts to list.
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = super::between(1usize, 1_000_000))]
    pub top: usize,
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Run `teema stats`.
pub fn run(args: StatsArgs, globals: Globals) -> Result<u8> {
    let analyzer = analyzer_for(&args.index, globals.analyzer_config())?;
    let handle = IndexHandle::open(&args.index, analyzer)?;
    if let Some(n) = super::index_notice(&handle) {
        eprintln!("{n}");
    }
    let s = stats(&handle, args.top)?;
    let mut o = String::new();
    if args.json {
        o = serde_json::to_string_pretty(&s)?;
        o.push('\n');
    } else {
        let _ = writeln!(o, "documents: {}", s.documents);
        let _ = writeln!(o, "answers and utterances: {}", s.units);
        let _ = writeln!(o, "tokens: {}", s.tokens);
        let _ = writeln!(o, "distinct lemmas: {}", s.distinct_lemmas);
        let _ = writeln!(o, "distinct compound parts: {}", s.distinct_parts);
        let _ = writeln!(o, "lemmatiser: {}", s.lemmatizer);
        let _ = writeln!(o, "most frequent lemmas (stopwords left out):");
        for f in &s.top_lemmas {
            let _ = writeln!(o, "  {:>8}  {} (in {})", f.count, f.term, f.units);
        }
        if !s.top_parts.is_empty() {
            let _ = writeln!(o, "most frequent compound parts:");
            for f in &s.top_parts {
                let _ = writeln!(o, "  {:>8}  {} (in {})", f.count, f.term, f.units);
            }
        }
        let _ = writeln!(o, "per source (documents, answers/utterances):");
        for src in &s.sources {
            let _ = writeln!(o, "  {:>8} {:>8}  {}", src.documents, src.units, src.path);
        }
        if !s.questions.is_empty() {
            let _ = writeln!(o, "answers per question:");
            for q in &s.questions {
                let _ = writeln!(o, "  {:>8}  {}", q.count, q.name);
            }
        }
        if !s.roles.is_empty() {
            let _ = writeln!(o, "utterances per role:");
            for r in &s.roles {
                let _ = writeln!(o, "  {:>8}  {}", r.count, r.name);
            }
        }
        if !handle.manifest.columns.is_empty() {
            let _ = writeln!(o, "closed columns (query fields):");
            for m in &handle.manifest.columns {
                let kind = format!("{:?}", m.kind).to_lowercase();
                let _ = writeln!(o, "  {:<32} {:<9} {}", m.field, kind, m.column);
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(o.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    Ok(0)
}
