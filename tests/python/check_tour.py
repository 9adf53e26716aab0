#!/usr/bin/python3
"""The travelling service of the default study ([tour]), checked with Shapely, pyproj-free
osr and Python's csv, not hublo's code.

Usage: check_tour.py DATASET_DIR OUTPUT_DIR
1. the timetable holds: each day leaves at the start of [tour] hours and is back by their
   end; each stop lasts stop_minutes; arrival = the previous departure + drive_min (to the
   minute); the day's driving is the sum of its legs; no commune is visited twice a cycle;
2. the tour is on the network: every vertex of the drawn lines, but the stops and the depot
   themselves, lies on a road of roads_numbered.geojson (within 1 m, in Lambert-93);
3. each stop's people are recomputed: the far people at risk without a car (communes.csv
   no_car_far, at_risk_no_car) of the communes whose demand point (comparateur lng/lat) is
   within the reach of the stop (20 min on foot or by bike: straight line x circuity at the
   [[modes]] speeds); the people reached, each once, are summary.json's figure;
4. the best fixed place reaches the most such people of any stop, and fewer than the tour.
"""
import csv
import json
import math
import sys
import tomllib
import warnings
from pathlib import Path

from shapely.geometry import LineString, Point, shape
from shapely.strtree import STRtree

from l93 import transformer
from outputs import layer_rows


def main():
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    study = tomllib.load(open(data / "study.toml", "rb"))
    tour_cfg = study["tour"]
    summary = json.load(open(out / "summary.json", encoding="utf-8"))["tour"]
    ct = transformer()
    l93 = lambda lon, lat: ct.TransformPoint(lon, lat)[:2]
    passed, failed = 0, 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", what)

    minutes = lambda hhmm: int(hhmm[:2]) * 60 + int(hhmm[3:])
    start, end = (minutes(t) for t in tour_cfg["hours"].split(" ")[1].split("-"))
    stop_min = tour_cfg["stop_minutes"]
    days = json.load(open(out / "tour.geojson", encoding="utf-8"))["features"]
    stops = json.load(open(out / "tour_stops.geojson", encoding="utf-8"))["features"]
    # 1. The timetable.
    by_day = {}
    for s in stops:
        by_day.setdefault(s["properties"]["day"], []).append(s["properties"])
    check(len(days) == summary["days_with_stops"] and len(stops) == summary["stops"],
          f"{len(days)} days, {len(stops)} stops; summary.json says {summary['days_with_stops']}, "
          f"{summary['stops']}")
    communes_visited = [s["properties"]["commune"] for s in stops]
    check(len(set(communes_visited)) == len(communes_visited), "a commune is visited twice")
    for d in days:
        p = d["properties"]
        legs = sorted(by_day[p["day"]], key=lambda s: s["order"])
        check(minutes(p["leaves"]) == start and minutes(p["back"]) <= end,
              f"day {p['day']} leaves {p['leaves']}, back {p['back']}: outside {tour_cfg['hours']}")
        t = start
        for s in legs:
            t += s["drive_min"]
            check(abs(minutes(s["arrives"]) - t) <= 1.0,
                  f"day {p['day']} stop {s['order']}: arrives {s['arrives']}, expected {t:.1f} min")
            check(minutes(s["leaves"]) - minutes(s["arrives"]) == stop_min,
                  f"day {p['day']} stop {s['order']} lasts {s['arrives']}-{s['leaves']}")
            t += stop_min
        back_drive = p["drive_min"] - sum(s["drive_min"] for s in legs)
        check(back_drive > 0 and abs(minutes(p["back"]) - (t + back_drive)) <= 1.0,
              f"day {p['day']}: back {p['back']}, expected {t + back_drive:.1f} min")
        check(p["stops"] == len(legs), f"day {p['day']}: {p['stops']} stops, {len(legs)} listed")
    # 2. On the network.
    roads = json.load(open(data / "roads_numbered.geojson", encoding="utf-8"))["features"]
    lines = [LineString([l93(*c) for c in f["geometry"]["coordinates"]]) for f in roads
             if f["geometry"] and f["geometry"]["type"] == "LineString"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Shapely 1.8 announces 2.0's STRtree
        tree = STRtree(lines)
    ends = {tuple(s["geometry"]["coordinates"]) for s in stops}
    for d in days:
        coords = d["geometry"]["coordinates"]
        ends.add(tuple(coords[0]))  # the depot
    off, vertices = 0, 0
    for d in days:
        for c in d["geometry"]["coordinates"]:
            if tuple(c) in ends:
                continue
            vertices += 1
            p = Point(l93(*c))
            hit = tree.nearest(p)  # Shapely 1.8: the geometry; 2.x: its index
            nearest = hit if hasattr(hit, "distance") else lines[hit]
            if nearest.distance(p) > 1.0:
                off += 1
                if off <= 3:
                    print(f"  vertex {c} is {nearest.distance(p):.1f} m from the nearest road")
    check(off == 0 and vertices > 100, f"{off} of {vertices} vertices off the roads")
    # 3. Each stop's people, recomputed.
    radius = 0.0
    for m in study["modes"]:
        radius = max(radius, study["study"]["far_min"] * 60 * m["speed_kmh"] / 3.6 / m["circuity"])
    points = {r["insee_com"]: l93(float(r["lng"]), float(r["lat"]))
              for r in csv.DictReader(open(data / "comparateur_territoires_2024.csv", encoding="utf-8"))
              if r["lng"] and r["lat"]}
    far = {r["code"]: float(r["at_risk_no_car"]) for r in layer_rows(out, "communes")
           if r["no_car_far"] == "1" and r["at_risk_no_car"] and float(r["at_risk_no_car"]) > 0}
    missing = [c for c in far if c not in points]
    reached, total_new = set(), 0.0
    for s in stops:
        p = s["properties"]
        x, y = l93(*s["geometry"]["coordinates"])
        near = {c for c, xy in points.items() if c in far and math.hypot(xy[0] - x, xy[1] - y) <= radius}
        people = sum(far[c] for c in near)
        check(abs(people - p["people"]) <= 0.1,
              f"stop {p['name']}: {p['people']} people, recomputed {people:.1f}")
        check(set(p["communes_reached"].split("|")) == near,
              f"stop {p['name']}: communes {p['communes_reached']}, recomputed {sorted(near)}")
        new = sum(far[c] for c in near - reached)
        check(abs(new - p["people_new"]) <= 0.1,
              f"stop {p['name']}: {p['people_new']} new, recomputed {new:.1f}")
        reached |= near
        total_new += new
    check(abs(sum(far[c] for c in reached) - summary["people_reached"]) <= 0.1,
          f"people reached {summary['people_reached']}, recomputed {sum(far[c] for c in reached):.1f}")
    # 4. The best fixed place.
    best = summary["best_fixed_place"]
    check(best["people_reached"] >= max(s["properties"]["people"] for s in stops) - 0.05,
          f"the best fixed place reaches {best['people_reached']}, a stop more")
    check(best["people_reached"] < summary["people_reached"],
          "the best fixed place reaches as many as the tour")
    print(f"tour: {len(days)} days, {len(stops)} stops, {vertices} vertices on the roads, "
          f"{summary['people_reached']:.0f} people reached (best fixed place "
          f"{best['people_reached']:.0f}); {len(missing)} far communes without a demand point "
          f"in the table")
    print(f"tour: {passed} checks, {failed} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
