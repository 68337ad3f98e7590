//! Input options shared by every subcommand that reads inputs
//! (`ingest`, `index`, `analyze`, `pseudonymise`, `bench`).

use clap::Args;
use std::path::PathBuf;
use teema::corpus::ReadOptions;

/// Inputs and how to read them.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Files or directories to read (CSV/TSV, XLSX, JSONL, TXT, MD, VTT, SRT, DOCX,
    /// REFI-QDA projects .qdpx).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Sheet of an XLSX workbook (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Column with respondent ids.
    #[arg(long, value_name = "COLUMN")]
    pub id_col: Option<String>,
    /// Column to treat as open text (repeatable). When given, only these
    /// columns are analysed; other free-text columns stay as closed
    /// metadata. In long utterance tables: the utterance text.
    #[arg(long = "text-col", value_name = "COLUMN")]
    pub text_cols: Vec<String>,
    /// Column to treat as a closed question (repeatable).
    #[arg(long = "meta-col", value_name = "COLUMN")]
    pub meta_cols: Vec<String>,
    /// Column with the NPS score 0–10.
    #[arg(long, value_name = "COLUMN")]
    pub nps_col: Option<String>,
    /// A survey with one row per answer: the column naming each row's
    /// question; the rows of one respondent id become one respondent
    /// (default: a column headed question, kysymys or fråga, when the ids
    /// repeat).
    #[arg(long, value_name = "COLUMN")]
    pub question_col: Option<String>,
    /// Long utterance table: column naming the interview or conversation.
    #[arg(long, value_name = "COLUMN")]
    pub doc_col: Option<String>,
    /// Long utterance table: column naming the speaker.
    #[arg(long, value_name = "COLUMN")]
    pub speaker_col: Option<String>,
    /// Long utterance table: column with the time.
    #[arg(long, value_name = "COLUMN")]
    pub time_col: Option<String>,
    /// Speaker label of the interviewer in transcripts (repeatable), e.g. `H`.
    #[arg(long = "interviewer", value_name = "LABEL")]
    pub interviewers: Vec<String>,
    /// Field delimiter of CSV/TSV files: `;`, `,`, `tab` or one character
    /// (default: sniffed from the file).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
}

/// `--delimiter`: `tab`, `\t` or a single ASCII character.
fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "'{s}' is not a delimiter: give one character such as ';' or ',', or 'tab'"
        )),
    }
}

impl InputArgs {
    /// The reader options these flags ask for.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            sheet: self.sheet.clone(),
            id_col: self.id_col.clone(),
            text_cols: self.text_cols.clone(),
            meta_cols: self.meta_cols.clone(),
            nps_col: self.nps_col.clone(),
            question_col: self.question_col.clone(),
            doc_col: self.doc_col.clone(),
            speaker_col: self.speaker_col.clone(),
            time_col: self.time_col.clone(),
            interviewers: self.interviewers.clone(),
            events: super::events::reporter(),
            delimiter: self.delimiter,
        }
    }
}
