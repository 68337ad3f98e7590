//! The library's error type. Every variant that concerns an input names the
//! file, and the line where there is one, so a user can go and look.

use std::path::PathBuf;

/// Errors returned by teema's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system said (part of the message, not a
        /// separate cause, so it is printed once).
        error: std::io::Error,
    },
    /// A file is malformed at a given line (1-based; 0 when the line is unknown).
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line (or row) number.
        line: u64,
        /// What is wrong and, where possible, what to do.
        message: String,
    },
    /// A file cannot be used as a whole (wrong format, unsupported kind, empty).
    #[error("{}: {message}", path.display())]
    Input {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// Command-line arguments that do not fit together.
    #[error("{0}")]
    Usage(String),
    /// An index directory that is missing, not teema's, or of another schema version.
    #[error("index {}: {message}", path.display())]
    Index {
        /// The index directory.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// teema would replace or delete something it did not write (or read
    /// its own output as data): refused, with what to do.
    #[error("{}: {message}", path.display())]
    Refused {
        /// The file or directory concerned.
        path: PathBuf,
        /// Why, and what to do.
        message: String,
    },
    /// An index whose files are damaged (truncated, edited, half copied).
    #[error("index {} is damaged: {message}; rebuild it with teema index --rebuild", path.display())]
    Damaged {
        /// The index directory.
        path: PathBuf,
        /// What reading it ran into.
        message: String,
    },
    /// An error from tantivy.
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// An error from serde_json.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error: source,
        }
    }

    /// A parse error at `path:line`.
    pub fn parse(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    /// A whole-file input error.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    /// True when this error is a closed pipe on output (`teema search … | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { error, .. } if error.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
