#!/usr/bin/python3
"""Walking isochrones and nearest-place times on real streets: hublo against the way analysts
make them today (the OSMnx isochrone tutorial: networkx ego graphs + shapely buffers; and
networkx's multi-source Dijkstra for the time to the nearest place), in one run.

Usage: bench/compare_walk_osmnx.py [BUILD_DIR] [--minutes M] [--buffer B] [--origins N]
                                   [--cell C]

Two areas: Monaco (tests/data/monaco_walk_study.toml) and Saint-Barthélemy
(tests/data/saint_barthelemy_walk_study.toml), their OSM extracts read with the walking
profile (4.5 km/h). The places are N random junctions (seed 1). Both sides use the same
graph: hublo's own, exported with `--set outputs.network=true`, so the figures compare the
methods, not two readings of the extract. Off-road reach: B metres (50, the tutorial's
node buffer) on both sides.

Printed per area:
- the M-minute isochrones of the N places: hublo's whole command (`hublo isochrones
  --origins`, process start to GeoJSON written, best of 3, 1 and 2 threads, on a C-metre
  raster) against the networkx loop (graph built beforehand), their ratio and the IoU of
  the polygons;
- the time from every junction, given as a point, to the nearest of the N places: hublo's
  C API (`hublo_nearest_times` through ctypes, 1 and 2 threads: every point reprojected
  from lon/lat, snapped to its segment, timed exactly along it; network loaded beforehand)
  against the analysts' way (the nearest junction of each point by a scipy KD-tree, as
  OSMnx's nearest_nodes, then networkx's `multi_source_dijkstra_path_length` on the
  reversed graph, built beforehand), their ratio and the largest difference of the times.
"""
import argparse
import csv
import ctypes
import json
import math
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
AREAS = [("Monaco", ROOT / "tests" / "data" / "monaco_walk_study.toml", 32632,
          ["--set", 'network.profile="walk"']),
         ("Saint-Barthélemy", ROOT / "tests" / "data" / "saint_barthelemy_walk_study.toml", 32620,
          [])]


def transformer(src, dst):
    a, b = osr.SpatialReference(), osr.SpatialReference()
    a.ImportFromEPSG(src)
    b.ImportFromEPSG(dst)
    for s in (a, b):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(a, b)

    def apply(x, y, z=None):
        if np.ndim(x):
            pts = ct.TransformPoints(list(zip(x, y)))
            return [p[0] for p in pts], [p[1] for p in pts]
        return ct.TransformPoint(x, y)[:2]

    return apply


def c_api(build):
    lib = ctypes.CDLL(str(Path(build) / "lib" / "libhublo.so"))
    P = ctypes.c_void_p
    D = ctypes.POINTER(ctypes.c_double)
    lib.hublo_last_error.restype = ctypes.c_char_p
    lib.hublo_last_error.argtypes = [P]
    lib.hublo_context_create.argtypes = [ctypes.POINTER(P)]
    lib.hublo_context_destroy.argtypes = [P]
    lib.hublo_context_set_threads.argtypes = [P, ctypes.c_uint]
    lib.hublo_study_open_file.argtypes = [P, ctypes.c_char_p, ctypes.POINTER(P)]
    lib.hublo_study_set.argtypes = [P, P, ctypes.c_char_p]
    lib.hublo_study_destroy.argtypes = [P]
    lib.hublo_network_from_study.argtypes = [P, P, ctypes.POINTER(P)]
    lib.hublo_network_destroy.argtypes = [P]
    lib.hublo_nearest_times.argtypes = [P, P, D, ctypes.c_size_t, D, ctypes.c_size_t, D]
    return lib


def nearest_times_hublo(lib, study, overrides, origins, points, threads):
    P = ctypes.c_void_p
    ctx, st, net = P(), P(), P()

    def check(status):
        if status != 0:
            raise RuntimeError(lib.hublo_last_error(ctx).decode())

    check(lib.hublo_context_create(ctypes.byref(ctx)))
    check(lib.hublo_context_set_threads(ctx, threads))
    try:
        check(lib.hublo_study_open_file(ctx, str(study).encode(), ctypes.byref(st)))
        for k in range(1, len(overrides), 2):
            check(lib.hublo_study_set(ctx, st, overrides[k].encode()))
        check(lib.hublo_network_from_study(ctx, st, ctypes.byref(net)))
        o = (ctypes.c_double * (2 * len(origins)))(*[v for p in origins for v in p])
        q = (ctypes.c_double * (2 * len(points)))(*[v for p in points for v in p])
        out = (ctypes.c_double * len(points))()
        t0 = time.perf_counter()
        check(lib.hublo_nearest_times(ctx, net, o, len(origins), q, len(points), out))
        seconds = time.perf_counter() - t0
        return seconds, list(out)
    finally:
        lib.hublo_network_destroy(net)
        lib.hublo_study_destroy(st)
        lib.hublo_context_destroy(ctx)


def compare(name, study, epsg, overrides, args, hublo, lib, tmp):
    limit = args.minutes * 60.0
    reach = ["--set", f"isochrones.max_offroad_m={args.buffer:g}", "--set",
             f"isochrones.cell_m={args.cell:g}"]
    export = tmp / f"export-{epsg}"
    subprocess.run([hublo, "run", study, "-q", *overrides, "--set", "outputs.network=true",
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
    back = transformer(epsg, 4326)
    origins = tmp / f"origins-{epsg}.csv"
    lonlat = {n: back(*xy[n]) for n in ids}
    with open(origins, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "lon", "lat"])
        for n in sources:
            w.writerow([f"N{n}", repr(lonlat[n][0]), repr(lonlat[n][1])])

    def run_hublo(threads):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([hublo, "isochrones", study, *overrides, *reach, "--origins", origins,
                            "--minutes", f"{args.minutes:g}", "--threads", str(threads), "-q",
                            "-o", tmp / "hublo.geojson"], check=True)
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
    project = transformer(4326, epsg)
    ious = []
    for n, poly in zip(sources, python_polys):
        h = transform(project, hublo_polys[f"N{n}"])
        union = h.union(poly).area
        ious.append(h.intersection(poly).area / union if union > 0 else 1.0)
    ious.sort()

    # The analysts' way for points given as coordinates (here the junctions themselves):
    # the nearest junction of each (OSMnx's nearest_nodes: a scipy KD-tree on projected
    # coordinates), then one multi-source Dijkstra.
    points = [xy[n] for n in ids]
    t0 = time.perf_counter()
    tree = cKDTree(np.array(points))
    _, at = tree.query(np.array(points))
    dist = nx.multi_source_dijkstra_path_length(g.reverse(copy=False), set(sources),
                                                weight="time_s")
    nearest = {n: dist.get(ids[k]) for n, k in zip(ids, at) if ids[k] in dist}
    t_dijkstra = time.perf_counter() - t0
    t_api1, minutes = nearest_times_hublo(lib, study, overrides, [lonlat[n] for n in sources],
                                          [lonlat[n] for n in ids], 1)
    t_api, _ = nearest_times_hublo(lib, study, overrides, [lonlat[n] for n in sources],
                                   [lonlat[n] for n in ids], 0)
    diffs = [abs(m - nearest[n] / 60.0) for n, m in zip(ids, minutes)
             if n in nearest and not math.isnan(m)]
    reached = sum(not math.isnan(m) for m in minutes)

    print(f"{name} on foot: {g.number_of_nodes()} junctions, {g.number_of_edges()} one-way "
          f"edges; {len(sources)} random junctions (seed 1) as the places")
    print(f"  {args.minutes:g}-minute isochrones (reach {args.buffer:g} m):")
    print(f"    hublo isochrones (whole command), 1 thread : {t_hublo1:8.3f} s")
    print(f"    hublo isochrones (whole command), 2 threads: {t_hublo2:8.3f} s")
    print(f"    networkx ego_graph + shapely buffers/union : {t_python:8.3f} s")
    print(f"    ratio python / hublo: {t_python / t_hublo1:.1f}x (1 thread), "
          f"{t_python / t_hublo2:.1f}x (2 threads)")
    print(f"    IoU of the polygons: median {statistics.median(ious):.3f}, "
          f"10th percentile {ious[len(ious) // 10]:.3f}, min {ious[0]:.3f}")
    print("  time from every junction to the nearest place:")
    print(f"    hublo_nearest_times (lon/lat in: project, snap, search), 1 thread : "
          f"{t_api1:8.4f} s ({reached} reached)")
    print(f"    hublo_nearest_times, 2 threads                                    : "
          f"{t_api:8.4f} s")
    print(f"    KD-tree nearest junction + networkx multi_source_dijkstra         : "
          f"{t_dijkstra:8.4f} s ({len(nearest)} reached)")
    print(f"    ratio networkx / hublo: {t_dijkstra / t_api1:.1f}x (1 thread), "
          f"{t_dijkstra / t_api:.1f}x (2 threads); largest difference "
          f"{max(diffs) * 60:.3g} s over {len(diffs)} junctions")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default=str(ROOT / "build"))
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--buffer", type=float, default=50.0)
    ap.add_argument("--origins", type=int, default=10, help="random junctions (seed 1)")
    ap.add_argument("--cell", type=float, default=20.0, help="hublo's raster step, metres")
    args = ap.parse_args()
    hublo = Path(args.build) / "bin" / "hublo"
    lib = c_api(args.build)
    with tempfile.TemporaryDirectory() as tmp:
        for name, study, epsg, overrides in AREAS:
            compare(name, study, epsg, overrides, args, hublo, lib, Path(tmp))


if __name__ == "__main__":
    main()
