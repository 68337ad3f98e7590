//! `teema stats`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {}

/// Run `teema stats`.
pub fn run(args: StatsArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema stats is not built yet".into()))
}
