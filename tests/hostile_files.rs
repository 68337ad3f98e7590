//! Hostile files around a run: teema never destroys a file it did not
//! write (the key over an input, a user's file in `--out` or in the index,
//! an old index while a new one is built or a run fails), and never reads
//! its own output or the same file twice as data (its output folder among
//! the inputs, link loops, named pipes).
//!
//! Each case writes its files into a temporary directory and says what it
//! expects: the exit code, the message, and the files left byte for byte.

use crate::util::{corpora, p, run, run_within, tempdir, write};
use std::path::{Path, PathBuf};

/// The survey of corpora/ copied into `dir/name` (300 respondents).
fn survey(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::copy(corpora("palautekysely.csv"), &path).unwrap();
    path
}

/// Every file under `dir` (links not followed) with its bytes, leaving out
/// what a killed run may leave in the making (`.NAME.teema-…`, removed by
/// the next run).
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            if e.file_name().to_string_lossy().contains(".teema-") {
                continue;
            }
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Panics naming the files that differ between two snapshots.
fn assert_same(after: &[(PathBuf, Vec<u8>)], before: &[(PathBuf, Vec<u8>)], what: &str) {
    let names = |v: &[(PathBuf, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(after), names(before), "{what}: the files differ");
    for ((path, a), (_, b)) in after.iter().zip(before) {
        assert!(a == b, "{what}: {} changed", path.display());
    }
}

/// The documents an analysis counted (from its manifest.json).
fn documents(out: &Path) -> u64 {
    let m: serde_json::Value = crate::util::manifest(out);
    m["counts"]["documents"].as_u64().unwrap()
}

/// Hits of `query` in the index at `ix`.
fn count(ix: &Path, query: &str) -> u64 {
    run(&["search", p(ix), query, "--count"])
        .expect_code(0)
        .stdout
        .trim()
        .parse()
        .unwrap()
}

/// Names under `dir` that teema uses for files and folders in the making.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".teema-"))
        .collect()
}

/// Fails naming the temporary files teema left in `dir`.
fn assert_no_leftovers(dir: &Path) {
    let left = leftovers(dir);
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

// ---- 1. Never destroy a file teema did not write ----

#[test]
fn key_out_never_replaces_an_input_or_another_file() {
    let dir = tempdir();
    let data = survey(dir.path(), "kysely.csv");
    let before = std::fs::read(&data).unwrap();
    let out = dir.path().join("o");
    for args in [
        vec!["analyze", p(&data), "--out", p(&out), "--key-out", p(&data)],
        vec!["index", p(&data), "--index", p(&out), "--key-out", p(&data)],
        vec![
            "pseudonymise",
            p(&data),
            "--out",
            p(&out),
            "--key-out",
            p(&data),
        ],
    ] {
        let r = run(&args).expect_code(2);
        assert!(
            r.stderr.contains("kysely.csv") && r.stderr.contains("not a key teema wrote"),
            "{:?}: {}",
            args[0],
            r.stderr
        );
        assert_eq!(
            std::fs::read(&data).unwrap(),
            before,
            "{} changed it",
            args[0]
        );
        assert!(!out.exists(), "{} wrote before checking", args[0]);
    }
    // A key teema wrote is replaced by the next run's key.
    let key = dir.path().join("avain.tsv");
    for _ in 0..2 {
        run(&[
            "pseudonymise",
            p(&data),
            "--out",
            p(&out),
            "--force",
            "--key-out",
            p(&key),
        ])
        .expect_code(0);
    }
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .starts_with("code\tkind\toriginal\n")
    );
    assert_no_leftovers(dir.path());
}

#[cfg(unix)]
#[test]
fn key_inside_the_output_is_refused_through_a_link() {
    let dir = tempdir();
    let data = survey(dir.path(), "kysely.csv");
    let real = dir.path().join("tulokset");
    std::fs::create_dir(&real).unwrap();
    let link = dir.path().join("linkki");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for (out, key) in [
        (&link, real.join("avain.tsv")),
        (&real, link.join("avain.tsv")),
    ] {
        let r = run(&["analyze", p(&data), "--out", p(out), "--key-out", p(&key)]).expect_code(2);
        assert!(r.stderr.contains("is inside"), "{}", r.stderr);
        assert!(!real.join("avain.tsv").exists());
    }
}

#[test]
fn an_out_folder_with_someone_elses_manifest_is_left_alone() {
    let dir = tempdir();
    let data = survey(dir.path(), "kysely.csv");
    let out = dir.path().join("projekti");
    write(&out, "manifest.json", r#"{"nimi": "oma projekti"}"#);
    write(&out, "report.html", "<p>Oma raportti</p>");
    write(&out, "codings.csv", "oma,taulukko\n");
    let before = snapshot(&out);
    let r = run(&["analyze", p(&data), "--out", p(&out)]).expect_code(2);
    assert!(
        r.stderr.contains("not an earlier teema analysis"),
        "{}",
        r.stderr
    );
    assert_same(&snapshot(&out), &before, "a refused run");
}

#[test]
fn a_report_file_changed_or_not_recorded_is_not_replaced() {
    let dir = tempdir();
    let data = survey(dir.path(), "kysely.csv");
    let out = dir.path().join("tulokset");
    run(&["analyze", p(&data), "--out", p(&out)]).expect_code(0);
    // A file of the user's own beside the reports is kept, untouched.
    write(&out, "muistiinpanot.txt", "omat huomiot");
    run(&["analyze", p(&data), "--out", p(&out)]).expect_code(0);
    assert_eq!(
        std::fs::read_to_string(out.join("muistiinpanot.txt")).unwrap(),
        "omat huomiot"
    );
    // A report edited by hand is the user's now.
    let md = out.join("report.md");
    let mut edited = std::fs::read(&md).unwrap();
    edited.extend_from_slice("\nOmat johtopäätökset.\n".as_bytes());
    std::fs::write(&md, &edited).unwrap();
    let before = snapshot(&out);
    let r = run(&["analyze", p(&data), "--out", p(&out)]).expect_code(2);
    assert!(
        r.stderr.contains("report.md") && r.stderr.contains("changed since teema wrote it"),
        "{}",
        r.stderr
    );
    assert_same(&snapshot(&out), &before, "a refused run changed the folder");
    // `teema report` follows the same rule.
    let r = run(&["report", p(&out)]).expect_code(2);
    assert!(r.stderr.contains("report.md"), "{}", r.stderr);
    assert_eq!(std::fs::read(&md).unwrap(), edited);
}

#[test]
fn a_users_file_in_the_index_folder_is_never_deleted() {
    let dir = tempdir();
    let data = survey(dir.path(), "kysely.csv");
    let out = dir.path().join("tulokset");
    run(&["analyze", p(&data), "--out", p(&out)]).expect_code(0);
    let ix = out.join("index");
    let hits = count(&ix, "vertaistuki");
    write(&ix, "muistio.txt", "älä poista");
    let before = snapshot(&out);
    let r = run(&["analyze", p(&data), "--out", p(&out)]).expect_code(2);
    assert!(
        r.stderr.contains("muistio.txt") && r.stderr.contains("did not write"),
        "{}",
        r.stderr
    );
    assert_same(&snapshot(&out), &before, "a refused run");
    let r = run(&["index", p(&data), "--index", p(&ix), "--rebuild"]).expect_code(2);
    assert!(r.stderr.contains("muistio.txt"), "{}", r.stderr);
    assert_same(&snapshot(&out), &before, "a refused run");
    assert_eq!(count(&ix, "vertaistuki"), hits);
}

#[test]
fn a_rerun_replaces_its_own_outputs_and_leaves_nothing_behind() {
    let dir = tempdir();
    let data = survey(dir.path(), "kysely.csv");
    let out = dir.path().join("tulokset");
    run(&["analyze", p(&data), "--out", p(&out)]).expect_code(0);
    let hits = count(&out.join("index"), "vertaistuki");
    run(&["analyze", p(&data), "--out", p(&out)]).expect_code(0);
    assert_eq!(count(&out.join("index"), "vertaistuki"), hits);
    assert_no_leftovers(&out);
    let m: serde_json::Value = crate::util::manifest(&out);
    assert_eq!(m["generator"], "teema");
    // A rebuild of a standalone index replaces it in place.
    let ix = dir.path().join("hakemisto");
    run(&["index", p(&data), "--index", p(&ix)]).expect_code(0);
    run(&["index", p(&data), "--index", p(&ix), "--rebuild"]).expect_code(0);
    assert_eq!(count(&ix, "vertaistuki"), hits);
    assert_no_leftovers(dir.path());
}

/// The survey repeated `times` times with new respondent ids.
fn big_survey(dir: &Path, name: &str, times: usize) -> PathBuf {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(corpora("palautekysely.csv"))
        .unwrap();
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let path = dir.join(name);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&path)
        .unwrap();
    w.write_record(&header).unwrap();
    for k in 0..times {
        for row in &rows {
            // New ids, and open answers that differ from copy to copy (the
            // last two columns), so they are still read as open text.
            let mut fields: Vec<String> = row.iter().map(str::to_string).collect();
            fields[0] = format!("{k}-{}", fields[0]);
            let n = fields.len();
            for f in &mut fields[n - 2..] {
                if !f.is_empty() {
                    f.push_str(&format!(" Kerta {k}."));
                }
            }
            w.write_record(&fields).unwrap();
        }
    }
    w.flush().unwrap();
    path
}

#[cfg(unix)]
#[test]
fn killing_a_rebuild_keeps_the_old_index() {
    let dir = tempdir();
    let small = survey(dir.path(), "kysely.csv");
    let big = big_survey(dir.path(), "iso.csv", 60);
    let ix = dir.path().join("hakemisto");
    run(&["index", p(&small), "--index", p(&ix)]).expect_code(0);
    let hits = count(&ix, "vertaistuki");
    let mut child = crate::util::teema(&["index", p(&big), "--index", p(&ix), "--rebuild"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it while the new index is being written beside the old one.
    let started = std::time::Instant::now();
    let building = loop {
        let staged = std::fs::read_dir(dir.path()).unwrap().flatten().find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".hakemisto.teema-new")
        });
        if let Some(s) = staged
            && s.path().join("meta.json").exists()
        {
            break true;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed().as_secs() > 120 {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    std::thread::sleep(std::time::Duration::from_millis(100));
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    assert!(
        building && killed,
        "the rebuild ended before it could be killed while building"
    );
    assert_eq!(count(&ix, "vertaistuki"), hits, "the old index changed");
    // The next rebuild removes the half-built index and completes.
    run(&["index", p(&small), "--index", p(&ix), "--rebuild"]).expect_code(0);
    assert_eq!(count(&ix, "vertaistuki"), hits);
    assert_no_leftovers(dir.path());
}

#[cfg(unix)]
#[test]
fn an_analysis_that_cannot_write_keeps_the_earlier_one() {
    let dir = tempdir();
    let small = survey(dir.path(), "kysely.csv");
    let big = big_survey(dir.path(), "iso.csv", 4);
    let out = dir.path().join("tulokset");
    run(&["analyze", p(&small), "--out", p(&out)]).expect_code(0);
    let hits = count(&out.join("index"), "vertaistuki");
    let before = snapshot(&out);
    // Files above 200 KB cannot be written: the disk is as good as full.
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(r#"ulimit -f 400; exec "$0" analyze "$1" --out "$2""#)
        .arg(env!("CARGO_BIN_EXE_teema"))
        .arg(&big)
        .arg(&out);
    let r = crate::util::run_cmd(cmd);
    // Killed by SIGXFSZ, or stopped by the error it turns into.
    assert!(
        r.code == -1 || (r.code == 2 && r.stderr.contains("too large")),
        "the run did not fail writing: {} {}",
        r.stdout,
        r.stderr
    );
    assert_same(&snapshot(&out), &before, "the earlier analysis changed");
    assert_eq!(count(&out.join("index"), "vertaistuki"), hits);
    // A first run killed the same way leaves only what the next run removes.
    let first = dir.path().join("ensimmainen");
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(r#"ulimit -f 400; exec "$0" analyze "$1" --out "$2""#)
        .arg(env!("CARGO_BIN_EXE_teema"))
        .arg(&big)
        .arg(&first);
    assert_ne!(crate::util::run_cmd(cmd).code, 0);
    assert!(!first.join("manifest.json").exists());
    run(&["analyze", p(&small), "--out", p(&first)]).expect_code(0);
    assert_no_leftovers(&first);
    // The next run that can write cleans up what the failed one left.
    run(&["analyze", p(&small), "--out", p(&out)]).expect_code(0);
    assert_no_leftovers(&out);
    assert_eq!(count(&out.join("index"), "vertaistuki"), hits);
}

// ---- 2. Never read teema's own output, or the same file twice, as data ----

#[test]
fn the_output_folder_among_the_inputs_is_skipped() {
    let dir = tempdir();
    let proj = dir.path().join("proj");
    survey(&proj, "kysely.csv");
    let out = proj.join("tulokset");
    run(&["analyze", p(&proj), "--out", p(&out)]).expect_code(0);
    assert_eq!(documents(&out), 300);
    let r = run(&["analyze", p(&proj), "--out", p(&out)]).expect_code(0);
    assert_eq!(documents(&out), 300, "its own output was read as data");
    assert!(
        r.stderr.contains("tulokset") && r.stderr.contains("teema's own output"),
        "{}",
        r.stderr
    );
    // A standalone index found among the inputs is skipped too.
    run(&[
        "index",
        p(&proj.join("kysely.csv")),
        "--index",
        p(&proj.join("ix")),
    ])
    .expect_code(0);
    let r = run(&["ingest", p(&proj)]).expect_code(0);
    assert!(r.stderr.contains("a teema index"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn link_loops_and_second_names_are_read_once() {
    let dir = tempdir();
    let proj = dir.path().join("proj");
    let data = survey(&proj, "a/kysely.csv");
    std::os::unix::fs::symlink("..", proj.join("a/silmukka")).unwrap();
    std::os::unix::fs::symlink(&data, proj.join("toinen.csv")).unwrap();
    std::fs::hard_link(&data, proj.join("kova.csv")).unwrap();
    let out = dir.path().join("tulokset");
    let r = run(&["analyze", p(&proj), p(&data), "--out", p(&out)]).expect_code(0);
    assert_eq!(documents(&out), 300);
    assert!(r.stderr.contains("read once"), "{}", r.stderr);
    assert!(r.stderr.contains("silmukka"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn named_pipes_are_never_read() {
    let dir = tempdir();
    let proj = dir.path().join("proj");
    survey(&proj, "kysely.csv");
    let fifo = proj.join("putki.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let r = run_within(&["ingest", p(&proj)], 120).expect_code(0);
    assert!(
        r.stderr.contains("putki.csv") && r.stderr.contains("named pipe"),
        "{}",
        r.stderr
    );
    let r = run_within(&["ingest", p(&fifo)], 120).expect_code(2);
    assert!(
        r.stderr.contains("putki.csv") && r.stderr.contains("named pipe"),
        "{}",
        r.stderr
    );
}
