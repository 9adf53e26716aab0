#!/usr/bin/python3
"""hublo's per-place isochrones against the way analysts make them today, in one run.

Usage: bench/compare_isochrones_osmnx.py [BUILD_DIR] [--places N] [--minutes M]

The analysts' way, as in the OSMnx isochrone tutorial: for each place, the nearest graph
node, `networkx.ego_graph(G, node, radius=T, distance="time_s")`, then the union of the
reached nodes and edges buffered with shapely. Here on hublo's own graph (the default
study's road network exported by `hublo run --set outputs.network=true`), with the buffer
set to the study's off-road reach (`[isochrones] max_offroad_m`, 1000 m), so both sides
model the same roads and the same off-road allowance.

hublo's side is the whole command, timed as a user runs it (process start, loading the
network, snapping, isochrones, GeoJSON writing): `hublo isochrones --origins places.geojson
--minutes T`. The Python side times only the per-place loop (graph already built).

Printed: both times and their ratio; per place, the intersection over union (IoU) of the
two T-minute polygons (median, 10th percentile, minimum). They differ by design: hublo
times the off-road leg and the partial edges exactly, the tutorial buffers every reached
node and edge by the full reach, whatever time is left at it.
"""
import argparse
import csv
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
from osgeo import osr
from scipy.spatial import cKDTree
from shapely.geometry import LineString, Point, shape
from shapely.ops import transform, unary_union

ROOT = Path(__file__).resolve().parent.parent
STUDY = ROOT / "datasets" / "centre-val-de-loire" / "study.toml"


def to_l93():
    wgs84, l93 = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    l93.ImportFromEPSG(2154)
    for s in (wgs84, l93):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(wgs84, l93)

    def apply(x, y, z=None):
        pts = ct.TransformPoints(list(zip(np.atleast_1d(x), np.atleast_1d(y))))
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return (xs, ys) if np.ndim(x) else (xs[0], ys[0])

    return apply


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default=str(ROOT / "build"))
    ap.add_argument("--places", type=int, default=0, help="the first N places only (0: all)")
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--buffer", type=float, default=1000.0, help="metres (the study's reach)")
    args = ap.parse_args()
    hublo = Path(args.build) / "bin" / "hublo"
    limit = args.minutes * 60.0

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export = tmp / "export"
        subprocess.run([hublo, "run", "-q", "--set", "outputs.network=true", "--set",
                        "outputs.geopackage=false", "-o", export], check=True)
        places = json.load(open(export / "places.geojson"))["features"]
        if args.places:
            places = places[: args.places]
        origins = tmp / "origins.csv"
        with open(origins, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "lon", "lat"])
            for p in places:
                lon, lat = p["geometry"]["coordinates"]
                w.writerow([p["properties"]["id"], repr(lon), repr(lat)])

        # hublo: the whole command, best of 3, one thread and all cores.
        def run_hublo(threads):
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run([hublo, "isochrones", STUDY, "--origins", origins, "--minutes",
                                f"{args.minutes:g}", "--threads", str(threads), "-q", "-o",
                                tmp / "hublo.geojson"], check=True)
                best = min(best, time.perf_counter() - t0)
            return best

        t_hublo1 = run_hublo(1)
        t_hublo2 = run_hublo(0)
        hublo_polys = {f["properties"]["origin"]: shape(f["geometry"])
                       for f in json.load(open(tmp / "hublo.geojson"))["features"]}

        # The analysts' way on the same graph.
        g = nx.DiGraph()
        xy = {}
        for row in csv.DictReader(open(export / "network_nodes.csv", newline="")):
            n = int(row["node"])
            xy[n] = (float(row["x"]), float(row["y"]))
            g.add_node(n, x=xy[n][0], y=xy[n][1])
        for row in csv.DictReader(open(export / "network_edges.csv", newline="")):
            g.add_edge(int(row["from"]), int(row["to"]), time_s=float(row["time_s"]))
        ids = sorted(xy)
        tree = cKDTree(np.array([xy[n] for n in ids]))
        project = to_l93()
        origins_l93 = [project(*p["geometry"]["coordinates"]) for p in places]

        t0 = time.perf_counter()
        python_polys = []
        for ox_, oy_ in origins_l93:
            _, k = tree.query((ox_, oy_))
            sub = nx.ego_graph(g, ids[k], radius=limit, distance="time_s")
            parts = [Point(xy[n]).buffer(args.buffer) for n in sub.nodes]
            parts += [LineString([xy[u], xy[v]]).buffer(args.buffer) for u, v in sub.edges]
            python_polys.append(unary_union(parts))
        t_python = time.perf_counter() - t0

        ious = []
        for p, poly in zip(places, python_polys):
            h = transform(project, hublo_polys[p["properties"]["id"]])
            union = h.union(poly).area
            ious.append(h.intersection(poly).area / union if union > 0 else 1.0)
        ious.sort()

    n = len(places)
    print(f"{n} places, {args.minutes:g}-minute isochrones on the default study's network")
    print(f"  hublo isochrones (whole command), 1 thread : {t_hublo1:8.3f} s")
    print(f"  hublo isochrones (whole command), 2 threads: {t_hublo2:8.3f} s")
    print(f"  networkx ego_graph + shapely buffers/union : {t_python:8.3f} s")
    print(f"  ratio python / hublo: {t_python / t_hublo1:.0f}x (1 thread), "
          f"{t_python / t_hublo2:.0f}x (2 threads)")
    print(f"  IoU of the polygons: median {statistics.median(ious):.3f}, "
          f"10th percentile {ious[len(ious) // 10]:.3f}, min {ious[0]:.3f}")


if __name__ == "__main__":
    main()
