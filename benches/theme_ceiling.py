#!/usr/bin/env python3
"""How far can the words of the texts separate the gold labels at all?

`teema eval themes` scores an unsupervised grouping against gold labels.
This script gives the figure to read it against: a classifier *trained on
the gold labels* (TF-IDF of libvoikko lemmas, logistic regression, 5-fold
stratified cross-validation, fixed seed) and the NMI its held-out
predictions reach. Discovery sees no labels, so it should not be expected
to come near this figure; when a target is close to or above it, the
target asks the words for something they do not say.

With --merge PREFIX, labels starting with PREFIX are also merged into one
before training (for example three questions asked the same way), and the
merged predictions are scored against the original labels.

usage: benches/theme_ceiling.py FILE.tsv TEXT_COL LABEL_COL [--merge PREFIX]
needs: python3-libvoikko, voikko-fi, scikit-learn (as the peer scripts).
Last line: JSON.
"""
import collections
import csv
import json
import re
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")
import libvoikko
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.metrics import normalized_mutual_info_score as nmi
from sklearn.model_selection import StratifiedKFold, cross_val_predict

args = sys.argv[1:]
merge = None
if "--merge" in args:
    i = args.index("--merge")
    merge = args[i + 1]
    del args[i : i + 2]
if len(args) != 3:
    sys.exit(__doc__)
path, text_col, label_col = args

csv.field_size_limit(10**9)
delim = "," if path.endswith(".csv") else "\t"
with open(path, newline="", encoding="utf-8") as f:
    rows = [r for r in csv.DictReader(f, delimiter=delim) if r[text_col].strip()]
gold = [r[label_col] for r in rows]

voikko = libvoikko.Voikko("fi")
word = re.compile(r"\w+(?:-\w+)*")
cache = {}


def lemma(w):
    if w not in cache:
        a = voikko.analyze(w)
        cache[w] = a[0]["BASEFORM"].lower() if a else w.lower()
    return cache[w]


docs = [" ".join(lemma(w) for w in word.findall(r[text_col])) for r in rows]
X = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, min_df=2).fit_transform(docs)
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)


def held_out(labels):
    model = LogisticRegression(max_iter=3000, C=3.0)
    return list(cross_val_predict(model, X, labels, cv=folds))


out = {"texts": len(rows), "labels": len(set(gold))}
pred = held_out(gold)
out["supervised_accuracy"] = round(accuracy_score(gold, pred), 3)
out["supervised_nmi"] = round(nmi(gold, pred), 3)
print(f"{path}: {len(rows)} texts, {len(set(gold))} labels")
print(f"trained on the labels, held out: accuracy {out['supervised_accuracy']:.3f}, "
      f"NMI {out['supervised_nmi']:.3f}")
if merge:
    merged = [merge if g.startswith(merge) else g for g in gold]
    pred = held_out(merged)
    out["merged_prefix"] = merge
    out["merged_labels"] = len(set(merged))
    out["merged_accuracy"] = round(accuracy_score(merged, pred), 3)
    out["merged_nmi_against_original"] = round(nmi(gold, pred), 3)
    print(f"labels starting with '{merge}' merged ({len(set(merged))} labels): "
          f"accuracy {out['merged_accuracy']:.3f}, NMI against the original labels "
          f"{out['merged_nmi_against_original']:.3f}")
    counts = collections.Counter(zip(merged, pred))
    names = sorted(set(merged))
    print("gold (rows) by prediction (columns):")
    for g in names:
        print(f"  {g[:40]:40} " + " ".join(f"{counts[(g, p)]:6}" for p in names))
print(json.dumps(out))
