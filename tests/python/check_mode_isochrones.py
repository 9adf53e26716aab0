#!/usr/bin/python3
"""Each [[modes]] entry's coverage isochrones, against Shapely and the communes' own figures.

Usage: check_mode_isochrones.py OUTPUT_DIR [DATASET_DIR]
OUTPUT_DIR is the default study's run (walk 4.5 km/h and bike 15 km/h, straight line x 1.5,
places open 20 hours a week). For each mode's 30-minute band:
1. its polygon is the land of the region (the union of the communes) within 30 x speed /
   1.5 metres of a place open 20 hours a week (Shapely discs, unioned and clipped): areas
   within 3 % (a 250 m raster contoured), and the symmetric difference under 8 % of it;
2. its people at risk without a car are the people at risk without a car of the region
   minus those summary.json counts beyond 30 minutes by that mode (1e-6 relative), the
   same figures as the communes' <mode>_min.
3. with DATASET_DIR, the help within reach of every commune (no_car_hours_within and
   no_car_stop_hours_within): its people without a car at the place open the most hours in
   it (located by coordinates), else at its point of comparateur_territoires_2024.csv; the
   hours a week of the places within 20 minutes by bike (the farther-reaching mode), each
   stop of a mobile service with its own hours; within 1e-6 hours.
"""
import csv
import json
import sys
from pathlib import Path

from shapely.geometry import Point, shape
from shapely.ops import unary_union

import l93


def main():
    out = Path(sys.argv[1])
    ct = l93.transformer()
    project = l93.projector(ct)

    summary = json.load(open(out / "summary.json", encoding="utf-8"))
    no_car = summary["no_car"]
    region = unary_union([project(shape(c["geometry"])) for c in
                          json.load(open(out / "communes.geojson", encoding="utf-8"))["features"]])
    places = [project(shape(p["geometry"])) for p in
              json.load(open(out / "places.geojson", encoding="utf-8"))["features"]
              if (p["properties"]["hours_per_week"] or 0) >= no_car["open_hours"]]
    failures = 0

    def check(ok, what):
        nonlocal failures
        failures += not ok
        print(("ok   " if ok else "FAIL ") + what)

    for mode in no_car["modes"]:
        bands = json.load(open(out / f"isochrones_{mode['id']}.geojson", encoding="utf-8"))
        last = bands["features"][-1]
        minutes = last["properties"]["minutes_to"]
        radius = minutes * mode["speed_kmh"] * 1000 / 60 / 1.5
        discs = unary_union([Point(p.x, p.y).buffer(radius, 64) for p in places])
        expected = discs.intersection(region)
        got = project(shape(last["geometry"]))
        diff = got.symmetric_difference(expected).area
        check(abs(got.area - expected.area) <= 0.03 * expected.area,
              f"{mode['id']} {minutes:g} min: {got.area / 1e6:.0f} km² drawn, "
              f"{expected.area / 1e6:.0f} km² of land within {radius:.0f} m of a place")
        check(diff <= 0.08 * expected.area,
              f"{mode['id']}: symmetric difference {100 * diff / expected.area:.1f} %")
        beyond = mode["at_risk_no_car_beyond_min"][f"{minutes:g}"]
        within = no_car["at_risk_no_car"] - beyond
        got_people = last["properties"]["at_risk_no_car"]
        check(abs(got_people - within) <= 1e-6 * within + 0.1,
              f"{mode['id']}: {got_people:.1f} at risk without a car in the band, "
              f"{within:.1f} from summary.json")
    if len(sys.argv) > 2:
        data = Path(sys.argv[2])
        seat = {}
        for r in csv.DictReader(open(data / "comparateur_territoires_2024.csv", newline="",
                                     encoding="utf-8")):
            if r["lng"] and r["lat"] and r["insee_com"] not in seat:
                seat[r["insee_com"]] = ct.TransformPoint(float(r["lng"]), float(r["lat"]))[:2]
        all_places = [(project(shape(p["geometry"])), p["properties"]) for p in
                      json.load(open(out / "places.geojson", encoding="utf-8"))["features"]]
        anchor = {}
        for g, p in all_places:
            best = anchor.get(p["commune"])
            if p["located"] == "coordinates" and (best is None or
                                                  p["hours_per_week"] > best[1]):
                anchor[p["commune"]] = ((g.x, g.y), p["hours_per_week"])
        bike = [m for m in no_car["modes"] if m["id"] == "bike"][0]
        reach = bike["time_min"] * bike["speed_kmh"] * 1000 / 60 / 1.5
        wrong = []
        communes = json.load(open(out / "communes.geojson", encoding="utf-8"))["features"]
        for c in communes:
            q = c["properties"]
            if q["code"] in anchor:
                x, y = anchor[q["code"]][0]
            elif q["code"] in seat:
                x, y = seat[q["code"]]
            else:
                continue
            hours = stops = 0.0
            for g, p in all_places:
                if (g.x - x) ** 2 + (g.y - y) ** 2 <= reach * reach:
                    hours += p["hours_per_week"]
                    stops += p["hours_per_week"] if p["hours_source"] == "mobile stop" else 0.0
            if abs(q["no_car_hours_within"] - hours) > 1e-6 or \
                    abs(q["no_car_stop_hours_within"] - stops) > 1e-6:
                wrong.append((q["code"], q["no_car_hours_within"], hours,
                              q["no_car_stop_hours_within"], stops))
        check(not wrong, f"help within reach of {len(communes)} communes: "
                         f"{len(wrong)} differ {wrong[:3]}")
    print(f"mode isochrones: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
