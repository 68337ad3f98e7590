//! `teema ingest`: read the inputs and print what a researcher checks before
//! an analysis — files (format, encoding), respondents and documents, the
//! detected column types, answers per question, utterances per speaker and
//! per role, and the accounting line. Every issue goes to stderr as
//! `file:line: message`. Exit code 1 when any record was rejected.

use super::{Globals, InputArgs};
use clap::Args;
use std::fmt::Write as _;
use std::io::Write as _;
use teema::Result;
use teema::corpus::{Summary, read_paths, summarise};

/// Arguments of `teema ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Inputs and how to read them.
    #[command(flatten)]
    pub input: Box<InputArgs>,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// At most this many speaker lines in the text summary.
const MAX_SPEAKER_LINES: usize = 40;

/// The human-readable summary.
fn render(s: &Summary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "files: {}", s.files.len());
    for f in &s.files {
        let what = if f.format == teema::corpus::Format::Qdpx {
            "answers"
        } else if f.columns.is_empty() || f.format == teema::corpus::Format::UtteranceTable {
            "utterances"
        } else {
            "answers"
        };
        let _ = writeln!(
            o,
            "  {}  {} {}  {} documents, {} {what}",
            f.path,
            f.format.name(),
            f.encoding,
            f.documents,
            f.units
        );
        if let Some(r) = &f.refi {
            let _ = writeln!(
                o,
                "    REFI-QDA project: {} text sources, {} cases, {} variables, {} codes, {} users, {} coded spans, {} codings",
                r.sources, r.cases, r.variables, r.codes, r.users, r.selections, r.codings
            );
        }
        let width = f
            .columns
            .iter()
            .map(|c| c.name.chars().count().min(50))
            .max()
            .unwrap_or(0);
        for c in &f.columns {
            let name: String = c.name.chars().take(50).collect();
            let pad = width - name.chars().count();
            let scale = c
                .scale
                .map(|(a, b)| format!(" {a}–{b}"))
                .unwrap_or_default();
            let _ = writeln!(o, "    {name}{:pad$}  {}{scale}", "", c.kind);
        }
    }
    let _ = writeln!(o, "respondents: {}", s.respondents);
    let _ = writeln!(o, "interviews: {}", s.interviews);
    if !s.answers_per_question.is_empty() {
        let _ = writeln!(o, "answers per question:");
        for q in &s.answers_per_question {
            let _ = writeln!(o, "  {:>7}  {}", q.count, q.name);
        }
    }
    if !s.utterances_per_speaker.is_empty() {
        let _ = writeln!(o, "utterances per speaker:");
        for sp in s.utterances_per_speaker.iter().take(MAX_SPEAKER_LINES) {
            let label = if sp.speaker.is_empty() {
                "(no label)"
            } else {
                &sp.speaker
            };
            let _ = writeln!(o, "  {:>7}  {label} ({})", sp.count, sp.role);
        }
        if s.utterances_per_speaker.len() > MAX_SPEAKER_LINES {
            let _ = writeln!(
                o,
                "  … {} more speakers (--json lists all)",
                s.utterances_per_speaker.len() - MAX_SPEAKER_LINES
            );
        }
        let _ = writeln!(o, "utterances per role:");
        for r in &s.utterances_per_role {
            let _ = writeln!(o, "  {:>7}  {}", r.count, r.name);
        }
        let _ = writeln!(o, "speakers per interview:");
        for p in &s.speakers_per_interview {
            let _ = writeln!(
                o,
                "  {:>7}  interviews with {} speakers",
                p.interviews, p.speakers
            );
        }
    }
    let _ = writeln!(o, "{}", s.accounting);
    o
}

/// Run `teema ingest`.
pub fn run(args: IngestArgs, globals: Globals) -> Result<u8> {
    let _ = globals;
    let corpus = read_paths(&args.input.paths, &args.input.read_options())?;
    let summary = summarise(&corpus);
    let out = if args.json {
        let mut s = serde_json::to_string_pretty(&summary)?;
        s.push('\n');
        s
    } else {
        // Headers and values come from the file: shown, never acted on.
        super::terminal::clean_lines(&render(&summary))
    };
    super::print_issues(&corpus);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    let code = if corpus.accounting.rejected > 0 { 1 } else { 0 };
    // The process ends right after this: freeing millions of small strings
    // one by one would only add time.
    std::mem::forget(corpus);
    Ok(code)
}
