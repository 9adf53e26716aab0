#!/usr/bin/python3
"""The QGIS Processing provider (qgis/hublo_processing), run headless by Debian's
qgis_process with the plugin path pointed at the repository: each algorithm on the bundled
data, its output checked.

- "Isochrones from points": 3 points × 2 thresholds give 6 polygons, each point's 20-minute
  polygon holding its 10-minute one, the same areas as the Python module's (same engine,
  another path through QGIS's sink);
- "Nearest place times": a field nearest_place_min equal to the Python module's figures;
- "Run a study": the outputs written (34 desert zones in deserts.geojson, the styled
  GeoPackage);
- "Monographs": the index and the Chinon bassin's page.

Usage: check_processing.py REPO_DIR BUILD_PYTHON_DIR WORK_DIR
(qgis_process.bin is called directly: Debian 12's /usr/bin/qgis_process wrapper passes it
--noversioncheck, which it refuses.)
"""
import json
import os
import shutil
import subprocess
import sys

QGIS_PROCESS = "/usr/bin/qgis_process.bin"
POINTS = [(0.2424, 47.1665, "chinon"), (1.9093, 47.9030, "orleans"),
          (2.3980, 47.0810, "bourges")]


def main():
    repo, python_dir, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    runtime = os.path.join(work, "runtime")
    os.makedirs(runtime, mode=0o700)
    env = dict(os.environ, HOME=work, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=runtime,
               QGIS_PLUGINPATH=os.path.join(repo, "qgis"), HUBLO_PYTHONPATH=python_dir)
    failures = []

    def qgis(*args):
        r = subprocess.run([QGIS_PROCESS] + list(args), env=env, capture_output=True,
                           text=True, timeout=600)
        if r.returncode != 0:
            failures.append(f"qgis_process {' '.join(args[:2])}: exit {r.returncode}: "
                            f"{(r.stdout + r.stderr).strip()[-600:]}")
            return None
        return r.stdout

    qgis("plugins", "enable", "hublo_processing")
    listed = qgis("list") or ""
    for alg in ("hublo:run_study", "hublo:isochrones", "hublo:nearest_times",
                "hublo:monographs"):
        if alg not in listed:
            failures.append(f"{alg} is not in qgis_process list")

    points = os.path.join(work, "points.geojson")
    with open(points, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": n},
             "geometry": {"type": "Point", "coordinates": [x, y]}} for x, y, n in POINTS]}, f)

    def run(alg, **params):
        out = qgis("run", alg, "--json", "--",
                   *[f"{k}={v}" for k, v in params.items()])
        return json.loads(out[out.index("{"):]) if out else None

    sys.path.insert(0, python_dir)
    import hublo
    from osgeo import ogr
    study = hublo.Study.open(None, **{"outputs.monographs": ""})

    iso_path = os.path.join(work, "isochrones.gpkg")
    if run("hublo:isochrones", INPUT=points, ID_FIELD="name", MINUTES="10,20",
           OUTPUT=iso_path):
        ds = ogr.Open(iso_path)
        layer = ds.GetLayer(0)
        got = {(f.GetField("origin"), f.GetField("minutes_to")): f.GetGeometryRef().Clone()
               for f in layer}
        want = study.isochrones(POINTS, minutes=[10, 20]).to_geopandas()
        if len(got) != 6:
            failures.append(f"isochrones: {len(got)} polygons, 6 expected")
        for _, row in want.iterrows():
            g = got.get((row["origin"], row["minutes_to"]))
            if g is None:
                failures.append(f"isochrones: no polygon for {row['origin']} "
                                f"{row['minutes_to']} min")
                continue
            a, b = g.GetArea(), row.geometry.area
            if abs(a - b) > 1e-9 * max(b, 1e-12):
                failures.append(f"isochrones {row['origin']} {row['minutes_to']}: area {a} "
                                f"in QGIS, {b} from the module")
        for _, n in [(None, p[2]) for p in POINTS]:
            small, large = got.get((n, 10)), got.get((n, 20))
            if small and large and not large.Buffer(1e-6).Contains(small):
                failures.append(f"isochrones {n}: the 20-minute polygon does not hold the 10")

    times_path = os.path.join(work, "times.gpkg")
    if run("hublo:nearest_times", INPUT=points, OUTPUT=times_path):
        ds = ogr.Open(times_path)  # held: its layers die with it
        got = {f.GetField("name"): f.GetField("nearest_place_min") for f in ds.GetLayer(0)}
        want = dict(zip([p[2] for p in POINTS], study.nearest_times(POINTS)))
        for n, w in want.items():
            if got.get(n) is None or abs(got[n] - w) > 1e-9:
                failures.append(f"nearest_times {n}: {got.get(n)} in QGIS, {w} from the module")

    out = os.path.join(work, "run")
    result = run("hublo:run_study", SETTINGS='outputs.monographs=""', OUTPUT_FOLDER=out)
    if result:
        deserts = ogr.Open(os.path.join(out, "deserts.geojson"))
        n = deserts.GetLayer(0).GetFeatureCount() if deserts else 0
        if n != 34:
            failures.append(f"run_study: {n} desert zones, 34 expected")
        if not result.get("results", {}).get("GEOPACKAGE", "").endswith(".gpkg"):
            failures.append(f"run_study: no GeoPackage in its results {result.get('results')}")

    mono = os.path.join(work, "monographs")
    if run("hublo:monographs", LEVEL="bassins", AREAS="37072", OUTPUT_FOLDER=mono):
        pages = sorted(os.listdir(os.path.join(mono, "monographs")))
        if pages != ["bassins-37072.html", "index.html"]:
            failures.append(f"monographs: {pages}")

    for f in failures[:20]:
        print("FAIL", f)
    print(f"qgis processing: 4 algorithms run by qgis_process, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
