//! `teema codebook --check FILE`: parse a codebook and report rule errors
//! with file and line; on success, list the themes and their rules.

use super::Globals;
use crate::Result;
use crate::text::Analyzer;
use crate::themes::Codebook;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `teema codebook`.
#[derive(Debug, Args)]
pub struct CodebookArgs {
    /// The codebook file (TOML) to check.
    #[arg(long, value_name = "FILE")]
    pub check: PathBuf,
}

/// Run `teema codebook`.
pub fn run(args: CodebookArgs, globals: Globals) -> Result<u8> {
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let cb = Codebook::load(&args.check, &analyzer)?;
    println!(
        "{}: {} themes, rules OK",
        args.check.display(),
        cb.themes.len()
    );
    for t in &cb.themes {
        let indent = if t.parent.is_some() { "  " } else { "" };
        println!(
            "{indent}{} (line {}): {}",
            t.name,
            t.line,
            t.rule_text
                .as_deref()
                .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| "(its subthemes)".into())
        );
    }
    Ok(0)
}
