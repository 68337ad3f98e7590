//! Lemma accuracy against gold CoNLL-U lemmas (Universal Dependencies
//! treebanks): every syntactic word is lemmatised on its own, as written,
//! and compared with the gold lemma with compound marks `#` removed and
//! lower-cased. Multiword-token lines (`3-4`) and empty nodes (`5.1`) are
//! skipped. Reports accuracy overall and by UPOS, the share of words the
//! primary lemmatiser did not know, and tokens per second.

use crate::text::{Analyzer, NegationScope, Register};
use crate::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// One gold word of a treebank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldWord {
    /// The form as written.
    pub form: String,
    /// The gold lemma, `#` removed, lower case.
    pub lemma: String,
    /// The gold lemma with a `#` compound boundary written as a hyphen
    /// (`1800#luku` → 1800-luku), lower case; the same as `lemma` when the
    /// gold has no `#`.
    pub lemma_hyphenated: String,
    /// UD part of speech.
    pub upos: String,
    /// True for the first word of a sentence.
    pub sentence_start: bool,
}

/// Read the syntactic words of a CoNLL-U file. A malformed line is an
/// error naming the file and line.
pub fn read_conllu(path: &Path) -> Result<Vec<GoldWord>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).map_err(
        |e| {
            Error::input(
                path,
                format!("not UTF-8 (byte {}); CoNLL-U is UTF-8", e.valid_up_to()),
            )
        },
    )?;
    parse_conllu(text).map_err(|(line, message)| Error::parse(path, line, message))
}

/// Parse CoNLL-U text; the error is the 1-based line and what is wrong.
pub fn parse_conllu(text: &str) -> std::result::Result<Vec<GoldWord>, (u64, String)> {
    let mut words = Vec::new();
    let mut sentence_start = true;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            sentence_start = true;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 10 {
            return Err((
                n as u64 + 1,
                format!("expected 10 tab-separated fields, found {}", fields.len()),
            ));
        }
        let id = fields[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        if id.parse::<u32>().is_err() {
            return Err((n as u64 + 1, format!("word id `{id}` is not a number")));
        }
        words.push(GoldWord {
            form: fields[1].to_string(),
            lemma: gold_lemma(fields[2]),
            lemma_hyphenated: hyphenated_lemma(fields[2]),
            upos: fields[3].to_string(),
            sentence_start,
        });
        sentence_start = false;
    }
    Ok(words)
}

/// A gold lemma as teema compares it: compound marks removed, lower case.
/// A lemma that is only `#` stays.
pub fn gold_lemma(lemma: &str) -> String {
    if lemma.chars().all(|c| c == '#') {
        return lemma.to_string();
    }
    lemma.replace('#', "").to_lowercase()
}

/// A gold lemma with its compound boundaries written as hyphens, as
/// Finnish spells compounds after a number, an abbreviation or a name
/// (`1800-luku`, `EU-maa`): `#` becomes `-` unless a hyphen is already there.
pub fn hyphenated_lemma(lemma: &str) -> String {
    if !lemma.contains('#') || lemma.chars().all(|c| c == '#') {
        return gold_lemma(lemma);
    }
    lemma.replace("-#", "-").replace('#', "-").to_lowercase()
}

/// Accuracy of one part of speech.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UposAccuracy {
    /// UD part of speech.
    pub upos: String,
    /// Words with this part of speech.
    pub words: u64,
    /// Correct lemmas.
    pub correct: u64,
    /// correct / words.
    pub accuracy: f64,
}

/// A frequent error: what teema said where the gold said otherwise.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LemmaError {
    /// The form.
    pub form: String,
    /// Gold UPOS.
    pub upos: String,
    /// Gold lemma.
    pub gold: String,
    /// teema's lemma.
    pub predicted: String,
    /// How often.
    pub count: u64,
}

/// The result of `teema eval lemmas`.
#[derive(Debug, Clone, Serialize)]
pub struct LemmaEval {
    /// The gold file.
    pub file: String,
    /// Which lemmatiser ran.
    pub lemmatizer: String,
    /// Syntactic words evaluated.
    pub words: u64,
    /// Words whose lemma matched.
    pub correct: u64,
    /// correct / words.
    pub accuracy: f64,
    /// Accuracy when a compound boundary the gold marks with `#` may also
    /// be written as a hyphen (teema keeps `1800-luku`, `EU-maa`, where
    /// TDT writes `1800#luku`, `EU#maa`).
    pub accuracy_hyphens_allowed: f64,
    /// Share of words (with a letter) the primary lemmatiser did not know.
    pub unknown_share: f64,
    /// Words lemmatised per second (one thread, cache starting cold).
    pub tokens_per_second: f64,
    /// Accuracy by UPOS, most frequent first.
    pub by_upos: Vec<UposAccuracy>,
    /// The most frequent errors (as many as asked for).
    pub errors: Vec<LemmaError>,
}

/// Lemmatise every gold word and compare; keep the `top_errors` most
/// frequent errors.
pub fn evaluate(
    analyzer: &Analyzer,
    file: &str,
    gold: &[GoldWord],
    top_errors: usize,
) -> LemmaEval {
    let mut session = analyzer.session();
    let mut predicted: Vec<(bool, bool)> = Vec::with_capacity(gold.len());
    let mut hyphen_ok = 0u64;
    let mut lemmas: Vec<String> = Vec::new();
    let started = Instant::now();
    // Words are read in their sentence, as a text is: a form after a
    // negation verb may be read as a verb (en muista, ei toimi).
    let mut negation = NegationScope::default();
    for w in gold {
        if w.sentence_start {
            negation = NegationScope::default();
        }
        let a = session.analyze_word(&w.form, Register::Written);
        let ((lemma, _), _) = negation.read((a.lemma, a.stopword), a.after_negation, || {
            matches!(a.upos, Some("VERB" | "AUX"))
        });
        let ok = lemma == w.lemma;
        hyphen_ok += (ok || lemma == w.lemma_hyphenated) as u64;
        let letters = w.form.chars().any(char::is_alphabetic);
        predicted.push((ok, letters && !a.known));
        if !ok && top_errors > 0 {
            lemmas.push(lemma.to_string());
        } else if top_errors > 0 {
            lemmas.push(String::new());
        }
    }
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let mut by_upos: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut errors: BTreeMap<(&str, &str, &str, &str), u64> = BTreeMap::new();
    let (mut correct, mut unknown, mut with_letters) = (0u64, 0u64, 0u64);
    for (i, (w, &(ok, unk))) in gold.iter().zip(&predicted).enumerate() {
        let e = by_upos.entry(&w.upos).or_default();
        e.0 += 1;
        if ok {
            e.1 += 1;
            correct += 1;
        } else if top_errors > 0 {
            *errors
                .entry((&w.form, &w.upos, &w.lemma, &lemmas[i]))
                .or_default() += 1;
        }
        if w.form.chars().any(char::is_alphabetic) {
            with_letters += 1;
        }
        unknown += unk as u64;
    }
    let mut by_upos: Vec<UposAccuracy> = by_upos
        .into_iter()
        .map(|(upos, (words, correct))| UposAccuracy {
            upos: upos.to_string(),
            words,
            correct,
            accuracy: ratio(correct, words),
        })
        .collect();
    by_upos.sort_by(|a, b| b.words.cmp(&a.words).then(a.upos.cmp(&b.upos)));
    let mut errors: Vec<LemmaError> = errors
        .into_iter()
        .map(|((form, upos, gold, predicted), count)| LemmaError {
            form: form.to_string(),
            upos: upos.to_string(),
            gold: gold.to_string(),
            predicted: predicted.to_string(),
            count,
        })
        .collect();
    errors.sort_by(|a, b| b.count.cmp(&a.count).then(a.form.cmp(&b.form)));
    errors.truncate(top_errors);
    let words = gold.len() as u64;
    LemmaEval {
        file: file.to_string(),
        lemmatizer: analyzer.lemmatizer_name(),
        words,
        correct,
        accuracy: ratio(correct, words),
        accuracy_hyphens_allowed: ratio(hyphen_ok, words),
        unknown_share: ratio(unknown, with_letters),
        tokens_per_second: words as f64 / seconds,
        by_upos,
        errors,
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n\
        1-2\tEttei\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tEtt\tettä\tSCONJ\t_\t_\t0\t_\t_\t_\n\
        2\tei\tei\tAUX\t_\t_\t0\t_\t_\t_\n\
        3\tKoirat\tkoira\tNOUN\t_\t_\t0\t_\t_\t_\n\
        4\tvertaistukea\tvertais#tuki\tNOUN\t_\t_\t0\t_\t_\t_\n\
        4.1\tx\tx\tX\t_\t_\t_\t_\t_\t_\n\
        5\t.\t.\tPUNCT\t_\t_\t0\t_\t_\t_\n\n";

    #[test]
    fn multiword_lines_and_empty_nodes_are_skipped() {
        let words = parse_conllu(SAMPLE).unwrap();
        let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["Ett", "ei", "Koirat", "vertaistukea", "."]);
        assert_eq!(words[3].lemma, "vertaistuki");
        assert_eq!(words[3].lemma_hyphenated, "vertais-tuki");
        assert_eq!(hyphenated_lemma("sote-#keskus"), "sote-keskus");
        assert_eq!(hyphenated_lemma("#"), "#");
    }

    #[test]
    fn a_short_line_is_an_error_with_its_line() {
        let err = parse_conllu("1\tkoira\tkoira\n").unwrap_err();
        assert_eq!(err.0, 1);
        assert!(err.1.contains("10 tab-separated"));
    }

    #[test]
    fn accuracy_counts_matches() {
        let analyzer = Analyzer::new(crate::text::AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .unwrap();
        let words = parse_conllu(SAMPLE).unwrap();
        let eval = evaluate(&analyzer, "x.conllu", &words, 10);
        assert_eq!(eval.words, 5);
        // ei and . are certain; the rest depends on the guesser.
        assert!(eval.correct >= 2, "{eval:?}");
        assert_eq!(
            eval.correct as usize + eval.errors.iter().map(|e| e.count as usize).sum::<usize>(),
            5
        );
    }
}
