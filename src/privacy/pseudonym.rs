//! Stable pseudonyms per run: each distinct original (by its [`Found::key`])
//! gets the next number of its kind, in the order first met, so the same
//! person is the same code everywhere (`[HENKILÖ 1]`, `[PUHELIN 2]`,
//! `[HETU 1]`, `[SÄHKÖPOSTI 1]`, `[IBAN 1]`, `[OSOITE 1]`).
//!
//! The originals are kept only in the [`PseudonymKey`], which is written
//! only to the file the user names (`--key-out`); the [`PrivacySummary`]
//! that manifests and reports show has counts, never originals.

use super::Kind;
use super::detect::Found;
use crate::{Error, Result};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

/// Codes given so far, with the originals behind them.
#[derive(Default)]
pub struct Pseudonyms {
    codes: FxHashMap<(Kind, String), usize>,
    entries: Vec<KeyEntry>,
    next: [u32; Kind::ALL.len()],
    replaced: [u64; Kind::ALL.len()],
}

impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pseudonyms")
            .field("codes", &self.entries.len())
            .finish_non_exhaustive()
    }
}

/// One code and what it stands for.
#[derive(Clone)]
struct KeyEntry {
    kind: Kind,
    number: u32,
    originals: BTreeSet<String>,
}

/// The code of a kind and number: `[PUHELIN 3]`.
pub fn code(kind: Kind, number: u32) -> String {
    format!("[{} {number}]", kind.label())
}

impl Pseudonyms {
    /// No codes yet.
    pub fn new() -> Pseudonyms {
        Pseudonyms::default()
    }

    /// The code for `found` (written as `original`): the same key gets the
    /// same code; a new key the next number of its kind.
    pub fn code_for(&mut self, found: &Found, original: &str) -> String {
        let k = found.kind.index();
        self.replaced[k] += 1;
        let i = match self.codes.get(&(found.kind, found.key.clone())) {
            Some(&i) => i,
            None => {
                self.next[k] += 1;
                self.entries.push(KeyEntry {
                    kind: found.kind,
                    number: self.next[k],
                    originals: BTreeSet::new(),
                });
                let i = self.entries.len() - 1;
                self.codes.insert((found.kind, found.key.clone()), i);
                i
            }
        };
        let e = &mut self.entries[i];
        if !e.originals.contains(original) {
            e.originals.insert(original.to_string());
        }
        code(e.kind, e.number)
    }

    /// Spans replaced so far, all kinds.
    pub fn replaced(&self) -> u64 {
        self.replaced.iter().sum()
    }

    /// The counts for manifests and reports.
    pub fn summary(&self, kinds: &[Kind]) -> PrivacySummary {
        PrivacySummary {
            pseudonymised: true,
            kinds: kinds.to_vec(),
            counts: Kind::ALL
                .iter()
                .filter(|k| kinds.contains(k))
                .map(|&kind| KindCount {
                    kind,
                    replaced: self.replaced[kind.index()],
                    distinct: self.next[kind.index()],
                })
                .collect(),
        }
    }

    /// The summary and the key.
    pub fn finish(self, kinds: &[Kind]) -> PrivacyReport {
        let summary = self.summary(kinds);
        let mut entries = self.entries;
        entries.sort_by_key(|e| (e.kind, e.number));
        PrivacyReport {
            summary,
            key: PseudonymKey { entries },
        }
    }
}

/// What pseudonymisation did, for manifests and reports: kinds and counts,
/// never an original.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PrivacySummary {
    /// False when the user turned pseudonymisation off (`--no-pseudonymise`).
    pub pseudonymised: bool,
    /// The kinds looked for.
    pub kinds: Vec<Kind>,
    /// Per kind looked for: replacements and distinct codes.
    pub counts: Vec<KindCount>,
}

impl PrivacySummary {
    /// The summary of a run without pseudonymisation.
    pub fn off() -> PrivacySummary {
        PrivacySummary {
            pseudonymised: false,
            kinds: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// Replacements in all.
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|c| c.replaced).sum()
    }
}

impl std::fmt::Display for PrivacySummary {
    /// `pseudonymised: 3 identity codes (2 distinct), 0 phone numbers, …`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.pseudonymised {
            return f.write_str("not pseudonymised (--no-pseudonymise)");
        }
        f.write_str("pseudonymised: ")?;
        for (i, c) in self.counts.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} {}", c.replaced, c.kind.plural())?;
            if c.replaced > 0 {
                write!(f, " ({} distinct)", c.distinct)?;
            }
        }
        Ok(())
    }
}

/// Replacements of one kind.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct KindCount {
    /// The kind.
    pub kind: Kind,
    /// Spans replaced.
    pub replaced: u64,
    /// Distinct originals (codes given).
    pub distinct: u32,
}

/// The outcome of pseudonymising: the summary to show and the key to keep
/// apart.
#[derive(Debug)]
pub struct PrivacyReport {
    /// Kinds and counts (safe to show and store).
    pub summary: PrivacySummary,
    /// Codes back to originals (write only with `--key-out`).
    pub key: PseudonymKey,
}

/// Codes back to the originals. Deliberately not `Serialize`, and its
/// `Debug` shows only how many codes it has: the only way out is
/// [`PseudonymKey::write`].
#[derive(Clone, Default)]
pub struct PseudonymKey {
    entries: Vec<KeyEntry>,
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PseudonymKey {{ {} codes }}", self.entries.len())
    }
}

impl PseudonymKey {
    /// Number of codes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was replaced.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `text` with every original of the key replaced by its code (the
    /// longest originals first): for text that names the data from outside
    /// it, such as the command line a run records (`teema analyze
    /// "asiakas 010190-123A.csv"`).
    pub fn redact(&self, text: &str) -> String {
        let mut originals: Vec<(&str, String)> = self
            .entries
            .iter()
            .flat_map(|e| {
                e.originals
                    .iter()
                    .map(move |o| (o.as_str(), code(e.kind, e.number)))
            })
            .filter(|(o, _)| !o.is_empty())
            .collect();
        originals.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        let mut out = text.to_string();
        for (original, code) in originals {
            if out.contains(original) {
                out = out.replace(original, &code);
            }
        }
        out
    }

    /// The key as tab-separated text: a header, then one line per code and
    /// original form (`[HENKILÖ 1]<TAB>name<TAB>Virtaselle`), codes in order.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("code\tkind\toriginal\n");
        for e in &self.entries {
            for o in &e.originals {
                let clean: String = o
                    .chars()
                    .map(|c| {
                        if c == '\t' || c == '\n' || c == '\r' {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                out.push_str(&format!(
                    "{}\t{}\t{clean}\n",
                    code(e.kind, e.number),
                    e.kind.name()
                ));
            }
        }
        out
    }

    /// Write the key to `path` (readable by its owner only, on Unix),
    /// through a temporary file renamed over `path`.
    pub fn write(&self, path: &Path) -> Result<()> {
        crate::output::StagedFile::write(path, true, |w| {
            w.write_all(self.to_tsv().as_bytes())
                .map_err(|e| Error::io(path, e))
        })?
        .commit()
        .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(kind: Kind, key: &str) -> Found {
        Found {
            start: 0,
            end: 0,
            kind,
            key: key.into(),
        }
    }

    #[test]
    fn same_key_same_code_numbers_per_kind_in_first_seen_order() {
        let mut p = Pseudonyms::new();
        assert_eq!(
            p.code_for(&found(Kind::Phone, "358401"), "040 1"),
            "[PUHELIN 1]"
        );
        assert_eq!(p.code_for(&found(Kind::Hetu, "X"), "x"), "[HETU 1]");
        assert_eq!(
            p.code_for(&found(Kind::Phone, "358402"), "040 2"),
            "[PUHELIN 2]"
        );
        assert_eq!(
            p.code_for(&found(Kind::Phone, "358401"), "+358 40 1"),
            "[PUHELIN 1]"
        );
        assert_eq!(
            p.code_for(&found(Kind::Name, "person 3"), "Matille"),
            "[HENKILÖ 1]"
        );
        let r = p.finish(&[Kind::Name, Kind::Hetu, Kind::Phone]);
        assert_eq!(
            r.summary.to_string(),
            "pseudonymised: 1 names (1 distinct), 1 identity codes (1 distinct), 3 phone numbers (2 distinct)"
        );
        assert_eq!(
            r.key.to_tsv(),
            "code\tkind\toriginal\n[HENKILÖ 1]\tname\tMatille\n[HETU 1]\thetu\tx\n\
             [PUHELIN 1]\tphone\t+358 40 1\n[PUHELIN 1]\tphone\t040 1\n[PUHELIN 2]\tphone\t040 2\n"
        );
    }

    #[test]
    fn key_never_shows_in_debug_or_summary() {
        let mut p = Pseudonyms::new();
        p.code_for(&found(Kind::Email, "a@b.fi"), "a@b.fi");
        let r = p.finish(&[Kind::Email]);
        let shown = format!("{r:?} {}", serde_json::to_string(&r.summary).unwrap());
        assert!(!shown.contains("a@b.fi"), "{shown}");
    }

    #[test]
    fn redact_replaces_every_original_longest_first() {
        let mut p = Pseudonyms::new();
        p.code_for(&found(Kind::Phone, "358401"), "040 1");
        p.code_for(&found(Kind::Phone, "358401"), "+358 40 1");
        p.code_for(&found(Kind::Hetu, "010190-123A"), "010190-123A");
        let r = p.finish(&[Kind::Hetu, Kind::Phone]);
        assert_eq!(
            r.key
                .redact("asiakas 010190-123A, puh. +358 40 1 tai 040 1.csv"),
            "asiakas [HETU 1], puh. [PUHELIN 1] tai [PUHELIN 1].csv"
        );
        assert_eq!(r.key.redact("--out tulokset"), "--out tulokset");
    }
}
