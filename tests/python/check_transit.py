#!/usr/bin/python3
"""Public transport ([transit], issue 20), checked with Python alone, not hublo's code.

Usage: check_transit.py HUBLO WORK_DIR
1. the synthetic region's feed (bench/synth/generate.py --transit, departement scale) is
   read here with the csv module: the day's services from calendar.txt and
   calendar_dates.txt, frequency-based trips expanded, the trips of the day before that run
   past midnight, transfers.txt as walks (chained); a time-dependent Dijkstra over the
   stops answers 1,000 random queries (a stop, a departure time, two days), and every
   stop's earliest arrival must equal `hublo transit --queries` to the second;
2. the same on the hand-made feed (tests/data/gtfs/small: a transfer, an overnight trip, a
   calendar exception, a day added, a frequency-based line): 300 queries on three days;
3. `hublo run` of the synthetic study with transit: the same bytes on 1 and 2 threads;
   summary.json's people without a car who can never visit equal the communes' sum
   (at_risk_no_car x transit_no_visit_share); visit hours within the week's departures.
"""
import bisect
import csv
import datetime
import filecmp
import heapq
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def hms(text):
    h, m, s = (int(v) for v in text.strip().split(":"))
    return h * 3600 + m * 60 + s


def rows(folder, name):
    path = folder / name
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k.strip(): (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]


def trips_of_day(folder, day):
    """The day's trips as (stops, arrivals, departures), as GTFS defines them."""
    stops = [s["stop_id"] for s in rows(folder, "stops.txt")
             if s.get("location_type", "") in ("", "0")]
    cal = {r["service_id"]: r for r in rows(folder, "calendar.txt")}
    exc = {}
    for r in rows(folder, "calendar_dates.txt"):
        exc[(r["service_id"], r["date"])] = r["exception_type"]
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    def runs(service, d):
        key = (service, d.strftime("%Y%m%d"))
        if key in exc:
            return exc[key] == "1"
        c = cal.get(service)
        return bool(c) and c["start_date"] <= key[1] <= c["end_date"] and \
            c[names[d.weekday()]] == "1"

    times = {}
    for r in rows(folder, "stop_times.txt"):
        times.setdefault(r["trip_id"], []).append(r)
    freq = {}
    for r in rows(folder, "frequencies.txt"):
        freq.setdefault(r["trip_id"], []).append(r)
    out = []
    for t in rows(folder, "trips.txt"):
        st = sorted(times.get(t["trip_id"], []), key=lambda r: int(r["stop_sequence"]))
        if len(st) < 2:
            continue
        seq = [r["stop_id"] for r in st]
        arr = [hms(r["arrival_time"]) if r["arrival_time"] else None for r in st]
        dep = [hms(r["departure_time"]) if r["departure_time"] else None for r in st]
        # untimed stops: interpolated by their order between the timed ones
        timed = [i for i in range(len(st)) if arr[i] is not None or dep[i] is not None]
        for i in range(len(st)):
            arr[i] = arr[i] if arr[i] is not None else dep[i]
            dep[i] = dep[i] if dep[i] is not None else arr[i]
        for a, b in zip(timed, timed[1:]):
            for m in range(a + 1, b):
                v = round(dep[a] + (m - a) / (b - a) * (arr[b] - dep[a]))
                arr[m] = dep[m] = v
        starts = [0]
        if t["trip_id"] in freq:
            starts = []
            for q in freq[t["trip_id"]]:
                s0, s1, h = hms(q["start_time"]), hms(q["end_time"]), int(q["headway_secs"])
                starts += [s - dep[0] for s in range(s0, s1, h)]
        for shift_day, shift in ((day - datetime.timedelta(days=1), -86400), (day, 0)):
            if not runs(t["service_id"], shift_day):
                continue
            for off in starts:
                a = [x + off + shift for x in arr]
                d = [x + off + shift for x in dep]
                if shift and a[-1] < 0:
                    continue
                out.append(([stops.index(s) for s in seq], a, d))
    return stops, out


def walks(folder, stops):
    foot = {}
    for r in rows(folder, "transfers.txt"):
        if r.get("transfer_type") == "3" or r["from_stop_id"] == r["to_stop_id"]:
            continue
        a, b = stops.index(r["from_stop_id"]), stops.index(r["to_stop_id"])
        foot[(a, b)] = max(foot.get((a, b), 0), int(r.get("min_transfer_time") or 0))
    out = {}
    for (a, b), t in foot.items():
        out.setdefault(a, []).append((b, t))
    return out


def earliest(stops, trips, foot, origin, t0):
    at_stop = {}
    for k, (seq, arr, dep) in enumerate(trips):
        for i, s in enumerate(seq):
            at_stop.setdefault(s, []).append((dep[i], k, i))
    for v in at_stop.values():
        v.sort()
    best = {origin: t0}
    heap = [(t0, origin)]
    boarded = {}
    while heap:
        t, s = heapq.heappop(heap)
        if t != best.get(s):
            continue
        events = at_stop.get(s, [])
        for d, k, i in events[bisect.bisect_left(events, (t, -1, -1)):]:
            if boarded.get(k, 1 << 30) <= i:
                continue
            boarded[k] = i
            seq, arr, _ = trips[k]
            for j in range(i + 1, len(seq)):
                if arr[j] < best.get(seq[j], 1 << 40):
                    best[seq[j]] = arr[j]
                    heapq.heappush(heap, (arr[j], seq[j]))
        for q, w in foot.get(s, []):
            if t + w < best.get(q, 1 << 40):
                best[q] = t + w
                heapq.heappush(heap, (t + w, q))
    return best


def compare_queries(hublo, folder, dates, n, seed, work, label):
    rng = random.Random(seed)
    failures, checked = [], 0
    for date in dates:
        day = datetime.date.fromisoformat(date)
        stops, trips = trips_of_day(folder, day)
        foot = walks(folder, stops)
        queries = [(rng.randrange(len(stops)), rng.randrange(-3600, 26 * 3600)) for _ in range(n)]
        qfile = work / f"queries-{label}-{date}.csv"
        with open(qfile, "w") as f:
            f.write("from_stop_id,depart\n")
            for s, t in queries:
                t = max(t, 0)
                f.write(f"{stops[s]},{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}\n")
        out = subprocess.run([hublo, "transit", str(folder), "--date", date, "--transfer-m", "0",
                              "--max-transfers", "8", "--crs", "EPSG:2154", "--queries",
                              str(qfile)], check=True, capture_output=True, text=True).stdout
        got = {}
        for r in csv.DictReader(out.splitlines()):
            got[(int(r["query"]), r["stop_id"])] = hms(r["arrival"])
        for q, (s, t) in enumerate(queries, 1):
            want = earliest(stops, trips, foot, s, max(t, 0))
            for k, stop in enumerate(stops):
                a, b = want.get(k), got.get((q, stop))
                if a != b:
                    failures.append(f"{label} {date} query {q} from {stops[s]} to {stop}: "
                                    f"reference {a}, hublo {b}")
            checked += 1
    return checked, failures


def main():
    hublo, work = sys.argv[1], Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    synth = work / "synth"
    subprocess.run([sys.executable, str(ROOT / "bench/synth/generate.py"), "--scale",
                    "departement", "--grid", "--transit", "--out", str(synth)], check=True,
                   capture_output=True)
    failures = []
    n1, f1 = compare_queries(hublo, synth / "gtfs", ["2026-03-10", "2026-05-01"], 500, 1,
                             work, "synthetic")
    n2, f2 = compare_queries(hublo, ROOT / "tests/data/gtfs/small",
                             ["2026-03-10", "2026-03-11", "2026-03-14"], 100, 2, work, "small")
    failures += f1 + f2
    print(f"transit: {n1} queries on the synthetic feed, {n2} on the hand-made feed, "
          f"{len(f1) + len(f2)} arrivals differ")
    # The study, on 1 and 2 threads.
    outs = []
    for threads in (1, 2):
        out = work / f"run-{threads}"
        subprocess.run([hublo, "run", str(synth / "study.toml"), "-o", str(out), "-q", "--set",
                        f"access.threads={threads}"], check=True)
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir() if p.is_file())
    _, differ, errors = filecmp.cmpfiles(outs[0], outs[1], names, shallow=False)
    differ = [d for d in differ if d != "summary.json"]  # timings
    if differ or errors:
        failures.append(f"1 and 2 threads: {differ + errors} differ")
    summary = json.load(open(outs[1] / "summary.json", encoding="utf-8"))["no_car"]
    mode = next(m for m in summary["modes"] if m["id"] == "transit")
    feats = json.load(open(outs[1] / "communes.geojson", encoding="utf-8"))["features"]
    total, visit_max = 0.0, 0.0
    for f in feats:
        p = f["properties"]
        share = p.get("transit_no_visit_share")
        people = p.get("at_risk_no_car") or 0.0
        total += people * (1.0 if share is None else share)
        if p.get("transit_visit_h") is not None:
            visit_max = max(visit_max, p["transit_visit_h"])
    said = mode["transit"]["at_risk_no_car_no_visit"]
    if abs(total - said) > 1e-6 * max(1.0, said):
        failures.append(f"people who can never visit: communes {total}, summary {said}")
    if not 0 < visit_max <= 7 * 13:
        failures.append(f"visit hours up to {visit_max}, outside (0, 7 x 13 h]")
    if not 0 < said < summary["at_risk_no_car"]:
        failures.append(f"never visit {said} of {summary['at_risk_no_car']} without a car")
    print(f"transit: the study: {said:.0f} of {summary['at_risk_no_car']:.0f} people at risk "
          f"without a car can never visit by public transport; visit hours up to {visit_max}")
    for f in failures[:20]:
        print("FAIL", f)
    print(f"transit: {n1 + n2} queries, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
