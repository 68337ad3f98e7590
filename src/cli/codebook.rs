//! `teema codebook`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema codebook`.
#[derive(Debug, Args)]
pub struct CodebookArgs {}

/// Run `teema codebook`.
pub fn run(args: CodebookArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage(
        "teema codebook is not built yet".into(),
    ))
}
