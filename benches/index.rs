//! Search and kwic latency on a warm index (criterion).
//!
//! The corpus is `TEEMA_BENCH_INPUT` (a survey table; its open column is
//! given by `TEEMA_BENCH_TEXT_COL`), by default the news headlines of the
//! shared evaluation data when present (`../shared/data/fi-news/headlines.tsv`
//! or `TEEMA_BENCH_TSV`, text column `tiivistelma`), otherwise
//! corpora/palautekysely.csv. The index is built once under
//! `target/bench-index/` and reused (an unchanged source is skipped).
//!
//! Run: `cargo bench --bench index`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use teema::corpus::{ReadOptions, read_paths};
use teema::index::kwic::{KwicOptions, kwic};
use teema::index::search::{SearchOptions, search};
use teema::index::{IndexHandle, IndexOptions, build, shared_analyzer};
use teema::text::AnalyzerConfig;

#[path = "shared/data.rs"]
mod data;

/// The allocator of the `teema` binary, so the figures match it.
#[global_allocator]
static GLOBAL: teema::memory::Allocator = teema::memory::Allocator;

/// The input and its text column.
fn input() -> (PathBuf, Option<String>) {
    if let Some(p) = std::env::var_os("TEEMA_BENCH_INPUT") {
        return (PathBuf::from(p), std::env::var("TEEMA_BENCH_TEXT_COL").ok());
    }
    match data::headlines() {
        Some(p) => (p, Some("tiivistelma".into())),
        None => (data::root().join("corpora/palautekysely.csv"), None),
    }
}

fn bench(c: &mut Criterion) {
    let (path, text_col) = input();
    let analyzer = shared_analyzer(AnalyzerConfig {
        builtin_only: true,
        ..Default::default()
    })
    .expect("analyzer");
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-index")
        .join(name);
    let options = ReadOptions {
        text_cols: text_col.into_iter().collect(),
        ..Default::default()
    };
    let corpus = read_paths(std::slice::from_ref(&path), &options).expect("read bench input");
    build(&corpus, &analyzer, &IndexOptions::default(), &dir).expect("build bench index");
    drop(corpus);
    let handle = IndexHandle::open(&dir, analyzer).expect("open bench index");
    eprintln!("bench index {} ({})", dir.display(), path.display());

    let news = path.to_string_lossy().contains("headlines");
    let (word, two, kw) = if news {
        ("hallitus", "hallitus AND budjetti", "presidentti")
    } else {
        ("ohjaajat", "aukioloajat AND nps:[0 TO 6]", "kahvi")
    };
    let top20 = SearchOptions {
        limit: 20,
        ..SearchOptions::default()
    };
    for (label, q) in [("search_one_word", word), ("search_and", two)] {
        let n = search(&handle, q, &top20).unwrap().total;
        eprintln!("{label}: '{q}' matches {n}");
        c.bench_function(label, |b| {
            b.iter(|| black_box(search(&handle, black_box(q), &top20).unwrap()))
        });
    }
    let count = SearchOptions {
        limit: 0,
        ..SearchOptions::default()
    };
    c.bench_function("search_count", |b| {
        b.iter(|| black_box(search(&handle, black_box(word), &count).unwrap()))
    });
    let first100 = KwicOptions {
        limit: Some(100),
        ..KwicOptions::default()
    };
    let all = KwicOptions::default();
    eprintln!(
        "kwic '{kw}': {} lines",
        kwic(&handle, kw, &all).unwrap().len()
    );
    c.bench_function("kwic_first_100", |b| {
        b.iter(|| black_box(kwic(&handle, black_box(kw), &first100).unwrap()))
    });
    let mut group = c.benchmark_group("kwic_all");
    group.sample_size(10);
    group.bench_function("kwic_all_sorted_left", |b| {
        let left = KwicOptions {
            sort: teema::index::kwic::KwicSort::Left,
            ..KwicOptions::default()
        };
        b.iter(|| black_box(kwic(&handle, black_box(kw), &left).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
