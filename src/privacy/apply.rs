//! Replacing what was found by codes, and keeping offsets right.
//!
//! [`Pseudonymiser`] runs the detectors on a text and writes the codes in;
//! every replacement is an [`Edit`] (old byte range, new length), and
//! [`map_offset`] carries an offset of the old text over to the new one.
//! [`pseudonymise_corpus`] does this for a whole corpus right after it is
//! read: file names, column headers, unit texts, speaker labels, respondent
//! ids, closed text answers and issue messages; detection runs in parallel,
//! codes are given in corpus order, so the result does not depend on the
//! thread count.
//!
//! Offsets: a unit's `span` keeps pointing at its text. Where units are
//! pieces of one source text (transcripts, subtitles, Word documents), the
//! spans of later units move by what the replacements before them added or
//! removed, so spans stay increasing and consistent with the source text
//! with the unit replacements applied. In tables a span is the cell's own
//! (`0..len`) and just takes the new length.

use super::detect::{Detectors, Found};
use super::pseudonym::{PrivacyReport, Pseudonyms};
use super::{Kind, PrivacyOptions};
use crate::Result;
use crate::corpus::{Corpus, Format, Name, Value};
use crate::text::{Analyzer, Session};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

/// One replacement: the old byte range and the length of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    /// Old start (byte offset).
    pub start: usize,
    /// Old end (byte offset, exclusive).
    pub end: usize,
    /// Byte length of the code written instead.
    pub new_len: usize,
}

impl Edit {
    /// Bytes added (negative: removed) by this edit.
    pub fn delta(&self) -> isize {
        self.new_len as isize - (self.end - self.start) as isize
    }
}

/// Carry the byte offset `old` of the original text over to the text with
/// `edits` (sorted, not overlapping) applied. An offset inside a replaced
/// span goes to the start of its code, or, with `end_bias` (the end of a
/// span), to the end of it.
pub fn map_offset(edits: &[Edit], old: usize, end_bias: bool) -> usize {
    let mut shift: isize = 0;
    for e in edits {
        if old <= e.start {
            break;
        }
        if old < e.end {
            let base = (e.start as isize + shift) as usize;
            return if end_bias { base + e.new_len } else { base };
        }
        shift += e.delta();
    }
    (old as isize + shift) as usize
}

/// Detection and replacement with the detectors of some options.
#[derive(Debug)]
pub struct Pseudonymiser {
    detectors: Detectors,
}

impl Pseudonymiser {
    /// The pseudonymiser `options` ask for.
    pub fn new(options: &PrivacyOptions) -> Pseudonymiser {
        Pseudonymiser {
            detectors: Detectors::new(options),
        }
    }

    /// The kinds it looks for.
    pub fn kinds(&self) -> Vec<Kind> {
        self.detectors.kinds()
    }

    /// True when it uses a lemmatiser session (a name list is in use).
    pub fn wants_session(&self) -> bool {
        self.detectors.wants_session()
    }

    /// What is in `text` to replace.
    pub fn find(&self, text: &str, session: Option<&mut Session<'_>>) -> Vec<Found> {
        self.detectors.find(text, session)
    }

    /// What is in a long `text` to replace, found in parallel: the text is
    /// cut into pieces of about `piece` bytes at line ends (nothing teema
    /// detects spans a line end), each piece on a worker thread with its
    /// own session. The same finds as [`Pseudonymiser::find`], in order.
    pub fn find_parallel(&self, text: &str, analyzer: &Analyzer, piece: usize) -> Vec<Found> {
        let mut starts = vec![0];
        let mut at = 0;
        while at + piece < text.len() {
            match memchr::memchr(b'\n', &text.as_bytes()[at + piece..]) {
                Some(nl) => {
                    at += piece + nl + 1;
                    starts.push(at);
                }
                None => break,
            }
        }
        starts.push(text.len());
        let pieces: Vec<std::ops::Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
        self.find_in_pieces(text, &pieces, analyzer)
    }

    /// What is in `text` to replace, each of `pieces` (byte ranges of
    /// `text`, in order, not overlapping) searched by itself on the worker
    /// threads: nothing found runs over the end of a piece. Finds in text
    /// order.
    pub fn find_in_pieces(
        &self,
        text: &str,
        pieces: &[std::ops::Range<usize>],
        analyzer: &Analyzer,
    ) -> Vec<Found> {
        use rayon::prelude::*;
        let wants = self.wants_session();
        let found: Vec<Vec<Found>> = pieces
            .par_iter()
            .map_init(
                || wants.then(|| analyzer.session()),
                |session, r| {
                    let mut found = self.find(&text[r.clone()], session.as_mut());
                    for f in &mut found {
                        f.start += r.start;
                        f.end += r.start;
                    }
                    found
                },
            )
            .collect();
        found.into_iter().flatten().collect()
    }

    /// Detect and replace in one go; `None` when nothing was found.
    pub fn pseudonymise(
        &self,
        text: &str,
        session: Option<&mut Session<'_>>,
        codes: &mut Pseudonyms,
        edits: &mut Vec<Edit>,
    ) -> Option<String> {
        let found = self.find(text, session);
        replace(text, &found, codes, edits)
    }
}

/// Write the codes of `found` (sorted, not overlapping) into `text`; the
/// edits are appended to `edits`. `None` when `found` is empty.
pub fn replace(
    text: &str,
    found: &[Found],
    codes: &mut Pseudonyms,
    edits: &mut Vec<Edit>,
) -> Option<String> {
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16 * found.len());
    let mut at = 0;
    for f in found {
        out.push_str(&text[at..f.start]);
        let code = codes.code_for(f, &text[f.start..f.end]);
        edits.push(Edit {
            start: f.start,
            end: f.end,
            new_len: code.len(),
        });
        out.push_str(&code);
        at = f.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Finds of one document, by field.
#[derive(Debug, Default)]
struct DocFinds {
    id: Vec<Found>,
    meta: Vec<(usize, Vec<Found>)>,
    speakers: Vec<(usize, Vec<Found>)>,
    texts: Vec<(usize, Vec<Found>)>,
}

/// Pseudonymise a corpus in place: file names, column headers, unit
/// texts, speaker labels, document ids, closed text answers and issue
/// messages. Returns the counts and the
/// key. Spans are kept consistent (see the module documentation).
pub fn pseudonymise_corpus(
    corpus: &mut Corpus,
    options: &PrivacyOptions,
    analyzer: &Analyzer,
) -> Result<PrivacyReport> {
    use rayon::prelude::*;
    let ps = Pseudonymiser::new(options);
    let wants = ps.wants_session();
    let finds: Vec<DocFinds> = corpus
        .documents
        .par_iter()
        .map_init(
            || wants.then(|| analyzer.session()),
            |session, doc| {
                let mut find = |t: &str| ps.find(t, session.as_mut());
                let mut d = DocFinds {
                    id: find(&doc.id),
                    ..DocFinds::default()
                };
                for (i, (_, v)) in doc.meta.iter().enumerate() {
                    if let Value::Text(t) = v {
                        let f = find(t);
                        if !f.is_empty() {
                            d.meta.push((i, f));
                        }
                    }
                }
                for (i, u) in doc.units.iter().enumerate() {
                    if let Some(s) = &u.speaker {
                        let f = find(s);
                        if !f.is_empty() {
                            d.speakers.push((i, f));
                        }
                    }
                    let f = find(&u.text);
                    if !f.is_empty() {
                        d.texts.push((i, f));
                    }
                }
                d
            },
        )
        .collect();

    let mut codes = Pseudonyms::new();
    let mut edits = Vec::new();
    pseudonymise_paths(corpus, &ps, analyzer, &mut codes);
    let headers = pseudonymise_headers(corpus, &ps, analyzer, &mut codes);
    // (source, old span start, document, unit, bytes added)
    let mut moved: Vec<(usize, usize, usize, usize, isize)> = Vec::new();
    for (di, (doc, f)) in corpus.documents.iter_mut().zip(finds).enumerate() {
        if let Some(new) = replace(&doc.id, &f.id, &mut codes, &mut edits) {
            doc.id = new;
        }
        if !headers.is_empty() {
            for (name, _) in &mut doc.meta {
                if let Some(new) = headers.get(&**name) {
                    *name = new.clone();
                }
            }
            for u in &mut doc.units {
                if let Some(new) = u.question.as_ref().and_then(|q| headers.get(&**q)) {
                    u.question = Some(new.clone());
                }
            }
        }
        for (i, found) in f.meta {
            if let Value::Text(t) = &mut doc.meta[i].1
                && let Some(new) = replace(t, &found, &mut codes, &mut edits)
            {
                *t = new.into();
            }
        }
        let mut speakers = f.speakers.into_iter().peekable();
        let mut texts = f.texts.into_iter().peekable();
        for (ui, u) in doc.units.iter_mut().enumerate() {
            if let Some((_, found)) = speakers.next_if(|(i, _)| *i == ui)
                && let Some(s) = &mut u.speaker
                && let Some(new) = replace(s, &found, &mut codes, &mut edits)
            {
                *s = new;
            }
            if let Some((_, found)) = texts.next_if(|(i, _)| *i == ui) {
                edits.clear();
                if let Some(new) = replace(&u.text, &found, &mut codes, &mut edits) {
                    let delta = new.len() as isize - u.text.len() as isize;
                    u.text = new.into();
                    moved.push((doc.source, u.span.0, di, ui, delta));
                }
            }
        }
    }
    rebase_spans(corpus, moved);
    for issue in &mut corpus.issues {
        edits.clear();
        if let Some(new) = ps.pseudonymise(&issue.message, None, &mut codes, &mut edits) {
            issue.message = new;
        }
    }
    Ok(codes.finish(&ps.kinds()))
}

/// File names with personal data in them (`haastattelu Matti Virtanen.docx`,
/// `asiakas 010190-123A.csv`): every report, the index and the run record
/// name a source by its path, so the path is pseudonymised like the texts
/// (the sources' and the issues' paths; a path that is not UTF-8 is left
/// as it is). Given codes before anything else, in source order, so the
/// same file gets the same name in every run of the same inputs.
fn pseudonymise_paths(
    corpus: &mut Corpus,
    ps: &Pseudonymiser,
    analyzer: &Analyzer,
    codes: &mut Pseudonyms,
) {
    let mut session = ps.wants_session().then(|| analyzer.session());
    let mut edits = Vec::new();
    let mut renamed: FxHashMap<PathBuf, PathBuf> = FxHashMap::default();
    for source in &mut corpus.sources {
        let Some(text) = source.path.to_str() else {
            continue;
        };
        if let Some(new) = ps.pseudonymise(text, session.as_mut(), codes, &mut edits) {
            let old = std::mem::replace(&mut source.path, PathBuf::from(new));
            renamed.insert(old, source.path.clone());
        }
    }
    if renamed.is_empty() {
        return;
    }
    for issue in &mut corpus.issues {
        if let Some(new) = renamed.get(&issue.path) {
            issue.path = new.clone();
        }
    }
}

/// Column headers (questions) with personal data in them, pseudonymised
/// once and renamed everywhere they stand (the sources' columns here; the
/// caller renames answers' questions and closed answers' columns with the
/// map it gets back, only the changed headers).
fn pseudonymise_headers(
    corpus: &mut Corpus,
    ps: &Pseudonymiser,
    analyzer: &Analyzer,
    codes: &mut Pseudonyms,
) -> FxHashMap<String, Name> {
    let mut changed: FxHashMap<String, Name> = FxHashMap::default();
    let mut session = ps.wants_session().then(|| analyzer.session());
    let mut edits = Vec::new();
    for source in &mut corpus.sources {
        for column in &mut source.columns {
            if let Some(new) = changed.get(&column.name) {
                column.name = new.to_string();
            } else if let Some(new) =
                ps.pseudonymise(&column.name, session.as_mut(), codes, &mut edits)
            {
                let name = Name::from(new.as_str());
                changed.insert(std::mem::replace(&mut column.name, new), name);
            }
        }
    }
    // Questions that are no header: a survey of one row per answer takes
    // each answer's question from a cell.
    let headers: FxHashSet<&str> = corpus
        .sources
        .iter()
        .flat_map(|s| s.columns.iter().map(|c| c.name.as_str()))
        .collect();
    let mut questions: Vec<&str> = corpus
        .documents
        .iter()
        .flat_map(|d| d.units.iter().filter_map(|u| u.question.as_deref()))
        .filter(|q| !headers.contains(q) && !changed.contains_key(*q))
        .collect();
    questions.sort_unstable();
    questions.dedup();
    let mut from_cells = Vec::new();
    for q in questions {
        if let Some(new) = ps.pseudonymise(q, session.as_mut(), codes, &mut edits) {
            from_cells.push((q.to_string(), Name::from(new.as_str())));
        }
    }
    changed.extend(from_cells);
    changed
}

/// True for formats whose unit spans are offsets into one source text.
fn spans_share_a_text(format: Format) -> bool {
    matches!(
        format,
        Format::Transcript | Format::Vtt | Format::Srt | Format::Docx
    )
}

/// Move spans by what replacements added: in their own unit always, and in
/// later units of the same source text where units share one.
fn rebase_spans(corpus: &mut Corpus, mut moved: Vec<(usize, usize, usize, usize, isize)>) {
    let changed: Vec<(usize, usize, isize)> = moved.iter().map(|m| (m.2, m.3, m.4)).collect();
    for (d, u, delta) in changed {
        let span = &mut corpus.documents[d].units[u].span;
        span.1 = (span.1 as isize + delta).max(span.0 as isize) as usize;
    }
    moved.sort_by_key(|m| (m.0, m.1));
    let shared: Vec<bool> = corpus
        .sources
        .iter()
        .map(|s| spans_share_a_text(s.format))
        .collect();
    // Old starts of replaced units with their deltas, per source, sorted.
    let mut per_source: Vec<Vec<(usize, isize)>> = vec![Vec::new(); corpus.sources.len()];
    for m in &moved {
        if shared.get(m.0).copied().unwrap_or(false) {
            per_source[m.0].push((m.1, m.4));
        }
    }
    for doc in &mut corpus.documents {
        let Some(deltas) = per_source.get(doc.source) else {
            continue;
        };
        if deltas.is_empty() {
            continue;
        }
        for u in &mut doc.units {
            let shift: isize = deltas
                .iter()
                .take_while(|(start, _)| *start < u.span.0)
                .map(|(_, d)| d)
                .sum();
            u.span.0 = (u.span.0 as isize + shift) as usize;
            u.span.1 = (u.span.1 as isize + shift) as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_move_with_the_edits() {
        // "soita 040 123 4567 tai 050 765 4321 nyt"
        let edits = [
            Edit {
                start: 6,
                end: 18,
                new_len: 11,
            },
            Edit {
                start: 23,
                end: 35,
                new_len: 11,
            },
        ];
        assert_eq!(map_offset(&edits, 0, false), 0);
        assert_eq!(map_offset(&edits, 6, false), 6);
        assert_eq!(map_offset(&edits, 18, true), 17);
        assert_eq!(map_offset(&edits, 19, false), 18);
        assert_eq!(map_offset(&edits, 10, false), 6);
        assert_eq!(map_offset(&edits, 10, true), 17);
        assert_eq!(map_offset(&edits, 36, false), 34);
    }

    #[test]
    fn parallel_finds_are_the_serial_ones() {
        let ps = Pseudonymiser::new(&PrivacyOptions {
            kinds: Kind::ALL.to_vec(),
            names: None,
        });
        let analyzer = Analyzer::new(Default::default()).unwrap();
        let text = "r1;soita 040 123 4567\nr2;FI21 1234 5600 0007 85 ja a@b.fi\n\
                    r3;Kotikatu 3 b\nr4;ei mitään\nr5;+358 40 7654321\n"
            .repeat(50);
        let serial = ps.find(&text, None);
        assert_eq!(serial.len(), 250);
        for piece in [1, 7, 100, 1 << 20] {
            assert_eq!(
                ps.find_parallel(&text, &analyzer, piece),
                serial,
                "piece {piece}"
            );
        }
    }

    #[test]
    fn replace_writes_codes_and_records_edits() {
        let ps = Pseudonymiser::new(&PrivacyOptions::default());
        let mut codes = Pseudonyms::new();
        let mut edits = Vec::new();
        let text = "soita 040 123 4567 tai +358 40 1234567 nyt";
        let new = ps.pseudonymise(text, None, &mut codes, &mut edits).unwrap();
        assert_eq!(new, "soita [PUHELIN 1] tai [PUHELIN 1] nyt");
        let nyt = text.find("nyt").unwrap();
        assert_eq!(&new[map_offset(&edits, nyt, false)..], "nyt");
    }
}
