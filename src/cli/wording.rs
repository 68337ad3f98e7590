//! The library's typed errors worded for the command line: where an error
//! concerns an option, the message names the flag that sets it (`--text-col`,
//! `--by`, `--where`, …), and what to do about an index is said with
//! teema's commands. Every other error is printed as the library words it,
//! with its causes.

use std::path::Path;
use teema::{ColumnOption, Error, OptionError, QueryError, Remedy};

/// The message `teema` prints after `teema: error: `. It names files,
/// columns and values from the data, so a control character in them (an
/// escape sequence in a file name) is shown as an escape, never acted on
/// by the terminal, as everywhere else teema prints.
pub(crate) fn message(err: Error) -> String {
    cut_long_lines(&super::terminal::clean_lines(&worded(err)))
}

/// Characters of one line of an error message shown at most: what the
/// user gave is echoed in messages (`kwic: give one word ('…')`, a
/// `--where` filter), and a pasted text of 100 kB made a 100 kB line.
const LINE_SHOWN: usize = 300;

/// `message` with every line longer than [`LINE_SHOWN`] characters cut,
/// saying how much was left out.
fn cut_long_lines(message: &str) -> String {
    message
        .split('\n')
        .map(|line| match line.char_indices().nth(LINE_SHOWN) {
            Some((cut, _)) => format!(
                "{}… ({} more characters)",
                &line[..cut],
                line[cut..].chars().count()
            ),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn worded(err: Error) -> String {
    match err {
        Error::Options(e) => options(e),
        Error::Query(e) => query(e),
        Error::Index {
            path,
            message,
            remedy: Some(remedy),
        } => format!(
            "index {}: {message}{}",
            path.display(),
            advice(remedy, &path)
        ),
        Error::Damaged { path, message } => format!(
            "index {} is damaged: {message}; rebuild it with teema index --rebuild",
            path.display()
        ),
        Error::Refused {
            path,
            message,
            remedy: Some(remedy),
        } => format!("{}: {message}{}", path.display(), advice(remedy, &path)),
        other => format!("{:#}", anyhow::Error::from(other)),
    }
}

/// The notice `search`, `stats` and `themes` print when the index at
/// `index` holds only part of the files `partial` (a killed `teema index`).
pub(crate) fn partial_notice(index: &Path, partial: &[&Path]) -> Option<String> {
    if partial.is_empty() {
        return None;
    }
    let names: Vec<String> = partial.iter().map(|p| p.display().to_string()).collect();
    Some(format!(
        "notice: index {} holds only part of {} (its indexing was cut short); results miss \
         the rest: run teema index {} --index {} again to complete it",
        index.display(),
        names.join(", "),
        names.join(" "),
        index.display()
    ))
}

/// The notice for an open index ([`partial_notice`]).
pub(crate) fn index_notice(handle: &teema::index::IndexHandle) -> Option<String> {
    let partial: Vec<&Path> = handle
        .partial_sources()
        .iter()
        .map(|s| s.path.as_path())
        .collect();
    partial_notice(&handle.dir, &partial)
}

/// The warning when an index was analysed with another lemmatiser than
/// the one answering queries now.
pub(crate) fn lemmatizer_warning(handle: &teema::index::IndexHandle) -> Option<String> {
    handle.other_lemmatizer().map(|built| {
        format!(
            "warning: index {} was built with lemmatiser '{built}' but queries now use '{}'; \
             rebuild it (teema index --rebuild) or match the lemmatiser (--builtin)",
            handle.dir.display(),
            handle.analyzer.lemmatizer_name()
        )
    })
}

/// What to do, with teema's commands and flags (`path`: the index or the
/// file concerned), with the separator that joins it to the message.
fn advice(remedy: Remedy, path: &Path) -> String {
    match remedy {
        Remedy::CreateIndex => format!(
            "; create it with teema index PATH... --index {}",
            path.display()
        ),
        Remedy::RebuildIndex => format!(
            "; rebuild it with all inputs: teema index --rebuild PATH... --index {}",
            path.display()
        ),
        Remedy::RebuildIndexOrMatchLemmatiser => {
            "; add --rebuild (and give all inputs), or match the lemmatiser (--builtin)".into()
        }
        Remedy::NewOutputDir => "; give a new or empty directory to --out".into(),
        Remedy::OtherOutputDir => " or give another --out".into(),
    }
}

/// The flag that sets a read option's column.
fn column_flag(option: ColumnOption) -> &'static str {
    match option {
        ColumnOption::Id => "--id-col",
        ColumnOption::Text => "--text-col",
        ColumnOption::Meta => "--meta-col",
        ColumnOption::Nps => "--nps-col",
        ColumnOption::Question => "--question-col",
        ColumnOption::Document => "--doc-col",
        ColumnOption::Speaker => "--speaker-col",
        ColumnOption::Time => "--time-col",
    }
}

fn options(e: OptionError) -> String {
    match e {
        OptionError::UnknownColumn {
            option,
            name,
            file: Some(file),
            columns,
        } => format!(
            "{}: {} '{name}' is not a column here; columns are: {}",
            file.display(),
            column_flag(option),
            columns.join(", ")
        ),
        OptionError::UnknownColumn {
            option,
            name,
            file: None,
            columns,
        } => format!(
            "{} '{name}' is not a column of any input table; columns are: {}",
            column_flag(option),
            columns.join(", ")
        ),
        OptionError::UtteranceTextMissing => {
            "--doc-col reads a long utterance table and needs --text-col naming the utterance text"
                .into()
        }
        OptionError::NothingToAnalyse {
            inputs,
            accounting,
            issues,
        } => format!(
            "no answers or utterances to analyse in {} ({accounting}; teema ingest lists every issue){}",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            issues
                .iter()
                .map(|i| format!("\n  {i}"))
                .collect::<String>()
        ),
        OptionError::RefineWithCodebook { refine } => format!(
            "--refine {} refines discovered themes; with --codebook, edit the codebook instead",
            refine.display()
        ),
        OptionError::NoCategories { column } => {
            format!("--by {column}: the answers have no {column}")
        }
        OptionError::NoNpsColumn => "--by nps_group: the corpus has no NPS column".into(),
        OptionError::NoClosedColumn { column, columns } => format!(
            "--by '{column}': no such closed column; the corpus has: {}, and nps_group, question, role",
            columns.join(" | ")
        ),
        OptionError::NotOneWord { term, words: 0 } => {
            format!("kwic: '{term}' has no word in it")
        }
        OptionError::QueryNotWord { term, syntax } => format!(
            "kwic: '{term}' is a query ('{syntax}'); kwic takes one word and finds its every form: \
             use teema search for prefixes, fuzzy words and fields"
        ),
        OptionError::NotOneWord { term, words } => {
            format!("kwic: give one word ('{term}' is {words} words); use teema search for phrases")
        }
        other => other.to_string(),
    }
}

fn query(e: QueryError) -> String {
    match e {
        QueryError::FilterSyntax { filter } => {
            format!("--where '{filter}': write column=value, e.g. --where role=interviewee")
        }
        QueryError::Filter { filter, message } => format!("--where {filter}: {message}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_pasted_text_echoed_in_a_message_is_cut() {
        let term = "palvelu ".repeat(12_500);
        let m = message(
            OptionError::NotOneWord {
                term: term.clone(),
                words: 12_500,
            }
            .into(),
        );
        assert!(m.chars().count() < 400, "{} characters", m.len());
        assert!(
            m.starts_with("kwic: give one word ('palvelu palvelu"),
            "{m}"
        );
        assert!(m.ends_with(" more characters)"), "{m}");
        let short = OptionError::NotOneWord {
            term: "?".into(),
            words: 0,
        };
        assert_eq!(message(short.into()), "kwic: '?' has no word in it");
    }

    #[test]
    fn option_errors_name_the_flags_and_the_library_does_not() {
        let unknown = || OptionError::UnknownColumn {
            option: ColumnOption::Text,
            name: "Palaute".into(),
            file: None,
            columns: vec!["id".into(), "Vapaa sana".into()],
        };
        assert_eq!(
            message(unknown().into()),
            "--text-col 'Palaute' is not a column of any input table; columns are: id, Vapaa sana"
        );
        assert_eq!(
            unknown().to_string(),
            "text column 'Palaute' is not a column of any input table; columns are: id, Vapaa sana"
        );
        let refine = OptionError::RefineWithCodebook {
            refine: PathBuf::from("tarkennus.toml"),
        };
        assert!(!refine.to_string().contains("--"), "{refine}");
        assert_eq!(
            message(refine.into()),
            "--refine tarkennus.toml refines discovered themes; with --codebook, edit the codebook instead"
        );
        let none = OptionError::NotOneWord {
            term: "?".into(),
            words: 0,
        };
        assert_eq!(message(none.into()), "kwic: '?' has no word in it");
    }

    #[test]
    fn index_errors_say_what_to_do_with_teemas_commands() {
        let missing = || Error::Index {
            path: PathBuf::from("hakemisto"),
            message: "no such index directory".into(),
            remedy: Some(Remedy::CreateIndex),
        };
        assert_eq!(
            missing().to_string(),
            "index hakemisto: no such index directory; build it from the inputs first"
        );
        assert_eq!(
            message(missing()),
            "index hakemisto: no such index directory; create it with teema index PATH... --index hakemisto"
        );
        let damaged = Error::Damaged {
            path: PathBuf::from("hakemisto"),
            message: "reading it failed".into(),
        };
        assert!(!damaged.to_string().contains("--"), "{damaged}");
        assert_eq!(
            message(damaged),
            "index hakemisto is damaged: reading it failed; rebuild it with teema index --rebuild"
        );
    }

    #[test]
    fn a_partial_index_notice_says_how_to_complete_it() {
        let index = Path::new("hakemisto");
        assert_eq!(partial_notice(index, &[]), None);
        let notice = partial_notice(index, &[Path::new("a.csv"), Path::new("b.csv")]).unwrap();
        assert_eq!(
            notice,
            "notice: index hakemisto holds only part of a.csv, b.csv (its indexing was cut \
             short); results miss the rest: run teema index a.csv b.csv --index hakemisto again \
             to complete it"
        );
    }

    #[test]
    fn query_errors_keep_their_position_and_filters_name_where() {
        let syntax = QueryError::Syntax {
            query: "(ryhmä".into(),
            message: "unbalanced".into(),
            at: Some(1),
        };
        assert_eq!(
            message(syntax.into()),
            "query error at character 2: unbalanced\n  (ryhmä\n   ^"
        );
        let filter = QueryError::FilterSyntax {
            filter: "ikä".into(),
        };
        assert!(!filter.to_string().contains("--"), "{filter}");
        assert_eq!(
            message(filter.into()),
            "--where 'ikä': write column=value, e.g. --where role=interviewee"
        );
    }
}
