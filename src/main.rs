//! The `teema` binary: parse the arguments, run the command, map the outcome
//! to an exit code. Everything else lives in the library.

use std::process::ExitCode;
use teema::memory::Allocator;

/// mimalloc (see `teema::memory`).
#[global_allocator]
static GLOBAL: Allocator = Allocator;

fn main() -> ExitCode {
    match teema::cli::run(std::env::args_os()) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if err.is_broken_pipe() {
                return ExitCode::SUCCESS;
            }
            let err = anyhow::Error::from(err);
            eprintln!("teema: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
