//! `teema eval lemmas FILE.conllu`: lemma accuracy against gold CoNLL-U
//! lemmas, overall and by part of speech, with the unknown share, speed and
//! which lemmatiser ran.

use super::Globals;
use clap::Args;
use std::io::Write as _;
use std::path::PathBuf;
use teema::Result;
use teema::eval::lemmas::{LemmaEval, evaluate, read_conllu};
use teema::text::Analyzer;

/// Arguments of `teema eval lemmas`.
#[derive(Debug, Args)]
pub struct EvalLemmasArgs {
    /// CoNLL-U files with gold lemmas (e.g. a UD Finnish dev set).
    #[arg(required = true, value_name = "FILE.conllu")]
    pub files: Vec<PathBuf>,
    /// Print one JSON object per file.
    #[arg(long)]
    pub json: bool,
    /// Also list the N most frequent errors.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = super::between(0usize, 100_000))]
    pub errors: usize,
    /// Fail (exit 1) when accuracy is below this share (0–1), for CI.
    #[arg(long, value_name = "SHARE", value_parser = super::between(0.0f64, 1.0))]
    pub min_accuracy: Option<f64>,
}

/// Run `teema eval lemmas`.
pub fn run(args: EvalLemmasArgs, globals: Globals) -> Result<u8> {
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let mut out = std::io::stdout().lock();
    let mut below = false;
    for path in &args.files {
        let gold = read_conllu(path)?;
        let eval = evaluate(&analyzer, &path.display().to_string(), &gold, args.errors);
        let text = if args.json {
            serde_json::to_string(&eval)? + "\n"
        } else {
            render(&eval)
        };
        out.write_all(text.as_bytes())
            .map_err(|e| teema::Error::io("<stdout>", e))?;
        if let Some(min) = args.min_accuracy
            && eval.accuracy < min
        {
            eprintln!(
                "teema: {}: lemma accuracy {:.2}% is below the floor {:.2}%",
                eval.file,
                eval.accuracy * 100.0,
                min * 100.0
            );
            below = true;
        }
    }
    Ok(if below { 1 } else { 0 })
}

/// The human-readable report.
fn render(e: &LemmaEval) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "file:        {}", e.file);
    let _ = writeln!(s, "lemmatiser:  {}", e.lemmatizer);
    let _ = writeln!(
        s,
        "accuracy:    {:.2}% ({} of {} words)",
        e.accuracy * 100.0,
        e.correct,
        e.words
    );
    let _ = writeln!(
        s,
        "             {:.2}% when a compound boundary may be a hyphen (1800-luku for 1800#luku)",
        e.accuracy_hyphens_allowed * 100.0
    );
    let _ = writeln!(
        s,
        "unknown:     {:.2}% of words with letters",
        e.unknown_share * 100.0
    );
    let _ = writeln!(
        s,
        "speed:       {:.0} words/s (one thread, cold cache)",
        e.tokens_per_second
    );
    let _ = writeln!(s, "by UPOS:");
    for u in &e.by_upos {
        let _ = writeln!(
            s,
            "  {:<6} {:>7.2}%  {:>6} words",
            u.upos,
            u.accuracy * 100.0,
            u.words
        );
    }
    if !e.errors.is_empty() {
        let _ = writeln!(s, "most frequent errors (count form upos gold → teema):");
        for x in &e.errors {
            let _ = writeln!(
                s,
                "  {:>4} {} {} {} → {}",
                x.count, x.form, x.upos, x.gold, x.predicted
            );
        }
    }
    s
}
