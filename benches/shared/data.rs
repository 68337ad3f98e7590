//! Where the benchmarks find their text, by one rule: the file named by
//! `TEEMA_BENCH_TSV`, else `shared/data/fi-news/headlines.tsv` beside the
//! repository or beside a folder holding it (`../shared`, `../../shared`).
//! Shared by path (`#[path]`) by the benchmarks that read it.

use std::path::PathBuf;

/// The repository.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The news headlines of the shared evaluation data, when present.
pub fn headlines() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TEEMA_BENCH_TSV") {
        return Some(PathBuf::from(p));
    }
    root()
        .ancestors()
        .skip(1)
        .map(|d| d.join("shared/data/fi-news/headlines.tsv"))
        .find(|p| p.is_file())
}
