#!/usr/bin/env bash
# Public transport benchmarks on the synthetic region (1 800 communes) with its GTFS feed:
# Google Benchmark (build/bin/hublo_bench_transit) for RAPTOR against the reference search
# of the tests, one query and the 2-hour window per origin, printed as ratios of one run;
# then the whole study with transit (`hublo run`), its "without a car" stage from
# summary.json. WORK (default /tmp/hublo-transit) keeps the generated region.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/hublo-transit}
bin=${HUBLO_BUILD_DIR:-$root/build}/bin
if [ ! -f "$work/synth/gtfs/stop_times.txt" ]; then
    /usr/bin/python3 "$root/bench/synth/generate.py" --scale region --grid --transit \
        --out "$work/synth" 2>/dev/null
fi
HUBLO_BENCH_GTFS="$work/synth/gtfs" "$bin/hublo_bench_transit" \
    --benchmark_out="$work/bench.json" --benchmark_out_format=json >/dev/null 2>&1
"$bin/hublo" run "$work/synth/study.toml" -o "$work/out" -q
/usr/bin/python3 - "$work/bench.json" "$work/out/summary.json" <<'PY'
import json, sys
b = {x["name"].split("/")[0]: x for x in json.load(open(sys.argv[1]))["benchmarks"]}
ms = lambda n: b[n]["real_time"] * {"us": 1e-3, "ms": 1.0, "ns": 1e-6}[b[n]["time_unit"]]
q = b["BM_RaptorQuery"]
print(f"feed: {int(q['stops'])} stops, {int(q['trips'])} trips on 2026-03-10")
print(f"one query at 08:00:        RAPTOR {ms('BM_RaptorQuery'):8.3f} ms, reference "
      f"{ms('BM_ReferenceQuery'):8.3f} ms: {ms('BM_ReferenceQuery') / ms('BM_RaptorQuery'):6.1f}x")
print(f"2-hour window, each minute: range RAPTOR {ms('BM_RangeQuery2h'):8.3f} ms, "
      f"121 RAPTOR queries {ms('BM_MinuteQueries2h'):8.3f} ms "
      f"({ms('BM_MinuteQueries2h') / ms('BM_RangeQuery2h'):.1f}x), 121 reference searches "
      f"{ms('BM_ReferenceMinutes2h'):8.1f} ms "
      f"({ms('BM_ReferenceMinutes2h') / ms('BM_RangeQuery2h'):.0f}x)")
h = b["BM_DayVisitsAllStops"]
print(f"a day's visits from each of {int(h['homes'])} stops: {ms('BM_DayVisitsAllStops'):.0f} ms")
s = json.load(open(sys.argv[2]))
t = next(m for m in s["no_car"]["modes"] if m["id"] == "transit")["transit"]
print(f"hublo run, synthetic region with transit: 'without a car' stage "
      f"{s['timings_s']['without a car']:.2f} s (walk and transit, every demand point, 7 days); "
      f"{t['range_departures_per_origin_day']:.1f} range departures per origin and day")
PY
