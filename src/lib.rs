//! teema: qualitative analysis of Finnish open answers and interview
//! transcripts.
//!
//! Data flows one way through the modules:
//! [`corpus`] (read inputs) → [`text`] (tokens, lemmas, compound parts) →
//! [`index`] (tantivy) and [`themes`] (codebook coding, discovery,
//! cross-tabs) → [`report`] (HTML, Markdown, JSON, CSV, REFI-QDA), with
//! [`pipeline`] running them in order and writing the run record.
//!
//! ```
//! use teema::text::{Analyzer, AnalyzerConfig, Register};
//!
//! let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
//! let mut session = analyzer.session();
//! let tokens = session.tokens("Vertaistuki on ollut tärkeää.", Register::Written);
//! assert_eq!(&tokens[0].surface, "Vertaistuki");
//! ```
//!
//! The stages used from Rust, without the command line (which lives in the
//! `teema` binary): read a survey, discover its themes and write the
//! reports.
//!
//! ```
//! use std::path::PathBuf;
//! use teema::corpus::{ReadOptions, read_paths};
//! use teema::text::{Analyzer, AnalyzerConfig};
//! use teema::themes::{ThemeOptions, run};
//!
//! let survey = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/palautekysely.csv"));
//! let corpus = read_paths(&[survey], &ReadOptions::default()).unwrap();
//! assert_eq!(corpus.unit_count(), 524);
//! let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
//! let result = run(&corpus, &analyzer, &ThemeOptions::default()).unwrap();
//! assert!(!result.themes.is_empty());
//! let out = std::env::temp_dir().join(format!("teema-doc-{}", std::process::id()));
//! let written = teema::report::write_all(&out, &result, &corpus).unwrap();
//! assert!(written.iter().any(|f| f.file == "themes.json"));
//! # std::fs::remove_dir_all(&out).unwrap();
//! ```
#![deny(missing_docs)]

pub mod corpus;
mod error;
pub mod escape;
pub mod eval;
pub mod events;
pub mod index;
pub mod meaning;
pub mod memory;
pub mod output;
pub mod pipeline;
pub mod privacy;
pub mod report;
pub mod text;
pub mod themes;

pub use error::{ColumnOption, Error, OptionError, QueryError, Remedy, Result};
