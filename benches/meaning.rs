//! Benchmarks of teema's word vectors: the vector of one word, a batch of
//! a vocabulary in parallel, and the nearest words in a vocabulary.
//!
//! Words: the distinct lower-case words of the first 20,000 summaries of
//! `../shared/data/fi-news/headlines.tsv` when present (or the file named
//! by `TEEMA_BENCH_TSV`), of `corpora/palautekysely.csv` otherwise.
//!
//! `cargo bench --bench meaning`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use teema::meaning::{WordTable, WordVectors};

#[path = "shared/data.rs"]
mod data;

/// The allocator of the `teema` binary, so the figures match it.
#[global_allocator]
static GLOBAL: teema::memory::Allocator = teema::memory::Allocator;

/// Distinct words of the text, sorted.
fn words() -> (Vec<String>, String) {
    let root = data::root();
    let tsv = data::headlines().unwrap_or_default();
    let (text, what) = match std::fs::read_to_string(&tsv) {
        Ok(data) => (
            data.lines().take(20_001).collect::<Vec<_>>().join("\n"),
            tsv.display().to_string(),
        ),
        Err(_) => (
            std::fs::read_to_string(root.join("corpora/palautekysely.csv")).unwrap_or_default(),
            "corpora/palautekysely.csv".into(),
        ),
    };
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort_unstable();
    words.dedup();
    (words, what)
}

fn bench(c: &mut Criterion) {
    let vectors = WordVectors::embedded();
    let (words, what) = words();
    eprintln!("{} distinct words of {what}", words.len());
    let sample: Vec<&String> = words.iter().step_by((words.len() / 1000).max(1)).collect();
    let mut out = vec![0.0f32; vectors.dims()];
    let mut g = c.benchmark_group("meaning");
    g.throughput(Throughput::Elements(sample.len() as u64));
    g.bench_function("vector_per_word", |b| {
        b.iter(|| {
            for w in &sample {
                vectors.vector(black_box(w), &mut out);
            }
            black_box(&out);
        })
    });
    g.throughput(Throughput::Elements(words.len() as u64));
    g.sample_size(10);
    g.bench_function("vectors_batch", |b| {
        b.iter(|| black_box(vectors.vectors(black_box(&words))))
    });
    let table = WordTable::new(vectors, words.iter().cloned());
    vectors.vector("vertaistuki", &mut out);
    g.bench_function("nearest_10", |b| {
        b.iter(|| black_box(table.nearest(black_box(&out), 10, 0.6, None)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
