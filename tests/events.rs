//! Progress and warnings reach the user through the command line's events
//! (`src/cli/events.rs`), never from the library itself: the CLI still
//! says what it said, the library writes nothing to the terminal, and one
//! `--threads` decides the run's worker threads.

use crate::util::{manifest, root, run, run_cmd, teema, tempdir, write};
use std::path::{Path, PathBuf};

const VOIKKO_MISSING: &str =
    "Using the built-in lemmatiser (a little less accurate on rare words and names).";

fn survey(dir: &Path) -> PathBuf {
    write(
        dir,
        "kysely.csv",
        "Tunnus;Palaute\n1;Kurssilla oli mukava ohjaaja\n2;Kahvi oli kylmää\n3;Ohjaaja vastasi kysymyksiin\n",
    )
}

#[test]
fn a_missing_voikko_is_said_once_on_stderr_in_the_same_words() {
    let dir = tempdir();
    let csv = survey(dir.path());
    let ix = dir.path().join("ix");
    let mut cmd = teema(&[
        "index",
        csv.to_str().unwrap(),
        "--index",
        ix.to_str().unwrap(),
    ]);
    cmd.env("TEEMA_VOIKKO_LIB", dir.path().join("no-such-libvoikko.so"));
    let r = run_cmd(cmd).expect_code(0);
    let said: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains(VOIKKO_MISSING))
        .collect();
    assert_eq!(said.len(), 1, "stderr:\n{}", r.stderr);
    assert!(
        said[0].starts_with("teema: Voikko was not found; "),
        "{}",
        said[0]
    );
    // Asked for the built-in lemmatiser: nothing to say.
    let mut cmd = teema(&["--builtin", "lemma", "talossa"]);
    cmd.env("TEEMA_VOIKKO_LIB", dir.path().join("no-such-libvoikko.so"));
    let r = run_cmd(cmd).expect_code(0);
    assert_eq!(r.stderr, "");
}

#[test]
fn the_memory_trace_is_printed_only_when_asked_for() {
    let dir = tempdir();
    let csv = survey(dir.path());
    let out = dir.path().join("a");
    let args = [
        "--builtin",
        "--threads",
        "2",
        "analyze",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let mut cmd = teema(&args);
    cmd.env("TEEMA_TRACE_MEMORY", "1");
    let r = run_cmd(cmd).expect_code(0);
    let traced: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("memory: "))
        .collect();
    for stage in ["read", "index", "themes", "report"] {
        let prefix = format!("memory: {stage}: resident ");
        assert!(
            traced
                .iter()
                .any(|l| l.starts_with(&prefix) && l.contains(" MiB, peak ")),
            "no trace of {stage}:\n{}",
            r.stderr
        );
    }
    // The threads asked for are the threads recorded.
    assert_eq!(manifest(&out)["threads"], 2);
    std::fs::remove_dir_all(&out).unwrap();
    let r = run(&args).expect_code(0);
    assert!(!r.stderr.contains("memory: "), "{}", r.stderr);
}

/// The source files of the library (not the command line, not the tests).
fn library_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "cli") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                && path != root().join("src/main.rs")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The files a parent module declares under `#[cfg(test)]` (`mod recall;`).
fn test_only_files(sources: &[PathBuf]) -> Vec<PathBuf> {
    let mut test_only = Vec::new();
    for file in sources {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            let Some(name) = (pair[0] == "#[cfg(test)]")
                .then(|| pair[1].strip_prefix("mod ")?.strip_suffix(';'))
                .flatten()
            else {
                continue;
            };
            let stem = file.file_stem().unwrap();
            let dir = if stem == "mod" || stem == "lib" {
                file.parent().unwrap().to_path_buf()
            } else {
                file.with_extension("")
            };
            test_only.push(dir.join(format!("{name}.rs")));
            test_only.push(dir.join(name).join("mod.rs"));
        }
    }
    test_only
}

#[test]
fn the_library_never_writes_to_the_terminal_itself() {
    let sources = library_sources();
    assert!(sources.len() > 50, "src/ not found: {sources:?}");
    let test_only = test_only_files(&sources);
    assert!(
        test_only.contains(&root().join("src/privacy/detect/recall.rs")),
        "test-only modules not recognised: {test_only:?}"
    );
    let mut found = Vec::new();
    for file in sources.iter().filter(|f| !test_only.contains(f)) {
        let text = std::fs::read_to_string(file).unwrap();
        // The code before the file's inline test module.
        let lines: Vec<&str> = text.lines().collect();
        let end = lines
            .windows(2)
            .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].contains("mod tests {"))
            .unwrap_or(lines.len());
        let code = &lines[..end];
        for (i, line) in code.iter().enumerate() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            for printing in [
                "println!(",
                "print!(",
                "eprintln!(",
                "eprint!(",
                "dbg!(",
                "indicatif",
            ] {
                if line.contains(printing) {
                    found.push(format!(
                        "{}:{}: {line}",
                        file.strip_prefix(root()).unwrap().display(),
                        i + 1
                    ));
                    break;
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the library reports through teema::events, the command line prints:\n{}",
        found.join("\n")
    );
}
