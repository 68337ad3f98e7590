//! Reading an index that may be damaged. A teema index is files on disk
//! that a user can copy half-way, truncate or edit; reading one must end in
//! an error naming the index and saying to rebuild it, never in a panic.
//!
//! [`guarded`] runs one read of an index: what a damaged file causes (a
//! tantivy data-corruption or I/O error, or a panic inside tantivy's
//! decoders, which trust their files) becomes [`Error::Damaged`]. Catching
//! a panic is the last resort, for tantivy's own code: teema's code returns
//! errors. While a guarded read runs, [`guarding`] is true so the binary's
//! panic hook leaves the report to the guard.

use crate::{Error, Result};
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

thread_local! {
    /// Guarded reads running now in this thread (the panic hook runs in
    /// the thread that panics, so a read in another thread never silences
    /// it).
    static GUARDED: Cell<usize> = const { Cell::new(0) };
}

/// True while a guarded read of an index runs in this thread: a panic now
/// is reported by the guard as a damaged index (the binary's panic hook
/// stays quiet).
pub fn guarding() -> bool {
    GUARDED.with(|g| g.get() > 0)
}

/// Counts a guarded read while it runs, also when it unwinds.
struct Running;

impl Running {
    fn start() -> Running {
        GUARDED.with(|g| g.set(g.get() + 1));
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        GUARDED.with(|g| g.set(g.get() - 1));
    }
}

/// Run `read`, a read of the index at `dir`; a damaged index's tantivy
/// errors and panics become [`Error::Damaged`], other errors (a query's
/// syntax, a filter) pass through.
pub fn guarded<T>(dir: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    let running = Running::start();
    let outcome = catch_unwind(AssertUnwindSafe(read));
    drop(running);
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(Error::Tantivy(e))) if is_damage(&e) => Err(damaged(dir, describe(&e))),
        Ok(Err(e)) => Err(e),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "tantivy stopped reading it".into());
            Err(damaged(dir, format!("reading it failed ({what})")))
        }
    }
}

/// The error for a damaged index at `dir`.
pub fn damaged(dir: &Path, what: impl Into<String>) -> Error {
    let what: String = what.into();
    Error::Damaged {
        path: dir.to_path_buf(),
        // One line: tantivy's messages may span several.
        message: what.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The `u64` fast field `name` of a segment. teema's schema has it, so an
/// error opening it means the segment's files are damaged (tantivy says the
/// field is "missing or not a fast field").
pub fn fast_u64(
    segment: &tantivy::SegmentReader,
    name: &str,
) -> Result<tantivy::columnar::Column<u64>> {
    fast_field(segment.fast_fields().u64(name), name)
}

/// A fast field of teema's schema as opened by tantivy (`fast_fields().str(…)`
/// and the like): an error means damaged files, as for [`fast_u64`].
pub fn fast_field<T>(opened: tantivy::Result<T>, name: &str) -> Result<T> {
    opened.map_err(|e| {
        Error::Tantivy(tantivy::TantivyError::DataCorruption(
            tantivy::error::DataCorruption::comment_only(format!(
                "the fast field '{name}' cannot be read ({e})"
            )),
        ))
    })
}

/// A tantivy error as a short sentence: the file and what is wrong with it
/// (tantivy's own messages nest debug output of several layers).
pub fn describe(e: &tantivy::TantivyError) -> String {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::OpenReadError as R;
    match e {
        T::OpenReadError(R::IoError { io_error, filepath }) => {
            let what = io_error
                .get_ref()
                .map_or_else(|| io_error.to_string(), |inner| inner.to_string());
            format!("file {} cannot be read ({what})", filepath.display())
        }
        T::OpenReadError(R::FileDoesNotExist(p)) => format!("file {} is missing", p.display()),
        T::IoError(io) => format!("a file cannot be read ({io})"),
        other => other.to_string(),
    }
}

/// True for the tantivy errors a damaged or truncated file causes.
pub fn is_damage(e: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    matches!(
        e,
        T::DataCorruption(_)
            | T::IoError(_)
            | T::OpenReadError(_)
            | T::OpenDirectoryError(_)
            | T::IncompatibleIndex(_)
            | T::InternalError(_)
            | T::DeserializeError(_)
            | T::ErrorInThread(_)
            | T::Poisoned
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_a_damaged_index_and_the_count_returns_to_zero() {
        let dir = Path::new("idx");
        let err = guarded::<()>(dir, || panic!("index out of bounds")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "index idx is damaged: reading it failed (index out of bounds); \
             rebuild it from all its inputs"
        );
        assert!(!guarding());
        let err = guarded::<()>(dir, || Err(Error::TooMany { what: "answers" })).unwrap_err();
        assert_eq!(
            err.to_string(),
            "more than 4 billion answers",
            "other errors pass through"
        );
        let corrupt = tantivy::TantivyError::InternalError("bad\nfooter".into());
        let err = guarded::<()>(dir, || Err(corrupt.into())).unwrap_err();
        assert!(
            err.to_string().starts_with("index idx is damaged: ")
                && !err.to_string().contains('\n'),
            "{err}"
        );
    }
}
