//! `teema lemma`: not built yet (its issue builds it).

use super::Globals;
use crate::Result;
use clap::Args;

/// Arguments of `teema lemma`.
#[derive(Debug, Args)]
pub struct LemmaArgs {}

/// Run `teema lemma`.
pub fn run(args: LemmaArgs, globals: Globals) -> Result<u8> {
    let _ = (args, globals);
    Err(crate::Error::Usage("teema lemma is not built yet".into()))
}
