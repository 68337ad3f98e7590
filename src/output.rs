//! The rules for the files teema writes, in one place:
//!
//! 1. Every file is written into a temporary file in its own directory and
//!    renamed over its name only when complete ([`write_file`],
//!    [`StagedFile`]): a reader, or a run killed half-way, never leaves
//!    half a file, and a name that is a link is replaced, not written
//!    through.
//! 2. teema replaces only files it wrote itself. It recognises them by
//!    content, not by name: the `manifest.json` of an analysis carries
//!    `"generator": "teema"` ([`GENERATOR`]) and the size and SHA-256 of
//!    every file the run wrote, and a file is replaced only when it is
//!    still what that record says ([`check_replaceable`]). Anything else is
//!    refused with the file named and what to do.
//! 3. teema's own output folders (an analysis, an index) are recognised by
//!    the same markers ([`own_output_dir`]), so the readers can skip them
//!    when they are found among the inputs.
//!
//! This module sits below every stage: the readers (`corpus`) use the
//! markers, the index and the reports the writing rules.

use crate::{Error, Remedy, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The value of `generator` in the manifest.json of an analysis.
pub const GENERATOR: &str = "teema";
/// The manifest of an analysis directory.
pub const ANALYSIS_MANIFEST: &str = "manifest.json";
/// The manifest of an index directory.
pub const INDEX_MANIFEST: &str = "teema-index.json";
/// Largest manifest read to recognise a directory (a manifest lists every
/// input; a larger file called manifest.json is not teema's).
const MAX_MANIFEST: u64 = 256 << 20;

/// A file written to a temporary name beside its destination, renamed over
/// it by [`StagedFile::commit`]; dropped uncommitted, it is removed.
#[derive(Debug)]
pub struct StagedFile {
    tmp: tempfile::TempPath,
    dest: PathBuf,
}

impl StagedFile {
    /// Write `dest` through `render` into a temporary file in the same
    /// directory (created when missing). `private`: readable by the owner
    /// only (the key); otherwise the usual permissions (umask).
    pub fn write<W>(dest: &Path, private: bool, render: W) -> Result<StagedFile>
    where
        W: FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<()>,
    {
        let dir = parent_of(dest);
        std::fs::create_dir_all(&dir).map_err(|e| unwritable(&dir, e))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".teema-tmp");
        #[cfg(unix)]
        if !private {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        #[cfg(not(unix))]
        let _ = private;
        let file = builder.tempfile_in(&dir).map_err(|e| unwritable(&dir, e))?;
        let (file, tmp) = file.into_parts();
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        render(&mut w)?;
        let file = w
            .into_inner()
            .map_err(|e| Error::io(dest, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(dest, e))?;
        Ok(StagedFile {
            tmp,
            dest: dest.to_path_buf(),
        })
    }

    /// Where the file is until it is committed.
    pub fn staged_path(&self) -> &Path {
        &self.tmp
    }

    /// Rename the file over its destination.
    pub fn commit(self) -> Result<PathBuf> {
        let StagedFile { tmp, dest } = self;
        if std::fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
            return Err(Error::Refused {
                path: dest,
                message: "is a directory; teema does not replace it: move it away".into(),
                remedy: None,
            });
        }
        tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
        Ok(dest)
    }
}

/// Remove the temporary files that a killed run left for `names` in `dir`
/// (`.NAME.*.teema-tmp`, the names [`StagedFile`] gives).
pub fn remove_stale_temporaries(dir: &Path, names: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = name.ends_with(".teema-tmp")
            && names.iter().any(|n| name.starts_with(&format!(".{n}.")))
            && entry.file_type().is_ok_and(|t| t.is_file());
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Write `bytes` to `path` through a temporary file and rename.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    StagedFile::write(path, false, |w| {
        w.write_all(bytes).map_err(|e| Error::io(path, e))
    })?
    .commit()
    .map(drop)
}

/// The error for a directory teema cannot create, or create a file in,
/// where the cause is the permissions or a read-only file system: said
/// plainly, without the name of the temporary file it was making (`…
/// at path "/…/.index.teema-newxL91lX"`). Other errors pass as they are.
pub fn unwritable(dir: &Path, e: std::io::Error) -> Error {
    use std::io::ErrorKind;
    let cause = match e.kind() {
        ErrorKind::PermissionDenied => "permission denied",
        ErrorKind::ReadOnlyFilesystem => "read-only file system",
        _ => return Error::io(dir, e),
    };
    Error::io(
        dir,
        std::io::Error::new(
            e.kind(),
            format!("cannot be created or written in ({cause})"),
        ),
    )
}

/// The directory of `path` (`.` for a bare file name).
pub fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What kind of teema output `dir` is, recognised by content: `Some("an
/// earlier teema analysis")` when its manifest.json is teema's, `Some("a
/// teema index")` when its teema-index.json is, `None` otherwise.
pub fn own_output_dir(dir: &Path) -> Option<&'static str> {
    if analysis_record(dir).is_some() {
        return Some("an earlier teema analysis");
    }
    let index = read_json(&dir.join(INDEX_MANIFEST))?;
    let analyzer = index.get("analyzer")?.as_str()?;
    (index.get("schema_version")?.is_u64() && analyzer.starts_with("teema-"))
        .then_some("a teema index")
}

/// The manifest.json of `dir` when teema wrote it: `"generator": "teema"`,
/// or (written before the marker) the fields only teema's manifest has.
pub fn analysis_record(dir: &Path) -> Option<serde_json::Value> {
    let v = read_json(&dir.join(ANALYSIS_MANIFEST))?;
    let marked = v.get("generator").and_then(|g| g.as_str()) == Some(GENERATOR);
    let legacy = v.get("manifest_version").is_some_and(|m| m.is_u64())
        && v.get("teema_version").is_some_and(|m| m.is_string())
        && v.get("outputs").is_some_and(|m| m.is_array());
    (marked || legacy).then_some(v)
}

fn read_json(path: &Path) -> Option<serde_json::Value> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_MANIFEST {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Check that teema may write `names` into `dir`: each is missing, or is a
/// file the earlier analysis in `dir` wrote and nobody changed since (its
/// size and SHA-256 as `manifest.json` records them; manifest.json itself
/// when it carries teema's marker). A refusal says to move the file away,
/// and `remedy` what else to do (e.g. [`Remedy::OtherOutputDir`]).
pub fn check_replaceable(dir: &Path, names: &[&str], remedy: Option<Remedy>) -> Result<()> {
    let record = analysis_record(dir);
    for name in names {
        let path = dir.join(name);
        let meta = match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&path, e)),
            Ok(m) => m,
        };
        let refuse = |why: &str| Error::Refused {
            path: path.clone(),
            message: format!("{why}; teema replaces only files it wrote itself: move it away"),
            remedy,
        };
        if !meta.is_file() {
            return Err(refuse("exists and is not a file teema wrote"));
        }
        let Some(record) = &record else {
            return Err(refuse(
                "exists and no teema manifest.json beside it says teema wrote it",
            ));
        };
        if *name == ANALYSIS_MANIFEST {
            continue;
        }
        let entry = record
            .get("outputs")
            .and_then(|o| o.as_array())
            .and_then(|o| {
                o.iter()
                    .find(|e| e.get("file").and_then(|f| f.as_str()) == Some(name))
            });
        let Some(entry) = entry else {
            return Err(refuse(
                "exists and the manifest.json beside it does not list it as written by teema",
            ));
        };
        let bytes = entry.get("bytes").and_then(|b| b.as_u64());
        let sha = entry.get("sha256").and_then(|s| s.as_str());
        if bytes != Some(meta.len()) || sha != Some(hash_file(&path)?.1.as_str()) {
            return Err(refuse("was changed since teema wrote it"));
        }
    }
    Ok(())
}

/// One file an analysis wrote, as its manifest.json lists it: what
/// [`check_replaceable`] compares a file with before replacing it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutputFile {
    /// File name relative to the output directory.
    pub file: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

/// Size and SHA-256 (hex) of a file, read in blocks.
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok((bytes, hex(&hasher.finalize())))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// `path` made absolute with every existing part resolved (links, `..`),
/// the missing rest appended as written: two names of one place compare
/// equal even through a link, whether or not the file exists yet.
pub fn resolved(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(c) = cur.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    p => out.push(p.as_os_str()),
                }
            }
            return out;
        }
        match (cur.parent(), cur.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                cur = parent;
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("raportti.md");
        let staged = StagedFile::write(&dest, false, |w| {
            w.write_all(b"# Teemat\n").map_err(|e| Error::io("x", e))
        })
        .unwrap();
        assert!(!dest.exists());
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"# Teemat\n");
        // Dropped uncommitted: nothing left behind.
        drop(StagedFile::write(&dest, false, |_| Ok(())).unwrap());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only raportti.md is left");
        // Left by a killed run: removed by the next.
        let staged = StagedFile::write(&dest, false, |_| Ok(())).unwrap();
        let kept = staged.tmp.keep().unwrap();
        std::fs::write(dir.path().join(".muu.teema-tmp"), "").unwrap();
        remove_stale_temporaries(dir.path(), &["raportti.md"]);
        assert!(!kept.exists());
        assert!(dir.path().join(".muu.teema-tmp").exists(), "not a report's");
    }

    #[test]
    fn only_recorded_unchanged_files_are_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("codings.csv"), "a,b\n").unwrap();
        let err = check_replaceable(d, &["codings.csv"], None).unwrap_err();
        assert!(err.to_string().contains("codings.csv"), "{err}");
        let (bytes, sha) = hash_file(&d.join("codings.csv")).unwrap();
        let manifest = serde_json::json!({
            "generator": "teema",
            "outputs": [{"file": "codings.csv", "bytes": bytes, "sha256": sha}],
        });
        std::fs::write(d.join("manifest.json"), manifest.to_string()).unwrap();
        check_replaceable(d, &["codings.csv", "manifest.json", "report.md"], None).unwrap();
        assert_eq!(own_output_dir(d), Some("an earlier teema analysis"));
        std::fs::write(d.join("codings.csv"), "a,c\n").unwrap();
        let err = check_replaceable(d, &["codings.csv"], None).unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
        // A manifest.json that is not teema's does not make the folder teema's.
        std::fs::write(d.join("manifest.json"), r#"{"name": "kysely"}"#).unwrap();
        assert_eq!(own_output_dir(d), None);
        assert!(check_replaceable(d, &["manifest.json"], None).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn resolved_sees_through_links_to_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        assert_eq!(
            resolved(&dir.path().join("link/uusi/avain.tsv")),
            resolved(&real).join("uusi/avain.tsv")
        );
    }
}
