//! `teema bench`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {}

/// Run `teema bench`.
pub fn run(args: BenchArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema bench is not built yet".into()))
}
