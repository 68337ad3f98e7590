//! `teema kwic DIR TERM`: keyword in context, aligned on the keyword, every
//! form of the term's lemma. `--json` prints JSON Lines and `--csv` a CSV
//! table, both with the fields source, line, document, kind, question,
//! speaker, role, time, left, keyword, right, start, end.

use super::Globals;
use super::search::{colour, mark};
use super::terminal::clean;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use teema::Result;
use teema::index::kwic::{KwicOptions, KwicSort, kwic};
use teema::index::{IndexHandle, analyzer_for};
use teema::report::csv::neutralise;

/// Columns of `--csv` (the `--json` fields, in this order).
const CSV_HEADER: [&str; 13] = [
    "source", "line", "document", "kind", "question", "speaker", "role", "time", "left", "keyword",
    "right", "start", "end",
];

/// Line order of `teema kwic`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// By the words just before the keyword, nearest first.
    Left,
    /// By the words just after the keyword.
    Right,
    /// In source order.
    Source,
}

/// Arguments of `teema kwic`.
#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The index directory.
    #[arg(value_name = "DIR")]
    pub index: PathBuf,
    /// One word; every form of its lemma is shown.
    #[arg(value_name = "TERM")]
    pub term: String,
    /// Characters of context on each side.
    #[arg(long, value_name = "N", default_value_t = 40,
          value_parser = super::between(0usize, 1000))]
    pub width: usize,
    /// Line order.
    #[arg(long, value_enum, default_value = "source")]
    pub sort: SortArg,
    /// Only utterances of this role (interviewer, interviewee, participant).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Keep only answers where a column has a value (repeatable), as in search.
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub filters: Vec<String>,
    /// At most this many lines.
    #[arg(long, value_name = "N", value_parser = super::between(1usize, 100_000_000))]
    pub limit: Option<usize>,
    /// JSON Lines, one line per occurrence.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row.
    #[arg(long)]
    pub csv: bool,
}

/// Run `teema kwic`.
pub fn run(args: KwicArgs, globals: Globals) -> Result<u8> {
    let analyzer = analyzer_for(&args.index, globals.analyzer_config())?;
    let handle = IndexHandle::open(&args.index, analyzer)?;
    if let Some(w) = super::lemmatizer_warning(&handle) {
        eprintln!("{w}");
    }
    let options = KwicOptions {
        width: args.width,
        sort: match args.sort {
            SortArg::Left => KwicSort::Left,
            SortArg::Right => KwicSort::Right,
            SortArg::Source => KwicSort::Source,
        },
        role: args.role.clone(),
        filters: args.filters.clone(),
        limit: args.limit,
    };
    let lines = kwic(&handle, &args.term, &options)?;
    let mut out: Vec<u8> = Vec::new();
    if args.json {
        for l in &lines {
            out.extend_from_slice(serde_json::to_string(l)?.as_bytes());
            out.push(b'\n');
        }
    } else if args.csv {
        let mut w = csv::Writer::from_writer(&mut out);
        let csv_err = |e: csv::Error| teema::Error::io("<stdout>", e.into());
        w.write_record(CSV_HEADER).map_err(csv_err)?;
        for l in &lines {
            let a = &l.at;
            // Text cells guarded as in the report's CSV files: a cell a
            // spreadsheet would read as a formula gets a leading '.
            fn opt(o: &Option<String>) -> std::borrow::Cow<'_, str> {
                o.as_deref().map_or("".into(), neutralise)
            }
            let line = a.line.to_string();
            let (start, end) = (l.start.to_string(), l.end.to_string());
            w.write_record(
                [
                    neutralise(&a.source),
                    line.as_str().into(),
                    neutralise(&a.document),
                    neutralise(&a.kind),
                    opt(&a.question),
                    opt(&a.speaker),
                    opt(&a.role),
                    opt(&a.time),
                    neutralise(&l.left),
                    neutralise(&l.keyword),
                    neutralise(&l.right),
                    start.as_str().into(),
                    end.as_str().into(),
                ]
                .iter()
                .map(|c| c.as_bytes()),
            )
            .map_err(csv_err)?;
        }
        w.flush().map_err(|e| teema::Error::io("<stdout>", e))?;
    } else {
        let colour = colour();
        for l in &lines {
            let pad = args.width.saturating_sub(l.left.chars().count());
            let kw = mark(&l.keyword, &[[0, l.keyword.len()]], colour);
            let who = match (&l.at.speaker, &l.at.question) {
                (Some(s), _) => format!(" {s}"),
                _ => String::new(),
            };
            let right_pad = args.width.saturating_sub(l.right.chars().count());
            out.extend_from_slice(
                format!(
                    "{:pad$}{}{}{}{:right_pad$}  {}\n",
                    "",
                    clean(&l.left),
                    kw,
                    clean(&l.right),
                    "",
                    clean(&format!("{}:{}{who}", l.at.source, l.at.line))
                )
                .as_bytes(),
            );
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&out)
        .and_then(|_| stdout.flush())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    Ok(0)
}
