#!/usr/bin/env bash
# End-to-end scaling benchmark: `hublo run` on synthetic studies from one département to all
# of France (bench/synth/generate.py), on 1 and 2 threads, with the time of every stage (from
# summary.json) and the peak memory (GNU time's maximum resident set size). Prints a Markdown
# table, also written to $WORK/results.md, with the machine it ran on.
#
# Usage: bench/scale.sh [BUILD_DIR]
#   SIZES="departement region france"  the --scale values (or numbers of communes)
#   THREADS="1 2"                       [access] threads of each run
#   GRID=1                              demand from a 1 km population grid (0: commune seats)
#   WORK=/tmp/hublo-scale               generated studies (kept: generation takes minutes)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
hublo=$build/bin/hublo
SIZES=${SIZES:-"departement region france"}
THREADS=${THREADS:-"1 2"}
GRID=${GRID:-1}
WORK=${WORK:-/tmp/hublo-scale}
py=/usr/bin/python3
[ -x "$py" ] || py=python3
[ -x /usr/bin/time ] || { echo "scale.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
mkdir -p "$WORK"

rows=()
for size in $SIZES; do
    if [[ $size =~ ^[0-9]+$ ]]; then scale=(--communes "$size"); else scale=(--scale "$size"); fi
    grid=(); [ "$GRID" = 1 ] && grid=(--grid)
    suffix=""; [ "$GRID" = 1 ] && suffix=-grid
    dir=$WORK/$size$suffix
    if [ ! -f "$dir/study.toml" ]; then
        echo "scale.sh: generating $size in $dir" >&2
        "$py" "$root/bench/synth/generate.py" "${scale[@]}" "${grid[@]}" --out "$dir" >&2
    fi
    for t in $THREADS; do
        echo "scale.sh: hublo run $size, $t thread(s)" >&2
        rm -rf "$dir/out"
        /usr/bin/time -f "%e %M" -o "$WORK/time.txt" \
            "$hublo" run -q "$dir/study.toml" -o "$dir/out" --set "access.threads=$t"
        read -r wall rss < "$WORK/time.txt"
        rows+=("$("$py" - "$dir/out/summary.json" "$size" "$t" "$wall" "$rss" <<'EOF'
import json, sys
path, size, threads, wall, rss = sys.argv[1:]
s = json.load(open(path))
t, d, n = s["timings_s"], s.get("timings_detail_s", {}), s["network"]
load = sum(t.get(k, 0) for k in ("load communes", "load tables", "align levels", "population",
                                  "risk", "illectronism", "load places", "demand"))
cells = [size, f"{s['counts']['communes']:,}", f"{s['counts']['places']:,}",
         f"{n['nodes']:,}", f"{n['demand_points_on_network']:,}", threads,
         f"{load:.2f}",
         # Loaded on a second thread (2 threads or more): its own time, then the wait.
         f"{d['road network: loading (second thread)']:.2f} ({t.get('road network', 0):.2f})"
         if "road network: loading (second thread)" in d else f"{t.get('road network', 0):.2f}",
         f"{d.get('travel times: snap points', 0):.2f}",
         f"{d.get('travel times: nearest place', 0):.2f}",
         f"{d.get('travel times: catchments', 0):.2f}",
         f"{t.get('isochrones', 0):.2f}",
         f"{sum(t.get(k, 0) for k in ('accessibility', 'deserts', 'siting')):.2f}",
         f"{t.get('build layers', 0) + t.get('write outputs', 0):.2f}",
         f"{float(wall):.1f}", f"{int(rss) / 1024 / 1024:.2f}"]
print("| " + " | ".join(cells) + " |")
EOF
)")
    done
done

{
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1024/1024}' /proc/meminfo)," \
         "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(. /etc/os-release; echo "$PRETTY_NAME")," \
         "hublo $("$hublo" --version 2>/dev/null | head -1 | awk '{print $NF}'), $(date -u +%Y-%m-%d)."
    echo "Demand points: $([ "$GRID" = 1 ] && echo "1 km grid cells (--grid)" || echo "commune seats")."
    echo
    echo "| size | communes | places | road nodes | demand points | threads | load (s) | road network (s) | snap (s) | nearest place (s) | catchments 30 min (s) | isochrones (s) | deserts + siting (s) | layers + write (s) | total (s) | peak memory (GB) |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Road network \"a (b)\": loaded in a s on a second thread while the communes, tables, levels" \
         "and places loaded; the run then waited b s for it."
} | tee "$WORK/results.md"
