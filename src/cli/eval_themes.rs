//! `teema eval themes`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema eval themes`.
#[derive(Debug, Args)]
pub struct EvalThemesArgs {}

/// Run `teema eval themes`.
pub fn run(args: EvalThemesArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage(
        "teema eval themes is not built yet".into(),
    ))
}
