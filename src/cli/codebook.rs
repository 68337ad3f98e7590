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
    use std::fmt::Write as _;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}: {} themes, rules OK",
        args.check.display(),
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
        .map_err(|e| crate::Error::io("<stdout>", e))?;
    Ok(0)
}
