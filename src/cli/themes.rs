//! `teema themes`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema themes`.
#[derive(Debug, Args)]
pub struct ThemesArgs {}

/// Run `teema themes`.
pub fn run(args: ThemesArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema themes is not built yet".into()))
}
