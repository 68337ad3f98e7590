//! Measurements against gold data: lemma accuracy on CoNLL-U treebanks
//! ([`lemmas`]), theme agreement with gold labels ([`themes`], with the
//! discovery scored by `teema eval themes` in [`discovery`]) and
//! agreement between two codings of the same answers ([`codings`], read
//! from files and compared by [`crate::themes::agreement`], which
//! `analyze --gold` runs in the pipeline), with the reliability
//! coefficients it uses ([`reliability`], the themes stage's).
//!
//! Score one coding against another from Rust (two human coding tables
//! here; teema's codings.csv and REFI-QDA projects are read the same way):
//!
//! ```
//! use teema::eval::codings::{CompareConfig, compare, read_coding};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let table = |name: &str, rows: &str| {
//!     let path = dir.path().join(name);
//!     std::fs::write(&path, format!("respondent,question,theme\n{rows}")).unwrap();
//!     path
//! };
//! let a = table("a.csv", "1,Palaute,ohjaus\n2,Palaute,ruoka\n3,Palaute,ohjaus\n4,Palaute,-\n");
//! let b = table("b.csv", "1,Palaute,ohjaus\n2,Palaute,ruoka\n3,Palaute,ruoka\n4,Palaute,-\n");
//! let none = Default::default();
//! let (a, b) = (read_coding(&a, &none).unwrap(), read_coding(&b, &none).unwrap());
//! let config = CompareConfig { resamples: 0, seed: 1 };
//! let agreement = compare(&a, &b, None, &config).unwrap();
//! assert_eq!(agreement.all.units, 4);
//! let ohjaus = agreement.codes.iter().find(|c| c.code == "ohjaus").unwrap();
//! assert_eq!(ohjaus.all.recall, Some(0.5));
//! assert_eq!(ohjaus.all.precision, Some(1.0));
//! ```

pub mod codings;
pub mod discovery;
pub mod lemmas;
pub mod themes;

pub use crate::themes::reliability;

/// Open a delimited file with a header row: the reader and the header
/// (an unreadable file or header is an error naming the file, and line 1).
fn open_table(
    path: &std::path::Path,
    delimiter: u8,
) -> crate::Result<(csv::Reader<std::fs::File>, csv::StringRecord)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_path(path)
        .map_err(|e| crate::Error::input(path, e.to_string()))?;
    let headers = reader
        .headers()
        .map_err(|e| crate::Error::parse(path, 1, e.to_string()))?
        .clone();
    Ok((reader, headers))
}
