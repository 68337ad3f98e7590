//! `teema eval lemmas`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema eval lemmas`.
#[derive(Debug, Args)]
pub struct EvalLemmasArgs {}

/// Run `teema eval lemmas`.
pub fn run(args: EvalLemmasArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage(
        "teema eval lemmas is not built yet".into(),
    ))
}
