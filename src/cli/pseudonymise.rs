//! `teema pseudonymise INPUT... --out DIR`: pseudonymised copies of the
//! inputs in their own formats, for archiving research data. Files keep
//! their names (and, under a directory given as input, their subfolders),
//! pseudonymised like their contents (`asiakas 010190-123A.csv` is copied
//! to `asiakas [HETU 1].csv`); the same person gets the same code in every
//! file and file name. Prints what it wrote
//! and the counts per kind; writes the key only with `--key-out`.

use super::privacy_args::{KindList, build_options, check_key_out, parse_kinds, write_key};
use super::{Globals, InputArgs};
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use teema::corpus::read_paths;
use teema::privacy::copy::Copier;
use teema::text::Analyzer;
use teema::{Error, Result};

/// Arguments of `teema pseudonymise`.
#[derive(Debug, Args)]
#[command(after_help = "\
Each input is copied into DIR in its own format: CSV/TSV, text transcripts, WebVTT and SRT
byte for byte except the replaced spans, in their own encoding; JSON Lines with every string
pseudonymised; XLSX and DOCX as the same workbook or document with the text of cells,
paragraphs, headers, footers, notes, comments and properties pseudonymised (formatting and
formulas kept). Numbers stored as numbers in XLSX cells are not looked at.

The same person or number gets the same code ([HENKILÖ 1], [HETU 2], [PUHELIN 3],
[SÄHKÖPOSTI 1], [IBAN 1], [OSOITE 1]) in every file of the run. The key from codes back to
the originals is written only with --key-out, and never inside DIR.")]
pub struct PseudonymiseArgs {
    /// Inputs and how to read them.
    #[command(flatten)]
    pub input: Box<InputArgs>,
    /// Directory for the copies (created if missing; must not be an input
    /// directory or inside one).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also pseudonymise the people listed in FILE (UTF-8, one person a
    /// line), in any inflected form.
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,
    /// Write the key from codes back to the originals to FILE (outside DIR).
    #[arg(long, value_name = "FILE")]
    pub key_out: Option<PathBuf>,
    /// What to pseudonymise, comma-separated: hetu, phone, email, iban,
    /// address, names, or all (default: hetu,phone,email,iban, plus names
    /// with --names).
    #[arg(long, alias = "pseudonymise-kinds", value_name = "LIST", value_parser = parse_kinds)]
    pub kinds: Option<KindList>,
    /// Replace files that already exist in DIR.
    #[arg(long)]
    pub force: bool,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// One file copied.
#[derive(Debug, Serialize)]
struct FileCopy {
    input: String,
    output: String,
    format: String,
    replaced: u64,
}

/// The `--json` summary.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    files: Vec<FileCopy>,
    privacy: &'a teema::privacy::PrivacySummary,
    key_written: bool,
}

/// Run `teema pseudonymise`.
pub fn run(args: PseudonymiseArgs, globals: Globals) -> Result<u8> {
    let options = build_options(args.names.as_deref(), args.kinds.as_ref(), "--kinds")?;
    check_key_out(args.key_out.as_deref(), &args.out)?;
    for p in &args.input.paths {
        if p.is_dir() && absolute(&args.out).starts_with(absolute(p)) {
            return Err(Error::Usage(format!(
                "--out {} is inside the input directory {}: the copies would be read as inputs next time; choose a directory outside it",
                args.out.display(),
                p.display()
            )));
        }
    }
    let corpus = read_paths(&args.input.paths, &args.input.read_options())?;
    let analyzer = Analyzer::new(globals.analyzer_config())?;
    let mut copier = Copier::new(&options, &analyzer).with_delimiter(args.input.delimiter);
    let plan = plan_outputs(
        &args.input.paths,
        corpus.sources.iter().map(|s| s.path.as_path()),
        &args.out,
        &mut |name| copier.text(name, &mut Vec::new()),
    )?;
    if !args.force
        && let Some((_, out)) = plan.iter().find(|(_, out)| out.exists())
    {
        return Err(Error::Usage(format!(
            "{} exists; give --force to replace it, or another --out",
            out.display()
        )));
    }
    let mut files = Vec::new();
    for (input, output) in &plan {
        let copied = copier.copy_file(input, output)?;
        files.push(FileCopy {
            input: input.display().to_string(),
            output: output.display().to_string(),
            format: copied.format,
            replaced: copied.replaced,
        });
    }
    let report = copier.finish();
    let key_line = write_key(&report, args.key_out.as_deref())?;
    super::print_issues(&corpus);
    let out = if args.json {
        let s = Summary {
            files,
            privacy: &report.summary,
            key_written: args.key_out.is_some(),
        };
        let mut s = serde_json::to_string_pretty(&s)?;
        s.push('\n');
        s
    } else {
        render(&files, &args.out, &report.summary, &key_line)
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(if corpus.accounting.rejected > 0 { 1 } else { 0 })
}

fn render(
    files: &[FileCopy],
    out: &Path,
    summary: &teema::privacy::PrivacySummary,
    key: &str,
) -> String {
    let mut o = format!(
        "wrote {} pseudonymised {} to {}\n",
        files.len(),
        if files.len() == 1 { "copy" } else { "copies" },
        out.display()
    );
    for f in files {
        o.push_str(&format!(
            "  {} -> {}  ({}): {} replaced\n",
            f.input, f.output, f.format, f.replaced
        ));
    }
    o.push_str(&format!("{summary}\n{key}\n"));
    o
}

/// The path as absolute, resolved where it exists.
fn absolute(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}

/// Where each source goes: a file given by name to `out/<name>`, a file
/// found under a directory given as input to `out/<path under it>`. Two
/// sources with the same output are an error.
fn plan_outputs<'a>(
    inputs: &[PathBuf],
    sources: impl Iterator<Item = &'a Path>,
    out: &Path,
    pseudonymise: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut plan = Vec::new();
    let mut seen: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for src in sources {
        let rel = inputs
            .iter()
            .filter(|i| i.is_dir())
            .find_map(|dir| src.strip_prefix(dir).ok())
            .map(Path::to_path_buf)
            .or_else(|| src.file_name().map(PathBuf::from))
            .ok_or_else(|| Error::input(src, "has no file name"))?;
        // The copy's name (and subfolders) hold no identifier either.
        let rel = match rel.to_str().and_then(&mut *pseudonymise) {
            Some(name) => PathBuf::from(name),
            None => rel,
        };
        let dest = out.join(rel);
        if let Some(other) = seen.insert(dest.clone(), src.to_path_buf()) {
            return Err(Error::Usage(format!(
                "{} and {} would both be copied to {}; give them in separate runs or rename one",
                other.display(),
                src.display(),
                dest.display()
            )));
        }
        if absolute(&dest) == absolute(src) {
            return Err(Error::Usage(format!(
                "{} would overwrite itself; choose another --out",
                src.display()
            )));
        }
        plan.push((src.to_path_buf(), dest));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_keep_names_and_subfolders_and_refuse_clashes() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("haastattelut")).unwrap();
        let a = data.join("haastattelut/h1.txt");
        let b = dir.path().join("kysely.csv");
        let out = dir.path().join("out");
        let plan = plan_outputs(
            &[data.clone(), b.clone()],
            [a.as_path(), b.as_path()].into_iter(),
            &out,
            &mut |_| None,
        )
        .unwrap();
        assert_eq!(plan[0].1, out.join("haastattelut/h1.txt"));
        assert_eq!(plan[1].1, out.join("kysely.csv"));
        let c = data.join("kysely.csv");
        let e = plan_outputs(
            &[c.clone(), b.clone()],
            [c.as_path(), b.as_path()].into_iter(),
            &out,
            &mut |_| None,
        )
        .unwrap_err();
        assert!(e.to_string().contains("would both be copied"), "{e}");
        let d = dir.path().join("asiakas 010190-123A.csv");
        let plan = plan_outputs(
            std::slice::from_ref(&d),
            [d.as_path()].into_iter(),
            &out,
            &mut |name| Some(name.replace("010190-123A", "[HETU 1]")),
        )
        .unwrap();
        assert_eq!(plan[0].1, out.join("asiakas [HETU 1].csv"));
    }
}
