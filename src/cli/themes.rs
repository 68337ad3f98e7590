//! `teema themes`: code themes with a codebook or discover them.

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema themes`.
#[derive(Debug, Args)]
pub struct ThemesArgs {}

/// `--themes N|auto`: a number of themes, or `None` for automatic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeCount(pub Option<usize>);

/// Parse `--themes N|auto`: a positive number, or `auto`.
pub fn parse_k(s: &str) -> std::result::Result<ThemeCount, String> {
    if s.eq_ignore_ascii_case("auto") {
        return Ok(ThemeCount(None));
    }
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(ThemeCount(Some(n))),
        _ => Err(format!(
            "'{s}' is not a number of themes: give a number ≥ 1 or 'auto'"
        )),
    }
}

/// Run `teema themes`.
pub fn run(args: ThemesArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema themes is not built yet".into()))
}
