#!/usr/bin/env python3
"""The two reference methods of issue 18 on a survey with gold themes, to
tell how hard a development survey is against the held-out one the issue
describes: each answer is the plain mean of its words' Finnish floret
vectors (spaCy's `spacy-fi-experimental-web-md` 0.15.0, the vectors teema
distils; no weighting, no tuning), grouped into k = the number of gold
themes by (1) k-means and (2) spectral clustering on a 10-nearest-neighbour
graph of the same vectors (scikit-learn). Scored as `teema eval themes
--label-sep '|'` scores teema (mean best F1 over the gold themes, every
answer in a group), for seeds 1-4.

usage: benches/vector_baselines.py FILE.csv TEXT_COL LABEL_COL [--sep '|']
       benches/vector_baselines.py GOLD.csv --survey SURVEY.csv
needs: spacy 3.8, spacy-fi-experimental-web-md 0.15.0 (see the header of
scripts/distil_vectors.py), scikit-learn, and what benches/peer_survey.py
needs. Last line: JSON.
"""
import json
import os
import re
import sys

import numpy as np
import spacy
from sklearn.cluster import KMeans, SpectralClustering

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_survey import mean_best_f1, read_gold  # noqa: E402

SEEDS = (1, 2, 3, 4)


def main():
    rows, text_col, gold, k = read_gold(sys.argv)

    vocab = spacy.load("spacy_fi_experimental_web_md").vocab
    words = re.compile(r"\w+(?:-\w+)*")
    x = np.zeros((len(rows), vocab.vectors.shape[1]), dtype=np.float32)
    for i, r in enumerate(rows):
        vs = [vocab.get_vector(w.lower()) for w in words.findall(r[text_col])]
        if vs:
            x[i] = np.mean(vs, axis=0)
    norms = np.linalg.norm(x, axis=1)
    has = norms > 0
    x[has] /= norms[has, None]

    out = {"answers": len(rows), "gold_themes": k}
    for name in ("kmeans", "spectral"):
        scores = []
        for seed in SEEDS:
            if name == "kmeans":
                pred = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x[has])
            else:
                pred = SpectralClustering(
                    n_clusters=k, affinity="nearest_neighbors", n_neighbors=10, random_state=seed
                ).fit_predict(x[has])
            groups = [set() for _ in rows]
            for i, g in zip(np.flatnonzero(has), pred):
                groups[i].add(int(g))
            scores.append(mean_best_f1(gold, groups)[0])
        mean = sum(scores) / len(scores)
        out[name] = {"mean_best_f1": round(mean, 3), "seeds": [round(s, 3) for s in scores]}
        print(f"{name:8s} mean best F1 {mean:.3f} (seeds " + ", ".join(f"{s:.3f}" for s in scores) + ")")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
