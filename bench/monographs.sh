#!/usr/bin/env bash
# What the monographs cost: the default study run 10 times without (`--set
# outputs.monographs=""`) and 10 times with its `[outputs] monographs = "bassins"` (117
# pages and the index), interleaved, and the difference of the medians. Usage: bench/monographs.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
hublo=$build/bin/hublo
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$hublo" run -q -o "$out/warm"   # warm the file cache
plain=() with=()
for i in $(seq 10); do
    t0=$(date +%s%N); "$hublo" run -q -o "$out/a" --set 'outputs.monographs=""'; t1=$(date +%s%N)
    "$hublo" run -q -o "$out/b"; t2=$(date +%s%N)
    plain+=($(( (t1 - t0) / 1000000 ))) with+=($(( (t2 - t1) / 1000000 )))
done
median() { printf '%s\n' "$@" | sort -n | sed -n 5p; }
a=$(median "${plain[@]}") b=$(median "${with[@]}")
echo "default study, median of 10 runs: $a ms without monographs, $b ms with the" \
     "$(ls "$out/b/monographs" | wc -l) files of monographs/: +$((b - a)) ms"
