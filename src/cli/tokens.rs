//! `teema tokens`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema tokens`.
#[derive(Debug, Args)]
pub struct TokensArgs {}

/// Run `teema tokens`.
pub fn run(args: TokensArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema tokens is not built yet".into()))
}
