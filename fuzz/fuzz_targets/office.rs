//! DOCX, XLSX and REFI-QDA projects (zip archives; the first byte picks the
//! format). Seed the corpus with real files (corpora/palautekysely.xlsx, a
//! DOCX, a project.qdpx) so the fuzzer starts from valid archives: see README.md.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["docx", "xlsx", "qdpx"][which as usize % 3];
    common::read_as(ext, bytes);
});
