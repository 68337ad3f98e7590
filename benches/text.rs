//! Benchmarks of Finnish text analysis on real text: tokenising alone, and
//! tokenising + lemmatising with Voikko and with the built-in lemmatiser
//! on 1 and 2 threads with warm caches (the steady state of a long run).
//!
//! Text: the first 100,000 summaries (`tiivistelma`) of
//! `../shared/data/fi-news/headlines.tsv` when present (or the file named
//! by `TEEMA_BENCH_TSV`), the texts under `corpora/` otherwise.
//!
//! `cargo bench --bench text`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use teema::text::{Analyzer, AnalyzerConfig, Register, for_each_span, spans};

#[path = "shared/data.rs"]
mod data;

/// The allocator of the `teema` binary, so the figures match it.
#[global_allocator]
static GLOBAL: teema::memory::Allocator = teema::memory::Allocator;

/// How many summaries to read.
const SUMMARIES: usize = 100_000;

/// The texts to analyse.
fn texts() -> (Vec<String>, String) {
    let root = data::root();
    let tsv = data::headlines().unwrap_or_default();
    if let Ok(data) = std::fs::read_to_string(&tsv) {
        let mut lines = data.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        if let Some(col) = header.iter().position(|h| *h == "tiivistelma") {
            let texts: Vec<String> = lines
                .filter_map(|l| l.split('\t').nth(col))
                .filter(|t| !t.is_empty())
                .take(SUMMARIES)
                .map(str::to_string)
                .collect();
            return (
                texts,
                format!("{} summaries of {}", SUMMARIES, tsv.display()),
            );
        }
    }
    let mut texts = Vec::new();
    collect(&root.join("corpora"), &mut texts);
    (texts, "the texts of corpora/".to_string())
}

/// The lines of every text file under `dir`.
fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "csv")
        ) && let Ok(s) = std::fs::read_to_string(&p)
        {
            out.extend(
                s.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string),
            );
        }
    }
}

/// Tokenise and lemmatise every text on the current rayon pool; returns
/// the number of tokens (and a checksum so nothing is optimised away).
fn analyze(analyzer: &Analyzer, texts: &[String]) -> (u64, u64) {
    texts
        .par_chunks(512)
        .map(|chunk| {
            let mut session = analyzer.session();
            let (mut n, mut sum) = (0u64, 0u64);
            for t in chunk {
                session.for_each_token(t, Register::Written, |tok| {
                    n += 1;
                    sum = sum.wrapping_add(tok.lemma.len() as u64 + tok.parts.len() as u64);
                });
            }
            (n, sum)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1.wrapping_add(b.1)))
}

fn bench(c: &mut Criterion) {
    let (texts, source) = texts();
    let tokens: u64 = texts.iter().map(|t| spans(t).len() as u64).sum();
    eprintln!(
        "benchmark text: {source}: {} texts, {tokens} tokens",
        texts.len()
    );

    let mut group = c.benchmark_group("text");
    group.sample_size(10);
    group.throughput(Throughput::Elements(tokens));
    group.bench_function("tokenize/1 thread", |b| {
        b.iter(|| {
            let mut n = 0u64;
            for t in &texts {
                for_each_span(t, |_| n += 1);
            }
            n
        })
    });
    for builtin in [false, true] {
        let analyzer = Analyzer::new(AnalyzerConfig {
            builtin_only: builtin,
            ..Default::default()
        })
        .expect("analyzer");
        let name = if analyzer.has_voikko() {
            "voikko"
        } else {
            "builtin"
        };
        for threads in [1usize, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            // Warm every thread's cache (the steady state of a long run):
            // each pass may hand a chunk to either thread's state.
            for _ in 0..threads * 2 {
                pool.install(|| analyze(&analyzer, &texts));
            }
            group.bench_function(
                format!("tokenize+lemmatize/{name}/warm/{threads} threads"),
                |b| b.iter(|| pool.install(|| analyze(&analyzer, &texts))),
            );
        }
        if !builtin && !analyzer.has_voikko() {
            break; // Voikko missing: the first round already was the built-in.
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
