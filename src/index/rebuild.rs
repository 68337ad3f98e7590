//! Replacing an index (`teema index --rebuild`, every `teema analyze`)
//! without ever being without one: the new index is built in a hidden
//! sibling directory (`.NAME.teema-new…`) and only when it is complete
//! does it take the old one's place, by one exchange of the two names
//! (`renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames, with the
//! old index kept as `.NAME.teema-old` in between and put back by the next
//! run if the process died there). A run killed or failing before that
//! leaves the old index as it was, searchable with the same counts.
//!
//! Only an index teema wrote is replaced, and only when it holds nothing
//! but teema's and tantivy's own files ([`check_replaceable`]): a file a
//! user put into the directory is never deleted.

use super::manifest::MANIFEST_FILE;
use super::writer::{IndexOptions, IndexSummary};
use crate::corpus::Corpus;
use crate::text::Analyzer;
use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// Files teema and tantivy keep in an index directory besides the segment
/// files tantivy lists in `.managed.json`.
const OWN_FILES: [&str; 6] = [
    MANIFEST_FILE,
    "teema-index.json.tmp",
    "meta.json",
    ".managed.json",
    ".tantivy-meta.lock",
    ".tantivy-writer.lock",
];

/// True for a name teema or tantivy writes in an index directory: the
/// fixed files, the files `.managed.json` lists, and the temporary files
/// a killed writer leaves (tantivy's `.tmp` and six characters, teema's
/// staged manifest).
fn is_own_file(name: &str, managed: &[String]) -> bool {
    let tantivy_tmp = name.len() == 10
        && name.starts_with(".tmp")
        && name[4..].bytes().all(|b| b.is_ascii_alphanumeric());
    // The manifest is staged as every file teema writes (crate::output).
    let staged_manifest =
        name.starts_with(&format!(".{MANIFEST_FILE}.")) && name.ends_with(".teema-tmp");
    OWN_FILES.contains(&name) || managed.iter().any(|m| m == name) || tantivy_tmp || staged_manifest
}

/// Check that the index directory `dir` may be replaced: it is missing or
/// empty, or it is a teema index (its teema-index.json) holding only
/// teema's and tantivy's files. Otherwise the error names the directory
/// or the first file teema did not write.
pub fn check_replaceable(dir: &Path) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(Error::Refused {
                path: dir.to_path_buf(),
                message: "exists and is not a directory; teema does not replace it: move it away"
                    .into(),
                remedy: None,
            });
        }
        Err(e) => return Err(Error::io(dir, e)),
        Ok(it) => it,
    };
    let mut names: Vec<(String, bool)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        names.push((entry.file_name().to_string_lossy().into_owned(), is_file));
    }
    if names.is_empty() {
        return Ok(());
    }
    if crate::output::own_output_dir(dir) != Some("a teema index") {
        return Err(Error::Index {
            path: dir.to_path_buf(),
            message: "is not empty and not a teema index; give a new or empty directory".into(),
            remedy: None,
        });
    }
    let managed: Vec<String> = std::fs::read_to_string(dir.join(".managed.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    names.sort();
    if let Some((name, _)) = names
        .iter()
        .find(|(name, is_file)| !is_file || !is_own_file(name, &managed))
    {
        return Err(Error::Refused {
            path: dir.join(name),
            message: format!(
                "is in the index directory {} but teema did not write it; teema replaces the \
                 index only when it holds nothing else: move it out of the directory",
                dir.display()
            ),
            remedy: None,
        });
    }
    Ok(())
}

/// A complete new index in a hidden sibling of its directory, waiting for
/// [`StagedIndex::commit`]; dropped uncommitted, it is removed and the old
/// index stays.
#[derive(Debug)]
pub struct StagedIndex {
    /// Where the index goes.
    dir: PathBuf,
    /// The new index (removed on drop unless committed).
    staged: tempfile::TempDir,
    /// What building it did.
    summary: IndexSummary,
}

/// Build a new index of `corpus` for `dir` beside it, leaving whatever is
/// at `dir` untouched (checked first with [`check_replaceable`]).
/// `table`, when given, is the token table of every unit of `corpus`
/// (see [`super::build_with`]).
pub fn stage(
    corpus: &Corpus,
    analyzer: &Analyzer,
    table: Option<std::sync::Arc<crate::text::table::Analysed>>,
    options: &IndexOptions,
    dir: &Path,
) -> Result<StagedIndex> {
    // A link to an index elsewhere: the index is replaced where it is.
    let dir = match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => dir.canonicalize().map_err(|e| Error::io(dir, e))?,
        _ => dir.to_path_buf(),
    };
    recover(&dir)?;
    check_replaceable(&dir)?;
    let parent = crate::output::parent_of(&dir);
    std::fs::create_dir_all(&parent).map_err(|e| crate::output::unwritable(&parent, e))?;
    remove_stale(&dir);
    let staged = tempfile::Builder::new()
        .prefix(&format!(".{}.teema-new", name_of(&dir)))
        .tempdir_in(&parent)
        .map_err(|e| crate::output::unwritable(&parent, e))?;
    let fresh = IndexOptions {
        rebuild: false,
        ..options.clone()
    };
    let summary = super::writer::build_with(corpus, analyzer, table, &fresh, staged.path())?;
    Ok(StagedIndex {
        dir,
        staged,
        summary,
    })
}

impl StagedIndex {
    /// What building the new index did.
    pub fn summary(&self) -> &IndexSummary {
        &self.summary
    }

    /// Put the new index in place of the old one (which is then removed).
    pub fn commit(self) -> Result<IndexSummary> {
        let StagedIndex {
            dir,
            staged,
            summary,
        } = self;
        // Checked again: a file may have been put there while building.
        check_replaceable(&dir)?;
        match std::fs::symlink_metadata(&dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let path = staged.keep();
                std::fs::rename(&path, &dir).map_err(|e| Error::io(&dir, e))?;
            }
            Err(e) => return Err(Error::io(&dir, e)),
            Ok(_) => {
                if !exchange(staged.path(), &dir)? {
                    let old = old_path(&dir);
                    std::fs::rename(&dir, &old).map_err(|e| Error::io(&dir, e))?;
                    let path = staged.keep();
                    std::fs::rename(&path, &dir).map_err(|e| Error::io(&dir, e))?;
                    let _ = std::fs::remove_dir_all(&old);
                }
                // After an exchange the old index is in `staged`, which
                // removes it when dropped here.
            }
        }
        Ok(summary)
    }
}

/// Swap the directories `a` and `b` in one step; false where the system
/// cannot (then the caller renames twice).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).ok();
    let (Some(ca), Some(cb)) = (c(a), c(b)) else {
        return Ok(false);
    };
    // SAFETY: two valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(Error::io(b, err)),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}

fn name_of(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into())
}

/// Where the old index waits while the new one is renamed into place
/// (where the system cannot exchange two names at once).
fn old_path(dir: &Path) -> PathBuf {
    crate::output::parent_of(dir).join(format!(".{}.teema-old", name_of(dir)))
}

/// Put back an old index left aside by a run that died between its two
/// renames.
fn recover(dir: &Path) -> Result<()> {
    let old = old_path(dir);
    if old.is_dir() && std::fs::symlink_metadata(dir).is_err() {
        std::fs::rename(&old, dir).map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// Remove the half-built indexes of killed runs (hidden siblings named
/// `.NAME.teema-new…` that hold only an index's files).
fn remove_stale(dir: &Path) {
    let prefix = format!(".{}.teema-new", name_of(dir));
    let Ok(entries) = std::fs::read_dir(crate::output::parent_of(dir)) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(&prefix)
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && stale_is_own(&entry.path());
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// True when a half-built index holds only an index's files (it may not
/// have its teema-index.json yet) and no run is writing it (tantivy's
/// writer lock is free, or it has none and was last changed over an hour
/// ago).
fn stale_is_own(dir: &Path) -> bool {
    if writer_busy(dir) {
        return false;
    }
    let managed: Vec<String> = std::fs::read_to_string(dir.join(".managed.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    std::fs::read_dir(dir).is_ok_and(|it| {
        it.flatten().all(|e| {
            e.file_type().is_ok_and(|t| t.is_file())
                && is_own_file(&e.file_name().to_string_lossy(), &managed)
        })
    })
}

/// True when a run may still be writing the index in `dir`.
fn writer_busy(dir: &Path) -> bool {
    let lock = dir.join(".tantivy-writer.lock");
    let Ok(file) = std::fs::File::open(&lock) else {
        let age = std::fs::metadata(dir)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        return age.is_none_or(|a| a < std::time::Duration::from_secs(3600));
    };
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: a valid open descriptor; the lock is released with it.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        rc != 0
    }
    #[cfg(not(unix))]
    {
        drop(file);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_file_in_the_index_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        check_replaceable(&index).unwrap();
        std::fs::create_dir(&index).unwrap();
        check_replaceable(&index).unwrap();
        std::fs::write(index.join("muistiinpanot.txt"), "tärkeää").unwrap();
        let err = check_replaceable(&index).unwrap_err().to_string();
        assert!(err.contains("not empty and not a teema index"), "{err}");
        std::fs::write(
            index.join(MANIFEST_FILE),
            r#"{"schema_version": 1, "analyzer": "teema-fi/1"}"#,
        )
        .unwrap();
        std::fs::write(index.join(".managed.json"), r#"["meta.json", "abc.idx"]"#).unwrap();
        std::fs::write(index.join("abc.idx"), "").unwrap();
        std::fs::write(index.join(".tmpAb12Cd"), "").unwrap();
        std::fs::write(index.join(".teema-index.json.x1Y2z3.teema-tmp"), "").unwrap();
        let err = check_replaceable(&index).unwrap_err().to_string();
        assert!(err.contains("muistiinpanot.txt"), "{err}");
        std::fs::remove_file(index.join("muistiinpanot.txt")).unwrap();
        check_replaceable(&index).unwrap();
    }
}
