//! What the targets share: reading bytes as a file of a given extension
//! through teema's public reader entry (`teema::corpus::read_paths`), the
//! way the command line reads it.

use std::io::Write;
use std::path::PathBuf;

/// A temporary directory that lives for the whole fuzzing process.
pub fn scratch() -> &'static tempfile::TempDir {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"))
}

/// Write `bytes` to `input.EXT` and read it as teema reads inputs. Errors
/// are fine (bad input); a panic or an abort is what the fuzzer finds.
pub fn read_as(ext: &str, bytes: &[u8]) {
    let path: PathBuf = scratch().path().join(format!("input.{ext}"));
    let mut f = std::fs::File::create(&path).expect("create the input");
    f.write_all(bytes).expect("write the input");
    drop(f);
    let options = teema::corpus::ReadOptions::default();
    if let Ok(corpus) = teema::corpus::read_paths(&[path], &options) {
        // Every record read is ingested, counted empty or rejected.
        let a = &corpus.accounting;
        assert_eq!(
            a.read,
            a.ingested + a.empty + a.rejected,
            "accounting adds up"
        );
    }
}
