//! teema's integration tests: one binary, one module per area. They run the
//! built `teema` binary on files the tests write, or on corpora/.

mod agreement;
mod analyze;
mod browser;
mod codebook_draft;
mod contract;
mod events;
mod gold;
mod hostile_bounds;
mod hostile_files;
mod hostile_index;
mod hostile_panics;
mod hostile_privacy;
mod hostile_sweep;
mod hostile_sweep2;
mod hostile_sweep3;
mod imports;
mod index;
mod ingest;
mod meaning;
mod privacy;
mod refi;
mod refine;
mod report;
mod text;
mod themes;
mod util;
