//! teema's integration tests: one binary, one module per area. They run the
//! built `teema` binary on files the tests write, or on corpora/.

mod ingest;
mod themes;
mod util;
