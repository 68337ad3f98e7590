//! Transcripts and subtitles: text, Markdown, WebVTT and SRT (the first byte
//! picks the format).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["txt", "md", "vtt", "srt"][which as usize % 4];
    common::read_as(ext, bytes);
});
