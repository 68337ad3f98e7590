//! `teema eval themes`: group the texts of a TSV/CSV file with theme
//! discovery and score the groups against a gold label column (NMI, ARI,
//! coverage), with the time taken.

use super::Globals;
use crate::eval::themes::{Agreement, agreement, label_ids};
use crate::text::{Analyzer, Register};
use crate::themes::discover::{DiscoverConfig, discover_answers};
use crate::themes::features::{FeatureConfig, analyse};
use crate::{Error, Result};
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `teema eval themes`.
#[derive(Debug, Args)]
pub struct EvalThemesArgs {
    /// A TSV (tab) or CSV (comma) file with a header row.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Column with the texts.
    #[arg(long, value_name = "COLUMN")]
    pub text: String,
    /// Column with the gold labels.
    #[arg(long, value_name = "COLUMN")]
    pub label: String,
    /// Number of themes, or `auto`.
    #[arg(long, value_name = "N|auto", default_value = "auto", value_parser = super::themes::parse_k)]
    pub themes: super::themes::ThemeCount,
    /// Random seed of discovery.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What `teema eval themes --json` prints.
#[derive(Debug, Serialize)]
struct EvalOutput {
    file: PathBuf,
    k_requested: Option<usize>,
    seed: u64,
    lemmatizer: String,
    #[serde(flatten)]
    agreement: Agreement,
    seconds: f64,
}

/// Read `(text, label)` pairs from a delimited file, skipping empty texts.
pub fn read_labelled(
    path: &std::path::Path,
    text: &str,
    label: &str,
) -> Result<Vec<(String, String)>> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if is_csv { b',' } else { b'\t' })
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::input(path, e.to_string()))?;
    let headers = reader
        .headers()
        .map_err(|e| Error::parse(path, 1, e.to_string()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| {
                Error::parse(
                    path,
                    1,
                    format!(
                        "no column '{name}'; the header has: {}",
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ),
                )
            })
    };
    let (ti, li) = (col(text)?, col(label)?);
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(i as u64 + 2, |p| p.line());
            Error::parse(path, line, e.to_string())
        })?;
        let t = rec.get(ti).unwrap_or("").trim();
        if t.is_empty() {
            continue;
        }
        out.push((t.to_string(), rec.get(li).unwrap_or("").to_string()));
    }
    Ok(out)
}

/// Run `teema eval themes`.
pub fn run(args: EvalThemesArgs, globals: Globals) -> Result<u8> {
    let rows = read_labelled(&args.file, &args.text, &args.label)?;
    if rows.is_empty() {
        return Err(Error::input(
            &args.file,
            format!("no texts in column '{}'", args.text),
        ));
    }
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let start = Instant::now();
    let texts: Vec<(&str, Register)> = rows
        .iter()
        .map(|(t, _)| (t.as_str(), Register::Written))
        .collect();
    let analysed = analyse(&analyzer, &texts);
    let config = DiscoverConfig {
        k: args.themes.0,
        seed: args.seed,
        ..Default::default()
    };
    let plain: Vec<&str> = texts.iter().map(|t| t.0).collect();
    let found = discover_answers(&analysed, &plain, &FeatureConfig::default(), &config, false);
    let seconds = start.elapsed().as_secs_f64();
    let labels: Vec<&str> = rows.iter().map(|(_, l)| l.as_str()).collect();
    let (gold, _) = label_ids(&labels);
    let out = EvalOutput {
        file: args.file.clone(),
        k_requested: args.themes.0,
        seed: args.seed,
        lemmatizer: analyzer.lemmatizer_name(),
        agreement: agreement(&gold, &found.dominant()),
        seconds,
    };
    use std::fmt::Write as _;
    let mut text = String::new();
    if args.json {
        text = serde_json::to_string_pretty(&out)?;
        text.push('\n');
    } else {
        let a = &out.agreement;
        let _ = writeln!(
            text,
            "{}: {} texts, {} gold labels",
            out.file.display(),
            a.texts,
            a.labels
        );
        let _ = writeln!(text, "themes found   {}", a.themes);
        let _ = writeln!(
            text,
            "NMI            {:.3}  (assigned only {:.3})",
            a.nmi, a.nmi_assigned
        );
        let _ = writeln!(text, "ARI            {:.3}", a.ari);
        let _ = writeln!(text, "coverage       {:.1} %", a.coverage * 100.0);
        let _ = writeln!(
            text,
            "seconds        {:.2}  (lemmatiser: {})",
            out.seconds, out.lemmatizer
        );
    }
    // A closed pipe (`| head`) is not an error: main maps it to success.
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .map_err(|e| crate::Error::io("<stdout>", e))?;
    Ok(0)
}
