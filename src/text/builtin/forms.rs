//! The distilled form lexicon: frequent Finnish word forms with the lemma
//! and compound parts that teema's Voikko analysis gives them, embedded in
//! the binary (`forms.lex`) so the built-in lemmatiser knows them without
//! any system library. `teema lexicon build` writes the file; its header
//! says how it was made.
//!
//! File format: a UTF-8 header of `#` lines ended by an empty line; an
//! index (`forms TOTAL PER_BLOCK BLOCKS`, then one line per block:
//! `compressed length TAB first form`) ended by an empty line; then the
//! blocks, each a raw deflate stream of `PER_BLOCK` lines
//! `form TAB cut TAB tail TAB parts`, where the lemma is the form without
//! its last `cut` characters plus `tail`, and `parts` are the compound
//! parts joined by `+` (empty for a simple word). Lines are sorted by the
//! reversed form, so forms with a common ending are neighbours: an exact
//! look-up is a binary search, and an unseen form finds the known forms
//! that share its longest ending (see [`Forms::analogy`]). A block is
//! inflated the first time a look-up reaches it, so a short run pays for
//! a few blocks only.

use crate::text::lemmatizer::Lemma;
use std::cmp::Ordering;
use std::io::{Read as _, Write as _};
use std::sync::OnceLock;

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

/// Lines per block: small enough that a look-up inflates little (about
/// 50 KB), large enough that deflate loses next to nothing.
const PER_BLOCK: usize = 2048;

/// Encode a lexicon: `header` (each line gets a leading `# `), the index,
/// then the entries sorted by reversed form in deflated blocks. Entries
/// the format cannot hold (see [`storable`]) are skipped; the count
/// written is returned.
pub fn encode(header: &str, entries: &[FormEntry]) -> (Vec<u8>, usize) {
    let mut sorted: Vec<&FormEntry> = entries.iter().filter(|e| storable(e)).collect();
    sorted.sort_by(|a, b| cmp_reversed(&a.form, &b.form).then_with(|| a.lemma.cmp(&b.lemma)));
    sorted.dedup_by(|a, b| a.form == b.form);
    let mut index = String::new();
    let mut blocks = Vec::new();
    for chunk in sorted.chunks(PER_BLOCK) {
        let mut body = String::new();
        for e in chunk {
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
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(body.as_bytes())
            .expect("writing to a Vec does not fail");
        let block = z.finish().expect("writing to a Vec does not fail");
        index.push_str(&format!("{}\t{}\n", block.len(), chunk[0].form));
        blocks.extend_from_slice(&block);
    }
    let mut out = Vec::new();
    for line in header.lines() {
        out.extend_from_slice(b"# ");
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
    let count = sorted.len().div_ceil(PER_BLOCK);
    out.extend_from_slice(format!("forms {} {PER_BLOCK} {count}\n", sorted.len()).as_bytes());
    out.extend_from_slice(index.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&blocks);
    (out, sorted.len())
}

/// A decoded lexicon: the index, and each block inflated on first use.
#[derive(Debug, Default)]
pub struct Forms<'a> {
    data: &'a [u8],
    blocks: Vec<BlockRef>,
    loaded: Vec<OnceLock<Block>>,
    per_block: usize,
    total: usize,
    /// What was wrong with the first damaged block a look-up met.
    damage: OnceLock<String>,
}

/// Where a block is and its first form.
#[derive(Debug)]
struct BlockRef {
    start: usize,
    end: usize,
    first: String,
}

/// An inflated block: its lines and where each starts.
#[derive(Debug, Default)]
struct Block {
    text: String,
    starts: Vec<u32>,
}

impl Block {
    /// Inflate a block; the error says what is wrong.
    fn inflate(bytes: &[u8], lines: usize) -> Result<Block, String> {
        let mut text = String::with_capacity(lines * 32);
        flate2::read::DeflateDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| format!("a block does not inflate to UTF-8 text: {e}"))?;
        if !text.ends_with('\n') {
            return Err("a block does not end with a newline".into());
        }
        let mut starts = Vec::with_capacity(lines);
        starts.push(0);
        starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| i as u32 + 1)
                .filter(|&i| (i as usize) < text.len()),
        );
        if starts.len() != lines {
            return Err(format!(
                "a block has {} lines, its index says {lines}",
                starts.len()
            ));
        }
        Ok(Block { text, starts })
    }

    /// The form of line `j` alone (the binary search compares only it).
    fn form(&self, j: usize) -> Option<&str> {
        let start = *self.starts.get(j)? as usize;
        let rest = &self.text[start..];
        Some(&rest[..memchr::memchr(b'\t', rest.as_bytes())?])
    }

    fn line(&self, j: usize) -> Option<Line<'_>> {
        let start = *self.starts.get(j)? as usize;
        let end = self
            .starts
            .get(j + 1)
            .map_or(self.text.len(), |&s| s as usize)
            - 1;
        let mut f = self.text[start..end].splitn(4, '\t');
        let form = f.next()?;
        let cut = f.next()?.parse().ok()?;
        let tail = f.next()?;
        let parts = f.next()?;
        Some(Line {
            form,
            cut,
            tail,
            parts,
        })
    }
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

/// The end of the text before the first empty line, and where what
/// follows it starts.
fn section(bytes: &[u8]) -> Option<(usize, usize)> {
    if bytes.first() == Some(&b'\n') {
        return Some((0, 1));
    }
    let at = memchr::memmem::find(bytes, b"\n\n")?;
    Some((at, at + 2))
}

impl<'a> Forms<'a> {
    /// Decode a lexicon file's header and index (blocks are inflated when
    /// a look-up needs them); the error says what is wrong.
    pub fn decode(bytes: &'a [u8]) -> Result<Forms<'a>, String> {
        let (_, index_at) = section(bytes).ok_or("no header end (an empty line) found")?;
        let (index_end, data_at) =
            section(&bytes[index_at..]).ok_or("no index end (an empty line) found")?;
        let index = std::str::from_utf8(&bytes[index_at..index_at + index_end])
            .map_err(|_| "the index is not UTF-8")?;
        let mut lines = index.lines();
        let bad = || "the index does not start with `forms TOTAL PER_BLOCK BLOCKS`".to_string();
        let head: Vec<usize> = lines
            .next()
            .and_then(|l| l.strip_prefix("forms "))
            .ok_or_else(bad)?
            .split(' ')
            .map(|n| n.parse().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        let [total, per_block, count] = head[..] else {
            return Err(bad());
        };
        if per_block == 0 || total.div_ceil(per_block) != count {
            return Err(bad());
        }
        let data = &bytes[index_at + data_at..];
        let mut blocks = Vec::with_capacity(count);
        let mut start = 0;
        for (n, line) in lines.enumerate() {
            let (len, first) = line
                .split_once('\t')
                .and_then(|(l, f)| Some((l.parse::<usize>().ok()?, f)))
                .ok_or_else(|| format!("index line {}: expected `length TAB form`", n + 2))?;
            blocks.push(BlockRef {
                start,
                end: start + len,
                first: first.to_string(),
            });
            start += len;
        }
        if blocks.len() != count || start != data.len() {
            return Err(format!(
                "the index lists {} blocks of {start} bytes; the file has {count} blocks of {} bytes",
                blocks.len(),
                data.len()
            ));
        }
        let loaded = (0..count).map(|_| OnceLock::new()).collect();
        Ok(Forms {
            data,
            blocks,
            loaded,
            per_block,
            total,
            damage: OnceLock::new(),
        })
    }

    /// The header lines (without `# `): how the lexicon was made.
    pub fn header(bytes: &[u8]) -> Vec<String> {
        let end = section(bytes).map_or(0, |(end, _)| end);
        String::from_utf8_lossy(&bytes[..end])
            .lines()
            .map(|l| l.trim_start_matches('#').trim_start().to_string())
            .collect()
    }

    /// Number of forms.
    pub fn len(&self) -> usize {
        self.total
    }

    /// True when the lexicon has no forms.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Inflate every block and check every line (for tests and for
    /// `teema lexicon build`, which checks the file it writes).
    pub fn check(&self) -> Result<(), String> {
        for b in 0..self.blocks.len() {
            let r = &self.blocks[b];
            let block = Block::inflate(&self.data[r.start..r.end], self.block_lines(b))?;
            for j in 0..block.starts.len() {
                let line = block
                    .line(j)
                    .ok_or_else(|| format!("block {b}, line {}: malformed", j + 1))?;
                let previous = match j {
                    0 => None,
                    _ => block.line(j - 1).map(|l| l.form),
                };
                if j == 0 && line.form != r.first {
                    return Err(format!("block {b}: the index names another first form"));
                }
                if previous.is_some_and(|p| cmp_reversed(p, line.form).is_ge()) {
                    return Err(format!("block {b}, line {}: out of order", j + 1));
                }
            }
        }
        Ok(())
    }

    fn block_lines(&self, b: usize) -> usize {
        if b + 1 < self.blocks.len() {
            self.per_block
        } else {
            self.total - b * self.per_block
        }
    }

    /// Block `b`, inflated on first use (a damaged block is empty, and
    /// the first damage is kept for [`Forms::damage`]).
    fn block(&self, b: usize) -> &Block {
        self.loaded[b].get_or_init(|| {
            let r = &self.blocks[b];
            Block::inflate(&self.data[r.start..r.end], self.block_lines(b)).unwrap_or_else(|e| {
                let _ = self.damage.set(e);
                Block::default()
            })
        })
    }

    /// What was wrong with the first damaged block a look-up met (its
    /// forms are not found), if any.
    pub fn damage(&self) -> Option<&str> {
        self.damage.get().map(String::as_str)
    }

    fn line(&self, i: usize) -> Option<Line<'_>> {
        if self.per_block == 0 || i >= self.total {
            return None;
        }
        self.block(i / self.per_block).line(i % self.per_block)
    }

    /// Where `form` is or would be, in the file's order.
    fn search(&self, form: &str) -> Result<usize, usize> {
        // The last block whose first form is not after `form`.
        let b = self
            .blocks
            .partition_point(|r| cmp_reversed(&r.first, form).is_le());
        let Some(b) = b.checked_sub(1) else {
            return Err(0);
        };
        let block = self.block(b);
        let base = b * self.per_block;
        let mut lo = 0;
        let mut hi = block.starts.len();
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let Some(found) = block.form(mid) else {
                return Err(base + lo);
            };
            match cmp_reversed(found, form) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Ok(base + mid),
            }
        }
        Err(base + lo)
    }

    /// The analysis of a known lower-case form.
    pub fn get(&self, form: &str) -> Option<Lemma> {
        let i = self.search(form).ok()?;
        let line = self.line(i)?;
        Some(Lemma {
            lemma: line.lemma_of(form)?,
            parts: line.parts(),
            upos: None,
            after_negation: None,
        })
    }

    /// An unseen form that is a known one plus clitics (`-kin`, `-kaan`,
    /// `-han`, `-ko`, `-pa`) and possessive suffixes (`-ni`, `-mme`,
    /// `-nsa`, a long vowel + n; an illative drops its n before them):
    /// the known form's analysis (metsämmekin → metsä, asuntooni →
    /// asunto).
    pub fn without_suffixes(&self, form: &str) -> Option<Lemma> {
        const CLITICS: &[&str] = &[
            "", "kaan", "kään", "kin", "han", "hän", "pa", "pä", "ko", "kö",
        ];
        const POSSESSIVES: &[&str] = &["", "ni", "si", "mme", "nne", "nsa", "nsä"];
        for clitic in CLITICS {
            let Some(w) = form.strip_suffix(clitic) else {
                continue;
            };
            let mut rev = w.chars().rev();
            // Third person -Vn after the same vowel: talossaan → talossa.
            let long_vowel = match (rev.next(), rev.next(), rev.next()) {
                (Some('n'), Some(v), Some(u)) if v == u && "aeiouyäö".contains(v) => {
                    w.strip_suffix('n').and_then(|x| x.strip_suffix(v))
                }
                _ => None,
            };
            let stems = POSSESSIVES
                .iter()
                .filter_map(|p| w.strip_suffix(p))
                .chain(long_vowel);
            for stem in stems {
                if stem.len() == form.len() || stem.chars().count() < 3 {
                    continue;
                }
                if let Some(l) = self.get(stem) {
                    return Some(l);
                }
                // An illative before the suffix loses its n: asuntoo-ni,
                // aikoihi-nsa.
                if stem.ends_with(|c: char| "aeiouyäö".contains(c))
                    && let Some(l) = self.get(&format!("{stem}n"))
                {
                    return Some(l);
                }
            }
        }
        None
    }

    /// The lemma of a compound's first part: the lexicon's when it knows
    /// the form (kaupungin → kaupunki), an -inen word's when the part is
    /// its compound form in -is (vertais → vertainen), else the part as
    /// written.
    fn head_lemma(&self, head: &str) -> String {
        if let Some(l) = self.get(head) {
            return l.lemma;
        }
        // A known -is word (valmis, kallis) was found above.
        if let Some(stem) = head.strip_suffix("is")
            && stem.chars().count() >= 3
        {
            return format!("{stem}inen");
        }
        head.to_string()
    }

    /// An unseen compound whose last part is a known form (at least
    /// `min_tail` characters after a head of at least 3): the head plus
    /// the known form's lemma (kertaeriä → kertaerä, parts kerta + erä).
    /// The longest known last part wins.
    pub fn compound(&self, form: &str, min_tail: usize) -> Option<Lemma> {
        let n = form.chars().count();
        for (k, (at, _)) in form.char_indices().enumerate().skip(3) {
            if n - k < min_tail {
                break;
            }
            let (head, tail) = form.split_at(at);
            if !head.chars().any(|c| "aeiouyäö".contains(c)) {
                continue;
            }
            let Ok(i) = self.search(tail) else { continue };
            let Some(line) = self.line(i) else { continue };
            if line.cut > n - k {
                continue;
            }
            let Some(lemma) = line.lemma_of(form) else {
                continue;
            };
            let head = head.trim_end_matches('-');
            let mut parts = vec![self.head_lemma(head)];
            let tail_parts = line.parts();
            if tail_parts.is_empty() {
                parts.push(line.lemma_of(line.form).unwrap_or_default());
            } else {
                parts.extend(tail_parts);
            }
            return Some(Lemma {
                lemma,
                parts,
                upos: None,
                after_negation: None,
            });
        }
        None
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
        let shared = |i: usize| self.line(i).map_or(0, |l| common_suffix(l.form, form));
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
            let Some(line) = self.line(i) else { continue };
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
        if let Some(known) = whole.and_then(|i| self.line(i)) {
            let head_len = form.len() - known.form.len();
            let head = form[..head_len].trim_end_matches('-');
            if head.chars().count() >= 3 {
                parts.push(self.head_lemma(head));
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
            after_negation: None,
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
            entry("aikoihin", "aika", &[]),
            entry("parempi", "hyvä", &[]),
            entry("bad\tform", "x", &[]),
        ]
    }

    #[test]
    fn encoding_round_trips_and_keeps_the_header() {
        let (bytes, n) = encode("teema test lexicon\nsecond line", &sample());
        assert_eq!(n, 10, "the form with a tab is skipped");
        assert_eq!(Forms::header(&bytes), ["teema test lexicon", "second line"]);
        let forms = Forms::decode(&bytes).unwrap();
        assert_eq!(forms.len(), 10);
        for e in sample().iter().filter(|e| !e.form.contains('\t')) {
            let got = forms
                .get(&e.form)
                .unwrap_or_else(|| panic!("{} missing", e.form));
            assert_eq!(got.lemma, e.lemma, "{}", e.form);
            assert_eq!(got.parts, e.parts, "{}", e.form);
        }
        assert!(forms.get("talossa").is_none());
        forms.check().unwrap();
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        assert!(Forms::decode(b"# no end of header").is_err());
        assert!(Forms::decode(b"# header\n\nnot an index\n\n").is_err());
        assert!(Forms::decode(b"# h\n\nforms 3 2 2\n5\ta\n\nabcde").is_err());
        // A block that does not inflate, or has a bad line: `check` says
        // so, look-ups find nothing and do not panic.
        let forms = Forms::decode(b"# h\n\nforms 1 2 1\n5\ttalo\n\nabcde").unwrap();
        assert!(forms.check().is_err());
        assert_eq!(forms.damage(), None, "no look-up has met the damage yet");
        assert!(forms.get("talo").is_none());
        // The look-up kept what was wrong, for the analyser to report.
        let damage = forms.damage().expect("the damaged block is remembered");
        assert!(damage.contains("does not inflate"), "{damage}");
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"talo\tx\t\t\n").unwrap();
        let block = z.finish().unwrap();
        let mut file = format!("# h\n\nforms 1 2 1\n{}\ttalo\n\n", block.len()).into_bytes();
        file.extend_from_slice(&block);
        let forms = Forms::decode(&file).unwrap();
        let err = forms.check().unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        assert!(forms.analogy("kivitalo", 3).is_none());
    }

    #[test]
    fn clitics_and_possessives_come_off_known_forms() {
        let (bytes, _) = encode("t", &sample());
        let forms = Forms::decode(&bytes).unwrap();
        for (form, lemma) in [
            ("kaupungissakin", "kaupunki"),
            ("kaupungissani", "kaupunki"),
            ("kaupungissaan", "kaupunki"),
            ("järvilläkö", "järvi"),
            ("järvillämmekin", "järvi"),
            ("aikoihinsa", "aika"),
        ] {
            assert_eq!(
                forms.without_suffixes(form).map(|l| l.lemma).as_deref(),
                Some(lemma),
                "{form}"
            );
        }
        // Only a known form counts: no stripping into the unknown.
        assert!(forms.without_suffixes("omenani").is_none());
        assert!(forms.without_suffixes("kaupunki").is_none());
    }

    #[test]
    fn a_known_last_part_makes_a_compound() {
        let (bytes, _) = encode("t", &sample());
        let forms = Forms::decode(&bytes).unwrap();
        let l = forms.compound("satamakaupungissa", 4).unwrap();
        assert_eq!(l.lemma, "satamakaupunki");
        assert_eq!(l.parts, ["satama", "kaupunki"]);
        // The longest known last part, with its own parts.
        let l = forms.compound("iltalähtöaikojen", 4).unwrap();
        assert_eq!(l.lemma, "iltalähtöaika");
        assert_eq!(l.parts, ["ilta", "lähtö", "aika"]);
        // An -inen word's compound form as the head.
        let l = forms.compound("ystävällisjärvillä", 4).unwrap();
        assert_eq!(l.parts, ["ystävällinen", "järvi"]);
        // Too short a head or tail: nothing.
        assert!(forms.compound("xaikojen", 4).is_none());
        assert!(forms.compound("kukkajärvillä", 9).is_none());
    }

    #[test]
    fn look_ups_cross_block_boundaries() {
        // More forms than one block holds: every one is found, and the
        // analogy reads neighbours in the next block.
        let entries: Vec<FormEntry> = (0..PER_BLOCK * 2 + 7)
            .map(|i| entry(&format!("talo{i}ssa"), &format!("talo{i}"), &[]))
            .collect();
        let (bytes, n) = encode("t", &entries);
        assert_eq!(n, entries.len());
        let forms = Forms::decode(&bytes).unwrap();
        forms.check().unwrap();
        assert_eq!(forms.blocks.len(), 3);
        for e in &entries {
            assert_eq!(forms.get(&e.form).map(|l| l.lemma), Some(e.lemma.clone()));
        }
        assert!(forms.get("talossa").is_none());
        assert_eq!(forms.analogy("x9ssa", 3).unwrap().lemma, "x9");
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
        assert_eq!(guess.parts, ["kokoontuminen", "aika"]);
        // Too short a shared ending: no guess.
        assert!(forms.analogy("omenalla", 4).is_none());
        // An irregular rewrite (the whole word) never spreads.
        assert!(forms.analogy("kempi", 3).is_none());
    }
}
