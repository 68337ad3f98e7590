//! `teema eval`: measurements against gold data (lemmas, themes, codings).

use super::Globals;
use clap::{Args, Subcommand};
use teema::Result;

/// Arguments of `teema eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// What to measure.
    #[command(subcommand)]
    pub what: EvalCommand,
}

/// What `teema eval` measures.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Lemma accuracy against gold CoNLL-U lemmas.
    Lemmas(super::eval_lemmas::EvalLemmasArgs),
    /// Theme agreement (mean best F1, NMI, ARI, coverage) against gold labels in a TSV/CSV.
    Themes(super::eval_themes::EvalThemesArgs),
    /// Agreement between two codings of the same answers (κ, α, F1 per code).
    Codings(super::eval_codings::EvalCodingsArgs),
}

/// Run `teema eval`.
pub fn run(args: EvalArgs, globals: Globals) -> Result<u8> {
    match args.what {
        EvalCommand::Lemmas(a) => super::eval_lemmas::run(a, globals),
        EvalCommand::Themes(a) => super::eval_themes::run(a, globals),
        EvalCommand::Codings(a) => super::eval_codings::run(a, globals),
    }
}
