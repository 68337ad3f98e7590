//! `teema lemma WORD...`: the lemma and compound parts of words, and which
//! lemmatiser answered (voikko, builtin, or a rule for numbers and
//! abbreviations with case endings).

use super::Globals;
use clap::Args;
use serde::Serialize;
use std::io::Write as _;
use teema::Result;
use teema::text::{Analyzer, Register};

/// Arguments of `teema lemma`.
#[derive(Debug, Args)]
pub struct LemmaArgs {
    /// Word forms to analyse.
    #[arg(required = true, value_name = "WORD")]
    pub words: Vec<String>,
    /// Analyse as spoken Finnish (colloquial forms, fillers as stopwords).
    #[arg(long)]
    pub spoken: bool,
    /// Print one JSON object per word.
    #[arg(long)]
    pub json: bool,
}

/// One word's analysis as printed.
#[derive(Debug, Serialize)]
struct Row<'a> {
    word: &'a str,
    lemma: &'a str,
    parts: &'a [String],
    lemmatizer: &'static str,
    known: bool,
    stopword: bool,
}

/// Run `teema lemma`.
pub fn run(args: LemmaArgs, globals: Globals) -> Result<u8> {
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let mut session = analyzer.session();
    let register = if args.spoken {
        Register::Spoken
    } else {
        Register::Written
    };
    let mut out = String::new();
    for word in &args.words {
        let a = session.analyze_word(word, register);
        if args.json {
            let row = Row {
                word,
                lemma: a.lemma,
                parts: a.parts,
                lemmatizer: a.source.name(),
                known: a.known,
                stopword: a.stopword,
            };
            out.push_str(&serde_json::to_string(&row)?);
        } else {
            let parts = if a.parts.is_empty() {
                "-".to_string()
            } else {
                a.parts.join("+")
            };
            let mut note = a.source.name().to_string();
            if !a.known {
                note.push_str(" (guess)");
            }
            if a.stopword {
                note.push_str(", stopword");
            }
            out.push_str(&format!("{word}\t{}\t{parts}\t{note}", a.lemma));
        }
        out.push('\n');
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    Ok(0)
}
