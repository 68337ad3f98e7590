//! teema: qualitative analysis of Finnish open answers and interview
//! transcripts.
//!
//! Data flows one way through the modules:
//! [`corpus`] (read inputs) → [`text`] (tokens, lemmas, compound parts) →
//! [`index`] (tantivy) and [`themes`] (codebook coding, discovery,
//! cross-tabs) → [`report`] (HTML, Markdown, JSON, CSV, REFI-QDA).
//!
//! ```
//! use teema::text::{Analyzer, AnalyzerConfig, Register};
//!
//! let analyzer = Analyzer::new(AnalyzerConfig::default()).unwrap();
//! let mut session = analyzer.session();
//! let tokens = session.tokens("Vertaistuki on ollut tärkeää.", Register::Written);
//! assert_eq!(&tokens[0].surface, "Vertaistuki");
//! ```
#![deny(missing_docs)]

pub mod cli;
pub mod corpus;
mod error;
pub mod escape;
pub mod eval;
pub mod index;
pub mod meaning;
pub mod memory;
pub mod output;
pub mod pipeline;
pub mod privacy;
pub mod report;
pub mod text;
pub mod themes;

pub use error::{Error, Result};
