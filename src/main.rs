//! The `teema` binary: parse the arguments, run the command, map the outcome
//! to an exit code. The command line (`cli/`) lives here; the analysis
//! lives in the library.

mod cli;

use std::process::ExitCode;
use teema::memory::Allocator;

/// mimalloc (see `teema::memory`).
#[global_allocator]
static GLOBAL: Allocator = Allocator;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(internal_error));
    match cli::run(std::env::args_os()) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if err.is_broken_pipe() {
                return ExitCode::SUCCESS;
            }
            eprintln!("teema: error: {}", cli::message(err));
            ExitCode::from(2)
        }
    }
}

/// The last line of defence: a panic is a bug in teema (bad input is an
/// error, never a panic), so say so on one line and exit with 2, without a
/// backtrace or a second panic on the way out. A panic inside a guarded
/// read of an index is left to the guard, which reports a damaged index.
fn internal_error(info: &std::panic::PanicHookInfo<'_>) {
    if teema::index::damage::guarding() {
        return;
    }
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into());
    let what = what.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    eprintln!("teema: internal error: {what}{at} (please report)");
    std::process::exit(2);
}
