#!/usr/bin/env bash
# Side by side, in one session: the Python peer pipeline (libvoikko +
# scikit-learn TF-IDF + NMF, no index) and `teema analyze` (lemmas, index,
# themes, reports) on the same file and text column. Prints both wall-clock
# times, teema's per-stage figures and the ratio.
#
# usage: benches/peer.sh [FILE.tsv] [TEXT_COLUMN] [K]
# default: ../shared/data/fi-news/headlines.tsv tiivistelma 20
# needs: python3-libvoikko, voikko-fi, scikit-learn (pip), a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-../shared/data/fi-news/headlines.tsv}
col=${2:-tiivistelma}
k=${3:-20}
peer=${PEER:-../shared/peers/python_pipeline.py}
teema=${TEEMA:-target/release/teema}
[ -x "$teema" ] || cargo build --release
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

now() { date +%s.%N; }
t0=$(now)
python3 "$peer" "$file" "$col" "$k" > "$out/peer.txt"
t1=$(now)
"$teema" analyze "$file" --text-col "$col" --themes "$k" --out "$out/teema" > "$out/teema.txt" 2>&1
t2=$(now)

peer_s=$(python3 -c "print($t1 - $t0)")
teema_s=$(python3 -c "print($t2 - $t1)")
echo "file: $file ($col), k = $k, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "peer stages: $(tail -n 1 "$out/peer.txt")"
python3 - "$out/teema/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
stages = m.get("timings", m.get("stages", {}))
print("teema stages:", json.dumps(stages))
PY
printf 'peer  %8.2f s\nteema %8.2f s\nratio %8.1fx\n' "$peer_s" "$teema_s" "$(python3 -c "print($peer_s / $teema_s)")"
