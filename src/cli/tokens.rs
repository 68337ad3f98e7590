//! `teema tokens FILE`: one token per line with byte offsets, sentence,
//! lemma, compound parts and the stopword mark (`--json`: one JSON object
//! per line).

use super::Globals;
use clap::Args;
use serde::Serialize;
use std::io::Write as _;
use std::path::PathBuf;
use teema::text::{Analyzer, Register};
use teema::{Error, Result};

/// Arguments of `teema tokens`.
#[derive(Debug, Args)]
pub struct TokensArgs {
    /// A UTF-8 text file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Analyse as spoken Finnish (colloquial forms, fillers as stopwords).
    #[arg(long)]
    pub spoken: bool,
    /// Print one JSON object per token.
    #[arg(long)]
    pub json: bool,
}

/// One token as printed with `--json`.
#[derive(Debug, Serialize)]
struct Row<'a> {
    start: usize,
    end: usize,
    sentence: usize,
    surface: &'a str,
    lemma: &'a str,
    parts: &'a [String],
    stopword: bool,
}

/// Run `teema tokens`.
pub fn run(args: TokensArgs, globals: Globals) -> Result<u8> {
    let bytes = std::fs::read(&args.file).map_err(|e| Error::io(&args.file, e))?;
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).map_err(
        |e| {
            Error::input(
                &args.file,
                format!(
                    "not UTF-8 (first bad byte at offset {}); save the file as UTF-8",
                    e.valid_up_to()
                ),
            )
        },
    )?;
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let mut session = analyzer.session();
    let register = if args.spoken {
        Register::Spoken
    } else {
        Register::Written
    };
    let mut out = String::new();
    if !args.json {
        out.push_str("start\tend\tsentence\tsurface\tlemma\tparts\tstopword\n");
    }
    let mut error = None;
    session.for_each_token(text, register, |t| {
        if error.is_some() {
            return;
        }
        let surface = &text[t.start..t.end];
        if args.json {
            let row = Row {
                start: t.start,
                end: t.end,
                sentence: t.sentence,
                surface,
                lemma: t.lemma,
                parts: t.parts,
                stopword: t.stopword,
            };
            match serde_json::to_string(&row) {
                Ok(s) => out.push_str(&s),
                Err(e) => error = Some(e),
            }
        } else {
            let parts = if t.parts.is_empty() {
                "-".to_string()
            } else {
                t.parts.join("+")
            };
            out.push_str(&format!(
                "{}\t{}\t{}\t{surface}\t{}\t{parts}\t{}",
                t.start,
                t.end,
                t.sentence,
                t.lemma,
                if t.stopword { "stop" } else { "-" }
            ));
        }
        out.push('\n');
    });
    if let Some(e) = error {
        return Err(e.into());
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(0)
}
