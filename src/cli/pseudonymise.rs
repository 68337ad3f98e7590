//! `teema pseudonymise`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema pseudonymise`.
#[derive(Debug, Args)]
pub struct PseudonymiseArgs {}

/// Run `teema pseudonymise`.
pub fn run(args: PseudonymiseArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage(
        "teema pseudonymise is not built yet".into(),
    ))
}
