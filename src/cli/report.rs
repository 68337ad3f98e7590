//! `teema report`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema report`.
#[derive(Debug, Args)]
pub struct ReportArgs {}

/// Run `teema report`.
pub fn run(args: ReportArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema report is not built yet".into()))
}
