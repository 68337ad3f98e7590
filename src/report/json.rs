//! `themes.json`: the full [`ThemeResult`] with its stable, documented
//! schema (see [`crate::themes`]): run parameters, overview with NPS,
//! themes with quotes, cross-tabs and every coded span. `teema report`
//! reads it back to regenerate the other reports.

use crate::corpus::Corpus;
use crate::themes::ThemeResult;
use crate::{Error, Result};
use std::path::Path;

/// themes.json: the result, pretty-printed, with a final newline.
pub fn render(result: &ThemeResult) -> Result<String> {
    let mut bytes = Vec::new();
    write(result, &mut bytes)?;
    // serde_json writes UTF-8 only.
    String::from_utf8(bytes).map_err(|e| Error::io("themes.json", std::io::Error::other(e)))
}

/// [`render`] written into `out` as it is produced (no copy of the whole
/// file in memory).
pub fn write(result: &ThemeResult, mut out: impl std::io::Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut out, result)?;
    out.write_all(b"\n")
        .map_err(|e| Error::io("themes.json", e))
}

/// Read a themes.json written by [`render`].
pub fn read(path: &Path) -> Result<ThemeResult> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text, path)
}

/// Parse the text of a themes.json read from `path` (named in errors).
pub fn parse(text: &str, path: &Path) -> Result<ThemeResult> {
    let result: ThemeResult = serde_json::from_str(text).map_err(|e| {
        Error::parse(
            path,
            e.line() as u64,
            format!("not a teema themes.json: {e}"),
        )
    })?;
    if result.schema_version != crate::themes::SCHEMA_VERSION {
        return Err(Error::input(
            path,
            format!(
                "schema version {} (this teema reads {}); run teema analyze again",
                result.schema_version,
                crate::themes::SCHEMA_VERSION
            ),
        ));
    }
    Ok(result)
}

/// Make a themes.json read from `path` (by [`parse`]) fit the corpus it
/// was made from (read back from the analysis's index): one written before
/// teema recorded each answer's ordinal gets them from `corpus` by
/// document id and answer number ([`ThemeResult::number_answers`]), or an
/// error naming the file where that does not name one answer.
pub fn number_answers(result: &mut ThemeResult, path: &Path, corpus: &Corpus) -> Result<()> {
    result
        .number_answers(corpus)
        .map_err(|why| Error::input(path, format!("{why}; run teema analyze again")))
}
