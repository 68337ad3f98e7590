//! Word meaning: Finnish word vectors embedded in teema, for finding the
//! words of a data set that are nearest in meaning to a researcher's word
//! (`teema similar`, `teema search --expand`, `~word` in a codebook).
//!
//! The vectors are floret subword vectors trained on Finnish web text,
//! distilled from the MIT-licensed spaCy package
//! `spacy-fi-experimental-web-md` 0.15.0 (built on spaCy by Explosion) by
//! `scripts/distil_vectors.py` into `vectors.bin` (7.7 MB): the package's
//! 50,000 hash buckets × 300 dimensions, each bucket row quantised to 4 bits
//! with its own scale.
//!
//! A word's vector is floret's: the word is wrapped in `<` `>`, and the
//! whole wrapped word and each of its character n-grams of 4 and 5 (Unicode
//! characters) is hashed with MurmurHash3 x64/128 (seed 2166136261); the
//! low and high 32 bits of the first 64-bit half pick two buckets each, and
//! the vector is the mean of those rows. So every form gets a vector:
//! inflected forms, new compounds, typos and colloquial forms alike, and
//! forms that share n-grams share meaning. Against spaCy's own vectors the
//! distilled ones have a mean cosine of 0.993 (4,000 frequent forms of
//! Finnish treebank text; `tests/data/vectors/spacy_sample.tsv` checks
//! 210 words in the test suite).
//!
//! The vectors are looked up by the form exactly as given, as spaCy does
//! (its `attr` is ORTH: `Koira` and `koira` differ); teema passes lemmas and
//! lower-case forms. Vectors come out L2-normalised, so a dot product is the
//! cosine similarity.
//!
//! Cost: [`WordVectors::vector`] hashes about 15 n-grams and sums about 30
//! rows of 300 values; it allocates nothing for words up to
//! [`STACK_BYTES`] bytes. [`WordVectors::vectors`] does many words in
//! parallel, and [`WordTable`] holds the vectors of a vocabulary to ask
//! for neighbours. Measured (`cargo bench --bench meaning`, 2 busy cores):
//! 4 µs a word on the distinct words of news text, 104,000 words in 0.8 s
//! as a batch, the 10 nearest among them in 36 ms.
//!
//! ```
//! use teema::meaning::{WordTable, WordVectors};
//!
//! let vectors = WordVectors::embedded();
//! let mut v = vec![0.0; vectors.dims()];
//! vectors.vector("vertaistuki", &mut v);
//! assert!(vectors.similarity("koira", "koiran") > vectors.similarity("koira", "auto"));
//! let table = WordTable::new(vectors, ["kissa", "auto", "koiranpentu"]);
//! let near = table.nearest(&v, 1, 0.0, None);
//! assert_eq!(near.len(), 1);
//! ```

mod table;
mod vocabulary;

pub use table::{Neighbour, WordTable};
pub use vocabulary::{Similar, Vocabulary, WordCount, count_words};

use rayon::prelude::*;
use std::sync::OnceLock;

/// The distilled vectors (see `scripts/distil_vectors.py` for the layout).
static EMBEDDED: &[u8] = include_bytes!("vectors.bin");

/// Words whose wrapped form is at most this many bytes are analysed on the
/// stack; longer ones allocate (rare: Finnish words of 60+ letters).
pub const STACK_BYTES: usize = 128;

/// How many neighbours `teema similar`, `search --expand` and `~word` take
/// by default.
pub const NEIGHBOURS: usize = 10;

/// The cosine similarity a neighbour needs by default. Chosen on the
/// sample survey (corpora/palautekysely.csv): at 0.6 the neighbours of
/// `vertaistuki` are vertaistukiryhmä, the misspelt vertaistki, tuki and
/// vertaisryhmä; at 0.5 come also yhteisöllisyys, luottamuksellisuus,
/// digineuvonta and toiminta, which a researcher would not call the same.
pub const MIN_SIMILARITY: f32 = 0.6;

const MAGIC: &[u8; 8] = b"TEEMAVEC";
const HEADER: usize = 8 + 8 * 4;

/// Floret word vectors: a table of hashed n-gram rows, 4-bit values with a
/// scale per row. Cheap to share (`Sync`); one instance for the process.
#[derive(Debug)]
pub struct WordVectors {
    rows: usize,
    dims: usize,
    minn: usize,
    maxn: usize,
    hash_count: usize,
    seed: u32,
    /// One scale per row.
    scales: Vec<f32>,
    /// `rows × dims/2` bytes: byte `j` of a row holds dimension `j` in its
    /// low nibble and `j + dims/2` in its high nibble, each as value + 8.
    packed: &'static [u8],
}

impl WordVectors {
    /// The vectors embedded in teema, read once per process.
    pub fn embedded() -> &'static WordVectors {
        static VECTORS: OnceLock<WordVectors> = OnceLock::new();
        VECTORS.get_or_init(|| {
            WordVectors::parse(EMBEDDED)
                .expect("the embedded vectors.bin is checked by the meaning tests")
        })
    }

    /// Read vectors in the layout `scripts/distil_vectors.py` writes.
    pub fn parse(bytes: &'static [u8]) -> std::result::Result<WordVectors, String> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err("not a teema word-vector file (no TEEMAVEC header)".into());
        }
        let u = |i: usize| {
            let at = 8 + 4 * i;
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let (version, rows, dims) = (u(0), u(1) as usize, u(2) as usize);
        let (minn, maxn, hash_count, seed, bits) =
            (u(3) as usize, u(4) as usize, u(5) as usize, u(6), u(7));
        if version != 1 || bits != 4 {
            return Err(format!(
                "word-vector file version {version} with {bits}-bit values: this teema reads version 1, 4 bits"
            ));
        }
        if rows == 0 || dims == 0 || dims % 2 != 0 || minn == 0 || maxn < minn {
            return Err(format!(
                "word-vector file header is inconsistent: {rows} rows, {dims} dimensions, n-grams {minn}..{maxn}"
            ));
        }
        if !(1..=4).contains(&hash_count) {
            return Err(format!(
                "word-vector file asks for {hash_count} hashes (1-4)"
            ));
        }
        let scale_bytes = rows * 4;
        let expected = HEADER + scale_bytes + rows * dims / 2;
        if bytes.len() != expected {
            return Err(format!(
                "word-vector file is {} bytes; its header says {expected}",
                bytes.len()
            ));
        }
        let scales = bytes[HEADER..HEADER + scale_bytes]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(WordVectors {
            rows,
            dims,
            minn,
            maxn,
            hash_count,
            seed,
            scales,
            packed: &bytes[HEADER + scale_bytes..],
        })
    }

    /// Dimensions of a vector (300).
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The normalised vector of `word` into `out` (length [`Self::dims`]);
    /// all zeros for the empty word. `word` is used exactly as given (see
    /// the module docs on case).
    pub fn vector(&self, word: &str, out: &mut [f32]) {
        assert_eq!(out.len(), self.dims, "out must have dims() values");
        out.fill(0.0);
        if word.is_empty() {
            return;
        }
        let wrapped = word.len() + 2;
        if wrapped <= STACK_BYTES {
            let mut bytes = [0u8; STACK_BYTES];
            let mut starts = [0u32; STACK_BYTES + 1];
            self.sum_rows(word, &mut bytes, &mut starts, out);
        } else {
            let mut bytes = vec![0u8; wrapped];
            let mut starts = vec![0u32; wrapped + 1];
            self.sum_rows(word, &mut bytes, &mut starts, out);
        }
        normalise(out);
    }

    /// The vectors of many words, one row of [`Self::dims`] values per word
    /// in order, computed in parallel (the same result at any thread count).
    pub fn vectors<S: AsRef<str> + Sync>(&self, words: &[S]) -> Vec<f32> {
        let mut out = vec![0.0f32; words.len() * self.dims];
        out.par_chunks_mut(self.dims * 64)
            .zip(words.par_chunks(64))
            .for_each(|(rows, words)| {
                for (row, w) in rows.chunks_exact_mut(self.dims).zip(words) {
                    self.vector(w.as_ref(), row);
                }
            });
        out
    }

    /// Cosine similarity of two words.
    pub fn similarity(&self, a: &str, b: &str) -> f32 {
        let mut x = vec![0.0; self.dims];
        let mut y = vec![0.0; self.dims];
        self.vector(a, &mut x);
        self.vector(b, &mut y);
        dot(&x, &y)
    }

    /// Sum the rows of `word`'s n-grams into `out` (unnormalised; the mean
    /// differs from the sum by a factor that normalising removes).
    fn sum_rows(&self, word: &str, bytes: &mut [u8], starts: &mut [u32], out: &mut [f32]) {
        let mut offset = 0.0f32;
        self.for_each_gram(word, bytes, starts, |gram| {
            for &key in &self.keys(gram)[..self.hash_count] {
                let row = key as usize % self.rows;
                self.add_row(row, out);
                offset += self.scales[row];
            }
        });
        // Every stored value is value + 8.
        for v in out.iter_mut() {
            *v -= 8.0 * offset;
        }
    }

    /// Call `f` with the wrapped word and each of its n-grams, as floret
    /// (spaCy's `Vectors._get_ngrams`) lists them. `bytes` holds at least
    /// the wrapped word, `starts` one entry more.
    fn for_each_gram(
        &self,
        word: &str,
        bytes: &mut [u8],
        starts: &mut [u32],
        mut f: impl FnMut(&[u8]),
    ) {
        let n = word.len() + 2;
        bytes[0] = b'<';
        bytes[1..n - 1].copy_from_slice(word.as_bytes());
        bytes[n - 1] = b'>';
        let bytes = &bytes[..n];
        // Byte offset of every character of the wrapped word, then its end.
        let mut chars = 0;
        starts[0] = 0;
        for (i, _) in word.char_indices() {
            chars += 1;
            starts[chars] = (i + 1) as u32;
        }
        chars += 1;
        starts[chars] = (n - 1) as u32;
        chars += 1;
        starts[chars] = n as u32;
        f(bytes);
        for size in self.minn..=self.maxn {
            for first in 0..(chars + 1).saturating_sub(size) {
                f(&bytes[starts[first] as usize..starts[first + size] as usize]);
            }
        }
    }

    /// The four 32-bit keys of an n-gram: MurmurHash3 x64/128 of its UTF-8
    /// bytes, low and high halves of each 64-bit word (spaCy's
    /// `Vectors._get_ngram_hashes`); the first `hash_count` pick rows.
    #[inline]
    fn keys(&self, gram: &[u8]) -> [u32; 4] {
        let mut source = gram;
        let hash = murmur3::murmur3_x64_128(&mut source, self.seed)
            .expect("reading from a byte slice cannot fail");
        let (first, second) = (hash as u64, (hash >> 64) as u64);
        [
            first as u32,
            (first >> 32) as u32,
            second as u32,
            (second >> 32) as u32,
        ]
    }

    /// `out += scale × stored values` of one row (without the −8).
    #[inline]
    fn add_row(&self, row: usize, out: &mut [f32]) {
        let half = self.dims / 2;
        let scale = self.scales[row];
        let packed = &self.packed[row * half..(row + 1) * half];
        let (low, high) = out.split_at_mut(half);
        for ((l, h), &b) in low.iter_mut().zip(high.iter_mut()).zip(packed) {
            *l += scale * f32::from(b & 15);
            *h += scale * f32::from(b >> 4);
        }
    }
}

/// Dot product (the cosine of normalised vectors).
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Scale `v` to length 1 (a zero vector stays zero).
pub fn normalise(v: &mut [f32]) {
    let norm = dot(v, v).sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
}

/// True for the words worth giving as neighbours: some letter, at least
/// three characters (not numbers, codes or stray letters).
pub fn is_candidate(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && word.chars().nth(2).is_some()
}

#[cfg(test)]
mod tests;
