#!/usr/bin/python3
"""Walking isochrones on real streets: hublo against the way analysts make them today (the
OSMnx isochrone tutorial: networkx ego graphs + shapely buffers), in one run.

Usage: bench/compare_walk_osmnx.py [BUILD_DIR] [--minutes M] [--buffer B] [--origins N]

The study: tests/data/monaco_walk_study.toml read with the OSM walking profile (`--set
network.profile="walk"`, 4.5 km/h), N random junctions (seed 1) as the places. Both sides use
the same graph: hublo's own, exported with `--set outputs.network=true`, so the figures
compare the methods, not two readings of the extract. Off-road reach: B metres (50, the
tutorial's node buffer) on both sides.

Printed: for the M-minute isochrones of every place, hublo's whole command (`hublo
isochrones --origins`, process start to GeoJSON written, best of 3, 1 and 2 threads, on a
20 m raster: `--cell`) against the networkx loop (graph built beforehand), their ratio and
the IoU of the polygons.
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
from shapely.geometry import LineString, Point, shape
from shapely.ops import transform, unary_union

ROOT = Path(__file__).resolve().parent.parent
STUDY = ROOT / "tests" / "data" / "monaco_walk_study.toml"
WALK = ["--set", 'network.profile="walk"']


def to_wgs84():
    wgs84, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    utm.ImportFromEPSG(32632)
    for s in (wgs84, utm):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(utm, wgs84)
    return lambda x, y: ct.TransformPoint(x, y)[:2]


def to_utm():
    wgs84, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    utm.ImportFromEPSG(32632)
    for s in (wgs84, utm):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(wgs84, utm)

    def apply(x, y, z=None):
        pts = ct.TransformPoints(list(zip(np.atleast_1d(x), np.atleast_1d(y))))
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return (xs, ys) if np.ndim(x) else (xs[0], ys[0])

    return apply


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default=str(ROOT / "build"))
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--buffer", type=float, default=50.0)
    ap.add_argument("--origins", type=int, default=10, help="random junctions (seed 1)")
    ap.add_argument("--cell", type=float, default=20.0, help="hublo's raster step, metres")
    args = ap.parse_args()
    hublo = Path(args.build) / "bin" / "hublo"
    limit = args.minutes * 60.0
    reach = ["--set", f"isochrones.max_offroad_m={args.buffer:g}", "--set",
             f"isochrones.cell_m={args.cell:g}"]

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export = tmp / "export"
        subprocess.run([hublo, "run", STUDY, "-q", *WALK, "--set", "outputs.network=true",
                        "--set", "outputs.geopackage=false", "-o", export], check=True)
        g = nx.DiGraph()
        xy = {}
        for row in csv.DictReader(open(export / "network_nodes.csv", newline="")):
            n = int(row["node"])
            xy[n] = (float(row["x"]), float(row["y"]))
            g.add_node(n)
        for row in csv.DictReader(open(export / "network_edges.csv", newline="")):
            g.add_edge(int(row["from"]), int(row["to"]), time_s=float(row["time_s"]))
        ids = sorted(xy)
        sources = [ids[k] for k in np.random.default_rng(1).choice(len(ids), args.origins,
                                                                    replace=False)]
        back = to_wgs84()
        origins = tmp / "origins.csv"
        with open(origins, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "lon", "lat"])
            for n in sources:
                lon, lat = back(*xy[n])
                w.writerow([f"N{n}", repr(lon), repr(lat)])

        def run_hublo(threads):
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run([hublo, "isochrones", STUDY, *WALK, *reach, "--origins", origins,
                                "--minutes", f"{args.minutes:g}", "--threads", str(threads),
                                "-q", "-o", tmp / "hublo.geojson"], check=True)
                best = min(best, time.perf_counter() - t0)
            return best

        t_hublo1 = run_hublo(1)
        t_hublo2 = run_hublo(0)
        hublo_polys = {f["properties"]["origin"]: shape(f["geometry"])
                       for f in json.load(open(tmp / "hublo.geojson"))["features"]}

        t0 = time.perf_counter()
        python_polys = []
        for node in sources:
            sub = nx.ego_graph(g, node, radius=limit, distance="time_s")
            parts = [Point(xy[n]).buffer(args.buffer) for n in sub.nodes]
            parts += [LineString([xy[u], xy[v]]).buffer(args.buffer) for u, v in sub.edges]
            python_polys.append(unary_union(parts))
        t_python = time.perf_counter() - t0

        ious = []
        project = to_utm()
        for n, poly in zip(sources, python_polys):
            h = transform(project, hublo_polys[f"N{n}"])
            union = h.union(poly).area
            ious.append(h.intersection(poly).area / union if union > 0 else 1.0)
        ious.sort()

    n = len(sources)
    print(f"Monaco on foot: {g.number_of_nodes()} junctions, {g.number_of_edges()} one-way "
          f"edges; {n} random junctions (seed 1) as the places")
    print(f"{args.minutes:g}-minute walking isochrones of the {n} places (reach {args.buffer:g} m):")
    print(f"  hublo isochrones (whole command), 1 thread : {t_hublo1:8.3f} s")
    print(f"  hublo isochrones (whole command), 2 threads: {t_hublo2:8.3f} s")
    print(f"  networkx ego_graph + shapely buffers/union : {t_python:8.3f} s")
    print(f"  ratio python / hublo: {t_python / t_hublo1:.1f}x (1 thread), "
          f"{t_python / t_hublo2:.1f}x (2 threads)")
    print(f"  IoU of the polygons: median {statistics.median(ious):.3f}, "
          f"10th percentile {ious[len(ious) // 10]:.3f}, min {ious[0]:.3f}")


if __name__ == "__main__":
    main()
