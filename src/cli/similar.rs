//! `teema similar WORD… INDEX_DIR|PATH…`: the words of an index or of input
//! files nearest in meaning to the researcher's words (teema's Finnish word
//! vectors, [`teema::meaning`]), with their frequencies: what
//! `search --expand` and `~word` in a codebook add, with the same defaults.
//! `--json` prints one JSON array: per word `word`, `lemma`, `count`,
//! `units` and `similar` (each `word`, `similarity`, `count`, `units`).

use super::themes::is_index_dir;
use super::{Globals, InputArgs};
use clap::Args;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use teema::index::{IndexHandle, analyzer_for};
use teema::meaning::{Similar, Vocabulary, WordVectors, count_words};
use teema::text::Analyzer;
use teema::{Error, Result};

/// Arguments of `teema similar`.
#[derive(Debug, Args)]
#[command(
    override_usage = "teema similar [OPTIONS] WORD... INDEX_DIR|PATH...",
    after_help = "Examples:\n  \
    teema similar vertaistuki index/             the index's words nearest to vertaistuki\n  \
    teema similar kahvi ruoka kysely.csv         words of a survey near kahvi, and near ruoka\n  \
    teema similar --neighbours 30 --min-similarity 0.4 jonotus index/"
)]
pub struct SimilarArgs {
    /// The words, then an index directory or input files (the input flags
    /// apply to files).
    #[command(flatten)]
    pub input: Box<InputArgs>,
    /// At most this many words per word.
    #[arg(long, value_name = "N", default_value_t = teema::meaning::NEIGHBOURS,
          value_parser = super::between(1usize, 1000))]
    pub neighbours: usize,
    /// The cosine similarity (0–1) a word needs to be listed.
    #[arg(long, value_name = "X", default_value_t = teema::meaning::MIN_SIMILARITY,
          value_parser = parse_similarity)]
    pub min_similarity: f32,
    /// One JSON array.
    #[arg(long)]
    pub json: bool,
}

/// `--min-similarity`: a number from -1 to 1.
pub(super) fn parse_similarity(s: &str) -> std::result::Result<f32, String> {
    match s.replace(',', ".").parse::<f32>() {
        Ok(x) if (-1.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "'{s}' is not a similarity: give a number from 0 to 1, e.g. 0.6"
        )),
    }
}

/// The neighbours of one word. Field names are the `--json` output.
#[derive(Debug, Serialize)]
struct WordNeighbours {
    word: String,
    lemma: String,
    count: u64,
    units: u64,
    similar: Vec<Similar>,
}

/// Run `teema similar`.
pub fn run(args: SimilarArgs, globals: Globals) -> Result<u8> {
    let items = &args.input.paths;
    let words: Vec<String> = match items.iter().position(|p| p.exists()) {
        Some(0) => {
            return Err(Error::Usage(format!(
                "teema similar: '{}' is a file or directory; give the words first, then \
                 the index directory or input files",
                items[0].display()
            )));
        }
        Some(i) => items[..i]
            .iter()
            .map(|w| w.to_string_lossy().into_owned())
            .collect(),
        None => {
            return Err(Error::Usage(format!(
                "teema similar: no such index directory or input file: {}; give the \
                 words, then an index directory or input files",
                items
                    .last()
                    .map_or_else(String::new, |p| p.display().to_string())
            )));
        }
    };
    let paths: Vec<PathBuf> = items[words.len()..].to_vec();
    let vectors = WordVectors::embedded();
    let mut code = 0;
    let (analyzer, counts): (std::sync::Arc<Analyzer>, _) = match paths.as_slice() {
        [dir] if is_index_dir(dir) => {
            let analyzer = analyzer_for(dir, globals.analyzer_config())?;
            let handle = IndexHandle::open(dir, analyzer.clone())?;
            if let Some(w) = super::lemmatizer_warning(&handle) {
                eprintln!("{w}");
            }
            (analyzer, teema::index::stats::lemma_frequencies(&handle)?)
        }
        _ => {
            let analyzer = teema::index::shared_analyzer(globals.analyzer_config())?;
            let corpus = teema::corpus::read_paths(&paths, &args.input.read_options())?;
            super::print_issues(&corpus);
            if corpus.accounting.rejected > 0 {
                code = 1;
            }
            let texts: Vec<(&str, teema::text::Register)> = corpus
                .documents
                .iter()
                .flat_map(|d| d.units.iter())
                .filter(|u| !u.text.trim().is_empty())
                .map(|u| (&*u.text, u.register()))
                .collect();
            (analyzer.clone(), count_words(&analyzer, &texts))
        }
    };
    let vocabulary = Vocabulary::new(vectors, counts.iter().cloned());
    let mut session = analyzer.session();
    let found: Vec<WordNeighbours> = words
        .iter()
        .map(|word| {
            let toks = session.tokens(word, teema::text::Register::Written);
            let lemma = match toks.as_slice() {
                [one] => one.lemma.clone(),
                _ => word.to_lowercase(),
            };
            let own = counts.iter().find(|c| c.word == lemma);
            WordNeighbours {
                word: word.clone(),
                count: own.map_or(0, |c| c.count),
                units: own.map_or(0, |c| c.units),
                similar: vocabulary.similar(vectors, &lemma, args.neighbours, args.min_similarity),
                lemma,
            }
        })
        .collect();
    let mut o = String::new();
    if args.json {
        o = serde_json::to_string_pretty(&found)?;
        o.push('\n');
    } else {
        for (i, w) in found.iter().enumerate() {
            if i > 0 {
                o.push('\n');
            }
            let lemma = if w.lemma == w.word {
                String::new()
            } else {
                format!(" ({})", w.lemma)
            };
            if w.count == 0 {
                let _ = writeln!(o, "{}{lemma}: not in the data; nearest in meaning:", w.word);
            } else {
                let _ = writeln!(
                    o,
                    "{}{lemma}: {} times in {} answers or utterances; nearest in meaning:",
                    w.word, w.count, w.units
                );
            }
            if w.similar.is_empty() {
                let _ = writeln!(
                    o,
                    "  no word of the data has similarity {} or more",
                    args.min_similarity
                );
            }
            for s in &w.similar {
                let _ = writeln!(
                    o,
                    "  {:.2}  {:<28} {:>6} (in {})",
                    s.similarity, s.word, s.count, s.units
                );
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(o.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(code)
}
