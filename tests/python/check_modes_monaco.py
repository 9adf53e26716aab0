#!/usr/bin/python3
"""A [[modes]] walk on Monaco's OSM walking network, and the same walk as a straight line.

Usage: check_modes_monaco.py TEST_DATA_DIR OUTPUT_DIR
OUTPUT_DIR is monaco_walk_study.toml run with `--set network.profile="walk"`: the car's
[network] is then the walking network too, so the [[modes]] walk (its own search, in
stages/modes.cpp) must give the commune the time the [access] stage gives it (checked
against networkx by python.network_networkx), within 1e-9 min. The "line" mode must be the
straight line from the commune's point on surface (shapely, projected with osr to UTM 32N)
to the nearest place, x 1.49, at 4.5 km/h, within 1e-6 min. The walk's coverage layer
(isochrones_walk, 10 and 20 minutes on a 20 m raster) against networkx: every junction of the
exported walking graph inside the commune whose time to the nearest place (a multi-source
Dijkstra on the reversed graph from the places' nearest junctions) is under 9.5 minutes
must lie in the 10-minute band, every one over 11.5 minutes even through a hop of 120 m off
the streets (the layer's max_offroad_m, 100 m, and a cell) outside it (99 % each). The help
within the walk's time_min, 10 minutes (walk_hours_within), is 12 hours a place within 10
minutes of the commune's point, each place's own walk timed by networkx (one of two).
"""
import csv
import networkx as nx
import numpy as np
import json
import math
import sys
from pathlib import Path

from osgeo import osr
from scipy.spatial import cKDTree
from shapely.geometry import Point, shape
from shapely.ops import transform
from outputs import layer_rows


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
    row = layer_rows(out, "communes")[0]
    failures = 0
    walk, access, line = float(row["walk_min"]), float(row["nearest_place_min"]), float(row["line_min"])
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
    # The walk's coverage isochrones against networkx on the exported graph.
    g = nx.DiGraph()
    xy = {}
    for r in csv.DictReader(open(out / "network_nodes.csv", newline="")):
        xy[int(r["node"])] = (float(r["x"]), float(r["y"]))
    for r in csv.DictReader(open(out / "network_edges.csv", newline="")):
        g.add_edge(int(r["to"]), int(r["from"]), t=float(r["time_s"]))  # reversed
    nodes = sorted(xy)
    sources = {min(nodes, key=lambda n: (xy[n][0] - x) ** 2 + (xy[n][1] - y) ** 2)
               for x, y in places}
    dist = nx.multi_source_dijkstra_path_length(g, sources, weight="t")
    land = transform(project, shape(commune["geometry"]))
    bands = json.load(open(out / "isochrones_walk.geojson", encoding="utf-8"))["features"]
    ten = transform(project, shape(bands[0]["geometry"]))
    near = [n for n in nodes if n in dist and dist[n] < 9.5 * 60 and land.contains(Point(xy[n]))]
    # Far: over 11.5 minutes even through a hop off the streets of up to 100 m + a cell
    # (the layer's max_offroad_m) at 1.25 m/s from any reached junction.
    reached = [n for n in nodes if n in dist]
    tree = cKDTree(np.array([xy[n] for n in reached]))

    def best(n):
        around = tree.query_ball_point(xy[n], 120.0)
        return min([dist.get(n, math.inf)] +
                   [dist[reached[k]] + math.dist(xy[n], xy[reached[k]]) / 1.25 for k in around])

    far = [n for n in nodes if land.contains(Point(xy[n])) and best(n) > 11.5 * 60]
    inside = sum(ten.contains(Point(xy[n])) for n in near)
    outside = sum(not ten.contains(Point(xy[n])) for n in far)
    print(f"isochrones_walk 10 min: {inside}/{len(near)} junctions under 9.5 min inside, "
          f"{outside}/{len(far)} over 11.5 min outside")
    for ok, what in ((bands[0]["properties"]["method"].startswith("OSM network"), "method"),
                     (len(near) > 100 and inside >= 0.99 * len(near), "near junctions inside"),
                     (len(far) > 100 and outside >= 0.99 * len(far), "far junctions outside")):
        print(("ok   " if ok else "FAIL ") + what)
        failures += not ok
    # The help within the walk's time_min (10 minutes): 12 hours (the study's stand-in) per
    # place whose own walk from the commune's point (nearest junctions, networkx) is within.
    start = min(nodes, key=lambda n: (xy[n][0] - point.x) ** 2 + (xy[n][1] - point.y) ** 2)
    each = [nx.single_source_dijkstra_path_length(g, s, weight="t").get(start, math.inf)
            for s in sources]
    within = sum(t <= 10 * 60 for t in each)
    clear = all(abs(t - 10 * 60) > 30 for t in each)
    got = float(row["walk_hours_within"])
    print(f"walk_hours_within {got:g}: places at {[round(t / 60, 1) for t in each]} min")
    for ok, what in ((clear and got == 12 * within, "walk_hours_within"),):
        print(("ok   " if ok else "FAIL ") + what)
        failures += not ok
    print(f"modes monaco: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
