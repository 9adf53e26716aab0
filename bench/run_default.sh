#!/usr/bin/env bash
# Times the whole `hublo run` on the bundled default study (end to end: load, align, write
# GeoJSON, GeoPackage, CSV and summary). Uses hyperfine when installed, else 10 timed runs.
# Usage: bench/run_default.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
hublo=$build/bin/hublo
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$hublo" run -q -o "$out/warm"   # warm the file cache and GDAL's driver registry
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 2 --runs 10 "$hublo run -q -o $out/run"
else
    times=()
    for i in $(seq 10); do
        t0=$(date +%s%N)
        "$hublo" run -q -o "$out/run"
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000000 )))
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
    echo "hublo run (default study), 10 runs, ms: $sorted"
    echo "median: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 5p) ms"
fi
