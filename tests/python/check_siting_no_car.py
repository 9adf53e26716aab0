#!/usr/bin/python3
"""[siting] travel = "no_car" on the default study, recomputed with Python's csv and math:

1. runs `hublo run` with travel = "no_car" and the exact model;
2. today's coverage = 1 - (people at risk without a car of the communes far without a car)
   / (all people at risk without a car), from communes.geojson;
3. each pick's gain = the people at risk without a car of the far communes not yet reached
   whose demand point (comparateur lng/lat) is within the no-car reach of the pick's
   (20 min by bike: 20 x 60 x 15 / 3.6 / 1.5 = 3 333 m), in pick order; the cumulative
   shares follow;
4. CBC proves the picks optimal.

Usage: check_siting_no_car.py HUBLO DATASET_DIR WORK_DIR
"""
import csv
import json
import math
import os
import subprocess
import sys

from l93 import transformer


def main():
    hublo, data, work = sys.argv[1:4]
    out = os.path.join(work, "siting-no-car")
    run = subprocess.run([hublo, "run", os.path.join(data, "study.toml"), "-o", out,
                          "--set", 'siting.travel="no_car"', "--set", "siting.exact=true",
                          "--set", 'outputs.monographs=""', "--set", "outputs.geopackage=false",
                          "--set", "outputs.report=false"], capture_output=True, text=True)
    failures = []
    if run.returncode != 0:
        print(run.stderr)
        sys.exit(1)
    ct = transformer()
    points = {}
    for r in csv.DictReader(open(os.path.join(data, "comparateur_territoires_2024.csv"),
                                 encoding="utf-8")):
        if r["lng"] and r["lat"]:
            points[r["insee_com"]] = ct.TransformPoint(float(r["lng"]), float(r["lat"]))[:2]
    communes = [f["properties"] for f in
                json.load(open(os.path.join(out, "communes.geojson"), encoding="utf-8"))["features"]]
    no_car = {c["code"]: c["at_risk_no_car"] or 0.0 for c in communes}
    far = {c["code"] for c in communes if c["no_car_far"] == 1}
    total = sum(no_car.values())
    before = total - sum(no_car[c] for c in far)
    summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))["siting"]
    if not math.isclose(summary["covered_share_before"], before / total, rel_tol=1e-9):
        failures.append(f"covered before {summary['covered_share_before']}, recomputed "
                        f"{before / total}")
    radius = 20 * 60 * 15 / 3.6 / 1.5
    reached = set()
    covered = before
    for p in summary["picks"]:
        x, y = points[p["id"]]
        near = {c for c in far - reached
                if c in points and math.hypot(points[c][0] - x, points[c][1] - y) <= radius}
        gain = sum(no_car[c] for c in near)
        reached |= near
        covered += gain
        if abs(gain - p["gain"]) > 0.05 or abs(covered / total - p["covered_share"]) > 1e-9:
            failures.append(f"pick {p['rank']} {p['name']}: gain {p['gain']}, recomputed "
                            f"{gain:.1f}; share {p['covered_share']}, recomputed {covered / total}")
    exact = summary["exact"]
    if not (exact["optimal"] and exact["same_picks_as_greedy"]):
        failures.append(f"the exact model: {exact}")
    for f in failures:
        print("FAIL", f)
    print(f"siting without a car: {len(summary['picks'])} picks, today {100 * before / total:.1f} %"
          f", after {100 * covered / total:.2f} %; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
