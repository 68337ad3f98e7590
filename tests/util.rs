//! Helpers for the integration tests: temporary directories, running the
//! `teema` binary, and the path of the repository's corpora.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under corpora/.
pub fn corpora(name: &str) -> PathBuf {
    root().join("corpora").join(name)
}

/// A test path as the `&str` an argument list takes.
pub fn p(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 test path")
}

/// A fresh temporary directory, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("create temporary directory")
}

/// Write `bytes` to `dir/name` and return the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent directory");
    }
    std::fs::write(&path, bytes).expect("write test file");
    path
}

/// A `teema` command with the given arguments, built-in lemmatiser unless
/// the test asks otherwise, no colour.
pub fn teema(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_teema"));
    cmd.args(args).env("NO_COLOR", "1");
    cmd
}

/// The outcome of a finished `teema` run, with helpers for assertions.
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Run {
    /// Panics with both streams when the exit code is not `code`.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
}

/// Run `teema args` to completion.
pub fn run(args: &[&str]) -> Run {
    run_cmd(teema(args))
}

/// Run a prepared command to completion.
pub fn run_cmd(mut cmd: Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run teema");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A minimal .docx whose paragraphs are made of the given runs.
pub fn docx(paragraphs: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let mut body = String::new();
    for runs in paragraphs {
        body.push_str("<w:p>");
        for r in *runs {
            body.push_str(&format!("<w:r><w:t xml:space=\"preserve\">{r}</w:t></w:r>"));
        }
        body.push_str("</w:p>");
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Every file under `dir` in sorted order, as (path, bytes); the entries
/// of a zip archive (`.qdpx`, `.docx`) come first as `path!entry`, then
/// the archive itself.
pub fn every_file(dir: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    fn walk(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            if bytes.starts_with(b"PK\x03\x04") {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
                for i in 0..zip.len() {
                    let mut entry = zip.by_index(i).unwrap();
                    let mut s = Vec::new();
                    entry.read_to_end(&mut s).unwrap();
                    out.push((format!("{name}!{}", entry.name().unwrap()), s));
                }
            }
            out.push((name, bytes));
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

/// The originals of `needles` found in `files` (zip entries included),
/// as "file: needle"; case is not significant.
pub fn leaks(files: &[(String, Vec<u8>)], needles: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for n in needles {
            if text.contains(&n.to_lowercase()) {
                out.push(format!("{name}: {n}"));
            }
        }
    }
    out
}

/// The manifest.json of the analysis in `dir`.
pub fn manifest(dir: &Path) -> serde_json::Value {
    let path = dir.join("manifest.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The stages a manifest (or a `teema bench` run) records, in order.
pub fn stages(manifest: &serde_json::Value) -> Vec<&str> {
    manifest["stages"]
        .as_array()
        .expect("a list of stages")
        .iter()
        .map(|s| s["stage"].as_str().expect("a stage name"))
        .collect()
}

/// Run `args` with a deadline: a hang fails the test instead of blocking it.
/// Both streams are read while it runs, so a long output cannot stall it.
pub fn run_within(args: &[&str], seconds: u64) -> Run {
    use std::io::Read;
    let mut child = teema(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut stream: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stream.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed().as_secs() > seconds {
            let _ = child.kill();
            let _ = child.wait();
            panic!("teema {args:?} hung for {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}
