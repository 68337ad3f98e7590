#!/usr/bin/env python3
"""Distil the Finnish floret word vectors of spaCy's `fi_experimental_web_md`
into teema's embedded file `src/meaning/vectors.bin`, write the agreement
fixture `tests/data/vectors/spacy_sample.tsv`, and measure what the
compression costs.

Source: the MIT-licensed Python package `spacy-fi-experimental-web-md`
0.15.0 (Finnish pipeline for spaCy, built on spaCy by Explosion). Its
`vocab/vectors` is a floret table of 50,000 hash buckets x 300 dimensions;
`vocab/vectors.cfg` says: character n-grams of 4-5, 2 hashes per n-gram,
MurmurHash3_x64_128 with seed 2166136261, the word wrapped in `<` `>`, and
the vectors are looked up by the exact written form (attr 65 = ORTH: no
lower-casing).

Reproduce (outside the repository, e.g. in /tmp):

    python3 -m venv venv
    venv/bin/pip install "spacy>=3.8.2,<3.9.0" numpy
    venv/bin/pip download spacy-fi-experimental-web-md==0.15.0 --no-deps -d .
    unzip -q spacy_fi_experimental_web_md-0.15.0-py3-none-any.whl -d pkg
    venv/bin/python scripts/distil_vectors.py \
        --vocab pkg/spacy_fi_experimental_web_md/fi_experimental_web_md-0.15.0/vocab \
        --out src/meaning/vectors.bin \
        --fixture tests/data/vectors/spacy_sample.tsv
    # optional: what the compression costs, on the word forms of CoNLL-U files
    venv/bin/python scripts/distil_vectors.py --vocab ... --out /tmp/v.bin \
        --measure ../shared/data/ud/*.conllu

How the file is made: floret's table is kept whole (all 300 dimensions,
uncentred, so cosines stay spaCy's) and each bucket row is quantised to
4-bit signed integers (-7..7) with its own f32 scale, `s = max|x| / 7`.
A word's vector is the mean of ~40 rows, so the rounding errors mostly
average out (measured with --measure: mean cosine with spaCy's vector
0.993; a PCA to 128-150 dimensions at 8 bits loses more, 0.89-0.91).

File layout (little-endian): magic `TEEMAVEC`, then u32 version (1), rows,
dims, minn, maxn, hash_count, seed, bits (4); then rows x f32 scales; then
rows x dims/2 bytes, two values a byte (byte j of a row holds dimension j
in its low nibble and dimension j + dims/2 in its high nibble, so that both
halves of a row are summed with contiguous loads), each stored as value + 8.
"""

import argparse
import glob
import json
import os
import struct
import sys

import numpy as np
from spacy.strings import StringStore
from spacy.vectors import Vectors

MAGIC = b"TEEMAVEC"
VERSION = 1
BITS = 4
LEVEL = 2 ** (BITS - 1) - 1

# Words for the agreement fixture, written for teema (inflected forms,
# compounds, colloquial forms, typos, new words): none come from any corpus.
FIXTURE_STEMS = """
vertaistuki vertaistukea vertaistuen vertaistukiryhmä vertaisryhmässä
kokemusasiantuntija kokemusasiantuntijat tuki tukea tukena tuesta
ryhmä ryhmässä ryhmiin ohjaaja ohjaajan ohjaajat ohjaajalta työntekijä
työntekijät työntekijöiltä hoitaja hoitajat lääkäri lääkärille lääkärit
aika ajan aikaa ajanvaraus ajanvarauksen jonotus jonottaa jonossa
odotusaika odotusajat odottaa odotin odottamaan kiire kiireinen kiireessä
palvelu palvelun palvelut palveluun asiakaspalvelu asiakaspalvelun
hinta hinnat hintava kallis kalliimpi halpa edullinen maksu maksut
kahvi kahvia kahvila kahvilassa ruoka ruokaa ruoan ruokalista lounas
aukioloaika aukioloajat viikonloppu viikonloppuisin ilta illalla iltaisin
sijainti sijainnin parkkipaikka parkkipaikat pysäköinti bussi bussilla
kiitos kiitti kiitoksia hyvä hyvää hyvin paras parasta huono huonoa
ystävällinen ystävällisesti kohtelias töykeä epäkohtelias mukava mukavaa
tiedotus tiedottaminen tieto tietoa tiedon viestintä viesti viestit
nettisivu nettisivut verkkosivut sovellus sovelluksen sähköposti
yksinäisyys yksinäinen yksin kaveri kaverit ystävä ystävät ystävyys
harrastus harrastukset liikunta urheilu kuntosali uimahalli lenkki
koulu koulussa opettaja opettajat oppilas opiskelija opiskelu opinnot
työ töissä työpaikka työttömyys palkka palkat lomautus irtisanominen
asunto asunnon vuokra vuokrat kalliit asuminen naapuri naapurit
terveys terveyskeskus sairaala mielenterveys masennus ahdistus jaksaminen
lapsi lapset lasten päiväkoti vanhemmat äiti isä perhe perheen
kissa koira koiran koirat auto autot polkupyörä pyörä juna
mä sä ok kiva kivaa tosi ihan jotain nyt sit mut et
vertaistukee tukee kahvii oikeesti hyvvä palvelua. palveluu
vetraistuki palevlu aukiolajat kahvla
etäopetus etätyö korona koronavirus rokote rokotus
kestävyys ilmastonmuutos kierrätys ympäristö luonto metsä
"""


def fixture_words():
    words = []
    seen = set()
    for w in FIXTURE_STEMS.split():
        w = w.strip(".")
        if w and w not in seen:
            seen.add(w)
            words.append(w)
    return words


def load_vectors(vocab_dir):
    vec = Vectors(strings=StringStore())
    vec.from_disk(vocab_dir)
    cfg = json.load(open(os.path.join(vocab_dir, "vectors.cfg")))
    assert cfg["mode"] == "floret", cfg
    assert cfg["bow"] == "<" and cfg["eow"] == ">", cfg
    assert cfg["attr"] == 65, "vectors are not looked up by ORTH"
    return vec, cfg


def spacy_vectors(vec, words, batch=5000):
    out = []
    for i in range(0, len(words), batch):
        out.append(np.asarray(vec.get_batch(words[i : i + batch]), dtype=np.float64))
    return np.concatenate(out) if out else np.zeros((0, vec.shape[1]))


def distil(vec):
    table = np.asarray(vec.data, dtype=np.float64)
    scale = np.abs(table).max(axis=1) / LEVEL
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(table / scale[:, None]), -LEVEL, LEVEL).astype(np.int8)
    return scale.astype(np.float32), q


def write_file(path, cfg, scale, q):
    rows, dims = q.shape
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(
            struct.pack(
                "<8I",
                VERSION,
                rows,
                dims,
                cfg["minn"],
                cfg["maxn"],
                cfg["hash_count"],
                cfg["hash_seed"],
                BITS,
            )
        )
        f.write(scale.astype("<f4").tobytes())
        nib = (q.astype(np.int16) + 8).astype(np.uint8)
        half = dims // 2
        f.write((nib[:, :half] | (nib[:, half:] << 4)).tobytes())


def teema_vectors(vec, words, scale, q):
    """What teema computes: the mean of the dequantised projected rows."""
    rows = vec.shape[0]
    deq = q.astype(np.float64) * scale[:, None].astype(np.float64)
    out = np.zeros((len(words), q.shape[1]))
    for i, w in enumerate(words):
        if not w:
            continue
        idx = [
            h % rows
            for ngram in vec._get_ngrams(w)
            for h in vec._get_ngram_hashes(ngram)
        ]
        out[i] = deq[idx].mean(axis=0)
    return out


def unit(x):
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


def write_fixture(path, vec, words):
    """Each word with spaCy's normalised vector, as 300 signed bytes in hex
    (the vector times 127 / its largest value, then that factor)."""
    full = unit(spacy_vectors(vec, words))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            "# spaCy fi_experimental_web_md 0.15.0 (MIT, Explosion) floret vectors:\n"
            "# word, factor, the normalised vector times factor as signed bytes in hex.\n"
            "# Written by scripts/distil_vectors.py.\n"
        )
        for w, v in zip(words, full):
            factor = 127.0 / np.abs(v).max()
            b = np.clip(np.rint(v * factor), -127, 127).astype(np.int8)
            f.write("%s\t%.6f\t%s\n" % (w, factor, b.tobytes().hex()))


def conllu_forms(paths, limit):
    counts = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) < 2 or "-" in cols[0] or "." in cols[0]:
                    continue
                form = cols[1].lower()
                if form.isalpha():
                    counts[form] = counts.get(form, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return ranked[:limit]


def measure(vec, scale, q, words, k=10):
    full = spacy_vectors(vec, words)
    ours = teema_vectors(vec, words, scale, q)
    cos = (unit(full) * unit(ours)).sum(axis=1)
    a = unit(full)
    b = unit(ours)
    sa = a @ a.T
    sb = b @ b.T
    np.fill_diagonal(sa, -2)
    np.fill_diagonal(sb, -2)
    na = np.argsort(-sa, axis=1)[:, :k]
    nb = np.argsort(-sb, axis=1)[:, :k]
    overlap = np.mean([len(set(x) & set(y)) / k for x, y in zip(na, nb)])
    print("words measured: %d" % len(words))
    print(
        "cosine(teema, spaCy): mean %.4f, min %.4f, 5th percentile %.4f"
        % (cos.mean(), cos.min(), np.percentile(cos, 5))
    )
    print("nearest-%d overlap with spaCy among these words: %.3f" % (k, overlap))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vocab", required=True, help="the package's vocab/ folder")
    ap.add_argument("--out", required=True, help="the file to write (src/meaning/vectors.bin)")
    ap.add_argument("--fixture", help="the agreement fixture to write")
    ap.add_argument("--measure", nargs="*", help="CoNLL-U files whose forms to measure on")
    ap.add_argument("--measure-words", type=int, default=4000)
    args = ap.parse_args()

    vec, cfg = load_vectors(args.vocab)
    scale, q = distil(vec)
    write_file(args.out, cfg, scale, q)
    print(
        "%s: %d rows x %d dims, %d bytes"
        % (args.out, q.shape[0], q.shape[1], os.path.getsize(args.out))
    )
    if args.fixture:
        write_fixture(args.fixture, vec, fixture_words())
        print("%s: %d words" % (args.fixture, len(fixture_words())))
    if args.measure:
        paths = [g for m in args.measure for g in sorted(glob.glob(m))]
        measure(vec, scale, q, conllu_forms(paths, args.measure_words))


if __name__ == "__main__":
    sys.exit(main())
