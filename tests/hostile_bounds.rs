//! Hostile inputs: small files built to take unbounded memory or print
//! unbounded output (a lone cell at the far corner of a sheet, zip bombs
//! in Office files). Each run is watched: its peak resident memory (VmHWM)
//! must stay small, and its address space is capped so that a blow-up
//! fails the test instead of the machine.

use crate::util::{Run, tempdir, write};
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Stdio;

/// Address space the child may take at most (mimalloc and the thread
/// stacks reserve far more than they use, so this is well above the
/// resident peaks checked).
const ADDRESS_SPACE: u64 = 8 << 30;

/// Resident memory a run on these small files may peak at.
const PEAK_MB: u64 = 400;

/// Run `teema args` with its address space capped; the run and its peak
/// resident memory in MB (read from /proc while it runs).
fn run_watched(args: &[&str]) -> (Run, u64) {
    let mut cmd = crate::util::teema(args);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches no memory of the
    // parent.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("run teema");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(&status_file)
            && let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().expect("wait for teema") {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (run, peak_kb / 1024)
}

fn assert_small(run: &Run, peak_mb: u64) {
    assert!(
        peak_mb < PEAK_MB,
        "peak resident memory {peak_mb} MB (at most {PEAK_MB} MB expected)\n--- stderr\n{}",
        &run.stderr[..run.stderr.len().min(3000)]
    );
}

/// A survey sheet of `rows` answers plus one stray cell at (`row`, `col`).
fn sheet_with_stray_cell(path: &Path, rows: u32, row: u32, col: u16) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Vastaajatunnus").unwrap();
    sheet.write_string(0, 1, "Mitä kehittäisit?").unwrap();
    for r in 1..=rows {
        sheet.write_string(r, 0, format!("v{r}")).unwrap();
        sheet
            .write_string(r, 1, "Aukioloajat voisivat olla pidemmät")
            .unwrap();
    }
    sheet.write_string(row, col, "hukassa").unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_lone_cell_at_the_far_corner_costs_one_cell() {
    let dir = tempdir();
    let f = dir.path().join("kulma.xlsx");
    sheet_with_stray_cell(&f, 3, 1_048_575, 16_383);
    assert!(std::fs::metadata(&f).unwrap().len() < 20_000);
    let (run, peak) = run_watched(&["ingest", "--json", f.to_str().unwrap()]);
    assert_small(&run, peak);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    // The stray cell is one more column, not 16,382: one empty header.
    assert!(run.stderr.lines().count() < 5, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("kulma.xlsx:1: warning: header of column 3 is empty"),
        "{}",
        run.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["files"][0]["columns"].as_array().unwrap().len(), 3);
    assert_eq!(v["accounting"]["read"], 4, "{}", run.stdout);
}

#[test]
fn a_lone_cell_at_the_last_row_is_one_row_not_a_million_warnings() {
    let dir = tempdir();
    let f = dir.path().join("pohja.xlsx");
    sheet_with_stray_cell(&f, 3, 1_048_575, 0);
    let (run, peak) = run_watched(&["ingest", "--json", f.to_str().unwrap()]);
    assert_small(&run, peak);
    assert!(run.stderr.lines().count() < 10, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // Three answers and the row of the stray cell; the empty rows between
    // are not records.
    assert_eq!(v["accounting"]["read"], 4, "{}", run.stdout);
}

#[test]
fn a_table_far_larger_than_its_cells_is_refused_naming_a_stray_cell() {
    let dir = tempdir();
    let f = dir.path().join("harva.xlsx");
    // 4,100 answers on a diagonal: 16.8 million table cells for 4,102 real
    // ones.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Vastaajatunnus").unwrap();
    sheet.write_string(0, 1, "Palaute").unwrap();
    for r in 1..=4100u32 {
        sheet.write_string(r, r as u16 + 1, "Hyvä").unwrap();
    }
    book.save(&f).unwrap();
    let (run, peak) = run_watched(&["ingest", f.to_str().unwrap()]);
    assert_small(&run, peak);
    let run = run.expect_code(2);
    assert!(
        run.stderr
            .contains("harva.xlsx: sheet 'Sheet1' holds 4102 cells in 4102 columns over 4101 rows")
            && run.stderr.contains("(such as FAT4101)"),
        "{}",
        run.stderr
    );
}

/// Many warnings of one file are told in a few lines.
#[test]
fn a_thousand_warnings_are_summarised() {
    let dir = tempdir();
    // 1,000 empty ids and the note that no column is open text.
    let mut csv = String::from("id;vastaus\n");
    for _ in 0..1000 {
        csv.push_str(";Palvelu oli hyvää\n");
    }
    let f = write(dir.path(), "tyhjat.csv", csv);
    let run = crate::util::run(&["ingest", f.to_str().unwrap()]);
    assert!(run.stderr.lines().count() < 30, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("tyhjat.csv: … and 981 more warnings (teema ingest --json lists them all)"),
        "{}",
        run.stderr
    );
}

/// Writes the content of a zip entry.
type Content<'a> = &'a dyn Fn(&mut dyn Write);

/// A zip with the given (name, content) entries, deflated.
fn zip_of(entries: &[(&str, Content<'_>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, write) in entries {
        zip.start_file(*name, opts).unwrap();
        write(&mut zip);
    }
    zip.finish().unwrap().into_inner()
}

/// `mb` MB of spaces inside a Word paragraph: packs to about a thousandth.
fn spaces(mb: usize) -> impl Fn(&mut dyn Write) {
    move |w: &mut dyn Write| {
        w.write_all(b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>")
            .unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..mb {
            w.write_all(&block).unwrap();
        }
        w.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
            .unwrap();
    }
}

/// Set the uncompressed size of entry `name` in both its local and its
/// central header (a lying or a huge declaration).
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for (sig, at) in [(b"PK\x03\x04", 22usize), (b"PK\x01\x02", 24)] {
        let name_at = if sig[2] == 3 { 30 } else { 46 };
        let mut i = 0;
        while i + name_at + name.len() <= zip.len() {
            if &zip[i..i + 4] == sig
                && &zip[i + name_at..i + name_at + name.len()] == name.as_bytes()
            {
                zip[i + at..i + at + 4].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
            i += 1;
        }
    }
    assert_eq!(patched, 2, "entry {name} not found");
}

fn types(w: &mut dyn Write) {
    w.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
}

#[test]
fn a_docx_bomb_is_refused_within_the_limit_whatever_it_declares() {
    let dir = tempdir();
    let honest = zip_of(&[
        ("[Content_Types].xml", &types),
        ("word/document.xml", &spaces(80)),
    ]);
    assert!(honest.len() < 200_000, "{} bytes", honest.len());
    // As declared: refused before anything is unpacked.
    let f = write(dir.path(), "pommi.docx", &honest);
    let (run, peak) = run_watched(&["ingest", f.to_str().unwrap()]);
    assert_small(&run, peak);
    let run = run.expect_code(2);
    assert!(
        run.stderr.contains(
            "pommi.docx: word/document.xml (as the archive declares it) exceeds the limit of 64 MB of XML"
        ),
        "{}",
        run.stderr
    );
    // Declaring 1 KB: unpacking stops there.
    let mut lying = honest.clone();
    declare_size(&mut lying, "word/document.xml", 1000);
    let f = write(dir.path(), "valhe.docx", &lying);
    let (run, peak) = run_watched(&["ingest", f.to_str().unwrap()]);
    assert_small(&run, peak);
    let run = run.expect_code(2);
    assert!(
        run.stderr.contains(
            "valhe.docx: cannot read word/document.xml: File is larger than its declared uncompressed size"
        ),
        "{}",
        run.stderr
    );
    // Declaring 3 GiB, past even the largest file's limit: refused at once.
    let mut huge = honest;
    declare_size(&mut huge, "word/document.xml", 3 << 30);
    let f = write(dir.path(), "suuri.docx", &huge);
    let run = crate::util::run(&["ingest", f.to_str().unwrap()]).expect_code(2);
    assert!(
        run.stderr
            .contains("(as the archive declares it) exceeds the limit"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_xlsx_bomb_is_refused_before_calamine_unpacks_it() {
    let dir = tempdir();
    let f = dir.path().join("kysely.xlsx");
    sheet_with_stray_cell(&f, 3, 1, 1);
    // The workbook with one more part of 80 MB, as declared and as 1 KB.
    let book = std::fs::read(&f).unwrap();
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(&book)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        out.raw_copy_file(src.by_index_raw(i).unwrap()).unwrap();
    }
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/sharedStrings.xml.bak", opts).unwrap();
    spaces(80)(&mut out);
    let bomb = out.finish().unwrap().into_inner();
    let f = write(dir.path(), "pommi.xlsx", &bomb);
    let (run, peak) = run_watched(&["ingest", f.to_str().unwrap()]);
    assert_small(&run, peak);
    let run = run.expect_code(2);
    assert!(
        run.stderr.contains(
            "pommi.xlsx: the XML of its parts (as the archive declares it) exceeds the limit of 64 MB of XML"
        ),
        "{}",
        run.stderr
    );
    // A sheet that unpacks to more than it declares stops where it says.
    let sheet = "xl/worksheets/sheet1.xml";
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(&book)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let entry = src.by_index_raw(i).unwrap();
        if entry.name().unwrap() != sheet {
            out.raw_copy_file(entry).unwrap();
        }
    }
    out.start_file(sheet, opts).unwrap();
    spaces(80)(&mut out);
    let mut lying = out.finish().unwrap().into_inner();
    declare_size(&mut lying, sheet, 1000);
    let f = write(dir.path(), "valhe.xlsx", &lying);
    let (run, peak) = run_watched(&["ingest", f.to_str().unwrap()]);
    assert_small(&run, peak);
    let run = run.expect_code(2);
    assert!(
        run.stderr.contains("valhe.xlsx: ")
            && run
                .stderr
                .contains("larger than its declared uncompressed size"),
        "{}",
        run.stderr
    );
}
