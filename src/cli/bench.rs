//! `teema bench`: the whole `teema analyze` on a real corpus, per stage,
//! for 1 thread and for all, at 1× and at `--scale N` (the corpus repeated
//! N times with distinct ids), so a run shows how time and memory grow.
//!
//! Each measurement is a separate `teema analyze` process (so its peak
//! memory is its own, as the operating system counts it); the figures come
//! from the manifest.json it writes. Machines are shared and noisy: compare
//! ratios within one run rather than absolute seconds across runs.

use super::Globals;
use clap::Args;
use serde::Serialize;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;
use teema::memory::StageTiming;
use teema::pipeline::RunManifest;
use teema::{Error, Result};

/// The corpus `teema bench` uses when none is given, relative to the
/// repository (the shared benchmark data beside it).
const DEFAULT_CORPUS: &str = "../shared/data/fi-news/headlines.tsv";
/// Its text column.
const DEFAULT_TEXT_COL: &str = "tiivistelma";
/// The fallback when the shared data is not there.
const FALLBACK_CORPUS: &str = "corpora/palautekysely.csv";

/// Arguments of `teema bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The corpus: a CSV/TSV table (default: ../shared/data/fi-news/headlines.tsv
    /// when present, corpora/palautekysely.csv otherwise).
    #[arg(long, value_name = "FILE")]
    pub corpus: Option<PathBuf>,
    /// The column with the text to analyse (default: tiivistelma for the
    /// news corpus; every open column of other corpora).
    #[arg(long, value_name = "COLUMN")]
    pub text_col: Option<String>,
    /// Also run on the corpus repeated N times, with distinct ids.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = super::between(1usize, 1000))]
    pub scale: usize,
    /// Number of themes to discover in each run.
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = super::between(1usize, super::themes::MAX_THEMES))]
    pub themes: usize,
    /// Thread counts to measure, comma-separated (default: 1 and all cores).
    #[arg(long, value_name = "N,N", value_delimiter = ',',
          value_parser = super::between(1usize, super::MAX_THREADS))]
    pub threads_list: Vec<usize>,
    /// Keep the generated inputs and outputs in this directory.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// Print the measurements as JSON.
    #[arg(long)]
    pub json: bool,
}

/// One `teema analyze` run of the benchmark.
#[derive(Debug, Serialize)]
pub struct Measurement {
    /// How many times the corpus was repeated.
    pub scale: usize,
    /// Worker threads.
    pub threads: usize,
    /// Answers analysed.
    pub documents: usize,
    /// The lemmatiser the run used (from its manifest).
    pub lemmatizer: String,
    /// Wall-clock seconds of the whole process.
    pub seconds: f64,
    /// Peak resident memory in bytes.
    pub peak_memory_bytes: Option<u64>,
    /// Per stage, from the run's manifest.
    pub stages: Vec<StageTiming>,
}

/// Run `teema bench`.
pub fn run(args: BenchArgs, globals: Globals) -> Result<u8> {
    let _ = globals;
    if args.scale == 0 {
        return Err(Error::Usage("--scale must be at least 1".into()));
    }
    let (corpus, text_col) = match (&args.corpus, &args.text_col) {
        (Some(c), t) => (c.clone(), t.clone()),
        (None, t) if Path::new(DEFAULT_CORPUS).is_file() => (
            PathBuf::from(DEFAULT_CORPUS),
            Some(t.clone().unwrap_or_else(|| DEFAULT_TEXT_COL.into())),
        ),
        (None, t) => (PathBuf::from(FALLBACK_CORPUS), t.clone()),
    };
    // The open columns, named explicitly: repeated copies of a text would
    // otherwise look like a closed column to the classifier.
    let text_cols = match text_col {
        Some(c) => vec![c],
        None => open_columns(&corpus)?,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = if args.threads_list.is_empty() {
        let mut t = vec![1, cores];
        t.dedup();
        t
    } else {
        args.threads_list.clone()
    };
    if threads.contains(&0) {
        return Err(Error::Usage(
            "--threads-list: thread counts start at 1".into(),
        ));
    }
    let temp;
    let work = match &args.keep {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            dir.clone()
        }
        None => {
            temp = tempdir()?;
            temp.clone()
        }
    };
    let mut scales = vec![1];
    if args.scale > 1 {
        scales.push(args.scale);
    }
    let exe = std::env::current_exe().map_err(|e| Error::io("teema", e))?;
    let mut runs = Vec::new();
    let mut err = std::io::stderr().lock();
    for &scale in &scales {
        let input = if scale == 1 {
            corpus.clone()
        } else {
            let path = work.join(format!("corpus-x{scale}.tsv"));
            let _ = writeln!(
                err,
                "bench: writing {} ({scale}× the corpus)",
                path.display()
            );
            repeat_table(&corpus, scale, &path)?;
            path
        };
        for &t in &threads {
            let out = work.join(format!("out-x{scale}-t{t}"));
            let _ = writeln!(err, "bench: analyze ×{scale}, {t} thread(s)");
            runs.push(measure(
                &exe,
                &input,
                &text_cols,
                scale,
                t,
                args.themes,
                &out,
            )?);
        }
    }
    drop(err);
    let mut stdout = std::io::stdout().lock();
    let io = |e| Error::io("<stdout>", e);
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &runs)?;
        writeln!(stdout).map_err(io)?;
    } else {
        let text = table(&corpus, &runs, &threads, &scales);
        stdout.write_all(text.as_bytes()).map_err(io)?;
    }
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(&work);
    }
    Ok(0)
}

/// A fresh directory under the system's temporary directory.
fn tempdir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("teema-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}

/// Run one `teema analyze` child and read its manifest.
fn measure(
    exe: &Path,
    input: &Path,
    text_cols: &[String],
    scale: usize,
    threads: usize,
    themes: usize,
    out: &Path,
) -> Result<Measurement> {
    let _ = std::fs::remove_dir_all(out);
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("--threads")
        .arg(threads.to_string())
        .arg("analyze")
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--themes")
        .arg(themes.to_string());
    for c in text_cols {
        cmd.arg("--text-col").arg(c);
    }
    if scale > 1 {
        cmd.arg("--id-col").arg("id");
    }
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let started = Instant::now();
    let status = cmd.status().map_err(|e| Error::io(exe, e))?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() && status.code() != Some(1) {
        return Err(Error::input(
            input,
            format!("teema analyze failed ({status}) in the benchmark; run it by hand: {cmd:?}"),
        ));
    }
    let path = out.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let manifest: RunManifest = serde_json::from_str(&text)?;
    Ok(Measurement {
        scale,
        threads,
        documents: manifest.counts.answers,
        lemmatizer: manifest.lemmatizer,
        seconds,
        peak_memory_bytes: manifest.peak_memory_bytes,
        stages: manifest.stages,
    })
}

/// The open-text columns teema finds in a survey table.
fn open_columns(input: &Path) -> Result<Vec<String>> {
    let corpus = teema::corpus::read_paths(&[input.to_path_buf()], &Default::default())?;
    let cols: Vec<String> = corpus
        .sources
        .iter()
        .flat_map(|s| &s.columns)
        .filter(|c| c.kind == teema::corpus::ColumnKind::OpenText)
        .map(|c| c.name.clone())
        .collect();
    if cols.is_empty() {
        return Err(Error::input(
            input,
            "no open-text column found; name it with --text-col",
        ));
    }
    Ok(cols)
}

/// Write `input` repeated `times` times as a TSV, every column kept, with
/// a distinct `id` first.
fn repeat_table(input: &Path, times: usize, out: &Path) -> Result<()> {
    let delimiter = match input.extension().and_then(|e| e.to_str()) {
        Some("tsv") | Some("tab") => b'\t',
        _ => sniff(input)?,
    };
    let file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let header = reader
        .headers()
        .map_err(|e| Error::parse(input, 1, e.to_string()))?
        .clone();
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::parse(input, line, e.to_string())
        })?;
    let file = std::fs::File::create(out).map_err(|e| Error::io(out, e))?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(std::io::BufWriter::new(file));
    let io = |e: csv::Error| Error::input(out, e.to_string());
    let mut head = vec!["id".to_string()];
    head.extend(header.iter().map(|h| {
        let h = h.trim_start_matches('\u{feff}');
        if h == "id" {
            "id_orig".to_string()
        } else {
            h.to_string()
        }
    }));
    writer.write_record(&head).map_err(io)?;
    for copy in 0..times {
        for (i, row) in rows.iter().enumerate() {
            let id = format!("{}-{}", copy + 1, i + 1);
            let fields = std::iter::once(id.as_str())
                .chain((0..header.len()).map(|c| row.get(c).unwrap_or("")));
            writer.write_record(fields).map_err(io)?;
        }
    }
    writer.flush().map_err(|e| Error::io(out, e))
}

/// The delimiter of a CSV file: the most common of `;`, `,` and tab on its
/// first line.
fn sniff(path: &Path) -> Result<u8> {
    use std::io::BufRead as _;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut first = String::new();
    std::io::BufReader::new(file)
        .read_line(&mut first)
        .map_err(|e| Error::io(path, e))?;
    Ok([b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b','))
}

/// The human-readable table of the measurements.
fn table(corpus: &Path, runs: &[Measurement], threads: &[usize], scales: &[usize]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let _ = writeln!(
        s,
        "teema bench: {} ({cores} cores, {})",
        corpus.display(),
        runs.first().map_or("no runs", |r| r.lemmatizer.as_str())
    );
    for r in runs {
        let _ = writeln!(
            s,
            "\n×{} ({} answers), {} thread(s): {:.2} s in all, peak memory {}",
            r.scale,
            r.documents,
            r.threads,
            r.seconds,
            r.peak_memory_bytes
                .map(|b| format!("{:.0} MB", b as f64 / 1e6))
                .unwrap_or_else(|| "unknown".into())
        );
        let _ = writeln!(
            s,
            "  {:<14} {:>9} {:>12} {:>12} {:>12}",
            "stage", "seconds", "docs/s", "tokens/s", "peak MB"
        );
        for st in &r.stages {
            let tokens = if st.tokens > 0 {
                format!("{:.0}", st.tokens_per_second())
            } else {
                "-".into()
            };
            let peak = st
                .peak_memory_bytes
                .map_or_else(|| "-".into(), |b| format!("{:.0}", b as f64 / 1e6));
            let _ = writeln!(
                s,
                "  {:<14} {:>9.2} {:>12.0} {:>12} {:>12}",
                st.stage,
                st.seconds,
                st.documents_per_second(),
                tokens,
                peak
            );
        }
    }
    let find = |scale, t| runs.iter().find(|r| r.scale == scale && r.threads == t);
    if let (Some(&lo), Some(&hi)) = (threads.iter().min(), threads.iter().max())
        && lo != hi
    {
        for &scale in scales {
            if let (Some(a), Some(b)) = (find(scale, lo), find(scale, hi)) {
                let _ = writeln!(
                    s,
                    "\nscaling ×{scale}: {lo} → {hi} threads {:.2}× faster (ideal {:.1}×)",
                    a.seconds / b.seconds,
                    hi as f64 / lo as f64
                );
            }
        }
    }
    if let (Some(&big), Some(&t)) = (scales.last(), threads.iter().max())
        && big > 1
        && let (Some(a), Some(b)) = (find(1, t), find(big, t))
    {
        let _ = writeln!(
            s,
            "growth ×1 → ×{big} at {t} threads: time ×{:.2} (linear: ×{big}, ratio to linear {:.2}), \
             peak memory ×{:.2}",
            b.seconds / a.seconds,
            b.seconds / a.seconds / big as f64,
            b.peak_memory_bytes.unwrap_or(0) as f64
                / a.peak_memory_bytes.unwrap_or(1).max(1) as f64
        );
    }
    s
}
