//! The distilled form lexicon: frequent Finnish word forms with the lemma
//! and compound parts that teema's Voikko analysis gives them, embedded in
//! the binary (`forms.lex`) so the built-in lemmatiser knows them without
//! any system library. `teema lexicon build` writes the file; its header
//! says how it was made.
//!
//! File format: a UTF-8 header of `#` lines ended by an empty line, then a
//! raw deflate stream of lines `form TAB cut TAB tail TAB parts`, where the
//! lemma is the form without its last `cut` characters plus `tail`, and
//! `parts` are the compound parts joined by `+` (empty for a simple word).
//! Lines are sorted by the reversed form, so forms with a common ending are
//! neighbours: an exact look-up is a binary search, and an unseen form
//! finds the known forms that share its longest ending (see
//! [`Forms::analogy`]).

use crate::text::lemmatizer::Lemma;
use std::cmp::Ordering;
use std::io::{Read as _, Write as _};

/// One form of the lexicon, as `teema lexicon build` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormEntry {
    /// The word form, lower case.
    pub form: String,
    /// Its lemma.
    pub lemma: String,
    /// Its compound parts as lemmas (empty for a simple word).
    pub parts: Vec<String>,
}

/// Order of two forms by their reversed characters (the file's order).
fn cmp_reversed(a: &str, b: &str) -> Ordering {
    a.chars().rev().cmp(b.chars().rev())
}

/// How many characters `a` and `b` share at their ends.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The rewrite that turns `form` into `lemma`: drop `cut` characters at
/// the end, then append the tail.
fn rewrite<'a>(form: &str, lemma: &'a str) -> (usize, &'a str) {
    let mut shared = 0;
    for ((i, a), b) in form.char_indices().zip(lemma.chars()) {
        if a != b {
            break;
        }
        shared = i + a.len_utf8();
    }
    let cut = form[shared..].chars().count();
    (cut, &lemma[shared..])
}

/// Whether the file format can hold the entry: no tab or newline, no `+`
/// inside a part, no empty form or part.
pub fn storable(e: &FormEntry) -> bool {
    let bad = |s: &str| s.contains(['\t', '\n', '\r']);
    !e.form.is_empty()
        && !bad(&e.form)
        && !bad(&e.lemma)
        && !e
            .parts
            .iter()
            .any(|p| bad(p) || p.contains('+') || p.is_empty())
}

/// Encode a lexicon: `header` (each line gets a leading `# `), then the
/// entries sorted by reversed form and deflated. Entries whose form,
/// lemma or parts contain a tab, a newline or `+` in a part are skipped
/// (no Finnish word has them); the count written is returned.
pub fn encode(header: &str, entries: &[FormEntry]) -> (Vec<u8>, usize) {
    let mut sorted: Vec<&FormEntry> = entries.iter().filter(|e| storable(e)).collect();
    sorted.sort_by(|a, b| cmp_reversed(&a.form, &b.form).then_with(|| a.lemma.cmp(&b.lemma)));
    sorted.dedup_by(|a, b| a.form == b.form);
    let mut body = String::new();
    for e in &sorted {
        let (cut, tail) = rewrite(&e.form, &e.lemma);
        body.push_str(&e.form);
        body.push('\t');
        body.push_str(&cut.to_string());
        body.push('\t');
        body.push_str(tail);
        body.push('\t');
        body.push_str(&e.parts.join("+"));
        body.push('\n');
    }
    let mut out = Vec::new();
    for line in header.lines() {
        out.extend_from_slice(b"# ");
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
    let mut z = flate2::write::DeflateEncoder::new(out, flate2::Compression::best());
    z.write_all(body.as_bytes())
        .expect("writing to a Vec does not fail");
    (
        z.finish().expect("writing to a Vec does not fail"),
        sorted.len(),
    )
}

/// A decoded lexicon: the inflated lines and where each starts.
#[derive(Debug, Default)]
pub struct Forms {
    text: String,
    starts: Vec<u32>,
}

/// One parsed line.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    form: &'a str,
    cut: usize,
    tail: &'a str,
    parts: &'a str,
}

impl Line<'_> {
    fn lemma_of(&self, form: &str) -> Option<String> {
        let n = form.chars().count();
        if self.cut > n || (self.cut == n && self.tail.is_empty()) {
            return None;
        }
        let keep = form
            .char_indices()
            .nth(n - self.cut)
            .map_or(form.len(), |(i, _)| i);
        Some(format!("{}{}", &form[..keep], self.tail))
    }

    fn parts(&self) -> Vec<String> {
        if self.parts.is_empty() {
            Vec::new()
        } else {
            self.parts.split('+').map(str::to_string).collect()
        }
    }
}

/// At most this many neighbours on each side vote in [`Forms::analogy`].
const VOTERS: usize = 64;

impl Forms {
    /// Decode a lexicon file; the error says what is wrong and on which
    /// line of the inflated body.
    pub fn decode(bytes: &[u8]) -> Result<Forms, String> {
        let body_at = bytes
            .windows(2)
            .position(|w| w == b"\n\n")
            .map(|i| i + 2)
            .ok_or("no header end (an empty line) found")?;
        let mut text = String::new();
        flate2::read::DeflateDecoder::new(&bytes[body_at..])
            .read_to_string(&mut text)
            .map_err(|e| format!("the body does not inflate to UTF-8 text: {e}"))?;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        if text.len() > u32::MAX as usize {
            return Err("the body is larger than 4 GiB".into());
        }
        let mut starts = Vec::with_capacity(text.len() / 24);
        let mut at = 0;
        for (n, line) in text.split_terminator('\n').enumerate() {
            let fields = line.split('\t').count();
            if fields != 4
                || line
                    .split('\t')
                    .nth(1)
                    .is_none_or(|c| c.parse::<usize>().is_err())
            {
                return Err(format!(
                    "line {}: expected `form TAB cut TAB tail TAB parts`",
                    n + 1
                ));
            }
            starts.push(at as u32);
            at += line.len() + 1;
        }
        Ok(Forms { text, starts })
    }

    /// The header lines (without `# `): sources, sizes, Voikko version.
    pub fn header(bytes: &[u8]) -> Vec<String> {
        let end = bytes.windows(2).position(|w| w == b"\n\n").unwrap_or(0);
        String::from_utf8_lossy(&bytes[..end])
            .lines()
            .map(|l| l.trim_start_matches('#').trim_start().to_string())
            .collect()
    }

    /// Number of forms.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when the lexicon has no forms.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn line(&self, i: usize) -> Line<'_> {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&s| s as usize)
            - 1;
        let mut f = self.text[start..end].splitn(4, '\t');
        let form = f.next().unwrap_or("");
        let cut = f.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        let tail = f.next().unwrap_or("");
        let parts = f.next().unwrap_or("");
        Line {
            form,
            cut,
            tail,
            parts,
        }
    }

    /// Where `form` is or would be, in the file's order.
    fn search(&self, form: &str) -> Result<usize, usize> {
        let mut lo = 0;
        let mut hi = self.starts.len();
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp_reversed(self.line(mid).form, form) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// The analysis of a known lower-case form.
    pub fn get(&self, form: &str) -> Option<Lemma> {
        let i = self.search(form).ok()?;
        let line = self.line(i);
        Some(Lemma {
            lemma: line.lemma_of(form)?,
            parts: line.parts(),
            upos: None,
        })
    }

    /// A guess for an unseen lower-case form by analogy: the known forms
    /// that share its longest ending (at least `min_suffix` characters)
    /// vote for their rewrite (`asiantuntijoiden` → cut 5, add `a`), and
    /// the rewrite with most votes is applied. A known form that is the
    /// whole ending makes a compound: its parts follow the unseen head
    /// (the head's own lemma when the lexicon knows it).
    pub fn analogy(&self, form: &str, min_suffix: usize) -> Option<Lemma> {
        let at = match self.search(form) {
            Ok(_) => return self.get(form),
            Err(at) => at,
        };
        let n = form.chars().count();
        let shared = |i: usize| common_suffix(self.line(i).form, form);
        let longest = [at.checked_sub(1), (at < self.len()).then_some(at)]
            .into_iter()
            .flatten()
            .map(shared)
            .max()?;
        if longest < min_suffix || longest >= n {
            return None;
        }
        // The neighbours sharing that ending, a bounded number each side.
        let mut lo = at;
        while lo > 0 && at - lo < VOTERS && shared(lo - 1) >= longest {
            lo -= 1;
        }
        let mut hi = at;
        while hi < self.len() && hi - at < VOTERS && shared(hi) >= longest {
            hi += 1;
        }
        // Votes per rewrite; only rewrites inside the shared ending count.
        let mut votes: Vec<((usize, &str), usize)> = Vec::new();
        let mut whole: Option<usize> = None;
        for i in lo..hi {
            let line = self.line(i);
            if line.cut > longest {
                continue;
            }
            if line.form.chars().count() == longest {
                whole = Some(i);
            }
            let rule = (line.cut, line.tail);
            match votes.iter_mut().find(|(r, _)| *r == rule) {
                Some((_, v)) => *v += 1,
                None => votes.push((rule, 1)),
            }
        }
        let ((cut, tail), _) = votes
            .iter()
            .copied()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
        let lemma = Line {
            form,
            cut,
            tail,
            parts: "",
        }
        .lemma_of(form)?;
        let mut parts = Vec::new();
        if let Some(i) = whole {
            let known = self.line(i);
            let head_len = form.len() - known.form.len();
            let head = form[..head_len].trim_end_matches('-');
            if head.chars().count() >= 3 {
                parts.push(self.get(head).map_or(head.to_string(), |l| l.lemma));
                let tail_parts = known.parts();
                if tail_parts.is_empty() {
                    parts.push(known.lemma_of(known.form).unwrap_or_default());
                } else {
                    parts.extend(tail_parts);
                }
            }
        }
        Some(Lemma {
            lemma,
            parts,
            upos: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(form: &str, lemma: &str, parts: &[&str]) -> FormEntry {
        FormEntry {
            form: form.into(),
            lemma: lemma.into(),
            parts: parts.iter().map(|p| p.to_string()).collect(),
        }
    }

    fn sample() -> Vec<FormEntry> {
        vec![
            entry("kaupungissa", "kaupunki", &[]),
            entry("tuntijoiden", "tuntija", &[]),
            entry("tekijöiden", "tekijä", &[]),
            entry("lukijoiden", "lukija", &[]),
            entry("puhujoiden", "puhuja", &[]),
            entry("järvillä", "järvi", &[]),
            entry("lähtöaikojen", "lähtöaika", &["lähtö", "aika"]),
            entry("aikojen", "aika", &[]),
            entry("parempi", "hyvä", &[]),
            entry("bad\tform", "x", &[]),
        ]
    }

    #[test]
    fn encoding_round_trips_and_keeps_the_header() {
        let (bytes, n) = encode("teema test lexicon\nsecond line", &sample());
        assert_eq!(n, 9, "the form with a tab is skipped");
        assert_eq!(Forms::header(&bytes), ["teema test lexicon", "second line"]);
        let forms = Forms::decode(&bytes).unwrap();
        assert_eq!(forms.len(), 9);
        for e in sample().iter().filter(|e| !e.form.contains('\t')) {
            let got = forms
                .get(&e.form)
                .unwrap_or_else(|| panic!("{} missing", e.form));
            assert_eq!(got.lemma, e.lemma, "{}", e.form);
            assert_eq!(got.parts, e.parts, "{}", e.form);
        }
        assert!(forms.get("talossa").is_none());
        // The body is in reversed-form order.
        for i in 1..forms.len() {
            assert!(cmp_reversed(forms.line(i - 1).form, forms.line(i).form).is_lt());
        }
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        assert!(Forms::decode(b"# no end of header").is_err());
        assert!(Forms::decode(b"# header\n\nnot deflate").is_err());
        let mut z =
            flate2::write::DeflateEncoder::new(b"# h\n\n".to_vec(), flate2::Compression::fast());
        z.write_all(b"talo\tx\t\t\n").unwrap();
        let err = Forms::decode(&z.finish().unwrap()).unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn unseen_forms_follow_their_longest_known_ending() {
        let (bytes, _) = encode("t", &sample());
        let forms = Forms::decode(&bytes).unwrap();
        let guess = forms.analogy("kirjoittajoiden", 4).unwrap();
        assert_eq!(guess.lemma, "kirjoittaja");
        // A known form as the whole ending: a compound with its parts.
        let guess = forms.analogy("kokoontumisaikojen", 4).unwrap();
        assert_eq!(guess.lemma, "kokoontumisaika");
        assert_eq!(guess.parts, ["kokoontumis", "aika"]);
        // Too short a shared ending: no guess.
        assert!(forms.analogy("omenalla", 4).is_none());
        // An irregular rewrite (the whole word) never spreads.
        assert!(forms.analogy("kempi", 3).is_none());
    }
}
