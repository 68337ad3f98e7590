#!/usr/bin/env python3
"""The Python peer's method on a survey with several gold themes per answer,
scored as `teema eval themes --label-sep '|'` scores teema.

The peer (`../shared/peers/python_theme_eval.py`) groups whole texts: the
first libvoikko analysis of each word as its lemma, TF-IDF (min_df 2,
max_df 0.5, sublinear, a short stopword list), then NMF and k-means from
scikit-learn with k = the number of gold themes. It scores single labels
with NMI; a survey answer holds several themes, so this script runs the
same steps and reports what teema reports for such gold: the mean best F1
(for each gold theme, the F1 over answers of the group that matches it
best, averaged over the gold themes) and the coverage (every answer is in
a group). A second figure, `--by-sentence`, groups sentences instead and
puts an answer in the groups of its sentences, as teema does.

usage: benches/peer_survey.py FILE.csv TEXT_COL LABEL_COL [--sep '|'] [--by-sentence]
       benches/peer_survey.py GOLD.csv --survey SURVEY.csv [--by-sentence]
The second form reads a gold table with the columns respondent, question
and themes and takes each answer's text from the survey (its first column
the respondent, a column per question), as `corpora/palautekysely.gold.csv`
and `corpora/palautekysely.csv`.
needs: python3-libvoikko, voikko-fi, scikit-learn. Last line: JSON.
"""
import collections
import csv
import json
import re
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")
import libvoikko
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

NO_THEME = {"", "-", "none"}
STOP = "ja on ei se että olla ne mikä joka tämä kuin mutta tai myös niin jo vain kun sekä voida"


def mean_best_f1(gold, groups):
    """gold: a set of themes per answer; groups: a set of group ids per answer."""
    members = collections.defaultdict(set)
    for i, gs in enumerate(groups):
        for g in gs:
            members[g].add(i)
    themes = sorted({t for ts in gold for t in ts})
    per = {}
    for t in themes:
        answers = {i for i, ts in enumerate(gold) if t in ts}
        best = 0.0
        for m in members.values():
            both = len(answers & m)
            if both:
                best = max(best, 2 * both / (len(answers) + len(m)))
        per[t] = round(best, 3)
    return sum(per.values()) / len(per), per


def joined(gold_path, survey_path):
    """The gold table's answers with their texts from the survey."""
    with open(survey_path, newline="", encoding="utf-8-sig") as f:
        sample = f.read(4096)
        f.seek(0)
        table = list(csv.reader(f, csv.Sniffer().sniff(sample, delimiters=",;\t")))
    header = table[0]
    text = {(r[0], q): r[i] for r in table[1:] for i, q in enumerate(header) if i < len(r)}
    with open(gold_path, newline="", encoding="utf-8-sig") as f:
        gold = list(csv.DictReader(f))
    rows = []
    for g in gold:
        t = text.get((g["respondent"], g["question"]), "")
        if t.strip():
            rows.append({"text": t, "themes": g["themes"]})
    return rows


def read_gold(argv):
    """The answers and gold themes the command line names (either form of
    the usage above): (rows, text column, gold theme sets, k)."""
    args = [a for a in argv[1:] if not a.startswith("--")]
    sep, survey = "|", None
    for flag in ("--sep", "--survey"):
        if flag in argv:
            value = argv[argv.index(flag) + 1]
            args.remove(value)
            if flag == "--sep":
                sep = value
            else:
                survey = value
    if survey:
        rows = joined(args[0], survey)
        text_col, label_col = "text", "themes"
    else:
        path, text_col, label_col = args[:3]
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [r for r in csv.DictReader(f) if r[text_col].strip()]
    gold = [{t.strip() for t in r[label_col].split(sep)} - NO_THEME for r in rows]
    return rows, text_col, gold, len({t for ts in gold for t in ts})


def main():
    rows, text_col, gold, k = read_gold(sys.argv)
    by_sentence = "--by-sentence" in sys.argv

    voikko = libvoikko.Voikko("fi")
    seen = {}
    words = re.compile(r"\w+(?:-\w+)*")

    def lemma(w):
        if w not in seen:
            a = voikko.analyze(w)
            seen[w] = a[0]["BASEFORM"].lower() if a else w.lower()
        return seen[w]

    # Units: whole answers, or sentences with the answer they belong to.
    units, owner = [], []
    for i, r in enumerate(rows):
        parts = re.split(r"(?<=[.!?])\s+", r[text_col]) if by_sentence else [r[text_col]]
        for p in parts:
            if words.search(p):
                units.append(" ".join(lemma(w) for w in words.findall(p)))
                owner.append(i)
    x = TfidfVectorizer(
        min_df=2, max_df=0.5, stop_words=STOP.split(), token_pattern=r"\S+", sublinear_tf=True
    ).fit_transform(units)
    out = {"answers": len(rows), "units": len(units), "gold_themes": k}
    for name, pred in (
        ("nmf", NMF(n_components=k, init="nndsvd", random_state=0, max_iter=300).fit_transform(x).argmax(axis=1)),
        ("kmeans", KMeans(n_clusters=k, n_init=3, random_state=0).fit_predict(x)),
    ):
        groups = [set() for _ in rows]
        for u, g in zip(owner, pred):
            groups[u].add(int(g))
        score, per = mean_best_f1(gold, groups)
        out[name] = {"mean_best_f1": round(score, 3), "per_theme": per, "coverage": 1.0}
        print(f"{name:7s} mean best F1 {score:.3f}  " + "  ".join(f"{t} {f:.2f}" for t, f in per.items()))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
