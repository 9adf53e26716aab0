#!/usr/bin/python3
"""A [[modes]] walk on Monaco's OSM walking network, and the same walk as a straight line.

Usage: check_modes_monaco.py TEST_DATA_DIR OUTPUT_DIR
OUTPUT_DIR is monaco_walk_study.toml run with `--set network.profile="walk"`: the car's
[network] is then the walking network too, so the [[modes]] walk (its own search, in
stages/modes.cpp) must give the commune the time the [access] stage gives it (checked
against networkx by python.network_networkx), within 1e-9 min. The "line" mode must be the
straight line from the commune's point on surface (shapely, projected with osr to UTM 32N)
to the nearest place, x 1.49, at 4.5 km/h, within 1e-6 min.
"""
import csv
import json
import math
import sys
from pathlib import Path

from osgeo import osr
from shapely.geometry import shape
from shapely.ops import transform


def main():
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    wgs84, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    utm.ImportFromEPSG(32632)
    for s in (wgs84, utm):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(wgs84, utm)
    project = lambda x, y, z=None: ct.TransformPoint(x, y)[:2]
    commune = json.load(open(data / "monaco_commune.geojson"))["features"][0]
    point = transform(project, shape(commune["geometry"])).representative_point()
    places = [project(float(r["lon"]), float(r["lat"]))
              for r in csv.DictReader(open(data / "monaco_places.csv"))]
    straight = min(math.hypot(x - point.x, y - point.y) for x, y in places)
    row = next(csv.DictReader(open(out / "communes.csv", encoding="utf-8")))
    failures = 0
    walk, access, line = float(row["walk_min"]), float(row["time_min"]), float(row["line_min"])
    expected_line = straight * 1.49 / (4500 / 60)
    print(f"walk {walk:.6f} min (network), access {access:.6f} min, line {line:.6f} min "
          f"(straight {straight:.1f} m -> {expected_line:.6f} min)")
    for ok, what in ((abs(walk - access) < 1e-9, "walk_min equals the access time"),
                     (abs(line - expected_line) < 1e-6, "line_min is the straight line x 1.49"),
                     (row["no_car_mode"] == "walk", "the network walk is the faster mode"),
                     ("approximated" in row["modes_note"] and
                      "walk: OSM network, profile walk" in row["modes_note"], "modes_note")):
        print(("ok   " if ok else "FAIL ") + what)
        failures += not ok
    print(f"modes monaco: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
