//! `teema themes`: code themes with a codebook or discover them, print a
//! readable summary or, with `--json`, the full [`ThemeResult`].

use super::{Globals, InputArgs};
use clap::Args;
use std::path::Path;
use teema::text::Analyzer;
use teema::themes::{Codebook, Refine, ThemeOptions, ThemeResult};
use teema::{Error, Result};

/// Arguments of `teema themes`.
#[derive(Debug, Args)]
pub struct ThemesArgs {
    /// An index directory, or input files (then the input flags apply).
    #[command(flatten)]
    pub input: Box<InputArgs>,
    /// Code with this codebook (TOML) instead of discovering themes.
    #[arg(long, value_name = "FILE")]
    pub codebook: Option<std::path::PathBuf>,
    /// Apply the refinements of this file to the discovered themes (TOML
    /// tables [[seed]], [[merge]], [[split]], [[drop]], [[move]],
    /// [[rename]]; themes named by id, t3, or label as in themes.json). A
    /// refinement that no longer fits is an error at its line.
    #[arg(long, value_name = "FILE", conflicts_with = "codebook")]
    pub refine: Option<std::path::PathBuf>,
    /// Number of themes to discover, or `auto`.
    #[arg(long, value_name = "N|auto", default_value = "auto", value_parser = parse_k)]
    pub themes: ThemeCount,
    /// Random seed of discovery: the same seed gives the same themes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Cross-tabulate themes by this closed column (repeatable); also
    /// `nps_group`, `question`, `role`.
    #[arg(long, value_name = "COLUMN")]
    pub by: Vec<String>,
    /// Count interviewer turns too (left out by default).
    #[arg(long)]
    pub include_interviewer: bool,
    /// Print the full result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `--themes N|auto`: a number of themes, or `None` for automatic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeCount(pub Option<usize>);

/// Most themes `--themes` asks discovery for (a report of more is not
/// read; discovery's cost grows with the number).
pub const MAX_THEMES: usize = 500;

/// Parse `--themes N|auto`: a number from 1 to [`MAX_THEMES`], or `auto`.
pub fn parse_k(s: &str) -> std::result::Result<ThemeCount, String> {
    if s.trim().eq_ignore_ascii_case("auto") {
        return Ok(ThemeCount(None));
    }
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_THEMES).contains(&n) => Ok(ThemeCount(Some(n))),
        _ => Err(format!(
            "give a number of themes between 1 and {MAX_THEMES}, or 'auto'"
        )),
    }
}

/// True when `path` is a teema index directory.
pub fn is_index_dir(path: &Path) -> bool {
    teema::index::is_index_dir(path)
}

/// Run `teema themes`.
pub fn run(args: ThemesArgs, globals: Globals) -> Result<u8> {
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let codebook = match &args.codebook {
        Some(p) => Some(Codebook::load(p, &analyzer)?),
        None => None,
    };
    let refine = match &args.refine {
        Some(p) => Some(Refine::load(p, &analyzer)?),
        None => None,
    };
    // On an index, also the lemmas and parts it stores (no second
    // lemmatising).
    let (corpus, table) =
        teema::pipeline::themes_input(&args.input.paths, &args.input.read_options(), &analyzer)?;
    let (partial, notice) = match args.input.paths.as_slice() {
        [dir] if is_index_dir(dir) => {
            let partial = teema::index::partial_sources(dir)?;
            let paths: Vec<&std::path::Path> = partial.iter().map(|p| p.as_path()).collect();
            let notice = super::partial_notice(dir, &paths);
            (partial, notice)
        }
        _ => (Vec::new(), None),
    };
    if corpus.unit_count() == 0 {
        return Err(Error::Usage(
            "no answers or utterances to analyse in the inputs (see teema ingest)".into(),
        ));
    }
    let options = ThemeOptions {
        codebook,
        k: args.themes.0,
        seed: args.seed,
        by: args.by.clone(),
        include_interviewer: args.include_interviewer,
        refine,
    };
    let mut result = teema::pipeline::themes(&corpus, &analyzer, table, &options)?;
    result.params.partial_sources = partial;
    if let Some(n) = notice {
        eprintln!("{n}");
    }
    let mut out = std::io::stdout().lock();
    let w = |e: std::io::Error| Error::io("<stdout>", e);
    if args.json {
        serde_json::to_writer_pretty(&mut out, &result)?;
        use std::io::Write;
        writeln!(out).map_err(w)?;
    } else {
        // Labels, words and quotes come from the answers: nothing in them
        // may act on the terminal.
        let mut text = Vec::new();
        print_summary(&mut text, &result).map_err(w)?;
        use std::io::Write;
        out.write_all(super::terminal::clean_lines(&String::from_utf8_lossy(&text)).as_bytes())
            .map_err(w)?;
    }
    // The process ends next: leave the large structures to the OS rather
    // than freeing hundreds of thousands of answers one by one.
    std::mem::forget((corpus, result));
    Ok(0)
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

fn clip(s: &str, n: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= n {
        one
    } else {
        format!("{}…", one.chars().take(n).collect::<String>())
    }
}

/// At most `n` characters of a quote that show where it was coded (`at`:
/// byte offset of its first coded span): from the start when the span fits
/// there, else from a few words before the span (not before its sentence),
/// with "…" where text was left out.
fn excerpt(text: &str, at: Option<usize>, n: usize) -> String {
    let Some(at) = at.filter(|&a| text.is_char_boundary(a) && a > 0) else {
        return clip(text, n);
    };
    let before = &text[..at];
    if before.chars().count() + 20 <= n {
        return clip(text, n);
    }
    // Back up at most five words, and not past the sentence the span is in.
    let sentence = before.rfind(['.', '!', '?', ':', ';']).map_or(0, |i| i + 1);
    let words = before
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .nth(5)
        .map_or(0, |(i, _)| i);
    let from = sentence.max(words);
    let rest = clip(&text[from..], n.saturating_sub(1));
    if from == 0 {
        rest
    } else {
        format!("…{}", rest.trim_start())
    }
}

/// The terminal summary.
pub fn print_summary(out: &mut impl std::io::Write, r: &ThemeResult) -> std::io::Result<()> {
    let o = &r.overview;
    writeln!(
        out,
        "{} respondents/interviews, {} answers analysed ({} method, {})",
        o.respondents,
        o.answers,
        match r.params.method {
            teema::themes::Method::Codebook => "codebook",
            teema::themes::Method::Discovery => "discovery",
        },
        r.params.algorithm
    )?;
    if o.excluded_interviewer_turns > 0 {
        writeln!(
            out,
            "{} interviewer turns left out (--include-interviewer counts them)",
            o.excluded_interviewer_turns
        )?;
    }
    for q in &o.questions {
        writeln!(out, "  {:>5}  {}", q.answers, q.question)?;
    }
    if let Some(n) = &o.nps {
        writeln!(
            out,
            "NPS {:+.0} (promoters {} − detractors {}, passives {}; mean score {:.2}, n = {})",
            n.nps, n.promoters, n.detractors, n.passives, n.mean, n.responses
        )?;
    }
    if let Some(refine) = &r.params.refine {
        writeln!(out, "refined by {}:", refine.path.display())?;
        for a in &refine.applied {
            writeln!(out, "  {a}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{} themes:", r.themes.len())?;
    let spans = r.quoted_spans();
    for t in &r.themes {
        let indent = if t.parent.is_some() { "    " } else { "" };
        writeln!(
            out,
            "{indent}{} {}  {} answers ({}), {} respondents ({})",
            t.id,
            if t.label != t.id {
                format!("[{}]", t.label)
            } else {
                String::new()
            },
            t.answers,
            pct(t.answer_share),
            t.respondents,
            pct(t.respondent_share)
        )?;
        let words: Vec<&str> = t
            .distinguishing
            .iter()
            .take(8)
            .map(|w| w.term.as_str())
            .collect();
        if !words.is_empty() {
            writeln!(out, "{indent}  words: {}", words.join(", "))?;
        }
        for q in t.quotes.iter().take(2) {
            let at = q
                .ordinal
                .and_then(|o| spans.get(&(o, t.id.as_str())))
                .and_then(|s| {
                    s.iter()
                        .filter(|&&(a, b, coded)| q.text.get(a..b) == Some(coded))
                        .map(|&(a, _, _)| a)
                        .min()
                });
            writeln!(
                out,
                "{indent}  “{}” ({} {}, line {})",
                excerpt(&q.text, at, 90),
                q.source
                    .file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default(),
                q.document,
                q.line
            )?;
        }
    }
    writeln!(
        out,
        "unassigned: {} answers ({})",
        r.unassigned.answers,
        pct(r.unassigned.share)
    )?;
    for ct in &r.crosstabs {
        writeln!(out)?;
        writeln!(
            out,
            "themes by {} (share of {} per column; +/- |residual| > 1.96, ++/-- > 2.58):",
            ct.column, ct.counted
        )?;
        write!(out, "  {:<24}", "")?;
        for (c, n) in ct.categories.iter().zip(&ct.totals) {
            write!(out, " {:>14}", clip(&format!("{c} ({n})"), 14))?;
        }
        writeln!(out, "  p")?;
        for row in &ct.rows {
            write!(out, "  {:<24}", clip(&row.theme, 24))?;
            for (s, res) in row.column_shares.iter().zip(&row.residuals) {
                let mark = if res.abs() > 2.58 {
                    if *res > 0.0 { "++" } else { "--" }
                } else if res.abs() > 1.96 {
                    if *res > 0.0 { "+ " } else { "- " }
                } else {
                    "  "
                };
                write!(out, " {:>12}{mark}", pct(*s))?;
            }
            writeln!(out, "  {:.3}", row.p_value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_shows_where_the_quote_was_coded() {
        let text = "Kävin ensimmäisen kerran viime syksynä, ja olen käynyt siitä asti joka viikko. \
                    Ruoka on hyvää. Viikonloppuisin voisi olla auki.";
        let at = text.find("Viikonloppuisin");
        // A span past what fits starts the excerpt at its sentence.
        assert_eq!(excerpt(text, at, 90), "…Viikonloppuisin voisi olla auki.");
        // Inside a sentence: a few words before the span, from a word start.
        let at = text.find("auki");
        assert_eq!(excerpt(text, at, 90), "…Viikonloppuisin voisi olla auki.");
        let long = format!("{} Ja lisäksi kaikki muu on ollut kunnossa, kiitos.", text);
        let at = long.find("olla auki");
        assert_eq!(
            excerpt(&long, at, 40),
            "…Viikonloppuisin voisi olla auki. Ja lis…"
        );
        // A span near the start, or none: the start of the answer.
        assert_eq!(
            excerpt(text, Some(6), 30),
            "Kävin ensimmäisen kerran viime…"
        );
        assert_eq!(excerpt(text, None, 20), "Kävin ensimmäisen ke…");
        assert_eq!(excerpt("Lyhyt vastaus.", Some(6), 90), "Lyhyt vastaus.");
    }
}
