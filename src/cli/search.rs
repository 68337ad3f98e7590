//! `teema search`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema search`.
#[derive(Debug, Args)]
pub struct SearchArgs {}

/// Run `teema search`.
pub fn run(args: SearchArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema search is not built yet".into()))
}
