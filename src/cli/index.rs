//! `teema index`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema index`.
#[derive(Debug, Args)]
pub struct IndexArgs {}

/// Run `teema index`.
pub fn run(args: IndexArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema index is not built yet".into()))
}
