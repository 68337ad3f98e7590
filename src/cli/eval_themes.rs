//! `teema eval themes`: group the texts of a TSV/CSV file with theme
//! discovery and score the groups against a gold label column (NMI, ARI,
//! coverage, mean best F1 per gold theme), with the time taken. The gold
//! may give a text several themes (`--label-sep`) or none (`--no-theme`);
//! how each measure treats them is in [`teema::eval::themes`]; the
//! discovery and the tables are [`teema::eval::discovery`]'s.

use super::Globals;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;
use teema::eval::discovery::{
    DiscoveryEval, LabelRow, Share, ThemeRow, read_labelled, score_discovery,
};
use teema::eval::themes::{Agreement, BestF1};
use teema::text::Analyzer;
use teema::{Error, Result};

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
    /// A label field may hold several labels split by this (e.g. `|`).
    #[arg(long, value_name = "SEP")]
    pub label_sep: Option<String>,
    /// Labels that mean "no theme" (an empty label always does): such texts
    /// belong to no gold theme and count against the precision of a theme
    /// they are put in.
    #[arg(
        long,
        value_name = "LABEL,...",
        value_delimiter = ',',
        default_value = "-,none"
    )]
    pub no_theme: Vec<String>,
    /// Discover by sentence, as `teema analyze` does (an answer gets the
    /// themes of its sentences). The default when the gold gives a text
    /// several themes (`--label-sep`): such answers carry several themes.
    #[arg(long, conflicts_with = "whole")]
    pub by_sentence: bool,
    /// Discover with each text as one unit with one theme. The default
    /// when the gold gives every text at most one theme.
    #[arg(long)]
    pub whole: bool,
    /// Number of themes, or `auto`.
    #[arg(long, value_name = "N|auto", default_value = "auto", value_parser = super::themes::parse_k)]
    pub themes: super::themes::ThemeCount,
    /// Random seed of discovery.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also show how the gold labels and the themes meet: the themes each
    /// label's texts went to, and each theme's words and commonest label.
    #[arg(long)]
    pub table: bool,
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
    by_sentence: bool,
    #[serde(flatten)]
    agreement: Agreement,
    #[serde(flatten)]
    best_f1: BestF1,
    seconds: f64,
    /// With `--table`: per gold label, the themes its texts went to.
    #[serde(skip_serializing_if = "Option::is_none")]
    by_label: Option<Vec<LabelRow>>,
    /// With `--table`: per theme, its words and the labels of its texts.
    #[serde(skip_serializing_if = "Option::is_none")]
    by_theme: Option<Vec<ThemeRow>>,
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
    let config = DiscoveryEval {
        k: args.themes.0,
        seed: args.seed,
        by_sentence: match (args.by_sentence, args.whole) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        label_sep: args.label_sep.clone(),
        no_theme: args.no_theme.clone(),
        tables: args.table,
    };
    let scores = score_discovery(&analyzer, &rows, &config);
    let out = EvalOutput {
        file: args.file.clone(),
        k_requested: args.themes.0,
        seed: args.seed,
        lemmatizer: analyzer.lemmatizer_name(),
        by_sentence: scores.by_sentence,
        agreement: scores.agreement,
        best_f1: scores.best_f1,
        seconds: scores.seconds,
        by_label: scores.by_label,
        by_theme: scores.by_theme,
    };
    use std::fmt::Write as _;
    let mut text = String::new();
    if args.json {
        text = serde_json::to_string_pretty(&out)?;
        text.push('\n');
    } else {
        let (a, f) = (&out.agreement, &out.best_f1);
        let _ = writeln!(
            text,
            "{}: {} texts, {} gold themes ({} texts with none, {} with several)",
            out.file.display(),
            a.texts,
            f.gold_themes,
            f.no_theme_texts,
            f.multi_theme_texts
        );
        let _ = writeln!(
            text,
            "themes found   {}{}",
            a.themes,
            match (out.by_sentence, args.by_sentence || args.whole) {
                (true, true) => "  (by sentence)",
                (true, false) =>
                    "  (by sentence, as the gold gives texts several themes; --whole: each text one unit)",
                (false, true) => "",
                (false, false) =>
                    "  (each text one unit, as the gold gives each at most one theme; --by-sentence: by sentence)",
            }
        );
        let _ = writeln!(text, "mean best F1   {:.3}", f.mean_best_f1);
        let _ = writeln!(
            text,
            "NMI            {:.3}  (assigned only {:.3}; {} texts with at most one label)",
            a.nmi, a.nmi_assigned, a.nmi_texts
        );
        let _ = writeln!(text, "ARI            {:.3}", a.ari);
        let _ = writeln!(text, "coverage       {:.1} %", a.coverage * 100.0);
        let _ = writeln!(
            text,
            "seconds        {:.2}  (lemmatiser: {})",
            out.seconds, out.lemmatizer
        );
        write_best_f1(&mut text, f);
        if let (Some(by_label), Some(by_theme)) = (&out.by_label, &out.by_theme) {
            write_tables(&mut text, by_label, by_theme);
        }
    }
    // A closed pipe (`| head`) is not an error: main maps it to success.
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .map_err(|e| teema::Error::io("<stdout>", e))?;
    Ok(0)
}

/// Per gold theme: its best matching theme and F1.
fn write_best_f1(text: &mut String, f: &BestF1) {
    use std::fmt::Write as _;
    let _ = writeln!(
        text,
        "\nper gold theme (texts): F1, precision, recall of its best theme"
    );
    for t in &f.per_theme {
        let theme = t.theme.map_or("none".to_string(), |n| {
            format!("t{n} ({} texts)", t.theme_texts)
        });
        let _ = writeln!(
            text,
            "  {:<30} {:>6}  F1 {:.3}  P {:.3}  R {:.3}  {theme}",
            short(&t.label, 30),
            t.texts,
            t.f1,
            t.precision,
            t.recall
        );
    }
}

/// `s` cut to `n` characters, with an ellipsis when it was longer.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// The three biggest shares of a row, named by `name` (after the first,
/// those that round to 0 % left out).
fn shares<T>(cells: &[Share<T>], name: impl Fn(&T) -> String) -> String {
    cells
        .iter()
        .take(3)
        .enumerate()
        .filter(|(n, c)| *n == 0 || c.share >= 0.005)
        .map(|(_, c)| format!("{} {:.0} %", name(&c.of), c.share * 100.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `--table` rows as text.
fn write_tables(text: &mut String, by_label: &[LabelRow], by_theme: &[ThemeRow]) {
    use std::fmt::Write as _;
    let _ = writeln!(
        text,
        "\nby gold label (texts): the themes its texts went to"
    );
    for row in by_label {
        let cells = shares(&row.themes, |t| {
            t.map_or("unassigned".into(), |t| format!("t{t}"))
        });
        let name = if row.label.is_empty() {
            "(empty)"
        } else {
            &row.label
        };
        let _ = writeln!(text, "  {:<40} {:>6}  {cells}", short(name, 40), row.texts);
    }
    let _ = writeln!(
        text,
        "\nby theme (texts): its words, and the gold labels of its texts"
    );
    for row in by_theme {
        let cells = shares(&row.labels, |l| short(l, 30));
        let _ = writeln!(
            text,
            "  t{:<4} {:>6}  {:<36} {cells}",
            row.theme,
            row.texts,
            short(&row.words, 36)
        );
    }
}
