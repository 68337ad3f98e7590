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
    /// Options that do not fit the data or each other (a column that is
    /// not there, refinements beside a codebook, …).
    #[error(transparent)]
    Options(#[from] OptionError),
    /// A search query or filter that cannot be read.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// More of something than teema's formats can number.
    #[error("more than 4 billion {what}")]
    TooMany {
        /// What there is too much of ("codings or answers").
        what: &'static str,
    },
    /// A front end's arguments that do not fit together (the command line's
    /// usage errors; the library itself returns the typed variants).
    #[error("{0}")]
    Usage(String),
    /// An index directory that is missing, not teema's, or of another schema version.
    #[error("index {}: {message}{}", path.display(), remedy.map(Remedy::advice).unwrap_or_default())]
    Index {
        /// The index directory.
        path: PathBuf,
        /// What is wrong.
        message: String,
        /// What to do about it, when the index must be built (again).
        remedy: Option<Remedy>,
    },
    /// teema would replace or delete something it did not write (or read
    /// its own output as data): refused, with what to do.
    #[error("{}: {message}{}", path.display(), remedy.map(Remedy::advice).unwrap_or_default())]
    Refused {
        /// The file or directory concerned.
        path: PathBuf,
        /// Why, and what to do.
        message: String,
        /// What else to do, where a front end words it with its options.
        remedy: Option<Remedy>,
    },
    /// An index whose files are damaged (truncated, edited, half copied).
    #[error("index {} is damaged: {message}{}", path.display(), Remedy::RebuildIndex.advice())]
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

/// Options that do not fit the data or each other. Each variant carries
/// the values concerned, so a front end can word it with its own names for
/// the options (the command line names its flags).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// A column named in the read options is not a column of the inputs
    /// (`file`: of that file; `None`: of any input table).
    #[error("{}{option} '{name}' is not a column {}; columns are: {}",
        file.as_ref().map(|f| format!("{}: ", f.display())).unwrap_or_default(),
        if file.is_some() { "here" } else { "of any input table" },
        columns.join(", "))]
    UnknownColumn {
        /// Which option named it.
        option: ColumnOption,
        /// The name given.
        name: String,
        /// The file whose columns were searched, or `None` for all tables.
        file: Option<PathBuf>,
        /// The columns there are.
        columns: Vec<String>,
    },
    /// A long utterance table (a document column) without a text column.
    #[error(
        "a long utterance table (a document column) needs a text column naming the utterance text"
    )]
    UtteranceTextMissing,
    /// No file of a supported type among the inputs.
    #[error("no supported files found in {}; teema reads {}{}", paths_list(paths), supported.join(", "),
        skipped.iter().map(|s| format!("\n  {s}")).collect::<String>())]
    NoInputFiles {
        /// The inputs given.
        paths: Vec<PathBuf>,
        /// The extensions teema reads.
        supported: &'static [&'static str],
        /// What was skipped on the way (teema's own output folders, a
        /// second name of a file), so the reason is not lost.
        skipped: Vec<String>,
    },
    /// The inputs hold no answer or utterance to analyse.
    #[error("no answers or utterances to analyse in {} ({accounting}){}", paths_list(inputs),
        issues.iter().map(|i| format!("\n  {i}")).collect::<String>())]
    NothingToAnalyse {
        /// The inputs given.
        inputs: Vec<PathBuf>,
        /// The record accounting of the read, as text.
        accounting: String,
        /// The first few issues of the read.
        issues: Vec<String>,
    },
    /// Refinements of discovered themes given with a codebook.
    #[error("the refinements in {} refine discovered themes; with a codebook, edit the codebook instead", refine.display())]
    RefineWithCodebook {
        /// The refine file.
        refine: PathBuf,
    },
    /// A cross-tab by a column the answers have no value of.
    #[error("cross-tab by {column}: the answers have no {column}")]
    NoCategories {
        /// The column asked for (question, role, …).
        column: String,
    },
    /// A cross-tab by NPS group of a corpus without an NPS column.
    #[error("cross-tab by nps_group: the corpus has no NPS column")]
    NoNpsColumn,
    /// A cross-tab by a column that is not a closed column of the corpus.
    #[error("cross-tab by '{column}': no such closed column; the corpus has: {}, and nps_group, question, role", columns.join(" | "))]
    NoClosedColumn {
        /// The column asked for.
        column: String,
        /// The closed columns there are.
        columns: Vec<String>,
    },
    /// Keyword in context of something that is not one word.
    #[error("keyword in context takes one word; '{term}' is {words} words")]
    NotOneWord {
        /// The term given.
        term: String,
        /// How many words it has (0 or more than 1).
        words: usize,
    },
    /// Keyword in context of a query (a prefix `palv*`, a fuzzy word
    /// `palvelu~`, a field `source:x`): it takes a word and finds its every
    /// form; the query language is search's.
    #[error("keyword in context takes one word, not a query ('{term}' has '{syntax}')")]
    QueryNotWord {
        /// The term given.
        term: String,
        /// The query character in it.
        syntax: char,
    },
    /// An index writer memory budget too small for its threads.
    #[error("the writer memory budget must be at least {} MB for {threads} threads", min_bytes >> 20)]
    MemoryBudget {
        /// The smallest budget for these threads, in bytes.
        min_bytes: usize,
        /// The writer threads.
        threads: usize,
    },
}

/// What the user can do about an error ([`Error::Index`], [`Error::Damaged`],
/// [`Error::Refused`]): the library says it in general terms, a front end
/// with its own commands and options ([`Remedy::advice`] gives the
/// library's words, with the separator that joins them to the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// There is no index here yet: build one from the inputs.
    CreateIndex,
    /// Build the index again from all its inputs.
    RebuildIndex,
    /// Build the index again from all its inputs, or analyse with the
    /// lemmatiser it was built with.
    RebuildIndexOrMatchLemmatiser,
    /// Give a new or empty directory for the analysis.
    NewOutputDir,
    /// (After "move it away":) or write the analysis to another directory.
    OtherOutputDir,
}

impl Remedy {
    /// The advice in the library's words, with its leading separator.
    pub fn advice(self) -> &'static str {
        match self {
            Remedy::CreateIndex => "; build it from the inputs first",
            Remedy::RebuildIndex => "; rebuild it from all its inputs",
            Remedy::RebuildIndexOrMatchLemmatiser => {
                "; rebuild it from all its inputs, or use the lemmatiser it was built with"
            }
            Remedy::NewOutputDir => "; give a new or empty directory for the analysis",
            Remedy::OtherOutputDir => " or write the analysis to another directory",
        }
    }
}

/// Which read option named a column ([`OptionError::UnknownColumn`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnOption {
    /// The respondent id column.
    Id,
    /// An open-text column.
    Text,
    /// A closed (metadata) column.
    Meta,
    /// The NPS column.
    Nps,
    /// The question column of a survey with one row per answer.
    Question,
    /// The document column of a long utterance table.
    Document,
    /// The speaker column of a long utterance table.
    Speaker,
    /// The time column of a long utterance table.
    Time,
}

impl std::fmt::Display for ColumnOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ColumnOption::Id => "id column",
            ColumnOption::Text => "text column",
            ColumnOption::Meta => "meta column",
            ColumnOption::Nps => "NPS column",
            ColumnOption::Question => "question column",
            ColumnOption::Document => "document column",
            ColumnOption::Speaker => "speaker column",
            ColumnOption::Time => "time column",
        })
    }
}

/// A search query or filter that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The query cannot be parsed or names what the index does not have;
    /// `at` is the character (0-based) where, when known.
    #[error("query error{}: {message}\n  {}",
        at.map(|c| format!(" at character {}", c + 1)).unwrap_or_default(),
        query_excerpt(query, *at))]
    Syntax {
        /// The query.
        query: String,
        /// What is wrong.
        message: String,
        /// The character where, when known.
        at: Option<usize>,
    },
    /// A filter that is not `column=value`.
    #[error("filter '{filter}': write column=value, e.g. role=interviewee")]
    FilterSyntax {
        /// The filter given.
        filter: String,
    },
    /// A filter naming a column or value the index does not have.
    #[error("filter {filter}: {message}")]
    Filter {
        /// The filter given.
        filter: String,
        /// What is wrong.
        message: String,
    },
}

fn paths_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
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

/// Characters of a query shown in an error: a longer one (a pasted text,
/// a 100 kB query) is shown as the part around the error, so the message
/// stays a few lines long.
const QUERY_SHOWN: usize = 80;

/// The query as an error shows it, with a caret under character `at`:
/// the whole query when short, else [`QUERY_SHOWN`] characters around `at`
/// (from the start when `at` is not known), cut ends marked with `…`.
fn query_excerpt(query: &str, at: Option<usize>) -> String {
    let chars: Vec<char> = query.chars().collect();
    let (from, to) = if chars.len() <= QUERY_SHOWN {
        (0, chars.len())
    } else {
        let from = at
            .unwrap_or(0)
            .saturating_sub(QUERY_SHOWN / 2)
            .min(chars.len() - QUERY_SHOWN);
        (from, from + QUERY_SHOWN)
    };
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    let shown: String = chars[from..to].iter().collect();
    let caret = at
        .map(|c| {
            let col = c.clamp(from, to) - from + lead.chars().count();
            format!("\n  {}^", " ".repeat(col))
        })
        .unwrap_or_default();
    format!("{lead}{shown}{tail}{caret}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_query_is_shown_around_its_error() {
        let long = format!("{}\"{}", "palvelu ".repeat(12_500), "x");
        let at = long.chars().count() - 2;
        let e = QueryError::Syntax {
            query: long,
            message: "missing delimiter".into(),
            at: Some(at),
        }
        .to_string();
        let lines: Vec<&str> = e.lines().collect();
        assert_eq!(lines.len(), 3, "{e}");
        assert!(lines.iter().all(|l| l.chars().count() < 120), "{e}");
        assert!(
            lines[1].starts_with("  …") && !lines[1].ends_with('…'),
            "{e}"
        );
        let caret = lines[2].chars().count() - 1;
        assert_eq!(lines[1].chars().nth(caret), Some('"'), "{e}");
        let short = QueryError::Syntax {
            query: "(ryhmä".into(),
            message: "expected ')'".into(),
            at: Some(6),
        };
        assert_eq!(
            short.to_string(),
            "query error at character 7: expected ')'\n  (ryhmä\n        ^"
        );
    }

    /// Every option, query and remedy message as the library words it: a
    /// Rust caller gets no command-line flag or command in it.
    #[test]
    fn library_messages_name_no_flags() {
        let path = || PathBuf::from("kysely.csv");
        let mut errors: Vec<Error> = vec![
            OptionError::UnknownColumn {
                option: ColumnOption::Text,
                name: "Palaute".into(),
                file: Some(path()),
                columns: vec!["id".into()],
            }
            .into(),
            OptionError::UtteranceTextMissing.into(),
            OptionError::NoInputFiles {
                paths: vec![path()],
                supported: &["csv"],
                skipped: Vec::new(),
            }
            .into(),
            OptionError::NothingToAnalyse {
                inputs: vec![path()],
                accounting: "read 0".into(),
                issues: Vec::new(),
            }
            .into(),
            OptionError::RefineWithCodebook { refine: path() }.into(),
            OptionError::NoCategories {
                column: "role".into(),
            }
            .into(),
            OptionError::NoNpsColumn.into(),
            OptionError::NoClosedColumn {
                column: "ikä".into(),
                columns: vec!["sukupuoli".into()],
            }
            .into(),
            OptionError::NotOneWord {
                term: "hyvä kurssi".into(),
                words: 2,
            }
            .into(),
            OptionError::MemoryBudget {
                min_bytes: 30 << 20,
                threads: 2,
            }
            .into(),
            QueryError::Syntax {
                query: "(ryhmä".into(),
                message: "unbalanced".into(),
                at: Some(0),
            }
            .into(),
            QueryError::FilterSyntax {
                filter: "ikä".into(),
            }
            .into(),
            QueryError::Filter {
                filter: "ikä=1".into(),
                message: "no such column".into(),
            }
            .into(),
            Error::Damaged {
                path: path(),
                message: "truncated".into(),
            },
        ];
        for remedy in [
            Remedy::CreateIndex,
            Remedy::RebuildIndex,
            Remedy::RebuildIndexOrMatchLemmatiser,
            Remedy::NewOutputDir,
            Remedy::OtherOutputDir,
        ] {
            errors.push(Error::Index {
                path: path(),
                message: "not a teema index".into(),
                remedy: Some(remedy),
            });
            errors.push(Error::Refused {
                path: path(),
                message: "exists".into(),
                remedy: Some(remedy),
            });
        }
        for e in errors {
            let m = e.to_string();
            assert!(
                !m.contains("--") && !m.contains("PATH..."),
                "a flag or command in: {m}"
            );
        }
    }
}
