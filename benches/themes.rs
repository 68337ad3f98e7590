//! Criterion benchmarks of theme coding and discovery on real text: the
//! sample survey (corpora/palautekysely.csv) always, and the 2015 election
//! candidates' comments when ../shared/data is present (measurement only;
//! nothing from it is kept in the repository).

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use teema::corpus::{ReadOptions, read_paths};
use teema::text::{Analyzer, AnalyzerConfig, Register};
use teema::themes::discover::{DiscoverConfig, discover_answers};
use teema::themes::features::{FeatureConfig, analyse};
use teema::themes::{Codebook, ThemeOptions, run};

/// The allocator of the `teema` binary, so the figures match it.
#[global_allocator]
static GLOBAL: teema::memory::Allocator = teema::memory::Allocator;

fn survey(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = read_paths(
        &[root.join("corpora/palautekysely.csv")],
        &ReadOptions::default(),
    )
    .expect("read the sample survey");
    let analyzer = Analyzer::new(AnalyzerConfig::default()).expect("analyser");
    let codebook =
        Codebook::load(&root.join("corpora/koodikirja.toml"), &analyzer).expect("codebook");
    let mut g = c.benchmark_group("survey");
    g.sample_size(20);
    g.bench_function("discovery", |b| {
        b.iter(|| run(&corpus, &analyzer, &ThemeOptions::default()).expect("themes"))
    });
    let options = ThemeOptions {
        codebook: Some(codebook),
        ..Default::default()
    };
    g.bench_function("codebook", |b| {
        b.iter(|| run(&corpus, &analyzer, &options).expect("themes"))
    });
    g.finish();
}

fn comments(c: &mut Criterion) {
    let path = PathBuf::from("/work/shared/data/vaalikone-2015/question_comments_dev.tsv");
    if !path.exists() {
        return;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(&path)
        .expect("read comments");
    let texts: Vec<String> = reader
        .records()
        .filter_map(|r| r.ok().map(|r| r[6].to_string()))
        .filter(|t| !t.trim().is_empty())
        .collect();
    let analyzer = Analyzer::new(AnalyzerConfig::default()).expect("analyser");
    let mut g = c.benchmark_group("comments_7472");
    g.sample_size(10);
    g.bench_function("analyse_and_discover_k78", |b| {
        b.iter(|| {
            let pairs: Vec<(&str, Register)> = texts
                .iter()
                .map(|t| (t.as_str(), Register::Written))
                .collect();
            let a = analyse(&analyzer, &pairs);
            let plain: Vec<&str> = texts.iter().map(String::as_str).collect();
            discover_answers(
                &a,
                &plain,
                &FeatureConfig::default(),
                &DiscoverConfig {
                    k: Some(78),
                    ..Default::default()
                },
                false,
            )
            .k
        })
    });
    g.finish();
}

criterion_group!(benches, survey, comments);
criterion_main!(benches);
