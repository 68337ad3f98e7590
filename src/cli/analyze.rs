//! `teema analyze`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {}

/// Run `teema analyze`.
pub fn run(args: AnalyzeArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema analyze is not built yet".into()))
}
