#!/usr/bin/python3
"""Checks the synthetic study generator on a small size, independently of hublo, then runs
hublo on it: same seed, same bytes; the communes a valid coverage of the hull (no overlap, no
gap: the sum of the areas equals the area of the union, one polygon without holes); the
population total as asked; every road class present and the road graph connected; and
`hublo run` takes the study unchanged, with the counts it was generated with.

Usage: check_synth.py HUBLO WORK_DIR
"""

import filecmp
import json
import os
import shutil
import subprocess
import sys

import pyproj
from osgeo import ogr
import warnings

from shapely.geometry import Point, shape
from shapely.ops import transform, unary_union
from shapely.strtree import STRtree

warnings.filterwarnings("ignore", message="STRtree will be changed")

HERE = os.path.dirname(os.path.abspath(__file__))
N, SEED = 300, 3
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
    if ok:
        passed += 1
    else:
        failed += 1


def generate(out):
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--communes", str(N),
                    "--grid", "--seed", str(SEED), "--out", out], check=True,
                   stderr=subprocess.DEVNULL)


def main():
    hublo, work = sys.argv[1], sys.argv[2]
    a, b = os.path.join(work, "a"), os.path.join(work, "b")
    generate(a)
    generate(b)
    files = sorted(os.listdir(a))
    same = [f for f in files if filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)]
    check("same seed, same bytes", same == files and len(files) == 8,
          f"{len(same)} of {len(files)} files identical")

    with open(os.path.join(a, "communes.geojson"), encoding="utf-8") as f:
        features = json.load(f)["features"]
    to_l93 = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True).transform
    polys = [transform(to_l93, shape(ft["geometry"])) for ft in features]
    codes = [ft["properties"]["code"] for ft in features]
    check("commune count and unique codes", len(polys) == N and len(set(codes)) == N,
          f"{len(polys)} communes, {len(set(codes))} codes")
    check("every commune valid", all(p.is_valid and not p.is_empty for p in polys))
    union = unary_union(polys)
    total = sum(p.area for p in polys)
    rel = abs(total - union.area) / union.area
    check("no overlap (sum of areas = area of the union)", rel < 1e-6, f"relative gap {rel:.2e}")
    check("no gap (the union is one polygon without holes)",
          union.geom_type == "Polygon" and len(union.interiors) == 0, union.geom_type)
    km2 = union.area / 1e6
    check("land area 15.5 km² per commune", abs(km2 - 15.5 * N) / (15.5 * N) < 0.01,
          f"{km2:,.0f} km²")

    with open(os.path.join(a, "population.csv"), encoding="utf-8") as f:
        rows = f.read().splitlines()[1:]
    people = sum(int(r.split(",")[2]) for r in rows)
    expected = 66.0e6 * N / 35000
    check("population total", abs(people - expected) <= N, f"{people:,} (asked {expected:,.0f})")

    ds = ogr.Open(os.path.join(a, "roads.fgb"))
    layer = ds.GetLayer(0)
    classes = {}
    for ft in layer:
        classes[ft.GetField("road_class")] = classes.get(ft.GetField("road_class"), 0) + 1
    check("road classes", set(classes) == {"motorway", "national", "departmental", "local"},
          ", ".join(f"{k} {v}" for k, v in sorted(classes.items())))

    out = os.path.join(work, "run")
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([hublo, "run", "-q", os.path.join(a, "study.toml"), "-o", out],
                       capture_output=True, text=True)
    check("hublo run takes the study", r.returncode == 0, r.stderr.strip()[:300])
    if r.returncode == 0:
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            s = json.load(f)
        with open(os.path.join(a, "places.csv"), encoding="utf-8") as f:
            n_places = len(f.read().splitlines()) - 1
        # Demand points: the populated cells whose centre is in a commune, plus one point
        # for each commune holding no cell centre.
        with open(os.path.join(a, "grid_1km.csv"), encoding="utf-8") as f:
            ids = [line.split(",")[0] for line in f.read().splitlines()[1:]]
        laea = pyproj.Transformer.from_crs("EPSG:3035", "EPSG:2154", always_xy=True)
        tree = STRtree(polys)
        index = {id(p): k for k, p in enumerate(polys)}
        holding = set()
        n_cells = 0
        for cell in ids:
            north, east = cell[len("CRS3035RES1000mN"):].split("E")
            x, y = laea.transform(float(east) + 500.0, float(north) + 500.0)
            pt = Point(x, y)
            for p in tree.query(pt):
                if p.contains(pt):
                    holding.add(index[id(p)])
                    n_cells += 1
                    break
        n_points = n_cells + (N - len(holding))
        c, net = s["counts"], s["network"]
        check("hublo reads every commune and place",
              c["communes"] == N and c["places"] == n_places,
              f"{c['communes']} communes, {c['places']} places of {n_places}")
        check("road graph connected (nothing dropped)",
              net["strong_components"] == 1 and net["dropped_nodes"] == 0,
              f"{net['nodes']:,} nodes, {net['strong_components']} component(s)")
        check("demand points: grid cells in communes, else the seat, all on the network",
              net["demand_points_on_network"] == n_points,
              f"{net['demand_points_on_network']} in hublo, {n_cells} cells + "
              f"{N - len(holding)} seats here")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
