//! `teema codebook --check FILE`: parse a codebook and report rule errors
//! with file and line; on success, list the themes and their rules.
//! `teema codebook draft DIR --out FILE`: draft a codebook from the themes
//! of an analysis ([`teema::themes::draft`]), to edit and code with.

use super::Globals;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use teema::Result;
use teema::text::Analyzer;
use teema::themes::Codebook;

/// Arguments of `teema codebook`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CodebookArgs {
    /// The codebook file (TOML) to check.
    #[arg(long, value_name = "FILE", required = true)]
    pub check: Option<PathBuf>,
    /// Draft a codebook instead.
    #[command(subcommand)]
    pub action: Option<CodebookCommand>,
}

/// What `teema codebook` does besides `--check`.
#[derive(Debug, Subcommand)]
pub enum CodebookCommand {
    /// Draft a codebook from the themes of an analysis: each theme's label,
    /// and a rule of the words that separate its answers from the others.
    /// Edit it, check it with --check, code with analyze --codebook.
    Draft(DraftArgs),
}

/// Arguments of `teema codebook draft`.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The analysis directory written by `teema analyze` (holds themes.json
    /// and index/).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The codebook file to write (TOML).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace FILE if it exists (a codebook may hold a researcher's edits,
    /// so it is never replaced without this).
    #[arg(long)]
    pub force: bool,
}

/// Run `teema codebook`.
pub fn run(args: CodebookArgs, globals: Globals) -> Result<u8> {
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let check = match (args.action, args.check) {
        (Some(CodebookCommand::Draft(d)), _) => return draft(d, &analyzer),
        (None, Some(check)) => check,
        (None, None) => {
            return Err(teema::Error::Usage(
                "give --check FILE, or draft DIR --out FILE".into(),
            ));
        }
    };
    let cb = Codebook::load(&check, &analyzer)?;
    use std::fmt::Write as _;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}: {} themes, rules OK",
        check.display(),
        cb.themes.len()
    );
    for t in &cb.themes {
        let indent = if t.parent.is_some() { "  " } else { "" };
        let _ = writeln!(
            text,
            "{indent}{} (line {}): {}",
            t.name,
            t.line,
            t.rule_text
                .as_deref()
                .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| "(its subthemes)".into())
        );
    }
    // A closed pipe (`| head`) is not an error: main maps it to success.
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    Ok(0)
}

/// Run `teema codebook draft`.
fn draft(args: DraftArgs, analyzer: &Analyzer) -> Result<u8> {
    use teema::Error;
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(Error::input(
            dir,
            "not a directory; give the --out directory of a teema analyze run",
        ));
    }
    // A codebook is the researcher's file: never replaced unasked.
    if !args.force && std::fs::symlink_metadata(&args.out).is_ok() {
        return Err(Error::Refused {
            path: args.out.clone(),
            message: "exists; a codebook may hold your edits, so teema does not replace it: \
                      give another --out, or --force to replace it"
                .into(),
            remedy: None,
        });
    }
    let themes_path = dir.join("themes.json");
    if !themes_path.is_file() {
        return Err(Error::input(
            &themes_path,
            "missing: DIR is not a teema analysis directory (run teema analyze INPUT --out DIR first)",
        ));
    }
    let text = std::fs::read_to_string(&themes_path).map_err(|e| Error::io(&themes_path, e))?;
    let mut result = teema::report::json::parse(&text, &themes_path)?;
    let index = dir.join("index");
    if !index.is_dir() {
        return Err(Error::input(
            &index,
            "missing: the draft reads the answers kept in the analysis's index; run teema analyze INPUT --out DIR again",
        ));
    }
    let (corpus, table) = teema::index::load_analysed(&index, analyzer)?;
    teema::report::json::number_answers(&mut result, &themes_path, &corpus)?;
    let answers = teema::themes::answers(
        &corpus,
        analyzer,
        result.params.include_interviewer,
        Some(table),
    );
    let drafted = teema::themes::draft::draft(&result, &corpus, &answers, analyzer);
    if drafted.themes.is_empty() {
        return Err(Error::input(
            &themes_path,
            "no theme has words to draft a rule from (no theme has two answers sharing a word)",
        ));
    }
    let toml = drafted.to_toml(&dir.display().to_string());
    // The written file must read back as a codebook.
    Codebook::parse(&toml, &args.out, analyzer)?;
    let staged = teema::output::StagedFile::write(&args.out, false, |w| {
        std::io::Write::write_all(w, toml.as_bytes()).map_err(|e| Error::io(&args.out, e))
    })?;
    let written = staged.commit()?;
    use std::fmt::Write as _;
    let mut text = String::new();
    for t in &drafted.themes {
        let _ = writeln!(
            text,
            "{}: {} ({} answers, F1 {:.2} on this data)",
            t.source, t.name, t.answers, t.f1
        );
    }
    for id in &drafted.skipped {
        let _ = writeln!(
            text,
            "{id}: no rule drafted (no word two of its answers share)"
        );
    }
    let mean = drafted.themes.iter().map(|t| t.f1).sum::<f64>() / drafted.themes.len() as f64;
    let _ = writeln!(
        text,
        "{}: {} themes drafted, mean F1 {:.3} on this data; edit it, check it with teema codebook --check",
        written.display(),
        drafted.themes.len(),
        mean
    );
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(0)
}
