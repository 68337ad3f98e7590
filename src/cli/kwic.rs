//! `teema kwic`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema kwic`.
#[derive(Debug, Args)]
pub struct KwicArgs {}

/// Run `teema kwic`.
pub fn run(args: KwicArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema kwic is not built yet".into()))
}
