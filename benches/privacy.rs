//! Pseudonymisation speed next to tokenising and lemmatising, on real text:
//! every line of a file is one unit, as answers are. The file is
//! `TEEMA_BENCH_TEXT` (its first 16 MB) or, without it, the project's
//! feedback survey in corpora/.
//!
//! `cargo bench --bench privacy` (add `TEEMA_BENCH_TEXT=path/to/file.tsv`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use teema::privacy::{Kind, NameList, PrivacyOptions, Pseudonymiser};
use teema::text::{Analyzer, AnalyzerConfig, Register};

/// The allocator of the `teema` binary, so the figures match it.
#[global_allocator]
static GLOBAL: teema::memory::Allocator = teema::memory::Allocator;

fn units() -> Vec<String> {
    let path = std::env::var("TEEMA_BENCH_TEXT").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/palautekysely.csv").to_string()
    });
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(16 << 20)]).into_owned();
    text.lines().map(str::to_string).collect()
}

fn bench(c: &mut Criterion) {
    let units = units();
    let bytes: usize = units.iter().map(String::len).sum();
    let analyzer = Analyzer::new(AnalyzerConfig::default()).expect("analyzer");
    let mut g = c.benchmark_group("privacy");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    let names = NameList::from_lines(
        "Matti Virtanen\nLiisa Korhonen\nHeikki Mäki\nAnna-Liisa Nieminen\nJussi Koskinen\n\
         Tiina Laine\nPekka Heikkinen\nSari Järvinen\nMikko Lehtonen\nAino Salonen"
            .lines(),
    );
    for (label, options) in [
        ("detect_default", PrivacyOptions::default()),
        (
            "detect_all_no_names",
            PrivacyOptions {
                kinds: Kind::ALL.to_vec(),
                names: None,
            },
        ),
        (
            "detect_all_10_names",
            PrivacyOptions {
                kinds: Kind::ALL.to_vec(),
                names: Some(names.clone()),
            },
        ),
    ] {
        let ps = Pseudonymiser::new(&options);
        g.bench_function(label, |b| {
            let mut session = analyzer.session();
            b.iter(|| {
                let mut n = 0;
                for u in &units {
                    n += ps.find(u, Some(&mut session)).len();
                }
                n
            })
        });
    }
    g.bench_function("tokens_and_lemmas", |b| {
        let mut session = analyzer.session();
        b.iter(|| {
            let mut n = 0;
            for u in &units {
                session.for_each_token(u, Register::Written, |t| n += t.lemma.len());
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
