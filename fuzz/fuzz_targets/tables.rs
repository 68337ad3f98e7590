//! Survey tables: CSV, TSV and JSON Lines (the first byte picks the format).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["csv", "tsv", "jsonl"][which as usize % 3];
    common::read_as(ext, bytes);
});
