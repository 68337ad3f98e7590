//! The embedded vectors against spaCy's own: hashing, n-grams and the
//! vectors of a sample of words (written by `scripts/distil_vectors.py`).

use super::*;

/// spaCy's vectors of 210 words, normalised, as signed bytes in hex.
const SAMPLE: &str = include_str!("../../tests/data/vectors/spacy_sample.tsv");

fn spacy_sample() -> Vec<(&'static str, Vec<f32>)> {
    SAMPLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let mut cols = line.split('\t');
            let (word, factor, hex) = (
                cols.next().unwrap(),
                cols.next().unwrap(),
                cols.next().unwrap(),
            );
            let factor: f32 = factor.parse().unwrap();
            let mut v: Vec<f32> = (0..hex.len() / 2)
                .map(|i| {
                    u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap() as i8 as f32 / factor
                })
                .collect();
            normalise(&mut v);
            (word, v)
        })
        .collect()
}

fn vector(word: &str) -> Vec<f32> {
    let v = WordVectors::embedded();
    let mut out = vec![0.0; v.dims()];
    v.vector(word, &mut out);
    out
}

#[test]
fn the_embedded_file_is_floret_of_the_finnish_package() {
    let v = WordVectors::embedded();
    assert_eq!(
        (v.rows, v.dims, v.minn, v.maxn, v.hash_count, v.seed),
        (50_000, 300, 4, 5, 2, 2_166_136_261)
    );
    assert!(EMBEDDED.len() <= 8_000_000, "{} bytes", EMBEDDED.len());
}

#[test]
fn hashes_are_spacys() {
    // spaCy 3.8 `Vectors._get_ngram_hashes` of these n-grams.
    let v = WordVectors::embedded();
    for (gram, want) in [
        ("<koira>", [3_398_020_437u32, 1_798_298_437]),
        ("<koi", [2_671_818_670, 4_175_798_855]),
        ("ä", [1_279_378_446, 2_344_859_051]),
        ("<äiti>", [3_704_792_438, 915_573_213]),
        ("", [3_262_466_624, 277_172_068]),
    ] {
        assert_eq!(v.keys(gram.as_bytes())[..2], want, "keys of {gram:?}");
    }
}

#[test]
fn ngrams_are_floret_ones_by_character() {
    let v = WordVectors::embedded();
    let mut grams = Vec::new();
    let (mut bytes, mut starts) = ([0u8; 16], [0u32; 17]);
    v.for_each_gram("äiti", &mut bytes, &mut starts, |g| {
        grams.push(String::from_utf8(g.to_vec()).unwrap())
    });
    // spaCy's `Vectors._get_ngrams("äiti")`.
    assert_eq!(grams, ["<äiti>", "<äit", "äiti", "iti>", "<äiti", "äiti>"]);
    grams.clear();
    v.for_each_gram("yö", &mut bytes, &mut starts, |g| {
        grams.push(String::from_utf8(g.to_vec()).unwrap())
    });
    assert_eq!(grams, ["<yö>", "<yö>"]);
}

#[test]
fn vectors_agree_with_spacys() {
    let sample = spacy_sample();
    assert!(sample.len() >= 200, "{} words in the sample", sample.len());
    let mut worst = (1.0f32, "");
    let mut sum = 0.0;
    for (word, want) in &sample {
        assert_eq!(want.len(), 300, "{word}");
        let cos = dot(&vector(word), want);
        sum += cos;
        if cos < worst.0 {
            worst = (cos, word);
        }
    }
    let mean = sum / sample.len() as f32;
    eprintln!(
        "cosine with spaCy: mean {mean:.4}, lowest {:.4} ({})",
        worst.0, worst.1
    );
    assert!(mean >= 0.98, "mean cosine with spaCy {mean}");
    assert!(
        worst.0 >= 0.95,
        "cosine with spaCy of {:?}: {}",
        worst.1,
        worst.0
    );
}

#[test]
fn long_words_and_the_empty_word() {
    assert!(vector("").iter().all(|&x| x == 0.0));
    let long = "epäjärjestelmällistyttämättömyydellänsäkäänköhän".repeat(3);
    assert!(long.len() + 2 > STACK_BYTES);
    let v = vector(&long);
    assert!((dot(&v, &v) - 1.0).abs() < 1e-4);
    // The heap path gives what the stack path gives.
    let vectors = WordVectors::embedded();
    let mut heap = vec![0.0; 300];
    let (mut bytes, mut starts) = (vec![0u8; 20], vec![0u32; 21]);
    vectors.sum_rows("kahvila", &mut bytes, &mut starts, &mut heap);
    normalise(&mut heap);
    assert_eq!(heap, vector("kahvila"));
}

#[test]
fn batch_vectors_are_the_single_ones() {
    let words: Vec<String> = (0..200).map(|i| format!("sana{i}")).collect();
    let vectors = WordVectors::embedded();
    let all = vectors.vectors(&words);
    for (i, w) in words.iter().enumerate() {
        assert_eq!(&all[i * 300..(i + 1) * 300], vector(w).as_slice(), "{w}");
    }
}

#[test]
fn forms_and_paraphrases_are_near() {
    let v = WordVectors::embedded();
    assert!(v.similarity("vertaistuki", "vertaistukea") > 0.7);
    assert!(v.similarity("koira", "koiran") > v.similarity("koira", "auto"));
    let table = WordTable::new(v, ["auto", "vertaisryhmä", "kahvi", "vertaistuki"]);
    let near = table.nearest(&vector("vertaistuki"), 2, 0.0, Some("vertaistuki"));
    assert_eq!(table.word(near[0].index), "vertaisryhmä", "{near:?}");
    assert!(near[0].similarity > near[1].similarity);
    assert!(table.nearest(&vector("vertaistuki"), 5, 0.99, None).len() == 1);
}
