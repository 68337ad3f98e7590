//! The distilling of the built-in lemmatiser's form lexicon (`forms.lex`,
//! written by teema's developers with `teema lexicon build`): count the
//! word forms of real Finnish text with teema's tokeniser and keep the
//! most frequent ones with the lemma and compound parts teema's Voikko
//! analysis gives them. Only word forms and their analyses are stored,
//! never text.

use super::forms::{FormEntry, Forms, encode, storable};
use crate::text::tokenize::{SpanKind, for_each_span};
use crate::text::{Analyzer, LemmaSource, Register};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// What to keep, and what the lexicon's header records.
#[derive(Debug, Clone)]
pub struct DistilConfig {
    /// Keep at most this many forms (the most frequent ones Voikko knows).
    pub forms: usize,
    /// Skip forms seen fewer times than this.
    pub min_count: u64,
    /// The command that regenerates the lexicon (recorded in its header).
    pub command: String,
    /// How many files the texts came from (recorded in its header).
    pub files: usize,
}

/// A distilled lexicon, encoded and checked.
#[derive(Debug, Clone)]
pub struct Distilled {
    /// The lexicon file's bytes.
    pub bytes: Vec<u8>,
    /// Forms it holds.
    pub written: usize,
    /// The lemmas' commonness table of the same text (the format of
    /// `src/text/commonness.txt`, [`crate::text::commonness`]).
    pub commonness: String,
}

/// Distil the form lexicon of `texts` with `analyzer` (which should have
/// Voikko: only forms Voikko analyses are kept). The texts are freed once
/// counted. The error says what is wrong with the encoded lexicon (never
/// expected: it is checked by decoding it again).
pub fn distil(
    analyzer: &Analyzer,
    texts: Vec<String>,
    config: &DistilConfig,
) -> Result<Distilled, String> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let counts = count_forms(&refs);
    drop(refs);
    drop(texts);
    let tokens: u64 = counts.values().map(|c| c.0).sum();
    let mut candidates: Vec<(&String, u64, &String)> = counts
        .iter()
        .filter(|(_, c)| c.0 >= config.min_count)
        .map(|(k, c)| (k, c.0, &c.1))
        .collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    // Voikko's analyses, in parallel (one session per worker thread).
    // (lemma, entry if Voikko gave it), in candidate order.
    let analysed: Vec<(String, Option<FormEntry>)> = candidates
        .par_iter()
        .map_init(
            || analyzer.session(),
            |session, (form, _, spelling)| {
                let a = session.analyze_word(spelling, Register::Written);
                let entry =
                    (a.source == LemmaSource::Voikko && !a.lemma.is_empty()).then(|| FormEntry {
                        form: (*form).clone(),
                        lemma: a.lemma.to_string(),
                        parts: a.parts.to_vec(),
                    });
                (a.lemma.to_string(), entry)
            },
        )
        .collect();
    let mut lemma_counts: FxHashMap<&str, u64> = FxHashMap::default();
    for ((_, n, _), (lemma, _)) in candidates.iter().zip(&analysed) {
        if !lemma.is_empty() {
            *lemma_counts.entry(lemma.as_str()).or_default() += n;
        }
    }
    let commonness = commonness_table(&lemma_counts, tokens, &config.command);
    drop(lemma_counts);
    let mut covered = 0u64;
    let mut entries = Vec::new();
    for ((_, n, _), (_, e)) in candidates.iter().zip(analysed) {
        if entries.len() == config.forms {
            break;
        }
        if let Some(e) = e.filter(storable) {
            covered += n;
            entries.push(e);
        }
    }
    let header = format!(
        "teema built-in form lexicon: frequent Finnish word forms with the lemma and compound\n\
         parts of teema's Voikko analysis (UD conventions). Word forms and analyses only, no text.\n\
         Format: see src/text/builtin/forms.rs. Regenerate from the repository with:\n\
         teema {}\n\
         Analysed with: {}\n\
         Read: {} files, {tokens} word tokens, {} distinct forms (lower case)\n\
         Kept: the {} most frequent forms Voikko knows, seen at least {} times, covering {:.2}% of\n\
         the tokens (forms of the hand-written lexicon.txt are left out: it answers first)",
        config.command,
        analyzer.lemmatizer_name(),
        config.files,
        counts.len(),
        entries.len(),
        config.min_count,
        covered as f64 * 100.0 / tokens.max(1) as f64,
    );
    let (bytes, written) = encode(&header, &entries);
    // Check what was written decodes before replacing the old file.
    let check = Forms::decode(&bytes)?;
    check.check()?;
    if check.len() != written {
        return Err("the encoded lexicon lost forms".into());
    }
    Ok(Distilled {
        bytes,
        written,
        commonness,
    })
}

/// The commonness table of lemma counts out of `tokens` word tokens: the
/// lemmas of at least one in [`MIN_SHARE`]⁻¹ running words (rarer ones all
/// weigh about 1), most frequent first.
fn commonness_table(counts: &FxHashMap<&str, u64>, tokens: u64, command: &str) -> String {
    let mut kept: Vec<(&str, u64)> = counts
        .iter()
        .filter(|&(l, &n)| {
            n as f64 >= MIN_SHARE * tokens as f64 && !l.contains(['\t', '\n', '\r', '#'])
        })
        .map(|(&l, &n)| (l, n))
        .collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut out = format!(
        "# teema: how common each lemma is in general Finnish (src/text/commonness.rs).\n\
         # Lemma counts (teema's Voikko analysis) of forms seen at least twice; no text.\n\
         # Regenerate from the repository with:\n\
         # teema {command}\n\
         tokens\t{tokens}\n"
    );
    for (l, n) in kept {
        out.push_str(&format!("{l}\t{n}\n"));
    }
    out
}

/// The rarest lemmas the commonness table lists: one in 100,000 running
/// words (they weigh 0.99 with the `a` discovery uses).
const MIN_SHARE: f64 = 1e-5;

/// Word-form counts of `texts`: lower-case form → (count, its most
/// frequent spelling).
fn count_forms(texts: &[&str]) -> FxHashMap<String, (u64, String)> {
    let by_surface = texts
        .par_iter()
        .fold(FxHashMap::<String, u64>::default, |mut m, text| {
            for_each_span(text, |s| {
                if s.kind == SpanKind::Word {
                    let w = &text[s.start..s.end];
                    match m.get_mut(w) {
                        Some(n) => *n += 1,
                        None => {
                            m.insert(w.to_string(), 1);
                        }
                    }
                }
            });
            m
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (w, n) in b {
                *a.entry(w).or_default() += n;
            }
            a
        });
    let mut surfaces: Vec<(String, u64)> = by_surface.into_iter().collect();
    surfaces.sort();
    let mut forms: FxHashMap<String, (u64, String, u64)> = FxHashMap::default();
    for (surface, n) in surfaces {
        let e = forms
            .entry(surface.to_lowercase())
            .or_insert_with(|| (0, surface.clone(), 0));
        e.0 += n;
        if n > e.2 {
            e.1 = surface;
            e.2 = n;
        }
    }
    forms
        .into_iter()
        .map(|(k, (n, spelling, _))| (k, (n, spelling)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_counted_case_folded_with_their_usual_spelling() {
        let counts = count_forms(&["Talossa on kaksi huonetta. Talossa", "talossa asuu Mikko"]);
        assert_eq!(counts["talossa"], (3, "Talossa".to_string()));
        assert_eq!(counts["mikko"], (1, "Mikko".to_string()));
        assert!(!counts.contains_key("kaksi huonetta"));
    }
}
