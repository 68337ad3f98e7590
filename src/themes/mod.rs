//! Themes: deductive coding with a researcher's codebook and inductive
//! discovery, with labels, representative quotes, prevalence, co-occurrence
//! and cross-tabs against closed answers.
//!
//! The entry point is [`run`]: a [`Corpus`](crate::corpus::Corpus), the
//! shared [`Analyzer`](crate::text::Analyzer) and [`ThemeOptions`] in, a
//! [`ThemeResult`] out (serde, stable schema: see [`result`]).

pub mod discover;
pub mod features;
mod result;

pub use result::*;
