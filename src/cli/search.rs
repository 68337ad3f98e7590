//! `teema search DIR QUERY`: tantivy's query language over lemmas and
//! compound parts, `--where column=value` filters, hits with provenance and
//! highlighted snippets; `--json` prints JSON Lines (one hit per line,
//! fields: rank, score, source, line, document, kind, question, speaker,
//! role, time, highlights, snippet, snippet_highlights, meta, text).
//! `--expand` also finds the words nearest in meaning to each query word.

use super::Globals;
use super::terminal::clean;
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use teema::Result;
use teema::index::search::{Expansion, SearchOptions, search};
use teema::index::{IndexHandle, analyzer_for};

/// Most hits `--limit` shows (`--count` counts any number).
pub const MAX_HITS: usize = 1_000_000;

/// Arguments of `teema search`.
#[derive(Debug, Args)]
#[command(after_help = "Query examples:\n  \
    vertaistuki                     any form of the lemma, or compounds with it\n  \
    'aukioloaika AND nps:[0 TO 6]'  detractors on opening hours\n  \
    '\"yksin kotona\"'                a phrase\n  \
    'kahvi OR ruoka NOT kallis'     boolean operators (terms without one are ANDed)\n  \
    'role:interviewee osallisuus'   a field; closed columns are fields too (teema stats lists them)\n  \
    'ryhm*'                         a prefix of lemmas and compound parts\n  \
    'ohjaaja~1'                     within 1 edit (0-2) of a lemma: typos too\n  \
    'nps:[* TO *]'  'nps:>8'        ranges on numbers, dates, categories; [* TO *] any value\n  \
    'source:kysely.csv'             answers of one source file\n  \
    --expand vertaistuki            also the index's words nearest in meaning (vertaisryhmä, …)")]
pub struct SearchArgs {
    /// The index directory.
    #[arg(value_name = "DIR")]
    pub index: PathBuf,
    /// The query (tantivy's query language).
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Keep only hits where a column has a value: `role=interviewee`,
    /// `ikäryhmä=alle 25`, `nps=9`, `source=file.csv` (repeatable).
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub filters: Vec<String>,
    /// At most this many hits.
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = super::between(1usize, MAX_HITS))]
    pub limit: usize,
    /// Print only the number of matching answers and utterances.
    #[arg(long)]
    pub count: bool,
    /// JSON Lines: one hit per line.
    #[arg(long)]
    pub json: bool,
    /// Also find the words nearest in meaning to each query word, among the
    /// index's lemmas (teema's Finnish word vectors); the words added are
    /// listed on stderr.
    #[arg(long)]
    pub expand: bool,
    /// With --expand: at most this many words added per query word.
    #[arg(long, value_name = "N", default_value_t = teema::meaning::NEIGHBOURS, requires = "expand",
          value_parser = super::between(1usize, 1000))]
    pub neighbours: usize,
    /// With --expand: the cosine similarity (0–1) an added word needs.
    #[arg(long, value_name = "X", default_value_t = teema::meaning::MIN_SIMILARITY,
          value_parser = super::similar::parse_similarity, requires = "expand")]
    pub min_similarity: f32,
}

/// True when output goes to a terminal and NO_COLOR is not set.
pub(super) fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `text` with the byte ranges marked: bold red on a terminal, `**` otherwise.
/// Control and bidi characters of the text are shown as escapes.
pub(super) fn mark(text: &str, ranges: &[[usize; 2]], colour: bool) -> String {
    let (on, off) = if colour {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let mut out = String::with_capacity(text.len() + 8 * ranges.len());
    let mut at = 0;
    for r in ranges {
        if r[0] < at || r[1] > text.len() {
            continue;
        }
        out.push_str(&clean(&text[at..r[0]]));
        out.push_str(on);
        out.push_str(&clean(&text[r[0]..r[1]]));
        out.push_str(off);
        at = r[1];
    }
    out.push_str(&clean(&text[at..]));
    out
}

/// Run `teema search`.
pub fn run(args: SearchArgs, globals: Globals) -> Result<u8> {
    let analyzer = analyzer_for(&args.index, globals.analyzer_config())?;
    let handle = IndexHandle::open(&args.index, analyzer)?;
    if let Some(w) = super::lemmatizer_warning(&handle) {
        eprintln!("{w}");
    }
    if let Some(n) = super::index_notice(&handle) {
        eprintln!("{n}");
    }
    let options = SearchOptions {
        limit: if args.count { 0 } else { args.limit },
        filters: args.filters.clone(),
        expand: args.expand.then_some(Expansion {
            neighbours: args.neighbours,
            min_similarity: args.min_similarity,
        }),
    };
    let results = search(&handle, &args.query, &options)?;
    if args.expand {
        let mut err = std::io::stderr().lock();
        for e in &results.expanded {
            let added: Vec<String> = e
                .added
                .iter()
                .map(|s| format!("{} ({:.2})", s.word, s.similarity))
                .collect();
            let added = if added.is_empty() {
                "nothing (no word of the index near enough)".to_string()
            } else {
                added.join(", ")
            };
            let _ = writeln!(err, "expanded {} ({}) with: {added}", e.word, e.lemma);
        }
    }
    let mut o = String::new();
    if args.count {
        o.push_str(&format!("{}\n", results.total));
    } else if args.json {
        for h in &results.hits {
            o.push_str(&serde_json::to_string(h)?);
            o.push('\n');
        }
    } else {
        let colour = colour();
        for h in &results.hits {
            let what = match (&h.at.question, &h.at.speaker) {
                (Some(q), _) => q.clone(),
                (None, Some(s)) => match &h.at.role {
                    Some(r) => format!("{s} ({r})"),
                    None => s.clone(),
                },
                _ => String::new(),
            };
            let head = format!(
                "{}:{}  {} {} · {}",
                h.at.source, h.at.line, h.at.kind, h.at.document, what
            );
            o.push_str(&format!(
                "{}\n    {}\n",
                clean(&head),
                mark(&h.snippet, &h.snippet_highlights, colour)
            ));
        }
        o.push_str(&format!(
            "{} matching, {} shown\n",
            results.total,
            results.hits.len()
        ));
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(o.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    Ok(0)
}
