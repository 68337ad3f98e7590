//! The per-thread cache of analyses per word form, laid out for the hot
//! loop: forms of up to 23 bytes are stored inside the hash table together
//! with their lemma (when it is short too), the stopword mark and whether
//! the word has compound parts, so a hit on a simple word reads one table
//! bucket and nothing else. Longer forms and lemmas, and compound parts,
//! live in the entry list.
//!
//! In front of the table sits a direct-mapped cache of recent forms
//! ([`HOT_SLOTS`] slots of one cache line each, 4 MiB): word frequencies
//! are Zipfian, so most tokens hit it, and a hit reads one cache line,
//! which the session asks memory for ahead ([`Cache::prefetch`], for a few
//! words at a time) where a look-up in the table of every form (tens of MB
//! on a large corpus) waits on main memory twice. With 512 KiB only 40 %
//! of the fi-news tokens hit it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Forms a cache holds before it starts again (bounds memory on huge corpora).
const CACHE_LIMIT: usize = 1 << 20;

/// One cached analysis, in full.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub lemma: String,
    pub parts: Vec<String>,
    pub stopword: bool,
    pub source: super::LemmaSource,
    pub known: bool,
    pub upos: Option<&'static str>,
    /// Voikko's answer for this very form, and the same for every other
    /// capitalisation of it (see `State::case_variant`).
    pub case_free: bool,
    /// The lemmatiser gave no lemma: the lower-case form stands in.
    pub lemma_from_form: bool,
    /// The lemma and stopword mark right after a negation verb, where
    /// they differ (see `Lemma::after_negation`); boxed, as few forms
    /// have one.
    pub after_negation: Option<Box<(Box<str>, bool)>>,
}

impl Entry {
    /// True when the lemmatiser read the form as a verb or auxiliary.
    pub fn is_verb(&self) -> bool {
        matches!(self.upos, Some("VERB" | "AUX"))
    }
}

/// What a hit returns: the entry's index and what the tokens need.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hot {
    /// The lemma when it fits inline (`None`: read the entry).
    lemma: Option<Inline>,
    /// Index into the entry list.
    pub entry: u32,
    /// The stopword mark.
    pub stopword: bool,
    /// Whether the entry has compound parts.
    pub has_parts: bool,
    /// Whether the entry has another lemma after a negation verb.
    pub negatable: bool,
}

impl Hot {
    /// The lemma, inline or from the entry.
    #[inline]
    pub fn lemma<'a>(&'a self, cache: &'a Cache) -> &'a str {
        match &self.lemma {
            Some(l) => l.as_str(),
            None => &cache.entries[self.entry as usize].lemma,
        }
    }

    /// The lemma and stopword mark after a negation verb, if another.
    #[inline]
    pub fn after_negation<'a>(&self, cache: &'a Cache) -> Option<(&'a str, bool)> {
        if !self.negatable {
            return None;
        }
        let n = cache.entries[self.entry as usize]
            .after_negation
            .as_deref()?;
        Some((&n.0, n.1))
    }

    /// The compound parts.
    #[inline]
    pub fn parts<'a>(&self, cache: &'a Cache) -> &'a [String] {
        if self.has_parts {
            &cache.entries[self.entry as usize].parts
        } else {
            &[]
        }
    }
}

/// Slots of the direct-mapped cache (a power of two).
const HOT_SLOTS: usize = 1 << 16;

/// One slot of the direct-mapped cache: a form and its hot analysis.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Slot {
    key: Inline,
    hot: Hot,
}

// A slot is one cache line: a hit reads nothing else.
const _: () = assert!(std::mem::size_of::<Slot>() == 64);

/// Analyses per word form (as written), for one register.
#[derive(Debug, Default)]
pub(super) struct Cache {
    /// Recent short forms, by hash (empty until first used).
    recent: Vec<Slot>,
    /// Forms of up to 23 bytes (nearly all), stored inside the table.
    short: HashMap<Inline, Hot, BuildHasherDefault<WordHasher>>,
    /// Longer forms.
    long: HashMap<Box<str>, Hot, BuildHasherDefault<WordHasher>>,
    /// Every analysis in full.
    pub entries: Vec<Entry>,
}

impl Cache {
    /// The cached analysis of `word`, if any.
    #[inline]
    pub fn get(&mut self, word: &str) -> Option<Hot> {
        let Some(k) = Inline::new(word) else {
            return self.long.get(word).copied();
        };
        let i = (k.hash64() as usize) & (HOT_SLOTS - 1);
        if let Some(slot) = self.recent.get(i)
            && slot.key == k
        {
            return Some(slot.hot);
        }
        let hot = self.short.get(&k).copied()?;
        self.remember(i, k, hot);
        Some(hot)
    }

    /// Start loading the recent-forms slot of `word` into the processor's
    /// cache, so a look-up soon after does not wait on memory (a hint: no
    /// effect on results).
    #[inline]
    pub fn prefetch(&self, word: &str) {
        #[cfg(target_arch = "x86_64")]
        if !self.recent.is_empty()
            && let Some(k) = Inline::new(word)
        {
            let i = (k.hash64() as usize) & (HOT_SLOTS - 1);
            let slot = self.recent[i..].as_ptr().cast::<i8>();
            // SAFETY: a prefetch reads nothing and cannot fault; the
            // address is that of a slot of `recent`.
            unsafe { std::arch::x86_64::_mm_prefetch(slot, std::arch::x86_64::_MM_HINT_T0) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = word;
    }

    /// Put `key` into slot `i` of the direct-mapped cache.
    #[inline]
    fn remember(&mut self, i: usize, key: Inline, hot: Hot) {
        if self.recent.is_empty() {
            // A length byte of 24 is one no form has (`Inline::new` takes
            // at most 23 bytes), so an unused slot matches nothing.
            let mut unused = [0u8; 24];
            unused[23] = 24;
            let empty = Slot {
                key: Inline(unused),
                hot,
            };
            self.recent = vec![empty; HOT_SLOTS];
        }
        self.recent[i] = Slot { key, hot };
    }

    /// Cache the analysis of `word`.
    pub fn insert(&mut self, word: &str, entry: Entry) -> Hot {
        if self.entries.len() >= CACHE_LIMIT {
            self.short.clear();
            self.long.clear();
            self.entries.clear();
            self.recent.clear();
        }
        let hot = Hot {
            lemma: Inline::new(&entry.lemma),
            entry: self.entries.len() as u32,
            stopword: entry.stopword,
            has_parts: !entry.parts.is_empty(),
            negatable: entry.after_negation.is_some(),
        };
        self.entries.push(entry);
        match Inline::new(word) {
            Some(k) => {
                self.short.insert(k, hot);
                self.remember((k.hash64() as usize) & (HOT_SLOTS - 1), k, hot);
            }
            None => {
                self.long.insert(word.into(), hot);
            }
        };
        hot
    }
}

/// A string of up to 23 bytes stored inline, zero-padded, its length in
/// the last byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Inline([u8; 24]);

impl Inline {
    #[inline]
    fn new(s: &str) -> Option<Inline> {
        let len = s.len();
        if len > 23 {
            return None;
        }
        let mut b = [0u8; 24];
        b[..len].copy_from_slice(s.as_bytes());
        b[23] = len as u8;
        Some(Inline(b))
    }

    #[inline]
    fn as_str(&self) -> &str {
        let len = usize::from(self.0[23]).min(23);
        let bytes = &self.0[..len];
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: an `Inline` is only made by `Inline::new` from a whole
        // `&str` (all its bytes, its length in the last byte) or zeroed
        // (length 0), so `bytes` is always valid UTF-8. This is the hot
        // path of every token; validating again cost 3% of the analysis.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    /// The hash the table uses, for the direct-mapped cache's slot.
    #[inline]
    fn hash64(&self) -> u64 {
        let mut h = WordHasher::default();
        std::hash::Hash::hash(self, &mut h);
        h.finish()
    }

    #[inline]
    fn word(&self, i: usize) -> u64 {
        u64::from_le_bytes(self.0[i..i + 8].try_into().unwrap_or([0; 8]))
    }
}

impl std::hash::Hash for Inline {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let (a, b, c) = (self.word(0), self.word(8), self.word(16));
        state.write_u64(
            (a.wrapping_mul(K).rotate_left(31) ^ b)
                .wrapping_mul(K)
                .rotate_left(31)
                ^ c,
        );
    }
}

/// A fast hash for short strings with a full avalanche at the end, so the
/// hash table's bucket and tag bits are both well mixed (word forms differ
/// in few bytes; a weak finish makes many forms share a tag and costs a
/// string comparison each).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct WordHasher(u64);

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut h = self.0 ^ (bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            h = (h ^ v).wrapping_mul(K).rotate_left(31);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            h = (h ^ u64::from_le_bytes(buf))
                .wrapping_mul(K)
                .rotate_left(31);
        }
        self.0 = h;
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 ^= i;
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0 ^ u64::from(i)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // murmur3's fmix64.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(lemma: &str, parts: &[&str]) -> Entry {
        Entry {
            lemma: lemma.into(),
            parts: parts.iter().map(|p| p.to_string()).collect(),
            stopword: false,
            source: crate::text::LemmaSource::Rule,
            known: true,
            upos: None,
            case_free: false,
            lemma_from_form: false,
            after_negation: None,
        }
    }

    #[test]
    fn the_recent_cache_never_answers_for_another_form() {
        let mut c = Cache::default();
        // More forms than slots: many share a slot and evict each other.
        let forms: Vec<String> = (0..3 * HOT_SLOTS).map(|i| format!("muoto{i}")).collect();
        for (i, f) in forms.iter().enumerate() {
            c.insert(f, entry(&format!("lemma{i}"), &[]));
        }
        for _ in 0..2 {
            for (i, f) in forms.iter().enumerate().rev() {
                let h = c.get(f).unwrap();
                assert_eq!(h.lemma(&c), format!("lemma{i}"));
            }
        }
        assert!(c.get("muoto").is_none());
        // Unused slots match no form, the empty one included.
        let mut fresh = Cache::default();
        fresh.insert("talo", entry("talo", &[]));
        assert!(fresh.get("").is_none());
        assert!(fresh.get("talo").is_some());
    }

    #[test]
    fn short_and_long_forms_and_lemmas_come_back() {
        let mut c = Cache::default();
        let long = "kokemusasiantuntijoidenkaan";
        c.insert("talossa", entry("talo", &[]));
        c.insert(
            long,
            entry("kokemusasiantuntijakaan-pitkä-lemma", &["kokemus", "asia"]),
        );
        let h = c.get("talossa").unwrap();
        assert_eq!((h.lemma(&c), h.parts(&c).len()), ("talo", 0));
        let h = c.get(long).unwrap();
        assert_eq!(h.lemma(&c), "kokemusasiantuntijakaan-pitkä-lemma");
        assert_eq!(h.parts(&c), ["kokemus", "asia"]);
        assert!(c.get("talo").is_none());
    }
}
